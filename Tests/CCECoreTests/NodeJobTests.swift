import Foundation
import Testing

@testable import CCECore

/// Node uids from node-creation jobs (WIRE-LIFECYCLE §7), and the waits for nodes and pools.
@Suite(.serialized) struct NodeJobTests {
    private let p = "/api/v3/projects/\(ClientFixtures.project)/clusters/c-1"

    private func waiter(_ transport: ScriptedTransport, clock: ClientVirtualClock) -> JobWaiter {
        JobWaiter(
            service: ClientFixtures.client(transport, retry: .none, clock: clock),
            options: JobWaiter.Options(environment: clock.environment))
    }

    static func sub(
        _ type: String, uid: String, resourceID: String? = nil, phase: String = "Success",
        subJobs: [JSONValue] = []
    ) -> JSONValue {
        var spec: JSONValue = ["type": .string(type), "clusterUID": "c-1", "subJobs": .array(subJobs)]
        if let resourceID { spec["resourceID"] = .string(resourceID) }
        return ["kind": "Job", "metadata": ["uid": .string(uid)], "spec": spec, "status": ["phase": .string(phase)]]
    }

    /// The §7 tree: top job → `CreateNode` → `CreateNodeVM` (resourceID = node uid), one VM
    /// sub-job per node when count > 1.
    static func nodeJob(_ phase: String, uids: [String], nested: Bool = true) -> JSONValue {
        let vms = uids.enumerated().map { i, uid in
            sub("CreateNodeVM", uid: "vm-job-\(i)", resourceID: uid, phase: phase)
        }
        var top = sub(
            "CreateNodeTask", uid: "job-n", phase: phase,
            subJobs: [sub("CreateNode", uid: "create-node-job", phase: phase, subJobs: nested ? vms : [])])
        top["spec"]?["resourceID"] = ""
        return top
    }

    static func node(_ uid: String, _ phase: String) -> JSONValue {
        [
            "kind": "Node", "apiVersion": "v3", "metadata": ["uid": .string(uid), "name": "n"],
            "status": ["phase": .string(phase)],
        ]
    }

    @Test func uidsFromTheJobTree() {
        #expect(JobWaiter.nodeUIDs(inJob: Self.nodeJob("Success", uids: ["n-1"])) == ["n-1"])
        #expect(
            JobWaiter.nodeUIDs(inJob: Self.nodeJob("Success", uids: ["n-1", "n-2", "n-3"])) == ["n-1", "n-2", "n-3"])
        // A flattened tree: CreateNode carries the uid itself.
        let flat = Self.sub("X", uid: "j", subJobs: [Self.sub("CreateNode", uid: "s", resourceID: "n-9")])
        #expect(JobWaiter.nodeUIDs(inJob: flat) == ["n-9"])
        // Duplicates and empty resource IDs are dropped; other sub-job types are ignored.
        let messy = Self.sub(
            "X", uid: "j",
            subJobs: [
                Self.sub("CreateNodeVM", uid: "a", resourceID: "n-1"),
                Self.sub("CreateNodeVM", uid: "b", resourceID: "n-1"),
                Self.sub("CreateNodeVM", uid: "c", resourceID: ""),
                Self.sub("InstallMaster", uid: "d", resourceID: "m"),
            ])
        #expect(JobWaiter.nodeUIDs(inJob: messy) == ["n-1"])
        #expect(JobWaiter.nodeUIDs(inJob: ClientFixtures.job("Success")) == [])
        #expect(JobWaiter.nodeUIDs(inJob: "garbage") == [])
        #expect((try? Job(json: Self.nodeJob("Success", uids: ["n-1", "n-2"])))?.nodeUIDs == ["n-1", "n-2"])
    }

    @Test func waitForNodesFollowsTheJobThenTheNodes() async throws {
        let transport = ScriptedTransport([
            .json(200, Self.nodeJob("Running", uids: ["n-1", "n-2"])),
            .json(200, Self.nodeJob("Success", uids: ["n-1", "n-2"])),
            .json(200, Self.node("n-1", "Installing")), .json(200, Self.node("n-2", "Build")),
            .json(200, Self.node("n-1", "Active")), .json(200, Self.node("n-2", "Installing")),
            .json(200, Self.node("n-2", "Active")),
        ])
        let clock = ClientVirtualClock()
        let nodes = try await waiter(transport, clock: clock).waitForNodes(
            clusterID: "c-1", jobID: "job-n", timeout: .seconds(600))
        #expect(nodes.map { $0["metadata"]?["uid"] } == ["n-1", "n-2"])
        #expect(nodes.allSatisfy { $0["status"]?["phase"] == "Active" })
        let paths = await transport.methodsAndPaths
        #expect(paths.prefix(2).allSatisfy { $0.hasSuffix("/jobs/job-n") })
        #expect(Array(paths.suffix(3)) == ["GET \(p)/nodes/n-1", "GET \(p)/nodes/n-2", "GET \(p)/nodes/n-2"])
        #expect(!paths.contains("GET \(p)"))
    }

    @Test func nestedSubJobsAreReadOneByOne() async throws {
        let full = Self.sub(
            "CreateNode", uid: "create-node-job",
            subJobs: [
                Self.sub("CreateNodeVM", uid: "vm", resourceID: "n-7")
            ])
        let transport = ScriptedTransport([
            .json(200, Self.nodeJob("Success", uids: ["n-7"], nested: false)), .json(200, full),
            .json(200, Self.node("n-7", "Active")),
        ])
        let clock = ClientVirtualClock()
        let nodes = try await waiter(transport, clock: clock).waitForNodes(
            clusterID: "c-1", jobID: "job-n", timeout: .seconds(60))
        #expect(nodes.first?["metadata"]?["uid"] == "n-7")
        let paths = await transport.methodsAndPaths
        #expect(paths[1].hasSuffix("/jobs/create-node-job"))
    }

    @Test func aNodeInErrorFailsTheWait() async throws {
        let transport = ScriptedTransport([
            .json(200, Self.nodeJob("Success", uids: ["n-1"])), .json(200, Self.node("n-1", "Error")),
        ])
        let clock = ClientVirtualClock()
        do {
            _ = try await waiter(transport, clock: clock).waitForNodes(
                clusterID: "c-1", jobID: "job-n", timeout: .seconds(60))
            Issue.record("expected a failure")
        } catch let e as CCEClientError {
            #expect(e.isJobFailed && e.message.contains("n-1 is Error"))
        }
    }

    @Test func aFailedNodeJobReportsItsReason() async throws {
        var failed = Self.nodeJob("Failed", uids: ["n-1"])
        failed["status"]?["reason"] = "flavor sold out"
        let transport = ScriptedTransport([.json(200, failed)])
        await #expect(throws: CCEClientError.self) {
            _ = try await waiter(transport, clock: ClientVirtualClock())
                .waitForNodes(clusterID: "c-1", jobID: "job-n", timeout: .seconds(60))
        }
    }

    @Test func aJobWithoutNodesIsAnError() async throws {
        let transport = ScriptedTransport([.json(200, ClientFixtures.job("Success"))])
        do {
            _ = try await waiter(transport, clock: ClientVirtualClock())
                .waitForNodes(clusterID: "c-1", jobID: "job-1", timeout: .seconds(60))
            Issue.record("expected an error")
        } catch let e as CCEClientError {
            #expect(e.isInvalidResponse && e.message.contains("names no node"))
        }
    }

    @Test func deleteNodeJobDoesNotWaitForTheCluster() async throws {
        // `wait` on a DeleteNode job returns the cluster; it must not poll for the cluster's 404.
        let job = Self.sub("DeleteNode", uid: "job-d")
        let transport = ScriptedTransport([.json(200, job), .json(200, ClientFixtures.cluster(phase: "Available"))])
        let cluster = try await waiter(transport, clock: ClientVirtualClock()).wait(
            jobID: "job-d", timeout: .seconds(60))
        #expect(cluster?["status"]?["phase"] == "Available")
    }

    @Test func waitForNodesGoneUntil404() async throws {
        let transport = ScriptedTransport([
            .json(200, Self.node("n-1", "Deleting")),
            .status(404, #"{"error_code":"CCE.01404001","error_msg":"gone"}"#),
        ])
        try await waiter(transport, clock: ClientVirtualClock()).waitForNodesGone(
            clusterID: "c-1", nodeIDs: ["n-1"], timeout: .seconds(60))
        #expect(await transport.requests.count == 2)
    }

    static func pool(phase: String, target: Int, current: Int, creating: Int = 0, active: Int? = nil) -> JSONValue {
        var status: JSONValue = [
            "phase": .string(phase), "currentNode": .int(current), "creatingNode": .int(creating),
            "deletingNode": 0,
        ]
        if let active { status["activeNode"] = .int(active) }
        return [
            "kind": "NodePool", "metadata": ["uid": "p-1", "name": "pool-a"],
            "spec": ["initialNodeCount": .int(target)], "status": status,
        ]
    }

    @Test func waitForPoolUntilItsCountIsActive() async throws {
        let transport = ScriptedTransport([
            .json(200, Self.pool(phase: "Synchronizing", target: 3, current: 1, creating: 2)),
            .json(200, Self.pool(phase: "", target: 3, current: 3, creating: 0, active: 2)),
            .json(200, Self.pool(phase: "", target: 3, current: 3, creating: 0, active: 3)),
        ])
        let pool = try await waiter(transport, clock: ClientVirtualClock())
            .waitForPool(clusterID: "c-1", poolID: "p-1", timeout: .seconds(60))
        let paths = await transport.methodsAndPaths
        #expect(pool["status"]?["activeNode"] == 3, "\(pool.serialized()) \(paths)")
        #expect(await transport.methodsAndPaths == Array(repeating: "GET \(p)/nodepools/p-1", count: 3))
    }

    @Test func poolReadiness() throws {
        #expect(try JobWaiter.poolIsReady(Self.pool(phase: "", target: 2, current: 2), poolID: "p", count: nil))
        #expect(
            try !JobWaiter.poolIsReady(Self.pool(phase: "Synchronized", target: 2, current: 2), poolID: "p", count: nil)
        )
        #expect(try JobWaiter.poolIsReady(Self.pool(phase: "", target: 2, current: 5), poolID: "p", count: 5))
        #expect(throws: CCEClientError.self) {
            try JobWaiter.poolIsReady(Self.pool(phase: "SoldOut", target: 2, current: 0), poolID: "p", count: nil)
        }
        #expect(throws: CCEClientError.self) {
            try JobWaiter.poolIsReady(Self.pool(phase: "Error", target: 2, current: 0), poolID: "p", count: nil)
        }
    }

    @Test func waitForPoolGone() async throws {
        let transport = ScriptedTransport([
            .json(200, Self.pool(phase: "Deleting", target: 0, current: 1)), .status(404, "not found"),
        ])
        try await waiter(transport, clock: ClientVirtualClock()).waitForPoolGone(
            clusterID: "c-1", poolID: "p-1", timeout: .seconds(60))
        #expect(await transport.requests.count == 2)
    }
}
