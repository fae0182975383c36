import Testing

@testable import CCEScript

/// The synchronous fast paths (closure-compiled code, synchronous calls) must behave
/// exactly like the async tree walk they shortcut.
@Suite struct EvaluatorSyncPathTests {
    @Test func mutualRecursionAndDefaultsRunCorrectly() async {
        let src = """
            fn isEven(n) { if n == 0 { return true } return isOdd(n - 1) }
            fn isOdd(n) { if n == 0 { return false } return isEven(n - 1) }
            fn add(a, b = a + 1) { return a + b }
            print(isEven(10), isOdd(7), add(1), add(1, 5))
            """
        #expect(await output(src) == "true true 3 6\n")
    }

    @Test func functionsReachingBuiltinsOrParametersStillWork() async {
        let src = """
            fn size(xs) { return len(xs) }
            fn apply(f, x) { return f(x) }
            fn twice(x) { return x * 2 }
            print(size([1, 2, 3]), apply(twice, 4), apply(size, "abc"))
            """
        #expect(await output(src) == "3 8 3\n")
    }

    @Test func closuresShareTheirCapturedVariables() async {
        let src = """
            fn counter() {
              var n = 0
              fn inc() { n += 1
                return n }
              return inc
            }
            let c = counter()
            c()
            print(c(), counter()())
            """
        #expect(await output(src) == "2 1\n")
    }

    @Test func reboundVariablesAreCalledThroughTheirCurrentValue() async {
        let src = """
            var g = fn(x) { return x }
            fn h(x) { return g(x) }
            let a = h(2)
            g = fn(x) { return x * 10 }
            print(a, h(2))
            """
        #expect(await output(src) == "2 20\n")
    }

    @Test func replRedefinitionIsSeenByCallers() async {
        let interp = Interpreter(options: InterpreterOptions(output: { _ in }))
        _ = await interp.evaluateEntry("fn f() { return 1 }\nfn g() { return f() }")
        guard case .success(.int(1)?) = await interp.evaluateEntry("g()") else {
            Issue.record("expected 1")
            return
        }
        _ = await interp.evaluateEntry("fn f() { return 2 }")
        guard case .success(.int(2)?) = await interp.evaluateEntry("g()") else {
            Issue.record("expected 2")
            return
        }
    }

    @Test func errorsInSynchronousCallsKeepPositionsAndKinds() async throws {
        let overflow = try #require(
            await runScript("fn big(n) { return n * 4611686018427387904 }\nbig(4)", fileName: "o.cce").failure)
        #expect(overflow.message.contains("integer overflow"))
        #expect(overflow.diagnostics.first?.place == "o.cce:1:20")
        #expect(overflow.stack.map(\.line) == ["o.cce:1:20: in big", "o.cce:2:1: in <script>"])
        let arity = try #require(
            await runScript("fn one(a) { return a }\nfn two() { return one(1, 2) }\ntwo()").failure)
        #expect(arity.message.contains("one() takes 1 argument but 2 were given"))
        let cond = try #require(await runScript("fn f(n) { if n { return 1 } return 0 }\nf(1)").failure)
        #expect(cond.message.contains("'if' condition must be a bool"))
    }

    @Test func loopsInsideFunctionsHonourTheStepLimit() async throws {
        let r = await runScript("fn spin() { var i = 0\nwhile true { i += 1 } }\nspin()", limits: Limits(steps: 10_000))
        let f = try #require(r.failure)
        #expect(f.kind == .limit)
        #expect(f.message.contains("step limit of 10000"))
    }
}
