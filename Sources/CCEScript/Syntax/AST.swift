/// Binary operators, in the AST.
enum BinaryOp: String, Sendable {
    case add = "+"
    case sub = "-"
    case mul = "*"
    case div = "/"
    case rem = "%"
    case eq = "=="
    case ne = "!="
    case lt = "<"
    case le = "<="
    case gt = ">"
    case ge = ">="
    case and = "&&"
    case or = "||"
    case coalesce = "??"
    case range = ".."
    case rangeHalfOpen = "..<"
}

enum UnaryOp: String, Sendable {
    case neg = "-"
    case not = "!"
}

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

/// The body and signature shared by `fn` statements and literals. The tree is immutable:
/// what an engine works out about it lives in its own compiled form.
final class FunctionDecl: Sendable {
    let name: String?
    let params: [Parameter]
    let body: [Stmt]
    let span: SourceSpan
    init(name: String?, params: [Parameter], body: [Stmt], span: SourceSpan) {
        self.name = name
        self.params = params
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

    init(kind: Kind, span: SourceSpan) {
        self.kind = kind
        self.span = span
    }
}

/// A key in a map literal: a bare word or a string, or a computed (interpolated) string.
enum MapKey: Sendable {
    case fixed(String, SourceSpan)
    case computed(Expr)
}

enum AssignOp: String, Sendable {
    case set = "="
    case add = "+="
    case sub = "-="
    case mul = "*="
    case div = "/="
    case rem = "%="
}

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

    init(kind: Kind, span: SourceSpan) {
        self.kind = kind
        self.span = span
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
}

extension AssignOp {
    /// The operator `x op= y` applies (`=` has none; `.add` is never used for it).
    var binaryOp: BinaryOp {
        switch self {
        case .add, .set: .add
        case .sub: .sub
        case .mul: .mul
        case .div: .div
        case .rem: .rem
        }
    }
}
