import Foundation

/// How a statement ended.
enum Flow {
    case normal
    case breakLoop
    case continueLoop
    case returned(Value)
}

extension Interpreter {
    func err(_ message: String, _ span: SourceSpan, hint: String? = nil, code: String? = nil, kind: ScriptError.Kind = .runtime) -> ScriptError {
        var e = ScriptError(kind, message, hint: hint, code: code)
        e.file = currentFile
        e.span = span
        return e
    }

    /// Places an error raised without a position (by a built-in) at `span`.
    func locate(_ error: any Error, _ span: SourceSpan) -> any Error {
        if var e = error as? ScriptError {
            if e.span == nil { e.file = currentFile; e.span = span }
            return e
        }
        if error is CancellationError {
            return err("the script was cancelled", span, code: "cancelled", kind: .cancelled)
        }
        return err("\(error)", span)
    }

    // MARK: Statements

    nonisolated(nonsending) func execBlock(_ stmts: [Stmt], _ env: Scope) async throws -> Flow {
        for s in stmts {
            let f: Flow
            if let quick = try execSync(s, env) { f = quick } else { f = try await exec(s, env) }
            if case .normal = f { continue }
            return f
        }
        return .normal
    }

    /// Runs a statement that cannot suspend without the cost of an async call; nil when
    /// the statement needs `exec`. Loops go through `exec`, which lets other tasks run now
    /// and then. (Block-level only: REPL globals go through `exec`.)
    @inline(__always)
    func execSync(_ stmt: Stmt, _ env: Scope) throws -> Flow? {
        guard stmt.isSync else { return nil }
        switch stmt.kind {
        case .whileStmt, .forStmt: return nil
        default: return try execStmtSync(stmt, env)
        }
    }

    /// Runs a block whose statements all satisfy `Stmt.isSync`.
    func execBlockSync(_ stmts: [Stmt], _ env: Scope) throws -> Flow {
        for s in stmts {
            let f = try execStmtSync(s, env)
            if case .normal = f { continue }
            return f
        }
        return .normal
    }

    /// The synchronous twin of `exec`, for statements that satisfy `Stmt.isSync`: runs the
    /// statement's compiled closure (see Compiled.swift), compiling it on first use.
    @inline(__always)
    func execStmtSync(_ stmt: Stmt, _ env: Scope) throws -> Flow {
        try stmt.syncCode(env, self)
    }

    /// Runs one sync statement by a switch over its kind: for the rarer kinds, which the
    /// closure compiler hands back to here.
    func execStmtSyncNode(_ stmt: Stmt, _ env: Scope) throws -> Flow {
        try tick(stmt.span)
        switch stmt.kind {
        case .expr(let e):
            _ = try evalSync(e, env)
            return .normal
        case .binding(let name, let nameSpan, let mutable, let valueExpr):
            try bind(name, nameSpan, mutable, try evalSync(valueExpr, env), env, replGlobals: false)
            return .normal
        case .function(let decl, let nameSpan):
            let name = decl.name ?? "anonymous"
            if env.local(name) != nil {
                throw err("'\(name)' is already defined in this scope", nameSpan)
            }
            defineFunction(decl, name, env)
            return .normal
        case .assign(let name, let nameSpan, let op, let valueExpr):
            let (scope, k) = try assignable(name, nameSpan, env)
            try assign(scope, k, op, try evalSync(valueExpr, env), stmt.span)
            return .normal
        case .returnStmt(let e):
            guard let e else { return .returned(.null) }
            return .returned(try evalSync(e, env))
        case .ifStmt(let branches, let elseBody):
            for (cond, body) in branches where try conditionSync(cond, env, "if") {
                return try execBlockScopedSync(body, env)
            }
            if let elseBody { return try execBlockScopedSync(elseBody, env) }
            return .normal
        case .whileStmt(let cond, let body):
            while try conditionSync(cond, env, "while") {
                try tick(cond.span)
                let f = try execBlockScopedSync(body, env)
                switch f {
                case .breakLoop: return .normal
                case .returned: return f
                default: continue
                }
            }
            return .normal
        case .forStmt(let first, let second, let iterableExpr, let body):
            let iterable = try evalSync(iterableExpr, env)
            var spare: Scope?
            defer { Interpreter.releaseLoopScope(&spare) }
            let result = try forEachItem(iterable, paired: second != nil, iterableExpr.span) { a, b in
                try self.tick(iterableExpr.span)
                let scope = Interpreter.iterationScope(&spare, env)
                scope.append(first, a, mutable: false)
                if let second, let b { scope.define(second, b, mutable: false) }
                switch try self.execBlockSync(body, scope) {
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
        case .tryStmt, .importStmt:
            throw err("internal error: a statement that may suspend was run synchronously", stmt.span)
        }
    }

    /// The scope of a loop iteration: the previous iteration's, emptied, when nothing kept
    /// it (no closure captured it), else a new one. Either is as good as new to the body.
    @inline(__always)
    static func iterationScope(_ spare: inout Scope?, _ env: Scope) -> Scope {
        if isKnownUniquelyReferenced(&spare), let s = spare {
            s.recycle()
            return s
        }
        // A closure kept the last one: release it (it may be only closures it holds itself).
        if let kept = spare.take() { Scope.release(consume kept) }
        let s = Scope.make(parent: env)
        spare = s
        return s
    }

    /// Releases the last iteration's scope of a loop (see `Scope.release`).
    static func releaseLoopScope(_ spare: inout Scope?) {
        if let kept = spare.take() { Scope.release(consume kept) }
    }

    static func releaseLoopScope(_ scope: inout Scope) {
        guard scope.holdsOwnClosures else { return }
        var kept = Scope.make(parent: nil, capacity: 1)
        swap(&scope, &kept)
        Scope.release(consume kept)
    }

    /// Calls `visit` with each element of a `for` loop's iterable (index and element when
    /// `paired`), until it returns a flow that ends the loop.
    private func forEachItem(_ iterable: Value, paired: Bool, _ span: SourceSpan, _ visit: (Value, Value?) throws -> Flow?) throws -> Flow? {
        switch iterable {
        case .list(let xs):
            for (i, x) in xs.enumerated() {
                if let f = try (paired ? visit(.int(i), x) : visit(x, nil)) { return f }
            }
        case .range(let lo, let hi, let inclusive):
            if Value.rangeCount(lo, hi, inclusive) > 0 {
                var i = lo, k = 0
                while true {
                    if let f = try (paired ? visit(.int(k), .int(i)) : visit(.int(i), nil)) { return f }
                    if inclusive ? i >= hi : i >= hi - 1 { break }
                    i += 1
                    k += 1
                }
            }
        case .map(let m), .cluster(let m):
            for (k, v) in m {
                if let f = try visit(.string(k), paired ? v : nil) { return f }
            }
        case .resource(let r):
            for (k, v) in r.body {
                if let f = try visit(.string(k), paired ? v : nil) { return f }
            }
        case .string(let s):
            for (i, ch) in s.enumerated() {
                if let f = try (paired ? visit(.int(i), .string(String(ch))) : visit(.string(String(ch)), nil)) { return f }
            }
        default:
            throw err("cannot loop over a \(iterable.typeName)", span, hint: "'for' takes a list, range, map or string")
        }
        return nil
    }

    func assignable(_ name: String, _ nameSpan: SourceSpan, _ env: Scope) throws -> (Scope, Int) {
        guard let (scope, k) = env.lookup(name) else {
            throw err("undefined name '\(name)'", nameSpan,
                      hint: didYouMean(name, env.visibleNames) ?? "declare it first with 'var \(name) = ...'")
        }
        guard scope.isMutable(k) else {
            throw err("cannot assign to '\(name)': it was declared with 'let'", nameSpan,
                      hint: "declare it with 'var' to rebind it")
        }
        return (scope, k)
    }

    func bind(_ name: String, _ nameSpan: SourceSpan, _ mutable: Bool, _ v: Value, _ env: Scope, replGlobals: Bool) throws {
        if !replGlobals, env.local(name) != nil {
            throw err("'\(name)' is already defined in this scope", nameSpan,
                      hint: "use another name, or declare it once with 'var' and assign to it")
        }
        env.define(name, v, mutable: mutable)
        env.noteBinding(v)
    }

    /// `fn name(…) {…}`: binds a closure over `env` in `env` (see `Scope.noteBinding`).
    func defineFunction(_ decl: FunctionDecl, _ name: String, _ env: Scope) {
        let f = Value.function(ScriptFunction(.closure(decl, env, currentFile), name: name))
        env.define(name, f, mutable: false)
        env.noteBinding(f)
    }

    nonisolated(nonsending) func exec(_ stmt: Stmt, _ env: Scope, replGlobals: Bool = false) async throws -> Flow {
        try tick(stmt.span)
        switch stmt.kind {
        case .expr(let e):
            _ = e.isSync ? try evalSync(e, env) : try await eval(e, env)
            return .normal
        case .binding(let name, let nameSpan, let mutable, let valueExpr):
            let v = valueExpr.isSync ? try evalSync(valueExpr, env) : try await eval(valueExpr, env)
            try bind(name, nameSpan, mutable, v, env, replGlobals: replGlobals)
            return .normal
        case .function(let decl, let nameSpan):
            let name = decl.name ?? "anonymous"
            if !replGlobals, env.local(name) != nil {
                throw err("'\(name)' is already defined in this scope", nameSpan)
            }
            defineFunction(decl, name, env)
            return .normal
        case .assign(let name, let nameSpan, let op, let valueExpr):
            let (scope, k) = try assignable(name, nameSpan, env)
            let rhs = valueExpr.isSync ? try evalSync(valueExpr, env) : try await eval(valueExpr, env)
            try assign(scope, k, op, rhs, stmt.span)
            return .normal
        case .returnStmt(let e):
            guard let e else { return .returned(.null) }
            return .returned(e.isSync ? try evalSync(e, env) : try await eval(e, env))
        case .ifStmt(let branches, let elseBody):
            for (cond, body) in branches where try (cond.isSync ? conditionSync(cond, env, "if") : await condition(cond, env, "if")) {
                return try await execBlockScoped(body, env)
            }
            if let elseBody { return try await execBlockScoped(elseBody, env) }
            return .normal
        case .whileStmt(let cond, let body):
            let bodySync = body.allSatisfy(\.isSync)
            if bodySync, cond.isSync {
                // The whole loop is sync; it stays here (not in `execStmtSync`) only to
                // let other tasks run now and then.
                let condCode = SyncCompiler.condition(cond, "while"), bodyCode = SyncCompiler.block(body)
                let declares = SyncCompiler.declares(body)
                while try condCode(env, self) {
                    try tick(cond.span)
                    await yieldNowAndThen()
                    let f = try runBlock(declares, bodyCode, env, self)
                    switch f {
                    case .breakLoop: return .normal
                    case .returned: return f
                    default: continue
                    }
                }
                return .normal
            }
            while try (cond.isSync ? conditionSync(cond, env, "while") : await condition(cond, env, "while")) {
                try tick(cond.span)
                await yieldNowAndThen()
                let f = bodySync ? try execBlockScopedSync(body, env) : try await execBlockScoped(body, env)
                switch f {
                case .breakLoop: return .normal
                case .returned: return f
                default: continue
                }
            }
            return .normal
        case .forStmt(let first, let second, let iterableExpr, let body):
            return try await execFor(first, second, iterableExpr, body, env)
        case .breakStmt:
            return .breakLoop
        case .continueStmt:
            return .continueLoop
        case .tryStmt(let body, let errorName, let handler):
            do {
                return try await execBlockScoped(body, env)
            } catch let e as ScriptError where e.catchable {
                let scope = Scope.make(parent: env)
                if let errorName { scope.define(errorName, .error(ScriptErrorValue(e)), mutable: false) }
                return try await execBlock(handler, scope)
            }
        case .importStmt(let path, let alias):
            let module = try await importModule(path, stmt.span)
            let name = alias ?? Interpreter.moduleName(path)
            env.define(name, module, mutable: false)
            return .normal
        }
    }

    /// Refuses to build a list or map nested deeper than the depth guard (`Limits.nesting`).
    /// (`extra` is the level the new container adds around `elements`.)
    func checkNesting(_ elements: some Collection<Value>, _ span: SourceSpan, extra: Int = 1) throws {
        let cap = options.limits.nesting
        for x in elements where x.isContainer && x.nestingDepth(cap: cap + 1) + extra > cap {
            throw err("value nested too deeply: more than \(cap) levels of lists and maps", span,
                      hint: "build flatter data", code: "limit", kind: .limit)
        }
    }

    /// Runs a block in a new scope when it declares names, else in the enclosing one (most
    /// `if` bodies: allocating a scope per block execution is measurable); a new scope is
    /// released when the block is done (`Scope.release`).
    func execBlockScopedSync(_ stmts: [Stmt], _ env: Scope) throws -> Flow {
        guard SyncCompiler.declares(stmts) else { return try execBlockSync(stmts, env) }
        let scope = Scope.make(parent: env)
        let f = try execBlockSync(stmts, scope)
        Scope.release(consume scope)
        return f
    }

    /// The async twin of `execBlockScopedSync`.
    nonisolated(nonsending) func execBlockScoped(_ stmts: [Stmt], _ env: Scope) async throws -> Flow {
        guard SyncCompiler.declares(stmts) else { return try await execBlock(stmts, env) }
        let scope = Scope.make(parent: env)
        let f = try await execBlock(stmts, scope)
        Scope.release(consume scope)
        return f
    }

    nonisolated(nonsending) private func condition(_ e: Expr, _ env: Scope, _ what: String) async throws -> Bool {
        try checkCondition(try await eval(e, env), e, what)
    }

    func conditionSync(_ e: Expr, _ env: Scope, _ what: String) throws -> Bool {
        try checkCondition(try evalSync(e, env), e, what)
    }

    func checkCondition(_ v: Value, _ e: Expr, _ what: String) throws -> Bool {
        guard case .bool(let b) = v else {
            throw err("the '\(what)' condition must be a bool, not \(v.typeName)", e.span,
                      hint: "there is no truthiness: compare explicitly, e.g. x != null or len(xs) > 0")
        }
        return b
    }

    nonisolated(nonsending) private func execFor(_ first: String, _ second: String?, _ iterableExpr: Expr, _ body: [Stmt], _ env: Scope) async throws -> Flow {
        let iterable = try await eval(iterableExpr, env)
        let bodySync = body.allSatisfy(\.isSync)
        let bodyCode: SyncStmtCode? = bodySync ? SyncCompiler.block(body) : nil
        if let bodyCode, second == nil, case .range(let lo, let hi, let inclusive) = iterable {
            return try await forRangeSync(first, lo, hi, inclusive, bodyCode, iterableExpr.span, env)
        }
        var spare: Scope?
        defer { Interpreter.releaseLoopScope(&spare) }
        // Runs one iteration; returns nil to go on, or the flow that ends the loop.
        nonisolated(nonsending) func step(_ a: Value, _ b: Value?) async throws -> Flow? {
            try tick(iterableExpr.span)
            await yieldNowAndThen()
            let scope = Interpreter.iterationScope(&spare, env)
            scope.append(first, a, mutable: false)  // an empty scope: nothing to replace
            if let second, let b { scope.define(second, b, mutable: false) }
            let f = if let bodyCode { try bodyCode(scope, self) } else { try await execBlock(body, scope) }
            switch f {
            case .breakLoop: return .normal
            case .returned(let v): return .returned(v)
            default: return nil
            }
        }
        switch iterable {
        case .list(let xs):
            for (i, x) in xs.enumerated() {
                if let f = try await (second == nil ? step(x, nil) : step(.int(i), x)) { return f }
            }
        case .range(let lo, let hi, let inclusive):
            if Value.rangeCount(lo, hi, inclusive) > 0 {
                var i = lo, k = 0
                while true {
                    if let f = try await (second == nil ? step(.int(i), nil) : step(.int(k), .int(i))) { return f }
                    if inclusive ? i >= hi : i >= hi - 1 { break }
                    i += 1
                    k += 1
                }
            }
        case .map(let m), .cluster(let m):
            for (k, v) in m {
                if let f = try await step(.string(k), second == nil ? nil : v) { return f }
            }
        case .resource(let r):
            for (k, v) in r.body {
                if let f = try await step(.string(k), second == nil ? nil : v) { return f }
            }
        case .string(let s):
            for (i, ch) in s.enumerated() {
                if let f = try await (second == nil ? step(.string(String(ch)), nil) : step(.int(i), .string(String(ch)))) { return f }
            }
        default:
            throw err("cannot loop over a \(iterable.typeName)", iterableExpr.span, hint: "'for' takes a list, range, map or string")
        }
        return .normal
    }

    /// `for x in lo..<hi { … }` with a body that cannot suspend (the common counting loop):
    /// the same steps as `execFor` written out, with no call and no closure per iteration.
    nonisolated(nonsending) private func forRangeSync(_ name: String, _ lo: Int, _ hi: Int, _ inclusive: Bool,
                                                      _ body: SyncStmtCode, _ span: SourceSpan, _ env: Scope) async throws -> Flow {
        guard Value.rangeCount(lo, hi, inclusive) > 0 else { return .normal }
        var scope = Scope.make(parent: env)
        defer { Interpreter.releaseLoopScope(&scope) }
        var i = lo
        while true {
            try tick(span)
            await yieldNowAndThen()
            if let f = try iteration(&scope, name, .int(i), body, env) { return f }
            if inclusive ? i >= hi : i >= hi - 1 { break }
            i += 1
        }
        return .normal
    }

    /// One iteration of a loop with a sync body, in the previous iteration's scope emptied
    /// when no closure kept it (a sync function: in the async caller, each use of the
    /// scope variable would retain and release it).
    @inline(never)
    private func iteration(_ scope: inout Scope, _ name: String, _ v: Value, _ body: SyncStmtCode, _ env: Scope) throws -> Flow? {
        if isKnownUniquelyReferenced(&scope) {
            scope.recycle()
        } else {
            var kept = Scope.make(parent: env)
            swap(&scope, &kept)
            Scope.release(consume kept)
        }
        scope.bind(0, name, v, mutable: false)
        switch try body(scope, self) {
        case .breakLoop: return .normal
        case .returned(let v): return .returned(v)
        default: return nil
        }
    }

    /// `x += y` on a large string or list: refused before it allocates when the result
    /// would not fit (`checkAllocation`); small operands cost one comparison.
    func checkGrowth(of current: Value, by rhs: Value, _ span: SourceSpan) throws {
        switch (current, rhs) {
        case (.list(let xs), .list(let ys)) where xs.count &+ ys.count > 1 << 12:
            do {
                try checkAllocation(bytes: Value.approximateBytes(elements: xs.count &+ ys.count), what: "the list")
            } catch { throw locate(error, span) }
        case (.string(let a), .string(let b)) where a.utf8.count &+ b.utf8.count > 1 << 16:
            do { try checkAllocation(bytes: a.utf8.count &+ b.utf8.count, what: "the string") } catch {
                throw locate(error, span)
            }
        default: break
        }
    }

    /// Rebinds the variable in `slot` of `scope` (checked by `assignable` or the resolver).
    func assign(_ scope: Scope, _ slot: Int, _ op: AssignOp, _ rhs: Value, _ span: SourceSpan) throws {
        if op == .set { scope.set(slot, rhs); return }
        // Append in place: with the value taken out of its slot we hold the only reference
        // (unless the script keeps another), so `xs += [x]` stays amortised O(1).
        if op == .add {
            if let current = scope.value(at: slot) { try checkGrowth(of: current, by: rhs, span) }
            switch rhs {
            case .list(let ys):
                var current = scope.take(slot)
                if case .list(var xs) = current {
                    current = .null
                    xs.append(contentsOf: ys)
                    scope.set(slot, .list(xs))
                    return
                }
                scope.set(slot, current)
            case .string(let t):
                var current = scope.take(slot)
                if case .string(var str) = current {
                    current = .null
                    str += t
                    scope.set(slot, .string(str))
                    return
                }
                scope.set(slot, current)
            default: break
            }
        }
        let bop = op.binaryOp
        let old = scope.withBindings { p, _ in p[slot].value }
        if let v = intFastPath(bop, old, rhs) { scope.set(slot, v); return }
        scope.set(slot, try binary(bop, old, rhs, span))
    }

    /// The common int-and-int cases of `binary`, without its general dispatch; nil when
    /// the operands are not two ints or the result overflows (`binary` then reports it).
    @inline(__always)
    func intFastPath(_ op: BinaryOp, _ a: Value, _ b: Value) -> Value? {
        guard case .int(let x) = a, case .int(let y) = b else { return nil }
        return Interpreter.intOp(op, x, y)
    }

    // MARK: Expressions

    nonisolated(nonsending) func eval(_ e: Expr, _ env: Scope) async throws -> Value {
        if e.isSync { return try evalSync(e, env) }
        switch e.kind {
        case .null, .bool, .int, .float, .duration, .string, .name, .function:
            // Always `isSync` (Expr.computeSync), so handled above; one path keeps them in one place.
            return try evalSyncNode(e, env)
        case .interpolated(let parts):
            var s = ""
            for part in parts {
                switch part {
                case .text(let t): s += t
                case .expr(let x):
                    let piece = try printed(try await eval(x, env))
                    // `s = "${s}${s}"` doubles a string as surely as `s + s` does.
                    if s.utf8.count &+ piece.utf8.count > 1 << 16 {
                        do { try checkAllocation(bytes: s.utf8.count &+ piece.utf8.count, what: "the string") } catch {
                            throw locate(error, e.span)
                        }
                    }
                    s += piece
                }
            }
            return .string(s)
        case .list(let items):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try await eval(item, env)) }
            try checkNesting(out, e.span)
            return .list(out)
        case .map(let entries):
            var m = ValueMap()
            m.reserveCapacity(entries.count)
            for (key, valueExpr) in entries {
                let k: String
                switch key {
                case .fixed(let s, _): k = s
                case .computed(let x):
                    guard case .string(let s) = try await eval(x, env) else { throw err("a map key must be a string", x.span) }
                    k = s
                }
                m[k] = try await eval(valueExpr, env)
            }
            try checkNesting(m.values, e.span)
            return .map(m)
        case .unary(let op, let x):
            let v = try await eval(x, env)
            return try unary(op, v, e.span)
        case .binary(let op, let l, let r, _):
            switch op {
            case .and, .or:
                let a = try await eval(l, env)
                guard case .bool(let ab) = a else {
                    throw err("'\(op.rawValue)' needs bools, not \(a.typeName)", l.span, hint: "compare explicitly, e.g. x != null")
                }
                if op == .and ? !ab : ab { return .bool(ab) }
                let b = try await eval(r, env)
                guard case .bool = b else {
                    throw err("'\(op.rawValue)' needs bools, not \(b.typeName)", r.span, hint: "compare explicitly, e.g. x != null")
                }
                return b
            case .coalesce:
                let a = try await eval(l, env)
                if case .null = a { return try await eval(r, env) }
                return a
            default:
                let a = try await eval(l, env)
                let b = try await eval(r, env)
                if let v = intFastPath(op, a, b) { return v }
                return try binary(op, a, b, e.span)
            }
        case .call(let calleeExpr, let args):
            let callee = calleeExpr.isSync ? try evalSync(calleeExpr, env) : try await eval(calleeExpr, env)
            if args.allSatisfy({ $0.name == nil && $0.value.isSync }) {
                // The common case, without the async frame of `evalArgs`.
                var positional: [Value] = []
                positional.reserveCapacity(args.count)
                for a in args { positional.append(try evalSync(a.value, env)) }
                if case .function(let fn) = callee, canCallSync(fn) {
                    try tick(e.span)
                    await yieldNowAndThen()
                    guard let decl = fn.decl else { return .null }
                    return try callClosureSync(fn, decl, ArgPack(positional), span: e.span)
                }
                return try await callValue(callee, positional: positional, named: [], file: currentFile, span: e.span)
            }
            let (positional, named) = try await evalArgs(args, env)
            return try await callValue(callee, positional: positional, named: named, file: currentFile, span: e.span)
        case .member(let targetExpr, let name, let nameSpan, let optional):
            let target = try await eval(targetExpr, env)
            if optional, target.isNull { return .null }
            if let v = member(target, name) { return v }
            if optional { return .null }
            throw memberError(target, name, nameSpan)
        case .method(let targetExpr, let name, let nameSpan, let args, let optional):
            let target = try await eval(targetExpr, env)
            if optional, target.isNull { return .null }
            let (positional, named) = try await evalArgs(args, env)
            return try await callMethod(target, name, nameSpan: nameSpan, positional: positional, named: named,
                                        span: e.span, optional: optional)
        case .index(let targetExpr, let indexExpr):
            let target = try await eval(targetExpr, env)
            let index = try await eval(indexExpr, env)
            return try subscriptValue(target, index, e.span)
        }
    }

    /// The synchronous twin of `eval`, for expressions without calls (`Expr.isSync`): runs
    /// the expression's compiled closure (see Compiled.swift), compiling it on first use.
    @inline(__always)
    func evalSync(_ e: Expr, _ env: Scope) throws -> Value {
        try e.syncCode(env, self)
    }

    /// Evaluates one node by a switch over its kind: for the rarer kinds, which the
    /// closure compiler hands back to here.
    func evalSyncNode(_ e: Expr, _ env: Scope) throws -> Value {
        switch e.kind {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let n): return .int(n)
        case .float(let d): return .float(d)
        case .duration(let ms): return .duration(ms)
        case .string(let s): return .string(s)
        case .name(let name):
            if let v = env.lookupValue(name) { return v }
            if let b = builtins[name] { return b }
            throw err("undefined name '\(name)'", e.span, hint: didYouMean(name, env.visibleNames + builtins.keys), code: "name")
        case .interpolated(let parts):
            var s = ""
            for part in parts {
                switch part {
                case .text(let t): s += t
                case .expr(let x):
                    let piece = try printed(try evalSync(x, env))
                    // `s = "${s}${s}"` doubles a string as surely as `s + s` does.
                    if s.utf8.count &+ piece.utf8.count > 1 << 16 {
                        do { try checkAllocation(bytes: s.utf8.count &+ piece.utf8.count, what: "the string") } catch {
                            throw locate(error, e.span)
                        }
                    }
                    s += piece
                }
            }
            return .string(s)
        case .list(let items):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try evalSync(item, env)) }
            try checkNesting(out, e.span)
            return .list(out)
        case .map(let entries):
            var m = ValueMap()
            m.reserveCapacity(entries.count)
            for (key, valueExpr) in entries {
                let k: String
                switch key {
                case .fixed(let s, _): k = s
                case .computed(let x):
                    guard case .string(let s) = try evalSync(x, env) else { throw err("a map key must be a string", x.span) }
                    k = s
                }
                m[k] = try evalSync(valueExpr, env)
            }
            try checkNesting(m.values, e.span)
            return .map(m)
        case .function(let decl):
            return .function(ScriptFunction(.closure(decl, env, currentFile), name: decl.name ?? "anonymous"))
        case .unary(let op, let x):
            let v = try evalSync(x, env)
            return try unary(op, v, e.span)
        case .binary(let op, let l, let r, _):
            switch op {
            case .and, .or:
                let a = try evalSync(l, env)
                guard case .bool(let ab) = a else {
                    throw err("'\(op.rawValue)' needs bools, not \(a.typeName)", l.span, hint: "compare explicitly, e.g. x != null")
                }
                if op == .and ? !ab : ab { return .bool(ab) }
                let b = try evalSync(r, env)
                guard case .bool = b else {
                    throw err("'\(op.rawValue)' needs bools, not \(b.typeName)", r.span, hint: "compare explicitly, e.g. x != null")
                }
                return b
            case .coalesce:
                let a = try evalSync(l, env)
                if case .null = a { return try evalSync(r, env) }
                return a
            default:
                let a = try evalSync(l, env)
                let b = try evalSync(r, env)
                if let v = intFastPath(op, a, b) { return v }
                return try binary(op, a, b, e.span)
            }
        case .member(let targetExpr, let name, let nameSpan, let optional):
            let target = try evalSync(targetExpr, env)
            if optional, target.isNull { return .null }
            if let v = member(target, name) { return v }
            if optional { return .null }
            throw memberError(target, name, nameSpan)
        case .call, .method:
            throw err("internal error: a call was evaluated synchronously", e.span)
        case .index(let targetExpr, let indexExpr):
            let target = try evalSync(targetExpr, env)
            let index = try evalSync(indexExpr, env)
            return try subscriptValue(target, index, e.span)
        }
    }

    nonisolated(nonsending) private func evalArgs(_ args: [Argument], _ env: Scope) async throws -> ([Value], [(name: String, value: Value)]) {
        var positional: [Value] = []
        var named: [(name: String, value: Value)] = []
        for a in args {
            let v = a.value.isSync ? try evalSync(a.value, env) : try await eval(a.value, env)
            if let n = a.name { named.append((n, v)) } else { positional.append(v) }
        }
        return (positional, named)
    }

    // MARK: Calls

    nonisolated(nonsending) func callValue(_ callee: Value, positional: [Value], named: [(name: String, value: Value)], file: SourceFile, span: SourceSpan) async throws -> Value {
        guard case .function(let fn) = callee else {
            throw err("cannot call a value of type \(callee.typeName)", span, code: "type")
        }
        try tick(span)
        await yieldNowAndThen()
        if let b = fn.builtin {
            return try await callBuiltin(b, receiver: nil, positional: positional, named: named, span: span)
        }
        guard let decl = fn.decl else { throw err("cannot call this function", span) }  // (every closure has one)
        return try await callClosure(fn, decl, positional, named, callerFile: file, span: span)
    }

    nonisolated(nonsending) func callBuiltin(_ b: Builtin, receiver: Value?, positional: [Value], named: [(name: String, value: Value)], span: SourceSpan) async throws -> Value {
        do {
            // The interpreter is driven by one task and a built-in runs within that task,
            // so nothing is shared concurrently: the hop into the built-in's executor is
            // the only "sending" here.
            nonisolated(unsafe) let args = try Arguments.bind(b, receiver: receiver, positional: positional, named: named)
            nonisolated(unsafe) let ctx = CallContext(interpreter: self, file: currentFile, span: span)
            nonisolated(unsafe) let body = b.body
            let result = try await body(ctx, args)
            // A built-in may nest the values it is given one level deeper (`map` over a
            // list whose function returns the list): the same bound as for literals.
            if result.isContainer { try checkNesting(CollectionOfOne(result), span, extra: 0) }
            return result
        } catch {
            throw locate(error, span)
        }
    }

    nonisolated(nonsending) private func callClosure(
        _ fn: ScriptFunction, _ decl: FunctionDecl,
        _ positional: [Value], _ named: [(name: String, value: Value)], callerFile: SourceFile, span: SourceSpan
    ) async throws -> Value {
        let name = fn.name
        try checkCallDepth(fn, span)
        let params = decl.params
        if positional.count > params.count { throw tooManyArguments(name, params, positional.count, span) }
        var slots: [Value?] = []
        if !named.isEmpty {
            slots = [Value?](repeating: nil, count: params.count)
            for i in 0..<positional.count { slots[i] = positional[i] }
            for (n, v) in named {
                guard let k = params.firstIndex(where: { $0.name == n }) else {
                    throw err("\(name)() has no parameter named '\(n)'", span,
                              hint: didYouMean(n, params.map(\.name)) ?? "usage: \(name)(\(params.map(\.name).joined(separator: ", ")))", code: "argument")
                }
                if slots[k] != nil { throw err("\(name)() got argument '\(n)' twice", span, code: "argument") }
                slots[k] = v
            }
        }
        // The caller's file is the current one, except for a host call (`Interpreter.call`).
        if callerFile !== currentFile { currentFile = callerFile }
        let savedFile = pushCall(fn, span)
        defer { popCall(savedFile) }
        let scope = Scope.make(parent: fn.captured, capacity: decl.frameSize)
        do {
            for k in 0..<params.count {
                let p = params[k]
                if slots.isEmpty, k < positional.count {
                    scope.define(p.name, positional[k], mutable: false)
                } else if !slots.isEmpty, let v = slots[k] {
                    scope.define(p.name, v, mutable: false)
                } else if let d = p.defaultValue {
                    scope.define(p.name, try await eval(d, scope), mutable: false)
                } else {
                    hot.pointee.currentFile = savedFile
                    throw missingArgument(name, params, p.name, span)
                }
            }
            let flow = try await execBlock(decl.body, scope)
            Scope.release(consume scope)
            if case .returned(let v) = flow { return v }
            return .null
        } catch var e as ScriptError {
            if e.stack == nil { e.stack = snapshotStack(errorFile: e.file, errorSpan: e.span) }
            throw e
        }
    }

    /// The call stack, innermost first: where the error happened (in the innermost
    /// function), then each call site in its caller.
    func snapshotStack(errorFile: SourceFile?, errorSpan: SourceSpan?) -> [RawFrame] {
        var frames: [RawFrame] = []
        let n = callStack.count
        frames.reserveCapacity(n + 1)
        let callStack = self.callStack
        if let errorFile, let errorSpan, n > 0 {
            frames.append(RawFrame(function: callStack[n - 1].callee.name, file: errorFile, span: errorSpan))
        }
        for k in stride(from: n - 1, through: 0, by: -1) {
            let caller = k > 0 ? callStack[k - 1].callee.name : "<script>"
            frames.append(RawFrame(function: caller, file: callStack[k].callerFile, span: callStack[k].span))
        }
        return frames
    }

    // MARK: Members, methods, indexing

    func member(_ target: Value, _ name: String) -> Value? {
        switch target {
        case .map(let m): return m[name]
        case .cluster(let body):
            if let v = body[name] { return v }
            if name == "name", case .map(let meta) = body["metadata"] ?? .null { return meta["name"] }
            return nil
        case .resource(let r): return r.member(name)
        case .error(let e): return e.member(name)
        case .diagnostic(let d): return d.member(name)
        case .job(let j): return j.member(name)
        default: return nil
        }
    }

    func memberError(_ target: Value, _ name: String, _ span: SourceSpan) -> ScriptError {
        switch target {
        case .map(let m):
            return err("the map has no key '\(name)'", span,
                       hint: didYouMean(name, m.keys) ?? "use \(name == "" ? "m" : "m")?.\(name) ?? default for a key that may be missing", code: "key")
        case .cluster(let m):
            return err("the cluster has no field '\(name)'", span,
                       hint: didYouMean(name, Array(m.keys) + ["name"]) ?? "use c?.\(name) for a field that may be missing", code: "key")
        case .resource(let r):
            return err("the \(r.kind.noun) has no field '\(name)'", span,
                       hint: didYouMean(name, Array(r.body.keys) + ["name", "cluster"])
                           ?? "use x?.\(name) for a field that may be missing", code: "key")
        case .null:
            return err("cannot read '\(name)' of null", span, hint: "use x?.\(name) to get null instead", code: "null")
        default:
            let methodsHint = methodNames(for: target.typeName).contains(name) ? "'\(name)' is a method: call it with \(name)()" : nil
            return err("a \(target.typeName) has no field '\(name)'", span, hint: methodsHint, code: "key")
        }
    }

    nonisolated(nonsending) func callMethod(_ target: Value, _ name: String, nameSpan: SourceSpan, positional: [Value], named: [(name: String, value: Value)],
                    span: SourceSpan, optional: Bool) async throws -> Value {
        let type = target.typeName
        if let m = methods[type]?[name] ?? (type == "range" ? methods["list"]?[name] : nil) {
            try tick(nameSpan)
            return try await callBuiltin(m, receiver: target, positional: positional, named: named, span: nameSpan)
        }
        // A module (or any map) holding a function: `lib.helper(x)`.
        if case .map(let m) = target, let f = m[name], case .function = f {
            return try await callValue(f, positional: positional, named: named, file: currentFile, span: span)
        }
        if optional { return .null }
        var candidates = methodNames(for: type)
        if case .map(let m) = target { candidates += m.keys }
        throw err("a \(type) has no method '\(name)'", nameSpan, hint: didYouMean(name, candidates), code: "method")
    }

    func subscriptValue(_ target: Value, _ index: Value, _ span: SourceSpan) throws -> Value {
        switch (target, index) {
        case (.list(let xs), .int(let i)):
            guard i >= 0, i < xs.count else {
                throw err("index \(i) out of range for a list of \(xs.count) element\(xs.count == 1 ? "" : "s")", span,
                          hint: xs.isEmpty ? "the list is empty" : "valid indexes are 0 to \(xs.count - 1)", code: "index")
            }
            return xs[i]
        case (.range(let lo, let hi, let inclusive), .int(let i)):
            let n = Value.rangeCount(lo, hi, inclusive)
            guard i >= 0, i < n else { throw err("index \(i) out of range for a range of \(n) elements", span, code: "index") }
            return .int(lo + i)
        case (.string(let s), .int(let i)):
            let chars = Array(s)
            guard i >= 0, i < chars.count else {
                throw err("index \(i) out of range for a string of \(chars.count) character\(chars.count == 1 ? "" : "s")", span, code: "index")
            }
            return .string(String(chars[i]))
        case (.resource(let r), .string(let k)):
            guard let v = r.body[k] else {
                throw err(
                    "the \(r.kind.noun) has no key \(Value.quote(k))", span, hint: didYouMean(k, r.body.keys), code: "key")
            }
            return v
        case (.map(let m), .string(let k)), (.cluster(let m), .string(let k)):
            guard let v = m[k] else {
                throw err("the \(target.typeName) has no key \(Value.quote(k))", span,
                          hint: didYouMean(k, m.keys) ?? "use m?.key ?? default, or contains(m, key), for keys that may be missing", code: "key")
            }
            return v
        default:
            throw err("cannot index a \(target.typeName) with a \(index.typeName)", span, code: "type")
        }
    }

    // MARK: Imports

    static func moduleName(_ path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        let stem = last.hasSuffix(".cce") ? String(last.dropLast(4)) : last
        var out = ""
        for c in stem.unicodeScalars {
            out.unicodeScalars.append(CharacterSet.alphanumerics.contains(c) && c.isASCII ? c : "_")
        }
        return out.isEmpty ? "module" : out
    }

    nonisolated(nonsending) private func importModule(_ path: String, _ span: SourceSpan) async throws -> Value {
        let caps = options.capabilities
        let resolved: String
        if path.hasPrefix("./") || path.hasPrefix("../") || path.hasPrefix("/") {
            guard !caps.importRoots.isEmpty else {
                throw err("cannot import \(Value.quote(path)): file imports were not granted", span,
                          hint: "the embedder must grant the 'importRoots' capability", code: "capability")
            }
            let base = (currentFile.name as NSString).deletingLastPathComponent
            let joined = path.hasPrefix("/") ? path : (base.isEmpty ? path : base + "/" + path)
            resolved = Interpreter.absolute(joined)
            let roots = caps.importRoots.map { Interpreter.absolute($0) }
            guard roots.contains(where: { resolved == $0 || resolved.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }) else {
                throw err("cannot import \(Value.quote(path)): \(resolved) is outside the allowed directories", span,
                          hint: "allowed: \(roots.joined(separator: ", "))", code: "capability")
            }
        } else {
            guard let lib = caps.stdlibPath else {
                throw err("cannot import \(Value.quote(path)): no standard library is configured", span, code: "capability")
            }
            guard path.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw err("invalid module name \(Value.quote(path))", span, hint: "a file import starts with ./ or ../")
            }
            resolved = Interpreter.absolute(lib + "/" + path + ".cce")
        }
        if let m = modules[resolved] { return m }
        if importing.contains(resolved) {
            throw err("import cycle: \(Value.quote(path)) is already being imported", span, code: "import")
        }
        guard let data = FileManager.default.contents(atPath: resolved) else {
            var hint: String?
            if caps.stdlibPath != nil, !path.contains("/"),
               let names = try? FileManager.default.contentsOfDirectory(atPath: caps.stdlibPath!) {
                hint = didYouMean(path, names.filter { $0.hasSuffix(".cce") }.map { String($0.dropLast(4)) })
            }
            throw err("cannot import \(Value.quote(path)): no file at \(resolved)", span, hint: hint, code: "import")
        }
        let displayName = path.hasPrefix(".") ? (((currentFile.name as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent(path) as NSString).standardizingPath : resolved
        let file = SourceFile(name: displayName, text: String(decoding: data, as: UTF8.self))
        let parsed = Parser.parse(file, maxNesting: options.limits.nesting)
        NameResolver.resolve(parsed.statements)
        if !parsed.diagnostics.isEmpty {
            var e = err("syntax errors in imported module \(Value.quote(path))", span, code: "import")
            e.related = parsed.diagnostics
            throw e
        }
        importing.insert(resolved)
        let savedFile = currentFile
        currentFile = file
        defer {
            currentFile = savedFile
            importing.remove(resolved)
        }
        let scope = Scope.make(parent: nil, capacity: 16)
        ownedRoots.append(scope)
        for s in parsed.statements {
            if case .returned = try await exec(s, scope) { break }
        }
        var exports = ValueMap()
        for (n, v) in scope.orderedBindings where !n.hasPrefix("_") { exports[n] = v }
        let module = Value.map(exports)
        modules[resolved] = module
        return module
    }

    static func absolute(_ path: String) -> String {
        let p = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return ((p as NSString).standardizingPath as NSString).resolvingSymlinksInPath
    }
}
