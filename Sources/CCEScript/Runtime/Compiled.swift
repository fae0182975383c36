/// Closure compilation of the synchronous subset of the language.
///
/// Code that cannot suspend (`Expr.isSync`, `Stmt.isSync`) is turned, on first use, into
/// a tree of Swift closures that capture their operands. Running it skips the switch over
/// the node kind and the copying (retain and release) of enum payloads that a tree walk
/// pays at every node, which dominated profiles. Rare node kinds compile to a closure that
/// calls back into the tree walker (`evalSyncNode`, `execStmtSyncNode`), so both stay
/// exactly equivalent: every error, limit check and step count happens in the same order.
///
/// A node owns its closure, and a closure only captures its node's children (which the
/// node keeps alive) or, `unowned(unsafe)`, the node itself, so there is no reference
/// cycle; closures are only reached through their node or its ancestors.

/// Evaluates a compiled expression in a scope.
typealias SyncExprCode = (Scope, Interpreter) throws -> Value
/// Runs a compiled statement or block in a scope.
typealias SyncStmtCode = (Scope, Interpreter) throws -> Flow

/// A compiled expression as stored in a node or an array. A closure stored directly in an
/// `Optional` or an `Array` is kept at its most general abstraction, and every call then
/// goes through reabstraction thunks (which retain and release); a struct field is not.
struct ExprCode {
    let run: SyncExprCode
}

/// A compiled statement, stored (see `ExprCode`).
struct StmtCode {
    let run: SyncStmtCode
}

/// Decides a compiled condition (see `SyncCompiler.condition`).
typealias SyncCondCode = (Scope, Interpreter) throws -> Bool

/// A compiled condition, stored (see `ExprCode`).
struct CondCode {
    let run: SyncCondCode
}

extension Expr {
    /// The compiled form of this (sync) expression, built and kept on first use.
    @inline(__always)
    var syncCode: SyncExprCode {
        if let c = compiledSync { return c.run }
        let c = SyncCompiler.expr(self)
        compiledSync = ExprCode(run: c)
        return c
    }
}

extension Stmt {
    /// The compiled form of this (sync) statement, built and kept on first use.
    @inline(__always)
    var syncCode: SyncStmtCode {
        if let c = compiledSync { return c.run }
        let c = SyncCompiler.stmt(self)
        compiledSync = StmtCode(run: c)
        return c
    }
}

/// Up to three call arguments held inline, so that a call allocates no array.
struct ArgPack {
    var count: Int
    var a0: Value = .null
    var a1: Value = .null
    var a2: Value = .null
    /// All the arguments, when there are more than three.
    var rest: [Value] = []

    init() { count = 0 }
    init(_ a0: Value) {
        count = 1
        self.a0 = a0
    }
    init(_ a0: Value, _ a1: Value) {
        count = 2
        self.a0 = a0
        self.a1 = a1
    }
    init(_ a0: Value, _ a1: Value, _ a2: Value) {
        count = 3
        self.a0 = a0
        self.a1 = a1
        self.a2 = a2
    }
    init(_ values: [Value]) {
        count = values.count
        switch values.count {
        case 0: break
        case 1: a0 = values[0]
        case 2: (a0, a1) = (values[0], values[1])
        case 3: (a0, a1, a2) = (values[0], values[1], values[2])
        default: rest = values
        }
    }

    @inline(__always)
    subscript(k: Int) -> Value {
        if count > 3 { return rest[k] }
        return k == 0 ? a0 : k == 1 ? a1 : a2
    }
}

/// Runs a compiled block in a new scope under `env` when it `declares` names, else in `env`.
/// (Not a `?:` over the scope: that would retain and release `env` each time.)
@inline(__always)
func runBlock(_ declares: Bool, _ code: SyncStmtCode, _ env: Scope, _ i: Interpreter) throws -> Flow {
    if declares {
        let scope = Scope.make(parent: env)
        let f = try code(scope, i)
        Scope.release(consume scope)
        return f
    }
    return try code(env, i)
}

/// Walks `hops` parents up from `env` without retaining them (`env` keeps them alive);
/// nil if the chain is shorter (never, when the resolver's model holds).
@inline(__always)
func ancestor(_ env: Scope, _ hops: Int) -> Unmanaged<Scope>? {
    var s = Unmanaged.passUnretained(env)
    var k = hops
    while k > 0 {
        guard let p = s._withUnsafeGuaranteedRef({ $0.parentUnmanaged }) else { return nil }
        s = p
        k -= 1
    }
    return s
}

enum SyncCompiler {
    static func expr(_ e: Expr) -> SyncExprCode {
        let span = e.span
        switch e.kind {
        case .null: return { _, _ in .null }
        case .bool(let b):
            let v = Value.bool(b)
            return { _, _ in v }
        case .int(let n):
            let v = Value.int(n)
            return { _, _ in v }
        case .float(let d):
            let v = Value.float(d)
            return { _, _ in v }
        case .duration(let ms):
            let v = Value.duration(ms)
            return { _, _ in v }
        case .string(let s):
            let v = Value.string(s)
            return { _, _ in v }
        case .name(let name):
            switch e.resolution {
            case .local(0, let slot):
                return { [unowned(unsafe) e] env, i in
                    if let v = env.value(at: slot) {
                        assert(env.name(at: slot) == name, "resolver slot mismatch for \(name)")
                        return v
                    }
                    return try i.evalSyncNode(e, env)  // not defined yet: by name
                }
            case .local(let hops, let slot):
                return { [unowned(unsafe) e] env, i in
                    if let s = ancestor(env, hops), let v = s._withUnsafeGuaranteedRef({ $0.value(at: slot) }) {
                        assert(s.takeUnretainedValue().name(at: slot) == name, "resolver slot mismatch for \(name)")
                        return v
                    }
                    return try i.evalSyncNode(e, env)
                }
            case .global:
                let cache = SlotCache()
                return { [unowned(unsafe) e] env, i in
                    // Top-level code runs in the root itself: no walk, no unmanaged reference.
                    if env.isRoot {
                        if let v = env.value(of: name, guess: cache) { return v }
                    } else if let v = env.root._withUnsafeGuaranteedRef({ $0.value(of: name, guess: cache) }) {
                        assert(env.lookupValue(name) != nil)
                        return v
                    }
                    return try i.evalSyncNode(e, env)  // a built-in, or the "undefined name" error
                }
            case .unresolved:
                return { [unowned(unsafe) e] env, i in
                    if let v = env.lookupValue(name) { return v }
                    return try i.evalSyncNode(e, env)  // a built-in, or the "undefined name" error
                }
            }
        case .list(let items):
            let codes = items.map { ExprCode(run: $0.syncCode) }
            if codes.count == 1 {
                let c0 = codes[0].run
                return { env, i in
                    let v = try c0(env, i)
                    if v.isContainer { try i.checkNesting(CollectionOfOne(v), span) }
                    return .list([v])
                }
            }
            return { env, i in
                var out: [Value] = []
                out.reserveCapacity(codes.count)
                for c in codes { out.append(try c.run(env, i)) }
                try i.checkNesting(out, span)
                return .list(out)
            }
        case .unary(let op, let x):
            let cx = x.syncCode
            return { env, i in try i.unary(op, try cx(env, i), span) }
        // (One `where` per pattern: a `where` after several patterns guards only the last.)
        case .binary where SyncCompiler.leftSpine(e) > SyncCompiler.longChain,
             .member where SyncCompiler.leftSpine(e) > SyncCompiler.longChain,
             .index where SyncCompiler.leftSpine(e) > SyncCompiler.longChain:
            return chain(e)
        case .binary(let op, let l, let r, _):
            let cl = l.syncCode, cr = r.syncCode
            switch op {
            case .and, .or, .coalesce:
                return { [unowned(unsafe) e] env, i in try i.evalSyncNode(e, env) }
            default:
                if case .int(let k) = r.kind {
                    // `x op constant`: the most common shape in loops and conditions.
                    let kv = Value.int(k)
                    if case .name(let name) = l.kind {
                        // A variable holding an int is read in place (no copy of the value,
                        // no call of the name's own code); anything else takes the general path.
                        switch l.resolution {
                        case .local(0, let slot):
                            return { env, i in
                                if let x = env.intValue(at: slot), let v = Interpreter.intOp(op, x, k) { return v }
                                let a = try cl(env, i)
                                if let v = i.intFastPath(op, a, kv) { return v }
                                return try i.binary(op, a, kv, span)
                            }
                        case .global:
                            let cache = SlotCache()
                            return { env, i in
                                if env.isRoot, let x = env.intValue(of: name, guess: cache), let v = Interpreter.intOp(op, x, k) {
                                    return v
                                }
                                let a = try cl(env, i)
                                if let v = i.intFastPath(op, a, kv) { return v }
                                return try i.binary(op, a, kv, span)
                            }
                        default: break
                        }
                    }
                    return { env, i in
                        let a = try cl(env, i)
                        if let v = i.intFastPath(op, a, kv) { return v }
                        return try i.binary(op, a, kv, span)
                    }
                }
                return { env, i in
                    let a = try cl(env, i)
                    let b = try cr(env, i)
                    if let v = i.intFastPath(op, a, b) { return v }
                    return try i.binary(op, a, b, span)
                }
            }
        case .call(let calleeExpr, let args) where args.allSatisfy({ $0.name == nil }):
            // Only reached in functions that `SyncCalls` lets run synchronously.
            let general = call(calleeExpr, args, span)
            if case .name(let calleeName) = calleeExpr.kind, case .global = calleeExpr.resolution {
                return globalCall(calleeName, args, span, general: general)
            }
            return general
        default:
            return { [unowned(unsafe) e] env, i in try i.evalSyncNode(e, env) }
        }
    }

    /// `f(a, …)` where `f` names a global (`.global`): when it is a function bound by
    /// `fn` or `let`, called without retaining it (see `Scope.constantFunction`); anything
    /// else (a `var`, a built-in, no such name) goes to `general`, which evaluates the
    /// callee again, as a read of a name has no effects.
    private static func globalCall(_ name: String, _ args: [Argument], _ span: SourceSpan,
                                   general: @escaping SyncExprCode) -> SyncExprCode {
        let cache = SlotCache()
        let argCodes = args.map { ExprCode(run: $0.value.syncCode) }
        switch argCodes.count {
        case 1:
            let a0 = argCodes[0].run
            return { env, i in
                guard let u = env.root._withUnsafeGuaranteedRef({ $0.constantFunction(of: name, guess: cache) }) else {
                    return try general(env, i)
                }
                return try u._withUnsafeGuaranteedRef { fn in
                    if fn.fastArity == 1 { return try i.enter(fn, try a0(env, i), span) }
                    return try i.callSync(.function(fn), ArgPack(try a0(env, i)), span)
                }
            }
        case 2:
            let a0 = argCodes[0].run, a1 = argCodes[1].run
            return { env, i in
                guard let u = env.root._withUnsafeGuaranteedRef({ $0.constantFunction(of: name, guess: cache) }) else {
                    return try general(env, i)
                }
                return try u._withUnsafeGuaranteedRef { fn in
                    if fn.fastArity == 2 {
                        let x0 = try a0(env, i)
                        return try i.enter(fn, x0, try a1(env, i), span)
                    }
                    let x0 = try a0(env, i)
                    return try i.callSync(.function(fn), ArgPack(x0, try a1(env, i)), span)
                }
            }
        default:
            return general
        }
    }

    /// A call with positional arguments only (see `expr`).
    private static func call(_ calleeExpr: Expr, _ args: [Argument], _ span: SourceSpan) -> SyncExprCode {
        let callee = calleeExpr.syncCode
        let argCodes = args.map { ExprCode(run: $0.value.syncCode) }
        switch argCodes.count {
        case 0:
            return { env, i in try i.callSync(try callee(env, i), ArgPack(), span) }
        case 1:
            let a0 = argCodes[0].run
            return { env, i in
                let f = try callee(env, i)
                if case .function(let fn) = f, fn.fastArity == 1 { return try i.enter(fn, try a0(env, i), span) }
                return try i.callSync(f, ArgPack(try a0(env, i)), span)
            }
        case 2:
            let a0 = argCodes[0].run, a1 = argCodes[1].run
            return { env, i in
                let f = try callee(env, i)
                if case .function(let fn) = f, fn.fastArity == 2 {
                    let x0 = try a0(env, i)
                    return try i.enter(fn, x0, try a1(env, i), span)
                }
                let x0 = try a0(env, i)
                return try i.callSync(f, ArgPack(x0, try a1(env, i)), span)
            }
        case 3:
            let a0 = argCodes[0].run, a1 = argCodes[1].run, a2 = argCodes[2].run
            return { env, i in
                let f = try callee(env, i)
                if case .function(let fn) = f, fn.fastArity == 3 {
                    let x0 = try a0(env, i)
                    let x1 = try a1(env, i)
                    return try i.enter(fn, x0, x1, try a2(env, i), span)
                }
                let x0 = try a0(env, i)
                let x1 = try a1(env, i)
                return try i.callSync(f, ArgPack(x0, x1, try a2(env, i)), span)
            }
        default:
            return { env, i in
                let f = try callee(env, i)
                var positional: [Value] = []
                positional.reserveCapacity(argCodes.count)
                for c in argCodes { positional.append(try c.run(env, i)) }
                return try i.callSync(f, ArgPack(positional), span)
            }
        }
    }

    static func stmt(_ s: Stmt) -> SyncStmtCode {
        let span = s.span
        switch s.kind {
        case .expr(let e):
            let c = e.syncCode
            return { env, i in
                try i.tick(span)
                _ = try c(env, i)
                return .normal
            }
        case .assign(let name, let nameSpan, let op, let valueExpr):
            let c = valueExpr.syncCode
            let bop = op.binaryOp
            if op == .add, case .list(let items) = valueExpr.kind, items.count == 1 {
                // `xs += [x]`: appends x without building the one-element list first.
                let item = items[0].syncCode, listSpan = valueExpr.span
                let cache = SlotCache()
                let resolution = s.resolution
                return { env, i in
                    try i.tick(span)
                    let (target, k) = try i.assignTarget(resolution, name, nameSpan, env, cache)
                    let v = try item(env, i)
                    if v.isContainer { try i.checkNesting(CollectionOfOne(v), listSpan) }
                    try target._withUnsafeGuaranteedRef { try i.appendOne($0, k, v, span) }
                    return .normal
                }
            }
            if case .global = s.resolution {
                let cache = SlotCache()
                return { env, i in
                    try i.tick(span)
                    if env.isRoot {
                        if let k = env.mutableSlot(of: name, guess: cache) {
                            try i.store(env, k, op, bop, try c(env, i), span)
                            return .normal
                        }
                    } else {
                        let root = env.root
                        if let k = root._withUnsafeGuaranteedRef({ $0.mutableSlot(of: name, guess: cache) }) {
                            let rhs = try c(env, i)
                            try root._withUnsafeGuaranteedRef { try i.store($0, k, op, bop, rhs, span) }
                            return .normal
                        }
                    }
                    let (target, k) = try i.assignable(name, nameSpan, env)  // a `let`, or no such name: by name
                    try i.store(target, k, op, bop, try c(env, i), span)
                    return .normal
                }
            }
            if case .local(let hops, let slot) = s.resolution {
                return { env, i in
                    try i.tick(span)
                    if let a = ancestor(env, hops), a._withUnsafeGuaranteedRef({ slot < $0.count && $0.isMutable(slot) }) {
                        assert(a.takeUnretainedValue().name(at: slot) == name, "resolver slot mismatch for \(name)")
                        let rhs = try c(env, i)
                        try a._withUnsafeGuaranteedRef { try i.store($0, slot, op, bop, rhs, span) }
                        return .normal
                    }
                    let (target, k) = try i.assignable(name, nameSpan, env)  // not defined yet, or a `let`: by name
                    try i.store(target, k, op, bop, try c(env, i), span)
                    return .normal
                }
            }
            return { env, i in
                try i.tick(span)
                let (target, k) = try i.assignable(name, nameSpan, env)
                try i.store(target, k, op, bop, try c(env, i), span)
                return .normal
            }
        case .binding(let name, let nameSpan, let mutable, let valueExpr):
            let c = valueExpr.syncCode
            return { env, i in
                try i.tick(span)
                try i.bind(name, nameSpan, mutable, try c(env, i), env, replGlobals: false)
                return .normal
            }
        case .returnStmt(let e):
            guard let e else {
                return { _, i in
                    try i.tick(span)
                    return .returned(.null)
                }
            }
            let c = e.syncCode
            return { env, i in
                try i.tick(span)
                return .returned(try c(env, i))
            }
        case .ifStmt(let branches, let elseBody):
            let condExprs = branches.map(\.cond)
            let conds = branches.map { CondCode(run: condition($0.cond, "if")) }
            let bodies = branches.map { StmtCode(run: block($0.body)) }
            let bodyDeclares = branches.map { declares($0.body) }
            let hasElse = elseBody != nil
            let elseCode = block(elseBody ?? []), elseDeclares = declares(elseBody ?? [])
            if conds.count == 1 {
                let cond = conds[0].run, body = bodies[0].run, bd = bodyDeclares[0]
                if !hasElse, branches[0].body.count == 1, case .returnStmt(let result?) = branches[0].body[0].kind {
                    // `if c { return x }`, a function's base case: the return written in.
                    let value = result.syncCode, returnSpan = branches[0].body[0].span
                    return { env, i in
                        try i.tick(span)
                        guard try cond(env, i) else { return .normal }
                        try i.tick(returnSpan)
                        return .returned(try value(env, i))
                    }
                }
                if !hasElse, !bd {
                    return { env, i in
                        try i.tick(span)
                        if try cond(env, i) { return try body(env, i) }
                        return .normal
                    }
                }
                return { env, i in
                    try i.tick(span)
                    if try cond(env, i) {
                        return try runBlock(bd, body, env, i)
                    }
                    if hasElse { return try runBlock(elseDeclares, elseCode, env, i) }
                    return .normal
                }
            }
            return { env, i in
                try i.tick(span)
                for k in 0..<conds.count where try conds[k].run(env, i) {
                    return try runBlock(bodyDeclares[k], bodies[k].run, env, i)
                }
                if hasElse { return try runBlock(elseDeclares, elseCode, env, i) }
                return .normal
            }
        case .whileStmt(let condExpr, let bodyStmts):
            let cond = condition(condExpr, "while"), body = block(bodyStmts), bodyDeclares = declares(bodyStmts)
            let condSpan = condExpr.span
            return { env, i in
                try i.tick(span)
                while try cond(env, i) {
                    try i.tick(condSpan)
                    let f = try runBlock(bodyDeclares, body, env, i)
                    switch f {
                    case .breakLoop: return .normal
                    case .returned: return f
                    default: continue
                    }
                }
                return .normal
            }
        case .breakStmt:
            return { _, i in
                try i.tick(span)
                return .breakLoop
            }
        case .continueStmt:
            return { _, i in
                try i.tick(span)
                return .continueLoop
            }
        default:
            return { [unowned(unsafe) s] env, i in try i.execStmtSyncNode(s, env) }
        }
    }

    /// The condition of an `if` or `while`: its bool, or the error for any other value.
    /// `x < k` and the other comparisons of an int variable with an int constant are
    /// answered without making a `Value` (the usual loop and base-case test).
    static func condition(_ e: Expr, _ what: String) -> SyncCondCode {
        let code = e.syncCode
        let general: SyncCondCode = { [unowned(unsafe) e] env, i in
            let v = try code(env, i)
            if case .bool(let b) = v { return b }
            return try i.checkCondition(v, e, what)
        }
        guard case .binary(let op, let l, let r, _) = e.kind, case .int(let k) = r.kind, case .name(let name) = l.kind,
              op.isComparison else { return general }
        switch l.resolution {
        case .local(0, let slot):
            return { env, i in
                if let x = env.intValue(at: slot) { return op.compare(x, k) }
                return try general(env, i)
            }
        case .global:
            let cache = SlotCache()
            return { env, i in
                if env.isRoot, let x = env.intValue(of: name, guess: cache) { return op.compare(x, k) }
                return try general(env, i)
            }
        default:
            return general
        }
    }

    /// Chains longer than this are compiled into one loop (see `chain`).
    static let longChain = 64

    /// How many operators (binary, `.name`, `[index]`) hang down the left side of `e`.
    static func leftSpine(_ e: Expr) -> Int {
        var n = 0
        var cur = e
        while true {
            switch cur.kind {
            case .binary(_, let l, _, _): cur = l
            case .member(let t, _, _, _): cur = t
            case .index(let t, _): cur = t
            default: return n
            }
            n += 1
        }
    }

    /// One operator of a chain, applied to the value of everything left of it.
    private enum ChainStep {
        case binary(BinaryOp, right: ExprCode, span: SourceSpan, leftSpan: SourceSpan, rightSpan: SourceSpan)
        case member(String, nameSpan: SourceSpan, optional: Bool)
        case index(ExprCode, span: SourceSpan)
    }

    /// `a + b - c …`, `x && y && …`, `m?.a?.b…`, `xs[0][0]…`: thousands of operators long
    /// (`Limits.maxOperatorChain`), as one loop over the operators instead of one nested
    /// closure per operator, so that compiling and running it takes no stack in proportion
    /// to its length. Same order of evaluation, same short-circuits, same errors at the
    /// same places as the nested form (`evalSyncNode`).
    static func chain(_ e: Expr) -> SyncExprCode {
        var steps: [ChainStep] = []
        var cur = e
        walk: while true {
            switch cur.kind {
            case .binary(let op, let l, let r, _):
                steps.append(.binary(op, right: ExprCode(run: r.syncCode), span: cur.span, leftSpan: l.span, rightSpan: r.span))
                cur = l
            case .member(let t, let name, let nameSpan, let optional):
                steps.append(.member(name, nameSpan: nameSpan, optional: optional))
                cur = t
            case .index(let t, let ix):
                steps.append(.index(ExprCode(run: ix.syncCode), span: cur.span))
                cur = t
            default: break walk
            }
        }
        steps.reverse()
        let first = cur.syncCode
        return { env, i in
            var acc = try first(env, i)
            for s in steps {
                switch s {
                case .binary(let op, let right, let span, let leftSpan, let rightSpan):
                    switch op {
                    case .and, .or:
                        guard case .bool(let ab) = acc else {
                            throw i.err("'\(op.rawValue)' needs bools, not \(acc.typeName)", leftSpan, hint: "compare explicitly, e.g. x != null")
                        }
                        if op == .and ? !ab : ab {
                            acc = .bool(ab)
                            continue
                        }
                        let b = try right.run(env, i)
                        guard case .bool = b else {
                            throw i.err("'\(op.rawValue)' needs bools, not \(b.typeName)", rightSpan, hint: "compare explicitly, e.g. x != null")
                        }
                        acc = b
                    case .coalesce:
                        if case .null = acc { acc = try right.run(env, i) }
                    default:
                        let b = try right.run(env, i)
                        if let v = i.intFastPath(op, acc, b) {
                            acc = v
                        } else {
                            acc = try i.binary(op, acc, b, span)
                        }
                    }
                case .member(let name, let nameSpan, let optional):
                    if optional, acc.isNull { continue }
                    if let v = i.member(acc, name) {
                        acc = v
                    } else if optional {
                        acc = .null
                    } else {
                        throw i.memberError(acc, name, nameSpan)
                    }
                case .index(let ix, let span):
                    let index = try ix.run(env, i)
                    acc = try i.subscriptValue(acc, index, span)
                }
            }
            return acc
        }
    }

    /// A block of sync statements, run in the scope it is given.
    static func block(_ stmts: [Stmt]) -> SyncStmtCode {
        let codes = stmts.map { StmtCode(run: $0.syncCode) }
        switch codes.count {
        case 0: return { _, _ in .normal }
        case 1: return codes[0].run
        case 2:
            let c0 = codes[0].run, c1 = codes[1].run
            return { env, i in
                let f = try c0(env, i)
                guard case .normal = f else { return f }
                return try c1(env, i)
            }
        case 3:
            let c0 = codes[0].run, c1 = codes[1].run, c2 = codes[2].run
            return { env, i in
                let f = try c0(env, i)
                guard case .normal = f else { return f }
                let g = try c1(env, i)
                guard case .normal = g else { return g }
                return try c2(env, i)
            }
        default:
            return { env, i in
                for c in codes {
                    let f = try c.run(env, i)
                    if case .normal = f { continue }
                    return f
                }
                return .normal
            }
        }
    }

    /// Whether a block declares names, and so needs a scope of its own (as `blockScope`).
    static func declares(_ stmts: [Stmt]) -> Bool {
        stmts.contains { s in
            switch s.kind {
            case .binding, .function, .importStmt: true
            default: false
            }
        }
    }
}

extension Interpreter {
    /// Calls `fn`, a sync-shaped script function taking exactly these arguments (its
    /// `fastArity`), in a scope of its own pool (see `ScriptFunction.takeScope`).
    @inline(__always)
    func enter(_ fn: ScriptFunction, _ x0: Value, _ span: SourceSpan) throws -> Value {
        let scope = fn.takeScope()
        scope.bind(0, fn.paramNames[0], x0, mutable: false)
        let v = try enterSync(fn, scope, span)
        fn.giveBack(consume scope)
        return v
    }

    @inline(__always)
    func enter(_ fn: ScriptFunction, _ x0: Value, _ x1: Value, _ span: SourceSpan) throws -> Value {
        let scope = fn.takeScope()
        scope.bind(0, fn.paramNames[0], x0, mutable: false)
        scope.bind(1, fn.paramNames[1], x1, mutable: false)
        let v = try enterSync(fn, scope, span)
        fn.giveBack(consume scope)
        return v
    }

    @inline(__always)
    func enter(_ fn: ScriptFunction, _ x0: Value, _ x1: Value, _ x2: Value, _ span: SourceSpan) throws -> Value {
        let scope = fn.takeScope()
        scope.bind(0, fn.paramNames[0], x0, mutable: false)
        scope.bind(1, fn.paramNames[1], x1, mutable: false)
        scope.bind(2, fn.paramNames[2], x2, mutable: false)
        let v = try enterSync(fn, scope, span)
        fn.giveBack(consume scope)
        return v
    }

    /// `intFastPath` for two ints already unwrapped.
    @inline(__always)
    static func intOp(_ op: BinaryOp, _ x: Int, _ y: Int) -> Value? {
        switch op {
        case .lt: return .bool(x < y)
        case .le: return .bool(x <= y)
        case .gt: return .bool(x > y)
        case .ge: return .bool(x >= y)
        case .eq: return .bool(x == y)
        case .ne: return .bool(x != y)
        case .add:
            let (r, o) = x.addingReportingOverflow(y)
            return o ? nil : .int(r)
        case .sub:
            let (r, o) = x.subtractingReportingOverflow(y)
            return o ? nil : .int(r)
        case .mul:
            let (r, o) = x.multipliedReportingOverflow(by: y)
            return o ? nil : .int(r)
        case .rem:
            guard y != 0 else { return nil }
            let (r, o) = x.remainderReportingOverflow(dividingBy: y)
            return o ? nil : .int(r)
        default: return nil
        }
    }

    /// The variable `name op= …` assigns to, found as the other compiled forms find it.
    @inline(__always)
    func assignTarget(_ resolution: Resolution, _ name: String, _ nameSpan: SourceSpan, _ env: Scope,
                      _ cache: SlotCache) throws -> (Unmanaged<Scope>, Int) {
        switch resolution {
        case .global:
            let r = env.root
            if let k = r._withUnsafeGuaranteedRef({ $0.mutableSlot(of: name, guess: cache) }) { return (r, k) }
        case .local(let hops, let slot):
            if let a = ancestor(env, hops),
               a._withUnsafeGuaranteedRef({ slot < $0.count && $0.isMutable(slot) }) {
                assert(a.takeUnretainedValue().name(at: slot) == name, "resolver slot mismatch for \(name)")
                return (a, slot)
            }
        case .unresolved: break
        }
        // Not defined yet, or a `let`: by name. `env` keeps the scope found alive.
        let (s, k) = try assignable(name, nameSpan, env)
        return (.passUnretained(s), k)
    }

    /// `xs += [v]` on the variable in `slot`: in place when it holds a list.
    @inline(__always)
    func appendOne(_ scope: Scope, _ slot: Int, _ v: Value, _ span: SourceSpan) throws {
        var current = scope.take(slot)
        if case .list(var xs) = current {
            current = .null
            // Every 65,536 elements, whether the list still fits (an endless append).
            if xs.count & 0xFFFF == 0xFFFF {
                do {
                    try checkAllocation(bytes: Value.approximateBytes(elements: xs.count &* 2), what: "the list")
                } catch {
                    scope.set(slot, .list(xs))
                    throw locate(error, span)
                }
            }
            xs.append(v)
            scope.set(slot, .list(xs))
            return
        }
        scope.set(slot, current)
        try assign(scope, slot, .add, .list([v]), span)
    }

    /// Finishes `name op= rhs` on the variable in `slot` of `scope`.
    @inline(__always)
    func store(_ scope: Scope, _ slot: Int, _ op: AssignOp, _ bop: BinaryOp, _ rhs: Value, _ span: SourceSpan) throws {
        if op != .set, case .int(let y) = rhs {
            // An int updated by an int, in place: no copy of the old value, no general path.
            let done: Bool = scope.withBindings { p, _ in
                guard case .int(let x) = p[slot].value else { return false }
                let (r, o): (Int, Bool)
                switch op {
                case .add: (r, o) = x.addingReportingOverflow(y)
                case .sub: (r, o) = x.subtractingReportingOverflow(y)
                case .mul: (r, o) = x.multipliedReportingOverflow(by: y)
                case .rem:
                    if y == 0 { return false }
                    (r, o) = x.remainderReportingOverflow(dividingBy: y)
                default: return false
                }
                if o { return false }  // `assign` reports the overflow
                p[slot].value = .int(r)
                return true
            }
            if done { return }
        }
        try assign(scope, slot, op, rhs, span)
    }
}

extension BinaryOp {
    /// `<`, `<=`, `>`, `>=`, `==`, `!=`.
    var isComparison: Bool {
        switch self {
        case .lt, .le, .gt, .ge, .eq, .ne: true
        default: false
        }
    }

    /// A comparison (`isComparison`) of two ints.
    @inline(__always)
    func compare(_ x: Int, _ y: Int) -> Bool {
        switch self {
        case .lt: x < y
        case .le: x <= y
        case .gt: x > y
        case .ge: x >= y
        case .eq: x == y
        default: x != y
        }
    }

    /// `&&`, `||` and `??` may skip their right side.
    var shortCircuits: Bool {
        switch self {
        case .and, .or, .coalesce: true
        default: false
        }
    }
}

extension AssignOp {
    var binaryOp: BinaryOp {
        switch self {
        case .add: .add
        case .sub: .sub
        case .mul: .mul
        case .div: .div
        case .rem: .rem
        case .set: .add
        }
    }
}
