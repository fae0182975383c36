import CCECore
import Foundation
import Testing

@testable import CCEEmulator

/// A node body as the OTC API reference writes one (WIRE-LIFECYCLE §1.1).
func nodeBody(_ name: String? = "worker", count: Int = 1) -> JSONValue {
    var metadata: JSONValue = [:]
    if let name { metadata["name"] = .string(name) }
    return [
        "kind": "Node", "apiVersion": "v3", "metadata": metadata,
        "spec": [
            "flavor": "s3.large.2", "az": "eu-de-01", "os": "EulerOS 2.9", "login": ["sshKey": "kp"],
            "rootVolume": ["size": 40, "volumetype": "SSD"], "dataVolumes": [["size": 100, "volumetype": "SSD"]],
            "k8sTags": ["role": "worker"], "taints": [["key": "dedicated", "value": "x", "effect": "NoSchedule"]],
            "count": .int(count),
        ],
    ]
}

extension Harness {
    /// A harness (create 10 s, node 5 s, delete 5 s) with one Available cluster.
    static func withCluster(
        _ name: String = "node-home", flavor: String = "cce.s1.small",
        _ configure: (inout EmulatorConfiguration) -> Void = { _ in }
    ) async throws -> (Harness, String) {
        let h = try Harness(configure)
        var body = minimalCluster(name)
        body["spec"]?["flavor"] = .string(flavor)
        let reply = await h.send("POST", "/clusters", body: body)
        try #require(reply.status == 201, "\(reply.json)")
        h.clock.advance(by: 11)
        return (h, try #require(reply.json["metadata"]?["uid"]?.stringValue))
    }

    /// Creates nodes and returns (job, the node uids from the job tree), failing on anything but 201.
    func createNodes(_ cluster: String, _ body: JSONValue = nodeBody()) async throws -> (job: String, nodes: [String]) {
        let reply = await send("POST", "/clusters/\(cluster)/nodes", body: body)
        try #require(reply.status == 201, "\(reply.json)")
        let job = try #require(reply.json["status"]?["jobID"]?.stringValue)
        let top = await send("GET", "/jobs/\(job)").json
        let sub = try #require(top["spec"]?["subJobs"]?[0]?["metadata"]?["uid"]?.stringValue)
        let vms = await send("GET", "/jobs/\(sub)").json["spec"]?["subJobs"]?.arrayValue ?? []
        return (job, vms.compactMap { $0["spec"]?["resourceID"]?.stringValue })
    }
}

@Suite("Emulator nodes") struct EmulatorNodeTests {
    @Test("POST nodes: 201 with the body, defaults and status.jobID; the job tree leads to the node uid")
    func createAnswersLikeTheService() async throws {
        let (h, cluster) = try await Harness.withCluster()
        let reply = await h.send("POST", "/clusters/\(cluster)/nodes", body: nodeBody())
        #expect(reply.status == 201, "\(reply.json)")
        let json = reply.json
        #expect(json["kind"] == "Node" && json["apiVersion"] == "v3")
        #expect(json["metadata"]?["name"] == "worker" && json["metadata"]?["uid"]?.stringValue != nil)
        #expect(json["spec"]?["count"] == 1 && json["spec"]?["flavor"] == "s3.large.2")
        #expect(json["spec"]?["billingMode"] == 0 && json["spec"]?["runtime"]?["name"] == "containerd")
        #expect(json["spec"]?["extendParam"]?["ecs:performancetype"] == "normal")
        let jobID = try #require(json["status"]?["jobID"]?.stringValue)

        // §7: top job → CreateNode sub-job (a job of its own) → CreateNodeVM with resourceID = node uid.
        let top = await h.send("GET", "/jobs/\(jobID)")
        #expect(top.status == 200 && top.json["spec"]?["clusterUID"]?.stringValue == cluster)
        let createNode = try #require(top.json["spec"]?["subJobs"]?[0])
        #expect(createNode["spec"]?["type"] == "CreateNode")
        #expect(createNode["spec"]?["subJobs"]?[0]?["spec"]?["type"] == "CreateNodeVM", "nested in the top job too")
        let subID = try #require(createNode["metadata"]?["uid"]?.stringValue)
        let sub = await h.send("GET", "/jobs/\(subID)")
        #expect(sub.status == 200 && sub.json["spec"]?["type"] == "CreateNode")
        let vm = try #require(sub.json["spec"]?["subJobs"]?[0])
        #expect(vm["spec"]?["type"] == "CreateNodeVM")
        let nodeID = try #require(vm["spec"]?["resourceID"]?.stringValue)
        #expect(nodeID == json["metadata"]?["uid"]?.stringValue)

        let node = await h.send("GET", "/clusters/\(cluster)/nodes/\(nodeID)")
        #expect(node.status == 200)
        #expect(node.json["status"]?["privateIP"]?.stringValue?.hasPrefix("192.168.") == true)
        #expect(node.json["status"]?["serverId"]?.stringValue?.isEmpty == false)
        #expect(node.json["status"]?["jobID"]?.stringValue == jobID)
        #expect(node.json["spec"]?["taints"] == nil && node.json["spec"]?["k8sTags"] == nil, "§2.2: not returned")
        #expect(node.json["spec"]?["os"] == "EulerOS 2.9" && node.json["spec"]?["count"] == nil)
    }

    @Test("node time: half of the creation time unless set (CCE_EMULATOR_NODE_SECONDS, --node-seconds)")
    func nodeTimeSetting() {
        #expect(EmulatorConfiguration(createSeconds: 8).nodeCreateSeconds == 4)
        let set = EmulatorConfiguration.fromEnvironment([
            "CCE_EMULATOR_DB": ":memory:", "CCE_EMULATOR_NODE_SECONDS": "7",
        ])
        #expect(set.nodeCreateSeconds == 7)
        let ignored = EmulatorConfiguration.fromEnvironment([
            "CCE_EMULATOR_DB": ":memory:", "CCE_EMULATOR_NODE_SECONDS": "-1",
        ])
        #expect(ignored.nodeSeconds == nil)
        var bad = EmulatorConfiguration()
        bad.nodeSeconds = .infinity
        #expect(bad.problems().contains { $0.contains("node creation") })
    }

    @Test("Build → Installing → Active on the node clock; the job goes Initializing → Running → Success")
    func phasesFollowTheClock() async throws {
        let (h, cluster) = try await Harness.withCluster { $0.nodeSeconds = 8 }
        let (job, nodes) = try await h.createNodes(cluster)
        let uid = try #require(nodes.first)
        func phase() async -> JSONValue? {
            await h.send("GET", "/clusters/\(cluster)/nodes/\(uid)").json["status"]?["phase"]
        }
        func jobPhase() async -> JSONValue? { await h.send("GET", "/jobs/\(job)").json["status"]?["phase"] }
        #expect(await phase() == "Build")
        #expect(await jobPhase() == "Initializing")
        h.clock.advance(by: 2)
        #expect(await phase() == "Build")
        #expect(await jobPhase() == "Running")
        h.clock.advance(by: 3)
        #expect(await phase() == "Installing")
        let vm = await h.send("GET", "/jobs/\(job)").json["spec"]?["subJobs"]?[0]?["spec"]?["subJobs"]?[0]
        #expect(vm?["status"]?["phase"] == "Success", "the VM exists once Build is over")
        h.clock.advance(by: 3.5)
        #expect(await phase() == "Active")
        #expect(await jobPhase() == "Success")
    }

    @Test("--job-failure-rate 1: the node job Fails with a reason, the node ends in Error, its pool in Error")
    func injectedFailure() async throws {
        // The cluster is made by an emulator without failures; the same store is then served
        // by one whose every job fails.
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        let clock = ManualClock()
        let steady = try Harness(clock: clock) { $0.storage = .file(path) }
        let (cluster, _) = try await steady.create("flaky")
        clock.advance(by: 11)
        let h = try Harness(clock: clock) {
            $0.storage = .file(path)
            $0.jobFailureRate = 1
        }
        let (job, nodes) = try await h.createNodes(cluster)
        #expect(await h.send("GET", "/clusters/\(cluster)/nodes/\(nodes[0])").json["status"]?["phase"] == "Build")
        clock.advance(by: 6)
        let shown = await h.send("GET", "/jobs/\(job)").json
        #expect(shown["status"]?["phase"] == "Failed")
        #expect(shown["status"]?["reason"]?.stringValue?.contains("injected failure") == true)
        #expect(shown["spec"]?["subJobs"]?[0]?["status"]?["phase"] == "Failed")
        #expect(await h.send("GET", "/clusters/\(cluster)/nodes/\(nodes[0])").json["status"]?["phase"] == "Error")
        let pool = await h.send("POST", "/clusters/\(cluster)/nodepools", body: poolBody(count: 1))
        let poolID = try #require(pool.json["metadata"]?["uid"]?.stringValue)
        clock.advance(by: 6)
        let status = await h.send("GET", "/clusters/\(cluster)/nodepools/\(poolID)").json["status"]
        #expect(status?["phase"] == "Error" && status?["currentNode"] == 1 && status?["activeNode"] == 0)
        // Without failures, the same request ends Active.
        let (_, fine) = try await steady.createNodes(cluster)
        clock.advance(by: 6)
        #expect(await steady.send("GET", "/clusters/\(cluster)/nodes/\(fine[0])").json["status"]?["phase"] == "Active")
    }

    @Test("count > 1: one CreateNodeVM per node, suffixed names, distinct addresses in the cluster subnet")
    func severalNodes() async throws {
        let (h, cluster) = try await Harness.withCluster()
        let (_, nodes) = try await h.createNodes(cluster, nodeBody("batch", count: 3))
        #expect(nodes.count == 3 && Set(nodes).count == 3)
        _ = try await h.createNodes(cluster, nodeBody(nil))
        let items = await h.send("GET", "/clusters/\(cluster)/nodes").json
        #expect(items["kind"] == "List")
        let list = items["items"]?.arrayValue ?? []
        #expect(list.count == 4)
        let addresses = list.compactMap { $0["status"]?["privateIP"]?.stringValue }
        #expect(Set(addresses).count == 4 && addresses.allSatisfy { $0.hasPrefix("192.168.") })
        #expect(!addresses.contains(EmulatorRouter.masterAddress(cluster)), "not the masters' address")
        let names = list.compactMap { $0["metadata"]?["name"]?.stringValue }
        #expect(names.filter { $0.hasPrefix("batch-") && $0.count == 11 }.count == 3, "\(names)")
        #expect(names.last?.hasPrefix("node-home-") == true, "no name: the cluster's, with a suffix")
        func counts() async -> JSONValue? {
            await h.send("GET", "/clusters", query: [("detail", "true")]).json["items"]?[0]?["metadata"]?["annotations"]
        }
        #expect(await counts()?["totalNodesNumber"] == "4")
        #expect(await counts()?["activeNodesNumber"] == "0")
        h.clock.advance(by: 6)
        #expect(await counts()?["activeNodesNumber"] == "4")
    }

    @Test("GET nodes pages with limit and marker (pageInfo.nextMarker)")
    func pagination() async throws {
        let (h, cluster) = try await Harness.withCluster()
        _ = try await h.createNodes(cluster, nodeBody("p", count: 5))
        let first = await h.send("GET", "/clusters/\(cluster)/nodes", query: [("limit", "2")]).json
        #expect(first["items"]?.arrayValue?.count == 2 && first["pageInfo"]?["currentCount"] == 2)
        let marker = try #require(first["pageInfo"]?["nextMarker"]?.stringValue)
        let second = await h.send("GET", "/clusters/\(cluster)/nodes", query: [("limit", "2"), ("marker", marker)]).json
        #expect(second["items"]?[0]?["metadata"]?["uid"] != first["items"]?[0]?["metadata"]?["uid"])
        let last = await h.send(
            "GET", "/clusters/\(cluster)/nodes",
            query: [("marker", second["pageInfo"]?["nextMarker"]?.stringValue ?? "")]
        ).json
        #expect(last["items"]?.arrayValue?.count == 1 && last["pageInfo"]?["nextMarker"] == nil)
        #expect(await h.send("GET", "/clusters/\(cluster)/nodes", query: [("limit", "0")]).status == 400)
    }

    @Test("an unknown cluster is the service's CCE 404 for every node, pool and cert route, not the gateway's")
    func unknownCluster() async throws {
        let (h, _) = try await Harness.withCluster()
        let missing = "00000000-0000-1000-8000-000000000000"
        for (method, path, body) in [
            ("POST", "/nodes", nodeBody()), ("GET", "/nodes", nil), ("GET", "/nodes/x", nil),
            ("DELETE", "/nodes/x", nil), ("PUT", "/nodes/x", ["metadata": ["name": "n"]]),
            ("POST", "/nodepools", poolBody()), ("GET", "/nodepools", nil), ("GET", "/nodepools/x", nil),
            ("PUT", "/nodepools/x", ["metadata": ["name": "x"], "spec": ["initialNodeCount": 1]]),
            ("DELETE", "/nodepools/x", nil),
            ("POST", "/clustercert", ["duration": 1]),
        ] as [(String, String, JSONValue?)] {
            let reply = await h.send(method, "/clusters/\(missing)\(path)", body: body)
            #expect(reply.status == 404 && reply.errorCode == "CCE.01404001", "\(method) \(path): \(reply.json)")
            #expect(reply.json["message"]?.stringValue?.contains(missing) == true)
        }
        let route = await h.send("POST", "/clusters/\(missing)/nodes/operation/unknown")
        #expect(route.status == 404 && route.errorCode == "APIGW.0101", "an unknown route stays the gateway's")
    }

    @Test("a hibernated cluster refuses node and pool writes (403) and still answers reads")
    func hibernatedRefuses() async throws {
        let (h, cluster) = try await Harness.withCluster()
        let (_, nodes) = try await h.createNodes(cluster)
        #expect(await h.send("POST", "/clusters/\(cluster)/operation/hibernate").status == 200)
        h.clock.advance(by: 11)
        for (method, path, body) in [
            ("POST", "/nodes", nodeBody()), ("DELETE", "/nodes/\(nodes[0])", nil),
            ("POST", "/nodepools", poolBody()),
        ] as [(String, String, JSONValue?)] {
            let reply = await h.send(method, "/clusters/\(cluster)\(path)", body: body)
            #expect(reply.status == 403 && reply.errorCode == "CCE.01403001", "\(method) \(path): \(reply.json)")
            #expect(reply.json["message"]?.stringValue?.contains("Hibernation") == true)
        }
        #expect(await h.send("GET", "/clusters/\(cluster)/nodes").json["items"]?.arrayValue?.count == 1)
        #expect(await h.send("GET", "/clusters/\(cluster)/nodes/\(nodes[0])").status == 200)
    }

    @Test("an invalid body is the service's 400 naming the path; nothing is created")
    func validation() async throws {
        let (h, cluster) = try await Harness.withCluster()
        for (body, path) in [
            (nodeBody(count: 0), "spec.count"),
            (["kind": "Node", "apiVersion": "v3", "metadata": ["name": "x"]] as JSONValue, "spec"),
        ] {
            let reply = await h.send("POST", "/clusters/\(cluster)/nodes", body: body)
            #expect(reply.status == 400 && reply.errorCode == "CCE.01400001", "\(reply.json)")
            #expect(reply.json["message"]?.stringValue?.contains(path) == true, "\(reply.json)")
        }
        let notJSON = await h.send("POST", "/clusters/\(cluster)/nodes", rawBody: Array("{".utf8))
        #expect(notJSON.status == 400)
        #expect(await h.send("GET", "/clusters/\(cluster)/nodes").json["items"] == [])
    }

    static let rules: [(String, JSONValue)] = [
        ("spec.rootVolume.size", ["rootVolume": ["size": 20, "volumetype": "SSD"]]),
        ("spec.dataVolumes[0].size", ["dataVolumes": [["size": 50, "volumetype": "SSD"]]]),
        ("spec.login", ["login": ["sshKey": "kp", "userPassword": ["username": "root", "password": "x"]]]),
        ("spec.taints[0].effect", ["taints": [["key": "k", "value": "v", "effect": "Sometimes"]]]),
        ("spec.extendParam.maxPods", ["extendParam": ["maxPods": 300]]),
        ("spec.count", ["count": 0]),
    ]

    @Test("the client core's rules are the emulator's: each is 400 CCE.01400001 naming its JSON path", arguments: rules)
    func validatorRules(path: String, change: JSONValue) async throws {
        let (h, cluster) = try await Harness.withCluster()
        var body = nodeBody()
        for (key, value) in change.objectValue ?? [:] { body["spec"]?[key] = value }
        let reply = await h.send("POST", "/clusters/\(cluster)/nodes", body: body)
        #expect(reply.status == 400 && reply.errorCode == "CCE.01400001", "\(reply.json)")
        #expect(reply.json["message"]?.stringValue?.contains(path) == true, "\(path): \(reply.json)")
        var pool = poolBody()
        for (key, value) in change.objectValue ?? [:] where key != "count" {
            pool["spec"]?["nodeTemplate"]?[key] = value
        }
        if path != "spec.count" {
            let refused = await h.send("POST", "/clusters/\(cluster)/nodepools", body: pool)
            let templated = path.replacingOccurrences(of: "spec.", with: "spec.nodeTemplate.")
            #expect(refused.status == 400 && refused.json["message"]?.stringValue?.contains(templated) == true)
        }
        #expect(await h.send("GET", "/clusters/\(cluster)/nodes").json["items"] == [])
    }

    @Test("node limit per cluster flavor: 400 CCE.01400014 past 50 on cce.s1.small; deleting nodes frees room")
    func nodeLimit() async throws {
        #expect(NodeDefaults.nodeLimit(flavor: "cce.s1.small") == 50)
        #expect(NodeDefaults.nodeLimit(flavor: "cce.s2.medium") == 200)
        #expect(NodeDefaults.nodeLimit(flavor: "cce.s1.large") == 1000)
        #expect(NodeDefaults.nodeLimit(flavor: "cce.s2.xlarge") == 2000)
        let (h, cluster) = try await Harness.withCluster()
        let over = await h.send("POST", "/clusters/\(cluster)/nodes", body: nodeBody("big", count: 51))
        #expect(over.status == 400 && over.errorCode == "CCE.01400014", "\(over.json)")
        #expect(over.json["message"]?.stringValue?.contains("at most 50") == true)
        let huge = await h.send("POST", "/clusters/\(cluster)/nodes", body: nodeBody("huge", count: Int.max))
        #expect(huge.status == 400, "refused before anything is planned: \(huge.json)")
        let (_, nodes) = try await h.createNodes(cluster, nodeBody("fill", count: 50))
        #expect(nodes.count == 50)
        let one = await h.send("POST", "/clusters/\(cluster)/nodes", body: nodeBody("one-more"))
        #expect(one.status == 400 && one.errorCode == "CCE.01400014")
        #expect(await h.send("DELETE", "/clusters/\(cluster)/nodes/\(nodes[0])").status == 200)
        _ = try await h.createNodes(cluster, nodeBody("one-more"))
    }

    @Test("concurrent creates on a file store: exactly the node limit succeeds, every address distinct")
    func concurrentCreates() async throws {
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        let (h, cluster) = try await Harness.withCluster { $0.storage = .file(path) }
        let statuses = await withTaskGroup(of: Int.self) { group in
            for i in 0..<60 {
                group.addTask { await h.send("POST", "/clusters/\(cluster)/nodes", body: nodeBody("race-\(i)")).status }
            }
            var all: [Int] = []
            for await status in group { all.append(status) }
            return all
        }
        #expect(statuses.filter { $0 == 201 }.count == 50 && statuses.filter { $0 == 400 }.count == 10)
        let items = await h.send("GET", "/clusters/\(cluster)/nodes").json["items"]?.arrayValue ?? []
        let addresses = Set(items.compactMap { $0["status"]?["privateIP"]?.stringValue })
        #expect(items.count == 50 && addresses.count == 50)
    }

    @Test("DELETE node: 200 with the deletion job, Deleting, then 404; its address is free again")
    func deleteNode() async throws {
        let (h, cluster) = try await Harness.withCluster()
        let (createJob, nodes) = try await h.createNodes(cluster)
        h.clock.advance(by: 6)
        let uid = nodes[0]
        let address = await h.send("GET", "/clusters/\(cluster)/nodes/\(uid)").json["status"]?["privateIP"]
        let deleted = await h.send("DELETE", "/clusters/\(cluster)/nodes/\(uid)")
        #expect(deleted.status == 200 && deleted.json["kind"] == "Node")
        #expect(deleted.json["status"]?["phase"] == "Active", "the phase as it was (OTC example)")
        let job = try #require(deleted.json["status"]?["jobID"]?.stringValue)
        #expect(job != createJob)
        #expect(await h.send("GET", "/jobs/\(job)").json["spec"]?["type"] == "DeleteNode")
        #expect(await h.send("GET", "/clusters/\(cluster)/nodes/\(uid)").json["status"]?["phase"] == "Deleting")
        #expect(await h.send("DELETE", "/clusters/\(cluster)/nodes/\(uid)").status == 200, "idempotent")
        h.clock.advance(by: 5.5)
        let gone = await h.send("GET", "/clusters/\(cluster)/nodes/\(uid)")
        #expect(gone.status == 404 && gone.errorCode == "CCE.01404001")
        #expect(await h.send("GET", "/jobs/\(job)").json["status"]?["phase"] == "Success")
        let (_, again) = try await h.createNodes(cluster)
        #expect(await h.send("GET", "/clusters/\(cluster)/nodes/\(again[0])").json["status"]?["privateIP"] == address)
        #expect(await h.send("DELETE", "/clusters/\(cluster)/nodes/\(uid)").status == 404)
    }

    @Test("PUT node renames it (§2.4); a bad name is 400 at metadata.name")
    func rename() async throws {
        let (h, cluster) = try await Harness.withCluster()
        let (_, nodes) = try await h.createNodes(cluster)
        let renamed = await h.send(
            "PUT", "/clusters/\(cluster)/nodes/\(nodes[0])", body: ["metadata": ["name": "new.name"]])
        #expect(renamed.status == 200 && renamed.json["metadata"]?["name"] == "new.name")
        #expect(await h.send("GET", "/clusters/\(cluster)/nodes/\(nodes[0])").json["metadata"]?["name"] == "new.name")
        for bad in ["Upper", "ends-", "", String(repeating: "a", count: 57)] {
            let reply = await h.send(
                "PUT", "/clusters/\(cluster)/nodes/\(nodes[0])", body: ["metadata": ["name": .string(bad)]])
            #expect(
                reply.status == 400 && reply.json["message"]?.stringValue?.contains("metadata.name") == true, "\(bad)")
        }
    }

    @Test("deleting the cluster deletes its nodes and pools: Deleting, then gone with it")
    func clusterDeleteCascades() async throws {
        let (h, cluster) = try await Harness.withCluster()
        let (_, nodes) = try await h.createNodes(cluster)
        let pool = await h.send("POST", "/clusters/\(cluster)/nodepools", body: poolBody(count: 2))
        let poolID = try #require(pool.json["metadata"]?["uid"]?.stringValue)
        h.clock.advance(by: 6)
        #expect(await h.send("DELETE", "/clusters/\(cluster)").status == 200)
        let listed = await h.send("GET", "/clusters/\(cluster)/nodes").json["items"]?.arrayValue ?? []
        #expect(listed.count == 3 && listed.allSatisfy { $0["status"]?["phase"] == "Deleting" })
        #expect(await h.send("GET", "/clusters/\(cluster)/nodepools/\(poolID)").json["status"]?["phase"] == "Deleting")
        h.clock.advance(by: 6)
        #expect(await h.send("GET", "/clusters/\(cluster)/nodes/\(nodes[0])").status == 404)
        #expect(await h.send("GET", "/clusters/\(cluster)/nodes").status == 404)
        let rows = try h.router.store.nodes(
            project: testProject, cluster: cluster, now: h.clock.now().timeIntervalSince1970)
        #expect(rows.isEmpty)
    }

    @Test("the same routes over HTTP (cce serve's door)")
    func overHTTP() async throws {
        let config = EmulatorConfiguration(token: testToken, createSeconds: 0, deleteSeconds: 0)
        try await withLiveServer(config) { baseURL, _ in
            let transport = HTTPTransport()
            func send(_ method: String, _ path: String, _ body: JSONValue? = nil) async throws -> (Int, JSONValue) {
                let response = try await transport.send(
                    TransportRequest(
                        method: method, baseURL: baseURL, path: "/api/v3/projects/\(testProject)\(path)", query: [],
                        headers: [("Content-Type", "application/json"), ("X-Auth-Token", testToken)],
                        body: body?.serializedBytes() ?? []),
                    timeout: .seconds(10))
                return (response.status, (try? JSONValue.parse(response.body)) ?? .null)
            }
            let (_, created) = try await send("POST", "/clusters", minimalCluster("http-nodes"))
            let cluster = try #require(created["metadata"]?["uid"]?.stringValue)
            let (status, node) = try await send("POST", "/clusters/\(cluster)/nodes", nodeBody())
            #expect(status == 201 && node["status"]?["jobID"]?.stringValue != nil)
            let (listed, items) = try await send("GET", "/clusters/\(cluster)/nodes")
            #expect(listed == 200 && items["items"]?[0]?["status"]?["phase"] == "Active")
            let (poolStatus, _) = try await send("POST", "/clusters/\(cluster)/nodepools", poolBody(count: 1))
            #expect(poolStatus == 201)
            let (certStatus, config) = try await send("POST", "/clusters/\(cluster)/clustercert", ["duration": 1])
            #expect(certStatus == 200 && config["kind"] == "Config")
            let (missing, error) = try await send("GET", "/clusters/00000000-0000-1000-8000-000000000000/nodes")
            #expect(missing == 404 && error["errorCode"] == "CCE.01404001")
            try await transport.shutdown()
        }
    }
}

extension Harness {
    /// Every node and node-pool document the store keeps, as stored, for secret checks.
    func storedDocuments(_ cluster: String) throws -> String {
        let now = clock.now().timeIntervalSince1970
        let nodes = try router.store.nodes(project: testProject, cluster: cluster, now: now).map(\.document)
        let pools = try router.store.pools(project: testProject, cluster: cluster, now: now).map(\.document)
        return (nodes + pools).joined(separator: "\n")
    }
}

extension EmulatorNodeTests {
    @Test(
        "a userPassword string (the OTC doc's type) and init-node-password are masked in create, GET and list",
        arguments: [JSONValue.string("Secret-Pass42"), ["username": "root", "password": "Secret-Pass42"]])
    func passwordMasked(password: JSONValue) async throws {
        let (h, cluster) = try await Harness.withCluster()
        var body = nodeBody()
        body["spec"]?["login"] = ["userPassword": password]
        body["spec"]?["extendParam"] = ["init-node-password": "Init-Pass42"]
        let created = await h.send("POST", "/clusters/\(cluster)/nodes", body: body)
        try #require(created.status == 201, "\(created.json)")
        let uid = try #require(created.json["metadata"]?["uid"]?.stringValue)
        let shown = await h.send("GET", "/clusters/\(cluster)/nodes/\(uid)").json
        let listed = await h.send("GET", "/clusters/\(cluster)/nodes").json["items"]?[0] ?? .null
        for reply in [created.json, shown, listed] {
            let text = String(decoding: FastJSON.bytes(reply), as: UTF8.self)
            #expect(!text.contains("Secret-Pass42") && !text.contains("Init-Pass42"), "\(text)")
            let login = reply["spec"]?["login"]?["userPassword"]
            #expect(login == "******" || login?["password"] == "******", "\(String(describing: login))")
            #expect(reply["spec"]?["extendParam"]?["init-node-password"] == "")
        }
        let stored = try h.storedDocuments(cluster)
        #expect(!stored.contains("Secret-Pass42") && !stored.contains("Init-Pass42"), "never stored in plain")
    }
}

extension EmulatorNodeTests {
    @Test("a refused node transaction writes nothing, even what it wrote before it refused")
    func refusalRollsBack() async throws {
        let (h, cluster) = try await Harness.withCluster()
        let now = h.clock.now().timeIntervalSince1970
        let outcome = try await h.router.store.nodeWrite(project: testProject, cluster: cluster, now: now) {
            tx -> Result<Int, WireAnswer> in
            try tx.insert(
                JobRecord(
                    uid: "refused-job", project: testProject, type: "DeleteNode", clusterUID: cluster,
                    resourceName: "x", startedAt: now, finishAt: now + 5, failure: nil, subJobs: "[]"))
            return .failure(WireAnswer(WireError.forbidden("refused after a write")))
        }
        guard case .failure(let answer)? = outcome else {
            Issue.record("expected the refusal, got \(String(describing: outcome))")
            return
        }
        #expect(answer.status == 403)
        #expect(try h.router.store.job(project: testProject, uid: "refused-job") == nil)
    }
}

extension EmulatorNodeTests {
    @Test("a failed batch fails every node's CreateNodeVM sub-job, nested or fetched on its own")
    func failedBatchTree() async throws {
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        let clock = ManualClock()
        let steady = try Harness(clock: clock) { $0.storage = .file(path) }
        let (cluster, _) = try await steady.create("flaky-batch")
        clock.advance(by: 11)
        let h = try Harness(clock: clock) {
            $0.storage = .file(path)
            $0.jobFailureRate = 1
        }
        let (job, nodes) = try await h.createNodes(cluster, nodeBody("batch", count: 3))
        #expect(nodes.count == 3)
        clock.advance(by: 6)
        let top = await h.send("GET", "/jobs/\(job)").json
        let nested = top["spec"]?["subJobs"]?[0]?["spec"]?["subJobs"]?.arrayValue ?? []
        let subID = try #require(top["spec"]?["subJobs"]?[0]?["metadata"]?["uid"]?.stringValue)
        let fetched = await h.send("GET", "/jobs/\(subID)").json["spec"]?["subJobs"]?.arrayValue ?? []
        for vms in [nested, fetched] {
            #expect(vms.count == 3)
            #expect(vms.allSatisfy { $0["status"]?["phase"] == "Failed" }, "\(vms.map { $0["status"] })")
        }
        for node in nodes {
            #expect(await h.send("GET", "/clusters/\(cluster)/nodes/\(node)").json["status"]?["phase"] == "Error")
        }
    }
}

extension EmulatorNodeTests {
    @Test("GET of the CreateNode sub-job names its parent in spec.ownerJob (§7)")
    func subJobOwner() async throws {
        let (h, cluster) = try await Harness.withCluster()
        let (job, _) = try await h.createNodes(cluster)
        let top = await h.send("GET", "/jobs/\(job)").json
        #expect(top["spec"]?["ownerJob"] == nil, "the top job has no owner")
        let subID = try #require(top["spec"]?["subJobs"]?[0]?["metadata"]?["uid"]?.stringValue)
        #expect(top["spec"]?["subJobs"]?[0]?["spec"]?["ownerJob"]?.stringValue == job)
        let sub = await h.send("GET", "/jobs/\(subID)").json
        #expect(sub["spec"]?["ownerJob"]?.stringValue == job)
        #expect(sub["spec"]?["subJobs"]?[0]?["spec"]?["ownerJob"]?.stringValue == subID)
    }
}
