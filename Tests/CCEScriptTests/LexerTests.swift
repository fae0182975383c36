import Testing

@testable import CCEScript

@Suite struct LexerTests {
    private func kinds(_ text: String) -> [TokenKind] {
        Lexer.tokenize(SourceFile(name: "t", text: text)).tokens.map(\.kind)
    }

    private func diagnostics(_ text: String) -> [SourceDiagnostic] {
        Lexer.tokenize(SourceFile(name: "t", text: text)).diagnostics
    }

    private func stringValue(_ text: String) -> String? {
        guard case .string(let parts) = kinds(text).first else { return nil }
        var s = ""
        for case .text(let t) in parts { s += t }
        return s
    }

    @Test func numbersDurationsAndUnderscores() {
        let k = kinds("1_000 2.5 2e3 1e-05 250ms 30s 20m 1h 1d")
        guard case .int(1000) = k[0], case .float(2.5) = k[1], case .float(2000) = k[2], case .float(1e-05) = k[3],
            case .duration(250) = k[4], case .duration(30000) = k[5], case .duration(1_200_000) = k[6],
            case .duration(3_600_000) = k[7], case .duration(86_400_000) = k[8]
        else {
            Issue.record("unexpected tokens \(k)")
            return
        }
    }

    @Test func rangeIsNotAFloat() {
        let k = kinds("1..3")
        guard case .int(1) = k[0], case .punct(.dotDot) = k[1], case .int(3) = k[2] else {
            Issue.record("unexpected tokens \(k)")
            return
        }
    }

    @Test func integerLiteralTooLargeIsAnErrorNotATrap() {
        let d = diagnostics("9223372036854775809")
        #expect(d.count == 1)
        #expect(d.first?.message.contains("too large") == true)
        // Int.min's magnitude is valid only after a minus sign.
        #expect(Parser.parse(SourceFile(name: "t", text: "let x = -9223372036854775808")).diagnostics.isEmpty)
        #expect(
            Parser.parse(SourceFile(name: "t", text: "let x = 9223372036854775808")).diagnostics.first?.message
                == "integer literal too large")
    }

    @Test func stringEscapes() {
        #expect(stringValue(#""a\n\t\"\\\/\$b""#) == "a\n\t\"\\/$b")
        #expect(stringValue(#""\u{1F600}\u00e9""#) == "😀é")
        #expect(stringValue(#""\uD83D\uDE00""#) == "😀")
        #expect(stringValue(#""\${x}""#) == "${x}")
    }

    @Test func loneSurrogateIsAnError() {
        #expect(diagnostics(#""\uD83D x""#).first?.message.contains("surrogate") == true)
    }

    @Test func interpolationKeepsItsTokens() {
        guard case .string(let parts) = kinds(#""a${x + {b: 1}.b}c""#).first else {
            Issue.record("no string")
            return
        }
        #expect(parts.count == 3)
        if case .interpolation(let toks, _) = parts[1] {
            #expect(toks.count > 5)
        } else {
            Issue.record("no interpolation")
        }
    }

    @Test func unterminatedStringPointsAtTheQuote() throws {
        let file = SourceFile(name: "t", text: "let a = 1\nprint(\"abc)\n")
        let d = try #require(Lexer.tokenize(file).diagnostics.first)
        #expect(d.location == SourceLocation(line: 2, column: 7))
    }

    @Test func multiLineStringIsVerbatimAndIncompleteAtEOF() {
        #expect(stringValue("\"\"\"a\n  b\"\"\"") == "a\n  b")
        #expect(Lexer.tokenize(SourceFile(name: "t", text: "\"\"\"abc")).endedEarly)
    }

    @Test func columnsCountCharacters() {
        let file = SourceFile(name: "t", text: "let é👍🏽 = x\n\tyy")
        // "let é👍🏽 = " : l e t space é 👍🏽 space = space -> x is character 10
        #expect(file.location(of: Array("let é👍🏽 = ".utf8).count) == SourceLocation(line: 1, column: 10))
        #expect(file.location(of: file.bytes.count - 1) == SourceLocation(line: 2, column: 3))
    }

    @Test func byteOrderMarkShebangAndCRLF() {
        let k = kinds("\u{FEFF}#!/usr/bin/env cce\r\nx\r\n")
        guard case .newline = k[0], case .identifier("x") = k[1], case .newline = k[2], case .eof = k[3] else {
            Issue.record("unexpected tokens \(k)")
            return
        }
        let file = SourceFile(name: "t", text: "\u{FEFF}x")
        #expect(file.location(of: 3) == SourceLocation(line: 1, column: 1))
    }

    @Test func unexpectedCharacterIsReportedWithAHint() {
        let d = diagnostics("a & b")
        #expect(d.first?.message == "unexpected character '&'")
        #expect(d.first?.hint?.contains("&&") == true)
    }
}
