import CCECore
import Testing

@Suite struct JSONValueTests {
    private func parseError(_ text: String) -> JSONParseError? {
        do {
            _ = try JSONValue.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func roundTripKeepsKeyOrderAndNumberKinds() throws {
        let text = #"{"z":1,"a":[true,false,null],"m":{"y":-2.5,"x":"h\u00e9"},"f":5.0,"e":""}"#
        let value = try JSONValue.parse(text)
        #expect(value.objectValue.map { Array($0.keys) } == ["z", "a", "m", "f", "e"])
        #expect(value["f"] == .double(5))
        if case .double = value["f"] {} else { Issue.record("5.0 should stay a float") }
        #expect(value.serialized() == #"{"z":1,"a":[true,false,null],"m":{"y":-2.5,"x":"hé"},"f":5.0,"e":""}"#)
        #expect(try JSONValue.parse(value.serialized()) == value)
        #expect(try JSONValue.parse(value.serialized(.pretty)) == value)
    }

    @Test func escapesAreDecodedAndWrittenBack() throws {
        let value = try JSONValue.parse(#"["a\"b\\c\/d\b\f\n\r\t", "plain", "tab\u0009x", "\u0001"]"#)
        #expect(value[0] == .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
        #expect(value[1] == .string("plain"))
        #expect(value[2] == .string("tab\tx"))
        #expect(value.serialized() == #"["a\"b\\c/d\b\f\n\r\t","plain","tab\tx","\u0001"]"#)
        // Text before an escape is kept.
        #expect(try JSONValue.parse(#""prefix-ü\nsuffix""#) == .string("prefix-ü\nsuffix"))
    }

    @Test func surrogatePairsMakeOneScalar() throws {
        #expect(try JSONValue.parse(#""\ud83d\ude00 x""#) == .string("😀 x"))
        #expect(try JSONValue.parse("\"😀\"") == .string("😀"))
        #expect(parseError(#""\ud83d x""#)?.message.contains("unpaired surrogate") == true)
        #expect(parseError(#""\ude00""#)?.message.contains("unpaired surrogate") == true)
        #expect(parseError(#""\ud83d\u0041""#)?.message.contains("low surrogate") == true)
    }

    @Test func numbers() throws {
        #expect(try JSONValue.parse("0") == .int(0))
        #expect(try JSONValue.parse("-0") == .int(0))
        #expect(try JSONValue.parse("9223372036854775807") == .int(Int.max))
        #expect(try JSONValue.parse("-9223372036854775808") == .int(Int.min))
        #expect(try JSONValue.parse("1e3") == .double(1000))
        #expect(try JSONValue.parse("-12.25E-1") == .double(-1.225))
        #expect(parseError("9223372036854775808")?.message.contains("outside the 64-bit range") == true)
        #expect(parseError("-9223372036854775809")?.message.contains("outside the 64-bit range") == true)
        #expect(parseError("01") != nil)
        #expect(parseError("1.") != nil)
        #expect(parseError("-") != nil)
        #expect(parseError("1e999")?.message.contains("out of range") == true)
    }

    @Test func errorsNameLineAndColumn() throws {
        let e = try #require(parseError("{\n  \"a\": tru\n}"))
        #expect(e.line == 2 && e.column == 8)
        #expect(e.description == "JSON line 2, column 8: invalid literal, expected 'true'")
        let unterminated = try #require(parseError("[\"abc"))
        #expect(unterminated.message == "unterminated string" && unterminated.column == 2)
        #expect(parseError("\"a\u{01}b\"")?.message.contains("control character") == true)
        #expect(parseError("{\"a\":1,}")?.message == "expected a string key")
        #expect(parseError("[1 2]")?.message == "expected ',' or ']'")
        #expect(parseError("1 2")?.message == "unexpected text after the JSON value")
        #expect(parseError("")?.message.contains("unexpected end of input") == true)
    }

    @Test func invalidUTF8IsRefused() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0x61, 0xC3, 0x22], [0x22, 0xC3, 0x5C, 0x6E, 0x22]] {
            #expect(throws: JSONParseError.self) { try JSONValue.parse(bytes) }
        }
    }

    @Test func nestingIsBounded() throws {
        let depth = JSONValue.maximumNestingDepth
        let fine = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(try JSONValue.parse(fine).arrayValue != nil)
        let deep = String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)
        #expect(parseError(deep)?.message.contains("nesting deeper") == true)
        let deepObjects =
            String(repeating: "{\"a\":", count: depth + 1) + "1" + String(repeating: "}", count: depth + 1)
        #expect(parseError(deepObjects)?.message.contains("nesting deeper") == true)
    }
}
