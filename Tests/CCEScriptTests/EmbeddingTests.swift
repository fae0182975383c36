// Embedding through the public API only: no @testable here.
import CCECore
import CCEEmulator
import CCEScript
import Foundation
import Synchronization
import Testing

private final class HostSink: Sendable {
    private let text = Mutex("")
    private let reports = Mutex<[WaitProgress]>([])
    var output: String { text.withLock { $0 } }
    var progress: [WaitProgress] { reports.withLock { $0 } }
    func write(_ s: String) { text.withLock { $0 += s } }
    func report(_ p: WaitProgress) { reports.withLock { $0.append(p) } }
}

private func emulatorClient(create: Double = 0, delete: Double = 0) throws -> CCEClient {
    let emulator = try Emulator(
        configuration: EmulatorConfiguration(storage: .memory, createSeconds: create, deleteSeconds: delete))
    return CCEClient(
        baseURL: "http://emulator.invalid", projectID: "0123456789abcdef0123456789abcdef", region: "eu-de", auth: .none,
        transport: EmulatorTransport(emulator: emulator))
}

private func makeInterpreter(
    limits: Limits = Limits(), capabilities: Capabilities = Capabilities(), sink: HostSink = HostSink(),
    ioExecutor: (any TaskExecutor)? = nil
) -> Interpreter {
    Interpreter(
        options: InterpreterOptions(
            limits: limits, capabilities: capabilities, output: { sink.write($0) }, progress: { sink.report($0) },
            ioExecutor: ioExecutor))
}

private let validCluster = """
    cluster("embedded").type("VirtualMachine").flavor("cce.s1.small")
      .vpc("23d3725f-6ffe-400e-8fb6-b4f9a7b3e8c1").subnet("c90b3ce5-e1f1-4c87-a006-644d78846438")
      .containerNetwork({mode: "overlay_l2"})
    """

private struct HostError: Error, CustomStringConvertible {
    var description: String { "the directory service is down" }
}

private struct TeamInfo: Codable, Equatable {
    var name: String
    var size: Int
    var tags: [String]
}

@Suite struct EmbeddingLimitTests {
    @Test func defaultOptionsBoundAnUntrustedScript() async {
        // An embedder that sets nothing gets limits: an endless loop ends by itself.
        let i = Interpreter(options: InterpreterOptions(output: { _ in }))
        #expect(i.options.limits.steps == Limits.untrusted.steps)
        #expect(i.options.limits.wallTime != nil)
        do {
            _ = try await i.evaluate("while true { }")
            Issue.record("an endless loop finished")
        } catch {
            #expect(error.kind == .limit)
        }
    }

    @Test func anInfiniteLoopEndsWithAStepLimitError() async {
        let i = makeInterpreter(limits: Limits(steps: 100_000))
        var failed = false
        do { _ = try await i.evaluate("var n = 0\nwhile true { n += 1 }") } catch { failed = error.kind == .limit }
        #expect(failed)
        do {
            _ = try await i.evaluate("while true { }")
        } catch {
            #expect(error.kind == .limit)
            #expect(error.message.contains("step limit of 100000"))
        }
    }

    @Test func anInfiniteLoopEndsWithAWallTimeError() async {
        let i = makeInterpreter(limits: Limits(wallTime: .milliseconds(150)))
        let start = ContinuousClock.now
        do {
            _ = try await i.evaluate("while true { }")
            Issue.record("the loop ended by itself")
        } catch {
            #expect(error.kind == .limit)
        }
        // A hang detector, not a latency test: generous enough for a fully loaded machine.
        #expect(ContinuousClock.now - start < .seconds(30))
    }

    @Test func runawayRecursionEndsWithACallDepthError() async {
        let i = makeInterpreter(limits: Limits(callDepth: 150))
        do {
            _ = try await i.evaluate("fn down(n) { return down(n + 1) }\ndown(0)")
            Issue.record("recursion ended by itself")
        } catch {
            #expect(error.kind == .limit)
            #expect(error.render(color: false).contains("<embedded>:1:"))
        }
    }

    @Test func hugeOutputEndsWithAnOutputLimitError() async {
        let sink = HostSink()
        let i = makeInterpreter(limits: Limits(outputBytes: 10_000), sink: sink)
        do {
            _ = try await i.evaluate("while true { print(\"0123456789\") }")
            Issue.record("printing ended by itself")
        } catch {
            #expect(error.kind == .limit)
            #expect(error.message.contains("output limit"))
        }
        #expect(sink.output.utf8.count <= 10_000)
        #expect(sink.output.utf8.count >= 9_900)
    }

    @Test func theUntrustedPresetHasEveryLimitOn() {
        let l = Limits.untrusted
        #expect(l.steps != nil && l.wallTime != nil && l.outputBytes != nil)
        #expect(l.callDepth <= 1_000)
    }
}

@Suite struct EmbeddingCapabilityTests {
    @Test func nothingIsGrantedByDefaultAndEachRefusalNamesTheCapability() async {
        let i = makeInterpreter()
        let cases: [(String, String)] = [
            ("env(\"HOME\", \"\")", "'environment' capability"),
            ("import \"./lib.cce\"", "'importRoots' capability"),
            ("import \"presets\"", "no standard library"),
            ("create(\(validCluster))", "'service' capability"),
            ("clusters()", "'service' capability"),
        ]
        for (source, expected) in cases {
            do {
                _ = try await i.evaluate(source)
                Issue.record("\(source) succeeded")
            } catch {
                #expect(error.render(color: false).contains(expected), "\(source): \(error.render(color: false))")
            }
        }
    }

    @Test func grantedCapabilitiesWork() async throws {
        let i = makeInterpreter(
            capabilities: Capabilities(environment: ["TEAM": "blue"], service: try emulatorClient()))
        let text = try await i.evaluate(
            "env(\"TEAM\", \"none\") + \"/\" + env(\"HOME\", \"unset\") + \"/\" + str(len(clusters()))"
        ).printDescription
        #expect(text == "blue/unset/0")
    }
}

@Suite struct EmbeddingHostFunctionTests {
    @Test func registeredFunctionsGetTypedArgumentsAndReturnValues() async throws {
        let i = makeInterpreter()
        i.register(function: "greet", parameters: [.required("name"), .optional("times")]) { args in
            let n = args.has(1) ? try args.int(1) : 1
            return .string(Array(repeating: "hi \(try args.string(0))", count: n).joined(separator: ", "))
        }
        i.register(function: "team", parameters: [.required("name")]) { args in
            try await Task.sleep(for: .milliseconds(1))
            return try Value(encoding: TeamInfo(name: try args.string(0), size: 3, tags: ["a", "b"]))
        }
        i.register(function: "describe", parameters: [.required("info")]) { args in
            let info = try args.decode(0, as: TeamInfo.self)
            return .string("\(info.name):\(info.size):\(info.tags.joined())")
        }
        let greeting = try await i.evaluate("greet(\"ann\", times: 2)").printDescription
        #expect(greeting == "hi ann, hi ann")
        let tag = try await i.evaluate("team(\"blue\").tags[1]").printDescription
        #expect(tag == "b")
        let described = try await i.evaluate("describe(team(\"red\"))").printDescription
        #expect(described == "red:3:ab")
        let decoded = try await i.evaluate("team(\"x\")").decode(TeamInfo.self)
        #expect(decoded == TeamInfo(name: "x", size: 3, tags: ["a", "b"]))
    }

    @Test func aRegisteredFunctionsErrorCarriesTheCallsSourcePosition() async {
        let i = makeInterpreter()
        i.register(function: "lookup", parameters: [.required("id")]) { _ in throw HostError() }
        do {
            _ = try await i.evaluate("let a = 1\nlet b = lookup(\"x\")", fileName: "host.cce")
            Issue.record("no error")
        } catch {
            let text = error.render(color: false)
            #expect(text.hasPrefix("host.cce:2:9: error: the directory service is down"), "\(text)")
        }
        // And scripts can catch it.
        let caught = try? await i.evaluate("var m = \"\"\ntry { lookup(1) } catch e { m = e.message }\nm")
            .printDescription
        #expect(caught == "the directory service is down")
    }

    @Test func registeredFunctionsGetTheBuiltinArgumentDiagnostics() async {
        let i = makeInterpreter()
        i.register(function: "lookup", parameters: [.required("id"), .optional("region")]) { args in
            .string(try args.string(0))
        }
        let cases: [(String, String)] = [
            ("lookup()", "lookup() is missing argument 'id'"),
            ("lookup(\"a\", \"b\", \"c\")", "lookup() takes at most 2 arguments but 3 were given"),
            ("lookup(\"a\", regoin: \"x\")", "did you mean 'region'?"),
            ("lookup(1)", "lookup(): argument 'id' must be a string, not int"),
        ]
        for (source, expected) in cases {
            do {
                _ = try await i.evaluate("\n  " + source, fileName: "d.cce")
                Issue.record("\(source) succeeded")
            } catch {
                let text = error.render(color: false)
                #expect(text.hasPrefix("d.cce:2:3: error:"), "\(source): \(text)")
                #expect(text.contains(expected), "\(source): \(text)")
            }
        }
        i.register(function: "typed", parameters: [.required("info")]) { args in
            _ = try args.decode(0, as: TeamInfo.self)
            return .null
        }
        do {
            _ = try await i.evaluate("typed({name: \"n\", size: \"big\", tags: []})")
        } catch {
            #expect(
                error.message.contains("typed(): argument 'info' does not fit TeamInfo at size"), "\(error.message)")
        }
    }

    @Test func hostCallsScriptFunctionsWithSwiftArguments() async throws {
        let i = makeInterpreter()
        _ = try await i.evaluate("fn scale(xs, by = 2) => map(xs, fn(x) => x * by)")
        let v = try await i.call("scale", [try Value(encoding: [1, 2, 3])], named: [("by", .int(10))])
        let scaled = try v.decode([Int].self)
        #expect(scaled == [10, 20, 30])
        do {
            _ = try await i.call("scael")
            Issue.record("no error")
        } catch {
            #expect(error.message == "no global function named 'scael'")
            #expect(error.render(color: false).contains("did you mean 'scale'?"))
        }
    }
}

@Suite struct EmbeddingConversionTests {
    @Test func aScriptsClusterDecodesIntoTheCoreModel() async throws {
        let i = makeInterpreter()
        let c = try await i.evaluate(validCluster + ".addon(\"icagent\")", as: Cluster.self)
        #expect(c.metadata?.name == "embedded")
        #expect(c.spec?.flavor == "cce.s1.small")
        #expect(c.spec?.hostNetwork?.vpc == "23d3725f-6ffe-400e-8fb6-b4f9a7b3e8c1")
        #expect(
            c.json["metadata"]?["annotations"]?["cluster.install.addons.external/install"]
                == "[{\"addonTemplateName\":\"icagent\"}]")
    }

    @Test func aCoreClusterBecomesAClusterValueThatBuildersWorkOn() async throws {
        let model = try Cluster(json: [
            "kind": "Cluster", "apiVersion": "v3", "metadata": ["name": "from-swift"], "spec": [:],
        ])
        let i = makeInterpreter()
        i.register(function: "template", parameters: []) { _ in Value(cluster: model) }
        let v = try await i.evaluate("let t = template()\nprint(type(t))\nt.flavor(\"cce.s2.small\").multiAZ()")
        guard case .cluster = v else {
            Issue.record("not a cluster: \(v.literalDescription)")
            return
        }
        let back = try v.decode(Cluster.self)
        #expect(back.metadata?.name == "from-swift")
        #expect(back.spec?.flavor == "cce.s2.small")
        let roundTrip = try Value(encoding: model).decode(Cluster.self)
        #expect(roundTrip == model)
    }

    @Test func valuesWithoutAJSONFormAreRefusedWithTheirPath() async throws {
        let i = makeInterpreter()
        let v = try await i.evaluate("{a: [1, {b: 30s}]}")
        do {
            _ = try v.decode([String: JSONValue].self)
            Issue.record("decoded a duration")
        } catch {
            #expect(error.message.contains("a[1].b"), "\(error)")
        }
        var refused = false
        do { _ = try Value.string("x").decode(Int.self) } catch { refused = true }
        #expect(refused)
        let json = try Value.list([.int(1), .float(2.5)]).decode(JSONValue.self)
        #expect(json == [1, 2.5])
    }
}

@Suite struct EmbeddingConcurrencyTests {
    /// An async built-in's body runs as a task that prefers `InterpreterOptions.ioExecutor`;
    /// without one, on the global executor.
    @Test func theIOExecutorRunsTheAsyncBuiltins() async throws {
        let counting = CountingExecutor()
        let i = Interpreter(options: InterpreterOptions(limits: Limits(), output: { _ in }, ioExecutor: counting))
        i.register(
            function: "later", parameters: [.required("x")],
            async: { args in
                try await Task.sleep(for: .milliseconds(1))
                return args[0]
            })
        #expect(try await i.evaluate("later(1) + later(2)") == .int(3))
        #expect(counting.jobs >= 2, "the async bodies did not run on the I/O executor")
        let plain = Interpreter(options: InterpreterOptions(limits: Limits(), output: { _ in }))
        plain.register(function: "later", parameters: [.required("x")], async: { args in args[0] })
        let before = counting.jobs
        #expect(try await plain.evaluate("later(5)") == .int(5))
        #expect(counting.jobs == before)
    }

    /// The evaluation and its I/O on an executor of their own (`ioExecutor`): the bound is
    /// about cancellation, not about the global pool, which the parallel suite fills.
    @Test func cancellingTheTaskEndsALongWaitWithin100ms() async throws {
        let sink = HostSink()
        let client = try emulatorClient(create: 600)
        let task = timedTask {
            let i = makeInterpreter(
                capabilities: Capabilities(service: client), sink: sink, ioExecutor: TimingExecutor.shared)
            return await i.execute(
                source: "let j = create(\(validCluster))\nwait(j, timeout: 1h)", fileName: "long.cce")
        }
        // Cancel once the wait has really started (its first progress report).
        let started = ContinuousClock.now
        while sink.progress.isEmpty, ContinuousClock.now - started < .seconds(10) {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(!sink.progress.isEmpty, "the wait never started")
        try await Task.sleep(for: .milliseconds(50))
        let (outcome, took) = await cancelAndTime(task)
        #expect(took < .milliseconds(100), "took \(took)")
        guard case .failure(let f) = outcome else {
            Issue.record("the script finished")
            return
        }
        #expect(f.kind == .cancelled)
        #expect(sink.progress.last?.finished == true)
    }

    @Test func theWallTimeLimitEndsALongWaitWithALimitError() async throws {
        let sink = HostSink()
        let i = makeInterpreter(
            limits: Limits(wallTime: .milliseconds(500)),
            capabilities: Capabilities(service: try emulatorClient(create: 600)),
            sink: sink)
        let start = ContinuousClock.now
        do {
            _ = try await i.evaluate("let j = create(\(validCluster))\nwait(j, timeout: 1h)", fileName: "slow.cce")
            Issue.record("the wait finished")
        } catch {
            let text = error.render(color: false)
            #expect(error.kind == .limit, "\(text)")
            // Normally the limit strikes during the wait; on a machine loaded enough for the
            // create alone to take 500 ms it strikes earlier, which is a limit error too.
            if !sink.progress.isEmpty {
                #expect(text.hasPrefix("slow.cce:4:1: error: time limit reached while waiting for job"), "\(text)")
                #expect(sink.progress.last?.finished == true)
            }
        }
        #expect(ContinuousClock.now - start < .seconds(30))
    }

    /// Evaluations that find the interpreter busy wait their turn (the turnstile's waiting
    /// path, which `cce -e` never takes) and then run, after the one in progress has ended.
    @Test func evaluationsOfOneInterpreterWaitForTheOneInProgress() async throws {
        let i = makeInterpreter()
        let gate = Mutex((started: false, open: false))
        i.register(function: "hold", parameters: []) { _ in
            gate.withLock { $0.started = true }
            while !gate.withLock({ $0.open }) { try await Task.sleep(for: .milliseconds(2)) }
            return .int(0)
        }
        _ = try await i.evaluate("var log = []")
        let first = Task { try await i.evaluate("log += [\"first\"]\nhold()\nlog += [\"first done\"]\nlog") }
        let started = ContinuousClock.now
        while !gate.withLock({ $0.started }), ContinuousClock.now - started < .seconds(30) {
            try await Task.sleep(for: .milliseconds(2))
        }
        #expect(gate.withLock { $0.started }, "hold() never ran")
        let second = Task { try await i.evaluate("log += [\"second\"]\nlog") }
        let third = Task { try await i.evaluate("log += [\"third\"]\nlog") }
        try await Task.sleep(for: .milliseconds(50))
        gate.withLock { $0.open = true }
        #expect(try await first.value.printDescription == "[\"first\", \"first done\"]")
        let logs = [try await second.value.printDescription, try await third.value.printDescription]
        let last = try await i.evaluate("log").printDescription
        // The waiters' order is their arrival's, which two tasks do not fix; both come after.
        #expect(
            last == "[\"first\", \"first done\", \"second\", \"third\"]"
                || last == "[\"first\", \"first done\", \"third\", \"second\"]", "\(last)")
        #expect(logs.contains(last), "\(logs)")
    }

    @Test func twoInterpretersOnDifferentTasksDoNotInterfere() async throws {
        let source = """
            var total = 0
            for k in 1..2000 { total += k * factor }
            let c = wait(create(cluster(name).type("VirtualMachine").flavor("cce.s1.small")
              .vpc("23d3725f-6ffe-400e-8fb6-b4f9a7b3e8c1").subnet("c90b3ce5-e1f1-4c87-a006-644d78846438")
              .containerNetwork({mode: "overlay_l2"})))
            let names = parallel([1, 2, 3], fn(i) => "${name}-${i * factor}")
            print(total, c.name, names, len(clusters()))
            """
        async let first = Task { () -> String in
            let sink = HostSink()
            let i = makeInterpreter(capabilities: Capabilities(service: try emulatorClient(create: 0.02)), sink: sink)
            _ = try await i.evaluate("let factor = 1\nlet name = \"first\"")
            _ = try await i.evaluate(source)
            return sink.output
        }.value
        async let second = Task { () -> String in
            let sink = HostSink()
            let i = makeInterpreter(capabilities: Capabilities(service: try emulatorClient(create: 0.02)), sink: sink)
            _ = try await i.evaluate("let factor = 3\nlet name = \"second\"")
            _ = try await i.evaluate(source)
            return sink.output
        }.value
        let (a, b) = try await (first, second)
        #expect(a == "2001000 first [\"first-1\", \"first-2\", \"first-3\"] 1\n")
        #expect(b == "6003000 second [\"second-3\", \"second-6\", \"second-9\"] 1\n")
    }
}

/// Runs jobs on a Dispatch queue, counting them.
private final class CountingExecutor: TaskExecutor, Sendable {
    private let count = Mutex(0)
    var jobs: Int { count.withLock { $0 } }

    func enqueue(_ job: consuming ExecutorJob) {
        count.withLock { $0 += 1 }
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        DispatchQueue.global().async { job.runSynchronously(on: executor) }
    }
}
