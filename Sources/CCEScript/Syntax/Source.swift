/// A half-open range of UTF-8 byte offsets into a `SourceFile`.
public struct SourceSpan: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public init(start: Int, end: Int) {
        self.start = start
        self.end = max(start, end)
    }
    /// The smallest span covering both.
    func through(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(start: min(start, other.start), end: max(end, other.end))
    }
}

/// A 1-based line and column; the column counts `Character`s, as LANGUAGE.md requires.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var description: String { "\(line):\(column)" }
}

/// One source text with its name as the user gave it, kept as UTF-8 bytes plus a
/// line-start table so that positions are computed only when a diagnostic needs them.
public final class SourceFile: Sendable {
    public let name: String
    let bytes: [UInt8]
    /// Byte offset at which the text starts (after a byte-order mark, if any).
    let bodyStart: Int
    private let lineStarts: [Int]

    public init(name: String, text: String) {
        self.name = name
        let bytes = Array(text.utf8)
        self.bytes = bytes
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        bodyStart = bom
        var starts = [bom]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") {
            starts.append(i + 1)
        }
        lineStarts = starts
    }

    /// The line index (0-based) containing `offset`.
    private func lineIndex(_ offset: Int) -> Int {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    public func location(of offset: Int) -> SourceLocation {
        let clamped = min(max(offset, 0), bytes.count)
        let li = lineIndex(clamped)
        let start = lineStarts[li]
        let prefix = String(decoding: bytes[start..<max(start, clamped)], as: UTF8.self)
        return SourceLocation(line: li + 1, column: prefix.count + 1)
    }

    /// The text of a 1-based line, without its line terminator.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    func text(_ span: SourceSpan) -> String {
        let s = min(max(span.start, 0), bytes.count)
        let e = min(max(span.end, s), bytes.count)
        return String(decoding: bytes[s..<e], as: UTF8.self)
    }

    var endOffset: Int { bytes.count }
}
