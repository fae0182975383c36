import Foundation
import Testing

@testable import CCECore

@Suite struct Day2RuleTests {
    @Test func updateValidationNamesEachPath() {
        #expect(ClusterUpdate.validate(["spec": ["description": "fine", "deletionProtection": true]]).isEmpty)
        #expect(ClusterUpdate.validate(["spec": [:], "metadata": ["alias": "good-alias"]]).isEmpty)
        let paths = ClusterUpdate.validate([
            "spec": [
                "flavor": "cce.s2.small", "description": "a#b", "customSan": ["ok.example", "not a name"],
                "containerNetwork": ["mode": "eni", "cidrs": [["cidr": "10.0.0.1/16"]]], "hostNetwork": ["vpc": "x"],
            ],
            "metadata": ["alias": "Bad", "name": "n"],
        ]).map(\.path)
        #expect(
            paths == [
                "metadata.alias", "metadata.name", "spec.containerNetwork.cidrs[0].cidr", "spec.containerNetwork.mode",
                "spec.customSan[1]", "spec.description", "spec.flavor", "spec.hostNetwork.vpc",
            ])
        #expect(ClusterUpdate.validate(["metadata": ["alias": "good-alias"]]).map(\.path) == ["spec"])
        #expect(ClusterUpdate.validate(.array([])).map(\.code) == ["update.type"])
    }

    @Test func diffComparesOnlyWhatTheBodySetsAndListsAsAWhole() {
        let have: JSONValue = [
            "kind": "Cluster", "metadata": ["name": "a-cluster", "uid": "u", "annotations": ["jobid": "j"]],
            "spec": [
                "flavor": "cce.s1.small", "version": "v1.29.3-r0", "category": "CCE",
                "customSan": ["a.example", "b.example"],
                "extendParam": ["alpha.cce/fixPoolMask": "25", "enterpriseProjectId": "0"], "billingMode": 0,
            ],
            "status": ["phase": "Available"],
        ]
        let same: JSONValue = [
            "kind": "Cluster", "metadata": ["name": "a-cluster", "annotations": ["mine": "x"]],
            "spec": [
                "flavor": "cce.s1.small", "version": "v1.29", "customSan": ["a.example", "b.example"],
                "billingMode": 0.0,
                "extendParam": ["alpha.cce/fixPoolMask": "25"], "description": .null,
            ],
        ]
        #expect(ClusterDrift.differences(want: same, have: have).isEmpty)
        let changed: JSONValue = [
            "metadata": ["name": "a-cluster"],
            "spec": [
                "flavor": "cce.s2.small", "version": "v1.30", "customSan": ["b.example", "a.example"],
                "extendParam": ["alpha.cce/fixPoolMask": "24"], "description": "new",
            ],
        ]
        let diffs = ClusterDrift.differences(want: changed, have: have)
        #expect(
            diffs.map(\.path) == [
                "spec.customSan", "spec.description", #"spec.extendParam["alpha.cce/fixPoolMask"]"#, "spec.flavor",
                "spec.version",
            ])
        #expect(diffs[1].have == nil && diffs[3].have == "cce.s1.small" && diffs[3].want == "cce.s2.small")
        #expect(diffs[3].summary == "spec.flavor cce.s1.small → cce.s2.small")
        // The engine itself works on any two bodies.
        #expect(BodyDiff.differences(want: ["a": ["b": 1]], have: ["A": ["b": 2]]).map(\.path) == ["a.b"])
    }

    @Test func planSplitsUpdatableFromNewCluster() {
        let have: JSONValue = [
            "metadata": ["name": "a-cluster", "alias": "a-cluster"],
            "spec": ["flavor": "cce.s1.small", "containerNetwork": ["cidrs": [["cidr": "10.0.0.0/16"]]]],
        ]
        let want: JSONValue = [
            "metadata": ["name": "a-cluster", "alias": "b-alias"],
            "spec": [
                "flavor": "cce.s2.small", "description": "d", "hostNetwork": ["SecurityGroup": "sg"],
                "containerNetwork": ["cidrs": [["cidr": "10.0.0.0/16"], ["cidr": "10.1.0.0/16"]]],
            ],
        ]
        let plan = ClusterDrift.plan(ClusterDrift.differences(want: want, have: have), have: have)
        #expect(plan.needsNewCluster.map(\.path) == ["spec.flavor"])
        #expect(
            plan.update == [
                "spec": [
                    "containerNetwork": ["cidrs": [["cidr": "10.1.0.0/16"]]], "description": "d",
                    "hostNetwork": ["SecurityGroup": "sg"],
                ],
                "metadata": ["alias": "b-alias"],
            ])
        #expect(ClusterUpdate.validate(plan.update ?? .null).isEmpty)
        // A replaced (not appended) CIDR list needs a new cluster.
        let replaced = ClusterDrift.plan(
            ClusterDrift.differences(
                want: ["spec": ["containerNetwork": ["cidrs": [["cidr": "10.9.0.0/16"]]]]], have: have), have: have)
        #expect(replaced.update == nil && replaced.needsNewCluster.map(\.path) == ["spec.containerNetwork.cidrs"])
    }

    @Test func deleteOptionsAndResizeRules() throws {
        let evs = try ClusterDeleteOptions.query("evs", "TRUE").get()
        #expect(evs.name == "delete_evs" && evs.value == "true")
        let lts = try ClusterDeleteOptions.query("lts", "Retain").get()
        #expect(lts.name == "lts_reclaim_policy" && lts.value == "Retain")
        #expect(throws: ClusterDeleteOptions.Problem.self) { try ClusterDeleteOptions.query("evs", "maybe").get() }
        #expect(throws: ClusterDeleteOptions.Problem.self) { try ClusterDeleteOptions.query("disk", "true").get() }
        #expect(ClusterResize.problem(from: "cce.s1.small", to: "cce.s1.medium") == nil)
        #expect(ClusterResize.problem(from: "cce.s2.medium", to: "cce.s2.large") == nil)
        #expect(ClusterResize.problem(from: "cce.s1.medium", to: "cce.s1.small") != nil)
        #expect(ClusterResize.problem(from: "cce.s1.small", to: "cce.s2.large") != nil)
        #expect(ClusterResize.problem(from: "cce.s1.small", to: "cce.z.nothing") != nil)
    }
}
