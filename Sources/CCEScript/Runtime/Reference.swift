/// The reference engine: the plainest correct evaluator of the language, a walk over the
/// parse tree that finds every name by searching the scope chain. It defines what the
/// compiled engine (Compiler.swift) must do: the test suite, the conformance programs and
/// the fuzzer run both and compare (`Engine.reference`). Never used to run scripts for users.

/// One scope of the reference engine: a block, a call, a loop iteration or a catch handler.
/// The outermost code's scope is the global table itself (`parent == nil`).
final class RefScope {
    let parent: RefScope?
    let globals: GlobalTable
    /// A call's scope: the names a "did you mean" hint offers stop here (then the globals).
    let isCall: Bool
    private var names: [String] = []
    private var values: [Value] = []
    private var mutable: [Bool] = []

    init(parent: RefScope?, globals: GlobalTable, isCall: Bool = false) {
        self.parent = parent
        self.globals = globals
        self.isCall = isCall
    }

    deinit {
        var v = values
        values = []
        Reaper.bury(&v)
    }

    var isRoot: Bool { parent == nil }

    func local(_ name: String) -> Int? { names.lastIndex(of: name) }

    func value(at k: Int) -> Value { values[k] }
    func isMutable(_ k: Int) -> Bool { mutable[k] }
    func set(_ k: Int, _ v: Value) { values[k] = v }

    func define(_ name: String, _ v: Value, mutable m: Bool) {
        if let k = local(name) {
            values[k] = v
            mutable[k] = m
            return
        }
        names.append(name)
        values.append(v)
        mutable.append(m)
    }

    /// The names a "did you mean" hint offers: those the running function (or top level)
    /// has defined so far, then the globals.
    var visibleNames: [String] {
        var out: [String] = []
        var s: RefScope? = self
        while let c = s {
            out += c.names.reversed()
            if c.isCall { break }
            s = c.parent
        }
        return out + globals.definedNames
    }
}

/// Where a name the reference engine looked up lives.
enum RefLocation {
    case local(RefScope, Int)
    case global(GlobalTable, Int)
}

extension RefScope {
    /// The innermost binding of `name` visible from here, the globals last.
    func lookup(_ name: String) -> RefLocation? {
        var s: RefScope? = self
        while let c = s {
            if !c.isRoot, let k = c.local(name) { return .local(c, k) }
            s = c.parent
        }
        if let k = globals.definedSlot(name) { return .global(globals, k) }
        return nil
    }
}

struct ReferenceEvaluator {
    let i: Interpreter

    init(_ interpreter: Interpreter) { i = interpreter }

    /// Runs top-level code in the interpreter's globals; in the REPL each expression
    /// statement's value is bound to `_` and the last one returned.
    func runTopLevel(_ stmts: [Stmt], repl: Bool) throws -> Value? {
        try run(stmts, in: RefScope(parent: nil, globals: i.globalTable), repl: repl)
    }

    /// Runs a module's (or a script's) top level in `root`.
    func run(_ stmts: [Stmt], in root: RefScope, repl: Bool) throws -> Value? {
        var last: Value?
        for stmt in stmts {
            if repl, case .expr(let e) = stmt.kind {
                try i.tick(e.span)
                let v = try eval(e, root)
                root.globals.define("_", v, mutable: true)
                last = v
                continue
            }
            if case .returned = try exec(stmt, root, replGlobals: repl) { break }
        }
        return last
    }

    // MARK: Statements

    func execBlock(_ stmts: [Stmt], _ env: RefScope) throws -> Flow {
        for s in stmts {
            let f = try exec(s, env)
            if case .normal = f { continue }
            return f
        }
        return .normal
    }

    /// A block in a scope of its own.
    func execScoped(_ stmts: [Stmt], _ env: RefScope) throws -> Flow {
        try execBlock(stmts, RefScope(parent: env, globals: env.globals))
    }

    func exec(_ stmt: Stmt, _ env: RefScope, replGlobals: Bool = false) throws -> Flow {
        try i.tick(stmt.span)
        switch stmt.kind {
        case .expr(let e):
            _ = try eval(e, env)
            return .normal
        case .binding(let name, let nameSpan, let mutable, let valueExpr):
            let v = try eval(valueExpr, env)
            try bind(name, nameSpan, mutable, v, env, replGlobals: replGlobals, function: false)
            return .normal
        case .function(let decl, let nameSpan):
            let name = decl.name ?? "anonymous"
            let f = Value.function(ScriptFunction(reference: decl, scope: env, file: i.currentFile, name: name))
            try bind(name, nameSpan, false, f, env, replGlobals: replGlobals, function: true)
            return .normal
        case .assign(let name, let nameSpan, let op, let valueExpr):
            let target = try assignable(name, nameSpan, env)
            let rhs = try eval(valueExpr, env)
            try i.assign(target, op, rhs, stmt.span)
            return .normal
        case .returnStmt(let e):
            guard let e else { return .returned(.null) }
            return .returned(try eval(e, env))
        case .ifStmt(let branches, let elseBody):
            for (cond, body) in branches where try condition(cond, env, "if") {
                return try execScoped(body, env)
            }
            if let elseBody { return try execScoped(elseBody, env) }
            return .normal
        case .whileStmt(let cond, let body):
            while try condition(cond, env, "while") {
                try i.tick(cond.span)
                let f = try execScoped(body, env)
                switch f {
                case .breakLoop: return .normal
                case .returned: return f
                default: continue
                }
            }
            return .normal
        case .forStmt(let first, let second, let iterableExpr, let body):
            let iterable = try eval(iterableExpr, env)
            let result = try i.forEachItem(iterable, paired: second != nil, iterableExpr.span) { a, b in
                try i.tick(iterableExpr.span)
                let scope = RefScope(parent: env, globals: env.globals)
                scope.define(first, a, mutable: false)
                if let second, let b { scope.define(second, b, mutable: false) }
                switch try execBlock(body, scope) {
                case .breakLoop: return .normal
                case .returned(let v): return .returned(v)
                default: return nil
                }
            }
            return result ?? .normal
        case .breakStmt:
            return .breakLoop
        case .continueStmt:
            return .continueLoop
        case .tryStmt(let body, let errorName, let handler):
            do {
                return try execScoped(body, env)
            } catch let e as ScriptError where e.catchable {
                let scope = RefScope(parent: env, globals: env.globals)
                if let errorName { scope.define(errorName, .error(ScriptErrorValue(e)), mutable: false) }
                return try execBlock(handler, scope)
            }
        case .importStmt(let path, let alias):
            let module = try i.importModule(path, stmt.span)
            let name = alias ?? Interpreter.moduleName(path)
            if env.isRoot {
                env.globals.define(name, module, mutable: false)
            } else {
                env.define(name, module, mutable: false)
            }
            return .normal
        }
    }

    func bind(
        _ name: String, _ nameSpan: SourceSpan, _ mutable: Bool, _ v: Value, _ env: RefScope,
        replGlobals: Bool, function: Bool
    ) throws {
        let taken = env.isRoot ? env.globals.definedSlot(name) != nil : env.local(name) != nil
        if !replGlobals, taken { throw i.alreadyDefined(name, nameSpan, function: function) }
        if env.isRoot { env.globals.define(name, v, mutable: mutable) } else { env.define(name, v, mutable: mutable) }
    }

    func assignable(_ name: String, _ nameSpan: SourceSpan, _ env: RefScope) throws -> VariableRef {
        guard let loc = env.lookup(name) else { throw i.undefinedForAssignment(name, nameSpan, env.visibleNames) }
        switch loc {
        case .local(let s, let k):
            guard s.isMutable(k) else { throw i.notMutable(name, nameSpan) }
            return .reference(s, k)
        case .global(let t, let k):
            guard t.isMutable(k) else { throw i.notMutable(name, nameSpan) }
            return .global(t, k)
        }
    }

    func condition(_ e: Expr, _ env: RefScope, _ what: String) throws -> Bool {
        try i.checkCondition(try eval(e, env), e.span, what)
    }

    // MARK: Expressions

    func eval(_ e: Expr, _ env: RefScope) throws -> Value {
        switch e.kind {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let n): return .int(n)
        case .float(let d): return .float(d)
        case .duration(let ms): return .duration(ms)
        case .string(let s): return .string(s)
        case .name(let name):
            if let loc = env.lookup(name) {
                switch loc {
                case .local(let s, let k): return s.value(at: k)
                case .global(let t, let k): return t.value(at: k) ?? .null
                }
            }
            if let b = i.builtins[name] { return b }
            throw i.undefinedName(name, e.span, env.visibleNames)
        case .interpolated(let parts):
            var s = ""
            for part in parts {
                switch part {
                case .text(let t): s += t
                case .expr(let x): try i.appendInterpolated(&s, try eval(x, env), e.span)
                }
            }
            return .string(s)
        case .list(let items):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try eval(item, env)) }
            try i.checkNesting(out, e.span)
            return .list(out)
        case .map(let entries):
            var m = ValueMap()
            m.reserveCapacity(entries.count)
            for (key, valueExpr) in entries {
                let k: String
                switch key {
                case .fixed(let s, _): k = s
                case .computed(let x): k = try i.mapKey(try eval(x, env), x.span)
                }
                m[k] = try eval(valueExpr, env)
            }
            try i.checkNesting(m.values, e.span)
            return .map(m)
        case .function(let decl):
            return .function(
                ScriptFunction(reference: decl, scope: env, file: i.currentFile, name: decl.name ?? "anonymous"))
        case .unary(let op, let x):
            return try i.unary(op, try eval(x, env), e.span)
        case .binary(let op, let l, let r, _):
            switch op {
            case .and, .or:
                let a = try eval(l, env)
                guard case .bool(let ab) = a else { throw i.logicError(op, a, l.span) }
                if op == .and ? !ab : ab { return .bool(ab) }
                let b = try eval(r, env)
                guard case .bool = b else { throw i.logicError(op, b, r.span) }
                return b
            case .coalesce:
                let a = try eval(l, env)
                if case .null = a { return try eval(r, env) }
                return a
            default:
                let a = try eval(l, env)
                let b = try eval(r, env)
                return try i.binary(op, a, b, e.span)
            }
        case .call(let calleeExpr, let args):
            let callee = try eval(calleeExpr, env)
            let (positional, named) = try evalArgs(args, env)
            return try i.callValue(callee, positional: positional, named: named, file: i.currentFile, span: e.span)
        case .member(let targetExpr, let name, let nameSpan, let optional):
            let target = try eval(targetExpr, env)
            if optional, target.isNull { return .null }
            if let v = i.member(target, name) { return v }
            if optional { return .null }
            throw i.memberError(target, name, nameSpan)
        case .method(let targetExpr, let name, let nameSpan, let args, let optional):
            let target = try eval(targetExpr, env)
            if optional, target.isNull { return .null }
            let (positional, named) = try evalArgs(args, env)
            return try i.callMethod(
                target, name, nameSpan: nameSpan, positional: positional, named: named,
                span: e.span, optional: optional)
        case .index(let targetExpr, let indexExpr):
            let target = try eval(targetExpr, env)
            let index = try eval(indexExpr, env)
            return try i.subscriptValue(target, index, e.span)
        }
    }

    private func evalArgs(_ args: [Argument], _ env: RefScope) throws -> ([Value], [(name: String, value: Value)]) {
        var positional: [Value] = []
        var named: [(name: String, value: Value)] = []
        for a in args {
            let v = try eval(a.value, env)
            if let n = a.name { named.append((n, v)) } else { positional.append(v) }
        }
        return (positional, named)
    }

    // MARK: Calls

    /// A call of a reference closure: its parameters bound in a new scope under the one it
    /// was made in (named arguments by name, defaults evaluated in that scope, in order).
    func call(
        _ fn: ScriptFunction, _ decl: FunctionDecl, _ positional: [Value],
        _ named: [(name: String, value: Value)], span: SourceSpan
    ) throws -> Value {
        let params = decl.params
        try i.checkCallDepth(fn, span)
        let slots = try i.bindArguments(fn.name, params, positional, named, span)
        let saved = i.pushCall(fn)
        defer { i.popCall(saved) }
        let globals = fn.scope?.globals ?? i.globalTable
        let scope = RefScope(
            parent: fn.scope ?? RefScope(parent: nil, globals: globals), globals: globals, isCall: true)
        return try i.runBody(fn, callerFile: saved, span: span) {
            for k in 0..<params.count {
                let p = params[k]
                if let v = slots[k] {
                    scope.define(p.name, v, mutable: false)
                } else if let d = p.defaultValue {
                    scope.define(p.name, try eval(d, scope), mutable: false)
                } else {
                    i.currentFile = saved
                    throw i.missingArgument(fn.name, params, p.name, span)
                }
            }
            return try execBlock(decl.body, scope)
        }
    }
}
