import CCECore
import Foundation
import Testing

@testable import CCEScript

private let vpc = "23d3725f-6ffe-400e-8fb6-b4f9a7b3e8c1"
private let subnet = "c90b3ce5-e1f1-4c87-a006-644d78846438"

private func stdlibOutput(_ source: String, service: (any ClusterService)? = nil) async -> String {
    let r = await ClusterTestKit.run(source, service: service)
    if let f = r.failure { return "FAILED: " + f.render(color: false) }
    return r.output
}

@Suite struct StdlibPresetsTests {
    @Test func devIsAValidSingleMasterCluster() async {
        let out = await stdlibOutput(
            """
            import "presets"
            let c = presets.dev("my-dev", "\(vpc)", "\(subnet)")
            print(c.name, c.spec.flavor, c.spec.containerNetwork.mode, c.spec.containerNetwork.cidr)
            print(len(filter(validate(c), fn(d) => d.severity == "error")))
            print(presets.dev("my-dev", "\(vpc)", "\(subnet)", cidr: "10.0.0.0/16").spec.containerNetwork.cidr)
            """)
        #expect(out == "my-dev cce.s1.small overlay_l2 172.16.0.0/16\n0\n10.0.0.0/16\n")
    }

    @Test func haIsAValidMultiAZClusterWithThreeMasters() async {
        let out = await stdlibOutput(
            """
            import "presets"
            let c = presets.ha("my-prod", "\(vpc)", "\(subnet)")
            print(c.spec.flavor, c.spec.extendParam.clusterAZ, c.spec.containerNetwork.mode, c.spec.kubeProxyMode)
            print(validate(c))
            let pinned = presets.ha("my-prod", "\(vpc)", "\(subnet)", flavor: "cce.s2.large", azs: ["eu-de-01", \
            "eu-de-02", "eu-de-03"])
            print(len(pinned.spec.masters), pinned.spec.masters[2].availabilityZone, validate(pinned))
            try { presets.ha("x-prod", "v", "s", flavor: "cce.s1.small") } catch e { print(e.message) }
            """)
        #expect(
            out == """
                cce.s2.small multi_az vpc-router ipvs
                []
                3 eu-de-03 []
                presets.ha needs an HA flavor (cce.s2.*), got cce.s1.small

                """)
    }

    @Test func presetsCreateAgainstTheEmulator() async throws {
        let out = await stdlibOutput(
            """
            import "presets"
            let ready = wait([create(presets.dev("one-dev", "\(vpc)", "\(subnet)")), create(presets.ha("one-prod", \
            "\(vpc)", "\(subnet)"))])
            print(map(ready, fn(c) => "${c.name}:${c.status.phase}").join(" "))
            """, service: try ClusterTestKit.service())
        #expect(out == "one-dev:Available one-prod:Available\n")
    }
}

@Suite struct StdlibBatchTests {
    @Test func namesFollowThePattern() async {
        let out = await stdlibOutput(
            """
            import "batch"
            print(batch.names("ci-{i}", 3))
            print(batch.names("web-{i}-{i}", 2, start: 7))
            print(batch.names("x-{i}", 0))
            try { batch.names("no-placeholder", 2) } catch e { print(e.message) }
            try { batch.names("x-{i}", -1) } catch e { print(e.message) }
            """)
        #expect(
            out == """
                ["ci-1", "ci-2", "ci-3"]
                ["web-7-7", "web-8-8"]
                []
                batch: the name pattern must contain {i}, got "no-placeholder"
                batch: count must be 0 or more, got -1

                """)
    }

    @Test func ensureAllIsIdempotentAndDeleteAllRemovesOnlyThePrefix() async throws {
        let service = try ClusterTestKit.service(create: 0.02, delete: 0.02)
        let out = await stdlibOutput(
            """
            import "presets"
            import "batch"
            let template = presets.dev("unused", "\(vpc)", "\(subnet)")
            wait(create(template.name("keep-me")))
            let first = batch.ensure_all(template, "ci-{i}", 3, limit: 2)
            print(map(first, fn(c) => c.name), len(clusters()))
            let again = batch.ensure_all(template, "ci-{i}", 4)
            print(map(again, fn(c) => c.metadata.uid).len(), map(again, fn(c) => c.metadata.uid)[0] == \
            first[0].metadata.uid, len(clusters()))
            print(batch.delete_all("ci-"))
            print(map(clusters(), fn(c) => c.name))
            try { batch.delete_all("") } catch e { print(e.message) }
            """, service: service)
        #expect(
            out == """
                ["ci-1", "ci-2", "ci-3"] 4
                4 true 5
                ["ci-1", "ci-2", "ci-3", "ci-4"]
                ["keep-me"]
                batch.delete_all: refusing an empty prefix (it would delete every cluster)

                """)
    }
}

@Suite struct StdlibNetTests {
    @Test func splitCutsABlockInOrder() async {
        let out = await stdlibOutput(
            """
            import "net"
            print(net.split("10.0.0.0/16", 18))
            print(net.split("192.168.1.77/24", 24))
            print(len(net.split("10.0.0.0/8", 24)), net.size("10.0.0.0/22"))
            try { net.split("10.0.0.0/16", 8) } catch e { print(e.message) }
            try { net.split("10.0.0.0/8", 30) } catch e { print(e.message) }
            try { net.split("10.0.0/8", 9) } catch e { print(e.message) }
            """)
        #expect(
            out == """
                ["10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18", "10.0.192.0/18"]
                ["192.168.1.0/24"]
                65536 1024
                net.split: /8 does not fit in 10.0.0.0/16; use a prefix from 16 to 32
                net.split: 10.0.0.0/8 into /30 makes 4194304 blocks (at most 65536)
                net: "10.0.0/8" is not an IPv4 CIDR block

                """)
    }

    @Test func nextFreeSkipsUsedBlocks() async {
        let out = await stdlibOutput(
            """
            import "net"
            print(net.next_free("10.0.0.0/8", 16, ["10.0.0.0/16", "10.1.0.0/17"]))
            print(net.next_free("10.0.0.0/8", 16))
            print(net.next_free("172.16.0.0/16", 18, ["172.16.0.0/18", "172.16.128.0/17"]))
            print(net.next_free("172.16.0.0/16", 17, ["172.16.0.0/17", "172.16.128.0/17"]))
            print(net.next_free("10.0.0.0/8", 24, ["10.0.0.0/9"]))
            """)
        #expect(out == "10.2.0.0/16\n10.0.0.0/16\n172.16.64.0/18\nnull\n10.128.0.0/24\n")
    }

    @Test func overlapChecks() async {
        let out = await stdlibOutput(
            """
            import "net"
            let used = ["10.0.0.0/16", "172.16.0.0/16", "192.168.0.0/24"]
            print(net.overlapping("10.0.128.0/17", used), net.overlapping("10.1.0.0/16", used))
            print(net.conflicts(["10.0.0.0/8", "10.1.0.0/16", "172.16.0.0/12", "172.31.0.0/16", "192.168.0.0/16"]))
            print(net.covers("10.0.0.0/8", "10.200.0.0/16"), net.covers("10.0.0.0/16", "10.0.0.0/8"))
            """)
        #expect(
            out == """
                ["10.0.0.0/16"] []
                [["10.0.0.0/8", "10.1.0.0/16"], ["172.16.0.0/12", "172.31.0.0/16"]]
                true false

                """)
    }

    /// The stdlib's CIDR plans feed straight into builders and pass validation.
    @Test func plannedBlocksMakeValidClusters() async {
        let out = await stdlibOutput(
            """
            import "net"
            let blocks = net.split("10.0.0.0/14", 16)
            let c = cluster("planned").type("VirtualMachine").flavor("cce.s1.small").vpc("\(vpc)").subnet("\(subnet)")
              .containerNetwork({mode: "vpc-router"}).containerCidr(blocks[0]).containerCidr(blocks[1])
            print(c.spec.containerNetwork.cidrs, filter(validate(c), fn(d) => d.severity == "error"))
            """)
        #expect(out == "[{cidr: \"10.0.0.0/16\"}, {cidr: \"10.1.0.0/16\"}] []\n")
    }
}
