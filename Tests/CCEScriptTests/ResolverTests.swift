import Testing
@testable import CCEScript

/// Names read through the resolver's (scope hops, slot) must mean exactly what a search
/// by name means, in every place where the two could differ: names defined after they are
/// read, shadowing, loop and catch variables, defaults, the REPL, modules.
@Suite struct ResolverTests {
    @Test func aClosureSeesAVariableItsFunctionDefinesLater() async {
        #expect(await output("""
            fn outer() {
              let get = fn() { return later }
              var later = 1
              later = 2
              return get()
            }
            print(outer())
            """) == "2\n")
    }

    @Test func aNameReadBeforeItsLocalDefinitionIsTheOuterOne() async {
        #expect(await output("""
            let x = "global"
            fn f() {
              let before = x
              let x = "local"
              return before + " " + x
            }
            print(f())
            """) == "global local\n")
    }

    @Test func aClosureReturnedBeforeTheDefinitionRanFallsBackToTheOuterName() async {
        #expect(await output("""
            let y = "outer"
            fn f(early) {
              let g = fn() { return y }
              if early { return g }
              let y = "inner"
              return g
            }
            print(f(true)())
            print(f(false)())
            """) == "outer\ninner\n")
    }

    @Test func functionsDefinedLaterInABlockAreFoundByEarlierOnes() async {
        #expect(await output("""
            fn outer() {
              fn a() { return b() + 1 }
              fn b() { return 41 }
              return a()
            }
            print(outer())
            """) == "42\n")
    }

    @Test func shadowingInNestedBlocksAndLoops() async {
        #expect(await output("""
            var total = 0
            let k = 100
            for k in 0..<3 {
              if k == 1 {
                let k = 10
                total += k
              } else {
                total += k
              }
            }
            var i = 0
            while i < 2 {
              var j = i * 2
              total += j
              i += 1
            }
            print(total, k)
            """) == "14 100\n")
    }

    @Test func pairedLoopVariablesAndCatchNames() async {
        #expect(await output("""
            var out = []
            for i, x in ["a", "b"] { out += ["${i}${x}"] }
            let m0 = {p: 1, q: 2}
            for key, value in m0 { out += ["${key}=${value}"] }
            try { fail("boom") } catch e {
              let m = e.message
              out += [m]
            }
            print(out)
            """) == "[\"0a\", \"1b\", \"p=1\", \"q=2\", \"boom\"]\n")
    }

    @Test func defaultsSeeEarlierParametersOnly() async {
        #expect(await output("""
            let c = "outer c"
            fn f(a, b = a + 1, d = c) { return [a, b, d] }
            print(f(1))
            fn g(a, c = 5) { return c }
            print(g(0))
            """) == "[1, 2, \"outer c\"]\n5\n")
    }

    @Test func closuresCaptureLoopIterationsSeparately() async {
        #expect(await output("""
            var fs = []
            for i in 0..<3 { fs += [fn() { return i }] }
            var out = []
            for f in fs { out += [f()] }
            print(out)
            """) == "[0, 1, 2]\n")
    }

    @Test func assignmentsThroughClosuresReachTheRightSlot() async {
        #expect(await output("""
            fn counter() {
              var n = 0
              var unused = 0
              return fn() { n += 1; return n }
            }
            let c = counter()
            c()
            c()
            print(c())
            """) == "3\n")
        // A `let` reached through the slot path still refuses assignment by name.
        let r = await runScript("""
            fn f() {
              let n = 1
              let g = fn() { n = 2 }
              g()
            }
            f()
            """)
        #expect(r.failure?.message == "cannot assign to 'n': it was declared with 'let'")
    }

    @Test func replGlobalsMayBeRedefinedAndFunctionsSeeTheNewValue() async throws {
        let interp = Interpreter(options: InterpreterOptions(limits: Limits(), output: { _ in }))
        _ = await interp.evaluateEntry("let x = 1")
        _ = await interp.evaluateEntry("fn f() { return x }")
        _ = await interp.evaluateEntry("let x = 2")
        guard case .success(let v) = await interp.evaluateEntry("f()") else {
            Issue.record("f() failed")
            return
        }
        #expect(v.map(\.literalDescription) == "2")
        // A global defined after its reader's first run is found by the reader's cache.
        _ = await interp.evaluateEntry("fn g() { return later }")
        if case .success = await interp.evaluateEntry("g()") { Issue.record("g() should fail before 'later' exists") }
        _ = await interp.evaluateEntry("var later = 7")
        guard case .success(let w) = await interp.evaluateEntry("g()") else {
            Issue.record("g() failed")
            return
        }
        #expect(w.map(\.literalDescription) == "7")
    }

    @Test func undefinedNamesStillGetHints() async {
        let r = await runScript("""
            fn f() {
              let counter = 1
              return countr
            }
            f()
            """)
        #expect(r.failure?.message == "undefined name 'countr'")
        #expect(r.stderr.contains("counter"))
    }

    @Test func recursionAcrossNestedFunctionsUsesTheRightScopes() async {
        #expect(await output("""
            fn make(depth) {
              fn walk(n) {
                if n == 0 { return depth }
                return walk(n - 1) + 1
              }
              return walk
            }
            let w = make(10)
            print(w(5), make(0)(3))
            """) == "15 3\n")
    }
}
