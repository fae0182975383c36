import CCETestSupport
import Foundation
import Testing

/// `cce plan` and the check of every invalid body, end to end against a file emulator.
@Suite("cce plan and check (end to end)")
struct PlanCommandTests {
    static let base = """
        let base = cluster("placeholder").type("VirtualMachine").flavor("cce.s1.small")
          .vpc("23d3725f-6ffe-400e-8fb6-b4f9a7b3e8c1").subnet("c90b3ce5-e1f1-4c87-a006-644d78846438")
          .containerNetwork({mode: "vpc-router", cidr: "10.0.0.0/16"})

        """

    @Test func planShowsEveryKindOfLineAndExitsSixOnChanges() throws {
        let dir = try TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = [
            "CCE_EMULATOR_DB": dir.appendingPathComponent("state.sqlite").path, "CCE_EMULATOR_CREATE_SECONDS": "0",
        ]
        let first = dir.appendingPathComponent("first.cce")
        let second = dir.appendingPathComponent("second.cce")
        try
            (Self.base + """
                for n in ["keep-same", "gets-words", "gets-bigger"] { ensure(base.name(n)) }
                print("created")
                """).write(to: first, atomically: true, encoding: .utf8)
        try
            (Self.base + """
                ensure(base.name("keep-same"))
                ensure(base.name("gets-words").description("now described"), update: true)
                ensure(base.name("gets-bigger").flavor("cce.s2.small"), update: true)
                ensure(base.name("brand-new"))
                print("planned")
                """).write(to: second, atomically: true, encoding: .utf8)

        // Planning the first script on an empty service: three creates, nothing sent.
        let before = try Binary.run(["plan", first.path], env: env)
        #expect(before.status == 6, "\(before.stderr)")
        #expect(before.stdout == "+ create keep-same\n+ create gets-words\n+ create gets-bigger\nplan: 3 changes\n")
        #expect(before.stderr.contains("created"), "the script's prints go to stderr")
        let run = try Binary.run(["run", first.path], env: env)
        #expect(run.status == 0 && run.stdout == "created\n", "\(run.stderr)")

        let plan = try Binary.run(["plan", second.path], env: env)
        #expect(plan.status == 6, "\(plan.stderr)")
        #expect(
            plan.stdout == """
                = keep-same unchanged
                ~ update gets-words
                    spec.description (absent) → "now described"
                ! gets-bigger needs a new cluster: spec.flavor cce.s1.small → cce.s2.small
                + create brand-new
                plan: 3 changes

                """)
        // Nothing was sent: the first script still plans as unchanged, and brand-new does not exist.
        let again = try Binary.run(["plan", first.path], env: env)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(
            again.stdout == "= keep-same unchanged\n= gets-words unchanged\n= gets-bigger unchanged\nplan: no changes\n"
        )

        let json = try Binary.run(["plan", "--output", "json", second.path], env: env)
        #expect(json.status == 6)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(doc["changes"] as? Int == 3 && doc["exitCode"] as? Int == 6 && doc["output"] as? String == "planned\n")
        let entries = try #require(doc["entries"] as? [[String: Any]])
        #expect(entries.map { $0["action"] as? String } == ["unchanged", "update", "replace", "create"])
        let fields = try #require(entries[2]["fields"] as? [[String: Any]])
        #expect(
            fields.first?["path"] as? String == "spec.flavor" && fields.first?["want"] as? String == "\"cce.s2.small\"")
    }

    @Test func nodesArePlannedAndCheckedWithoutBeingSent() throws {
        let dir = try TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = [
            "CCE_EMULATOR_DB": dir.appendingPathComponent("state.sqlite").path, "CCE_EMULATOR_CREATE_SECONDS": "0",
            "CCE_EMULATOR_NODE_SECONDS": "0",
        ]
        let script = dir.appendingPathComponent("nodes.cce")
        try
            (Self.base + """
                let c = ensure(base.name("with-nodes"))
                let n = node("worker").flavor("s3.large.2").az("eu-de-01").os("EulerOS 2.9").login({sshKey: "k"})
                  .rootVolume({size: 40, volumetype: "SSD"}).dataVolumes([{size: 100, volumetype: "SSD"}]).count(2)
                let made = wait(create(n, cluster: c))
                wait(delete(made[0]))
                print(len(made), len(nodes(c)))
                """).write(to: script, atomically: true, encoding: .utf8)
        let check = try Binary.run(["check", script.path], env: env)
        #expect(check.status == 0, "\(check.stderr)")
        let plan = try Binary.run(["plan", script.path], env: env)
        #expect(plan.status == 6, "\(plan.stderr)")
        #expect(plan.stderr.contains("2 1"), "the planned nodes read back as the script expects: \(plan.stderr)")
        #expect(
            plan.stdout
                == "+ create with-nodes\n+ create with-nodes/worker (2 nodes)\n- delete with-nodes/worker-1\nplan: "
                + "3 changes\n"
        )
        let run = try Binary.run(["run", script.path], env: env)
        #expect(run.status == 0 && run.stdout == "2 1\n", "\(run.stderr)")
        // The plan sent nothing: the run made the only nodes, and planning again deletes a real one.
        let again = try Binary.run(["plan", script.path], env: env)
        #expect(
            again.stdout.hasPrefix("= with-nodes unchanged\n+ create with-nodes/worker (2 nodes)\n"), "\(again.stdout)")
        let listed = try Binary.run(["-e", "print(len(nodes(\"with-nodes\")))"], env: env)
        #expect(listed.stdout == "1\n", "\(listed.stderr)")
    }

    @Test func planOfAFailingScriptExitsLikeRun() throws {
        let file = try TempDir.script("fail(\"stop here\")\n")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let r = try Binary.run(["plan", file.path])
        #expect(r.status == 1 && r.stderr.contains("stop here"))
    }

    @Test func checkReportsEveryInvalidCluster() throws {
        let file = try TempDir.script(
            Self.base + """
                create(base.name("Bad-One"))
                create(base.name("good-one"))
                create(base.name("bad-two").flavor("cce.s9.huge"))
                """)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let r = try Binary.run(["check", file.path])
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stderr.contains("cluster Bad-One: error metadata.name"))
        #expect(r.stderr.contains("cluster bad-two: error spec.flavor"))
        #expect(r.stderr.contains("2 of 3 clusters are invalid: Bad-One, bad-two"))
    }

    @Test func theReadmeDay2SnippetRunsAsPrinted() throws {
        let snippet = ReadmeTests.block(after: "## Day 2", fence: "```cce").joined(separator: "\n")
        #expect(snippet.contains("ensure(wanted, update: true)"))
        let file = try TempDir.script(snippet + "\n")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let r = try Binary.run(["run", file.path], env: ["CCE_EMULATOR_CREATE_SECONDS": "0.2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout == """
                team A
                ["spec.containerNetwork.cidrs", "spec.description"]
                drift ["spec.containerNetwork.cidrs", "spec.description"]
                [{cidr: "10.0.0.0/16"}, {cidr: "10.1.0.0/16"}]
                []
                Hibernation Available
                cce.s1.medium
                null

                """)
        let plan = ReadmeTests.block(after: "`cce plan SCRIPT [ARGS]`", fence: "```")
        #expect(plan.first == "= keep-same unchanged" && plan.last == "plan: 3 changes")
    }
}
