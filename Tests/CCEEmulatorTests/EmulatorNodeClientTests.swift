import CCECore
import Foundation
import Testing

@testable import CCEEmulator

/// The client core's node, pool and clustercert calls (CCEClient+Nodes.swift) against the
/// emulator, in-process: both sides of the wire agree, typed models included.
@Suite("Emulator nodes through CCEClient") struct EmulatorNodeClientTests {
    @Test("typed create, list, show, pool create/scale/delete, kubeconfig, delete; errors decode")
    func endToEnd() async throws {
        let clock = ManualClock()
        let emulator = try Emulator(
            configuration: EmulatorConfiguration(createSeconds: 10, deleteSeconds: 5), clock: clock)
        let client = CCEClient(
            baseURL: "http://emulator.invalid", projectID: testProject, region: "eu-de", auth: .none,
            transport: EmulatorTransport(emulator: emulator))
        let created = try await client.createCluster(body: minimalCluster("client-nodes"))
        let cluster = try #require(created["metadata"]?["uid"]?.stringValue)
        clock.advance(by: 11)

        let node = try await client.createNode(
            try JSONDecoder().decode(ClusterNode.self, from: Data(nodeBody("typed", count: 2).serializedBytes())),
            clusterID: cluster)
        let job = try #require(node.status?.jobID)
        #expect(node.name == "typed")
        let nodes = try await client.nodes(clusterID: cluster)
        #expect(nodes.count == 2 && nodes.allSatisfy { $0.phase == "Build" })
        #expect(nodes.allSatisfy { $0.status?.privateIP?.hasPrefix("192.168.") == true })
        clock.advance(by: 6)
        #expect(try await client.showJob(id: job)["status"]?["phase"] == "Success")
        let one = try await client.node(clusterID: cluster, nodeID: try #require(nodes[0].uid))
        #expect(one.phase == "Active")

        let pool = try await client.createNodePool(
            try JSONDecoder().decode(NodePool.self, from: Data(poolBody("client-pool", count: 2).serializedBytes())),
            clusterID: cluster)
        let poolID = try #require(pool.metadata?.uid)
        #expect(pool.status?.currentNode == 2 && pool.status?.phase == "Synchronizing")
        let scaled = try await client.scaleNodePool(clusterID: cluster, poolID: poolID, name: "client-pool", to: 4)
        #expect(scaled.spec?.initialNodeCount == 4 && scaled.status?.creatingNode == 4)
        clock.advance(by: 6)
        let settled = try await client.nodePool(clusterID: cluster, poolID: poolID)
        #expect(settled.status?.activeNode == 4 && settled.status?.phase == "")
        #expect(
            try await client.nodePools(clusterID: cluster, showDefault: true).map(\.metadata?.name) == [
                "DefaultPool", "client-pool",
            ])

        let config = try await client.kubeconfig(clusterID: cluster, duration: 7)
        #expect(config.preferredContext == "internal")

        let removed = try await client.deleteNode(
            clusterID: cluster, nodeID: try #require(nodes[0].uid), scaleDownPool: true)
        #expect(removed.status?.jobID != job)
        _ = try await client.deleteNodePool(clusterID: cluster, poolID: poolID)
        clock.advance(by: 6)
        #expect(try await client.nodes(clusterID: cluster).count == 1)

        do {
            _ = try await client.node(clusterID: cluster, nodeID: try #require(nodes[0].uid))
            Issue.record("a deleted node should be 404")
        } catch let error as CCEClientError {
            #expect(error.isNotFound && error.code == "CCE.01404001")
        }
        do {
            _ = try await client.createNode(clusterID: cluster, body: nodeBody("crowd", count: 50), query: [])
            Issue.record("past the node limit should be refused")
        } catch let error as CCEClientError {
            #expect(error.status == 400 && error.code == "CCE.01400014")
        }
    }
}
