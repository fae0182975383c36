// Re-entering the interpreter from the embedder's built-ins, through the public API only.
import CCEScript
import Dispatch
import Foundation
import Synchronization
import Testing

/// The first of several outcomes: a body's, or nil when time ran out first.
private final class Race<T: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<T?, any Error>?>(nil)

    func start(_ c: CheckedContinuation<T?, any Error>) { continuation.withLock { $0 = c } }

    func finish(_ r: Result<T?, any Error>) {
        let c = continuation.withLock { c -> CheckedContinuation<T?, any Error>? in
            defer { c = nil }
            return c
        }
        c?.resume(with: r)
    }
}

/// `body`'s value, or nil when it has not finished within `seconds`: a regression that hangs
/// fails its test instead of stopping the suite (the hung task is left behind).
private func finishing<T: Sendable>(
    within seconds: Int = 60, _ body: @escaping @Sendable () async throws -> T
) async throws -> T? {
    let race = Race<T>()
    return try await withCheckedThrowingContinuation { c in
        race.start(c)
        Task {
            do { race.finish(.success(try await body())) } catch { race.finish(.failure(error)) }
        }
        Task {
            try? await Task.sleep(for: .seconds(seconds))
            race.finish(.success(nil))
        }
    }
}

/// Holds the interpreter for the functions registered on it, without keeping it alive.
private final class InterpreterRef: Sendable {
    private let ref = Mutex<WeakBox?>(nil)
    private struct WeakBox { weak var value: Interpreter? }

    init(_ i: Interpreter) { ref.withLock { $0 = WeakBox(value: i) } }

    var interpreter: Interpreter {
        get throws {
            guard let i = ref.withLock({ $0?.value }) else { throw GoneError() }
            return i
        }
    }
    struct GoneError: Error {}
}

/// Waits on the calling (script) thread for an async call: what a synchronous Swift function
/// that needs an async API does.
private func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let slot = Mutex<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let r: Result<T, any Error>
        do { r = .success(try await body()) } catch { r = .failure(error) }
        slot.withLock { $0 = r }
        done.signal()
    }
    done.wait()
    guard let r = slot.withLock({ $0 }) else { throw InterpreterRef.GoneError() }
    return try r.get()
}

private func threadID() -> Value { .string("\(pthread_self())") }

@Suite struct EmbeddingReentrancyTests {
    private func interpreter(limits: Limits = Limits()) -> (Interpreter, InterpreterRef) {
        let i = Interpreter(options: InterpreterOptions(limits: limits, output: { _ in }))
        return (i, InterpreterRef(i))
    }

    @Test func anAsyncBuiltinCallsAScriptFunctionOfTheRunningEvaluation() async throws {
        let (i, ref) = interpreter()
        i.register(
            function: "twice_via_host", parameters: [.required("x")],
            async: { args in
                let x = try await ref.interpreter.call("double", [args[0]])
                return try await ref.interpreter.call("double", [x])
            })
        let value = try await finishing {
            try await i.evaluate("fn double(n) { return n * 2 }\ntwice_via_host(5) + 1")
        }
        #expect(value == .int(21))
    }

    @Test func anAsyncBuiltinEvaluatesInTheRunningEvaluationsGlobals() async throws {
        let (i, ref) = interpreter()
        i.register(
            function: "host_eval", parameters: [.required("source")],
            async: { args in
                try await ref.interpreter.evaluate(try args.string(0))
            })
        let value = try await finishing {
            try await i.evaluate(
                """
                let base = 40
                let got = host_eval("base + 2")
                host_eval("let defined_inside = got * 10")
                [got, defined_inside]
                """)
        }
        #expect(value == .list([.int(42), .int(420)]))
        // Afterwards the interpreter takes evaluations as before.
        #expect(try await i.evaluate("defined_inside + 1") == .int(421))
    }

    @Test func anAsyncBuiltinCallsBackAFunctionValueTheScriptPassed() async throws {
        let (i, _) = interpreter()
        i.register(
            function: "apply_all", parameters: [.required("f"), .required("xs")],
            async: { [unowned i] args in  // as the README shows it
                let f = try args.function(0)
                var out: [Value] = []
                for x in try args.list(1) { out.append(try await i.call(f, [x])) }
                return .list(out)
            })
        let value = try await finishing {
            try await i.evaluate("let k = 3\napply_all(fn(x) => x * k, [1, 2, 3])")
        }
        #expect(value == .list([.int(3), .int(6), .int(9)]))
    }

    @Test func aSyncBuiltinThatWaitsForANestedCallFinishes() async throws {
        let (i, ref) = interpreter()
        i.register(function: "sync_call", parameters: [.required("x")]) { args in
            let x = args[0]
            return try blocking { try await ref.interpreter.call("square", [x]) }
        }
        i.register(function: "sync_eval", parameters: [.required("source")]) { args in
            let source = try args.string(0)
            return try blocking { try await ref.interpreter.evaluate(source) }
        }
        let value = try await finishing {
            try await i.evaluate(
                """
                fn square(n) { return n * n }
                let a = sync_call(7)
                let b = sync_eval("square(a) + 1")
                [a, b]
                """)
        }
        #expect(value == .list([.int(49), .int(2402)]))
    }

    @Test func nestedCallsCanNestAgain() async throws {
        let (i, ref) = interpreter()
        // A host function that calls a script function that calls the host function again.
        i.register(
            function: "host_down", parameters: [.required("n")],
            async: { args in
                try await ref.interpreter.call("down", [args[0]])
            })
        i.register(function: "sync_down", parameters: [.required("n")]) { args in
            let n = args[0]
            return try blocking { try await ref.interpreter.call("down", [n]) }
        }
        let value = try await finishing {
            try await i.evaluate(
                """
                fn down(n) {
                  if n == 0 { return "bottom" }
                  if n % 2 == 0 { return host_down(n - 1) }
                  return sync_down(n - 1)
                }
                down(6)
                """)
        }
        #expect(value == .string("bottom"))
    }

    @Test func concurrentNestedCallsFromOneBuiltinTakeTurns() async throws {
        let (i, ref) = interpreter()
        i.register(
            function: "both",
            async: { _ in
                async let a = ref.interpreter.call("bump", [.int(1)])
                async let b = ref.interpreter.call("bump", [.int(10)])
                return .list([try await a, try await b])
            })
        let value = try await finishing {
            try await i.evaluate(
                """
                var total = 0
                fn bump(n) {
                  let before = total
                  for k in 0..<2000 { total = total + 0 }
                  total = before + n
                  return total
                }
                let r = both()
                [total, r[0] + r[1]]
                """)
        }
        // One at a time: no update is lost, and one of them saw the other's.
        guard case .list(let xs)? = value else {
            Issue.record("no value: \(String(describing: value))")
            return
        }
        #expect(xs.first == .int(11))
        #expect(xs.last == .int(12) || xs.last == .int(21))
    }

    @Test func aNestedFailureReachesTheBuiltinAndThenTheScript() async throws {
        let (i, ref) = interpreter()
        i.register(
            function: "host_call", parameters: [.required("name")],
            async: { args in
                try await ref.interpreter.call(try args.string(0))
            })
        let caught = try await finishing {
            try await i.evaluate(
                """
                fn broken() { return 1 / 0 }
                var m = ""
                try { host_call("broken") } catch e { m = e.message }
                m
                """)
        }
        #expect(caught?.printDescription.contains("division by zero") == true, "\(String(describing: caught))")
        // A name the script does not define: the usual error, with its hint.
        let missing = try await finishing { () -> String in
            do {
                _ = try await i.evaluate("fn brokenn() { return 1 }\nhost_call(\"broke\")")
                return "no error"
            } catch let e as ScriptFailure { return e.render(color: false) } catch { return "\(error)" }
        }
        #expect(missing?.contains("no global function named 'broke'") == true, "\(missing ?? "")")
        let uncaught = try await finishing { () -> String in
            do {
                _ = try await i.evaluate("host_call(\"broken\")", fileName: "outer.cce")
                return "no error"
            } catch let e as ScriptFailure { return e.render(color: false) } catch { return "\(error)" }
        }
        // Uncaught, it is reported where it happened, and the stack leads back to the built-in's call.
        #expect(
            uncaught
                == """
                <embedded>:1:22: error: division by zero
                fn broken() { return 1 / 0 }
                                     ^~~~~
                  <embedded>:1:22: in broken
                  outer.cce:1:1: in <script>

                """)
    }

    @Test func nestedLimitsApplyToTheNestedPartAndCountTowardsTheRun() async throws {
        let (i, ref) = interpreter(limits: Limits(steps: 1_000_000))
        i.register(
            function: "spin_limited",
            async: { _ in
                try await ref.interpreter.evaluate("var n = 0\nwhile true { n = n + 1 }", limits: Limits(steps: 5_000))
            })
        let failure = try await finishing { () -> ScriptFailure? in
            do {
                _ = try await i.evaluate("spin_limited()")
                return nil
            } catch let e as ScriptFailure { return e } catch { return nil }
        }
        #expect(failure??.kind == .limit)
        #expect(failure??.message.contains("step limit of 5000") == true, "\(String(describing: failure))")
        // Without limits of its own, a nested evaluation runs under the enclosing one's.
        i.register(
            function: "spin",
            async: { _ in
                try await ref.interpreter.evaluate("var n = 0\nwhile true { n = n + 1 }")
            })
        let outer = try await finishing { () -> ScriptFailure? in
            do {
                _ = try await i.evaluate("spin()")
                return nil
            } catch let e as ScriptFailure { return e } catch { return nil }
        }
        #expect(outer??.message.contains("step limit of 1000000") == true, "\(String(describing: outer))")
    }

    /// The nested step limit holds from the nested evaluation's first step, however many the
    /// enclosing one took before it (the engine looks at its limits only every so often).
    @Test func aNestedStepLimitHoldsAfterALongOuterRun() async throws {
        let (i, ref) = interpreter(limits: Limits(steps: 10_000_000))
        i.register(
            function: "count_limited",
            async: { _ in
                try await ref.interpreter.evaluate(
                    "var n = 0\nwhile n < 10000 { n = n + 1 }\nn", limits: Limits(steps: 5_000))
            })
        let failure = try await finishing { () -> String in
            do {
                let v = try await i.evaluate("var k = 0\nwhile k < 100000 { k = k + 1 }\ncount_limited()")
                return "finished with \(v)"
            } catch let e as ScriptFailure { return e.message } catch { return "\(error)" }
        }
        #expect(failure == "step limit of 5000 reached")
    }

    /// A function may be bound again (an entry evaluated by a built-in it called) while it
    /// runs: it runs on, as it was, to its end.
    @Test func aFunctionReboundWhileItRunsRunsOn() async throws {
        let (i, ref) = interpreter()
        i.register(
            function: "rebind",
            async: { _ in
                try await ref.interpreter.evaluate("fn work(n) { return n * 100 }\nlet junk = [1, 2, 3]")
            })
        let got = try await finishing { () -> String in
            do {
                let v = try await i.evaluate(
                    "fn work(n) { let before = \"kept ${n}\"; rebind(); let xs = [before, \"after\"]; return xs }\n"
                        + "[work(1), work(2)]")
                return v.printDescription
            } catch { return "\(error)" }
        }
        #expect(got == #"[["kept 1", "after"], 200]"#)
    }

    /// Script code called back from an async built-in runs on the evaluation's script thread,
    /// with its stack: deep recursion works there, as anywhere in the script.
    @Test func callbacksFromAnAsyncBuiltinRunOnTheScriptThread() async throws {
        let (i, ref) = interpreter(limits: Limits(callDepth: 10_000))
        i.register(function: "here") { _ in threadID() }
        i.register(
            function: "later", parameters: [.required("f"), .optional("x")],
            async: { args in
                try await Task.sleep(for: .milliseconds(1))
                return try await ref.interpreter.call(try args.function(0), args.has(1) ? [args[1]] : [])
            })
        i.register(
            Builtin(
                "later_ctx", [.required("f"), .required("x")],
                async: { ctx, args in
                    try await Task.sleep(for: .milliseconds(1))
                    return try await ctx.call(try args.function(0), [args[1]])
                }))
        let threads = try await finishing {
            try await i.evaluate("[here(), later(fn() => here()), later_ctx(fn(x) => here(), 0)]")
        }
        guard case .list(let ts)? = threads, ts.count == 3 else {
            Issue.record("\(String(describing: threads))")
            return
        }
        #expect(ts[0] == ts[1] && ts[1] == ts[2], "\(ts)")
        let deep = try await finishing {
            try await i.evaluate(
                """
                fn depth(n) { if n == 0 { return 0 }
                  return 1 + depth(n - 1) }
                [later(depth, 5000), later_ctx(depth, 5000)]
                """)
        }
        #expect(deep == .list([.int(5000), .int(5000)]))
    }

    @Test func aSynchronousCallBackFromAnAsyncBodyFailsClearly() async throws {
        let (i, _) = interpreter()
        i.register(
            Builtin(
                "wrong_thread", [.required("f")],
                async: { ctx, args in
                    let f = try args.function(0)
                    return try [1].map { _ in try ctx.call(f, []) }[0]
                }))
        let failure = try await finishing { () -> ScriptFailure? in
            do {
                _ = try await i.evaluate("wrong_thread(fn() => 1)", fileName: "host.cce")
                return nil
            } catch let e as ScriptFailure { return e } catch { return nil }
        }
        guard case let failure?? = failure else {
            Issue.record("no failure")
            return
        }
        #expect(failure.code == "reentrant")
        let text = failure.render(color: false)
        #expect(text.hasPrefix("host.cce:1:1: error: wrong_thread() called a function back synchronously"), "\(text)")
        #expect(text.contains("try await context.call"), "\(text)")
    }

    @Test func aCallBackAfterTheBuiltinReturnedFailsClearly() async throws {
        let (i, _) = interpreter()
        let stray = Mutex<Task<String, Never>?>(nil)
        let ended = Gate()
        i.register(
            Builtin(
                "leave_behind", [.required("f")],
                async: { ctx, args in
                    let f = try args.function(0)
                    let context = UncheckedBox(ctx)
                    let task = Task {
                        await ended.wait()
                        do { return "\(try await context.value.call(f, []))" } catch let e as ScriptError {
                            return e.message
                        } catch { return "\(error)" }
                    }
                    stray.withLock { $0 = task }
                    return .null
                }))
        #expect(try await finishing { try await i.evaluate("leave_behind(fn() => 1)\n2") } == .int(2))
        guard let task = stray.withLock({ $0 }) else {
            Issue.record("the built-in did not run")
            return
        }
        await ended.open()
        let message = try await finishing { await task.value }
        #expect(message?.contains("leave_behind() called a function back after it had returned") == true)
    }

    /// Items of a `parallel` go on while one of them waits in an async built-in: this one
    /// waits until another item has run script code.
    @Test func otherParallelItemsEvaluateWhileAnAsyncBuiltinAwaits() async throws {
        let (i, ref) = interpreter()
        let seen = AsyncStream<Void>.makeStream()
        i.register(function: "mark") { _ in
            seen.continuation.yield()
            return .null
        }
        i.register(
            function: "await_mark", parameters: [.required("x")],
            async: { args in
                var it = seen.stream.makeAsyncIterator()
                _ = await it.next()
                return try await ref.interpreter.call("inc", [args[0]])
            })
        let value = try await finishing {
            try await i.evaluate(
                """
                fn inc(x) { return x + 1 }
                parallel([0, 1], fn(k) {
                  if k == 0 { return await_mark(10) }
                  mark()
                  return k
                }, limit: 2)
                """)
        }
        #expect(value == .list([.int(11), .int(1)]))
    }

    /// A caller from outside (another task, not started by the built-in) still waits its turn.
    @Test func anUnrelatedCallerWaitsForTheEvaluationToEnd() async throws {
        let (i, _) = interpreter()
        let order = Mutex<[String]>([])
        let inside = AsyncStream<Void>.makeStream()
        let release = AsyncStream<Void>.makeStream()
        i.register(
            function: "pause",
            async: { _ in
                inside.continuation.yield()
                var it = release.stream.makeAsyncIterator()
                _ = await it.next()
                order.withLock { $0.append("builtin") }
                return .null
            })
        let first = Task { try await i.evaluate("pause()\n1") }
        var it = inside.stream.makeAsyncIterator()
        _ = await it.next()
        let second = Task.detached {
            let v = try await i.evaluate("2")
            order.withLock { $0.append("second") }
            return v
        }
        try await Task.sleep(for: .milliseconds(50))
        release.continuation.yield()
        let values = try await finishing { [try await first.value, try await second.value] }
        #expect(values == [.int(1), .int(2)])
        #expect(order.withLock { $0 } == ["builtin", "second"])
    }
}

private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Lets tasks wait until it is opened.
private actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        for w in waiters { w.resume() }
        waiters = []
    }
}
