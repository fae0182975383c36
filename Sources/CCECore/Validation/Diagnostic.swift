/// One finding about a request body: where it is, how bad it is, and what to do.
public struct Diagnostic: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable, Hashable {
        case error
        case warning
    }

    public var severity: Severity
    /// A stable identifier for the rule (`name.pattern`, `flavor.unknown`, …), for tooling.
    public var code: String
    /// Where in the request body, in the language's path syntax (`spec.containerNetwork.cidrs[1].cidr`).
    public var path: String
    /// What is wrong, in words a user understands.
    public var message: String
    /// What to do about it, where that is not obvious from the message.
    public var hint: String?

    public init(severity: Severity, code: String, path: String, message: String, hint: String? = nil) {
        self.severity = severity
        self.code = code
        self.path = path
        self.message = message
        self.hint = hint
    }

    public static func error(_ code: String, at path: DiagnosticPath, _ message: String, hint: String? = nil)
        -> Diagnostic
    {
        Diagnostic(severity: .error, code: code, path: path.description, message: message, hint: hint)
    }

    public static func warning(_ code: String, at path: DiagnosticPath, _ message: String, hint: String? = nil)
        -> Diagnostic
    {
        Diagnostic(severity: .warning, code: code, path: path.description, message: message, hint: hint)
    }

    /// The one-line form: `error spec.flavor: MESSAGE`.
    public var description: String { "\(severity.rawValue) \(path): \(message)" }
}

/// A place in a request body. Renders as LANGUAGE.md's "Diagnostic paths": dotted for
/// identifier keys, `["key"]` for any other key, `[i]` for list elements.
public struct DiagnosticPath: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) { self.components = components }

    /// A dotted path of identifier keys, e.g. `"spec.hostNetwork.vpc"`.
    public init(stringLiteral value: String) {
        components = value.isEmpty ? [] : value.split(separator: ".").map { .key(String($0)) }
    }

    public static let root = DiagnosticPath()

    public func key(_ k: String) -> DiagnosticPath { DiagnosticPath(components + [.key(k)]) }
    public func index(_ i: Int) -> DiagnosticPath { DiagnosticPath(components + [.index(i)]) }
    public static func + (lhs: DiagnosticPath, rhs: String) -> DiagnosticPath { lhs.key(rhs) }

    public var description: String {
        var out = ""
        for c in components {
            switch c {
            case .index(let i): out += "[\(i)]"
            case .key(let k):
                if DiagnosticPath.isIdentifier(k) {
                    if !out.isEmpty { out += "." }
                    out += k
                } else {
                    var quoted = ""
                    JSONValue.writeString(k, to: &quoted)
                    out += "[\(quoted)]"
                }
            }
        }
        return out
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`: the keys that print bare.
    public static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.utf8.first else { return false }
        func letter(_ b: UInt8) -> Bool {
            (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
        }
        guard letter(first) else { return false }
        return s.utf8.allSatisfy { letter($0) || ($0 >= 0x30 && $0 <= 0x39) }
    }
}
