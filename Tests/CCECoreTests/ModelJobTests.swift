import Testing

@testable import CCECore

@Suite("Job models")
struct ModelJobTests {
    /// WIRE.md §2.1, with the elided sub-job values written out.
    static let jobExample = """
        {
          "kind": "Job", "apiVersion": "v3",
          "metadata": {"uid": "354331b2c-229a-11e8-9c75-0255ac100ceb",
                       "creationTimestamp": "2020-02-02 08:12:40.672772389 +0000 UTC",
                       "updateTimestamp": "2020-02-02 08:21:50.478108569 +0000 UTC"},
          "spec": {
            "type": "CreateCluster",
            "clusterUID": "4d1ecb2c-229a-11e8-9c75-0255ac100ceb",
            "resourceID": "6f4dcb2c-229a-11e8-9c75-0255ac100ceb",
            "resourceName": "cluster-name",
            "extendParam": {"serverID": "bc467e3a-2338-11e8-825b-0255ac100c13"},
            "subJobs": [
              {"kind": "Job", "apiVersion": "v3",
               "metadata": {"uid": "fd474fab-0000", "creationTimestamp": "2020-02-02 08:12:41.1 +0000 UTC", \
        "updateTimestamp": "2020-02-02 08:15:00 +0000 UTC"},
               "spec": {"type": "InstallMaster", "clusterUID": "fcc72de0-0000", "resourceID": "fd3b4ac0-0000",
                        "extendParam": {"serverID": "fd3b4ac0-0000"}},
               "status": {"phase": "Success"}},
              {"kind": "Job", "apiVersion": "v3",
               "metadata": {"uid": "fd474f82-0000", "creationTimestamp": "...", "updateTimestamp": "..."},
               "spec": {"type": "CreatePSMCert", "clusterUID": "fcc72de0-0000"},
               "status": {"phase": "Success"}}
            ]
          },
          "status": {"phase": "Running", "reason": ""}
        }
        """

    @Test func jobExampleRoundTrips() throws {
        let value = try JSONValue.parse(Self.jobExample)
        let job = try Job(json: value)
        #expect(job.json == value)
        #expect(job.kind == "Job")
        #expect(job.status?.phase == .running)
        #expect(job.status?.phase?.isTerminal == false)
        #expect(job.status?.reason == "")
        #expect(job.spec?.type == "CreateCluster")
        #expect(job.spec?.clusterUID == "4d1ecb2c-229a-11e8-9c75-0255ac100ceb")
        #expect(job.spec?.resourceName == "cluster-name")
        #expect(job.spec?.extendParam?["serverID"] == "bc467e3a-2338-11e8-825b-0255ac100c13")
        let subJobs = try #require(job.spec?.subJobs)
        #expect(subJobs.map { $0.spec?.type } == ["InstallMaster", "CreatePSMCert"])
        #expect(subJobs.allSatisfy { $0.status?.phase == .success })
        #expect(job.metadata?.creationTime == GoTimestamp("2020-02-02 08:12:40.672772389 +0000 UTC"))
        #expect(job.metadata?.updateTime?.description == "2020-02-02 08:21:50.478108569 +0000 UTC")
        // Elided timestamps are kept as text; they just do not parse.
        #expect(subJobs[1].metadata?.creationTimestamp == "...")
        #expect(subJobs[1].metadata?.creationTime == nil)
    }

    @Test func phasesAreLenient() throws {
        for (text, terminal) in [
            ("Initializing", false), ("Running", false), ("Success", true), ("Failed", true), ("success", true),
            ("Paused", false),
        ] {
            let job = try Job(json: ["status": ["phase": .string(text)]])
            #expect(job.status?.phase?.rawValue == text)
            #expect(job.status?.phase?.isTerminal == terminal)
            #expect(job.json == ["status": ["phase": .string(text)]])
        }
        #expect(JobPhase("Paused").isKnown == false)
        #expect(JobPhase.failed.isFailure)
        let failed = try Job(json: ["status": ["phase": "Failed", "reason": "quota exceeded", "message": "m"]])
        #expect(failed.status?.reason == "quota exceeded")
        #expect(failed.status?.message == "m")
    }

    @Test func unknownFieldsInNestedSubJobsArePreserved() throws {
        let value: JSONValue = [
            "kind": "Job", "x": 1,
            "spec": [
                "ownerJob": "p", "subJobs": [["spec": ["subJobs": [["status": ["phase": "Running", "y": [true]]]]]]],
            ],
        ]
        let job = try Job(json: value)
        #expect(job.json == value)
        #expect(job.spec?.ownerJob == "p")
        #expect(job.spec?.subJobs?.first?.spec?.subJobs?.first?.status?.additionalFields["y"] == [true])
    }

    @Test func compactLegacyJobWithoutApiVersionDecodes() throws {
        // CHNSZ nodes/testing/fixtures.go JobOutput: no apiVersion.
        let value: JSONValue = [
            "kind": "Job", "metadata": ["uid": "73ce03fd-8b1b-11e8-8f9d-0255ac10193f"],
            "spec": [
                "type": "ScaleupCluster", "clusterUID": "77cdfb1a-8b1b", "resourceName": "cluster-test", "subJobs": [],
            ],
            "status": ["phase": "Initializing"],
        ]
        let job = try Job(json: value)
        #expect(job.apiVersion == nil)
        #expect(job.json == value)
        #expect(job.spec?.subJobs == [])
    }

    @Test func jobErrorsNameThePath() {
        do {
            _ = try Job(json: ["spec": ["subJobs": [["status": ["phase": 3]]]]])
            Issue.record("decoded")
        } catch {
            #expect(error.description == "spec.subJobs[0].status.phase: expected a string, found a number")
        }
    }
}

@Suite("Job models: deep nesting")
struct ModelDeepNestingTests {
    /// Sub-jobs nested as deep as the JSON parser allows decode, re-encode and compare on a
    /// cooperative-pool thread (smaller stack than the main thread) without overflowing.
    @Test func deeplyNestedSubJobs() async throws {
        var text = #"{"status":{"phase":"Success"}}"#
        // Each level adds 3 JSON levels (job → spec → subJobs array); stay under the parser's 512.
        for _ in 0..<160 { text = #"{"kind":"Job","spec":{"subJobs":["# + text + "]}}" }
        let value = try JSONValue.parse(text)
        let ok = await Task.detached { () -> Bool in
            guard let job = try? Job(json: value) else { return false }
            return job.json == value
        }.value
        #expect(ok)
    }
}
