import Foundation
import Testing

@testable import cce

/// `cce kubeconfig`, `write_kubeconfig` and scripts/fleet.cce through the built command,
/// against the embedded emulator kept in a temporary database between invocations.
@Suite("cce kubeconfig and the fleet")
struct KubeconfigCommandTests {
    static let makeCluster = """
        ensure(cluster("kc-demo").type("VirtualMachine").flavor("cce.s1.small")
          .vpc("23d3725f-6ffe-400e-8fb6-b4f9a7b3e8c1").subnet("c90b3ce5-e1f1-4c87-a006-644d78846438")
          .containerNetwork({mode: "overlay_l2"}).clusterExternalIP("80.158.1.2"))

        """

    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    static func clientKey(in text: String) -> String? {
        text.components(separatedBy: "\n").first { $0.contains("client-key-data") }?
            .components(separatedBy: "\"").dropFirst().first
    }

    @Test func writesMergesWith0600AndNeverPrintsTheKeyUnlessAsked() throws {
        let dir = try TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = [
            "CCE_EMULATOR_DB": dir.appendingPathComponent("emu.sqlite").path, "CCE_EMULATOR_CREATE_SECONDS": "0.2",
        ]
        let script = dir.appendingPathComponent("make.cce")
        try Self.makeCluster.write(to: script, atomically: true, encoding: .utf8)
        let made = try Binary.run(["run", script.path], env: env)
        #expect(made.status == 0, "\(made.stderr)")

        // An existing file with another cluster, readable by others: kept, and made 0600.
        let config = dir.appendingPathComponent("kube/config")
        try FileManager.default.createDirectory(
            at: config.deletingLastPathComponent(), withIntermediateDirectories: true)
        try """
        apiVersion: v1
        kind: Config
        clusters:
        - name: other
          cluster: {server: "https://10.0.0.1:6443"}
        - name: kc-demo-internalCluster
          cluster: {server: "https://stale:5443"}
        users:
        - name: other-user
          user: {token: "abc"}
        contexts:
        - name: other
          context: {cluster: other, user: other-user}
        current-context: other

        """.write(to: config, atomically: true, encoding: .utf8)
        chmod(config.path, 0o644)

        var withKubeconfig = env
        withKubeconfig["KUBECONFIG"] = config.path + ":" + dir.appendingPathComponent("second").path
        let r = try Binary.run(["kubeconfig", "kc-demo"], env: withKubeconfig)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(
            r.stderr.contains("to \(config.resolvingSymlinksInPath().path) (the first path of $KUBECONFIG)"),
            "\(r.stderr)")
        #expect(r.stderr.contains("current context kc-demo-externalTLSVerify"))
        #expect(try Self.mode(config.path) == 0o600)
        let text = try String(contentsOf: config, encoding: .utf8)
        let key = try #require(Self.clientKey(in: text))
        #expect(key.count > 100)
        #expect(!r.stderr.contains(key) && !r.stdout.contains(key))
        for name in [
            "other", "other-user", "kc-demo-internalCluster", "kc-demo-externalClusterTLSVerify", "kc-demo-user",
            "kc-demo-internal", "kc-demo-external", "kc-demo-externalTLSVerify",
        ] {
            #expect(text.contains("name: \"\(name)\""), "\(name)")
        }
        #expect(!text.contains("stale"))
        #expect(text.contains("current-context: \"kc-demo-externalTLSVerify\""))
        #expect(text.contains("token: \"abc\""))

        // A second run replaces its own entries and leaves one of each.
        let again = try Binary.run(["kubeconfig", "kc-demo", "--duration", "7"], env: withKubeconfig)
        #expect(again.status == 0, "\(again.stderr)")
        let text2 = try String(contentsOf: config, encoding: .utf8)
        #expect(text2.components(separatedBy: "name: \"kc-demo-user\"").count == 2)
        #expect(text2.contains("name: \"other\""))

        // --output - prints it (key included) and writes nothing.
        let printed = try Binary.run(["kubeconfig", "kc-demo", "--output", "-"], env: env)
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect((Self.clientKey(in: printed.stdout)?.count ?? 0) > 100)
        #expect(printed.stdout.contains("kind: \"Config\""))

        // Without $KUBECONFIG: ~/.kube/config of the (temporary) home, created 0600 in a 0700 directory.
        let home = try Binary.run(
            ["kubeconfig", "kc-demo", "-o", dir.appendingPathComponent("new/dir/kc").path], env: env)
        #expect(home.status == 0, "\(home.stderr)")
        #expect(try Self.mode(dir.appendingPathComponent("new/dir/kc").path) == 0o600)
        #expect(try Self.mode(dir.appendingPathComponent("new/dir").path) == 0o700)
    }

    @Test func refusesWhatItCannotDoWithHints() throws {
        let unknown = try Binary.run(["kubeconfig", "nope"])
        #expect(unknown.status == 4)
        #expect(unknown.stderr.contains("there is no cluster named or with id \"nope\""))
        let duration = try Binary.run(["kubeconfig", "x", "--duration", "2000"])
        #expect(duration.status == 2)
        #expect(duration.stderr.contains("--duration 2000"))
    }

    @Test func theDefaultPathIsWhatKubectlReads() {
        #expect(KubeconfigFile.defaultPath(environment: ["HOME": "/h"]).path == "/h/.kube/config")
        #expect(KubeconfigFile.defaultPath(environment: ["HOME": "/h", "KUBECONFIG": "/a:/b"]).path == "/a")
        #expect(KubeconfigFile.defaultPath(environment: ["HOME": "/h", "KUBECONFIG": ""]).path == "/h/.kube/config")
    }

    @Test func theFleetRunsTwiceWithoutMakingAnythingNew() throws {
        let dir = try TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fleet = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/fleet.cce")
        let env = [
            "CCE_EMULATOR_DB": dir.appendingPathComponent("emu.sqlite").path, "CCE_EMULATOR_CREATE_SECONDS": "0.3",
        ]
        let first = try Binary.run(["run", fleet.path, "3", "fl-", dir.appendingPathComponent("kc").path], env: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasSuffix("3 clusters ready\n"), "\(first.stdout)")
        #expect(first.stdout.contains("fl-2 Available pool workers 2 nodes"))
        for i in 1...3 {
            #expect(try Self.mode(dir.appendingPathComponent("kc/fl-\(i).yaml").path) == 0o600)
        }
        let uids = """
            print(map(clusters(), fn(c) => c.metadata.uid))
            print(map(clusters(), fn(c) => map(nodePools(c), fn(p) => p.metadata.uid)))
            print(len(filter(clusters(), fn(c) => c.name.starts_with("fl-"))), map(clusters(), fn(c) => len(nodes(c))))
            """
        let script = dir.appendingPathComponent("uids.cce")
        try uids.write(to: script, atomically: true, encoding: .utf8)
        let before = try Binary.run(["run", script.path], env: env)
        let second = try Binary.run(["run", fleet.path, "3", "fl-", dir.appendingPathComponent("kc").path], env: env)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.hasSuffix("3 clusters ready\n"))
        let after = try Binary.run(["run", script.path], env: env)
        #expect(before.stdout == after.stdout)
        #expect(after.stdout.hasSuffix("3 [2, 2, 2]\n"), "\(after.stdout)")
    }

    @Test func planShowsPoolsAndChangesNothing() throws {
        let dir = try TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fleet = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/fleet.cce")
        let env = [
            "CCE_EMULATOR_DB": dir.appendingPathComponent("emu.sqlite").path, "CCE_EMULATOR_CREATE_SECONDS": "0.3",
        ]
        let made = try Binary.run(["run", fleet.path, "2", "pl-", dir.appendingPathComponent("kc").path], env: env)
        #expect(made.status == 0, "\(made.stderr)")
        let script = dir.appendingPathComponent("plan.cce")
        try """
        import "presets"
        import "shapes"
        let pool = shapes.pool("workers", shapes.general("worker", "fleet-key"), 2)
        let vpc = "23d3725f-6ffe-400e-8fb6-b4f9a7b3e8c1"
        let subnet = "c90b3ce5-e1f1-4c87-a006-644d78846438"
        let c1 = ensure(presets.dev("pl-1", vpc, subnet, cidr: "10.0.0.0/16"))
        ensure(pool, cluster: c1)
        ensure(pool.initialNodeCount(3), cluster: "pl-2", update: true)
        let c3 = ensure(presets.dev("pl-3", vpc, subnet, cidr: "10.2.0.0/16"))
        ensure(pool, cluster: c3)
        print(map(nodePools(c3), fn(p) => p.status.activeNode))
        wait(delete(nodePools(c1)[0]))

        """.write(to: script, atomically: true, encoding: .utf8)
        let plan = try Binary.run(["plan", script.path], env: env)
        #expect(plan.status == 6, "\(plan.stderr)")
        #expect(
            plan.stdout == """
                = pl-1 unchanged
                = pl-1/workers unchanged
                ~ update pl-2/workers
                    spec.initialNodeCount 2 → 3
                + create pl-3
                + create pl-3/workers
                - delete pl-1/workers
                plan: 4 changes

                """)
        #expect(plan.stderr.contains("[2]"))
        let check = dir.appendingPathComponent("check.cce")
        try "print(map(clusters(), fn(c) => map(nodePools(c), fn(p) => p.spec.initialNodeCount)))\n"
            .write(to: check, atomically: true, encoding: .utf8)
        let after = try Binary.run(["run", check.path], env: env)
        #expect(after.stdout == "[[2], [2]]\n", "\(after.stderr)")
    }

    @Test func checkAndPlanOfTheFleetWriteNothing() throws {
        let dir = try TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fleet = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/fleet.cce")
        let env = ["CCE_EMULATOR_DB": dir.appendingPathComponent("emu.sqlite").path]
        let check = try Binary.run(["check", fleet.path], env: env, cwd: dir)
        #expect(check.status == 0, "\(check.stderr)")
        // The two are created in parallel, so either may come first.
        #expect(
            check.stdout.contains("ok, 2 clusters would be created: fleet-1, fleet-2")
                || check.stdout.contains("ok, 2 clusters would be created: fleet-2, fleet-1"), "\(check.stdout)")
        #expect(!check.stderr.contains("warning"), "\(check.stderr)")
        let plan = try Binary.run(["plan", fleet.path, "1", "pp-", dir.appendingPathComponent("kc").path], env: env)
        #expect(plan.status == 6, "\(plan.stderr)")
        #expect(plan.stdout == "+ create pp-1\n+ create pp-1/workers\nplan: 2 changes\n")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("kc").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("kubeconfigs").path))
    }

    @Test func theReadmeNodeSnippetRunsAsPrinted() throws {
        let snippet = ReadmeTests.block(after: "## Nodes, node pools and kubeconfig", fence: "```cce").joined(
            separator: "\n")
        #expect(snippet.contains("nodePool(\"workers\")"))
        let file = try TempDir.script(snippet + "\n")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let r = try Binary.run(
            ["run", file.path], env: ["CCE_EMULATOR_CREATE_SECONDS": "0.2", "CCE_EMULATOR_DELETE_SECONDS": "0.2"])
        #expect(r.status == 0, "\(r.stderr)")
        // The first plain ``` block after the snippet is its output.
        let lines = ReadmeTests.readme.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "## Nodes, node pools and kubeconfig"))
        let printsAt = try #require(lines[start...].firstIndex(of: "prints"))
        let open = try #require(lines[printsAt...].firstIndex(of: "```"))
        let output = lines[(open + 1)...].prefix { $0 != "```" }
        #expect(r.stdout == output.joined(separator: "\n") + "\n")
    }
}
