import Testing

@testable import CCECore

/// A service that forwards to a client but offers no `jobTiming`: every wait on it starts
/// from its own options.
private struct ForgetfulService: ClusterService {
    let client: CCEClient
    func createCluster(body: JSONValue) async throws -> JSONValue { try await client.createCluster(body: body) }
    func showJob(id: String) async throws -> JSONValue { try await client.showJob(id: id) }
    func getCluster(id: String) async throws -> JSONValue { try await client.getCluster(id: id) }
    func listClusters(query: [(name: String, value: String)]) async throws -> [JSONValue] {
        try await client.listClusters(query: query)
    }
    func deleteCluster(id: String, query: [(name: String, value: String)]) async throws -> JSONValue {
        try await client.deleteCluster(id: id, query: query)
    }
}

@Suite struct JobTimingMemoryTests {
    /// Two jobs, each created 30 ms before its wait: running at the first quick check, then done.
    private func twoJobs() -> ScriptedTransport {
        ScriptedTransport([
            .json(200, ClientFixtures.job("Running")),
            .json(200, ClientFixtures.job("Success")),
            .json(200, ClientFixtures.cluster(phase: "Available")),
            .json(200, ClientFixtures.job("Success")),
            .json(200, ClientFixtures.cluster(phase: "Available")),
        ])
    }

    private func options(_ clock: ClientVirtualClock) -> JobWaiter.Options {
        JobWaiter.Options(
            initialInterval: .seconds(1), maxInterval: .seconds(10), quickCheck: .milliseconds(100),
            environment: clock.environment)
    }

    @Test func aLostQuickCheckIsSkippedByTheNextWaitOnTheSameClient() async throws {
        let clock = ClientVirtualClock()
        let transport = twoJobs()
        let client = ClientFixtures.client(transport, retry: .none, clock: clock)
        let waiter = JobWaiter(service: client, options: options(clock))
        _ = try await waiter.wait(jobID: "job-1", timeout: .seconds(60), jobAge: .milliseconds(30))
        _ = try await waiter.wait(jobID: "job-2", timeout: .seconds(60), jobAge: .milliseconds(30))
        // The first job is read at ages 100 ms (lost) and 1 s; the second only at 1 s.
        #expect(clock.sleeps == [.milliseconds(70), .milliseconds(900), .milliseconds(970)])
        #expect(await transport.requests.count == 5)
    }

    @Test func withoutMemoryEveryWaitMakesItsQuickCheck() async throws {
        let clock = ClientVirtualClock()
        let client = ClientFixtures.client(twoJobs(), retry: .none, clock: clock)
        let waiter = JobWaiter(service: ForgetfulService(client: client), options: options(clock))
        _ = try await waiter.wait(jobID: "job-1", timeout: .seconds(60), jobAge: .milliseconds(30))
        _ = try await waiter.wait(jobID: "job-2", timeout: .seconds(60), jobAge: .milliseconds(30))
        #expect(clock.sleeps == [.milliseconds(70), .milliseconds(900), .milliseconds(70)])
    }

    @Test func theMemoryFadesAfterTheInitialInterval() async throws {
        let clock = ClientVirtualClock()
        let client = ClientFixtures.client(twoJobs(), retry: .none, clock: clock)
        let waiter = JobWaiter(service: client, options: options(clock))
        _ = try await waiter.wait(jobID: "job-1", timeout: .seconds(60), jobAge: .milliseconds(30))
        clock.advance(.seconds(5))
        _ = try await waiter.wait(jobID: "job-2", timeout: .seconds(60), jobAge: .milliseconds(30))
        #expect(clock.sleeps == [.milliseconds(70), .milliseconds(900), .milliseconds(70)])
    }

    @Test func aWonQuickCheckIsNotALoss() async throws {
        let clock = ClientVirtualClock()
        let transport = ScriptedTransport([
            .json(200, ClientFixtures.job("Success")),
            .json(200, ClientFixtures.cluster(phase: "Available")),
            .json(200, ClientFixtures.job("Success")),
            .json(200, ClientFixtures.cluster(phase: "Available")),
        ])
        let client = ClientFixtures.client(transport, retry: .none, clock: clock)
        let waiter = JobWaiter(service: client, options: options(clock))
        _ = try await waiter.wait(jobID: "job-1", timeout: .seconds(60), jobAge: .milliseconds(30))
        _ = try await waiter.wait(jobID: "job-2", timeout: .seconds(60), jobAge: .milliseconds(30))
        #expect(clock.sleeps == [.milliseconds(70), .milliseconds(70)])
    }
}

extension JobTimingMemoryTests {
    /// A batch sleeps towards its quick checks together: a wait whose fellow lost while it
    /// slept skips its own quick check.
    @Test func aLossWhileSleepingTowardsTheQuickCheckSkipsIt() async throws {
        let clock = ClientVirtualClock()
        let transport = ScriptedTransport([
            .json(200, ClientFixtures.job("Success")),
            .json(200, ClientFixtures.cluster(phase: "Available")),
        ])
        let client = ClientFixtures.client(transport, retry: .none, clock: clock)
        let memory = try #require(client.jobTiming)
        var environment = clock.environment
        let sleep = environment.sleep
        environment.sleep = { d in
            try await sleep(d)
            // Another wait of the batch loses its quick check meanwhile.
            memory.quickCheckLost(at: clock.now)
        }
        let waiter = JobWaiter(
            service: client,
            options: JobWaiter.Options(
                initialInterval: .seconds(1), maxInterval: .seconds(10), quickCheck: .milliseconds(100),
                environment: environment))
        _ = try await waiter.wait(jobID: "job-1", timeout: .seconds(60), jobAge: .milliseconds(30))
        #expect(clock.sleeps == [.milliseconds(70), .milliseconds(900)])
        #expect(await transport.requests.count == 2)
    }

    /// The memory skips only a quick check: a job already past it is read on its schedule
    /// even right after a loss (a batch whose creation took longer than the quick check).
    @Test func aJobPastTheQuickCheckIsStillReadAtOneSecond() async throws {
        let clock = ClientVirtualClock()
        let transport = ScriptedTransport([
            .json(200, ClientFixtures.job("Success")),
            .json(200, ClientFixtures.cluster(phase: "Available")),
        ])
        let client = ClientFixtures.client(transport, retry: .none, clock: clock)
        try #require(client.jobTiming).quickCheckLost(at: clock.now)
        let waiter = JobWaiter(service: client, options: options(clock))
        _ = try await waiter.wait(jobID: "job-1", timeout: .seconds(60), jobAge: .milliseconds(400))
        #expect(clock.sleeps == [.milliseconds(600)])
        #expect(await transport.requests.count == 2)
    }
}
