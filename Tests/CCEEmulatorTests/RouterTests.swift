import CCECore
import Foundation
import Testing

@testable import CCEEmulator

@Suite("EmulatorRouter")
struct RouterTests {
    @Test("POST 201: uid, Creating, jobID = annotations.jobid, defaults, Go timestamps, X-Request-Id")
    func createShape() async throws {
        let h = try Harness()
        var body = minimalCluster()
        body["metadata"] = ["name": "demo-cluster", "annotations": ["foo2": "bar2"]]
        let reply = await h.send("POST", "/clusters", body: body)
        #expect(reply.status == 201)
        let json = reply.json
        let uid = try #require(json["metadata"]?["uid"]?.stringValue)
        #expect(
            uid.range(
                of: "^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression
            ) != nil)
        #expect(json["kind"] == "Cluster")
        #expect(json["apiVersion"] == "v3")
        #expect(json["status"]?["phase"] == "Creating")
        let jobID = try #require(json["status"]?["jobID"]?.stringValue)
        #expect(json["metadata"]?["annotations"]?["jobid"]?.stringValue == jobID)
        #expect(json["metadata"]?["annotations"]?["resourceJobId"]?.stringValue != nil)
        #expect(json["metadata"]?["annotations"]?["foo2"] == "bar2")
        #expect(json["metadata"]?["alias"] == "demo-cluster")
        let created = try #require(json["metadata"]?["creationTimestamp"]?.stringValue)
        #expect(GoTimestamp(created) != nil)
        #expect(created.hasSuffix(" +0000 UTC"))
        let spec = try #require(json["spec"])
        #expect(spec["category"] == "CCE")
        #expect(spec["version"] == .string(ClusterDefaults.latestVersion))
        // The platform follows the version: v1.29 is cce.4.0 (WIRE.md §1.3).
        #expect(spec["platformVersion"] == .string(ClusterDefaults.platformVersion(for: ClusterDefaults.latestVersion)))
        #expect(ClusterDefaults.platformVersion(for: "v1.29") == "cce.4.0")
        #expect(ClusterDefaults.platformVersion(for: "v1.29.3-r0") == "cce.4.0")
        #expect(spec["authentication"]?["mode"] == "rbac")
        #expect(spec["authentication"]?["authenticatingProxy"] == [:])
        #expect(spec["kubernetesSvcIpRange"] == "10.247.0.0/16")
        #expect(spec["serviceNetwork"]?["IPv4CIDR"] == "10.247.0.0/16")
        #expect(spec["kubeProxyMode"] == "iptables")
        #expect(spec["billingMode"] == 0)
        #expect(spec["extendParam"]?["enterpriseProjectId"] == "0")
        #expect(spec["containerNetwork"]?["cidrs"]?[0]?["cidr"] == spec["containerNetwork"]?["cidr"])
        let requestID = try #require(reply.response.header("X-Request-Id"))
        #expect(requestID.count == 32)
    }

    @Test("keys match case-insensitively, unknown fields are tolerated and dropped")
    func caseInsensitiveKeys() async throws {
        let h = try Harness()
        let text = """
            {"kind":"Cluster","apiversion":"v3","metadata":{"name":"go-style"},"futureField":{"x":1},
             "spec":{"type":"VirtualMachine","flavor":"cce.s2.small","version":"v1.29","unknownSpec":true,
                     "hostnetwork":{"vpc":"vpc-1","subnet":"net-1"},
                     "containerNetwork":{"mode":"vpc-router","cidr":"172.17.0.0/16"}}}
            """
        let reply = await h.send("POST", "/clusters", rawBody: Array(text.utf8))
        #expect(reply.status == 201, "\(reply.json)")
        #expect(reply.json["apiVersion"] == "v3")
        #expect(reply.json["apiversion"] == nil)
        #expect(reply.json["futureField"] == nil)
        #expect(reply.json["spec"]?["unknownSpec"] == nil)
        #expect(reply.json["spec"]?["hostNetwork"]?["vpc"] == "vpc-1")
        #expect(reply.json["spec"]?["version"] == "v1.29")
        #expect(reply.json["spec"]?["containerNetwork"]?["cidrs"] == [["cidr": "172.17.0.0/16"]])
        #expect(reply.json["spec"]?["extendParam"]?["alpha.cce/fixPoolMask"] == "25")
    }

    @Test("invalid body → 400 CCE.01400001 naming the path and the problem")
    func invalidBody() async throws {
        let h = try Harness()
        var body = minimalCluster()
        body["spec"]?["hostNetwork"] = ["subnet": "net-1"]
        let missing = await h.send("POST", "/clusters", body: body)
        #expect(missing.status == 400)
        #expect(missing.json["errorCode"] == "CCE.01400001")
        #expect(missing.json["error_code"] == "CCE_CM.0004")
        #expect(missing.json["kind"] == "Status")
        let message = try #require(missing.json["message"]?.stringValue)
        #expect(message.contains("spec.hostNetwork.vpc"), "\(message)")

        let badName = await h.send("POST", "/clusters", body: minimalCluster("Bad_Name"))
        #expect(badName.status == 400)
        #expect(badName.json["message"]?.stringValue?.contains("metadata.name") == true, "\(badName.json)")

        let notJSON = await h.send("POST", "/clusters", rawBody: Array("{\"kind\": ".utf8))
        #expect(notJSON.status == 400)
        #expect(notJSON.json["errorCode"] == "CCE.01400001")
        #expect(notJSON.json["message"]?.stringValue?.contains("not valid JSON") == true)

        let array = await h.send("POST", "/clusters", rawBody: Array("[1]".utf8))
        #expect(array.status == 400)

        let wrongType = await h.send(
            "POST", "/clusters", body: minimalCluster(),
            headers: [("Content-Type", "text/plain"), ("X-Auth-Token", testToken)])
        #expect(wrongType.status == 400)
        #expect(wrongType.json["errorCode"] == "CCE.01400006")
        // Nothing was stored by any of them.
        let list = await h.send("GET", "/clusters")
        #expect(list.json["items"]?.arrayValue?.count == 0)
    }

    @Test("quota → 400 CCE.01400007; duplicate name → 409 CCE.01409001")
    func quotaAndDuplicate() async throws {
        let h = try Harness { $0.clusterQuota = 2 }
        _ = try await h.create("first-one")
        let dup = await h.send("POST", "/clusters", body: minimalCluster("first-one"))
        #expect(dup.status == 409)
        #expect(dup.json["errorCode"] == "CCE.01409001")
        #expect(dup.json["message"]?.stringValue?.contains("first-one") == true)
        _ = try await h.create("second-one")
        let over = await h.send("POST", "/clusters", body: minimalCluster("third-one"))
        #expect(over.status == 400)
        #expect(over.json["errorCode"] == "CCE.01400007")
        #expect(over.json["message"]?.stringValue?.contains("2 of 2") == true)
        let quotas = await h.send("GET", "/quotas")
        #expect(quotas.json["quotas"]?[0]?["used"] == 2)
        #expect(quotas.json["quotas"]?[0]?["quotaLimit"] == 2)
    }

    @Test(
        """
        GET works at once; job Initializing → Running → Success with sub-jobs; \
        cluster Creating → Available with endpoints
        """
    )
    func lifecycle() async throws {
        let h = try Harness()
        let (uid, jobID) = try await h.create("life-cycle")
        let first = await h.send("GET", "/clusters/\(uid)")
        #expect(first.status == 200)
        #expect(first.json["status"]?["phase"] == "Creating")
        #expect(first.json["status"]?["endpoints"] == nil)

        var job = await h.send("GET", "/jobs/\(jobID)")
        #expect(job.status == 200)
        #expect(job.json["kind"] == "Job")
        #expect(job.json["status"]?["phase"] == "Initializing")
        #expect(job.json["spec"]?["type"] == "CreateCluster")
        #expect(job.json["spec"]?["clusterUID"]?.stringValue == uid)
        #expect(job.json["spec"]?["resourceName"] == "life-cycle")
        let subTypes = job.json["spec"]?["subJobs"]?.arrayValue?.compactMap { $0["spec"]?["type"]?.stringValue }
        #expect(subTypes == ["InstallMaster", "CreatePSMCert", "InstallAddons"])

        h.clock.advance(by: 5)
        job = await h.send("GET", "/jobs/\(jobID)")
        #expect(job.json["status"]?["phase"] == "Running")
        #expect(job.json["spec"]?["subJobs"]?[0]?["status"]?["phase"] == "Success")
        #expect(job.json["spec"]?["subJobs"]?[1]?["status"]?["phase"] == "Running")
        #expect(await h.send("GET", "/clusters/\(uid)").json["status"]?["phase"] == "Creating")

        h.clock.advance(by: 5)
        job = await h.send("GET", "/jobs/\(jobID)")
        #expect(job.json["status"]?["phase"] == "Success")
        #expect(job.json["spec"]?["subJobs"]?.arrayValue?.allSatisfy { $0["status"]?["phase"] == "Success" } == true)
        let ready = await h.send("GET", "/clusters/\(uid)")
        #expect(ready.json["status"]?["phase"] == "Available")
        let endpoints = try #require(ready.json["status"]?["endpoints"])
        #expect(endpoints["internal"]?.stringValue?.hasPrefix("https://192.168.") == true)
        #expect(endpoints["external_otc"]?.stringValue == "https://\(uid).cce.eu-de.otc.t-systems.com")
        #expect(ready.json["metadata"]?["updateTimestamp"] != ready.json["metadata"]?["creationTimestamp"])
    }

    @Test("DELETE → 200 with deleteOption/deleteStatus, then Deleting, then 404; the quota slot and the name are freed")
    func deletion() async throws {
        let h = try Harness { $0.clusterQuota = 1 }
        let (uid, _) = try await h.create("to-delete")
        h.clock.advance(by: 10)
        let deleted = await h.send(
            "DELETE", "/clusters/\(uid)", query: [("delete_evs", "true"), ("delete_net", "try")])
        #expect(deleted.status == 200)
        #expect(deleted.json["status"]?["phase"] == "Available")
        #expect(deleted.json["status"]?["deleteOption"]?["delete_evs"] == "delete-true")
        #expect(deleted.json["status"]?["deleteOption"]?["delete_net"] == "delete-try")
        #expect(deleted.json["status"]?["deleteOption"]?["delete_eni"] == "delete-skip")
        #expect(deleted.json["status"]?["deleteStatus"]?["deleted"] == 0)
        let deleteJob = try #require(deleted.json["status"]?["jobID"]?.stringValue)

        let deleting = await h.send("GET", "/clusters/\(uid)")
        #expect(deleting.json["status"]?["phase"] == "Deleting")
        #expect(await h.send("POST", "/clusters", body: minimalCluster("another")).json["errorCode"] == "CCE.01400007")
        // A repeated DELETE while deleting answers the same deletion.
        let again = await h.send("DELETE", "/clusters/\(uid)")
        #expect(again.status == 200)
        #expect(again.json["status"]?["jobID"]?.stringValue == deleteJob)

        h.clock.advance(by: 5)
        let gone = await h.send("GET", "/clusters/\(uid)")
        #expect(gone.status == 404)
        #expect(gone.json["errorCode"] == "CCE.01404001")
        let job = await h.send("GET", "/jobs/\(deleteJob)")
        #expect(job.json["spec"]?["type"] == "DeleteCluster")
        #expect(job.json["status"]?["phase"] == "Success")
        #expect(await h.send("DELETE", "/clusters/\(uid)").status == 404)
        _ = try await h.create("to-delete")
    }

    @Test("bad delete option → 400; deletion protection → 403")
    func deletionRefused() async throws {
        let h = try Harness()
        let (uid, _) = try await h.create("keep-me")
        let bad = await h.send("DELETE", "/clusters/\(uid)", query: [("delete_evs", "maybe")])
        #expect(bad.status == 400)
        #expect(bad.json["message"]?.stringValue?.contains("delete_evs") == true)
        var body = minimalCluster("protected")
        body["spec"]?["deletionProtection"] = true
        let created = await h.send("POST", "/clusters", body: body)
        let puid = try #require(created.json["metadata"]?["uid"]?.stringValue)
        let refused = await h.send("DELETE", "/clusters/\(puid)")
        #expect(refused.status == 403)
        #expect(await h.send("GET", "/clusters/\(puid)").status == 200)
    }

    @Test("unknown ids → 404 CCE.01404001; unknown routes → 404 APIGW.0101")
    func notFound() async throws {
        let h = try Harness()
        for path in ["/clusters/00000000-0000-1000-8000-000000000000", "/jobs/nope"] {
            let reply = await h.send("GET", path)
            #expect(reply.status == 404)
            #expect(reply.json["errorCode"] == "CCE.01404001")
            #expect(reply.response.header("X-Request-Id") != nil)
        }
        let route = await h.send("PATCH", "/clusters")
        #expect(route.status == 404)
        #expect(route.json["error_code"] == "APIGW.0101")
    }

    @Test("list: kind/apiVersion/items, filters status/type/version")
    func list() async throws {
        let h = try Harness { $0.createSeconds = 10 }
        _ = try await h.create("list-one")
        h.clock.advance(by: 10)
        var body = minimalCluster("list-two")
        body["spec"]?["version"] = "v1.29.3-r0"
        _ = await h.send("POST", "/clusters", body: body)
        let all = await h.send("GET", "/clusters")
        #expect(all.status == 200)
        #expect(all.json["kind"] == "Cluster")
        #expect(all.json["apiVersion"] == "v3")
        #expect(
            all.json["items"]?.arrayValue?.compactMap { $0["metadata"]?["name"]?.stringValue } == [
                "list-one", "list-two",
            ])
        func names(_ query: [(name: String, value: String)]) async -> [String] {
            await h.send("GET", "/clusters", query: query).json["items"]?.arrayValue?.compactMap {
                $0["metadata"]?["name"]?.stringValue
            } ?? []
        }
        #expect(await names([("status", "Available")]) == ["list-one"])
        #expect(await names([("status", "Creating")]) == ["list-two"])
        #expect(await names([("version", "v1.29")]) == ["list-two"])
        #expect(await names([("type", "VirtualMachine")]).count == 2)
        #expect(await names([("type", "ARM64")]).isEmpty)
        let detail = await h.send("GET", "/clusters", query: [("detail", "true")])
        #expect(detail.json["items"]?[0]?["metadata"]?["annotations"]?["totalNodesNumber"] == "0")
    }

    @Test("job failure rate 1 → job Failed with a reason, cluster Error")
    func jobFailure() async throws {
        let h = try Harness { $0.jobFailureRate = 1 }
        let (uid, jobID) = try await h.create("doomed")
        h.clock.advance(by: 10)
        let job = await h.send("GET", "/jobs/\(jobID)")
        #expect(job.json["status"]?["phase"] == "Failed")
        let reason = try #require(job.json["status"]?["reason"]?.stringValue)
        #expect(!reason.isEmpty)
        let cluster = await h.send("GET", "/clusters/\(uid)")
        #expect(cluster.json["status"]?["phase"] == "Error")
        #expect(cluster.json["status"]?["reason"]?.stringValue == reason)
    }

    @Test("other projects are refused when a project is configured")
    func projectScope() async throws {
        let h = try Harness { $0.projectID = "someone-else" }
        let reply = await h.send("GET", "/clusters")
        #expect(reply.status == 403)
    }

    @Test("versions document at /")
    func versions() async throws {
        let h = try Harness()
        let response = await h.router.handle(TransportRequest(method: "GET", baseURL: "http://127.0.0.1:1", path: "/"))
        #expect(response.status == 200)
        #expect(try JSONValue.parse(response.body)["versions"]?[0]?["id"] == "v3")
    }
}

@Test("endpoint style huawei: status.endpoints is a list of {url, type}")
func huaweiEndpoints() async throws {
    let h = try Harness {
        $0.endpointStyle = .huawei
        $0.createSeconds = 0
    }
    let (uid, _) = try await h.create("huawei-style")
    let endpoints = await h.send("GET", "/clusters/\(uid)").json["status"]?["endpoints"]
    #expect(endpoints?[0]?["type"] == "Internal")
    #expect(endpoints?[0]?["url"]?.stringValue?.hasPrefix("https://192.168.") == true)
}

@Test("FastJSON writes exactly what JSONValue.serialized writes")
func fastJSONMatches() throws {
    let tricky: JSONValue = [
        "q\"uote": "a\"b\\c\nd\re\tf\u{08}g\u{0C}h\u{01}i\u{1F}", "ünï": "日本語 🚀", "n": 42, "neg": -7, "d": 1.5,
        "big": 1e300,
        "list": [nil, true, false, [:], []], "nested": ["a": ["b": ["c": "d"]]],
    ]
    #expect(FastJSON.bytes(tricky) == tricky.serializedBytes())
    let reparsed = try JSONValue.parse(FastJSON.bytes(tricky))
    #expect(reparsed == tricky)
}

@Test("canonicalising: an exact key wins over a case-folded one, whichever comes first")
func exactKeyWins() {
    let schema = WireSchema.object([("apiVersion", .value), ("metadata", .object([("name", .value)]))])
    let folded: JSONValue = ["apiversion": "folded", "apiVersion": "exact", "METADATA": ["NAME": "n"], "extra": 1]
    #expect(schema.canonicalize(folded) == ["apiVersion": "exact", "metadata": ["name": "n"]])
    let onlyFolded: JSONValue = ["APIVERSION": "first", "apiversion": "second"]
    #expect(schema.canonicalize(onlyFolded) == ["apiVersion": "first"])
}
