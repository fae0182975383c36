import CCECore
import Foundation
import Testing

@testable import CCEEmulator

/// Runs an `EmulatorServer` on a free loopback port for the duration of `body`.
func withLiveServer<T: Sendable>(
    _ configuration: EmulatorConfiguration, clock: any EmulatorClock = SystemClock(),
    requestLog: (@Sendable (String) -> Void)? = nil,
    _ body: @Sendable (_ baseURL: String, _ emulator: Emulator) async throws -> T
) async throws -> T {
    let emulator = try Emulator(configuration: configuration, clock: clock)
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let server = EmulatorServer(emulator: emulator, port: 0, requestLog: requestLog)
    let task = Task { try await server.run { port in continuation.yield(port) } }
    defer { task.cancel() }
    var iterator = ports.makeAsyncIterator()
    let port = try #require(await iterator.next())
    return try await body("http://127.0.0.1:\(port)", emulator)
}

@Suite("EmulatorServer (live HTTP)")
struct ServerTests {
    static let ak = "AKLIVE"
    static let sk = "SKLIVE-secret"

    func lifecycle(_ auth: CCEClient.Auth) async throws {
        let config = EmulatorConfiguration(
            token: testToken, accessKeys: [Self.ak: Self.sk], createSeconds: 0, deleteSeconds: 0, clusterQuota: 2)
        try await withLiveServer(config) { baseURL, _ in
            let transport = HTTPTransport()
            let client = CCEClient(
                baseURL: baseURL, projectID: testProject, region: "eu-de", auth: auth, transport: transport)
            do {
                let created = try await client.createCluster(body: minimalCluster("live-one"))
                let uid = try #require(created["metadata"]?["uid"]?.stringValue)
                let jobID = try #require(created["status"]?["jobID"]?.stringValue)
                #expect(created["status"]?["phase"] == "Creating")
                #expect(try await client.showJob(id: jobID)["status"]?["phase"] == "Success")
                #expect(try await client.getCluster(id: uid)["status"]?["phase"] == "Available")
                #expect(try await client.listClusters(query: [("status", "Available")]).count == 1)

                var invalid = minimalCluster("live-two")
                invalid["spec"]?["containerNetwork"] = [:]
                let badRequest = await #expect(throws: CCEClientError.self) {
                    try await client.createCluster(body: invalid)
                }
                #expect(badRequest?.status == 400)
                #expect(badRequest?.code == "CCE.01400001")
                #expect(
                    badRequest?.message.contains("spec.containerNetwork.mode") == true
                        || badRequest?.detail?.contains("spec.containerNetwork.mode") == true)

                let conflict = await #expect(throws: CCEClientError.self) {
                    try await client.createCluster(body: minimalCluster("live-one"))
                }
                #expect(conflict?.status == 409)
                #expect(conflict?.code == "CCE.01409001")

                _ = try await client.createCluster(body: minimalCluster("live-two"))
                let quota = await #expect(throws: CCEClientError.self) {
                    try await client.createCluster(body: minimalCluster("live-three"))
                }
                #expect(quota?.code == "CCE.01400007")

                let deleted = try await client.deleteCluster(id: uid, query: [("delete_evs", "true")])
                #expect(deleted["status"]?["deleteOption"]?["delete_evs"] == "delete-true")
                let gone = await #expect(throws: CCEClientError.self) { try await client.getCluster(id: uid) }
                #expect(gone?.status == 404)
                #expect(gone?.code == "CCE.01404001")
                #expect(gone?.requestID?.count == 32)

                let stranger = CCEClient(
                    baseURL: baseURL, projectID: testProject, region: "eu-de", auth: .token("wrong"),
                    transport: transport)
                let refused = await #expect(throws: CCEClientError.self) { try await stranger.listClusters(query: []) }
                #expect(refused?.status == 401)
                #expect(refused?.code == "APIGW.0301")
            } catch {
                try? await transport.shutdown()
                throw error
            }
            try await transport.shutdown()
        }
    }

    @Test("through CCEClient + HTTPTransport with a token: 201, 200, 400, 409, quota 400, 404, 401")
    func token() async throws {
        try await lifecycle(.token(testToken))
    }

    @Test("through CCEClient + HTTPTransport with AK/SK signatures")
    func akSK() async throws {
        try await lifecycle(.akSK(accessKey: Self.ak, secretKey: Self.sk))
    }

    @Test("raw HTTP: X-Request-Id and JSON content type on every answer; the request log carries no secrets")
    func rawHTTP() async throws {
        let lines = LogLines()
        let emulator = try Emulator(configuration: EmulatorConfiguration(token: testToken, createSeconds: 0))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = EmulatorServer(emulator: emulator, port: 0, requestLog: { lines.append($0) })
        let task = Task { try await server.run { continuation.yield($0) } }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let transport = HTTPTransport()
        defer { Task { try? await transport.shutdown() } }
        for (method, path, headers) in [
            ("GET", "/api/v3/projects/\(testProject)/clusters", [("X-Auth-Token", testToken)]),
            ("GET", "/api/v3/projects/\(testProject)/clusters", [("X-Auth-Token", "secret-guess")]),
            ("GET", "/api/v3/projects/\(testProject)/jobs/x%2Fy", [("X-Auth-Token", testToken)]),
            ("GET", "/nowhere", []),
        ] {
            let response = try await transport.send(
                TransportRequest(method: method, baseURL: "http://127.0.0.1:\(port)", path: path, headers: headers),
                timeout: .seconds(10))
            #expect(response.header("X-Request-Id")?.count == 32)
            #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
            #expect((try? JSONValue.parse(response.body)) != nil)
        }
        #expect(lines.all.count == 4)
        #expect(!lines.all.joined().contains(testToken))
        #expect(!lines.all.joined().contains("secret-guess"))
    }

    @Test(
        """
        live soak: 200 creates through CCEClient with retries against fault rate 0.2 → exactly 200 clusters, \
        all jobs Success
        """
    )
    func soak() async throws {
        let config = EmulatorConfiguration(createSeconds: 0, clusterQuota: 1000, faultRate: 0.2, seed: 2026)
        let lines = LogLines()
        try await withLiveServer(config, requestLog: { lines.append($0) }) { baseURL, emulator in
            let transport = HTTPTransport()
            let environment = ClientEnvironment(
                now: ClientEnvironment.live.now, sleep: ClientEnvironment.live.sleep,
                random: { Double.random(in: 0..<1) },
                date: { Date() })
            let client = CCEClient(
                configuration: CCEClient.Configuration(
                    baseURL: baseURL, projectID: testProject, region: "eu-de", auth: .none,
                    retry: RetryPolicy(maxAttempts: 12, baseDelay: .milliseconds(5), maxDelay: .milliseconds(100)),
                    requestTimeout: .seconds(10)),
                transport: transport, environment: environment)
            do {
                try await createManyAndExpectEachOnce(client, count: 200, prefix: "live-soak-")
                // The faults really happened, the ambiguous kind included.
                let log = lines.all
                #expect(log.contains { $0.hasPrefix("POST") && $0.contains("dropped") })
                for status in [" 429 ", " 500 ", " 503 "] {
                    #expect(log.contains { $0.contains(status) }, "no\(status)answer")
                }
            } catch {
                try? await transport.shutdown()
                throw error
            }
            try await transport.shutdown()
        }
    }
}

final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
