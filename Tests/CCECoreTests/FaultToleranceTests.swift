import Foundation
import Testing

@testable import CCECore

/// Issue 15: the client under faults.
@Suite("Fault tolerance")
struct FaultToleranceTests {
    @Test func aDeadServiceEndsAWaitAfterAMinuteWithAClearError() async throws {
        let transport = ScriptedTransport(handler: { _, _ in
            throw TransportFailure.connectionRefused("connect() failed")
        })
        let clock = ClientVirtualClock()
        let client = ClientFixtures.client(transport, retry: .none, clock: clock)
        let waiter = JobWaiter(service: client, options: JobWaiter.Options(environment: clock.environment))
        await #expect {
            _ = try await waiter.wait(jobID: "job-1", timeout: .seconds(1800))
        } throws: { error in
            guard let e = error as? CCEClientError else { return false }
            return e.isTransport && e.message.contains("the service has not answered for")
                && e.message.contains("is it running")
        }
        // About a minute of silence, not the 30-minute timeout.
        #expect(clock.now >= .seconds(60) && clock.now < .seconds(90), "\(clock.now)")
    }

    @Test func answersInBetweenResetTheDeadServiceClock() async throws {
        // Refused for 50 s, then a 503, then refused again: never 60 s of silence in a row.
        let clock = ClientVirtualClock()
        let transport = ScriptedTransport(handler: { _, index in
            if clock.now > .seconds(100) {
                return TransportResponse(status: 200, body: ClientFixtures.job("Failed").serializedBytes())
            }
            if index == 8 { return TransportResponse(status: 503) }
            throw TransportFailure.connectionRefused("refused")
        })
        let client = ClientFixtures.client(transport, retry: .none, clock: clock)
        let waiter = JobWaiter(service: client, options: JobWaiter.Options(environment: clock.environment))
        await #expect {
            _ = try await waiter.wait(jobID: "job-1", timeout: .seconds(1800))
        } throws: { error in
            (error as? CCEClientError)?.isJobFailed == true
        }
    }

    @Test func aRefusedConnectionIsRetriedFourTimesNotEight() async throws {
        let transport = ScriptedTransport(handler: { _, _ in throw TransportFailure.connectionRefused("refused") })
        let client = ClientFixtures.client(transport, retry: .default)
        await #expect(throws: CCEClientError.self) { _ = try await client.listClusters(query: []) }
        #expect(await transport.requests.count == 4)
        // Dropped connections (a flaky network, a faulty gateway) get the whole budget.
        let flaky = ScriptedTransport(handler: { _, _ in throw TransportFailure.connectionLost("dropped") })
        let patient = ClientFixtures.client(flaky, retry: .default)
        await #expect(throws: CCEClientError.self) { _ = try await patient.listClusters(query: []) }
        #expect(await flaky.requests.count == RetryPolicy.default.maxAttempts)
    }

    @Test func lookUpsAfterAnAmbiguousPostHaveABudgetOfTheirOwn() async throws {
        // POST dropped (ambiguous), then three failed look-ups, then the look-up finds the
        // cluster: with a POST budget of 2 attempts the look-ups must not count against it.
        let transport = ScriptedTransport([
            .fail(.connectionLost("dropped")),
            .status(503), .fail(.connectionLost("dropped")), .status(500),
            .json(200, ClientFixtures.list([ClientFixtures.cluster()])),
        ])
        let client = ClientFixtures.client(transport, retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1)))
        let created = try await client.createCluster(body: ClientFixtures.createBody)
        #expect(created["metadata"]?["uid"] == "c-1")
        #expect(await transport.methodsAndPaths.filter { $0.hasPrefix("POST") }.count == 1)
    }
}
