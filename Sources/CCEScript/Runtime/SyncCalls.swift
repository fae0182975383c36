/// Synchronous calls of script functions.
///
/// The evaluator is async because built-ins may await the service, but most script
/// functions (numeric helpers, recursion, string building) never reach a built-in. Such a
/// call runs synchronously, through the closure-compiled body (Compiled.swift), instead of
/// through several async frames per call.
///
/// That is decided when an async call site is about to call a script function F: F may
/// run synchronously when its body calls only plain names `g(...)` (no methods, no named
/// arguments, no `try` or `import`), none of them a parameter or a name bound inside F,
/// and each such name resolves, from F's captured scope, to a `let`-bound (immutable)
/// script function that satisfies the same rule. Those bindings cannot change while F
/// runs (F only defines names in its own scopes), so no call reached from F can need to
/// suspend. Everything else stays on the async path.

/// What a function body looks like for `SyncCalls`.
enum SyncShape {
    /// The body calls something other than plain names, or may suspend by itself.
    case no
    /// The body calls only these names.
    case calls([String])
}

extension FunctionDecl {
    var shape: SyncShape {
        if let s = syncShape { return s }
        var w = ShapeWalker()
        for p in params {
            w.bound.insert(p.name)
            if let d = p.defaultValue { w.expr(d) }
        }
        for s in body { w.stmt(s) }
        let s: SyncShape = w.ok && w.called.isDisjoint(with: w.bound) ? .calls(Array(w.called)) : .no
        syncShape = s
        return s
    }

    /// `shape` is `.calls`.
    var isSyncShaped: Bool {
        if let s = syncShapeOK { return s }
        let ok = if case .calls = shape { true } else { false }
        syncShapeOK = ok
        return ok
    }

    /// The compiled body for synchronous calls.
    var compiledBody: SyncStmtCode {
        if let c = syncBody { return c.run }
        let c = SyncCompiler.block(body)
        syncBody = StmtCode(run: c)
        return c
    }
}

private struct ShapeWalker {
    var called: Set<String> = []
    var bound: Set<String> = []
    var ok = true

    mutating func expr(_ e: Expr) {
        guard ok, !e.isSync else { return }  // a sync expression contains no call
        switch e.kind {
        case .call(let callee, let args):
            guard case .name(let n) = callee.kind else { ok = false; return }
            called.insert(n)
            for a in args {
                guard a.name == nil else { ok = false; return }
                expr(a.value)
            }
        case .method: ok = false
        case .interpolated(let parts):
            for case .expr(let x) in parts { expr(x) }
        case .list(let items): items.forEach { expr($0) }
        case .map(let entries):
            for (k, v) in entries {
                if case .computed(let x) = k { expr(x) }
                expr(v)
            }
        case .unary(_, let x): expr(x)
        case .binary(_, let l, let r, _):
            expr(l)
            expr(r)
        case .member(let t, _, _, _): expr(t)
        case .index(let t, let i):
            expr(t)
            expr(i)
        case .null, .bool, .int, .float, .duration, .string, .name, .function: break
        }
    }

    mutating func block(_ stmts: [Stmt]) { stmts.forEach { stmt($0) } }

    mutating func stmt(_ s: Stmt) {
        guard ok else { return }
        switch s.kind {
        case .expr(let e): expr(e)
        case .binding(let name, _, _, let v):
            bound.insert(name)
            expr(v)
        case .function(let decl, _): bound.insert(decl.name ?? "anonymous")
        case .assign(_, _, _, let v): expr(v)
        case .returnStmt(let e): if let e { expr(e) }
        case .ifStmt(let branches, let elseBody):
            for b in branches {
                expr(b.cond)
                block(b.body)
            }
            if let elseBody { block(elseBody) }
        case .forStmt(let first, let second, let iterable, let body):
            bound.insert(first)
            if let second { bound.insert(second) }
            expr(iterable)
            block(body)
        case .whileStmt(let cond, let body):
            expr(cond)
            block(body)
        case .breakStmt, .continueStmt: break
        case .tryStmt, .importStmt: ok = false
        }
    }
}

extension Interpreter {
    /// Deepest synchronous recursion allowed: sync calls nest on the thread stack (about
    /// half a dozen Swift frames per script call), which is much smaller in debug builds.
    static let maxSyncCallDepth = 1_000

    /// Whether calling `fn` now may run synchronously (see the file comment).
    func canCallSync(_ fn: ScriptFunction) -> Bool {
        guard let decl = fn.decl,
              options.limits.callDepth - callDepth <= Interpreter.maxSyncCallDepth else { return false }
        // A function that calls nothing needs no walk (and no set): the common leaf helper.
        if case .calls(let names) = decl.shape, names.isEmpty { return true }
        var visited: Set<ObjectIdentifier> = []
        return syncCallable(fn, &visited)
    }

    private func syncCallable(_ fn: ScriptFunction, _ visited: inout Set<ObjectIdentifier>) -> Bool {
        guard let decl = fn.decl, let captured = fn.captured, case .calls(let names) = decl.shape else { return false }
        if !visited.insert(ObjectIdentifier(fn)).inserted { return true }
        if visited.count > 64 { return false }  // keeps this check cheap and its recursion shallow
        for n in names {
            guard let (s, k) = captured.lookup(n), !s.isMutable(k), case .function(let g) = s.value(at: k),
                  syncCallable(g, &visited) else { return false }
        }
        return true
    }

    /// A call made inside synchronously running code (a compiled `name(args)`).
    func callSync(_ callee: Value, _ args: ArgPack, _ span: SourceSpan) throws -> Value {
        guard case .function(let fn) = callee else {
            throw err("cannot call a value of type \(callee.typeName)", span, code: "type")
        }
        try tick(span)
        guard let decl = fn.decl, decl.isSyncShaped else {
            throw err("internal error: a call that may suspend was reached synchronously", span)
        }
        return try callClosureSync(fn, decl, args, span: span)
    }

    /// The synchronous twin of `callClosure`, for positional arguments only.
    func callClosureSync(_ fn: ScriptFunction, _ decl: FunctionDecl, _ args: ArgPack, span: SourceSpan) throws -> Value {
        try checkCallDepth(fn, span)
        let params = decl.params
        if args.count > params.count {
            throw tooManyArguments(fn.name, params, args.count, span)
        }
        if decl.distinctParams, args.count == params.count {
            let scope = Scope.make(parent: fn.captured, capacity: decl.frameSize)
            for k in 0..<params.count { scope.append(params[k].name, args[k], mutable: false) }
            let v = try runSync(fn, decl, scope, span)
            Scope.release(consume scope)
            return v
        }
        let scope = Scope.make(parent: fn.captured, capacity: decl.frameSize)
        let savedFile = pushCall(fn, span)
        defer { popCall(savedFile) }
        return try runBody {
            for k in 0..<params.count {
                let p = params[k]
                if k < args.count {
                    scope.define(p.name, args[k], mutable: false)
                } else if let d = p.defaultValue {
                    scope.define(p.name, try evalSync(d, scope), mutable: false)
                } else {
                    hot.pointee.currentFile = savedFile
                    throw missingArgument(fn.name, params, p.name, span)
                }
            }
            return try decl.compiledBody(scope, self)
        }
    }

    /// Runs the body of `fn` in `scope`, which already holds every parameter (the depth
    /// and argument-count checks passed).
    @inline(__always)
    func runSync(_ fn: ScriptFunction, _ decl: FunctionDecl, _ scope: Scope, _ span: SourceSpan) throws -> Value {
        let savedFile = pushCall(fn, span)
        defer { popCall(savedFile) }
        return try runBody { try decl.compiledBody(scope, self) }
    }

    /// A compiled call `f(a0, …)` whose callee is a sync-shaped script function taking
    /// exactly these arguments, all distinct names: the caller has built `scope` with the
    /// arguments (after evaluating the callee, as any call does). The same checks, in the
    /// same order, as `callSync`.
    @inline(__always)
    func enterSync(_ fn: ScriptFunction, _ scope: Scope, _ span: SourceSpan) throws -> Value {
        try tick(span)
        try checkCallDepth(fn, span)
        let savedFile = pushCall(fn, span)
        defer { popCall(savedFile) }
        // `runBody` written out: through its closure this hottest path measured 10% slower (fib).
        do {
            if case .returned(let v) = try fn.code.run(scope, self) { return v }
            return .null
        } catch var e as ScriptError {
            if e.stack == nil { e.stack = snapshotStack(errorFile: e.file, errorSpan: e.span) }
            throw e
        }
    }

    /// The call-depth limit, checked before a call of `fn` is entered.
    @inline(__always)
    func checkCallDepth(_ fn: ScriptFunction, _ span: SourceSpan) throws {
        let limit = options.limits.callDepth
        if callDepth >= limit {
            throw err("call depth limit of \(limit) reached in '\(fn.name)'", span,
                      hint: "is a recursion missing its base case?", code: "limit", kind: .limit)
        }
    }

    /// Runs a called function's body (inside its call record): its `return` value, or null;
    /// an error leaving it takes the call stack as it stood where the error was thrown.
    @inline(__always)
    func runBody(_ body: () throws -> Flow) throws -> Value {
        do {
            if case .returned(let v) = try body() { return v }
            return .null
        } catch var e as ScriptError {
            if e.stack == nil { e.stack = snapshotStack(errorFile: e.file, errorSpan: e.span) }
            throw e
        }
    }

    func missingArgument(_ name: String, _ params: [Parameter], _ missing: String, _ span: SourceSpan) -> ScriptError {
        err("\(name)() is missing argument '\(missing)'", span,
            hint: "usage: \(name)(\(params.map(\.name).joined(separator: ", ")))", code: "argument")
    }

    func tooManyArguments(_ name: String, _ params: [Parameter], _ given: Int, _ span: SourceSpan) -> ScriptError {
        let required = params.filter { $0.defaultValue == nil }.count
        let takes = required == params.count ? "\(params.count)" : "at most \(params.count)"
        return err("\(name)() takes \(takes) argument\(params.count == 1 ? "" : "s") but \(given) \(given == 1 ? "was" : "were") given",
                   span, hint: "usage: \(name)(\(params.map(\.name).joined(separator: ", ")))", code: "argument")
    }
}
