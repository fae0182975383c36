/// Binary operators, in the AST.
enum BinaryOp: String, Sendable {
    case add = "+", sub = "-", mul = "*", div = "/", rem = "%"
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case and = "&&", or = "||", coalesce = "??"
    case range = "..", rangeHalfOpen = "..<"
}

enum UnaryOp: String, Sendable { case neg = "-", not = "!" }

/// A call argument: positional (`name == nil`) or named.
struct Argument: Sendable {
    var name: String?
    var nameSpan: SourceSpan?
    var value: Expr
}

/// A function parameter with an optional default.
struct Parameter: Sendable {
    var name: String
    var span: SourceSpan
    var defaultValue: Expr?
}

/// A part of an interpolated string.
enum InterpolationPart: Sendable {
    case text(String)
    case expr(Expr)
}

/// The body and signature shared by `fn` statements and literals.
final class FunctionDecl: Sendable {
    let name: String?
    let params: [Parameter]
    let body: [Stmt]
    let span: SourceSpan
    /// Whether calls of this function may run synchronously, and the names it calls (see
    /// SyncCalls.swift); computed on first use.
    nonisolated(unsafe) var syncShape: SyncShape?
    nonisolated(unsafe) var syncShapeOK: Bool?
    /// The compiled body, for synchronous calls; built on first use.
    nonisolated(unsafe) var syncBody: StmtCode?
    /// Bindings a call's scope ends up with (parameters and the body's own definitions),
    /// and whether the parameter names are distinct; set by the resolver.
    nonisolated(unsafe) var frameSize = 4
    nonisolated(unsafe) var distinctParams = false
    /// The parameter count when a compiled call may build the call's scope itself (the
    /// function may run synchronously and its parameter names are distinct), else -1.
    nonisolated(unsafe) var fastArity = -1
    /// The parameters' names, in order.
    let paramNames: [String]
    init(name: String?, params: [Parameter], body: [Stmt], span: SourceSpan) {
        self.name = name
        self.params = params
        paramNames = params.map(\.name)
        self.body = body
        self.span = span
    }
}

/// An expression and the bytes it covers. A class, so that walking the tree passes
/// references instead of copying (and retaining) every payload of an enum value.
final class Expr: Sendable {
    enum Kind: Sendable {
        case null
        case bool(Bool)
        case int(Int)
        case float(Double)
        case duration(Int)
        case string(String)
        case interpolated([InterpolationPart])
        case name(String)
        case list([Expr])
        case map([(key: MapKey, value: Expr)])
        case function(FunctionDecl)
        case unary(UnaryOp, Expr)
        case binary(BinaryOp, Expr, Expr, opSpan: SourceSpan)
        /// `callee(args)`.
        case call(Expr, [Argument])
        /// `target.name`, or `target?.name` when `optional`.
        case member(Expr, String, nameSpan: SourceSpan, optional: Bool)
        /// `target.name(args)`, or `target?.name(args)`.
        case method(Expr, String, nameSpan: SourceSpan, [Argument], optional: Bool)
        case index(Expr, Expr)
    }
    let kind: Kind
    let span: SourceSpan
    /// True when evaluating this expression cannot suspend (it contains no call), so the
    /// evaluator can take its synchronous path and skip the cost of async frames.
    let isSync: Bool
    /// The closure `evalSync` runs, built on first use (only for `isSync` nodes). One task
    /// drives an interpreter, and a tree is evaluated by one interpreter at a time.
    nonisolated(unsafe) var compiledSync: ExprCode?
    /// Where a `.name` lives, as the resolver found it.
    nonisolated(unsafe) var resolution = Resolution.unresolved

    init(kind: Kind, span: SourceSpan) {
        self.kind = kind
        self.span = span
        isSync = Expr.computeSync(kind)
    }

    private static func computeSync(_ kind: Kind) -> Bool {
        switch kind {
        case .null, .bool, .int, .float, .duration, .string, .name, .function: return true
        case .call, .method: return false
        case .interpolated(let parts):
            for case .expr(let e) in parts where !e.isSync { return false }
            return true
        case .list(let items): return items.allSatisfy(\.isSync)
        case .map(let entries):
            for (k, v) in entries {
                if !v.isSync { return false }
                if case .computed(let e) = k, !e.isSync { return false }
            }
            return true
        case .unary(_, let x): return x.isSync
        case .binary(_, let l, let r, _): return l.isSync && r.isSync
        case .member(let t, _, _, _): return t.isSync
        case .index(let t, let i): return t.isSync && i.isSync
        }
    }
}

/// A key in a map literal: a bare word or a string, or a computed (interpolated) string.
enum MapKey: Sendable {
    case fixed(String, SourceSpan)
    case computed(Expr)
}

enum AssignOp: String, Sendable { case set = "=", add = "+=", sub = "-=", mul = "*=", div = "/=", rem = "%=" }

/// A statement and the bytes it covers (a class for the same reason as `Expr`).
final class Stmt: Sendable {
    enum Kind: Sendable {
        case expr(Expr)
        case binding(name: String, nameSpan: SourceSpan, mutable: Bool, value: Expr)
        case function(FunctionDecl, nameSpan: SourceSpan)
        case assign(name: String, nameSpan: SourceSpan, op: AssignOp, value: Expr)
        case returnStmt(Expr?)
        case ifStmt(branches: [(cond: Expr, body: [Stmt])], elseBody: [Stmt]?)
        case forStmt(first: String, second: String?, iterable: Expr, body: [Stmt])
        case whileStmt(cond: Expr, body: [Stmt])
        case breakStmt
        case continueStmt
        case tryStmt(body: [Stmt], errorName: String?, handler: [Stmt])
        case importStmt(path: String, alias: String?)
    }
    let kind: Kind
    let span: SourceSpan
    /// True when running this statement cannot suspend (no call, `try` or `import`
    /// anywhere inside), so the evaluator can run it, loops and all, without async frames.
    let isSync: Bool
    /// The closure `execStmtSync` runs, built on first use (only for `isSync` statements).
    nonisolated(unsafe) var compiledSync: StmtCode?
    /// Where the name of an `.assign` lives, as the resolver found it.
    nonisolated(unsafe) var resolution = Resolution.unresolved
    /// For a block-owning statement: bindings its new scope ends up with (a size hint).
    nonisolated(unsafe) var blockSize = 4

    init(kind: Kind, span: SourceSpan) {
        self.kind = kind
        self.span = span
        isSync = Stmt.computeSync(kind)
    }

    private static func computeSync(_ kind: Kind) -> Bool {
        switch kind {
        case .expr(let e): return e.isSync
        case .binding(_, _, _, let v), .assign(_, _, _, let v): return v.isSync
        case .function, .breakStmt, .continueStmt: return true
        case .returnStmt(let e): return e?.isSync ?? true
        case .ifStmt(let branches, let elseBody):
            for b in branches where !b.cond.isSync || !b.body.allSatisfy(\.isSync) { return false }
            return elseBody?.allSatisfy(\.isSync) ?? true
        case .whileStmt(let cond, let body): return cond.isSync && body.allSatisfy(\.isSync)
        case .forStmt(_, _, let iterable, let body): return iterable.isSync && body.allSatisfy(\.isSync)
        case .tryStmt, .importStmt: return false
        }
    }
}
