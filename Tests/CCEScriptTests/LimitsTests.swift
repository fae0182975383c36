import Foundation
import Testing

@testable import CCEScript

/// One test at each limit (STYLE.md §3.7): just under it succeeds, at it fails cleanly.
@Suite struct LimitsTests {
    @Test func callDepthAtTheLimit() async throws {
        let limits = Limits(callDepth: 50)
        let ok = await runScript("fn d(n) { if n == 0 { return 0 } return d(n - 1) }\nprint(d(49))", limits: limits)
        #expect(ok.output == "0\n", "\(ok.stderr)")
        let bad = await runScript("fn d(n) { if n == 0 { return 0 } return d(n - 1) }\nprint(d(50))", limits: limits)
        let f = try #require(bad.failure)
        #expect(f.kind == .limit)
        #expect(f.message.contains("call depth limit of 50"))
    }

    @Test func defaultCallDepthIsAtLeastAThousand() async {
        let r = await runScript("fn d(n) { if n == 0 { return 0 } return 1 + d(n - 1) }\nprint(d(999))")
        #expect(r.output == "999\n", "\(r.stderr)")
    }

    @Test func runawayRecursionIsNotCatchable() async throws {
        let r = await runScript("fn d(n) { return d(n + 1) }\ntry { d(0) } catch e { print(\"caught\") }")
        #expect(r.output == "")
        #expect(try #require(r.failure).kind == .limit)
    }

    @Test func stepLimit() async throws {
        let limits = Limits(steps: 1_000)
        let ok = await runScript("var i = 0\nwhile i < 100 { i += 1 }", limits: limits)
        #expect(ok.failure == nil)
        let bad = await runScript("while true { }", limits: limits)
        let f = try #require(bad.failure)
        #expect(f.kind == .limit)
        #expect(f.message.contains("step limit of 1000"))
        #expect(f.diagnostics.first?.location?.line == 1)
    }

    @Test func wallTimeLimit() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        // On the timing executor: the bound is about the limit, not about how long the
        // cooperative pool, filled by tests running beside this one, takes to resume the test.
        let r = await withTaskExecutorPreference(TimingExecutor.shared) {
            await runScript("while true { }", limits: Limits(wallTime: .milliseconds(50)))
        }
        #expect(try #require(r.failure).kind == .limit)
        #expect(clock.now - start < .seconds(5))
        let s = await withTaskExecutorPreference(TimingExecutor.shared) {
            await runScript("sleep(10s)", limits: Limits(wallTime: .milliseconds(50)))
        }
        #expect(try #require(s.failure).kind == .limit)
        #expect(clock.now - start < .seconds(5))
    }

    /// `sleep` waits its whole duration on the script thread, and the items of a `parallel`
    /// sleep at the same time (each lets the others evaluate meanwhile): every item starts its
    /// sleep before any has ended one. In turn, each would start after the last had ended.
    @Test func sleepWaitsItsDurationAndParallelItemsSleepTogether() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let one = await runScript("print(sleep(60ms))")
        #expect(one.failure == nil)
        #expect(one.output == "null\n")
        #expect(clock.now - start >= .milliseconds(60))
        let four = await runScript(
            """
            let spans = parallel([1, 2, 3, 4], fn(x) {
              let from = now()
              sleep(300ms)
              return [from, now()]
            }, limit: 4)
            for s in spans { print(s[0], s[1]) }
            """)
        #expect(four.failure == nil)
        let spans = four.output.split(separator: "\n").map { $0.split(separator: " ").compactMap { Double($0) } }
        try #require(spans.count == 4 && spans.allSatisfy { $0.count == 2 }, "\(four.output)")
        #expect(spans.allSatisfy { $0[1] - $0[0] >= 0.3 })
        let lastStart = spans.map { $0[0] }.max() ?? 0
        let firstEnd = spans.map { $0[1] }.min() ?? 0
        #expect(lastStart < firstEnd, "the sleeps did not overlap: \(four.output)")
    }

    @Test func outputLimit() async throws {
        let ok = await runScript("print(\"123456789\")", limits: Limits(outputBytes: 10))
        #expect(ok.failure == nil)
        let bad = await runScript("print(\"123456789\")\nprint(\"x\")", limits: Limits(outputBytes: 10))
        let f = try #require(bad.failure)
        #expect(f.kind == .limit)
        #expect(f.diagnostics.first?.location?.line == 2)
        #expect(bad.output == "123456789\n")
    }

    @Test func printAndCompareDepth() async throws {
        let build = "var x = []\nfor i in 0..<LEVELS { x = [x] }\n"
        let limits = Limits(nesting: 30)
        // One guard: 29 wraps of [] nest 30 deep, the most that can be built, printed and compared.
        let ok = await runScript(
            build.replacingOccurrences(of: "LEVELS", with: "29") + "print(len(str(x)))\nprint(x == x)", limits: limits)
        #expect(ok.output == "60\ntrue\n", "\(ok.stderr)")
        let p = await runScript(build.replacingOccurrences(of: "LEVELS", with: "31") + "print(x)", limits: limits)
        #expect(try #require(p.failure).kind == .limit)
        let twice = build.replacingOccurrences(of: "LEVELS", with: "31")
        let c = await runScript(
            twice + twice.replacingOccurrences(of: "x", with: "y") + "print(x == y)", limits: limits)
        #expect(try #require(c.failure).kind == .limit)
        // The same value is equal to itself without a walk, as in Python.
        let same = await runScript(
            build.replacingOccurrences(of: "LEVELS", with: "29") + "print(x == x)", limits: limits)
        #expect(same.output == "true\n", "\(same.stderr)")
        let j = await runScript(build.replacingOccurrences(of: "LEVELS", with: "31") + "print(json(x))", limits: limits)
        #expect(try #require(j.failure).kind == .limit)
    }

    @Test func buildingDeeplyNestedValuesStopsAtTheLimit() async throws {
        // Swift frees nested arrays recursively; a chain ~87,000 deep would crash on release.
        let n = Limits.defaultNesting
        let ok = await runScript("var x = []\nfor i in 0..<\(n - 1) { x = [x] }\nprint(\"ok\")")
        #expect(ok.output == "ok\n", "\(ok.stderr)")
        let bad = await runScript("var x = {}\nfor i in 0..<\(n + 5) { x = {a: x} }")
        let f = try #require(bad.failure)
        #expect(f.kind == .limit)
        #expect(f.message.contains("nested too deeply"))
        #expect(f.diagnostics.first?.location?.line == 2)
    }

    @Test func parserNestingLimitIsConfigurable() async throws {
        let src = "let x = " + String(repeating: "(", count: 20) + "1" + String(repeating: ")", count: 20)
        #expect(await runScript(src, limits: Limits(nesting: 30)).failure == nil)
        let f = try #require(await runScript(src, limits: Limits(nesting: 10)).failure)
        #expect(f.kind == .syntax)
        #expect(f.message.contains("nesting too deep"))
    }

    @Test func cancellingTheTaskStopsALoopPromptly() async throws {
        // No memory budget: the budget counts the whole process's memory, which the tests
        // running beside this one grow.
        let interp = Interpreter(options: InterpreterOptions(limits: Limits(), output: { _ in }))
        let task = timedTask { await interp.execute(source: "var i = 0\nwhile true { i += 1 }", fileName: "spin.cce") }
        try await Task.sleep(for: .milliseconds(50))
        let (outcome, took) = await cancelAndTime(task)
        #expect(took < .milliseconds(100))
        guard case .failure(let f) = outcome else {
            Issue.record("expected a failure")
            return
        }
        #expect(f.kind == .cancelled)
    }

    @Test func cancellingTheTaskInterruptsSleep() async throws {
        let interp = Interpreter(options: InterpreterOptions(output: { _ in }))
        let task = timedTask { await interp.execute(source: "sleep(1h)", fileName: "nap.cce") }
        try await Task.sleep(for: .milliseconds(20))
        let (outcome, took) = await cancelAndTime(task)
        #expect(took < .milliseconds(100))
        if case .failure(let f) = outcome { #expect(f.kind == .cancelled) } else { Issue.record("expected a failure") }
    }
}
