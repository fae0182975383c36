import CCECore
import Foundation
import Synchronization
import Testing

@testable import CCEScript

/// A scripted service: clusters are created at once; a job succeeds after `jobPolls`
/// polls, or fails when the cluster's name is in `failing`. It counts how many job polls
/// are in flight at once (each poll takes `pollDelay`), to observe overlap and limits.
final class ScriptedService: ClusterService, Sendable {
    struct State {
        var clusters: [(uid: String, body: JSONValue)] = []
        var jobs: [String: (type: String, uid: String, name: String, polls: Int)] = [:]
        var counter = 0
        var inFlight = 0
        var maxInFlight = 0
        var creates = 0
    }

    let state = Mutex(State())
    let failing: Set<String>
    let jobPolls: Int
    let pollDelay: Duration

    init(failing: Set<String> = [], jobPolls: Int = 1, pollDelay: Duration = .zero) {
        self.failing = failing
        self.jobPolls = jobPolls
        self.pollDelay = pollDelay
    }

    var maxInFlight: Int { state.withLock { $0.maxInFlight } }
    var creates: Int { state.withLock { $0.creates } }

    func createCluster(body: JSONValue) async throws -> JSONValue {
        state.withLock { st in
            st.counter += 1
            st.creates += 1
            let uid = "uid-\(st.counter)"
            let job = "job-\(st.counter)"
            let name = body["metadata"]?["name"]?.stringValue ?? ""
            var stored = body
            stored["metadata"]?["uid"] = .string(uid)
            stored["status"] = ["phase": "Creating", "jobID": .string(job)]
            st.clusters.append((uid, stored))
            st.jobs[job] = ("CreateCluster", uid, name, 0)
            return stored
        }
    }

    func showJob(id: String) async throws -> JSONValue {
        state.withLock { st in
            st.inFlight += 1
            st.maxInFlight = max(st.maxInFlight, st.inFlight)
        }
        defer { state.withLock { $0.inFlight -= 1 } }
        if pollDelay > .zero { try await Task.sleep(for: pollDelay) }
        return try state.withLock { st in
            guard var job = st.jobs[id] else {
                throw CCEClientError.service(status: 404, code: "CCE.01404001", message: "no job \(id)")
            }
            job.polls += 1
            st.jobs[id] = job
            var phase = "Running"
            if job.polls >= jobPolls {
                phase = failing.contains(job.name) ? "Failed" : "Success"
                if let k = st.clusters.firstIndex(where: { $0.uid == job.uid }) {
                    if job.type == "DeleteCluster" {
                        if phase == "Success" { st.clusters.remove(at: k) }
                    } else {
                        st.clusters[k].body["status"] = ["phase": .string(phase == "Success" ? "Available" : "Error")]
                    }
                }
            }
            return [
                "kind": "Job",
                "spec": [
                    "type": .string(job.type), "clusterUID": .string(job.uid), "resourceName": .string(job.name),
                    "subJobs": [
                        [
                            "spec": ["type": "InstallMaster"],
                            "status": ["phase": .string(phase == "Success" ? "Success" : "Running")],
                        ]
                    ],
                ],
                "status": [
                    "phase": .string(phase), "reason": .string(phase == "Failed" ? "master installation failed" : ""),
                ],
            ]
        }
    }

    func getCluster(id: String) async throws -> JSONValue {
        try state.withLock { st in
            guard let c = st.clusters.first(where: { $0.uid == id }) else {
                throw CCEClientError.service(status: 404, code: "CCE.01404001", message: "cluster \(id) not found")
            }
            return c.body
        }
    }

    func listClusters(query: [(name: String, value: String)]) async throws -> [JSONValue] {
        state.withLock { $0.clusters.map(\.body) }
    }

    func deleteCluster(id: String, query: [(name: String, value: String)]) async throws -> JSONValue {
        try state.withLock { st in
            guard let k = st.clusters.firstIndex(where: { $0.uid == id }) else {
                throw CCEClientError.service(status: 404, code: "CCE.01404001", message: "cluster \(id) not found")
            }
            st.counter += 1
            let job = "job-\(st.counter)"
            st.jobs[job] = ("DeleteCluster", id, st.clusters[k].body["metadata"]?["name"]?.stringValue ?? "", 0)
            var body = st.clusters[k].body
            body["status"] = ["phase": "Deleting", "jobID": .string(job)]
            return body
        }
    }
}

/// The base cluster of these tests: valid, and short to write.
let validClusterSource = """
    let base = cluster("valid-name").type("VirtualMachine").flavor("cce.s1.small")
      .vpc("23d3725f-6ffe-400e-8fb6-b4f9a7b3e8c1").subnet("c90b3ce5-e1f1-4c87-a006-644d78846438")
      .containerNetwork({mode: "overlay_l2"})

    """

private func run(_ source: String, service: (any ClusterService)? = nil) async -> ClusterTestKit.Run {
    await ClusterTestKit.run(source, service: service)
}

private func printed(_ source: String, service: (any ClusterService)? = nil) async -> String {
    let r = await run(source, service: service)
    if let f = r.failure { return "FAILED: " + f.render(color: false) }
    return r.output
}

@Suite struct ClusterBuilderTests {
    @Test func clusterByNameIsAnEmptyRequestBody() async {
        #expect(
            await printed("print(cluster(\"demo\"))")
                == "{kind: \"Cluster\", apiVersion: \"v3\", metadata: {name: \"demo\"}, spec: {}}\n")
        #expect(await printed("print(type(cluster(\"demo\")), cluster(\"demo\").name)") == "cluster demo\n")
    }

    @Test func shortcutsWriteExactlyWhatTheTableSays() async {
        let out = await printed(
            """
            let c = cluster("x").vpc("v").subnet("s").securityGroup("g")
            print(c.spec.hostNetwork)
            print(c.containerCidr("10.0.0.0/16").containerCidr("10.1.0.0/16").spec.containerNetwork)
            print(c.multiAZ().spec)
            print(cluster("x").masterAZs(["eu-de-01", "eu-de-02"]).spec)
            print(cluster("x").fixPoolMask(25).spec.extendParam)
            print(cluster("x").fixPoolMask("26").spec.extendParam)
            print(cluster("x").cpuManagerPolicy("static").clusterExternalIP("1.2.3.4").spec.extendParam)
            print(cluster("x").addon("icagent").addon("coredns").metadata.annotations)
            """)
        #expect(
            out == """
                {vpc: "v", subnet: "s", SecurityGroup: "g"}
                {cidrs: [{cidr: "10.0.0.0/16"}, {cidr: "10.1.0.0/16"}]}
                {hostNetwork: {vpc: "v", subnet: "s", SecurityGroup: "g"}, extendParam: {clusterAZ: "multi_az"}}
                {masters: [{availabilityZone: "eu-de-01"}, {availabilityZone: "eu-de-02"}]}
                {"alpha.cce/fixPoolMask": "25"}
                {"alpha.cce/fixPoolMask": "26"}
                {"kubernetes.io/cpuManagerPolicy": "static", clusterExternalIP: "1.2.3.4"}
                {"cluster.install.addons.external/install": \
                "[{\\"addonTemplateName\\":\\"icagent\\"},{\\"addonTemplateName\\":\\"coredns\\"}]"}

                """)
    }

    @Test func everySpecFieldBuilderSetsItsWireName() async {
        let out = await printed(
            """
            let c = cluster("x").category("CCE").type("VirtualMachine").flavor("cce.s1.small").version("v1.29")
              .description("d").customSan(["a.example"]).ipv6enable(false).hostNetwork({vpc: "v"})
              .containerNetwork({mode: "overlay_l2"}).eniNetwork({eniSubnetId: "e"}).publicAccess({cidrs: []})
              .authentication({mode: "rbac"}).masters([]).kubernetesSvcIpRange("10.247.0.0/16").kubeProxyMode("ipvs")
              .extendParam({clusterAZ: "multi_az"}).enableMasterVolumeEncryption(true)
            print(keys(c.spec).join(","))
            """)
        #expect(
            out
                == "category,type,flavor,version,description,customSan,ipv6enable,hostNetwork,containerNetwork,"
                + "eniNetwork,publicAccess,authentication,masters,kubernetesSvcIpRange,kubeProxyMode,extendParam,"
                + "enableMasterVolumeEncryption\n"
        )
    }

    @Test func buildersReplaceAndValuesStayImmutable() async {
        let out = await printed(
            """
            let a = cluster("x").flavor("cce.s1.small").labels({a: "1"})
            let b = a.flavor("cce.s2.small").labels({b: "2"}).name("y")
            print(a.spec.flavor, a.metadata.labels, a.name)
            print(b.spec.flavor, b.metadata.labels, b.name)
            """)
        #expect(out == "cce.s1.small {a: \"1\"} x\ncce.s2.small {b: \"2\"} y\n")
    }

    @Test func withMergesMapsDeeplyAndReplacesLists() async {
        let out = await printed(
            """
            let c = cluster("x").hostNetwork({vpc: "v", subnet: "s"}).customSan(["a", "b"])
              .with({spec: {hostNetwork: {subnet: "t", SecurityGroup: "g"}, customSan: ["c"]}, extra: 1})
            print(c)
            """)
        #expect(
            out
                == "{kind: \"Cluster\", apiVersion: \"v3\", metadata: {name: \"x\"}, spec: {hostNetwork: {vpc: \"v\", "
                + "subnet: \"t\", SecurityGroup: \"g\"}, customSan: [\"c\"]}, extra: 1}\n"
        )
    }

    @Test func equalityIsDeepAndIgnoresKeyOrder() async {
        let out = await printed(
            """
            let a = cluster("x").vpc("v").subnet("s")
            let b = cluster("x").subnet("s").vpc("v")
            print(a == b, a == b.vpc("w"), a == cluster(parse_json(json(a))))
            """)
        #expect(out == "true false true\n")
    }

    @Test func unknownBuilderSuggestsTheNearestOne() async {
        let r = await run("cluster(\"x\").vcp(\"v\")")
        let text = r.stderr
        #expect(text.contains("has no method 'vcp'"), "\(text)")
        #expect(text.contains("'vpc'"), "\(text)")
    }

    @Test func builderArgumentsAreTypeChecked() async {
        let wrong = await run("cluster(\"x\").flavor(1)")
        #expect(wrong.stderr.contains("flavor(): the argument must be a string, not int"), "\(wrong.stderr)")
        let arity = await run("cluster(\"x\").multiAZ(true)")
        #expect(arity.stderr.contains("multiAZ() takes 0 arguments"), "\(arity.stderr)")
        let azs = await run("cluster(\"x\").masterAZs([\"a\", 1])")
        #expect(azs.stderr.contains("a list of strings"), "\(azs.stderr)")
        let duration = await run("cluster(\"x\").with({spec: {timeout: 30s}})")
        #expect(
            duration.stderr.contains("spec.timeout in the argument of .with() cannot be a duration"),
            "\(duration.stderr)")
        let notAMap = await run("cluster(\"x\").with({spec: 1}).vpc(\"v\")")
        #expect(notAMap.stderr.contains("spec is a number, not a map"), "\(notAMap.stderr)")
        let badAddon = await run(
            "cluster(\"x\").annotations({\"cluster.install.addons.external/install\": \"nope\"}).addon(\"a\")")
        #expect(badAddon.stderr.contains("is not valid JSON"), "\(badAddon.stderr)")
    }

    @Test func clusterTakesANameABodyOrACluster() async {
        #expect(await printed("print(cluster({kind: \"Cluster\", spec: {flavor: \"f\"}}).spec.flavor)") == "f\n")
        #expect(await printed("let c = cluster(\"a\"); print(cluster(c) == c)") == "true\n")
        let r = await run("cluster(42)")
        #expect(r.stderr.contains("must be a string or a map, not int"), "\(r.stderr)")
        let f = await run("cluster({metadata: {name: fn() => 1}})")
        #expect(f.stderr.contains("metadata.name in the request body cannot be a function"), "\(f.stderr)")
    }

    @Test func fieldAccessReadsTheBody() async {
        let out = await printed(
            validClusterSource + """
                print(base.name, base.metadata.name, base.spec.hostNetwork.vpc, base?.status, \
                base?.status?.phase ?? "none")
                """)
        #expect(out == "valid-name valid-name 23d3725f-6ffe-400e-8fb6-b4f9a7b3e8c1 null none\n")
    }
}

@Suite struct ClusterValidationTests {
    @Test func validateReturnsDiagnosticValues() async {
        let out = await printed(
            validClusterSource + """
                let ds = validate(base.name("Bad_Name").labels({a: "b"}))
                for d in ds { print(type(d), d.severity, d.path, len(d.code) > 0, len(d.message) > 0) }
                """)
        #expect(out == "diagnostic error metadata.name true true\ndiagnostic warning metadata.labels true true\n")
    }

    @Test func checkReturnsTheClusterOrRaisesWithDiagnostics() async {
        let out = await printed(
            validClusterSource + """
                print(check(base) == base)
                try { check(base.name("x")) } catch e { print(e.kind, len(e.diagnostics), e.diagnostics[0].path) }
                """)
        #expect(out == "true\nvalidation 1 metadata.name\n")
    }

    @Test func uncaughtValidationErrorListsEachDiagnostic() async {
        let r = await run(validClusterSource + "check(base.name(\"x\").flavor(\"nope\"))")
        #expect(r.stderr.contains("error metadata.name:"), "\(r.stderr)")
        #expect(r.stderr.contains("error spec.flavor:"), "\(r.stderr)")
        #expect(
            r.stderr.hasPrefix("test.cce:4:1: error: check(): cluster \"x\" is not valid (2 errors)"), "\(r.stderr)")
    }

    @Test func createNeverSendsAnInvalidBody() async {
        let service = ScriptedService()
        let out = await printed(
            validClusterSource + """
                try { create(base.name("Not-Valid")) } catch e { print(e.kind, e.code, e.message) }
                try { ensure(base.name("Not-Valid")) } catch e { print(e.kind) }
                """, service: service)
        #expect(
            out
                == "validation validation create(): cluster \"Not-Valid\" is not valid (1 error; "
                + "nothing was sent)\nvalidation\n"
        )
        #expect(service.creates == 0)
    }
}

@Suite struct ClusterServiceBuiltinTests {
    @Test func serviceBuiltinsNeedTheServiceCapability() async {
        for call in [
            "create(base)", "wait([])", "ensure(base)", "clusters()", "get(\"x\")", "delete(\"x\")", "job(\"j\")",
        ] {
            let r = await run(validClusterSource + call)
            #expect(r.stderr.contains("needs the 'service' capability"), "\(call): \(r.stderr)")
        }
    }

    @Test func createReturnsAJobAndWaitTheCluster() async throws {
        let out = await printed(
            validClusterSource + """
                let j = create(base)
                print(type(j), j.cluster, j.type, len(j.id) > 0)
                print(j == j)
                let c = wait(j)
                print(c.status.phase, get(c.metadata.uid) == get(c.name))
                print(job(j.id).cluster, job(j.id).status().phase)
                """, service: try ClusterTestKit.service())
        #expect(out == "job valid-name CreateCluster true\ntrue\nAvailable true\nvalid-name Success\n")
    }

    @Test func jobHandlesForUnknownIdsFailLikeTheService() async throws {
        let out = await printed(
            """
            try { job("no-such-job") } catch e { print(e.kind, e.status) }
            try { job("") } catch e { print(e.message) }
            """, service: try ClusterTestKit.service())
        #expect(out == "service 404\njob(): the id is empty\n")
    }

    /// The waits' I/O on the timing executor: on the global pool, which the parallel suite
    /// fills, three polls of a few milliseconds can start too far apart to overlap.
    @Test func waitOnAListReportsEveryJob() async {
        let service = ScriptedService(jobPolls: 2, pollDelay: .milliseconds(20))
        let r = await ClusterTestKit.run(
            validClusterSource + """
                wait(map(["w-aaa", "w-bbb", "w-ccc"], fn(n) => create(base.name(n))))
                """, service: service, ioExecutor: TimingExecutor.shared)
        #expect(r.failure == nil, "\(r.stderr)")
        let finished = r.progress.filter(\.finished)
        #expect(Set(finished.map(\.clusterName)) == ["w-aaa", "w-bbb", "w-ccc"])
        #expect(finished.allSatisfy { $0.phase == "Success" })
        #expect(service.maxInFlight >= 2, "the three waits did not overlap")
    }

    @Test func jobPrintsInAngleBrackets() async throws {
        let out = await printed(
            validClusterSource
                + "let j = create(base); print(str(j).starts_with(\"<job \"), "
                + "str(j).contains(\"(cluster valid-name)>\"))",
            service: try ClusterTestKit.service())
        #expect(out == "true true\n")
    }

    @Test func serviceErrorsAreCatchableWithStatusAndCode() async throws {
        let out = await printed(
            validClusterSource + """
                wait(create(base))
                try { create(base.name("second")) } catch e { print(e.kind, e.status, e.code) }
                try { create(base) } catch e { print(e.kind, e.status) }
                try { delete("no-such-cluster") } catch e { print(e.status) }
                print(get("no-such-cluster"))
                """, service: try ClusterTestKit.service(quota: 1))
        // Over quota: 400 CCE.01400007; the same name again: 409.
        #expect(out == "service 400 CCE.01400007\nservice 409\n404\nnull\n")
    }

    @Test func deleteTakesANameAnIdOrACluster() async throws {
        let out = await printed(
            validClusterSource + """
                let a = wait(create(base.name("aaaa")))
                let b = wait(create(base.name("bbbb")))
                let c = wait(create(base.name("cccc")))
                print(wait(delete("aaaa")), wait(delete(b.metadata.uid)), wait(delete(c)))
                print(clusters())
                """, service: try ClusterTestKit.service())
        #expect(out == "null null null\n[]\n")
    }

    @Test func waitOnAListRaisesOnlyAfterEveryJobEndedListingEachFailure() async {
        let service = ScriptedService(failing: ["bad-one", "bad-two"], jobPolls: 2)
        let out = await printed(
            validClusterSource + """
                let jobs = map(["good-one", "bad-one", "good-two", "bad-two"], fn(n) => create(base.name(n)))
                try { wait(jobs) } catch e { print(e.message) }
                print(map(clusters(), fn(c) => "${c.name}=${c.status.phase}").join(" "))
                """, service: service)
        #expect(
            out == """
                2 of 4 jobs failed: [1] job job-2 (cluster bad-one) failed: master installation failed; \
                [3] job job-4 (cluster bad-two) failed: master installation failed
                good-one=Available bad-one=Error good-two=Available bad-two=Error

                """)
    }

    @Test func waitTimesOutWithACatchableError() async throws {
        let out = await printed(
            validClusterSource + """
                let j = create(base)
                try { wait(j, timeout: 100ms) } catch e { print(e.kind, e.code, \
                e.message.contains("timed out after 100ms")) }
                """, service: try ClusterTestKit.service(create: 30))
        #expect(out == "timeout timeout true\n")
    }

    @Test func waitRejectsBadArguments() async {
        let r1 = await run("wait(1)", service: ScriptedService())
        #expect(r1.stderr.contains("must be a job or a list of jobs, not int"), "\(r1.stderr)")
        let r2 = await run("wait([1])", service: ScriptedService())
        #expect(r2.stderr.contains("element 0 of the list is a int"), "\(r2.stderr)")
        let r3 = await run(validClusterSource + "wait(create(base), timeout: 5)", service: ScriptedService())
        #expect(r3.stderr.contains("timeout must be a duration"), "\(r3.stderr)")
        let r4 = await run(validClusterSource + "wait(create(base), timeout: 0s)", service: ScriptedService())
        #expect(r4.stderr.contains("longer than 0"), "\(r4.stderr)")
    }

    @Test func waitReportsProgressOncePerChangeAndOnceFinished() async {
        let service = ScriptedService(jobPolls: 3)
        let r = await ClusterTestKit.run(validClusterSource + "wait(create(base))", service: service)
        #expect(r.failure == nil, "\(r.stderr)")
        let phases = r.progress.map { "\($0.phase)/\($0.subJob ?? "-")/\($0.finished)" }
        #expect(phases == ["Running/InstallMaster/false", "Success/-/false", "Success/-/true"])
        #expect(Set(r.progress.map(\.clusterName)) == ["valid-name"])
        #expect(Set(r.progress.map(\.jobID)) == ["job-1"])
    }

    @Test func ensureWaitsForAClusterStillCreatingInsteadOfCreatingAnother() async {
        let service = ScriptedService(jobPolls: 3)
        let out = await printed(
            validClusterSource + """
                let j = create(base)
                let c = ensure(base)
                print(c.status.phase, len(clusters()))
                """, service: service)
        #expect(out == "Available 1\n")
        #expect(service.creates == 1)
    }

    /// A service whose cluster bodies name no job, and which reports every cluster as
    /// `Creating` for its first `creatingReads` reads: `ensure` must watch the cluster itself.
    final class JoblessService: ClusterService, Sendable {
        let inner: any ClusterService
        let reads = Mutex(0)
        let creatingReads: Int
        init(inner: any ClusterService, creatingReads: Int) {
            self.inner = inner
            self.creatingReads = creatingReads
        }
        func strip(_ c: JSONValue) -> JSONValue {
            var c = c
            c["status"]?["jobID"] = nil
            let n = reads.withLock {
                $0 += 1
                return $0
            }
            if n <= creatingReads { c["status"]?["phase"] = "Creating" }
            return c
        }
        func createCluster(body: JSONValue) async throws -> JSONValue { try await inner.createCluster(body: body) }
        func showJob(id: String) async throws -> JSONValue { try await inner.showJob(id: id) }
        func getCluster(id: String) async throws -> JSONValue { strip(try await inner.getCluster(id: id)) }
        func listClusters(query: [(name: String, value: String)]) async throws -> [JSONValue] {
            try await inner.listClusters(query: query).map(strip)
        }
        func deleteCluster(id: String, query: [(name: String, value: String)]) async throws -> JSONValue {
            try await inner.deleteCluster(id: id, query: query)
        }
    }

    @Test func ensureWatchesACreatingClusterThatNamesNoJob() async throws {
        // Reads: list + get for each get(), list + get inside ensure (still Creating), one
        // poll of the cluster (Available now), and the list of clusters().
        let service = JoblessService(inner: try ClusterTestKit.service(), creatingReads: 6)
        let out = await printed(
            validClusterSource + """
                create(base)
                print(get("valid-name").status.phase, get("valid-name")?.status?.jobID)
                let c = ensure(base)
                print(c.status.phase, len(clusters()))
                """, service: service)
        #expect(out == "Creating null\nAvailable 1\n")
        #expect(service.reads.withLock { $0 } == 8, "ensure did not poll the cluster")
    }

    @Test func ensureRefusesAClusterInError() async {
        let service = ScriptedService(failing: ["valid-name"])
        let out = await printed(
            validClusterSource + """
                try { wait(create(base)) } catch e { print("failed") }
                try { ensure(base) } catch e { print(e.message) }
                """, service: service)
        #expect(out == "failed\ncluster valid-name exists but is Error\n")
    }

    @Test func parallelOverlapsWaitsWithinItsLimitAndKeepsOrder() async {
        let service = ScriptedService(jobPolls: 2, pollDelay: .milliseconds(20))
        let out = await printed(
            validClusterSource + """
                let names = map(1..6, fn(i) => "para-${i}")
                let got = parallel(names, fn(n) => ensure(base.name(n)).name, limit: 3)
                print(got.join(" "))
                """, service: service)
        #expect(out == "para-1 para-2 para-3 para-4 para-5 para-6\n")
        #expect(service.maxInFlight >= 2, "waits did not overlap")
        #expect(service.maxInFlight <= 3, "more than `limit` in flight")
    }

    @Test func parallelWithoutServiceCallsIsJustAnOrderedMap() async {
        let out = await printed(
            """
            var calls = 0
            let r = parallel(1..5, fn(x) { calls += 1; return x * x })
            print(r, calls)
            print(parallel([], fn(x) => x))
            """)
        #expect(out == "[1, 4, 9, 16, 25] 5\n[]\n")
    }

    @Test func parallelRaisesAfterAllItemsRan() async {
        let service = ScriptedService()
        let one = await printed(
            """
            try { parallel([1, 0, 2], fn(x) => 10 / x) } catch e { print(e.message) }
            """, service: service)
        #expect(one.hasPrefix("division by zero") || one.contains("zero"), "\(one)")
        let many = await printed(
            validClusterSource + """
                try { parallel(["ok-1", "X", "ok-2", "Y"], fn(n) => ensure(base.name(n))) } catch e { print(e.message) }
                print(len(clusters()))
                """, service: service)
        #expect(many.hasPrefix("parallel(): 2 of 4 calls failed: [1] ensure(): cluster \"X\" is not valid"), "\(many)")
        #expect(many.hasSuffix("\n2\n"), "\(many)")
        let bad = await run("parallel([1], fn(x) => x, limit: 0)")
        #expect(bad.stderr.contains("limit must be 1 or more"), "\(bad.stderr)")
    }

    @Test func nestedParallelWorks() async {
        let service = ScriptedService(pollDelay: .milliseconds(5))
        let out = await printed(
            validClusterSource + """
                let r = parallel([1, 2], fn(i) => parallel([1, 2], fn(k) => ensure(base.name("n-${i}-${k}")).name, \
                limit: 2), limit: 2)
                print(r)
                """, service: service)
        #expect(out == "[[\"n-1-1\", \"n-1-2\"], [\"n-2-1\", \"n-2-2\"]]\n")
    }

    @Test func errorsInsideParallelKeepTheirPosition() async {
        let r = await run(
            """
            fn boom(x) {
              return 10 / (x - 2)
            }
            parallel([1, 2], boom)
            """, service: ScriptedService())
        #expect(r.stderr.hasPrefix("test.cce:2:10: error:"), "\(r.stderr)")
    }

    @Test func dryRunServiceRecordsAndAnswersHonestly() async {
        let service = DryRunClusterService()
        let out = await printed(
            validClusterSource + """
                let c = wait(create(base))
                print(c.status.phase, c.status.message, c.metadata.uid, c.spec.kubernetesSvcIpRange)
                print(map(clusters(), fn(x) => x.name))
                wait(delete(c))
                print(clusters(), get("valid-name"))
                try { create(base.name("X")) } catch e { print(e.kind) }
                """, service: service)
        #expect(
            out == """
                Available dry run: nothing was sent to a service dry-run-1 10.247.0.0/16
                ["valid-name"]
                [] null
                validation

                """)
        let recorded = await service.recordedCreates
        #expect(recorded.count == 1)
        #expect(recorded.first?["metadata"]?["name"] == "valid-name")
    }
}
