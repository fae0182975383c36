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

    /// A character as a diagnostic shows it: itself, or `\u{…}` for a control character.
    static func displayed(_ ch: Character) -> String {
        guard ch != "\t", let scalar = ch.unicodeScalars.first, ch.unicodeScalars.count == 1,
            scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) || scalar.value == 0xFFFD
        else { return String(ch) }
        return "\\u{" + String(scalar.value, radix: 16) + "}"
    }

    public func render(color: Bool) -> String {
        let bold = color ? "\u{1B}[1m" : ""
        let red = color ? "\u{1B}[31m" : ""
        let yellow = color ? "\u{1B}[33m" : ""
        let green = color ? "\u{1B}[32m" : ""
        let cyan = color ? "\u{1B}[36m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        let sevColor = severity == .error ? red : yellow
        var out = "\(bold)\(place): \(sevColor)\(severity.rawValue):\(reset)\(bold) \(message)\(reset)\n"
        if let file, let span, let start = location {
            let line = file.lineText(start.line)
            // Control characters are shown escaped, never sent to the terminal (a binary
            // file's bytes could drive it); the caret line pads by the escaped width.
            var shown = ""
            var caret = ""
            for (i, ch) in line.enumerated() {
                let text = Self.displayed(ch)
                shown += text
                // Keep tabs so the caret lines up under the same characters.
                if i < start.column - 1 { caret += ch == "\t" ? "\t" : String(repeating: " ", count: text.count) }
            }
            out += shown + "\n"
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
    editDistance(Array(a.lowercased().unicodeScalars), Array(b.lowercased().unicodeScalars), bound: Int.max) ?? Int.max
}

/// The distance when it is at most `bound`, else nil. Only a band of width 2·bound+1 around
/// the diagonal is computed, so the cost is linear in the length.
func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], bound: Int) -> Int? {
    if abs(a.count - b.count) > bound { return nil }
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    let big = Int.max / 2
    let band = bound == Int.max ? b.count : min(bound, b.count)
    var prev = [Int](repeating: big, count: b.count + 1)
    var cur = prev
    for j in 0...min(b.count, band) { prev[j] = j }
    for i in 1...a.count {
        let lo = max(1, i - band)
        let hi = min(b.count, i + band)
        for j in 0...b.count { cur[j] = big }
        if i <= band { cur[0] = i }
        var rowMin = cur[0]
        if lo <= hi {
            for j in lo...hi {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowMin = min(rowMin, cur[j])
            }
        }
        if rowMin > bound { return nil }
        swap(&prev, &cur)
    }
    return prev[b.count] <= bound ? prev[b.count] : nil
}

/// The candidate nearest to `name`, if it is near enough to be a plausible typo. Linear in
/// the input: candidates whose length differs by more than the allowed distance are skipped,
/// and a long name is compared by its first and last 128 characters only.
public func nearestName(to name: String, in candidates: some Sequence<String>) -> String? {
    let cap = 128
    func key(_ s: String) -> [Unicode.Scalar] {
        let scalars = Array(s.lowercased().unicodeScalars)
        return scalars.count <= 2 * cap ? scalars : Array(scalars.prefix(cap) + scalars.suffix(cap))
    }
    let length = name.unicodeScalars.count
    let bound = max(1, min(3, length / 3 + 1))
    let wanted = key(name)
    var best: (String, Int)?
    for c in candidates where c != name {
        if abs(c.unicodeScalars.count - length) > bound { continue }
        guard let d = editDistance(wanted, key(c), bound: min(bound, best?.1 ?? Int.max)) else { continue }
        // Ties go to the name that sorts first, so the hint does not depend on the order the
        // candidates come in (a dictionary's keys).
        if let b = best, d > b.1 || (d == b.1 && c >= b.0) { continue }
        best = (c, d)
    }
    return best?.0
}

/// `did you mean 'x'?` or nil.
func didYouMean(_ name: String, _ candidates: some Sequence<String>) -> String? {
    nearestName(to: name, in: candidates).map { "did you mean '\($0)'?" }
}
