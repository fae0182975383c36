import Foundation
import Testing

@testable import CCECore

/// A transport that answers from a script (or a handler) and records every request.
actor ScriptedTransport: Transport {
    enum Step: Sendable {
        case respond(TransportResponse)
        case fail(TransportFailure)
    }

    private var script: [Step]
    private let handler: (@Sendable (TransportRequest, Int) async throws -> TransportResponse)?
    private(set) var requests: [TransportRequest] = []
    private(set) var timeouts: [Duration] = []

    init(_ script: [Step]) {
        self.script = script
        self.handler = nil
    }

    init(handler: @escaping @Sendable (TransportRequest, Int) async throws -> TransportResponse) {
        self.script = []
        self.handler = handler
    }

    nonisolated func send(_ request: TransportRequest, timeout: Duration) async throws -> TransportResponse {
        try await record(request, timeout: timeout)
    }

    private func record(_ request: TransportRequest, timeout: Duration) async throws -> TransportResponse {
        requests.append(request)
        timeouts.append(timeout)
        if let handler { return try await handler(request, requests.count - 1) }
        guard !script.isEmpty else {
            Issue.record("unexpected request \(request.method) \(request.path)")
            return TransportResponse(status: 599)
        }
        switch script.removeFirst() {
        case .respond(let r): return r
        case .fail(let f): throw f
        }
    }

    var methodsAndPaths: [String] { requests.map { "\($0.method) \($0.path)" } }
    var remaining: Int { script.count }
}

extension ScriptedTransport.Step {
    static func json(_ status: Int, _ body: JSONValue, headers: [(name: String, value: String)] = []) -> Self {
        .respond(
            TransportResponse(
                status: status, headers: [("Content-Type", "application/json")] + headers,
                body: body.serializedBytes()))
    }
    static func status(_ status: Int, _ text: String = "", headers: [(name: String, value: String)] = []) -> Self {
        .respond(TransportResponse(status: status, headers: headers, body: Array(text.utf8)))
    }
}

/// Virtual time: `sleep` advances the clock at once and records the wait.
final class ClientVirtualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var _now: Duration = .zero
    private var _sleeps: [Duration] = []
    private var _date = Date(timeIntervalSince1970: 1_795_947_010)  // 20261129T101010Z

    var now: Duration { lock.withLock { _now } }
    var sleeps: [Duration] { lock.withLock { _sleeps } }

    func advance(_ d: Duration) { lock.withLock { _now += d } }

    var environment: ClientEnvironment {
        ClientEnvironment(
            now: { self.now },
            sleep: { d in
                try Task.checkCancellation()
                self.lock.withLock {
                    self._sleeps.append(d)
                    self._now += d
                    self._date += d.seconds
                }
                await Task.yield()
            },
            random: { 0.5 },
            date: { self.lock.withLock { self._date } })
    }
}

enum ClientFixtures {
    static let project = "0123456789abcdef0123456789abcdef"
    static let base = "https://cce.eu-de.otc.t-systems.com"

    static func client(
        _ transport: ScriptedTransport, auth: CCEClient.Auth = .token("TOKEN-SECRET-123"),
        retry: RetryPolicy = RetryPolicy(maxAttempts: 4), clock: ClientVirtualClock = ClientVirtualClock(),
        requestTimeout: Duration = .seconds(30), overallTimeout: Duration = .seconds(120)
    ) -> CCEClient {
        CCEClient(
            configuration: .init(
                baseURL: base, projectID: project, region: "eu-de", auth: auth, retry: retry,
                requestTimeout: requestTimeout, overallTimeout: overallTimeout),
            transport: transport, environment: clock.environment)
    }

    static let createBody: JSONValue = [
        "kind": "Cluster", "apiVersion": "v3", "metadata": ["name": "demo-cluster"],
        "spec": [
            "type": "VirtualMachine", "flavor": "cce.s1.small",
            "hostNetwork": ["vpc": "vpc-id", "subnet": "net-id"], "containerNetwork": ["mode": "overlay_l2"],
        ],
    ]

    static func cluster(
        name: String = "demo-cluster", uid: String = "c-1", phase: String = "Creating", jobID: String? = "job-1"
    )
        -> JSONValue
    {
        var status: JSONValue = ["phase": .string(phase)]
        if let jobID { status["jobID"] = .string(jobID) }
        return [
            "kind": "Cluster", "apiVersion": "v3", "metadata": ["name": .string(name), "uid": .string(uid)],
            "spec": ["type": "VirtualMachine", "flavor": "cce.s1.small"], "status": status,
        ]
    }

    static func list(_ items: [JSONValue]) -> JSONValue {
        ["kind": "Cluster", "apiVersion": "v3", "items": .array(items)]
    }

    static func job(
        _ phase: String, type: String = "CreateCluster", clusterUID: String = "c-1", reason: String = "",
        subJobs: [(String, String)] = []
    ) -> JSONValue {
        let subs: [JSONValue] = subJobs.map { t, p in
            ["kind": "Job", "spec": ["type": .string(t)], "status": ["phase": .string(p)]]
        }
        return [
            "kind": "Job", "apiVersion": "v3", "metadata": ["uid": "job-1"],
            "spec": ["type": .string(type), "clusterUID": .string(clusterUID), "subJobs": .array(subs)],
            "status": ["phase": .string(phase), "reason": .string(reason)],
        ]
    }

    static let dualCodeError: JSONValue = [
        "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure", "code": 400,
        "errorCode": "CCE.01400001", "errorMessage": "Invalid request.", "error_code": "CCE_CM.0004",
        "error_msg": "Request is invalid", "message": "Eni subnetId and subnetCidr not matched", "reason": "BadRequest",
    ]
}
