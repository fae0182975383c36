import CCECore
import Foundation
import Testing

@testable import CCEEmulator

let testProject = "0123456789abcdef0123456789abcdef"
let testToken = "test-token-0123"

/// The minimal body the Python SDK sends (WIRE.md §1.2).
func minimalCluster(_ name: String = "demo-cluster") -> JSONValue {
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

/// A router on a manual clock, token auth, `:memory:` unless told otherwise.
struct Harness {
    let clock: ManualClock
    let router: EmulatorRouter

    init(clock: ManualClock = ManualClock(), _ configure: (inout EmulatorConfiguration) -> Void = { _ in }) throws {
        var config = EmulatorConfiguration(token: testToken, createSeconds: 10, deleteSeconds: 5)
        configure(&config)
        self.clock = clock
        self.router = try EmulatorRouter(configuration: config, clock: clock)
    }

    struct Reply {
        var status: Int
        var json: JSONValue
        var response: TransportResponse
        var errorCode: String? { json["errorCode"]?.stringValue ?? json["error_code"]?.stringValue }
    }

    func request(
        _ method: String, _ subpath: String, body: JSONValue? = nil, rawBody: [UInt8]? = nil,
        query: [(name: String, value: String)] = [], headers: [(name: String, value: String)]? = nil
    ) -> TransportRequest {
        TransportRequest(
            method: method, baseURL: "http://127.0.0.1:8080", path: "/api/v3/projects/\(testProject)\(subpath)",
            query: query,
            headers: headers ?? [("Content-Type", "application/json"), ("X-Auth-Token", testToken)],
            body: rawBody ?? body?.serializedBytes() ?? [])
    }

    func send(_ request: TransportRequest) async -> Reply {
        let response = await router.handle(request)
        let json = (try? JSONValue.parse(response.body)) ?? .null
        return Reply(status: response.status, json: json, response: response)
    }

    func send(
        _ method: String, _ subpath: String, body: JSONValue? = nil, rawBody: [UInt8]? = nil,
        query: [(name: String, value: String)] = [], headers: [(name: String, value: String)]? = nil
    ) async -> Reply {
        await send(request(method, subpath, body: body, rawBody: rawBody, query: query, headers: headers))
    }

    /// Creates a cluster and returns (uid, jobID), failing the test on anything but 201.
    func create(_ name: String) async throws -> (uid: String, job: String) {
        let reply = await send("POST", "/clusters", body: minimalCluster(name))
        try #require(reply.status == 201, "create \(name): \(reply.status) \(reply.json)")
        let uid = try #require(reply.json["metadata"]?["uid"]?.stringValue)
        let job = try #require(reply.json["status"]?["jobID"]?.stringValue)
        return (uid, job)
    }
}

func temporaryDatabasePath() -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "cce-emulator-tests-\(UUID().uuidString)")
    // `cce serve --db` does not create a missing directory (a usage error instead).
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent("emulator.sqlite").path
}

func removeDatabase(_ path: String) {
    try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
}

/// The soak check both doors share: `count` concurrent creates through `client` (with its
/// retries), then every job reached Success and the list holds each name exactly once.
func createManyAndExpectEachOnce(_ client: CCEClient, count: Int, prefix: String) async throws {
    let jobs = try await withThrowingTaskGroup(of: String.self) { group in
        for i in 0..<count {
            group.addTask {
                let created = try await client.createCluster(body: minimalCluster("\(prefix)\(i)"))
                return try #require(created["status"]?["jobID"]?.stringValue)
            }
        }
        var all: [String] = []
        for try await job in group { all.append(job) }
        return all
    }
    #expect(Set(jobs).count == count)
    for job in jobs {
        #expect(try await client.showJob(id: job)["status"]?["phase"] == "Success")
    }
    let names = try await client.listClusters(query: []).compactMap { $0["metadata"]?["name"]?.stringValue }
    #expect(names.count == count)
    #expect(Set(names) == Set((0..<count).map { "\(prefix)\($0)" }))
}
