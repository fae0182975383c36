import Testing

@testable import CCEScript

/// Calls reuse the scope of an earlier call that nothing kept, loops reuse an iteration's
/// scope, and calls of a global `fn` hold no reference to it: none of this may be visible
/// to a script.
@Suite struct CallReuseTests {
    @Test func aClosureKeepsTheScopeOfItsOwnCall() async {
        // Each call's scope is captured, so none may be handed to the next call.
        #expect(
            await output(
                """
                fn adder(n) { return fn(x) => x + n }
                let add1 = adder(1)
                let add10 = adder(10)
                let add100 = adder(100)
                print(add1(0), add10(0), add100(0))
                """) == "1 10 100\n")
    }

    @Test func recursionDeeperThanTheSpareScopesGetsItsOwnScopes() async {
        // 32 spare scopes per function; deeper levels allocate, and every level keeps its n.
        #expect(
            await output(
                """
                fn sum(n) {
                  if n == 0 { return 0 }
                  return n + sum(n - 1)
                }
                print(sum(200), sum(5), sum(200))
                """) == "20100 15 20100\n")
    }

    @Test func aReusedScopeStartsEmpty() async {
        // A local defined in one call must not be seen by the next one (by-name fallback).
        #expect(
            await output(
                """
                fn f(first) {
                  if first { let leftover = "mine" }
                  return first
                }
                f(true)
                print(f(false))
                """) == "false\n")
        #expect(
            await output(
                """
                fn g(n) {
                  var acc = [n]
                  acc += [n]
                  return acc
                }
                print(g(1), g(2))
                """) == "[1, 1] [2, 2]\n")
    }

    @Test func aRecycledScopeHidesTheNamesOfItsLastUse() async {
        // The second call runs in the first call's scope, whose slot for the local `later`
        // still holds that name: a read before the definition must still find the global.
        #expect(
            await output(
                """
                let later = "global"
                fn f(tag) {
                  let seen = later
                  let later = tag
                  return seen + "/" + later
                }
                print(f("a"), f("b"), f("c"))
                """) == "global/a global/b global/c\n")
        // Parameters of other types in the same slots, and loop bodies that define names.
        #expect(
            await output(
                """
                fn show(x) { return type(x) + ":" + str(x) }
                print(show("s"), show(1), show([1]), show(null), show("t"))
                var out = []
                for i in 0..<3 {
                  let label = "n" + str(i)
                  var twice = i * 2
                  out += [label + "=" + str(twice)]
                }
                print(out)
                """) == "string:s int:1 list:[1] null:null string:t\n[\"n0=0\", \"n1=2\", \"n2=4\"]\n")
    }

    @Test func aLoopVariableCapturedByAClosureIsNotOverwritten() async {
        #expect(
            await output(
                """
                var fs = []
                for i in 0..<3 { fs += [fn() => i] }
                print(fs[0](), fs[1](), fs[2]())
                var gs = []
                for i in 0..2 {
                  let j = i * 10
                  gs += [fn() => j]
                }
                print(gs[0](), gs[1](), gs[2]())
                """) == "0 1 2\n0 10 20\n")
    }

    @Test func aRangeLoopStopsAtBreakAndReturn() async {
        #expect(
            await output(
                """
                fn firstOver(k) {
                  for i in 0..<100 { if i * i > k { return i } }
                  return -1
                }
                var seen = 0
                for i in 0..<10 {
                  if i == 4 { break }
                  seen += 1
                }
                print(firstOver(50), seen)
                """) == "8 4\n")
    }

    @Test func aFunctionThatDropsItsOwnVariableFinishesItsCall() async {
        // A `var` may be rebound during the call: such a callee is held by the caller.
        #expect(
            await output(
                """
                var f = fn(n) {
                  f = null
                  let big = [n, n, n]
                  return len(big) + n
                }
                print(f(1))
                print(f)
                """) == "4\nnull\n")
    }

    @Test func aRedefinedGlobalFunctionIsCalledByItsNewDefinition() async throws {
        // `g` calls `f` through the compiled global call; the REPL redefines `f` between
        // entries, and the replaced functions are retired, not freed.
        let interp = Interpreter(options: InterpreterOptions(output: { _ in }))
        _ = await interp.evaluateEntry("fn g(y) { return f(y) }")
        for k in 0..<50 {
            _ = await interp.evaluateEntry("fn f(x) { return x + \(k) }")
            guard case .success(let v) = await interp.evaluateEntry("g(1000)"), case .int(let n)? = v else {
                Issue.record("g(1000) failed")
                return
            }
            #expect(n == 1000 + k)
        }
    }
}

/// Top-level functions and their scope hold each other; an interpreter that goes must
/// still free them (an embedding host may create one per request).
@Suite struct InterpreterLifetimeTests {
    @Test func aDroppedInterpreterFreesItsGlobalsAndModules() async throws {
        weak var globals: GlobalTable?
        weak var function: ScriptFunction?
        weak var moduleFunction: ScriptFunction?
        do {
            let interp = Interpreter(
                options: InterpreterOptions(
                    capabilities: Capabilities(stdlibPath: ClusterTestKit.stdlib), output: { _ in }))
            let outcome = await interp.execute(
                source: """
                    import "net"
                    fn twice(x) { return helper(x) * 2 }
                    fn helper(x) { return x }
                    let split = net.split
                    print(twice(2))
                    """, fileName: "t.cce")
            if case .failure(let f) = outcome { Issue.record("\(f.render(color: false))") }
            globals = interp.globalTable
            if case .function(let f)? = interp.globalTable.value(of: "twice") { function = f }
            if case .function(let f)? = interp.globalTable.value(of: "split") { moduleFunction = f }
            #expect(function != nil)
            #expect(moduleFunction != nil)
        }
        #expect(globals == nil)
        #expect(function == nil)
        #expect(moduleFunction == nil)
    }

    @Test func redefinedFunctionsGoWithTheInterpreter() async throws {
        weak var globals: GlobalTable?
        weak var first: ScriptFunction?
        do {
            let interp = Interpreter(options: InterpreterOptions(output: { _ in }))
            _ = await interp.evaluateEntry("fn f() { return 1 }")
            if case .function(let f)? = interp.globalTable.value(of: "f") { first = f }
            _ = await interp.evaluateEntry("fn f() { return 2 }")
            globals = interp.globalTable
        }
        #expect(globals == nil)
        #expect(first == nil)
    }

    @Test func resetKeepsTheOldGlobalsUntilTheInterpreterGoes() async throws {
        weak var old: GlobalTable?
        do {
            let interp = Interpreter(options: InterpreterOptions(output: { _ in }))
            _ = await interp.evaluateEntry("fn f() { return 1 }")
            old = interp.globalTable
            interp.reset()
            #expect(old != nil)
            guard case .failure = await interp.evaluateEntry("f()") else {
                Issue.record("f survived reset")
                return
            }
        }
        #expect(old == nil)
    }
}

/// A closure bound in the scope it was made in (`fn helper` or `let f = fn…` inside a
/// function, block or loop): when the scope is done with and the closure did not escape, it
/// must be freed, and an escaped one must keep working. A property of the compiled engine
/// (closures hold only the variables they read); the reference walker keeps whole scopes
/// and is not meant to run long.
@Suite(.enabled(if: Engine.default == .compiled, "memory behaviour of the compiled engine"))
struct LocalClosureCycleTests {
    /// Weak references to the functions a script hands to `observe(f)`.
    final class Observed: @unchecked Sendable {
        private var refs: [() -> ScriptFunction?] = []
        func add(_ f: ScriptFunction) {
            weak var w = f
            refs.append { w }
        }
        var alive: Int { refs.filter { $0() != nil }.count }
        var count: Int { refs.count }
    }

    func run(_ source: String) async -> (output: String, observed: Observed, interpreter: Interpreter) {
        let sink = OutputSink()
        let observed = Observed()
        let interp = Interpreter(options: InterpreterOptions(output: { sink.append($0) }))
        interp.register(function: "observe", parameters: [.required("f")]) { args in
            if case .function(let f) = args[0] { observed.add(f) }
            return .null
        }
        if case .failure(let f) = await interp.execute(source: source, fileName: "t.cce") {
            Issue.record("\(f.render(color: false))")
        }
        return (sink.text, observed, interp)
    }

    @Test func localFunctionsAreFreedWhenTheirCallEnds() async {
        let r = await run(
            """
            fn outer(k) {
              fn inner(x) { return x + k }
              let twice = fn(x) => inner(inner(x))
              observe(inner)
              observe(twice)
              return twice(1)
            }
            var t = 0
            for i in 0..<50 { t += outer(i) }
            fn driver() {
              # Calls from a function take the compiled path (a reused call scope).
              var u = 0
              for i in 0..<50 { u += outer(i) }
              return u
            }
            print(t, driver())
            """)
        #expect(r.output == "2500 2500\n")
        #expect(r.observed.count == 200)
        #expect(r.observed.alive == 0)
        _ = r.interpreter  // alive: the globals are not what freed them
    }

    @Test func blockAndLoopFunctionsAreFreed() async {
        let r = await run(
            """
            var n = 0
            for i in 0..<20 {
              fn local() { return i }
              observe(local)
              if i % 2 == 0 {
                let g = fn() => local() * 2
                observe(g)
                n += g()
              }
            }
            var j = 0
            while j < 5 {
              let h = fn() => j
              observe(h)
              j += 1
            }
            print(n)
            """)
        #expect(r.output == "180\n")
        #expect(r.observed.count == 35)
        #expect(r.observed.alive == 0)
        _ = r.interpreter
    }

    @Test func escapedClosuresKeepTheirScope() async {
        let r = await run(
            """
            fn counter(start) {
              var n = start
              fn next() {
                n += 1
                return n
              }
              fn peek() { return n }
              observe(next)
              return {next: next, peek: peek}
            }
            let c = counter(10)
            c.next()
            c.next()
            print(c.peek())
            fn viaList(k) {
              fn get() { return k }
              let keep = [get]
              return keep
            }
            let l = viaList(7)
            print(l[0]())
            fn captured(k) {
              fn helper() { return k * 3 }
              return fn() => helper()
            }
            let cl = captured(5)
            print(cl())
            """)
        #expect(r.output == "12\n7\n15\n")
        #expect(r.observed.alive == 1)  // `next`, held by the global `c`
        _ = r.interpreter
    }

    @Test func recursiveLocalFunctionsAreFreedAndWork() async {
        let r = await run(
            """
            fn fact(n) {
              fn go(k, acc) {
                if k <= 1 { return acc }
                return go(k - 1, acc * k)
              }
              observe(go)
              return go(n, 1)
            }
            print(fact(5), fact(10))
            """)
        #expect(r.output == "120 3628800\n")
        #expect(r.observed.alive == 0)
        _ = r.interpreter
    }
}
