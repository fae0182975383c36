import Foundation
import Testing

@testable import CCECore

/// Collects progress reports from the waiter's callback.
final class JobProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var _items: [JobProgress] = []
    var items: [JobProgress] { lock.withLock { _items } }
    func add(_ p: JobProgress) { lock.withLock { _items.append(p) } }
}

@Suite(.serialized) struct JobWaiterTests {
    private let p = "/api/v3/projects/\(ClientFixtures.project)"

    /// The waiter runs over a real `CCEClient` without retries, so the waiter's own handling
    /// of transient errors is what the tests see.
    private func waiter(_ transport: ScriptedTransport, clock: ClientVirtualClock, options: JobWaiter.Options? = nil)
        -> JobWaiter
    {
        let client = ClientFixtures.client(transport, retry: .none, clock: clock)
        return JobWaiter(service: client, options: options ?? JobWaiter.Options(environment: clock.environment))
    }

    @Test func successReturnsTheClusterAsTheServiceReportsIt() async throws {
        let transport = ScriptedTransport([
            .json(200, ClientFixtures.job("Initializing")),
            .json(
                200,
                ClientFixtures.job(
                    "Running", subJobs: [("InstallMaster", "Running"), ("CreatePSMCert", "Initializing")])),
            .json(
                200,
                ClientFixtures.job("Running", subJobs: [("InstallMaster", "Success"), ("CreatePSMCert", "Running")])),
            .json(
                200,
                ClientFixtures.job("Success", subJobs: [("InstallMaster", "Success"), ("CreatePSMCert", "Success")])),
            .json(200, ClientFixtures.cluster(phase: "Available")),
        ])
        let clock = ClientVirtualClock()
        let log = JobProgressLog()
        let cluster = try await waiter(transport, clock: clock).wait(jobID: "job-1", timeout: .seconds(600)) {
            log.add($0)
        }
        #expect(cluster?["status"]?["phase"] == "Available")
        #expect(await transport.methodsAndPaths.last == "GET \(p)/clusters/c-1")
        #expect(log.items.map(\.phase) == ["Initializing", "Running", "Running", "Success"])
        #expect(log.items.map(\.currentSubJob) == [nil, "InstallMaster", "CreatePSMCert", nil])
        #expect(log.items[2].completedSubJobs == 1 && log.items[2].subJobs.count == 2)
        #expect(log.items.map(\.elapsed) == [.zero, .seconds(1), .seconds(2.5), .seconds(4.75)])
        #expect(log.items[0].jobType == "CreateCluster")
        #expect(clock.sleeps == [.seconds(1), .seconds(1.5), .seconds(2.25)])
    }

    @Test func aKnownJobAgeSchedulesPollsFromTheJobsStart() async throws {
        let transport = ScriptedTransport([
            .json(200, ClientFixtures.job("Running")),
            .json(200, ClientFixtures.job("Running")),
            .json(200, ClientFixtures.job("Success")),
            .json(200, ClientFixtures.cluster(phase: "Available")),
        ])
        let clock = ClientVirtualClock()
        let options = JobWaiter.Options(
            initialInterval: .seconds(1), maxInterval: .seconds(10), quickCheck: .milliseconds(100),
            environment: clock.environment)
        let cluster = try await waiter(transport, clock: clock, options: options)
            .wait(jobID: "job-1", timeout: .seconds(60), jobAge: .milliseconds(30))
        #expect(cluster?["status"]?["phase"] == "Available")
        // Job ages 100 ms, 1 s, 2.5 s: the first read waits for the quick check.
        #expect(clock.sleeps == [.milliseconds(70), .milliseconds(900), .milliseconds(1500)])
    }

    @Test func aYoungJobIsFirstReadAtOneSecondAnOldOneAtOnce() async throws {
        let transport = ScriptedTransport([
            .json(200, ClientFixtures.job("Running")),
            .json(200, ClientFixtures.job("Success")),
            .json(200, ClientFixtures.cluster(phase: "Available")),
        ])
        let clock = ClientVirtualClock()
        let options = JobWaiter.Options(
            initialInterval: .seconds(1), maxInterval: .seconds(10), quickCheck: .milliseconds(100),
            environment: clock.environment)
        _ = try await waiter(transport, clock: clock, options: options)
            .wait(jobID: "job-1", timeout: .seconds(60), jobAge: .milliseconds(400))
        // Past the quick check but younger than the initial interval: first read at age 1 s.
        #expect(clock.sleeps == [.milliseconds(600), .milliseconds(1500)])
        #expect(await transport.requests.count == 3)
        // An old job is read at once, then on its schedule (points 20.78 s, 30.78 s, … at the cap).
        let old = ScriptedTransport([
            .json(200, ClientFixtures.job("Running")), .json(200, ClientFixtures.job("Running")),
            .json(200, ClientFixtures.job("Success")), .json(200, ClientFixtures.cluster(phase: "Available")),
        ])
        let clock2 = ClientVirtualClock()
        let options2 = JobWaiter.Options(
            initialInterval: .seconds(1), maxInterval: .seconds(10), quickCheck: .milliseconds(100),
            environment: clock2.environment)
        _ = try await waiter(old, clock: clock2, options: options2).wait(
            jobID: "job-1", timeout: .seconds(60), jobAge: .seconds(30))
        #expect(clock2.sleeps == [.milliseconds(781.25), .seconds(10)])
    }

    @Test func alignedPausesEndOnACommonGrainAtMostATenthOfTheirStepLate() {
        func aligned(_ pause: Duration, step: Duration? = nil, at now: Duration) -> Duration {
            JobWaiter.alignedPause(pause, interval: step ?? pause, at: now)
        }
        // Pauses of the 1 s step end on the next 100 ms mark of the clock, whatever is left of the step.
        #expect(aligned(.seconds(1), at: .milliseconds(130)) == .milliseconds(1070))
        #expect(aligned(.seconds(1), at: .milliseconds(199)) == .milliseconds(1001))
        #expect(aligned(.seconds(1), at: .milliseconds(200)) == .seconds(1))
        #expect(aligned(.milliseconds(970), step: .seconds(1), at: .milliseconds(1234)) == .milliseconds(1066))
        // 15 s on the next whole second, 100 ms on the next 10 ms, below 10 ms exact.
        #expect(aligned(.seconds(15), at: .milliseconds(2500)) == .milliseconds(15500))
        #expect(aligned(.milliseconds(100), at: .milliseconds(3)) == .milliseconds(107))
        #expect(aligned(.milliseconds(9), at: .milliseconds(3)) == .milliseconds(9))
        #expect(aligned(.zero, step: .seconds(1), at: .milliseconds(1234)) == .zero)
        // The first polls of a batch created over 100 ms end together (or in two groups).
        let ends = (0..<50).map { i in
            let created = Duration.milliseconds(1000 + i * 2)
            let waitStart = Duration.milliseconds(1100)
            return waitStart + aligned(created + .seconds(1) - waitStart, step: .seconds(1), at: waitStart)
        }
        #expect(Set(ends) == [.milliseconds(2000), .milliseconds(2100)])
        for step in [
            Duration.milliseconds(10), .milliseconds(730), .seconds(1), .seconds(2.25), .seconds(15), .seconds(3600),
        ] {
            for now in [Duration.zero, .milliseconds(1), .milliseconds(12_345), .seconds(86_400)] {
                for pause in [step, step / 3] {
                    let a = aligned(pause, step: step, at: now)
                    #expect(a >= pause && a <= pause + step / 10, "\(pause) of \(step) at \(now): \(a)")
                }
            }
        }
    }

    @Test func alignedPollsOfAWaitStayOnTheGrainAndWithinTheTimeout() async throws {
        let transport = ScriptedTransport([
            .json(200, ClientFixtures.job("Running")),
            .json(200, ClientFixtures.job("Success")),
            .json(200, ClientFixtures.cluster(phase: "Available")),
        ])
        let clock = ClientVirtualClock()
        clock.advance(.milliseconds(1234))
        let options = JobWaiter.Options(
            initialInterval: .seconds(1), maxInterval: .seconds(10), alignsPolls: true, environment: clock.environment)
        let cluster = try await waiter(transport, clock: clock, options: options)
            .wait(jobID: "job-1", timeout: .seconds(60), jobAge: .milliseconds(30))
        #expect(cluster?["status"]?["phase"] == "Available")
        // Scheduled at job ages 1 s and 2.5 s (clock 2.204 s, 3.704 s): read at 2.3 s and 3.8 s.
        #expect(clock.sleeps == [.milliseconds(1066), .milliseconds(1500)])
        // The last pause before the timeout is cut to the timeout, not aligned past it.
        let never = ScriptedTransport((0..<10).map { _ in .json(200, ClientFixtures.job("Running")) })
        let clock2 = ClientVirtualClock()
        clock2.advance(.milliseconds(55))
        let options2 = JobWaiter.Options(
            initialInterval: .seconds(1), maxInterval: .seconds(1), alignsPolls: true, environment: clock2.environment)
        await #expect(throws: CCEClientError.self) {
            try await waiter(never, clock: clock2, options: options2).wait(jobID: "job-1", timeout: .milliseconds(2500))
        }
        #expect(clock2.now == .milliseconds(2555))
    }

    @Test func intervalsGrowToTheCap() async throws {
        var pacer = JobWaiter.Pacer(
            options: JobWaiter.Options(initialInterval: .seconds(1), maxInterval: .seconds(15), multiplier: 2))
        let intervals = (0..<7).map { _ in pacer.next() }
        #expect(
            intervals == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(15), .seconds(15), .seconds(15)])
    }

    @Test func quickCheckComesOutOfTheInitialInterval() async throws {
        var pacer = JobWaiter.Pacer(
            options: JobWaiter.Options(
                initialInterval: .seconds(1), maxInterval: .seconds(3), multiplier: 2, quickCheck: .milliseconds(100)))
        let intervals = (0..<5).map { _ in pacer.next() }
        #expect(intervals == [.milliseconds(100), .milliseconds(900), .seconds(2), .seconds(3), .seconds(3)])
        pacer.reset()
        #expect(pacer.next() == .milliseconds(100))
        // A quick check that is not shorter than the initial interval is ignored.
        var plain = JobWaiter.Pacer(options: JobWaiter.Options(initialInterval: .seconds(1), quickCheck: .seconds(2)))
        #expect(plain.next() == .seconds(1))
    }

    @Test func failureEndsTheWaitWithTheJobsReason() async throws {
        let transport = ScriptedTransport([
            .json(200, ClientFixtures.job("Running")),
            .json(200, ClientFixtures.job("Failed", reason: "Insufficient cluster quota.")),
        ])
        let e = try await #require(throws: CCEClientError.self) {
            try await waiter(transport, clock: ClientVirtualClock()).wait(jobID: "job-1", timeout: .seconds(600))
        }
        #expect(e.isJobFailed)
        #expect(e.jobFailureReason == "Insufficient cluster quota.")
        #expect(e.description.contains("Insufficient cluster quota."))
        #expect(await transport.requests.count == 2)  // no cluster lookup after a failure
    }

    @Test func failureWithoutReasonNamesTheFailedSubJob() {
        let job = ClientFixtures.job("Failed", subJobs: [("InstallMaster", "Success"), ("CreatePSMCert", "Failed")])
        #expect(JobWaiter.failureReason(of: job) == "CreatePSMCert failed")
    }

    @Test func timeoutWhenTheJobNeverEnds() async throws {
        let transport = ScriptedTransport(handler: { _, _ in
            TransportResponse(status: 200, body: ClientFixtures.job("Running").serializedBytes())
        })
        let clock = ClientVirtualClock()
        let e = try await #require(throws: CCEClientError.self) {
            try await waiter(transport, clock: clock).wait(jobID: "job-1", timeout: .seconds(60))
        }
        #expect(e.isTimeout)
        #expect(e.message.contains("1 min"))
        #expect(clock.now == .seconds(60))
        #expect(clock.sleeps.allSatisfy { $0 <= .seconds(15) })
    }

    @Test func transient503sAndConnectionLossAreRetried() async throws {
        let transport = ScriptedTransport([
            .json(200, ClientFixtures.job("Running")),
            .status(503, #"{"error_code":"APIGW.0201","error_msg":"backend unavailable"}"#),
            .fail(.connectionLost("reset")),
            .status(429),
            .json(200, ClientFixtures.job("Success")),
            .status(502),
            .json(200, ClientFixtures.cluster(phase: "Available")),
        ])
        let cluster = try await waiter(transport, clock: ClientVirtualClock()).wait(
            jobID: "job-1", timeout: .seconds(600))
        #expect(cluster?["metadata"]?["uid"] == "c-1")
        #expect(await transport.remaining == 0)
    }

    @Test func nonTransientErrorsEndTheWait() async throws {
        let transport = ScriptedTransport([
            .json(404, ["errorCode": "CCE.01404001", "errorMessage": "Resource not found."])
        ])
        let e = try await #require(throws: CCEClientError.self) {
            try await waiter(transport, clock: ClientVirtualClock()).wait(jobID: "job-1", timeout: .seconds(600))
        }
        #expect(e.isNotFound)
    }

    @Test func deleteJobReturnsNilOnceTheClusterIsGone() async throws {
        let transport = ScriptedTransport([
            .json(200, ClientFixtures.job("Running", type: "DeleteCluster")),
            .json(200, ClientFixtures.job("Success", type: "DeleteCluster")),
            .json(200, ClientFixtures.cluster(phase: "Deleting")),
            .json(404, ["errorCode": "CCE.01404001", "errorMessage": "Resource not found."]),
        ])
        let result = try await waiter(transport, clock: ClientVirtualClock()).wait(
            jobID: "job-1", timeout: .seconds(600))
        #expect(result == nil)
        #expect(await transport.remaining == 0)
    }

    @Test func successWithoutClusterIDIsReported() async throws {
        let transport = ScriptedTransport([.json(200, ClientFixtures.job("Success", clusterUID: ""))])
        let e = try await #require(throws: CCEClientError.self) {
            try await waiter(transport, clock: ClientVirtualClock()).wait(jobID: "job-1", timeout: .seconds(60))
        }
        #expect(e.isInvalidResponse)
    }

    @Test func cancellationEndsTheWaitWithin100ms() async throws {
        let transport = ScriptedTransport(handler: { _, _ in
            TransportResponse(status: 200, body: ClientFixtures.job("Running").serializedBytes())
        })
        let client = CCEClient(
            configuration: .init(
                baseURL: ClientFixtures.base, projectID: ClientFixtures.project, region: "eu-de", auth: .none),
            transport: transport)
        let waiter = JobWaiter(
            service: client, options: .init(initialInterval: .seconds(10), maxInterval: .seconds(15)))
        let task = Task { try await waiter.wait(jobID: "job-1", timeout: .seconds(3600)) }
        try await Task.sleep(for: .milliseconds(50))
        let start = ContinuousClock.now
        task.cancel()
        let result = await task.result
        let latency = ContinuousClock.now - start
        #expect(latency < .milliseconds(100), "cancellation took \(latency)")
        guard case .failure(let error) = result else {
            Issue.record("the wait should have been cancelled")
            return
        }
        #expect((error as? CCEClientError)?.isCancelled == true)
    }

    @Test func hundredsOfWaitersRunConcurrently() async throws {
        let transport = ScriptedTransport(handler: { request, _ in
            // Each job succeeds on its third poll; its cluster then answers.
            let id = request.path.split(separator: "/").last.map(String.init) ?? ""
            if request.path.contains("/jobs/") {
                let polls = await JobPollCounter.shared.bump(id)
                let job = ClientFixtures.job(polls >= 3 ? "Success" : "Running", clusterUID: "c-\(id)")
                return TransportResponse(status: 200, body: job.serializedBytes())
            }
            return TransportResponse(status: 200, body: ClientFixtures.cluster(uid: id).serializedBytes())
        })
        let client = CCEClient(
            configuration: .init(
                baseURL: ClientFixtures.base, projectID: ClientFixtures.project, region: "eu-de", auth: .none),
            transport: transport)
        let waiter = JobWaiter(
            service: client, options: .init(initialInterval: .milliseconds(5), maxInterval: .milliseconds(20)))
        let count = 300
        let start = ContinuousClock.now
        let uids = try await withThrowingTaskGroup(of: String?.self) { group in
            for i in 0..<count {
                group.addTask {
                    try await waiter.wait(jobID: "w\(i)", timeout: .seconds(30))?["metadata"]?["uid"]?.stringValue
                }
            }
            var out: Set<String> = []
            for try await uid in group { if let uid { out.insert(uid) } }
            return out
        }
        #expect(uids.count == count)
        #expect(uids.contains("c-w0") && uids.contains("c-w299"))
        #expect(ContinuousClock.now - start < .seconds(10))
    }
}

actor JobPollCounter {
    static let shared = JobPollCounter()
    private var counts: [String: Int] = [:]
    func bump(_ id: String) -> Int {
        counts[id, default: 0] += 1
        return counts[id] ?? 0
    }
}
