import CCETestSupport
import Foundation
import Testing

/// The built `cce` binary, next to this test bundle in the scratch path's `debug/`.
enum Binary {
    static var url: URL {
        if let p = ProcessInfo.processInfo.environment["CCE_BINARY"], !p.isEmpty { return URL(fileURLWithPath: p) }
        let me = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        var dir = me.deletingLastPathComponent()
        // On Linux the runner is `debug/<package>PackageTests.xctest`; elsewhere it may sit deeper.
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("cce")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue {
                return candidate
            }
            dir = dir.deletingLastPathComponent()
        }
        return me.deletingLastPathComponent().appendingPathComponent("cce")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A clean environment: no credentials, throw-away emulator state, private XDG dirs.
    static func environment(_ extra: [String: String] = [:], home: URL) -> [String: String] {
        var env: [String: String] = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": home.path,
            "XDG_CONFIG_HOME": home.appendingPathComponent(".config").path,
            "XDG_DATA_HOME": home.appendingPathComponent(".local/share").path,
            "XDG_STATE_HOME": home.appendingPathComponent(".local/state").path,
            "CCE_EMULATOR_DB": ":memory:",
            "NO_COLOR": "1",
            "SWIFT_BACKTRACE": "enable=no",
        ]
        for (k, v) in extra { env[k] = v }
        return env
    }

    /// Runs the binary to completion (at most `timeout`; a child still running then is killed
    /// and the test fails, rather than hanging the whole run).
    static func run(
        _ arguments: [String], stdin: String = "", env extra: [String: String] = [:], cwd: URL? = nil,
        timeout: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Result {
        let home = try TempDir.make()
        defer { try? FileManager.default.removeItem(at: home) }
        let r = try ChildProcess.run(
            url.path, arguments, environment: environment(extra, home: home), directory: cwd?.path, stdin: stdin,
            timeout: timeout)
        if r.timedOut {
            Issue.record("cce \(arguments) still ran after \(timeout); killed", sourceLocation: sourceLocation)
        }
        return Result(status: r.status, stdout: r.stdout, stderr: r.stderr)
    }
}

enum TempDir {
    static func make() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cce-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func script(_ text: String, name: String = "t.cce") throws -> URL {
        let dir = try make()
        let file = dir.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }
}

@Suite("cce command (end to end)")
struct CommandTests {
    @Test func binaryExists() {
        #expect(
            FileManager.default.isExecutableFile(atPath: Binary.url.path),
            "build the cce product first: \(Binary.url.path)")
    }

    @Test func evaluateExpression() throws {
        let r = try Binary.run(["-e", "1 + 2 * 3"])
        #expect(r.status == 0)
        #expect(r.stdout == "7\n")
        #expect(r.stderr == "")
        let s = try Binary.run(["-e", "let xs = [1, \"a\", {k: null}]; xs"])
        #expect(s.stdout == "[1, \"a\", {k: null}]\n")
        let p = try Binary.run(["-e", "print(\"hi\")"])
        #expect(p.stdout == "hi\n")
    }

    @Test func runPrintsWhatTheScriptPrintsAndSeesItsArguments() throws {
        let file = try TempDir.script(
            """
            #!/usr/bin/env cce
            for a in args { print("arg", a) }
            let total = 40 + 2
            print("total ${total}")
            """)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let r = try Binary.run(["run", file.path, "x", "--y"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "arg x\narg --y\ntotal 42\n")
    }

    @Test func exitCodes() throws {
        // 1: a runtime error, reported at its place on stderr.
        let file = try TempDir.script("let x = 1\nprint(x / 0)\n")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let r = try Binary.run(["run", file.path])
        #expect(r.status == 1)
        #expect(r.stdout == "")
        #expect(r.stderr.contains("\(file.path):2:"))
        // 1: a syntax error.
        #expect(try Binary.run(["-e", "let = 3"]).status == 1)
        // 2: usage.
        #expect(try Binary.run(["run"]).status == 2)
        #expect(try Binary.run(["--no-such-flag"]).status == 2)
        #expect(try Binary.run(["run", "/no/such/file.cce"]).status == 2)
        // 2: an incomplete service configuration.
        let conf = try Binary.run(["-e", "1"], env: ["CCE_TOKEN": "abcd-secret"])
        #expect(conf.status == 2)
        #expect(conf.stderr.contains("no endpoint"))
        // 0: help.
        let help = try Binary.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("EXIT CODES"))
        #expect(try Binary.run(["run", "--help"]).status == 0)
    }

    @Test func validationFailureExitsThree() throws {
        let r = try Binary.run(["-e", "check(cluster(\"Bad_Name!\"))"])
        #expect(r.status == 3, "\(r.stderr)")
    }

    @Test func jsonOutputOfRun() throws {
        let file = try TempDir.script("print(\"out\")\nlet y = [1][5]\n")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let r = try Binary.run(["run", "--output", "json", file.path])
        #expect(r.status == 1)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(doc["ok"] as? Bool == false)
        #expect(doc["exitCode"] as? Int == 1)
        #expect(doc["output"] as? String == "out\n")
        let error = try #require(doc["error"] as? [String: Any])
        #expect(error["kind"] as? String == "runtime")
        let location = try #require(error["location"] as? [String: Any])
        #expect(location["line"] as? Int == 2)
        let ok = try Binary.run(["run", "--output", "json", "-"], stdin: "print(1)\n")
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("\"ok\":true"))
    }

    @Test func checkParsesAndReportsWithoutSending() throws {
        let dir = try TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.cce")
        let bad = dir.appendingPathComponent("bad.cce")
        try "let x = 1\nprint(x)\n".write(to: good, atomically: true, encoding: .utf8)
        try "let x = (1 +\nprint(x)\n".write(to: bad, atomically: true, encoding: .utf8)
        let r = try Binary.run(["check", good.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("good.cce: ok"))
        let b = try Binary.run(["check", "--output", "json", good.path, bad.path])
        #expect(b.status == 1)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(b.stdout.utf8)) as? [String: Any])
        let files = try #require(doc["files"] as? [[String: Any]])
        #expect(files.count == 2)
        #expect(files[0]["ok"] as? Bool == true)
        #expect(files[1]["ok"] as? Bool == false)
    }

    @Test func pipedREPLReproducesTheConformanceTranscript() throws {
        let programs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../shared/conformance/programs").standardized
        let input = try String(contentsOf: programs.appendingPathComponent("repl.in"), encoding: .utf8)
        let expected = try String(contentsOf: programs.appendingPathComponent("repl.out"), encoding: .utf8)
        let r = try Binary.run([], stdin: input)
        #expect(r.stdout == expected)
        #expect(r.stderr.contains("<repl>:1:1: error:"))
        #expect(!r.stdout.contains("\u{1B}"))
        #expect(r.status < 128)
    }

    @Test func pipedREPLCommandsAndErrorsDoNotEndTheSession() throws {
        let r = try Binary.run([], stdin: "let a = 1\n:vars\n:bogus\nnope(\n)\na + 1\n:reset\n:vars\n:quit\n99\n")
        #expect(r.stdout == "a = 1\n2\n")
        #expect(r.stderr.contains("unknown command :bogus"))
    }

    @Test func secretsNeverAppear() throws {
        let secret = "tok-9f8e7d6c5b4a-SECRET"
        let env = ["CCE_TOKEN": secret, "CCE_ENDPOINT": "https://cce.example.invalid", "CCE_PROJECT_ID": "p"]
        for args in [["-e", "env(\"CCE_TOKEN\", \"hidden\")"], ["-e", "1/0"], ["--help"]] {
            let r = try Binary.run(args, env: env)
            #expect(!r.stdout.contains(secret) && !r.stderr.contains(secret), "\(args)")
        }
        let hidden = try Binary.run(["-e", "env(\"CCE_TOKEN\", \"hidden\")"], env: env)
        #expect(hidden.stdout == "\"hidden\"\n")
        let piped = try Binary.run([], stdin: "\"${env(\"CCE_TOKEN\", \"\")}\"\n", env: env)
        #expect(!piped.stdout.contains(secret) && !piped.stderr.contains(secret))
    }

    static let demo = """
        let c = cluster("e2e-demo").type("VirtualMachine").flavor("cce.s1.small")
          .vpc("23d3725f-6ffe-400e-8fb6-b4f9a7b3e8c1").subnet("c90b3ce5-e1f1-4c87-a006-644d78846438")
          .containerNetwork({mode: "overlay_l2", cidr: "172.16.0.0/16"})
        let ready = wait(create(c), timeout: 1m)
        print(ready.name, ready.status.phase)
        """

    @Test func emulatorIsAnnouncedOnceAndProgressIsQuietWithoutATerminal() throws {
        let file = try TempDir.script(Self.demo)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        // Off a terminal: the one-line emulator notice and nothing else (LANGUAGE.md).
        let r = try Binary.run(["run", file.path], env: ["CCE_EMULATOR_CREATE_SECONDS": "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "e2e-demo Available\n")
        #expect(r.stderr == "cce: no cloud configured; using the embedded emulator (state: :memory:)\n")
        // --progress plain (or CCE_PROGRESS=plain): one line per phase change, for CI logs.
        for (args, env) in [
            (["run", "--progress", "plain", file.path], ["CCE_EMULATOR_CREATE_SECONDS": "1"]),
            (["run", file.path], ["CCE_EMULATOR_CREATE_SECONDS": "1", "CCE_PROGRESS": "plain"]),
        ] {
            let plain = try Binary.run(args, env: env)
            #expect(plain.status == 0, "\(plain.stderr)")
            let announcements = plain.stderr.split(separator: "\n").filter {
                $0.contains("using the embedded emulator")
            }
            #expect(announcements == ["cce: no cloud configured; using the embedded emulator (state: :memory:)"])
            #expect(plain.stderr.contains("e2e-demo: Success"))
            #expect(!plain.stderr.contains("\u{1B}"))
        }
        // Nothing that talks to the service: no announcement at all.
        #expect(try Binary.run(["-e", "1"]).stderr == "")
    }

    @Test func checkSendsNothingAndFailsValidationWithThree() throws {
        let dir = try TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.cce")
        let bad = dir.appendingPathComponent("bad.cce")
        try Self.demo.write(to: good, atomically: true, encoding: .utf8)
        try Self.demo.replacingOccurrences(of: "cce.s1.small", with: "cce.s9.huge").write(
            to: bad, atomically: true, encoding: .utf8)
        let ok = try Binary.run(["check", good.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("1 cluster would be created: e2e-demo"))
        #expect(!ok.stderr.contains("embedded emulator"))
        let r = try Binary.run(["check", "--output", "json", bad.path])
        #expect(r.status == 3, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let files = try #require(doc["files"] as? [[String: Any]])
        let error = try #require(files.first?["error"] as? [String: Any])
        #expect(error["kind"] as? String == "validation")
        let findings = try #require(error["diagnostics"] as? [[String: Any]])
        #expect(findings.contains { $0["path"] as? String == "spec.flavor" })
    }

    @Test func profileFileChoosesTheService() throws {
        let home = try TempDir.make()
        defer { try? FileManager.default.removeItem(at: home) }
        // A profile pointing at a closed loopback port: the service error proves it was used.
        let config = home.appendingPathComponent(".config/cce")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try "[lab]\nendpoint = http://127.0.0.1:9\nproject_id = p1\n".write(
            to: config.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        let env = ["XDG_CONFIG_HOME": home.appendingPathComponent(".config").path]
        let r = try Binary.run(["--profile", "lab", "-e", "clusters()"], env: env)
        #expect(r.status == 4, "\(r.stderr)")
        #expect(!r.stderr.contains("embedded emulator"))
        let missing = try Binary.run(["--profile", "nope", "-e", "1"], env: env)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no profile [nope]"))
    }

    /// `-e` runs on the main thread (MainThreadExecutor, which also watches for Ctrl-C), `cce run`
    /// on the one NIO event loop (EventLoopExecutor): Ctrl-C must end a sleep, a busy loop and a
    /// wait on either.
    @Test(arguments: [
        (false, "sleep(30s)"), (false, "var i = 0\nwhile true { i += 1 }"), (true, "sleep(30s)"),
        (true, "var i = 0\nwhile true { i += 1 }"),
        (true, "demo: a wait on a cluster that takes 5 minutes"),
    ])
    func interruptCancelsARunningScriptWith130(asFile: Bool, script: String) throws {
        let home = try TempDir.make()
        defer { try? FileManager.default.removeItem(at: home) }
        let file = home.appendingPathComponent("long.cce")
        try (script.hasPrefix("demo:") ? Self.demo : script).write(to: file, atomically: true, encoding: .utf8)
        let arguments = asFile ? ["run", file.path] : ["-e", script]
        let env = Binary.environment(["CCE_EMULATOR_CREATE_SECONDS": "300"], home: home)
        let p = try ChildProcess(Binary.url.path, arguments, environment: env, stdout: .discard)
        Thread.sleep(forTimeInterval: 0.5)
        let sent = ContinuousClock.now
        p.signal(SIGINT)
        let r = p.finish(timeout: .seconds(10))
        #expect(ContinuousClock.now - sent < .seconds(3))
        #expect(r.status == 130)
        if script.hasPrefix("demo:") {
            #expect(r.stderr.hasSuffix("cce: interrupted\n"), "\(r.stderr)")  // after the emulator's announcement
        } else {
            #expect(r.stderr == "cce: interrupted\n")
        }
    }

    @Test func serviceFlagsWorkOnEverySubcommand() throws {
        let file = try TempDir.script("clusters()\n")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        // A closed loopback port: exit 4 shows that the flags chose the service.
        let flags = ["--endpoint", "http://127.0.0.1:9", "--project-id", "p"]
        #expect(try Binary.run(["run"] + flags + [file.path]).status == 4)
        #expect(try Binary.run(flags + ["-e", "clusters()"]).status == 4)
        #expect(try Binary.run(["repl"] + flags + ["-e", "clusters()"]).status == 4)
    }

    @Test func aWaitThatRunsOutOfTimeExitsFive() throws {
        let file = try TempDir.script(Self.demo.replacingOccurrences(of: "timeout: 1m", with: "timeout: 300ms"))
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let r = try Binary.run(["run", file.path], env: ["CCE_EMULATOR_CREATE_SECONDS": "30"])
        #expect(r.status == 5, "\(r.stderr)")
        #expect(r.stdout == "")
    }
}
