/// An error raised while a script runs. Built-ins throw it (usually without a position:
/// the evaluator then places it at the call's span); `try`/`catch` turns it into an error
/// value, except for `.limit` and `.cancelled`, which no script can catch.
public struct ScriptError: Error, Sendable {
    public enum Kind: String, Sendable {
        case runtime, validation, service, timeout, limit, cancelled
    }

    public var kind: Kind
    public var message: String
    public var hint: String?
    /// A short machine-readable code (`"overflow"`, `"index"`, a service error code...).
    public var code: String?
    /// The HTTP status of a service error.
    public var status: Int?
    /// Validation findings (for `check`/`create`).
    public var diagnostics: [ScriptDiagnostic]

    var file: SourceFile?
    var span: SourceSpan?
    /// The script call stack at the point of failure, innermost first (see `unwind`).
    var stack: [RawFrame]?
    /// Whether `stack` still grows as the error leaves calls (false once an evaluation ended).
    var stackOpen = false
    /// Positioned diagnostics to show after this one (syntax errors of an imported file).
    var related: [SourceDiagnostic] = []

    public init(
        _ kind: Kind = .runtime, _ message: String, hint: String? = nil, code: String? = nil,
        status: Int? = nil, diagnostics: [ScriptDiagnostic] = []
    ) {
        self.kind = kind
        self.message = message
        self.hint = hint
        self.code = code
        self.status = status
        self.diagnostics = diagnostics
    }

    var catchable: Bool { kind != .limit && kind != .cancelled }
}

/// A stack frame before it is turned into lines and columns (only done when reported).
struct RawFrame: Sendable {
    var function: String
    var file: SourceFile
    var span: SourceSpan
    var frame: StackFrame { StackFrame(function: function, file: file.name, location: file.location(of: span.start)) }
}

extension ScriptError {
    /// Adds a call to the stack as the error leaves it: `callee`, called from `callerFile` at
    /// `span`. Calls keep no records while they run (that cost every call something); the
    /// stack is written only for an error, frame by frame on its way out, the innermost first.
    ///
    /// The frame of a call site is added with its function not known yet (`<script>`, what it
    /// stays at the outermost level); the call around it names it when the error leaves that.
    mutating func unwind(through callee: String, callerFile: SourceFile, span callSpan: SourceSpan) {
        if stack == nil {
            // Where the error was raised, in the innermost function.
            if let file, let span { stack = [RawFrame(function: callee, file: file, span: span)] } else { stack = [] }
            stackOpen = true
        } else if stackOpen {
            if let n = stack?.count, n > 0 { stack?[n - 1].function = callee }
        } else {
            return
        }
        stack?.append(RawFrame(function: "<script>", file: callerFile, span: callSpan))
    }
}

/// One line of a script call stack: `FILE:LINE:COL: in NAME`.
public struct StackFrame: Sendable, Equatable {
    public var function: String
    public var file: String
    public var location: SourceLocation
    public var line: String { "\(file):\(location.line):\(location.column): in \(function)" }
}

/// Why a script or REPL entry did not succeed, with everything needed to report it.
public struct ScriptFailure: Error, Sendable {
    public enum Kind: String, Sendable {
        case syntax, runtime, validation, service, timeout, limit, cancelled
    }

    public var kind: Kind
    /// The first (or only) message.
    public var message: String
    /// Positioned diagnostics: several for syntax errors, one for a runtime error.
    public var diagnostics: [SourceDiagnostic]
    /// The script call stack, innermost first (runtime errors).
    public var stack: [StackFrame]
    /// Validation findings attached to the error (from `check`/`create`).
    public var validation: [ScriptDiagnostic]
    public var code: String?
    public var status: Int?
    /// True when a syntax error is only an unfinished input (the REPL may read more).
    public var incomplete: Bool
    /// The script error this was made from: a host function that rethrows the failure of a
    /// nested evaluation gives the script that error back as it was (see `scriptError`).
    var origin: ScriptError?

    /// The failure as the script error it was (its kind, place and stack), or for a syntax
    /// error in source a host function evaluated, one placed at its first diagnostic.
    var scriptError: ScriptError {
        if let origin { return origin }
        let first = diagnostics.first
        let errorKind: ScriptError.Kind =
            switch kind {
            case .syntax, .runtime: .runtime
            case .validation: .validation
            case .service: .service
            case .timeout: .timeout
            case .limit: .limit
            case .cancelled: .cancelled
            }
        var e = ScriptError(
            errorKind, message, hint: first?.hint, code: code ?? (kind == .syntax ? "syntax" : nil), status: status,
            diagnostics: validation)
        e.file = first?.file
        e.span = first?.span
        e.related = Array(diagnostics.dropFirst())
        return e
    }

    /// The diagnostics as text for stderr, stack and validation details included.
    public func render(color: Bool) -> String {
        var out = ""
        for d in diagnostics { out += d.render(color: color) }
        return out
    }

    static func fromError(_ e: ScriptError) -> ScriptFailure {
        let kind: Kind =
            switch e.kind {
            case .runtime: .runtime
            case .validation: .validation
            case .service: .service
            case .timeout: .timeout
            case .limit: .limit
            case .cancelled: .cancelled
            }
        var notes: [String] = []
        for v in e.diagnostics {
            notes.append("\(v.severity) \(v.path): \(v.message)" + (v.hint.map { " (hint: \($0))" } ?? ""))
        }
        let stack = (e.stack ?? []).map(\.frame)
        notes += StackFrame.render(stack)
        let d = SourceDiagnostic(message: e.message, file: e.file, span: e.span, hint: e.hint, notes: notes)
        return ScriptFailure(
            kind: kind, message: e.message, diagnostics: [d] + e.related, stack: stack, validation: e.diagnostics,
            code: e.code, status: e.status, incomplete: false, origin: e)
    }
}

extension StackFrame {
    /// Frame lines, eliding the middle of a long stack.
    static func render(_ frames: [StackFrame]) -> [String] {
        let shown = Limits.stackFramesShown
        if frames.count <= 2 * shown + 1 { return frames.map(\.line) }
        return frames.prefix(shown).map(\.line)
            + ["... \(frames.count - 2 * shown) frames omitted ..."]
            + frames.suffix(shown).map(\.line)
    }
}
