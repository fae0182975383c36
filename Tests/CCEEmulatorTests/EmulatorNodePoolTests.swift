import CCECore
import Foundation
import Testing

@testable import CCEEmulator

/// A node-pool update of pool-a (§3.3: `metadata.name` is required).
func update(_ spec: JSONValue) -> JSONValue { ["metadata": ["name": "pool-a"], "spec": spec] }

/// A node-pool body in the shape of WIRE-LIFECYCLE §3.1.
func poolBody(_ name: String = "pool-a", count: Int = 2) -> JSONValue {
    [
        "kind": "NodePool", "apiVersion": "v3", "metadata": ["name": .string(name)],
        "spec": [
            "type": "vm", "initialNodeCount": .int(count),
            "nodeTemplate": [
                "flavor": "s3.large.2", "az": "eu-de-01", "os": "EulerOS 2.9", "login": ["sshKey": "kp"],
                "rootVolume": ["size": 40, "volumetype": "SSD"], "dataVolumes": [["size": 100, "volumetype": "SSD"]],
                "k8sTags": ["role": "worker"], "extendParam": ["maxPods": 110],
            ],
            "autoscaling": ["enable": false, "minNodeCount": 1, "maxNodeCount": 10],
        ],
    ]
}

@Suite("Emulator node pools") struct EmulatorNodePoolTests {
    /// (harness, cluster, pool uid) with a pool of `count` nodes just created.
    func pool(count: Int = 3) async throws -> (Harness, String, String) {
        let (h, cluster) = try await Harness.withCluster()
        let reply = await h.send("POST", "/clusters/\(cluster)/nodepools", body: poolBody(count: count))
        try #require(reply.status == 201, "\(reply.json)")
        return (h, cluster, try #require(reply.json["metadata"]?["uid"]?.stringValue))
    }

    func status(_ h: Harness, _ cluster: String, _ pool: String) async -> JSONValue {
        await h.send("GET", "/clusters/\(cluster)/nodepools/\(pool)").json["status"] ?? .null
    }

    func poolNodes(_ h: Harness, _ cluster: String, _ pool: String) async -> [JSONValue] {
        (await h.send("GET", "/clusters/\(cluster)/nodes").json["items"]?.arrayValue ?? []).filter {
            $0["metadata"]?["ownerReferences"]?["nodepoolID"]?.stringValue == pool
        }
    }

    @Test("POST nodepools: 201; its initialNodeCount nodes carry ownerReferences; the status tracks them")
    func createMakesNodes() async throws {
        let (h, cluster) = try await Harness.withCluster()
        let reply = await h.send("POST", "/clusters/\(cluster)/nodepools", body: poolBody(count: 3))
        #expect(reply.status == 201, "\(reply.json)")
        #expect(reply.json["kind"] == "NodePool" && reply.json["spec"]?["initialNodeCount"] == 3)
        #expect(reply.json["spec"]?["nodeTemplate"]?["k8sTags"]?["role"] == "worker", "§3.4: the template keeps them")
        let pool = try #require(reply.json["metadata"]?["uid"]?.stringValue)
        #expect(reply.json["status"]?["currentNode"] == 3 && reply.json["status"]?["creatingNode"] == 3)
        #expect(reply.json["status"]?["phase"] == "Synchronizing")
        let nodes = await poolNodes(h, cluster, pool)
        #expect(nodes.count == 3)
        #expect(nodes.allSatisfy { $0["metadata"]?["ownerReferences"]?["nodepoolName"] == "pool-a" })
        #expect(nodes.allSatisfy { $0["metadata"]?["name"]?.stringValue?.hasPrefix("pool-a-") == true })
        #expect(nodes.allSatisfy { $0["spec"]?["extendParam"]?["maxPods"] == 110 })
        h.clock.advance(by: 6)
        let settled = await status(h, cluster, pool)
        #expect(settled["currentNode"] == 3 && settled["activeNode"] == 3 && settled["creatingNode"] == 0)
        #expect(settled["phase"] == "", "an empty phase: available")
        let listed = await h.send("GET", "/clusters/\(cluster)/nodepools").json
        #expect(listed["kind"] == "List" && listed["items"]?.arrayValue?.count == 1)
    }

    @Test("PUT initialNodeCount scales up, then down (newest nodes go first)")
    func scaleUpAndDown() async throws {
        let (h, cluster, pool) = try await pool(count: 2)
        h.clock.advance(by: 6)
        let oldest = await poolNodes(h, cluster, pool).compactMap { $0["metadata"]?["uid"]?.stringValue }
        let up = await h.send(
            "PUT", "/clusters/\(cluster)/nodepools/\(pool)",
            body: update(["initialNodeCount": 5]))
        #expect(up.status == 200 && up.json["spec"]?["initialNodeCount"] == 5, "\(up.json)")
        #expect(up.json["status"]?["creatingNode"] == 3 && up.json["status"]?["phase"] == "Synchronizing")
        h.clock.advance(by: 6)
        #expect(await status(h, cluster, pool)["activeNode"] == 5)
        let down = await h.send("PUT", "/clusters/\(cluster)/nodepools/\(pool)", body: update(["initialNodeCount": 2]))
        #expect(
            down.status == 200 && down.json["status"]?["deletingNode"] == 3 && down.json["status"]?["currentNode"] == 2)
        h.clock.advance(by: 6)
        let left = await poolNodes(h, cluster, pool).compactMap { $0["metadata"]?["uid"]?.stringValue }
        #expect(left == oldest, "the two first nodes stay")
        let settled = await status(h, cluster, pool)
        #expect(settled["currentNode"] == 2 && settled["deletingNode"] == 0 && settled["phase"] == "")
    }

    @Test("PUT with ignoreInitialNodeCount keeps the count; with neither it scales to 0, as the service does")
    func ignoreAndNeither() async throws {
        let (h, cluster, pool) = try await pool(count: 3)
        h.clock.advance(by: 6)
        let kept = await h.send(
            "PUT", "/clusters/\(cluster)/nodepools/\(pool)",
            body: update(["ignoreInitialNodeCount": true, "autoscaling": ["maxNodeCount": 20]]))
        #expect(kept.status == 200 && kept.json["spec"]?["initialNodeCount"] == 3)
        #expect(
            kept.json["spec"]?["autoscaling"]?["maxNodeCount"] == 20
                && kept.json["spec"]?["autoscaling"]?["minNodeCount"] == 1)
        #expect(kept.json["status"]?["currentNode"] == 3 && kept.json["status"]?["deletingNode"] == 0)
        let zero = await h.send(
            "PUT", "/clusters/\(cluster)/nodepools/\(pool)",
            body: update(["nodeTemplate": ["k8sTags": ["role": "edge"]]]))
        #expect(zero.status == 200 && zero.json["spec"]?["initialNodeCount"] == 0)
        #expect(zero.json["spec"]?["nodeTemplate"]?["k8sTags"]?["role"] == "edge")
        #expect(zero.json["status"]?["deletingNode"] == 3 && zero.json["status"]?["currentNode"] == 0)
        h.clock.advance(by: 6)
        #expect(await poolNodes(h, cluster, pool).isEmpty)
    }

    @Test("PUT refuses a flavor change (400) and a scale past the node limit (400 CCE.01400014), changing nothing")
    func updateRefusals() async throws {
        let (h, cluster, pool) = try await pool(count: 1)
        let flavor = await h.send(
            "PUT", "/clusters/\(cluster)/nodepools/\(pool)",
            body: update(["initialNodeCount": 1, "nodeTemplate": ["flavor": "s3.xlarge.2"]]))
        #expect(
            flavor.status == 400 && flavor.json["message"]?.stringValue?.contains("spec.nodeTemplate.flavor") == true)
        let over = await h.send("PUT", "/clusters/\(cluster)/nodepools/\(pool)", body: update(["initialNodeCount": 51]))
        #expect(over.status == 400 && over.errorCode == "CCE.01400014", "\(over.json)")
        let shown = await h.send("GET", "/clusters/\(cluster)/nodepools/\(pool)").json
        #expect(shown["spec"]?["initialNodeCount"] == 1 && shown["spec"]?["nodeTemplate"]?["flavor"] == "s3.large.2")
        #expect(await poolNodes(h, cluster, pool).count == 1)
        let negative = await h.send(
            "PUT", "/clusters/\(cluster)/nodepools/\(pool)", body: update(["initialNodeCount": -1]))
        #expect(
            negative.status == 400 && negative.json["message"]?.stringValue?.contains("spec.initialNodeCount") == true)
        #expect(
            await h.send("PUT", "/clusters/\(cluster)/nodepools/nope", body: update(["initialNodeCount": 1])).status
                == 404)
    }

    @Test("create refusals: duplicate name 409, DefaultPool 400, past the node limit 400, no template 400")
    func createRefusals() async throws {
        let (h, cluster, _) = try await pool(count: 1)
        let duplicate = await h.send("POST", "/clusters/\(cluster)/nodepools", body: poolBody(count: 1))
        #expect(duplicate.status == 409 && duplicate.errorCode == "CCE.01409001")
        let reserved = await h.send("POST", "/clusters/\(cluster)/nodepools", body: poolBody("DefaultPool", count: 1))
        #expect(reserved.status == 400)
        let big = await h.send("POST", "/clusters/\(cluster)/nodepools", body: poolBody("big", count: 50))
        #expect(big.status == 400 && big.errorCode == "CCE.01400014", "1 + 50 > 50")
        var scaling = poolBody("scaling", count: 1)
        scaling["spec"]?["autoscaling"]?["maxNodeCount"] = 60
        let maximum = await h.send("POST", "/clusters/\(cluster)/nodepools", body: scaling)
        #expect(maximum.status == 400 && maximum.json["message"]?.stringValue?.contains("maxNodeCount") == true)
        var inverted = poolBody("inverted", count: 1)
        inverted["spec"]?["autoscaling"] = ["enable": true, "minNodeCount": 5, "maxNodeCount": 2]
        let minMax = await h.send("POST", "/clusters/\(cluster)/nodepools", body: inverted)
        #expect(minMax.status == 400 && minMax.json["message"]?.stringValue?.contains("spec.autoscaling") == true)
        var bare = poolBody("bare")
        bare["spec"]?["nodeTemplate"] = nil
        let noTemplate = await h.send("POST", "/clusters/\(cluster)/nodepools", body: bare)
        #expect(
            noTemplate.status == 400 && noTemplate.json["message"]?.stringValue?.contains("spec.nodeTemplate") == true)
        #expect(await h.send("GET", "/clusters/\(cluster)/nodepools").json["items"]?.arrayValue?.count == 1)
    }

    @Test("DELETE pool: 200 Deleting with its job; its nodes go with it; then 404")
    func deletePool() async throws {
        let (h, cluster, pool) = try await pool(count: 2)
        let standalone = try await h.createNodes(cluster).nodes[0]
        h.clock.advance(by: 6)
        let deleted = await h.send("DELETE", "/clusters/\(cluster)/nodepools/\(pool)")
        #expect(deleted.status == 200 && deleted.json["status"]?["phase"] == "Deleting")
        let job = try #require(deleted.json["status"]?["jobId"]?.stringValue)
        let tree = await h.send("GET", "/jobs/\(job)").json
        #expect(tree["spec"]?["type"] == "DeleteNodePool" && tree["spec"]?["subJobs"]?.arrayValue?.count == 2)
        #expect(await poolNodes(h, cluster, pool).allSatisfy { $0["status"]?["phase"] == "Deleting" })
        #expect(
            await h.send("PUT", "/clusters/\(cluster)/nodepools/\(pool)", body: update(["initialNodeCount": 3])).status
                == 403)
        h.clock.advance(by: 6)
        #expect(await h.send("GET", "/clusters/\(cluster)/nodepools/\(pool)").status == 404)
        let left = await h.send("GET", "/clusters/\(cluster)/nodes").json["items"]?.arrayValue ?? []
        #expect(left.compactMap { $0["metadata"]?["uid"]?.stringValue } == [standalone], "only the pool's nodes went")
        let again = await h.send("POST", "/clusters/\(cluster)/nodepools", body: poolBody(count: 1))
        #expect(again.status == 201, "the name is free again")
    }

    @Test("deleting a pool's node lowers its count, or with nodepoolScaleDown=NoScaleDown is replaced")
    func deletePoolNode() async throws {
        let (h, cluster, pool) = try await pool(count: 3)
        h.clock.advance(by: 6)
        let nodes = await poolNodes(h, cluster, pool).compactMap { $0["metadata"]?["uid"]?.stringValue }
        #expect(await h.send("DELETE", "/clusters/\(cluster)/nodes/\(nodes[0])").status == 200)
        let after = await h.send("GET", "/clusters/\(cluster)/nodepools/\(pool)").json
        #expect(after["spec"]?["initialNodeCount"] == 2 && after["status"]?["currentNode"] == 2)
        let kept = await h.send(
            "DELETE", "/clusters/\(cluster)/nodes/\(nodes[1])", query: [("nodepoolScaleDown", "NoScaleDown")])
        #expect(kept.status == 200)
        let replaced = await h.send("GET", "/clusters/\(cluster)/nodepools/\(pool)").json
        #expect(replaced["spec"]?["initialNodeCount"] == 2 && replaced["status"]?["currentNode"] == 2)
        #expect(replaced["status"]?["creatingNode"] == 1 && replaced["status"]?["deletingNode"] == 2)
    }

    @Test("showDefaultNodePool=true lists DefaultPool with the nodes outside any pool")
    func defaultPool() async throws {
        let (h, cluster, _) = try await pool(count: 1)
        _ = try await h.createNodes(cluster, nodeBody("solo", count: 2))
        let plain = await h.send("GET", "/clusters/\(cluster)/nodepools").json["items"]?.arrayValue ?? []
        #expect(plain.count == 1)
        let all = await h.send("GET", "/clusters/\(cluster)/nodepools", query: [("showDefaultNodePool", "true")]).json
        let first = try #require(all["items"]?[0])
        #expect(first["metadata"]?["name"] == "DefaultPool" && first["status"]?["currentNode"] == 2)
        #expect(all["items"]?.arrayValue?.count == 2)
    }
}

extension EmulatorNodePoolTests {
    @Test("a pool's nodeTemplate login.userPassword is masked on create, update, GET, list and in its nodes")
    func templatePasswordMasked() async throws {
        let (h, cluster) = try await Harness.withCluster()
        var body = poolBody(count: 1)
        body["spec"]?["nodeTemplate"]?["login"] = ["userPassword": ["username": "root", "password": "Secret-Pass42"]]
        let created = await h.send("POST", "/clusters/\(cluster)/nodepools", body: body)
        try #require(created.status == 201, "\(created.json)")
        let uid = try #require(created.json["metadata"]?["uid"]?.stringValue)
        let updated = await h.send(
            "PUT", "/clusters/\(cluster)/nodepools/\(uid)",
            body: update([
                "initialNodeCount": 2, "nodeTemplate": ["login": ["userPassword": "Other-Pass42"]],
            ]))
        try #require(updated.status == 200, "\(updated.json)")
        #expect(updated.json["spec"]?["nodeTemplate"]?["login"]?["userPassword"] == "******")
        #expect(created.json["spec"]?["nodeTemplate"]?["login"]?["userPassword"]?["password"] == "******")
        let replies = [
            created.json, updated.json, await h.send("GET", "/clusters/\(cluster)/nodepools/\(uid)").json,
            await h.send("GET", "/clusters/\(cluster)/nodepools").json,
            await h.send("GET", "/clusters/\(cluster)/nodes").json,
        ]
        for reply in replies {
            let text = String(decoding: FastJSON.bytes(reply), as: UTF8.self)
            #expect(!text.contains("Secret-Pass42") && !text.contains("Other-Pass42"), "\(text)")
        }
        let stored = try h.storedDocuments(cluster)
        #expect(!stored.contains("Secret-Pass42") && !stored.contains("Other-Pass42"), "never stored in plain")
    }
}

extension EmulatorNodePoolTests {
    @Test("a NoScaleDown replacement does not take the address of the node still Deleting")
    func replacementKeepsAddressesApart() async throws {
        let (h, cluster, pool) = try await pool(count: 1)
        h.clock.advance(by: 6)
        let node = try #require(await poolNodes(h, cluster, pool).first)
        let uid = try #require(node["metadata"]?["uid"]?.stringValue)
        let deleted = await h.send(
            "DELETE", "/clusters/\(cluster)/nodes/\(uid)", query: [("nodepoolScaleDown", "NoScaleDown")])
        #expect(deleted.status == 200)
        let nodes = await poolNodes(h, cluster, pool)
        #expect(nodes.count == 2)
        let addresses = nodes.compactMap { $0["status"]?["privateIP"]?.stringValue }
        #expect(addresses.count == 2 && Set(addresses).count == 2, "\(addresses)")
    }
}

extension EmulatorNodePoolTests {
    @Test("a partial autoscaling update that leaves minNodeCount above maxNodeCount is 400 at minNodeCount")
    func autoscalingMergedRange() async throws {
        let (h, cluster, pool) = try await pool(count: 1)
        let before = await h.send("GET", "/clusters/\(cluster)/nodepools/\(pool)").json
        let reply = await h.send(
            "PUT", "/clusters/\(cluster)/nodepools/\(pool)",
            body: update(["initialNodeCount": 1, "autoscaling": ["minNodeCount": 20]]))
        #expect(reply.status == 400, "\(reply.json)")
        let message = reply.json["message"]?.stringValue ?? ""
        #expect(message.contains("spec.autoscaling.minNodeCount") && message.contains("maxNodeCount 10"), "\(message)")
        let after = await h.send("GET", "/clusters/\(cluster)/nodepools/\(pool)").json
        #expect(after["spec"]?["autoscaling"] == before["spec"]?["autoscaling"], "nothing changed")
        let fine = await h.send(
            "PUT", "/clusters/\(cluster)/nodepools/\(pool)",
            body: update(["initialNodeCount": 1, "autoscaling": ["minNodeCount": 20, "maxNodeCount": 30]]))
        #expect(fine.status == 200, "\(fine.json)")
    }
}
