import Testing

@testable import CCEScript

@Suite struct REPLTests {
    @Test func replTranscriptMatchesTheConformanceExpectation() async throws {
        // The entries of conformance/programs/repl.in, split as the REPL splits them.
        let entries = [
            "let a = 2", "a * 21", "let m = {\n  name: \"multi-line\",\n  n: [1,\n      2],\n}", "m.n", "_ + [3]",
            "fn sq(x) {\n  return x * x\n}", "sq(12)", "undefined_thing", "\"still alive\"",
        ]
        let interp = Interpreter(options: InterpreterOptions(output: { _ in }))
        var printed: [String] = []
        var errors = 0
        for e in entries {
            switch await interp.evaluateEntry(e) {
            case .success(let v): if let v { printed.append(v.literalDescription) }
            case .failure(let f):
                errors += 1
                #expect(f.render(color: false).hasPrefix("<repl>:1:1: error: undefined name 'undefined_thing'"))
            }
        }
        #expect(printed == ["42", "[1, 2]", "[1, 2, 3]", "144", "\"still alive\""])
        #expect(errors == 1)
    }

    @Test func entriesAreIncompleteUntilTheParserSaysSo() {
        var buffer = ""
        var statuses: [InputStatus] = []
        for line in ["let m = {", "  name: \"multi-line\",", "  n: [1,", "      2],", "}"] {
            buffer += (buffer.isEmpty ? "" : "\n") + line
            statuses.append(Interpreter.inputStatus(buffer))
        }
        #expect(statuses == [.incomplete, .incomplete, .incomplete, .incomplete, .complete])
    }

    @Test func globalsCompletionsAndReset() async {
        let interp = Interpreter(options: InterpreterOptions(output: { _ in }))
        _ = await interp.evaluateEntry("let alpha = 1")
        _ = await interp.evaluateEntry("let s = \"x\"")
        _ = await interp.evaluateEntry("let alpha = 2")  // the REPL may redefine
        #expect(interp.globals().map(\.name) == ["alpha", "s"])
        #expect(interp.completions(for: "print(alp") == ["print(alpha"])
        #expect(interp.completions(for: "s.up") == ["s.upper"])
        #expect(interp.completions(for: "pri").contains("print"))
        interp.reset()
        #expect(interp.globals().isEmpty)
    }

    @Test func manyGlobalsKeepTheirOrderAndValues() async {
        let interp = Interpreter(options: InterpreterOptions(output: { _ in }))
        for k in 0..<40 { _ = await interp.evaluateEntry("var g\(k) = \(k)") }
        _ = await interp.evaluateEntry("g7 = 70")
        guard case .success(let v) = await interp.evaluateEntry("g0 + g7 + g39") else {
            Issue.record("failed")
            return
        }
        #expect(v?.literalDescription == "109")
        #expect(interp.globals().map(\.name) == (0..<40).map { "g\($0)" } + ["_"])
    }

    @Test func registeredBuiltinsUseUniformUnpacking() async throws {
        let interp = Interpreter(options: InterpreterOptions(output: { _ in }))
        interp.register(
            Builtin("greet", [.required("who"), .optional("greeting")]) { _, a in
                .string("\(a.has(1) ? try a.string(1) : "hello") \(try a.string(0))")
            })
        interp.register(
            method: Builtin("twice", []) { _, a in
                if case .int(let n) = a.receiver { return .int(n * 2) }
                return .null
            }, for: "int")
        guard case .success(let v) = await interp.evaluateEntry("greet(\"cce\", greeting: \"hi\") + str(21.twice())")
        else {
            Issue.record("failed")
            return
        }
        #expect(v?.printDescription == "hi cce42")
        guard case .failure(let f) = await interp.evaluateEntry("greet(1)") else {
            Issue.record("expected a type error")
            return
        }
        #expect(f.message == "greet(): argument 'who' must be a string, not int")
        #expect(f.diagnostics.first?.place == "<repl>:1:1")
        guard case .failure(let g) = await interp.evaluateEntry("greet(\"a\", greting: \"b\")") else {
            Issue.record("expected an argument error")
            return
        }
        #expect(g.diagnostics.first?.hint == "did you mean 'greeting'?")
        guard case .failure(let h) = await interp.evaluateEntry("greet(\"a\", \"b\", \"c\")") else {
            Issue.record("expected an arity error")
            return
        }
        #expect(h.message == "greet() takes at most 2 arguments but 3 were given")
    }
}
