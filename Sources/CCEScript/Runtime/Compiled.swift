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

extension Expr {
    /// The compiled form of this (sync) expression, built and kept on first use.
    @inline(__always)
    var syncCode: SyncExprCode {
        if let c = compiledSync { return c }
        let c = SyncCompiler.expr(self)
        compiledSync = c
        return c
    }
}

extension Stmt {
    /// The compiled form of this (sync) statement, built and kept on first use.
    @inline(__always)
    var syncCode: SyncStmtCode {
        if let c = compiledSync { return c }
        let c = SyncCompiler.stmt(self)
        compiledSync = c
        return c
    }
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
            return { [unowned(unsafe) e] env, i in
                if let v = env.lookupValue(name) { return v }
                return try i.evalSyncNode(e, env)  // a built-in, or the "undefined name" error
            }
        case .unary(let op, let x):
            let cx = x.syncCode
            return { env, i in try i.unary(op, try cx(env, i), span) }
        case .binary(let op, let l, let r, _):
            let cl = l.syncCode, cr = r.syncCode
            switch op {
            case .and, .or, .coalesce:
                return { [unowned(unsafe) e] env, i in try i.evalSyncNode(e, env) }
            default:
                if case .int(let k) = r.kind {
                    // `x op constant`: the most common shape in loops and conditions.
                    let kv = Value.int(k)
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
            let callee = calleeExpr.syncCode
            let argCodes = args.map(\.value.syncCode)
            if argCodes.count == 1 {
                let a0 = argCodes[0]
                return { env, i in
                    let f = try callee(env, i)
                    return try i.callSync(f, [try a0(env, i)], span)
                }
            }
            return { env, i in
                let f = try callee(env, i)
                var positional: [Value] = []
                positional.reserveCapacity(argCodes.count)
                for c in argCodes { positional.append(try c(env, i)) }
                return try i.callSync(f, positional, span)
            }
        default:
            return { [unowned(unsafe) e] env, i in try i.evalSyncNode(e, env) }
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
            return { env, i in
                try i.tick(span)
                let ref = try i.assignable(name, nameSpan, env)
                let rhs = try c(env, i)
                if op != .set, let v = i.intFastPath(op.binaryOp, ref.value, rhs) {
                    ref.value = v
                    return .normal
                }
                try i.assign(ref, op, rhs, span)
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
            let conds = branches.map { ($0.cond, $0.cond.syncCode) }
            let bodies = branches.map { (block($0.body), declares($0.body)) }
            let elseCode = elseBody.map { (block($0), declares($0)) }
            if conds.count == 1 {
                let (condExpr, cond) = conds[0]
                let (body, bodyDeclares) = bodies[0]
                return { env, i in
                    try i.tick(span)
                    if try i.checkCondition(try cond(env, i), condExpr, "if") {
                        return try body(bodyDeclares ? Scope(parent: env) : env, i)
                    }
                    if let (eb, ebDeclares) = elseCode { return try eb(ebDeclares ? Scope(parent: env) : env, i) }
                    return .normal
                }
            }
            return { env, i in
                try i.tick(span)
                for k in 0..<conds.count where try i.checkCondition(try conds[k].1(env, i), conds[k].0, "if") {
                    return try bodies[k].0(bodies[k].1 ? Scope(parent: env) : env, i)
                }
                if let (eb, ebDeclares) = elseCode { return try eb(ebDeclares ? Scope(parent: env) : env, i) }
                return .normal
            }
        case .whileStmt(let condExpr, let bodyStmts):
            let cond = condExpr.syncCode, body = block(bodyStmts), bodyDeclares = declares(bodyStmts)
            let condSpan = condExpr.span
            return { env, i in
                try i.tick(span)
                while try i.checkCondition(try cond(env, i), condExpr, "while") {
                    try i.tick(condSpan)
                    let f = try body(bodyDeclares ? Scope(parent: env) : env, i)
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

    /// A block of sync statements, run in the scope it is given.
    static func block(_ stmts: [Stmt]) -> SyncStmtCode {
        let codes = stmts.map(\.syncCode)
        switch codes.count {
        case 0: return { _, _ in .normal }
        case 1: return codes[0]
        case 2:
            let c0 = codes[0], c1 = codes[1]
            return { env, i in
                let f = try c0(env, i)
                guard case .normal = f else { return f }
                return try c1(env, i)
            }
        default:
            return { env, i in
                for c in codes {
                    let f = try c(env, i)
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
