import CCECore
import CCETestSupport
import Foundation
import Testing

/// What the emulator tests' support also defines, for talking to a served emulator.
private enum ServeFixtures {
    static let project = "0123456789abcdef0123456789abcdef"
    static let token = "test-token-0123"

    /// The minimal body the Python SDK sends (WIRE.md §1.2).
    static func minimalCluster(_ name: String) -> JSONValue {
        [
            "kind": "Cluster", "apiVersion": "v3", "metadata": ["name": .string(name)],
            "spec": [
                "type": "VirtualMachine", "flavor": "cce.s1.small",
                "hostNetwork": [
                    "vpc": "23d3725f-6ffe-400e-8fb6-b4f9a7b3e8c1", "subnet": "c90b3ce5-e1f1-4c87-a006-644d78846438",
                ],
                "containerNetwork": ["mode": "overlay_l2"],
            ],
        ]
    }
}

/// A `cce serve` child process and the URL it printed.
final class ServeProcess: @unchecked Sendable {
    let process: ChildProcess
    let baseURL: String

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        let binary = Binary.url.path
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process = try ChildProcess(binary, ["serve"] + arguments, environment: env, stdout: .pipe, stderr: .discard)
        // The first stdout line holds the URL.
        let text = process.readLine(timeout: .seconds(30)) ?? ""
        guard let range = text.range(of: "http://[0-9.]+:[0-9]+", options: .regularExpression) else {
            process.kill9()
            throw ServeStartError(line: text)
        }
        baseURL = String(text[range])
    }

    func kill9() { process.kill9() }

    /// SIGINT, then the exit status (a server that does not stop in 15 s is killed: 137).
    func interrupt() -> Int32 {
        process.signal(SIGINT)
        return process.wait(timeout: .seconds(15)) ?? process.kill9()
    }
}

struct ServeStartError: Error, CustomStringConvertible {
    var line: String
    var description: String { "cce serve did not print its URL; first line: \(line)" }
}

@Suite("cce serve (the built binary)")
struct ServeCommandTests {
    @Test("kill -9 mid-creation, restart on the same database: no cluster or job lost, the jobs finish")
    func killAndRestart() async throws {
        let directory = try TempDir.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("emulator.sqlite").path
        let arguments = ["--db", path, "--create-seconds", "2", "--cluster-quota", "20"]
        let environment = ["CCE_EMULATOR_TOKEN": ServeFixtures.token]
        let transport = HTTPTransport()
        defer { Task { try? await transport.shutdown() } }

        let first = try ServeProcess(arguments, environment: environment)
        let client = CCEClient(
            baseURL: first.baseURL, projectID: ServeFixtures.project, region: "eu-de",
            auth: .token(ServeFixtures.token), transport: transport)
        var created: [(uid: String, job: String)] = []
        for i in 0..<6 {
            let body = try await client.createCluster(body: ServeFixtures.minimalCluster("killed-\(i)"))
            created.append(
                (
                    try #require(body["metadata"]?["uid"]?.stringValue),
                    try #require(body["status"]?["jobID"]?.stringValue)
                ))
        }
        #expect(try await client.showJob(id: created[5].job)["status"]?["phase"] != "Success")
        first.kill9()

        let second = try ServeProcess(arguments, environment: environment)
        defer { _ = second.interrupt() }
        let again = CCEClient(
            baseURL: second.baseURL, projectID: ServeFixtures.project, region: "eu-de",
            auth: .token(ServeFixtures.token), transport: transport)
        let uids = try await again.listClusters(query: []).compactMap { $0["metadata"]?["uid"]?.stringValue }
        #expect(uids == created.map(\.uid))
        // Poll (bounded) until the creation jobs, which kept their start times, are done.
        let deadline = ContinuousClock.now + .seconds(15)
        var phases: [String] = []
        repeat {
            phases = []
            for id in created {
                phases.append(try await again.showJob(id: id.job)["status"]?["phase"]?.stringValue ?? "?")
            }
            if phases.allSatisfy({ $0 == "Success" }) { break }
            try await Task.sleep(for: .milliseconds(100))
        } while ContinuousClock.now < deadline
        #expect(phases == Array(repeating: "Success", count: created.count))
        for id in created {
            #expect(try await again.getCluster(id: id.uid)["status"]?["phase"] == "Available")
        }
    }

    @Test("--token-file is read; bad flags exit non-zero with a message naming the flag")
    func flags() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cce-serve-flags-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let tokenFile = directory.appendingPathComponent("token").path
        try "file-token-123\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let server = try ServeProcess(["--db", ":memory:", "--token-file", tokenFile])
        let transport = HTTPTransport()
        let client = CCEClient(
            baseURL: server.baseURL, projectID: ServeFixtures.project, region: "eu-de", auth: .token("file-token-123"),
            transport: transport)
        #expect(try await client.listClusters(query: []).isEmpty)
        try await transport.shutdown()
        #expect(server.interrupt() == 0)

        for (arguments, needle) in [
            (["--fault-rate", "2"], "fault rate"), (["--port", "70000"], "--port"), (["--access-key", "AK"], "secret"),
        ] {
            let r = try ChildProcess.run(
                Binary.url.path, ["serve", "--db", ":memory:"] + arguments, environment: ["HOME": directory.path],
                timeout: .seconds(30))
            let text = r.stderr
            #expect(r.status != 0, "\(arguments)")
            #expect(text.contains(needle), "\(arguments): \(text)")
        }
    }

    @Test("SIGINT stops the server cleanly (exit 0); secrets come from the environment")
    func sigint() async throws {
        let server = try ServeProcess(
            ["--db", ":memory:"], environment: ["CCE_EMULATOR_AK": "AKENV", "CCE_EMULATOR_SK": "SKENV"])
        let transport = HTTPTransport()
        let client = CCEClient(
            baseURL: server.baseURL, projectID: ServeFixtures.project, region: "eu-de",
            auth: .akSK(accessKey: "AKENV", secretKey: "SKENV"),
            transport: transport)
        #expect(try await client.listClusters(query: []).isEmpty)
        try await transport.shutdown()
        #expect(server.interrupt() == 0)
    }
}
