/// A message tied to a place in a source file, rendered as
/// `FILE:LINE:COL: error: MESSAGE`, the source line, a caret line and an optional hint.
public struct SourceDiagnostic: Sendable, Error {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    public var message: String
    public var file: SourceFile?
    public var span: SourceSpan?
    public var hint: String?
    /// Lines printed after the hint, indented (validation details, call-stack frames).
    public var notes: [String]

    public init(
        severity: Severity = .error, message: String, file: SourceFile?, span: SourceSpan?,
        hint: String? = nil, notes: [String] = []
    ) {
        self.severity = severity
        self.message = message
        self.file = file
        self.span = span
        self.hint = hint
        self.notes = notes
    }

    /// The 1-based line and column of the start of the span, if known.
    public var location: SourceLocation? {
        guard let file, let span else { return nil }
        return file.location(of: span.start)
    }

    /// `FILE:LINE:COL` (or just `FILE`).
    public var place: String {
        guard let file else { return "<unknown>" }
        guard let location else { return file.name }
        return "\(file.name):\(location.line):\(location.column)"
    }

    public func render(color: Bool) -> String {
        let bold = color ? "\u{1B}[1m" : "", red = color ? "\u{1B}[31m" : ""
        let yellow = color ? "\u{1B}[33m" : "", green = color ? "\u{1B}[32m" : ""
        let cyan = color ? "\u{1B}[36m" : "", reset = color ? "\u{1B}[0m" : ""
        let sevColor = severity == .error ? red : yellow
        var out = "\(bold)\(place): \(sevColor)\(severity.rawValue):\(reset)\(bold) \(message)\(reset)\n"
        if let file, let span, let start = location {
            let line = file.lineText(start.line)
            out += line + "\n"
            // Keep tabs so the caret lines up under the same characters.
            var caret = ""
            for (i, ch) in line.enumerated() where i < start.column - 1 {
                caret.append(ch == "\t" ? "\t" : " ")
            }
            let end = file.location(of: span.end)
            let width: Int
            if end.line == start.line {
                width = max(1, end.column - start.column)
            } else {
                width = max(1, line.count - (start.column - 1))
            }
            caret += "^" + String(repeating: "~", count: width - 1)
            out += "\(green)\(caret)\(reset)\n"
        }
        if let hint { out += "\(cyan)hint:\(reset) \(hint)\n" }
        for note in notes { out += "  \(note)\n" }
        return out
    }
}

/// Damerau-free Levenshtein distance, for "did you mean" hints.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.lowercased().unicodeScalars), b = Array(b.lowercased().unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count), cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}

/// The candidate nearest to `name`, if it is near enough to be a plausible typo.
public func nearestName(to name: String, in candidates: some Sequence<String>) -> String? {
    var best: (String, Int)?
    for c in candidates where c != name {
        let d = editDistance(name, c)
        if d <= max(1, min(3, name.count / 3 + 1)), best == nil || d < best!.1 { best = (c, d) }
    }
    return best?.0
}

/// `did you mean 'x'?` or nil.
func didYouMean(_ name: String, _ candidates: some Sequence<String>) -> String? {
    nearestName(to: name, in: candidates).map { "did you mean '\($0)'?" }
}
