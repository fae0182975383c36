import Testing

@testable import CCEScript

@Suite struct ParserTests {
    private func parse(_ text: String, name: String = "t.cce") -> ParseResult {
        Parser.parse(SourceFile(name: name, text: text))
    }

    @Test func validProgramHasNoDiagnostics() {
        let r = parse(
            """
            let xs = [1, 2,
              3,]
            fn f(a, b = 2) { return a + b }
            let g = fn(x) => x * 2
            if xs == ([1]) { print(1) } else if true { print(2) }
            else { print(3) }
            for i, x in xs { continue }
            while false { break }
            try { fail("x") } catch e { print(e.message) }
            let c = g(1)
              .foo()
              ?.bar
            let m = {a: 1, "b-c": [1, {d: null}],}
            """)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map { $0.render(color: false) })")
        #expect(r.statements.count == 9)
    }

    @Test func jsonDocumentIsAValidStatement() {
        let r = parse(#"{"kind": "Cluster", "spec": {"a": [1, 2.5, true, null], "b": {"c": "d",},}}"#)
        #expect(r.diagnostics.isEmpty)
    }

    @Test func newlineAfterBinaryOperatorContinues() {
        #expect(parse("let x = 1 +\n 2").diagnostics.isEmpty)
        #expect(!parse("let x = 1\n + * 2").diagnostics.isEmpty)
    }

    @Test func blocksInsideParenthesesUseNewlinesAgain() {
        let r = parse("print(map([1], fn(x) {\n let y = x\n return y\n}))")
        #expect(r.diagnostics.isEmpty)
    }

    @Test func unexpectedTokenIsReportedAtTheToken() throws {
        let r = parse("let x = 1 +* 2", name: "u.cce")
        let d = try #require(r.diagnostics.first)
        #expect(d.place == "u.cce:1:12")
        #expect(d.render(color: false).contains("hint:"))
        #expect(!r.incomplete)
    }

    @Test func recoversAndReportsSeveralErrors() {
        let r = parse("let = 1\nlet y = 2\nlet z = * 3\nprint(y)\nfn (")
        #expect(r.diagnostics.count == 3, "\(r.diagnostics.map(\.message))")
        #expect(r.diagnostics.map { $0.location?.line ?? 0 } == [1, 3, 5])
    }

    @Test func stopsAfterTwentyErrors() {
        let text = String(repeating: "let = 1\n", count: 50)
        #expect(parse(text).diagnostics.count == Limits.maxSyntaxErrors)
    }

    @Test func incompleteVersusInvalid() {
        #expect(Interpreter.inputStatus("let m = {") == .incomplete)
        #expect(Interpreter.inputStatus("fn sq(x) {\n  return x * x") == .incomplete)
        #expect(Interpreter.inputStatus("let n = [1,\n 2") == .incomplete)
        #expect(Interpreter.inputStatus("let s = \"\"\"abc") == .incomplete)
        #expect(Interpreter.inputStatus("1 +") == .incomplete)
        #expect(Interpreter.inputStatus("let x = 1 +* 2") == .invalid)
        #expect(Interpreter.inputStatus("let x = )") == .invalid)
        #expect(Interpreter.inputStatus("print(\"abc)") == .invalid)
        #expect(Interpreter.inputStatus("let x = 1") == .complete)
        #expect(Interpreter.inputStatus("fn sq(x) {\n  return x * x\n}") == .complete)
    }

    @Test func nestingAtTheLimitParsesAndOneMoreFails() {
        // The bound expression is one level and each bracket holding an item one more.
        let n = Limits.defaultNesting - 1
        let ok = "let x = " + String(repeating: "[", count: n) + "1" + String(repeating: "]", count: n)
        #expect(parse(ok).diagnostics.isEmpty, "\(parse(ok).diagnostics.map(\.message))")
        let bad = "let x = " + String(repeating: "[", count: n + 1) + "1" + String(repeating: "]", count: n + 1)
        let d = parse(bad).diagnostics
        #expect(d.count == 1)
        #expect(d.first?.message.contains("nesting too deep") == true)
    }

    @Test func veryDeepInputNeverOverflowsTheStack() {
        for opener in ["(", "[", "-", "!", "{a: ", "if true {"] {
            let text = String(repeating: opener, count: 100_000)
            #expect(!parse(text).diagnostics.isEmpty)
        }
    }

    @Test func longOperatorChainIsBounded() {
        let text = "let x = 1" + String(repeating: " + 1", count: Limits.maxOperatorChain + 5)
        #expect(parse(text).diagnostics.first?.message.contains("too long") == true)
    }

    @Test func assignmentNeedsAName() {
        let d = parse("let m = {}\nm.x = 1").diagnostics
        #expect(d.first?.message == "cannot assign to this expression")
        #expect(d.first?.hint?.contains("immutable") == true)
    }
}
