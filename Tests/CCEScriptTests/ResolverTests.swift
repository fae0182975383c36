import Testing

@testable import CCEScript

/// Names read through the resolver's (scope hops, slot) must mean exactly what a search
/// by name means, in every place where the two could differ: names defined after they are
/// read, shadowing, loop and catch variables, defaults, the REPL, modules.
@Suite struct ResolverTests {
    @Test func aClosureSeesAVariableItsFunctionDefinesLater() async {
        #expect(
            await output(
                """
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
        #expect(
            await output(
                """
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
        #expect(
            await output(
                """
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
        #expect(
            await output(
                """
                fn outer() {
                  fn a() { return b() + 1 }
                  fn b() { return 41 }
                  return a()
                }
                print(outer())
                """) == "42\n")
    }

    @Test func shadowingInNestedBlocksAndLoops() async {
        #expect(
            await output(
                """
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
        #expect(
            await output(
                """
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
        #expect(
            await output(
                """
                let c = "outer c"
                fn f(a, b = a + 1, d = c) { return [a, b, d] }
                print(f(1))
                fn g(a, c = 5) { return c }
                print(g(0))
                """) == "[1, 2, \"outer c\"]\n5\n")
    }

    @Test func closuresCaptureLoopIterationsSeparately() async {
        #expect(
            await output(
                """
                var fs = []
                for i in 0..<3 { fs += [fn() { return i }] }
                var out = []
                for f in fs { out += [f()] }
                print(out)
                """) == "[0, 1, 2]\n")
    }

    @Test func assignmentsThroughClosuresReachTheRightSlot() async {
        #expect(
            await output(
                """
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
        let r = await runScript(
            """
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
        let r = await runScript(
            """
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
        #expect(
            await output(
                """
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

/// The compiled shortcuts (`xs += [x]` without a temporary list, loop scopes reused when
/// nothing kept them, ints updated in place) behave as the general paths do.
@Suite struct CompiledShortcutTests {
    @Test func appendKeepsValueSemanticsAndErrors() async {
        #expect(
            await output(
                """
                var xs = [1]
                let ys = xs
                xs += [2]
                fn f() {
                  var zs = []
                  for i in 0..<3 { zs += [i * i] }
                  return zs
                }
                print(xs, ys, f())
                """) == "[1, 2] [1] [0, 1, 4]\n")
        let wrong = await runScript(
            """
            var s = "a"
            s += [1]
            """)
        #expect(wrong.failure?.message == "cannot apply '+' to string and list")
        let fixed = await runScript(
            """
            let xs = []
            xs += [1]
            """)
        #expect(fixed.failure?.message == "cannot assign to 'xs': it was declared with 'let'")
        let missing = await runScript("zs += [1]")
        #expect(missing.failure?.message == "undefined name 'zs'")
    }

    /// Appends stay amortised O(1) on every path: a function's local, a global from inside
    /// a function, several elements at once, strings (a copy per append would take minutes).
    @Test func appendsStayLinearOnEveryPath() async {
        #expect(
            await output(
                """
                var g = []
                fn f() {
                  var xs = []
                  var s = ""
                  for i in 0..<200000 {
                    xs += [i]
                    g += [i, i]
                    s += "x"
                  }
                  return [len(xs), len(s)]
                }
                print(f(), len(g))
                """) == "[200000, 200000] 400000\n")
    }

    @Test func appendChecksTheNestingOfWhatItAppends() async {
        let r = await runScript(
            """
            var x = []
            for i in 0..<\(Limits.defaultNesting - 2) { x = [x] }
            var xs = []
            xs += [x]
            print("ok")
            xs += [[x]]
            """)
        #expect(r.output == "ok\n")
        #expect(r.failure?.kind == .limit)
    }

    @Test func loopScopesAreFreshForClosuresAndLets() async {
        #expect(
            await output(
                """
                var fs = []
                for i in 0..<3 {
                  let doubled = i * 2
                  if i == 1 { fs += [fn() { return doubled }] }
                }
                var total = 0
                for k, v in [10, 20] {
                  let seen = k + v
                  total += seen
                }
                print(fs[0](), total)
                """) == "2 31\n")
        // A loop variable's `let` is new each iteration, not redefined.
        #expect(
            await output(
                """
                fn f() {
                  var out = []
                  for x in ["a", "b"] {
                    let y = x + x
                    out += [y]
                  }
                  return out
                }
                print(f())
                """) == "[\"aa\", \"bb\"]\n")
    }

    @Test func intUpdatesInPlaceStillReportOverflowAndDivision() async {
        let over = await runScript(
            """
            var x = 9223372036854775806
            x += 1
            x += 1
            """)
        #expect(over.failure?.message == "integer overflow: 9223372036854775807 + 1 is out of the 64-bit range")
        let rem = await runScript(
            """
            fn f() {
              var y = 5
              y %= 0
            }
            f()
            """)
        #expect(rem.failure?.message == "remainder by zero")
        #expect(
            await output(
                """
                var a = 7
                a -= 10
                a *= -3
                a %= 4
                a /= 1
                var f = 1.5
                f += 1
                print(a, f)
                """) == "1 2.5\n")
    }
}
