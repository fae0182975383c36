import Foundation
import Testing

@testable import CCECore

@Suite struct RetryTests {
    private let p = "/api/v3/projects/\(ClientFixtures.project)"

    @Test func getIsRetriedOn503WithJitteredExponentialBackoff() async throws {
        let transport = ScriptedTransport([
            .status(503), .status(502), .json(500, [:]), .json(200, ClientFixtures.cluster()),
        ])
        let clock = ClientVirtualClock()
        let client = ClientFixtures.client(
            transport, retry: RetryPolicy(maxAttempts: 4, baseDelay: .seconds(1)), clock: clock)
        let cluster = try await client.getCluster(id: "c-1")
        #expect(cluster["metadata"]?["uid"] == "c-1")
        #expect(await transport.requests.count == 4)
        // Full jitter with the random source fixed at 0.5: half of 1 s, 2 s, 4 s.
        #expect(clock.sleeps == [.milliseconds(500), .seconds(1), .seconds(2)])
    }

    @Test func retryAfterIsHonouredOn429() async throws {
        let transport = ScriptedTransport([
            .status(429, #"{"error_code":"APIGW.0308","error_msg":"throttled"}"#, headers: [("Retry-After", "7")]),
            .json(200, ClientFixtures.list([])),
        ])
        let clock = ClientVirtualClock()
        let client = ClientFixtures.client(transport, clock: clock)
        _ = try await client.listClusters(query: [])
        #expect(clock.sleeps == [.seconds(7)])
        #expect(await transport.requests.count == 2)
    }

    @Test func retryAfterIsCappedByThePolicy() {
        let policy = RetryPolicy(maxRetryAfter: .seconds(30))
        #expect(policy.delay(beforeRetry: 0, retryAfter: .seconds(3600), unit: 0.9) == .seconds(30))
        #expect(policy.delay(beforeRetry: 10, retryAfter: nil, unit: 1) == policy.maxDelay)
        #expect(policy.delay(beforeRetry: 1, retryAfter: nil, unit: 0) == .zero)
        #expect(RetryPolicy.retryAfter(" 12 ") == .seconds(12))
        #expect(RetryPolicy.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
    }

    @Test func deleteIsRetriedOnConnectionFailures() async throws {
        let transport = ScriptedTransport([
            .fail(.connectionLost("reset")), .fail(.timedOut), .fail(.connectionRefused("refused")),
            .json(200, ClientFixtures.cluster(phase: "Deleting")),
        ])
        let client = ClientFixtures.client(transport)
        _ = try await client.deleteCluster(id: "c-1", query: [])
        #expect(await transport.methodsAndPaths == Array(repeating: "DELETE \(p)/clusters/c-1", count: 4))
    }

    @Test(arguments: [400, 401, 403, 404, 409])
    func clientErrorsAreNeverRetried(status: Int) async throws {
        let transport = ScriptedTransport([.status(status), .json(200, ClientFixtures.cluster())])
        let clock = ClientVirtualClock()
        let client = ClientFixtures.client(transport, clock: clock)
        let e = try await #require(throws: CCEClientError.self) { try await client.getCluster(id: "c-1") }
        #expect(e.status == status)
        let posted = ScriptedTransport([.status(status), .json(201, ClientFixtures.cluster())])
        let e2 = try await #require(throws: CCEClientError.self) {
            try await ClientFixtures.client(posted, clock: clock).createCluster(body: ClientFixtures.createBody)
        }
        #expect(e2.status == status)
        #expect(await transport.requests.count == 1)
        #expect(await posted.requests.count == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test func getGivesUpAfterMaxAttemptsWithTheLastError() async throws {
        let transport = ScriptedTransport([
            .status(503), .status(503), .json(503, ["errorCode": "CCE.01500001", "errorMessage": "Internal error."]),
        ])
        let client = ClientFixtures.client(transport, retry: RetryPolicy(maxAttempts: 3))
        let e = try await #require(throws: CCEClientError.self) { try await client.showJob(id: "j") }
        #expect(e.status == 503 && e.code == "CCE.01500001")
        #expect(await transport.requests.count == 3)
    }

    @Test func backoffThatWouldPassTheOverallDeadlineStops() async throws {
        let transport = ScriptedTransport([
            .status(503, headers: [("Retry-After", "50")]), .json(200, ClientFixtures.cluster()),
        ])
        let clock = ClientVirtualClock()
        let client = ClientFixtures.client(transport, clock: clock, overallTimeout: .seconds(30))
        let e = try await #require(throws: CCEClientError.self) { try await client.getCluster(id: "c-1") }
        #expect(e.status == 503)
        #expect(clock.sleeps.isEmpty)
        #expect(await transport.requests.count == 1)
    }

    @Test func perRequestTimeoutIsBoundedByTheRemainingOverallTime() async throws {
        let transport = ScriptedTransport([.status(503), .json(200, ClientFixtures.cluster())])
        let clock = ClientVirtualClock()
        let client = ClientFixtures.client(
            transport, retry: RetryPolicy(maxAttempts: 2, baseDelay: .seconds(20)), clock: clock,
            requestTimeout: .seconds(30), overallTimeout: .seconds(35))
        _ = try await client.getCluster(id: "c-1")
        let timeouts = await transport.timeouts
        #expect(timeouts == [.seconds(30), .seconds(25)], "\(timeouts)")
    }

    // MARK: - Create

    @Test func createIsRetriedDirectlyWhenTheServiceProvablyDidNotAct() async throws {
        let transport = ScriptedTransport([
            .status(429, headers: [("Retry-After", "2")]), .fail(.connectionRefused("ECONNREFUSED")),
            .json(201, ClientFixtures.cluster()),
        ])
        let client = ClientFixtures.client(transport)
        _ = try await client.createCluster(body: ClientFixtures.createBody)
        #expect(await transport.methodsAndPaths == Array(repeating: "POST \(p)/clusters", count: 3))
    }

    @Test func createAfter500LooksUpBeforePostingAgain() async throws {
        let transport = ScriptedTransport([
            .status(500), .json(200, ClientFixtures.list([ClientFixtures.cluster(name: "someone-else")])),
            .json(201, ClientFixtures.cluster()),
        ])
        let client = ClientFixtures.client(transport)
        _ = try await client.createCluster(body: ClientFixtures.createBody)
        #expect(await transport.methodsAndPaths == ["POST \(p)/clusters", "GET \(p)/clusters", "POST \(p)/clusters"])
    }

    @Test func createWithoutRetriesDoesNotRepostAfter500() async throws {
        let transport = ScriptedTransport([.status(500)])
        let client = ClientFixtures.client(transport, retry: .none)
        let e = try await #require(throws: CCEClientError.self) {
            try await client.createCluster(body: ClientFixtures.createBody)
        }
        #expect(e.isServerError)
        #expect(await transport.requests.count == 1)
    }

    /// The service creates the cluster, then the connection breaks before the 201 arrives.
    /// The retry must find that cluster instead of creating a second one.
    @Test func noDuplicateAfterAnAmbiguousCreateFailure() async throws {
        let store = CreatedClusterStore()
        let transport = ScriptedTransport { request, _ in
            switch (request.method, request.path.hasSuffix("/clusters")) {
            case ("POST", true):
                let body = try JSONValue.parse(request.body)
                let created = await store.create(name: body["metadata"]?["name"]?.stringValue ?? "")
                _ = created
                throw TransportFailure.connectionLost("connection reset by peer")
            case ("GET", true):
                return TransportResponse(status: 200, body: ClientFixtures.list(await store.all).serializedBytes())
            default:
                return TransportResponse(status: 404)
            }
        }
        let client = ClientFixtures.client(transport)
        let result = try await client.createCluster(body: ClientFixtures.createBody)
        #expect(await store.all.count == 1)
        #expect(await transport.requests.filter { $0.method == "POST" }.count == 1)
        #expect(result["metadata"]?["name"] == "demo-cluster")
        #expect(result["status"]?["jobID"] == "job-for-demo-cluster")
        #expect(result["metadata"]?["annotations"]?["jobid"] == "job-for-demo-cluster")
    }

    @Test func createConflictAfterAnAmbiguousFailureReturnsTheExistingCluster() async throws {
        let transport = ScriptedTransport([
            .fail(.timedOut), .json(200, ClientFixtures.list([])),
            .json(409, ["errorCode": "CCE.01409001", "errorMessage": "The resource already exists."]),
            .json(200, ClientFixtures.list([ClientFixtures.cluster()])),
        ])
        let client = ClientFixtures.client(transport)
        let result = try await client.createCluster(body: ClientFixtures.createBody)
        #expect(result["metadata"]?["uid"] == "c-1")
        #expect(await transport.requests.filter { $0.method == "POST" }.count == 2)
    }

    @Test func createConflictWithoutAmbiguityIsAnError() async throws {
        let transport = ScriptedTransport([
            .json(409, ["errorCode": "CCE.01409001", "errorMessage": "The resource already exists."])
        ])
        let e = try await #require(throws: CCEClientError.self) {
            try await ClientFixtures.client(transport).createCluster(body: ClientFixtures.createBody)
        }
        #expect(e.isConflict && e.code == "CCE.01409001")
    }

    @Test func ambiguousCreateWithoutANameIsNotRetried() async throws {
        let transport = ScriptedTransport([.fail(.connectionLost("reset"))])
        let e = try await #require(throws: CCEClientError.self) {
            try await ClientFixtures.client(transport).createCluster(body: ["kind": "Cluster"])
        }
        #expect(e.isTransport)
        #expect(await transport.requests.count == 1)
    }

    @Test func retriedAKSKRequestIsSignedAfresh() async throws {
        let transport = ScriptedTransport([
            .status(503, headers: [("Retry-After", "3")]), .json(200, ClientFixtures.cluster()),
        ])
        let clock = ClientVirtualClock()
        let client = ClientFixtures.client(transport, auth: .akSK(accessKey: "AK", secretKey: "SK"), clock: clock)
        _ = try await client.getCluster(id: "c-1")
        let dates = await transport.requests.map { $0.header("X-Sdk-Date") }
        #expect(dates == ["20261129T101010Z", "20261129T101013Z"])
        #expect(await transport.requests.allSatisfy { $0.headers.filter { $0.name == "Authorization" }.count == 1 })
    }

    @Test func cancellationDuringBackoffEndsTheCallPromptly() async throws {
        let transport = ScriptedTransport(handler: { _, _ in TransportResponse(status: 503) })
        let client = CCEClient(
            configuration: .init(
                baseURL: ClientFixtures.base, projectID: "p", region: "eu-de", auth: .none,
                retry: RetryPolicy(maxAttempts: 5, baseDelay: .seconds(20), maxDelay: .seconds(20))),
            transport: transport,
            environment: ClientEnvironment(
                now: ClientEnvironment.live.now, sleep: ClientEnvironment.live.sleep, random: { 1 },
                date: { Date() }))
        let task = Task { try await client.getCluster(id: "c-1") }
        // Wait until the first 503 has come back and the 20 s backoff has begun.
        while await transport.requests.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(20))
        let start = ContinuousClock.now
        task.cancel()
        let result = await task.result
        // Without cancellation the call would sleep 20 s; the bound leaves room for a busy machine.
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(await transport.requests.count == 1)
        #expect(throws: CCEClientError.self) { try result.get() }
        if case .failure(let e as CCEClientError) = result { #expect(e.isCancelled) }
    }
}

actor CreatedClusterStore {
    private(set) var all: [JSONValue] = []
    func create(name: String) -> JSONValue {
        let c = ClientFixtures.cluster(name: name, uid: "uid-\(all.count)", jobID: "job-for-\(name)")
        all.append(c)
        return c
    }
}
