import CCECore
import Foundation
import Synchronization
import Testing

@testable import CCEScript

private let nodeSource =
    validClusterSource + """
        let n = node("worker").flavor("s3.large.2").az("eu-de-01").os("EulerOS 2.9").login({sshKey: "kp"})
          .rootVolume({size: 40, volumetype: "SSD"}).dataVolumes([{size: 100, volumetype: "SAS"}]).count(2)
        let p = nodePool("workers").nodeTemplate(n).initialNodeCount(2)

        """

private func printed(_ source: String, service: (any ClusterService)? = nil) async -> String {
    let r = await ClusterTestKit.run(nodeSource + source, service: service)
    if let f = r.failure { return r.output + "FAILED: " + f.render(color: false) }
    return r.output
}

/// node(name), nodePool(name) and the node built-ins, first as pure values, then against
/// the in-process emulator.
@Suite struct NodeBuiltinTests {
    @Test func buildersWriteEachWireFieldAndKeepValuesImmutable() async {
        let out = await printed(
            """
            let bare = node("a")
            print(bare)
            print(type(bare), type(nodePool("p")), bare.name, bare.cluster)
            let full = bare.flavor("s3.large.2").az("eu-de-01").os("Ubuntu 22.04").login({sshKey: "k"})
              .rootVolume({size: 40, volumetype: "SSD"}).dataVolumes([]).storage({storageSelectors: []})
              .publicIP({ids: ["e"]}).nodeNicSpec({primaryNic: {}}).count(3).billingMode(0)
              .taints([{key: "k", value: "v", effect: "NoSchedule"}]).k8sTags({role: "w"}).runtime({name: "containerd"})
              .extendParam({maxPods: 110}).userTags([{key: "t", value: "1"}]).name("b")
              .with({metadata: {labels: {x: "y"}}})
            print(keys(full.spec))
            print(full.metadata, bare.name, bare == node("a"))
            let pool = nodePool("p").type("vm").nodeTemplate(full).initialNodeCount(2).autoscaling({enable: false})
              .nodeManagement({serverGroupReference: ""}).podSecurityGroups([{id: "sg"}]).customSecurityGroups(["sg2"])
            print(keys(pool.spec), pool.spec.nodeTemplate == full.spec)
            print(nodePool("q").nodeTemplate({flavor: "x"}).spec)
            """)
        #expect(
            out == """
                {kind: "Node", apiVersion: "v3", metadata: {name: "a"}, spec: {}}
                node nodePool a null
                ["flavor", "az", "os", "login", "rootVolume", "dataVolumes", "storage", "publicIP", "nodeNicSpec", \
                "count", "billingMode", "taints", "k8sTags", "runtime", "extendParam", "userTags"]
                {name: "b", labels: {x: "y"}} a true
                ["type", "nodeTemplate", "initialNodeCount", "autoscaling", "nodeManagement", "podSecurityGroups", \
                "customSecurityGroups"] true
                {nodeTemplate: {flavor: "x"}}

                """)
    }

    @Test func builderMistakesAreLocatedWithHints() async {
        let wrong = await ClusterTestKit.run("node(\"a\").count(\"2\")", service: nil)
        #expect(wrong.stderr.contains("test.cce:1:11: error: count(): the argument must be an int, not string"))
        let typo = await ClusterTestKit.run("node(\"a\").flavour(\"x\")", service: nil)
        #expect(typo.stderr.contains("a node has no method 'flavour'"))
        #expect(typo.stderr.contains("did you mean 'flavor'"))
        let clusterOnly = await ClusterTestKit.run("nodePool(\"a\").flavor(\"x\")", service: nil)
        #expect(clusterOnly.stderr.contains("a nodePool has no method 'flavor'"))
        let template = await ClusterTestKit.run("nodePool(\"a\").nodeTemplate(3)", service: nil)
        #expect(template.stderr.contains("nodeTemplate(): the argument must be a map or a node, not int"))
    }

    @Test func validateAndCheckReportNodeAndPoolPaths() async {
        let out = await printed(
            """
            for d in validate(n.rootVolume({size: 20}).count(0)) { print(d.severity, d.path) }
            for d in validate(p.nodeTemplate(n.dataVolumes([{size: 50, volumetype: "SAS"}])).autoscaling(
              {enable: true, minNodeCount: 5, maxNodeCount: 2})) { print(d.severity, d.path) }
            print(validate(n), validate(p), check(p) == p)
            try { check(n.login({})) } catch e { print(e.code, e.message, map(e.diagnostics, fn(d) => d.path)) }
            """)
        #expect(out.contains("error spec.rootVolume.size\n"))
        #expect(out.contains("error spec.count\n"))
        #expect(out.contains("error spec.nodeTemplate.dataVolumes[0].size\n"))
        #expect(out.contains("error spec.autoscaling"))
        #expect(out.contains("[] [] true\n"))
        #expect(out.contains("validation check(): node \"worker\" is not valid (1 error) [\"spec.login\"]"), "\(out)")
    }

    @Test func createWaitNodesPoolsScaleDeleteAgainstTheEmulator() async throws {
        let service = try ClusterTestKit.service(create: 0.2)
        let r = await ClusterTestKit.run(
            nodeSource + """
                let c = ensure(base)
                let j = create(n, cluster: c)
                print(type(j), j.type, j.cluster)
                let made = wait(j)
                print(len(made), map(made, fn(x) => x.status.phase), map(made, fn(x) => x.cluster))
                let pool = ensure(p, cluster: "valid-name")
                print(pool.name, pool.status.activeNode, pool.cluster)
                let again = ensure(p, cluster: c.metadata.uid)
                print(again.metadata.uid == pool.metadata.uid, len(nodePools(c)))
                print(wait(scale(pool, 3)).status.activeNode)
                let owned = filter(nodes(c), fn(x) => x.metadata?.ownerReferences?.nodepoolName == "workers")
                print(len(nodes(c)), len(owned))
                try { ensure(p.autoscaling({enable: true, minNodeCount: 1, maxNodeCount: 4}), cluster: c) } catch e {
                  print(e.code, map(e.diagnostics, fn(d) => d.path))
                }
                let updated = ensure(p, cluster: c, update: true)
                print(updated.status.activeNode, updated.spec.initialNodeCount)
                print(wait([delete(made[0]), delete(updated)]))
                print(len(nodes(c)), nodePools(c))
                """, service: service)
        #expect(r.failure == nil, "\(r.stderr)")
        #expect(
            r.output == """
                job CreateNode valid-name
                2 ["Active", "Active"] ["valid-name", "valid-name"]
                workers 2 valid-name
                true 1
                3
                5 3
                drift ["spec.initialNodeCount", "spec.autoscaling.enable", "spec.autoscaling.minNodeCount", \
                "spec.autoscaling.maxNodeCount"]
                2 2
                [null, null]
                1 []

                """)
        // Progress is reported per wait, and each wait's last report is `finished`.
        let labels = Set(r.progress.map(\.clusterName))
        #expect(labels.contains("valid-name/worker") && labels.contains("valid-name/workers"))
        #expect(r.progress.contains { $0.finished && $0.clusterName == "valid-name/workers" && $0.phase == "Active" })
    }

    @Test func aListWaitMixesClusterAndPoolJobs() async throws {
        let service = try ClusterTestKit.service(create: 0.2)
        let out = await printed(
            """
            let c = ensure(base)
            let other = base.name("second-one").containerNetwork({mode: "overlay_l2", cidr: "10.8.0.0/16"})
            let both = wait([create(other),
                             create(p, cluster: c)])
            print(both[0].name, both[0].status.phase, type(both[1]), both[1].status.activeNode)
            """, service: service)
        #expect(out == "second-one Available nodePool 2\n")
    }

    @Test func kubeconfigIsTheServiceDocument() async throws {
        let service = try ClusterTestKit.service(create: 0.2)
        let out = await printed(
            """
            let c = ensure(base.clusterExternalIP("80.158.1.2"))
            let k = kubeconfig(c)
            print(k.kind, k["current-context"], map(k.contexts, fn(x) => x.name))
            print(len(k.users[0].user["client-key-data"]) > 100)
            try { kubeconfig(c, duration: 0) } catch e { print(e.code) }
            try { write_kubeconfig(c) } catch e { print(e.code, e.hint) }
            """, service: service)
        #expect(
            out == """
                Config external ["internal", "external", "externalTLSVerify"]
                true
                argument
                capability kubeconfig(c) returns the document as a map

                """)
    }

    @Test func writeKubeconfigGoesThroughTheHost() async throws {
        let service = try ClusterTestKit.service(create: 0.2)
        let written = Mutex<[(String, String?)]>([])
        let options = InterpreterOptions(
            capabilities: Capabilities(
                service: service,
                kubeconfigWriter: { doc, name, path in
                    written.withLock { $0.append((name, path)) }
                    return (path ?? "/default") + ":" + (doc["kind"]?.stringValue ?? "")
                }),
            output: { _ in })
        let interpreter = Interpreter(options: options)
        let v = try await interpreter.evaluate(
            validClusterSource
                + "let c = ensure(base)\nwrite_kubeconfig(c, \"/x/k.yaml\") + \" \" + write_kubeconfig(\"valid-name\")",
            fileName: "t.cce")
        #expect(v.printDescription == "/x/k.yaml:Config /default:Config")
        #expect(written.withLock { $0.map(\.0) } == ["valid-name", "valid-name"])
    }

    @Test func nodeCallsStopAtTheCallWithHints() async throws {
        let service = try ClusterTestKit.service(create: 0.2)
        let r = await ClusterTestKit.run(
            nodeSource + """
                try { create(n, cluster: "nope") } catch e { print(e.status, e.message, e.hint) }
                try { create(n) } catch e { print(e.message) }
                try { create(n.count(0), cluster: "nope") } catch e { print(e.code) }
                let c = ensure(base)
                wait(hibernate(c))
                try { create(p, cluster: c) } catch e { print(e.code, e.message, e.hint) }
                try { delete(n) } catch e { print(e.message) }
                try { scale(p, 2) } catch e { print(e.message) }
                try { ensure(n, cluster: c) } catch e { print(e.message) }
                create(n, cluster: c)
                """, service: service)
        #expect(
            r.output == """
                404 create(): there is no cluster named or with id "nope" clusters() lists the clusters that exist
                create(): say which cluster the node goes to
                validation
                cluster_state create(): cluster "valid-name" is Hibernation wake it first: wait(awake("valid-name"))
                delete(): this node was built by the script, not read from the service
                scale(): this node pool was built by the script, not read from the service
                ensure() takes a cluster or a node pool, not a node

                """)
        // Uncaught, the error points at the call.
        #expect(
            r.stderr.contains("test.cce:16:1: error: create(): cluster \"valid-name\" is Hibernation"), "\(r.stderr)")
    }
}
