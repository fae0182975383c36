import CCETestSupport
import Foundation
import Testing

/// Drives the REPL through a real pseudo-terminal with tmux: what a person at a keyboard sees.
struct Tmux {
    let session = "cce-test-\(UUID().uuidString.prefix(8))"
    let home: URL

    static var path: String? {
        ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs tmux (at most 20 s: a stuck client fails the test instead of hanging the run).
    @discardableResult
    func tmux(_ args: [String], capture: Bool = false) throws -> String {
        let child = try ChildProcess(Self.path ?? "tmux", args, stdout: capture ? .pipe : .discard, stderr: .discard)
        let r = child.finish(timeout: .seconds(20))
        if r.timedOut { throw SpawnError(message: "tmux \(args.first ?? "") did not finish in 20 s") }
        return r.stdout
    }

    func start() throws {
        let env = Binary.environment(["TERM": "xterm"], home: home)
        let assignments = env.map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
        // After cce exits, print its status and keep the pane open so it can be read.
        let command = "env -i \(assignments) '\(Binary.url.path)'; echo \"EXIT=$?\"; sleep 60"
        try tmux(["new-session", "-d", "-s", session, "-x", "120", "-y", "40", command])
    }

    func send(_ keys: String...) throws { try tmux(["send-keys", "-t", session] + keys) }
    func type(_ text: String) throws { try tmux(["send-keys", "-t", session, "-l", text]) }

    func screen() throws -> String { try tmux(["capture-pane", "-t", session, "-p", "-S", "-200"], capture: true) }

    /// Waits (up to `timeout`) until the screen satisfies `condition`; returns the last screen.
    @discardableResult
    func waitFor(_ timeout: Duration = .seconds(15), _ condition: (String) -> Bool) async throws -> String {
        let end = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < end {
            last = try screen()
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        return last
    }

    func stop() { _ = try? tmux(["kill-session", "-t", session]) }

    /// How many primary prompts are on screen: typing before the next one appears would race
    /// with the terminal mode switch between evaluation and editing.
    static func prompts(_ screen: String) -> Int {
        screen.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.hasPrefix("cce>") }.count
    }

    /// Presses Enter and waits for the next primary prompt.
    @discardableResult
    func enter() async throws -> String {
        let before = Self.prompts(try screen())
        try send("Enter")
        return try await waitFor { Self.prompts($0) > before }
    }
}

@Suite("REPL in a pseudo-terminal (tmux)", .serialized)
struct TerminalREPLTests {
    @Test(.enabled(if: Tmux.path != nil, "tmux is not installed"))
    func completionMultiLineInterruptsEOFAndHistory() async throws {
        let home = try TempDir.make()
        defer { try? FileManager.default.removeItem(at: home) }
        let t = Tmux(home: home)
        try t.start()
        defer { t.stop() }

        var s = try await t.waitFor { Tmux.prompts($0) > 0 }
        #expect(s.contains("type :help"), "banner: \(s)")

        // Completion of a name in scope.
        try t.type("let counter_value = 41")
        try await t.enter()
        try t.type("counter_v")
        try t.send("Tab")
        try t.type(" + 1")
        s = try await t.enter()
        #expect(s.contains("counter_value + 1"), "completion: \(s)")
        #expect(s.contains("\n42"))

        // Completion of an enum value inside a string.
        try t.type("cluster(\"x\").kubeProxyMode(\"ipv")
        try t.send("Tab")
        try t.type("\").spec")
        s = try await t.enter()
        #expect(s.contains("{kubeProxyMode: \"ipvs\"}"), "enum completion: \(s)")

        // Multi-line input with a continuation prompt.
        try t.type("fn twice(x) {")
        try t.send("Enter")
        // capture-pane drops trailing blanks: the prompt "...> " shows as "...>".
        s = try await t.waitFor { $0.contains("\n...>") }
        #expect(s.contains("\n...>"))
        try t.type("return x * 2")
        try t.send("Enter")
        try t.type("}")
        try await t.enter()
        try t.type("twice(50)")
        s = try await t.enter()
        #expect(s.contains("\n100"), "multi-line: \(s)")

        // Ctrl-C during a long sleep cancels it promptly, and the session goes on.
        try t.type("sleep(10s)")
        try t.send("Enter")
        try await Task.sleep(for: .milliseconds(500))
        let before = ContinuousClock.now
        try t.send("C-c")
        s = try await t.waitFor { $0.contains("interrupted") }
        #expect(s.contains("interrupted"), "Ctrl-C: \(s)")
        #expect(ContinuousClock.now - before < .seconds(5))
        try t.type("\"still here\"")
        s = try await t.enter()
        #expect(s.contains("\n\"still here\""))

        // Ctrl-C at the prompt discards the line.
        try t.type("this is never run")
        let beforeInterrupt = Tmux.prompts(try t.screen())
        try t.send("C-c")
        _ = try await t.waitFor { Tmux.prompts($0) > beforeInterrupt }
        try t.type("7 * 6")
        s = try await t.enter()
        #expect(s.components(separatedBy: "\n42").count > 2, "after Ctrl-C at the prompt: \(s)")
        #expect(!s.contains("never run7"), "line not cleared: \(s)")

        // Ctrl-D on an empty line exits with 0.
        try t.send("C-d")
        s = try await t.waitFor { $0.contains("EXIT=") }
        #expect(s.contains("EXIT=0"), "exit: \(s)")

        // The history was saved, multi-line entry included.
        let history = try String(
            contentsOf: home.appendingPathComponent(".local/state/cce/history"), encoding: .utf8)
        #expect(history.contains("counter_value\\040+\\0401"))
        #expect(history.contains("fn\\040twice(x)\\040{\\012"))
        #expect(!history.contains("never"))
    }

    @Test(.enabled(if: Tmux.path != nil, "tmux is not installed"))
    func historyNeverHoldsSecrets() async throws {
        let home = try TempDir.make()
        defer { try? FileManager.default.removeItem(at: home) }
        let t = Tmux(home: home)
        try t.start()
        defer { t.stop() }
        _ = try await t.waitFor { Tmux.prompts($0) > 0 }
        try t.type("env(\"CCE_TOKEN\", \"none\")")
        try await t.enter()
        try t.type("1 + 1")
        try await t.enter()
        try t.send("C-d")
        _ = try await t.waitFor { $0.contains("EXIT=") }
        let history = try String(
            contentsOf: home.appendingPathComponent(".local/state/cce/history"), encoding: .utf8)
        #expect(history.contains("1\\040+\\0401"))
        #expect(!history.contains("CCE_TOKEN"))
    }
}
