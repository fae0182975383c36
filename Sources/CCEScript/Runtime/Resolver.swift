/// Where a name is bound, as far as the parse tree can tell.
enum Resolution {
    /// Not resolved: search the scope chain by name.
    case unresolved
    /// Declared by no enclosing block or function: the outermost scope (the globals or a
    /// module's top level), then the built-ins.
    case global
    /// Declared `hops` scopes out, at `slot`. The slot may not be defined yet when the
    /// name is read (a closure reading a `var` its function defines later, a name read
    /// before its own `var`); the reader then searches by name, as the tree walk would.
    case local(hops: Int, slot: Int)
}

/// Numbers the local variables of a parsed program, so that reading one is a walk of a
/// known number of parent scopes and an index instead of a search by name.
///
/// It mirrors exactly where the evaluator makes scopes, and in which order each scope
/// defines its names:
/// - a call: a new scope under the function's captured one, holding the parameters (in
///   order; a repeated name replaces) and then whatever the body defines;
/// - a block (`if`, `else`, `while`, `try` bodies) gets a scope of its own only when it
///   defines a name itself (`SyncCompiler.declares`, `Interpreter.blockScope`);
/// - a `for` body runs in one new scope per iteration holding the loop variables first;
/// - a `catch` handler runs in one new scope holding the error name, if any;
/// - top-level code (a script, a REPL entry, a module) runs in the outermost scope, whose
///   names stay dynamic: the REPL redefines them and a run binds `args`.
/// A scope's statements run in order and leave the scope when one fails, so the `k`-th
/// name a block declares is always defined at slot `k` — but only once that statement has
/// run, which the reader checks (`Resolution.local`).
struct NameResolver {
    /// The scopes enclosing the current point, innermost last, each its names in slot
    /// order. The outermost (top-level) scope is not in the list.
    private var scopes: [[String]] = []

    static func resolve(_ statements: [Stmt]) {
        var r = NameResolver()
        for s in statements { r.stmt(s) }
    }

    /// The name a statement defines in the scope it runs in.
    static func declaredName(_ s: Stmt) -> String? {
        switch s.kind {
        case .binding(let name, _, _, _): name
        case .function(let decl, _): decl.name ?? "anonymous"
        case .importStmt(let path, let alias): alias ?? Interpreter.moduleName(path)
        default: nil
        }
    }

    private func lookup(_ name: String) -> Resolution {
        var hops = 0
        for i in stride(from: scopes.count - 1, through: 0, by: -1) {
            if let k = scopes[i].firstIndex(of: name) { return .local(hops: hops, slot: k) }
            hops += 1
        }
        return .global
    }

    /// Resolves `stmts` in a new scope that first holds `prefix`.
    private mutating func scoped(_ prefix: [String], _ stmts: [Stmt]) {
        var names: [String] = []
        for n in prefix where !names.contains(n) { names.append(n) }
        for s in stmts {
            if let n = NameResolver.declaredName(s), !names.contains(n) { names.append(n) }
        }
        scopes.append(names)
        for s in stmts { stmt(s) }
        scopes.removeLast()
    }

    /// A block: a scope of its own only when it defines names.
    private mutating func block(_ stmts: [Stmt]) {
        if SyncCompiler.declares(stmts) {
            scoped([], stmts)
        } else {
            for s in stmts { stmt(s) }
        }
    }

    private mutating func function(_ d: FunctionDecl) {
        let names = d.params.map(\.name)
        d.distinctParams = Set(names).count == names.count
        var all: [String] = []
        for n in names where !all.contains(n) { all.append(n) }
        for s in d.body {
            if let n = NameResolver.declaredName(s), !all.contains(n) { all.append(n) }
        }
        d.frameSize = all.count
        d.fastArity = d.distinctParams && d.isSyncShaped ? d.params.count : -1
        scopes.append(all)
        for p in d.params { if let v = p.defaultValue { expr(v) } }
        for s in d.body { stmt(s) }
        scopes.removeLast()
    }

    private mutating func stmt(_ s: Stmt) {
        switch s.kind {
        case .expr(let e): expr(e)
        case .binding(_, _, _, let v): expr(v)
        case .function(let decl, _): function(decl)
        case .assign(let name, _, _, let v):
            s.resolution = lookup(name)
            expr(v)
        case .returnStmt(let e): if let e { expr(e) }
        case .ifStmt(let branches, let elseBody):
            for b in branches {
                expr(b.cond)
                block(b.body)
            }
            if let elseBody { block(elseBody) }
        case .forStmt(let first, let second, let iterable, let body):
            expr(iterable)
            scoped([first] + (second.map { [$0] } ?? []), body)
        case .whileStmt(let cond, let body):
            expr(cond)
            block(body)
        case .tryStmt(let body, let errorName, let handler):
            block(body)
            scoped(errorName.map { [$0] } ?? [], handler)
        case .breakStmt, .continueStmt, .importStmt: break
        }
    }

    /// Iterative: an expression may chain thousands of operators (`a + b + c …`, up to
    /// `Limits.maxOperatorChain`), and no expression introduces names, so one worklist
    /// serves the whole expression. Function literals recurse, bounded by parser nesting.
    private mutating func expr(_ root: Expr) {
        var work: [Expr] = [root]
        while let e = work.popLast() {
            switch e.kind {
            case .null, .bool, .int, .float, .duration, .string: break
            case .name(let n): e.resolution = lookup(n)
            case .interpolated(let parts):
                for case .expr(let x) in parts { work.append(x) }
            case .list(let items): work.append(contentsOf: items)
            case .map(let entries):
                for (k, v) in entries {
                    if case .computed(let x) = k { work.append(x) }
                    work.append(v)
                }
            case .function(let decl): function(decl)
            case .unary(_, let x): work.append(x)
            case .binary(_, let l, let r, _):
                work.append(l)
                work.append(r)
            case .call(let callee, let args):
                work.append(callee)
                for a in args { work.append(a.value) }
            case .member(let t, _, _, _): work.append(t)
            case .method(let t, _, _, let args, _):
                work.append(t)
                for a in args { work.append(a.value) }
            case .index(let t, let i):
                work.append(t)
                work.append(i)
            }
        }
    }
}
