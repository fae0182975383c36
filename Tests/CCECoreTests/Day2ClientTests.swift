import Foundation
import Testing

@testable import CCECore

@Suite struct Day2ClientTests {
    @Test func updateSendsAPutWithTheBodyAndReturnsTheCluster() async throws {
        let transport = ScriptedTransport([.json(200, ClientFixtures.cluster(phase: "Available"))])
        let client = ClientFixtures.client(transport)
        let answer = try await client.updateCluster(id: "c-1", body: ["spec": ["description": "x"]])
        #expect(answer["metadata"]?["uid"] == "c-1")
        let request = try #require(await transport.requests.first)
        #expect(request.method == "PUT" && request.path == "/api/v3/projects/\(ClientFixtures.project)/clusters/c-1")
        #expect(try JSONValue.parse(request.body) == ["spec": ["description": "x"]])
    }

    @Test func hibernateAndAwakeAnswerNothingResizeAnswersItsJob() async throws {
        let transport = ScriptedTransport([
            .status(200), .status(200, "{}"), .json(201, ["jobID": "job-9", "orderID": ""]),
        ])
        let client = ClientFixtures.client(transport)
        #expect(try await client.clusterOperation(id: "c-1", operation: "hibernate", body: nil) == nil)
        #expect(try await client.clusterOperation(id: "c-1", operation: "awake", body: nil) == nil)
        let resized = try await client.clusterOperation(
            id: "c-1", operation: "resize", body: ["flavorResize": "cce.s2.large"])
        #expect(resized?["jobID"] == "job-9")
        #expect(
            await transport.methodsAndPaths.map { $0.split(separator: "/").suffix(2).joined(separator: "/") }
                == ["operation/hibernate", "operation/awake", "operation/resize"])
        await #expect(throws: CCEClientError.self) {
            try await client.clusterOperation(id: "c-1", operation: "reboot", body: nil)
        }
    }

    @Test func aResizeIsNotRepeatedAfterAServerError() async throws {
        let transport = ScriptedTransport([
            .json(500, ["errorCode": "CCE.01500001", "errorMessage": "Internal error."])
        ])
        let client = ClientFixtures.client(transport)
        await #expect(throws: CCEClientError.self) {
            try await client.clusterOperation(id: "c-1", operation: "resize", body: ["flavorResize": "cce.s2.large"])
        }
        #expect(await transport.requests.count == 1)
    }
}
