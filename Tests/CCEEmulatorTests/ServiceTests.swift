import CCECore
import Foundation
import Testing

@testable import CCEEmulator

@Suite("Emulator auth")
struct AuthTests {
    static let ak = "AKEXAMPLE"
    static let sk = "SKEXAMPLE-secret"

    func harness() throws -> Harness {
        try Harness { $0.accessKeys = [Self.ak: Self.sk] }
    }

    @Test("no credentials, a wrong token → 401 APIGW.0301 gateway body; the right token passes")
    func token() async throws {
        let h = try harness()
        let none = await h.send("GET", "/clusters", headers: [("Content-Type", "application/json")])
        #expect(none.status == 401)
        #expect(none.json["error_code"] == "APIGW.0301")
        #expect(none.json["error_msg"]?.stringValue?.contains("x-auth-token not found") == true)
        #expect(none.json["request_id"]?.stringValue == none.response.header("X-Request-Id"))
        let wrong = await h.send("GET", "/clusters", headers: [("X-Auth-Token", "nope")])
        #expect(wrong.status == 401)
        #expect(wrong.json["error_code"] == "APIGW.0301")
        #expect(await h.send("GET", "/clusters").status == 200)
        #expect(await h.send("GET", "/clusters", headers: [("Authorization", "Bearer \(testToken)")]).status == 200)
        // Nothing on the failure path echoes the token.
        #expect(!String(decoding: wrong.response.body, as: UTF8.self).contains("nope"))
    }

    @Test("AK/SK: Access= and Credential= forms pass; a bad secret, a skewed date, a tampered body fail")
    func akSK() async throws {
        let h = try harness()
        let now = h.clock.now()
        func signed(
            _ form: AKSKSigner.Form, secret: String = AuthTests.sk, date: Date,
            body: JSONValue = minimalCluster("signed-one")
        )
            -> TransportRequest
        {
            var request = h.request("POST", "/clusters", body: body, headers: [("Content-Type", "application/json")])
            request.headers.append(("X-Project-Id", testProject))
            return AKSKSigner(accessKey: Self.ak, secretKey: secret, form: form).sign(request, date: date)
        }
        let access = await h.send(signed(.access, date: now))
        #expect(access.status == 201, "\(access.json)")
        let credential = await h.send(
            signed(.credential(region: "", service: ""), date: now, body: minimalCluster("signed-two")))
        #expect(credential.status == 201, "\(credential.json)")
        let withinSkew = await h.send(
            signed(.access, date: now.addingTimeInterval(-14 * 60), body: minimalCluster("signed-three")))
        #expect(withinSkew.status == 201, "\(withinSkew.json)")

        let badSecret = await h.send(signed(.access, secret: "wrong", date: now))
        #expect(badSecret.status == 401)
        #expect(badSecret.json["error_msg"]?.stringValue?.contains("verify aksk signature fail") == true)
        let skewed = await h.send(signed(.access, date: now.addingTimeInterval(16 * 60)))
        #expect(skewed.status == 401)
        var tampered = signed(.access, date: now, body: minimalCluster("signed-four"))
        tampered.body = minimalCluster("signed-five").serializedBytes()
        #expect(await h.send(tampered).status == 401)
        let list = await h.send("GET", "/clusters")
        #expect(list.json["items"]?.arrayValue?.count == 3)
    }

    @Test("with no credentials configured the HTTP door is open")
    func open() async throws {
        let h = try Harness { $0.token = nil }
        #expect(await h.send("GET", "/clusters", headers: []).status == 200)
    }
}

@Suite("Emulator state")
struct StateTests {
    @Test("clusters and jobs survive a restart on the same database file; jobs finish afterwards")
    func restart() async throws {
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        let clock = ManualClock()
        var ids: [(uid: String, job: String)] = []
        do {
            let h = try Harness(clock: clock) { $0.storage = .file(path) }
            ids.append(try await h.create("persist-one"))
            ids.append(try await h.create("persist-two"))
            clock.advance(by: 3)
            #expect(await h.send("GET", "/jobs/\(ids[0].job)").json["status"]?["phase"] == "Running")
        }
        clock.advance(by: 10)
        let h = try Harness(clock: clock) { $0.storage = .file(path) }
        let items = await h.send("GET", "/clusters").json["items"]?.arrayValue ?? []
        #expect(items.compactMap { $0["metadata"]?["uid"]?.stringValue } == ids.map(\.uid))
        #expect(items.allSatisfy { $0["status"]?["phase"] == "Available" })
        for id in ids {
            #expect(await h.send("GET", "/jobs/\(id.job)").json["status"]?["phase"] == "Success")
        }
        // The restarted emulator still enforces names.
        #expect(await h.send("POST", "/clusters", body: minimalCluster("persist-one")).status == 409)
    }

    @Test(
        "quota race: 20 parallel creates with quota 5 → exactly 5 created, 15 CCE.01400007, list shows 5",
        arguments: [false, true])
    func quotaRace(onFile: Bool) async throws {
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        let h = try Harness {
            $0.clusterQuota = 5
            if onFile { $0.storage = .file(path) }
        }
        let replies = await withTaskGroup(of: Harness.Reply.self) { group in
            for i in 0..<20 {
                group.addTask { await h.send("POST", "/clusters", body: minimalCluster("race-\(i)")) }
            }
            var all: [Harness.Reply] = []
            for await reply in group { all.append(reply) }
            return all
        }
        #expect(replies.filter { $0.status == 201 }.count == 5)
        #expect(replies.filter { $0.status == 400 && $0.errorCode == "CCE.01400007" }.count == 15)
        #expect(await h.send("GET", "/clusters").json["items"]?.arrayValue?.count == 5)
    }

    @Test("parallel creates of one name → exactly one 201, the rest 409")
    func nameRace() async throws {
        let h = try Harness { $0.clusterQuota = 50 }
        let statuses = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<10 {
                group.addTask { await h.send("POST", "/clusters", body: minimalCluster("same-name")).status }
            }
            var all: [Int] = []
            for await s in group { all.append(s) }
            return all
        }
        #expect(statuses.sorted() == [201] + Array(repeating: 409, count: 9))
    }

    @Test("configuration from the environment: CCE_EMULATOR_DB, XDG default, :memory:")
    func environment() {
        #expect(EmulatorConfiguration.fromEnvironment(["CCE_EMULATOR_DB": ":memory:"]).storage == .memory)
        #expect(
            EmulatorConfiguration.fromEnvironment(["CCE_EMULATOR_DB": "/tmp/x.sqlite"]).storage
                == .file("/tmp/x.sqlite"))
        #expect(
            EmulatorConfiguration.fromEnvironment(["XDG_DATA_HOME": "/data"]).storage
                == .file("/data/cce/emulator.sqlite"))
        #expect(
            EmulatorConfiguration.fromEnvironment(["HOME": "/home/u"]).storage
                == .file("/home/u/.local/share/cce/emulator.sqlite"))
        let tuned = EmulatorConfiguration.fromEnvironment([
            "CCE_EMULATOR_FAULT_RATE": "0.25", "CCE_EMULATOR_JOB_FAILURE_RATE": "0.5", "CCE_EMULATOR_SEED": "9",
            "CCE_EMULATOR_ENDPOINT_STYLE": "huawei", "CCE_EMULATOR_QUOTA": "7", "CCE_EMULATOR_CREATE_SECONDS": "1.5",
        ])
        #expect(
            tuned.faultRate == 0.25 && tuned.jobFailureRate == 0.5 && tuned.seed == 9 && tuned.endpointStyle == .huawei)
        #expect(tuned.clusterQuota == 7 && tuned.createSeconds == 1.5)
        #expect(EmulatorConfiguration.fromEnvironment(["CCE_EMULATOR_FAULT_RATE": "7"]).faultRate == 0)
        let c = EmulatorConfiguration(token: "secret-token", accessKeys: ["AK": "secret-sk"])
        #expect(!c.description.contains("secret"))
        #expect(EmulatorConfiguration(faultRate: 2).problems().count == 1)
        #expect(throws: EmulatorConfigurationError.self) {
            try Emulator(configuration: EmulatorConfiguration(clusterQuota: -1))
        }
    }
}

@Suite("Emulator faults and the in-process door")
struct FaultTests {
    /// The outcomes of `count` GETs, as comparable strings.
    func outcomes(seed: UInt64, count: Int) async throws -> [String] {
        let emulator = try Emulator(configuration: EmulatorConfiguration(faultRate: 0.5, seed: seed))
        var out: [String] = []
        for _ in 0..<count {
            let request = TransportRequest(method: "GET", baseURL: "http://x", path: "/api/v3/projects/p/clusters")
            switch await emulator.serve(request, trusted: true, timeout: .milliseconds(1)) {
            case .respond(let r): out.append(String(r.status))
            case .drop: out.append("drop")
            case .timedOut: out.append("timeout")
            }
        }
        return out
    }

    @Test("faults are seeded: the same seed gives the same faults, and roughly the rate asked for")
    func reproducible() async throws {
        let a = try await outcomes(seed: 7, count: 60)
        let b = try await outcomes(seed: 7, count: 60)
        let c = try await outcomes(seed: 8, count: 60)
        #expect(a == b)
        #expect(a != c)
        let faulted = a.filter { $0 != "200" }.count
        #expect((15...45).contains(faulted), "\(faulted) of 60")
        #expect(Set(a).isSuperset(of: ["200", "429", "500", "503", "drop"]))
    }

    @Test("a dropped POST can have created the cluster (the ambiguous case)")
    func dropAfterCreate() async throws {
        let emulator = try Emulator(configuration: EmulatorConfiguration(clusterQuota: 100, faultRate: 1, seed: 3))
        var dropped: [String] = []
        for i in 0..<30 {
            let request = TransportRequest(
                method: "POST", baseURL: "http://x", path: "/api/v3/projects/p/clusters",
                headers: [("Content-Type", "application/json")], body: minimalCluster("amb-\(i)").serializedBytes())
            if case .drop = await emulator.serve(request, trusted: true, timeout: .seconds(5)) {
                dropped.append("amb-\(i)")
            }
        }
        let list = await emulator.router.handle(
            TransportRequest(method: "GET", baseURL: "http://x", path: "/api/v3/projects/p/clusters"), trusted: true)
        let names = Set(
            (try JSONValue.parse(list.body))["items"]?.arrayValue?.compactMap { $0["metadata"]?["name"]?.stringValue }
                ?? [])
        #expect(!dropped.isEmpty)
        #expect(dropped.contains { names.contains($0) }, "some dropped POSTs created their cluster")
        #expect(dropped.contains { !names.contains($0) }, "some dropped before acting")
    }

    @Test("EmulatorTransport through CCEClient: create, job, get, list, delete, 404 — no auth needed")
    func inProcessClient() async throws {
        let emulator = try Emulator(
            configuration: EmulatorConfiguration(token: "unused", createSeconds: 0, deleteSeconds: 0))
        let client = CCEClient(
            baseURL: "http://emulator.invalid", projectID: testProject, region: "eu-de", auth: .none,
            transport: EmulatorTransport(emulator: emulator))
        let created = try await client.createCluster(body: minimalCluster("via-client"))
        let uid = try #require(created["metadata"]?["uid"]?.stringValue)
        let jobID = try #require(created["status"]?["jobID"]?.stringValue)
        #expect(try await client.showJob(id: jobID)["status"]?["phase"] == "Success")
        #expect(try await client.getCluster(id: uid)["status"]?["phase"] == "Available")
        #expect(try await client.listClusters(query: []).count == 1)
        let deleted = try await client.deleteCluster(id: uid, query: [])
        #expect(deleted["status"]?["deleteOption"] != nil)
        await #expect(throws: CCEClientError.self) { try await client.getCluster(id: uid) }
        do {
            _ = try await client.getCluster(id: uid)
        } catch let error as CCEClientError {
            #expect(error.isNotFound)
            #expect(error.code == "CCE.01404001")
            #expect(error.requestID?.count == 32)
        }
    }

    @Test(
        """
        in-process soak: 200 creates through CCEClient with fault rate 0.2 → exactly 200 clusters, no duplicates, \
        all jobs Success
        """
    )
    func inProcessSoak() async throws {
        let emulator = try Emulator(
            configuration: EmulatorConfiguration(createSeconds: 0, clusterQuota: 1000, faultRate: 0.2, seed: 42))
        let environment = ClientEnvironment(
            now: ClientEnvironment.live.now, sleep: { _ in try Task.checkCancellation() }, random: { 0.5 },
            date: { Date() })
        let client = CCEClient(
            configuration: CCEClient.Configuration(
                baseURL: "http://emulator.invalid", projectID: testProject, region: "eu-de", auth: .none,
                retry: RetryPolicy(maxAttempts: 12, baseDelay: .milliseconds(1)), requestTimeout: .seconds(10)),
            transport: EmulatorTransport(emulator: emulator), environment: environment)
        try await createManyAndExpectEachOnce(client, count: 200, prefix: "soak-")
    }
}
