/// Turns UTF-8 bytes into tokens. Works on byte offsets; positions become lines and
/// columns only when a diagnostic is rendered (see `SourceFile.location(of:)`).
struct Lexer {
    let file: SourceFile
    private let b: [UInt8]
    private var i: Int
    private(set) var diagnostics: [SourceDiagnostic] = []
    /// Set when the input ended inside a construct that more lines could finish
    /// (a `"""` string, an interpolation): the REPL then asks for another line.
    private(set) var endedEarly = false
    /// `${` inside a string inside `${`…: each level is a recursion of `string()` and
    /// `interpolation()`, so it is bounded like the parser's nesting (50,000 levels overflowed
    /// the stack).
    private var interpolationDepth = 0
    /// Set when the lexer gave up on the rest of the file: later errors would only be echoes.
    private var abandoned = false

    init(file: SourceFile) {
        self.file = file
        b = file.bytes
        i = file.bodyStart
    }

    /// All tokens of the file; the last is `.eof`. Runs of newlines become one token.
    static func tokenize(_ file: SourceFile) -> (tokens: [Token], diagnostics: [SourceDiagnostic], endedEarly: Bool) {
        var lx = Lexer(file: file)
        var tokens: [Token] = []
        while true {
            let t = lx.next()
            if t.isNewline, let last = tokens.last, last.isNewline { continue }
            tokens.append(t)
            if t.isEOF { break }
        }
        return (tokens, lx.diagnostics, lx.endedEarly)
    }

    private mutating func error(_ message: String, _ span: SourceSpan, hint: String? = nil) {
        if abandoned { return }
        diagnostics.append(SourceDiagnostic(message: message, file: file, span: span, hint: hint))
    }

    private func peek(_ k: Int = 0) -> UInt8 { i + k < b.count ? b[i + k] : 0 }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    private static func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }
    private static func isIdent(_ c: UInt8) -> Bool { isIdentStart(c) || isDigit(c) }

    mutating func next() -> Token {
        // Skip blanks and comments.
        while i < b.count {
            let c = b[i]
            if c == 0x20 || c == 0x09 || c == 0x0D {
                i += 1
                continue
            }
            if c == UInt8(ascii: "#") {
                while i < b.count, b[i] != 0x0A { i += 1 }
                continue
            }
            break
        }
        let start = i
        guard i < b.count else { return Token(kind: .eof, span: SourceSpan(start: b.count, end: b.count)) }
        let c = b[i]
        if c == 0x0A {
            i += 1
            return Token(kind: .newline, span: SourceSpan(start: start, end: i))
        }
        if Lexer.isDigit(c) { return number() }
        if Lexer.isIdentStart(c) {
            while i < b.count, Lexer.isIdent(b[i]) { i += 1 }
            let text = String(decoding: b[start..<i], as: UTF8.self)
            let span = SourceSpan(start: start, end: i)
            if let k = Keyword(rawValue: text) { return Token(kind: .keyword(k), span: span) }
            return Token(kind: .identifier(text), span: span)
        }
        if c == UInt8(ascii: "\"") { return string() }
        if let p = punct() { return Token(kind: .punct(p), span: SourceSpan(start: start, end: i)) }
        // Not ours: report the whole character (a non-ASCII one takes several bytes).
        var len = 1
        if c >= 0xF0 { len = 4 } else if c >= 0xE0 { len = 3 } else if c >= 0xC0 { len = 2 }
        i = min(b.count, i + len)
        let span = SourceSpan(start: start, end: i)
        let text = file.text(span)
        var hint: String?
        if c == UInt8(ascii: "'") { hint = "strings use double quotes: \"...\"" }
        if c == UInt8(ascii: "&") { hint = "logical and is written '&&'" }
        if c == UInt8(ascii: "|") { hint = "logical or is written '||'" }
        if c == UInt8(ascii: "?") { hint = "use '?.' for optional member access or '??' for a default" }
        let shown = text.map { SourceDiagnostic.displayed($0) }.joined()
        error("unexpected character '\(shown)'", span, hint: hint)
        return Token(kind: .invalid, span: span)
    }

    private mutating func punct() -> Punct? {
        let c = b[i]
        let n = peek(1)
        func take(_ k: Int, _ p: Punct) -> Punct {
            i += k
            return p
        }
        switch c {
        case UInt8(ascii: "("): return take(1, .lparen)
        case UInt8(ascii: ")"): return take(1, .rparen)
        case UInt8(ascii: "["): return take(1, .lbracket)
        case UInt8(ascii: "]"): return take(1, .rbracket)
        case UInt8(ascii: "{"): return take(1, .lbrace)
        case UInt8(ascii: "}"): return take(1, .rbrace)
        case UInt8(ascii: ","): return take(1, .comma)
        case UInt8(ascii: ":"): return take(1, .colon)
        case UInt8(ascii: ";"): return take(1, .semicolon)
        case UInt8(ascii: "."):
            if n == UInt8(ascii: ".") {
                return peek(2) == UInt8(ascii: "<") ? take(3, .dotDotLess) : take(2, .dotDot)
            }
            return take(1, .dot)
        case UInt8(ascii: "?"):
            if n == UInt8(ascii: ".") { return take(2, .questionDot) }
            if n == UInt8(ascii: "?") { return take(2, .questionQuestion) }
            return nil
        case UInt8(ascii: "+"): return n == UInt8(ascii: "=") ? take(2, .plusEqual) : take(1, .plus)
        case UInt8(ascii: "-"): return n == UInt8(ascii: "=") ? take(2, .minusEqual) : take(1, .minus)
        case UInt8(ascii: "*"): return n == UInt8(ascii: "=") ? take(2, .starEqual) : take(1, .star)
        case UInt8(ascii: "/"): return n == UInt8(ascii: "=") ? take(2, .slashEqual) : take(1, .slash)
        case UInt8(ascii: "%"): return n == UInt8(ascii: "=") ? take(2, .percentEqual) : take(1, .percent)
        case UInt8(ascii: "!"): return n == UInt8(ascii: "=") ? take(2, .bangEqual) : take(1, .bang)
        case UInt8(ascii: "="):
            if n == UInt8(ascii: "=") { return take(2, .equalEqual) }
            if n == UInt8(ascii: ">") { return take(2, .arrow) }
            return take(1, .equal)
        case UInt8(ascii: "<"): return n == UInt8(ascii: "=") ? take(2, .lessEqual) : take(1, .less)
        case UInt8(ascii: ">"): return n == UInt8(ascii: "=") ? take(2, .greaterEqual) : take(1, .greater)
        case UInt8(ascii: "&"): return n == UInt8(ascii: "&") ? take(2, .ampAmp) : nil
        case UInt8(ascii: "|"): return n == UInt8(ascii: "|") ? take(2, .pipePipe) : nil
        default: return nil
        }
    }

    // int    = digit { digit | "_" }
    // float  = int "." digit { digit } [ exponent ] | int exponent
    // duration = int ( "ms" | "s" | "m" | "h" | "d" )
    private mutating func number() -> Token {
        let start = i
        while i < b.count, Lexer.isDigit(b[i]) || b[i] == UInt8(ascii: "_") { i += 1 }
        var isFloat = false
        if peek() == UInt8(ascii: "."), Lexer.isDigit(peek(1)) {
            isFloat = true
            i += 1
            while i < b.count, Lexer.isDigit(b[i]) || b[i] == UInt8(ascii: "_") { i += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            let sign = peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-")
            if Lexer.isDigit(peek(sign ? 2 : 1)) {
                isFloat = true
                i += sign ? 2 : 1
                while i < b.count, Lexer.isDigit(b[i]) { i += 1 }
            }
        }
        let digits = String(decoding: b[start..<i].filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        var unit: Int?
        if !isFloat {
            let units: [(String, Int)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
            for (name, factor) in units {
                let u = Array(name.utf8)
                if Array(b[i..<min(b.count, i + u.count)]) == u, !Lexer.isIdent(peek(u.count)) {
                    i += u.count
                    unit = factor
                    break
                }
            }
        }
        if i < b.count, Lexer.isIdent(b[i]) {
            while i < b.count, Lexer.isIdent(b[i]) { i += 1 }
            let span = SourceSpan(start: start, end: i)
            error(
                "invalid number '\(file.text(span))'", span,
                hint: "durations take one of the units ms, s, m, h, d (e.g. 30s)")
            return Token(kind: .int(0), span: span)
        }
        let span = SourceSpan(start: start, end: i)
        if isFloat {
            guard let d = Double(digits), d.isFinite else {
                error("float literal out of range", span)
                return Token(kind: .float(0), span: span)
            }
            return Token(kind: .float(d), span: span)
        }
        if digits == "9223372036854775808", unit == nil { return Token(kind: .intMinMagnitude, span: span) }
        guard let n = Int(digits) else {
            error("integer literal too large", span, hint: "integers are 64-bit: at most 9223372036854775807")
            return Token(kind: .int(0), span: span)
        }
        if let unit {
            let (ms, overflow) = n.multipliedReportingOverflow(by: unit)
            if overflow {
                error("duration literal too large", span)
                return Token(kind: .duration(0), span: span)
            }
            return Token(kind: .duration(ms), span: span)
        }
        return Token(kind: .int(n), span: span)
    }

    private mutating func string() -> Token {
        let start = i
        let multi = peek(1) == UInt8(ascii: "\"") && peek(2) == UInt8(ascii: "\"")
        i += multi ? 3 : 1
        var parts: [StringPart] = []
        var buf: [UInt8] = []
        func flush() {
            if !buf.isEmpty {
                parts.append(.text(String(decoding: buf, as: UTF8.self)))
                buf.removeAll()
            }
        }
        while true {
            guard i < b.count else {
                if multi && !abandoned { endedEarly = true }
                error(
                    "unterminated string", SourceSpan(start: start, end: start + (multi ? 3 : 1)),
                    hint: multi ? "close it with \"\"\"" : "close the string with '\"' on the same line")
                break
            }
            let c = b[i]
            if c == 0x0A, !multi {
                error(
                    "unterminated string", SourceSpan(start: start, end: start + 1),
                    hint: "close the string with '\"' on the same line, or use \"\"\"...\"\"\" for several lines")
                break
            }
            if c == UInt8(ascii: "\"") {
                if !multi {
                    i += 1
                    break
                }
                if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                    i += 3
                    break
                }
                buf.append(c)
                i += 1
                continue
            }
            if c == UInt8(ascii: "\\") {
                escape(into: &buf)
                continue
            }
            if c == UInt8(ascii: "$"), peek(1) == UInt8(ascii: "{") {
                flush()
                let istart = i
                if interpolationDepth >= Limits.maxNesting {
                    error(
                        "string interpolation nested too deep: more than \(Limits.maxNesting) levels",
                        SourceSpan(start: istart, end: istart + 2),
                        hint: "build the string in steps with 'let' bindings")
                    // Nothing after this point can be read reliably: stop the file here.
                    abandoned = true
                    i = b.count
                    break
                }
                interpolationDepth += 1
                defer { interpolationDepth -= 1 }
                i += 2
                let tokens = interpolation(openedAt: istart)
                parts.append(.interpolation(tokens, SourceSpan(start: istart, end: i)))
                continue
            }
            buf.append(c)
            i += 1
        }
        flush()
        return Token(kind: .string(parts), span: SourceSpan(start: start, end: i))
    }

    /// Tokens of `${ ... }` up to the matching `}` (consumed). Newlines inside are ignored.
    private mutating func interpolation(openedAt start: Int) -> [Token] {
        var tokens: [Token] = []
        var depth = 0
        while true {
            let t = next()
            if t.isEOF {
                if !abandoned { endedEarly = true }
                error(
                    "unterminated interpolation", SourceSpan(start: start, end: start + 2),
                    hint: "close '${' with '}'")
                tokens.append(t)
                return tokens
            }
            if t.isNewline { continue }
            if t.is(.lbrace) { depth += 1 }
            if t.is(.rbrace) {
                if depth == 0 {
                    tokens.append(Token(kind: .eof, span: t.span))
                    return tokens
                }
                depth -= 1
            }
            tokens.append(t)
        }
    }

    private static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case 0x30...0x39: UInt32(c - 0x30)
        case 0x41...0x46: UInt32(c - 0x41 + 10)
        case 0x61...0x66: UInt32(c - 0x61 + 10)
        default: nil
        }
    }

    private mutating func appendScalar(_ v: UInt32, _ span: SourceSpan, into buf: inout [UInt8]) {
        guard let s = Unicode.Scalar(v) else {
            error("invalid Unicode scalar value in escape", span)
            return
        }
        buf.append(contentsOf: Array(String(Character(s)).utf8))
    }

    /// Four hex digits at `i`, or nil.
    private func hex4(at k: Int) -> UInt32? {
        guard k + 4 <= b.count else { return nil }
        var v: UInt32 = 0
        for j in k..<k + 4 {
            guard let h = Lexer.hexValue(b[j]) else { return nil }
            v = v * 16 + h
        }
        return v
    }

    private mutating func escape(into buf: inout [UInt8]) {
        let start = i
        let e = peek(1)
        i += 2
        switch e {
        case UInt8(ascii: "n"): buf.append(0x0A)
        case UInt8(ascii: "t"): buf.append(0x09)
        case UInt8(ascii: "r"): buf.append(0x0D)
        case UInt8(ascii: "b"): buf.append(0x08)
        case UInt8(ascii: "f"): buf.append(0x0C)
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "$"): buf.append(e)
        case UInt8(ascii: "u"):
            if peek() == UInt8(ascii: "{") {
                var k = i + 1
                var v: UInt32 = 0
                var count = 0
                while k < b.count, let h = Lexer.hexValue(b[k]), count < 8 {
                    v = v * 16 + h
                    k += 1
                    count += 1
                }
                guard count > 0, k < b.count, b[k] == UInt8(ascii: "}") else {
                    error(
                        "invalid \\u{...} escape", SourceSpan(start: start, end: min(k + 1, b.count)),
                        hint: "write one to eight hex digits: \\u{1F600}")
                    i = min(k, b.count)
                    return
                }
                i = k + 1
                appendScalar(v, SourceSpan(start: start, end: i), into: &buf)
                return
            }
            guard let v = hex4(at: i) else {
                error(
                    "invalid \\u escape", SourceSpan(start: start, end: min(i, b.count)),
                    hint: "write four hex digits (\\u00e9) or \\u{...}")
                return
            }
            i += 4
            if v >= 0xD800, v < 0xDC00 {
                // A JSON surrogate pair: \uD83D\uDE00.
                if peek() == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "u"), let low = hex4(at: i + 2),
                    low >= 0xDC00, low < 0xE000
                {
                    i += 6
                    appendScalar(
                        0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00), SourceSpan(start: start, end: i), into: &buf)
                    return
                }
                error(
                    "unpaired surrogate in \\u escape", SourceSpan(start: start, end: i),
                    hint: "a high surrogate \\uD800-\\uDBFF must be followed by a low one \\uDC00-\\uDFFF")
                return
            }
            if v >= 0xDC00, v < 0xE000 {
                error("unpaired surrogate in \\u escape", SourceSpan(start: start, end: i))
                return
            }
            appendScalar(v, SourceSpan(start: start, end: i), into: &buf)
        default:
            if e == 0 || e == 0x0A {
                i = start + 1
                buf.append(UInt8(ascii: "\\"))
                return
            }
            error(
                "unknown escape '\\\(Character(Unicode.Scalar(e)))'", SourceSpan(start: start, end: i),
                hint:
                    "valid escapes: \\n \\t \\r \\b \\f \\\" \\\\ \\/ \\$ \\u{...} \\uXXXX; "
                    + "write '\\\\' for a backslash"
            )
        }
    }
}
