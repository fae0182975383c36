/// Reserved words of the language.
enum Keyword: String, CaseIterable, Sendable {
    case `let`, `var`, `fn`, `return`, `if`, `else`, `for`, `in`, `while`, `break`, `continue`
    case `try`, `catch`, `import`, `as`, `true`, `false`, `null`
}

/// Operators and punctuation.
enum Punct: String, Sendable {
    case lparen = "("
    case rparen = ")"
    case lbracket = "["
    case rbracket = "]"
    case lbrace = "{"
    case rbrace = "}"
    case comma = ","
    case colon = ":"
    case semicolon = ";"
    case dot = "."
    case questionDot = "?."
    case questionQuestion = "??"
    case dotDot = ".."
    case dotDotLess = "..<"
    case plus = "+"
    case minus = "-"
    case star = "*"
    case slash = "/"
    case percent = "%"
    case bang = "!"
    case equalEqual = "=="
    case bangEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case equal = "="
    case plusEqual = "+="
    case minusEqual = "-="
    case starEqual = "*="
    case slashEqual = "/="
    case percentEqual = "%="
    case ampAmp = "&&"
    case pipePipe = "||"
    case arrow = "=>"
}

/// A piece of a string literal: literal text, or an interpolated expression's tokens.
enum StringPart: Sendable {
    case text(String)
    case interpolation([Token], SourceSpan)
}

enum TokenKind: Sendable {
    case eof
    case newline
    case identifier(String)
    case keyword(Keyword)
    case punct(Punct)
    case int(Int)
    /// 9223372036854775808: valid only right after a unary minus.
    case intMinMagnitude
    case float(Double)
    /// Milliseconds.
    case duration(Int)
    case string([StringPart])
    /// A character the lexer could not use; already reported.
    case invalid
}

/// A token and the bytes it covers.
struct Token: Sendable {
    var kind: TokenKind
    var span: SourceSpan

    var isEOF: Bool { if case .eof = kind { true } else { false } }
    var isNewline: Bool { if case .newline = kind { true } else { false } }
    func `is`(_ p: Punct) -> Bool { if case .punct(let q) = kind { q == p } else { false } }
    func `is`(_ k: Keyword) -> Bool { if case .keyword(let q) = kind { q == k } else { false } }

    /// How the token reads in a message: `'*'`, `end of input`, `newline`.
    var display: String {
        switch kind {
        case .eof: "end of input"
        case .newline: "newline"
        case .identifier(let s): "'\(s)'"
        case .keyword(let k): "'\(k.rawValue)'"
        case .punct(let p): "'\(p.rawValue)'"
        case .int, .float, .duration, .intMinMagnitude: "number"
        case .string: "string"
        case .invalid: "invalid character"
        }
    }
}
