import Foundation
import Testing

@testable import CCECore

/// The node, pool and clustercert calls of `CCEClient` against a scripted transport: method,
/// path, query and body; validation refuses before anything is sent; retries as documented.
@Suite("Node client")
struct NodeClientTests {
    static let prefix = "/api/v3/projects/\(ClientFixtures.project)/clusters/c-1"
    static let node = NodeBodies.node.json
    static let pool = NodeBodies.pool.json

    static func created(_ body: JSONValue, jobID: String = "job-n") -> JSONValue {
        var b = body
        b["status"] = ["jobID": .string(jobID)]
        b["metadata"]?["uid"] = "n-1"
        return b
    }

    static func query(_ r: TransportRequest) -> [String] { r.query.map { "\($0.name)=\($0.value)" } }

    @Test func createNodePostsTheBodyWithTheQuery() async throws {
        let transport = ScriptedTransport([.json(201, Self.created(Self.node))])
        let client = ClientFixtures.client(transport)
        let result = try await client.createNode(
            clusterID: "c-1", body: Self.node, query: [("nodepoolScaleUp", "NodepoolScaleUp")])
        #expect(result["status"]?["jobID"] == "job-n")
        let sent = try #require(await transport.requests.first)
        #expect(sent.method == "POST" && sent.path == Self.prefix + "/nodes")
        #expect(Self.query(sent) == ["nodepoolScaleUp=NodepoolScaleUp"])
        #expect(sent.body == Self.node.serializedBytes())
        #expect(sent.header("X-Auth-Token") == "TOKEN-SECRET-123")
    }

    @Test func invalidNodeIsRefusedBeforeSending() async throws {
        let transport = ScriptedTransport([])
        let client = ClientFixtures.client(transport)
        let bad = NodeBodies.node.at("spec", "rootVolume", "size", value: 39).at("spec", "count", value: 0).json
        do {
            _ = try await client.createNode(clusterID: "c-1", body: bad, query: [])
            Issue.record("an invalid node was sent")
        } catch let e as CCEClientError {
            #expect(e.isInvalidRequest)
            #expect(e.message.contains("spec.rootVolume.size") && e.message.contains("spec.count"))
            #expect(e.message.contains("nothing was sent"))
            #expect(e.diagnostics.contains { $0.path == "spec.rootVolume.size" && $0.severity == .error })
        }
        #expect(await transport.requests.isEmpty)
    }

    @Test func createNodeIsNotRetriedAfterA504() async throws {
        let transport = ScriptedTransport([.status(504, "Gateway Timeout")])
        let client = ClientFixtures.client(transport)
        do {
            _ = try await client.createNode(clusterID: "c-1", body: Self.node, query: [])
            Issue.record("expected the 504")
        } catch let e as CCEClientError {
            #expect(e.status == 504)
            #expect(e.message.contains("list the cluster's nodes"))
        }
        #expect(await transport.requests.count == 1)
    }

    @Test func createNodeIsRetriedWhenNothingArrived() async throws {
        let transport = ScriptedTransport([
            .status(429, "slow down"), .fail(.connectionRefused("down")), .json(201, Self.created(Self.node)),
        ])
        let client = ClientFixtures.client(transport)
        let result = try await client.createNode(clusterID: "c-1", body: Self.node, query: [])
        #expect(result["metadata"]?["uid"] == "n-1")
        #expect(await transport.requests.count == 3)
    }

    @Test func listNodesFollowsMarkers() async throws {
        let page1: JSONValue = [
            "kind": "List", "apiVersion": "v3", "items": [["metadata": ["uid": "a"]]],
            "pageInfo": ["currentCount": 1, "nextMarker": "a"],
        ]
        let page2: JSONValue = [
            "kind": "List", "apiVersion": "v3", "items": [["metadata": ["uid": "b"]]],
            "pageInfo": ["currentCount": 1],
        ]
        let transport = ScriptedTransport([.json(200, page1), .json(200, page2)])
        let nodes = try await ClientFixtures.client(transport).listNodes(clusterID: "c-1")
        #expect(nodes.map { $0["metadata"]?["uid"] } == ["a", "b"])
        let requests = await transport.requests
        #expect(requests.map { "\($0.method) \($0.path)" } == ["GET \(Self.prefix)/nodes", "GET \(Self.prefix)/nodes"])
        #expect(requests.map(Self.query) == [[], ["marker=a"]])
    }

    @Test func listNodesStopsOnARepeatedMarker() async throws {
        let page: JSONValue = ["items": [["metadata": ["uid": "a"]]], "pageInfo": ["nextMarker": "a"]]
        let transport = ScriptedTransport([.json(200, page), .json(200, page)])
        let nodes = try await ClientFixtures.client(transport).listNodes(clusterID: "c-1")
        #expect(nodes.count == 2)
        #expect(await transport.requests.count == 2)
    }

    @Test func getAndDeleteNode() async throws {
        let transport = ScriptedTransport([
            .status(503, "busy"), .json(200, Self.created(Self.node)), .json(200, Self.created(Self.node)),
        ])
        let client = ClientFixtures.client(transport)
        let got = try await client.getNode(clusterID: "c-1", nodeID: "n-1")
        #expect(got["metadata"]?["uid"] == "n-1")
        _ = try await client.deleteNode(clusterID: "c-1", nodeID: "n-1", query: [("nodepoolScaleDown", "NoScaleDown")])
        let requests = await transport.requests
        #expect(
            requests.map { "\($0.method) \($0.path)" } == [
                "GET \(Self.prefix)/nodes/n-1", "GET \(Self.prefix)/nodes/n-1", "DELETE \(Self.prefix)/nodes/n-1",
            ])
        #expect(Self.query(requests[2]) == ["nodepoolScaleDown=NoScaleDown"])
    }

    @Test func typedDeleteSaysWhetherThePoolShrinks() async throws {
        let transport = ScriptedTransport([.json(200, Self.created(Self.node)), .json(200, Self.created(Self.node))])
        let client = ClientFixtures.client(transport)
        _ = try await client.deleteNode(clusterID: "c-1", nodeID: "n-1", scaleDownPool: false)
        _ = try await client.deleteNode(clusterID: "c-1", nodeID: "n-1", scaleDownPool: true)
        #expect(
            await transport.requests.map(Self.query) == [
                ["nodepoolScaleDown=NoScaleDown"], ["nodepoolScaleDown=ScaleDown"],
            ])
    }

    @Test func idsThatWouldChangeThePathAreRefused() async throws {
        let transport = ScriptedTransport([])
        let client = ClientFixtures.client(transport)
        await #expect(throws: CCEClientError.self) { _ = try await client.getNode(clusterID: "c-1", nodeID: "../x") }
        await #expect(throws: CCEClientError.self) { _ = try await client.getNodePool(clusterID: "c/1", poolID: "p") }
        #expect(await transport.requests.isEmpty)
    }

    @Test func poolCalls() async throws {
        var response = Self.pool
        response["metadata"]?["uid"] = "p-1"
        let transport = ScriptedTransport([
            .json(201, response), .json(200, ["kind": "List", "apiVersion": "v3", "items": [response]]),
            .json(200, response), .json(200, response), .json(200, response),
        ])
        let client = ClientFixtures.client(transport)
        _ = try await client.createNodePool(clusterID: "c-1", body: Self.pool)
        let pools = try await client.listNodePools(clusterID: "c-1", query: [("showDefaultNodePool", "true")])
        #expect(pools.count == 1)
        _ = try await client.getNodePool(clusterID: "c-1", poolID: "p-1")
        let update = NodeBodies.update.json
        _ = try await client.updateNodePool(clusterID: "c-1", poolID: "p-1", body: update)
        _ = try await client.deleteNodePool(clusterID: "c-1", poolID: "p-1")
        let requests = await transport.requests
        #expect(
            requests.map { "\($0.method) \($0.path)" } == [
                "POST \(Self.prefix)/nodepools", "GET \(Self.prefix)/nodepools", "GET \(Self.prefix)/nodepools/p-1",
                "PUT \(Self.prefix)/nodepools/p-1", "DELETE \(Self.prefix)/nodepools/p-1",
            ])
        #expect(requests[0].body == Self.pool.serializedBytes())
        #expect(Self.query(requests[1]) == ["showDefaultNodePool=true"])
        #expect(requests[3].body == update.serializedBytes())
    }

    @Test func poolUpdateWithoutACountIsRefused() async throws {
        let transport = ScriptedTransport([])
        let client = ClientFixtures.client(transport)
        let body: JSONValue = ["metadata": ["name": "pool-a"], "spec": ["autoscaling": ["enable": false]]]
        do {
            _ = try await client.updateNodePool(clusterID: "c-1", poolID: "p-1", body: body)
            Issue.record("a PUT that scales the pool to 0 was sent")
        } catch let e as CCEClientError {
            #expect(e.isInvalidRequest)
            #expect(e.message.contains("spec.initialNodeCount") && e.message.contains("ignoreInitialNodeCount"))
        }
        #expect(await transport.requests.isEmpty)
    }

    @Test func typedScaleSendsNameAndCount() async throws {
        let transport = ScriptedTransport([.json(200, Self.pool)])
        let client = ClientFixtures.client(transport)
        _ = try await client.scaleNodePool(clusterID: "c-1", poolID: "p-1", name: "pool-a", to: 5)
        let sent = try #require(await transport.requests.first)
        #expect(try JSONValue.parse(sent.body) == ["metadata": ["name": "pool-a"], "spec": ["initialNodeCount": 5]])
    }

    @Test func poolCreateLooksBeforeRepostingAfterA502() async throws {
        var existing = Self.pool
        existing["metadata"]?["uid"] = "p-1"
        let transport = ScriptedTransport([
            .status(502, "bad gateway"), .json(200, ["items": [existing]]),
        ])
        let client = ClientFixtures.client(transport)
        let result = try await client.createNodePool(clusterID: "c-1", body: Self.pool)
        #expect(result["metadata"]?["uid"] == "p-1")
        #expect(await transport.requests.map { $0.method } == ["POST", "GET"])
    }

    @Test func poolCreateRepostsWhenTheLookUpFindsNothing() async throws {
        var existing = Self.pool
        existing["metadata"]?["uid"] = "p-1"
        let transport = ScriptedTransport([
            .fail(.connectionLost("reset")), .json(200, ["items": []]), .json(201, existing),
        ])
        let result = try await ClientFixtures.client(transport).createNodePool(clusterID: "c-1", body: Self.pool)
        #expect(result["metadata"]?["uid"] == "p-1")
        #expect(await transport.requests.map { $0.method } == ["POST", "GET", "POST"])
    }

    @Test func invalidPoolIsRefused() async throws {
        let transport = ScriptedTransport([])
        let bad = NodeBodies.pool.at("spec", "autoscaling", "minNodeCount", value: 11).json
        await #expect(throws: CCEClientError.self) {
            _ = try await ClientFixtures.client(transport).createNodePool(clusterID: "c-1", body: bad)
        }
        #expect(await transport.requests.isEmpty)
    }

    @Test func clusterCert() async throws {
        let kubeconfig = try JSONValue.parse(NodeModelTests.kubeconfig)
        let transport = ScriptedTransport([.status(500, "oops"), .json(200, kubeconfig), .json(200, kubeconfig)])
        let client = ClientFixtures.client(transport)
        let result = try await client.createClusterCert(clusterID: "c-1", body: ["duration": 30])
        #expect(result == kubeconfig)
        let typed = try await client.kubeconfig(clusterID: "c-1", duration: -1)
        #expect(typed.preferredContext == "externalTLSVerify")
        let requests = await transport.requests
        #expect(
            requests.map { "\($0.method) \($0.path)" } == Array(repeating: "POST \(Self.prefix)/clustercert", count: 3))
        #expect(try JSONValue.parse(requests[1].body) == ["duration": 30])
        #expect(try JSONValue.parse(requests[2].body) == ["duration": -1])
    }

    @Test func clusterCertDurationIsChecked() async throws {
        let transport = ScriptedTransport([])
        let client = ClientFixtures.client(transport)
        for body: JSONValue in [["duration": 0], ["duration": 1828], [:]] {
            do {
                _ = try await client.createClusterCert(clusterID: "c-1", body: body)
                Issue.record("sent \(body)")
            } catch let e as CCEClientError {
                #expect(e.isInvalidRequest && e.message.contains("duration"))
            }
        }
        #expect(await transport.requests.isEmpty)
    }

    @Test func legacyNodeErrorBodyIsRead() async throws {
        let body: JSONValue = [
            "error_code": "CCE_CM.0201", "error_msg": "Request body invalid",
            "message": "invalid primary fixedIp ", "errorCode": "E.CFE.4000201",
            "reason": "Request body invalid",
        ]
        let transport = ScriptedTransport([.json(400, body)])
        do {
            _ = try await ClientFixtures.client(transport).createNode(clusterID: "c-1", body: Self.node, query: [])
            Issue.record("expected the 400")
        } catch let e as CCEClientError {
            #expect(e.isBadRequest)
            #expect(e.code != nil)
        }
    }

    @Test func typedForms() async throws {
        let list: JSONValue = ["kind": "List", "apiVersion": "v3", "items": [Self.created(Self.node)]]
        let transport = ScriptedTransport([.json(201, Self.created(Self.node)), .json(200, list)])
        let client = ClientFixtures.client(transport)
        let request = try NodeCreateRequest(json: Self.node)
        let created = try await client.createNode(request, clusterID: "c-1")
        #expect(created.status?.jobID == "job-n")
        let nodes = try await client.nodes(clusterID: "c-1")
        #expect(nodes.first?.uid == "n-1")
    }
}
