import CCECore
import Foundation
import Testing

@testable import CCEScript

/// `ioExecutor`: the timing executor where a test reads the phases that waits report (on the
/// global pool, which the parallel suite fills, a poll can come too late to see a short one).
private func run(
    _ source: String, service: (any ClusterService)?, ioExecutor: (any TaskExecutor)? = nil
) async -> ClusterTestKit.Run {
    await ClusterTestKit.run(validClusterSource + source, service: service, ioExecutor: ioExecutor)
}

private func printed(_ source: String, service: (any ClusterService)?) async -> String {
    let r = await run(source, service: service)
    if let f = r.failure { return r.output + "FAILED: " + f.render(color: false) }
    return r.output
}

/// update, hibernate/awake/resize, delete options, diff and drift-aware ensure, against the
/// in-process emulator.
@Suite struct Day2BuiltinTests {
    @Test func diffIsNullEmptyOrTheDifferingFields() async throws {
        let out = await printed(
            """
            print(diff(base))
            ensure(base)
            print(diff(base))
            print(diff(base.description("words").flavor("cce.s1.medium").fixPoolMask(25)))
            """, service: try ClusterTestKit.service())
        #expect(
            out == """
                null
                []
                [{path: "spec.description", want: "words", have: null}, \
                {path: "spec.extendParam[\\"alpha.cce/fixPoolMask\\"]", want: "25", have: null}, \
                {path: "spec.flavor", want: "cce.s1.medium", have: "cce.s1.small"}]

                """)
    }

    @Test func aChangedBatchIsReportedAndUpdateTrueConverges() async throws {
        let service = try ClusterTestKit.service()
        let batch = """
            let names = ["batch-one", "batch-two"]
            let done = parallel(names, fn(n) => ensure(base.name(n).description(DESCRIPTION)), limit: 2)
            print(map(done, fn(c) => c.spec.description))
            """
        #expect(
            await printed(batch.replacingOccurrences(of: "DESCRIPTION", with: "\"first\""), service: service)
                == "[\"first\", \"first\"]\n")
        // The re-run of a changed script reports the change instead of adopting the clusters.
        let changed = await run(batch.replacingOccurrences(of: "DESCRIPTION", with: "\"second\""), service: service)
        let failure = try #require(changed.failure)
        #expect(failure.message.contains("exists but differs: spec.description first → second"), "\(failure.message)")
        #expect(
            failure.kind == .runtime && failure.code == "parallel" || failure.code == "drift",
            "\(String(describing: failure.code))")
        // Caught: the diagnostics name each field; update: true applies it; then nothing differs.
        let converged = await printed(
            """
            try { ensure(base.name("batch-one").description("second")) } catch e {
              print(e.code, map(e.diagnostics, fn(d) => d.path), e.diagnostics[0].message)
            }
            let done = parallel(["batch-one", "batch-two"],
              fn(n) => ensure(base.name(n).description("second"), update: true))
            print(map(done, fn(c) => c.spec.description))
            print(map(["batch-one", "batch-two"], fn(n) => diff(base.name(n).description("second"))))
            print(ensure(base.name("batch-one").description("second")).spec.description)
            """, service: service)
        #expect(
            converged == """
                drift ["spec.description"] want "second", have "first"
                ["second", "second"]
                [[], []]
                second

                """)
    }

    @Test func updateTrueStillRefusesWhatNeedsANewCluster() async throws {
        let out = await printed(
            """
            ensure(base)
            try { ensure(base.flavor("cce.s2.small").description("d"), update: true) } catch e {
              print(e.message)
              print(map(e.diagnostics, fn(d) => d.path), e.diagnostics[0].hint)
            }
            print(get(base.name).spec.description, get(base.name).spec.flavor)
            """, service: try ClusterTestKit.service())
        #expect(
            out == """
                ensure(): cluster "valid-name" differs in fields that need a new cluster \
                (the updatable ones were applied): \
                spec.flavor cce.s1.small → cce.s2.small
                ["spec.flavor"] no update changes this; it needs a new cluster
                d cce.s1.small

                """)
    }

    @Test func updateTakesSpecFieldsOrAFullBodyAndChecksThem() async throws {
        let out = await printed(
            """
            let c = ensure(base)
            print(update(c, {description: "one", alias: "valid-alias"}).metadata.alias)
            print(update("valid-name", {spec: {customSan: ["example.com"]}}).spec.customSan)
            try { update(c, {flavor: "cce.s2.small", description: "a#b"}) } catch e {
              print(e.kind, map(e.diagnostics, fn(d) => d.path))
            }
            try { update("no-such-cluster", {description: "x"}) } catch e { print(e.status) }
            try { update(c, "text") } catch e { print(e.message) }
            """, service: try ClusterTestKit.service())
        #expect(
            out == """
                valid-alias
                ["example.com"]
                validation ["spec.description", "spec.flavor"]
                404
                update(): argument 'changes' must be a map, not string

                """)
    }

    @Test func hibernateAndAwakeAreWaitableAndReportProgress() async throws {
        let r = await run(
            """
            ensure(base)
            let h = hibernate(base)
            print(type(h), h.type, h.cluster)
            let c = wait(h)
            print(c.status.phase, h.status().phase)
            try { wait(delete(base)) } catch e { print(e.status) }
            try { wait(hibernate(base)) } catch e { print(e.status) }
            print(wait([awake(base.name)])[0].status.phase)
            """, service: try ClusterTestKit.service(create: 0.3), ioExecutor: TimingExecutor.shared)
        #expect(r.failure == nil, "\(r.stderr)")
        #expect(r.output == "job Hibernate valid-name\nHibernation Hibernation\n403\n403\nAvailable\n")
        let phases = r.progress.filter { $0.jobID.hasPrefix("hibernate-") }.map(\.phase)
        #expect(phases.first == "Hibernating" && phases.last == "Hibernation", "\(phases)")
        #expect(r.progress.contains { $0.jobID.hasPrefix("awake-") && $0.finished && $0.phase == "Available" })
    }

    @Test func resizeUpsizesAndIsWaitable() async throws {
        let out = await printed(
            """
            ensure(base)
            try { resize(base, "cce.s2.large") } catch e { print(e.message) }
            try { resize(base, "cce.s1.small") } catch e { print(e.message) }
            let j = resize(base, "cce.s1.medium")
            print(j.type)
            let c = wait(j)
            print(c.spec.flavor, c.status.phase)
            """, service: try ClusterTestKit.service(create: 0.2))
        #expect(
            out == """
                resize(): cce.s1.small has 1 master and cce.s2.large has 3; \
                a resize keeps the number of masters (s1 → s1, s2 → s2)
                resize(): cce.s1.small is not larger than cce.s1.small; a resize only upsizes
                ResizeCluster
                cce.s1.medium Available

                """)
    }

    @Test func deleteOptionsAreCheckedAndSent() async throws {
        let out = await printed(
            """
            ensure(base)
            try { delete(base, evs: "maybe") } catch e { print(e.message, "|", e.hint) }
            try { delete(base, net: 1) } catch e { print(e.message) }
            try { delete(base, disks: "true") } catch e { print(e.message) }
            print(wait(delete(base, evs: "true", net: false, eni: "try", obs: "block", sfs: "skip", efs: "false",
              lts: "Retain")))
            print(clusters())
            """, service: try ClusterTestKit.service())
        #expect(
            out == """
                delete(): evs: 'maybe' is not an allowed value | evs takes true, block, try, false, skip
                delete(): net must be a string or a bool, not int
                delete() has no parameter named 'disks'
                null
                []

                """)
    }

    @Test func deleteOptionsReachTheService() async throws {
        let recorder = QueryRecorder()
        _ = await printed("wait(create(base)); delete(base, evs: \"TRUE\", net: false)", service: recorder)
        #expect(
            recorder.deleteQueries
                == [[("delete_evs", "true"), ("delete_net", "false")]].map { $0.map { "\($0.0)=\($0.1)" } })
    }

    @Test func aCollectingDryRunTakesEveryInvalidBody() async throws {
        let service = DryRunClusterService(collectsInvalidBodies: true)
        let out = await printed(
            """
            create(base.name("Bad-One"))
            ensure(base.name("bad-two").flavor("cce.s9.huge"))
            print(len(clusters()))
            """, service: service)
        #expect(out == "2\n")
        #expect(service.recordedInvalid.map { $0.body["metadata"]?["name"]?.stringValue } == ["Bad-One", "bad-two"])
    }

    @Test func theDryRunActsOnDay2Calls() async throws {
        let out = await printed(
            """
            let c = wait(create(base))
            print(update(c, {description: "d"}).spec.description)
            print(wait(hibernate(c)).status.phase, wait(awake(c)).status.phase)
            print(wait(resize(c, "cce.s1.medium")).spec.flavor)
            """, service: DryRunClusterService())
        #expect(out == "d\nHibernation Available\ncce.s1.medium\n")
    }
}

/// Records the delete queries; answers like the emulator would.
final class QueryRecorder: ClusterService, @unchecked Sendable {
    let inner = ScriptedService()
    private let lock = NSLock()
    private var queries: [[String]] = []
    var deleteQueries: [[String]] { lock.withLock { queries } }

    func createCluster(body: JSONValue) async throws -> JSONValue { try await inner.createCluster(body: body) }
    func showJob(id: String) async throws -> JSONValue { try await inner.showJob(id: id) }
    func getCluster(id: String) async throws -> JSONValue { try await inner.getCluster(id: id) }
    func listClusters(query: [(name: String, value: String)]) async throws -> [JSONValue] {
        try await inner.listClusters(query: query)
    }
    func deleteCluster(id: String, query: [(name: String, value: String)]) async throws -> JSONValue {
        lock.withLock { queries.append(query.map { "\($0.name)=\($0.value)" }) }
        return try await inner.deleteCluster(id: id, query: query)
    }
}
