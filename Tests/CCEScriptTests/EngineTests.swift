import CCECore
import Foundation
import Testing

@testable import CCEScript

/// What a program printed and how it ended, on one engine.
private func outcome(_ source: String, engine: Engine, limits: Limits = Limits()) async -> String {
    let sink = OutputSink()
    let interp = Interpreter(options: InterpreterOptions(limits: limits, output: { sink.append($0) }, engine: engine))
    switch await interp.execute(source: source, fileName: "t.cce") {
    case .success: return sink.text
    case .failure(let f): return sink.text + "FAILED " + f.render(color: false)
    }
}

/// The compiled engine against the reference walker on the corners of name resolution,
/// scopes and calls, where the two are built most differently (slots and boxes against a
/// search by name). Every program must print the same and fail the same, at the same place.
@Suite struct EngineAgreementTests {
    static let programs: [String] = [
        // A name read before its own `let` in the same block finds the outer one.
        "let x = 1\nfn f() { let a = x\nlet x = 2\nreturn [a, x] }\nprint(f())",
        // A closure reads a `var` its function declares later, once it is defined.
        "fn outer() { fn g() { return y }\nvar y = 5\nreturn g() }\nprint(outer())",
        // …and before: the global of that name, else the error.
        "let y = 9\nfn outer() { fn g() { return y }\nlet r = g()\nvar y = 5\nreturn r }\nprint(outer())",
        "fn outer() { fn g() { return zz }\nreturn g() }\nprint(outer())",
        // Mutual recursion of local functions, and a local function calling itself.
        """
        fn parity(n) {
          fn even(k) { if k == 0 { return true } return odd(k - 1) }
          fn odd(k) { if k == 0 { return false } return even(k - 1) }
          fn count(k) { if k == 0 { return 0 } return 1 + count(k - 1) }
          return [even(n), odd(n), count(n)]
        }
        print(parity(7))
        """,
        // Each iteration's variables are fresh for the closures made in it.
        "var fs = []\nfor i in 0..<3 { let j = i * 10\nfs += [fn() => i + j] }\nprint(fs.map(fn(f) => f()))",
        "var fs = []\nvar k = 0\nwhile k < 3 { let c = k\nfs += [fn() => c]\nk += 1 }\nprint(fs.map(fn(f) => f()))",
        // Closures share the variables they capture, and may rebind a `var`.
        """
        fn counter() { var n = 0
          fn inc() { n += 1
            return n }
          fn get() { return n }
          return [inc, get] }
        let c = counter()
        c[0]()
        c[0]()
        print(c[1](), c[0]())
        """,
        // Defaults see the parameters before them; named arguments; errors of calls.
        "fn f(a, b = a * 2, c = b + 1) { return [a, b, c] }\nprint(f(1), f(1, c: 0), f(b: 5, a: 0))",
        "fn f(a, b) { return a }\nf(1, 2, 3)",
        "fn f(a, b) { return a }\nf(1)",
        "fn f(a, b) { return a }\nf(1, c: 2)",
        "fn f(a, a) { return a }\nprint(f(1, 2))",
        // Redefinition, assignment to `let`, undefined names with hints.
        "let a = 1\nlet a = 2",
        "fn g() { let q = 1\nvar q = 2 }\ng()",
        "let a = 1\na = 2",
        "fn g() { let lengthy = 1\nreturn lenghty }\ng()",
        "var total = 0\nfn add() { totl += 1 }\nadd()",
        "for i in 0..<2 { let i = 5 }",
        "fn g() { for i in 0..<2 { let t = i\nlet t = 3 } }\ng()",
        // `xs += [x]` on every kind of place: a local `var` or `let`, one read before its
        // `var` (the global then), a global `let`, a value that is not a list.
        """
        var gl = [0]
        let fixed = [1]
        fn f() { var xs = []
          xs += [1]
          xs += [[2]]
          gl += [xs]
          return xs }
        print(f(), gl)
        fn early() { gl += [7]
          var gl = [8]
          gl += [9]
          return gl }
        print(early(), gl)
        """,
        "fn f() { let xs = []\nxs += [1] }\nf()",
        "let fixed = [1]\nfixed += [2]",
        "fn f() { var n = 1\nn += [2] }\nf()",
        "var s = \"a\"\ns += [\"b\"]",
        "fn f() { ys += [1] }\nf()",
        // try/catch with declarations, in loops, unwinding calls.
        """
        fn boom(n) { if n > 2 { return 1 / 0 } return boom(n + 1) }
        var seen = []
        for i in 0..<3 {
          try { let t = boom(i)
            seen += [t] } catch e { let m = e.message
            seen += [m] }
        }
        print(seen)
        """,
        // Step limits stop both at the same place.
        "var i = 0\nwhile true { i += 1 }",
        "fn r(n) { return r(n + 1) }\nr(0)",
        // Loops over every iterable, paired and not, with break and continue.
        """
        var out = []
        for k, v in {a: 1, b: 2} { out += [k, v] }
        for i, ch in "hé" { out += [i, ch] }
        for x in [1, 2, 3, 4] { if x == 2 { continue }
          if x == 4 { break }
          out += [x] }
        for n in 3..1 { out += [n] }
        for n in 1..3 { out += [n] }
        print(out)
        """,
        // Operators, interpolation, maps and methods.
        "let m = {a: [1, {b: 2}]}\nprint(\"${m.a[1].b} ${m?.x ?? 7} ${[1, 2] + [3]}\", m.a.len(), 7 % 3, -7 / 2)",
        "print(9223372036854775807 + 1)",
        // Counting loops in functions: the body's names fresh each time, nested loops, a
        // loop left by an error and run again.
        """
        fn f() { var out = []
          for i in 0..<3 { let sq = i * i
            for j in 0..<i { if j == 1 { continue }
              let s = sq + j
              out += [s] }
            if i == 2 { break } }
          for i in 0..<2 { out += [i] }
          return out }
        fn g() { var out = []
          for r in 0..<2 {
            try { for i in 0..<3 { if i == 1 { let z = 1 / 0 }
                out += [i] } } catch e { out += ["caught"] } }
          return out }
        print(f(), g())
        """,
        "fn f() { for i in 0..<3 { i = 5 } }\nf()",
        "fn f() { for i in 0..<3 { let i = 5 } }\nf()",
        // `i op= n` in place on a global and on a local: ints, the overflow, a float, a
        // string, a `let`, every operator.
        """
        var g = 7
        g += 2
        g -= 20
        g *= 3
        g %= 5
        var f = 1.5
        f += 2
        var s = "a"
        s += "b"
        fn loc() { var n = 7
          n += 2
          n -= 20
          n *= 3
          n %= 5
          var d = 2
          d /= 4
          return [n, d] }
        print(g, f, s, loc())
        """,
        "var g = 9223372036854775806\ng += 1\nprint(g)\ng += 1",
        "fn f() { var n = -9223372036854775807\nn -= 1\nprint(n)\nn -= 1 }\nf()",
        "var g = 1\ng %= 0",
        "let g = 1\ng += 1",
        "fn f() { let n = 1\nn += 1 }\nf()",
        "print(1 < \"a\")",
        "let s = \"x\"\nprint(s.upper(), s.nope())",
    ]

    @Test(arguments: programs)
    func theEnginesAgree(_ program: String) async {
        let limits = Limits(callDepth: 100, steps: 5_000)
        let compiled = await outcome(program, engine: .compiled, limits: limits)
        let reference = await outcome(program, engine: .reference, limits: limits)
        #expect(compiled == reference)
    }

    @Test func theSharedConformanceProgramsAgree() async throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../shared/conformance/programs").standardized
        // (The shared directory sits beside the checkout in CI; a lone checkout skips this.)
        guard let top = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return }
        let names =
            top
            + ((try? FileManager.default.contentsOfDirectory(atPath: dir.path + "/errors")) ?? []).map {
                "errors/" + $0
            }
        var compared = 0
        for name in names.sorted() where name.hasSuffix(".cce") {
            let source = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            // Programs that talk to a service are compared by the conformance runner itself.
            if source.contains("create(") || source.contains("wait(") { continue }
            let compiled = await outcome(source, engine: .compiled)
            let reference = await outcome(source, engine: .reference)
            #expect(compiled == reference, "\(name)")
            compared += 1
        }
        #expect(compared > 0)
    }
}

/// The embedding API: one interpreter shared by tasks, limits per evaluation, typed
/// parameters, async built-ins, one error type.
@Suite struct EmbeddingAPITests {
    @Test func oneInterpreterServesManyTasksOneEvaluationAtATime() async throws {
        let interp = Interpreter(options: InterpreterOptions(limits: Limits(), output: { _ in }))
        _ = try await interp.evaluate("var hits = 0")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    // A read and a write in one evaluation: interleaved evaluations would lose updates.
                    _ = try await interp.evaluate("let before = hits\nfor i in 0..<200 { i + 1 }\nhits = before + 1")
                }
            }
            try await group.waitForAll()
        }
        #expect(try await interp.evaluate("hits") == .int(16))
    }

    @Test func limitsCanBeSetForOneEvaluation() async throws {
        let interp = Interpreter(options: InterpreterOptions(limits: Limits(), output: { _ in }))
        await #expect(throws: ScriptFailure.self) {
            _ = try await interp.evaluate("var i = 0\nwhile true { i += 1 }", limits: Limits(steps: 1_000))
        }
        // The next evaluation has the interpreter's own limits again.
        #expect(try await interp.evaluate("var n = 0\nfor i in 0..<5000 { n += 1 }\nn") == .int(5000))
    }

    @Test func typedParametersAndAsyncBuiltins() async throws {
        let interp = Interpreter(options: InterpreterOptions(limits: Limits(), output: { _ in }))
        interp.register(function: "twice", parameters: [.required("x"), .optional("times")]) { args in
            .int(try args.int(0) * (args.has(1) ? try args.int(1) : 2))
        }
        interp.register(
            function: "later", parameters: [.required("x")],
            async: { args in
                try await Task.sleep(for: .milliseconds(5))
                return args[0]
            })
        #expect(
            try await interp.evaluate("[twice(3), twice(3, times: 3), later(\"ok\")]")
                == .list([.int(6), .int(9), .string("ok")]))
        let failure = await #expect(throws: ScriptFailure.self) { _ = try await interp.evaluate("twice(1, tims: 2)") }
        #expect(failure?.diagnostics.first?.hint == "did you mean 'times'?")
    }

    /// Script calls nest on the script thread's stack; the depth ceiling must fit it, on the
    /// main script thread and on a `parallel` item's thread (a debug build has the largest
    /// frames).
    @Test func recursionToTheDepthCeilingFitsTheStack() async throws {
        let interp = Interpreter(
            options: InterpreterOptions(limits: Limits(callDepth: Limits.maxCallDepth + 5), output: { _ in }))
        #expect(interp.options.limits.callDepth == Limits.maxCallDepth)
        let d = Limits.maxCallDepth - 10
        let source = """
            fn down(n) { if n == 0 { return 0 } return 1 + down(n - 1) }
            [down(\(d)), parallel([\(d), \(d)], fn(k) => down(k))]
            """
        #expect(try await interp.evaluate(source) == .list([.int(d), .list([.int(d), .int(d)])]))
    }

    @Test func aValueThatDoesNotFitIsAScriptFailure() async throws {
        let interp = Interpreter(options: InterpreterOptions(limits: Limits(), output: { _ in }))
        let failure = await #expect(throws: ScriptFailure.self) {
            _ = try await interp.evaluate("{a: 1}", as: [String].self)
        }
        #expect(failure?.code == "conversion")
    }

    @Test func runThrowsTheScriptsFailure() async throws {
        let interp = Interpreter(options: InterpreterOptions(limits: Limits(), output: { _ in }))
        let failure = await #expect(throws: ScriptFailure.self) {
            try await interp.run(source: "\n  nope()", fileName: "x.cce")
        }
        #expect(failure?.diagnostics.first?.location == SourceLocation(line: 2, column: 3))
    }

    /// Scripts run on threads of their own: CPU-bound scripts elsewhere do not delay the
    /// cancellation of this one (the cooperative pool stays free to resume its task).
    @Test func cancellationStopsALoopPromptlyWhileOtherScriptsSpin() async throws {
        var others: [Task<ScriptOutcome, Never>] = []
        for _ in 0..<3 {
            let other = Interpreter(options: InterpreterOptions(limits: Limits(), output: { _ in }))
            others.append(
                Task {
                    await other.execute(
                        source: "fn spin() { var i = 0\nwhile true { i += 1 } }\nspin()", fileName: "o.cce")
                })
        }
        defer { for o in others { o.cancel() } }
        let interp = Interpreter(options: InterpreterOptions(limits: Limits(), output: { _ in }))
        let task = timedTask {
            await interp.execute(source: "fn spin() { var i = 0\nwhile true { i += 1 } }\nspin()", fileName: "s.cce")
        }
        try await Task.sleep(for: .milliseconds(50))
        let (result, took) = await cancelAndTime(task)
        #expect(took < .milliseconds(100))
        guard case .failure(let f) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(f.kind == .cancelled)
        for o in others {
            o.cancel()
            _ = await o.value
        }
    }
}
