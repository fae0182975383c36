import CCECore
import OrderedCollections
import Testing

/// Garbage in, diagnostics out: random JSON at every field never traps, and a value of the
/// wrong type is reported at its own path.
@Suite("Validator: robustness")
struct ValidatorRobustnessTests {
    /// SplitMix64: small, seedable, so a failure reproduces.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let strings: [String] = [
        "", " ", "a", "abcd", "valid-name", "VirtualMachine", "cce.s1.small", "cce.s2.xlarge", "v1.25", "v1.11.7-r0",
        "v999999999999999999.1", "v1.", "overlay_l2", "vpc-router", "eni", "10.0.0.0/8", "10.247.0.0/16", "::/0",
        "1.2.3.4", "2001:db8::1", "multi_az", "24", "28", "99999999999999999999", "-1", "static", "none",
        "authenticating_proxy", "x509", "rbac", "iptables", "ipvs", "[", "[{}]", "[{\"addonTemplateName\":1}]",
        "[{\"addonTemplateName\":\"icagent\"}]", "{\"a\":", "\u{0}", "é", "👩‍👩‍👧", String(repeating: "x", count: 5000),
        String(repeating: "[", count: 2000), "====", "LS0t", "*.", "*.*", "-", "a..b", ".", "::", ":::", "1::2::3",
    ]

    static func randomValue(_ g: inout Generator, depth: Int = 0) -> JSONValue {
        let pick = Int(g.next() % (depth >= 3 ? 6 : 8))
        switch pick {
        case 0: return .null
        case 1: return .bool(g.next() % 2 == 0)
        case 2: return .int([0, 1, -1, 24, 25, Int.max, Int.min, 3][Int(g.next() % 8)])
        case 3: return .double([0.5, -0.0, 1e308, 25.0, -1e-300][Int(g.next() % 5)])
        case 4, 5: return .string(strings[Int(g.next() % UInt64(strings.count))])
        case 6:
            return .array((0..<Int(g.next() % 4)).map { _ in randomValue(&g, depth: depth + 1) })
        default:
            var o: JSONValue = [:]
            let keys = [
                "cidr", "mode", "ca", "key", "value", "availabilityZone", "x", "IPv4CIDR", "vpc", "subnet", "Cidr",
            ]
            for _ in 0..<Int(g.next() % 4) {
                o[keys[Int(g.next() % UInt64(keys.count))]] = randomValue(&g, depth: depth + 1)
            }
            return o
        }
    }

    /// Every place the validator reads, as key paths from the root.
    static let knownPaths: [[String]] = [
        ["kind"], ["apiVersion"], ["metadata"], ["spec"], ["status"],
        ["metadata", "name"], ["metadata", "uid"], ["metadata", "alias"], ["metadata", "labels"],
        ["metadata", "annotations"], ["metadata", "annotations", "cluster.install.addons.external/install"],
        ["metadata", "timezone"],
        ["spec", "category"], ["spec", "type"], ["spec", "flavor"], ["spec", "version"], ["spec", "platformVersion"],
        ["spec", "description"], ["spec", "customSan"], ["spec", "ipv6enable"], ["spec", "hostNetwork"],
        ["spec", "hostNetwork", "vpc"], ["spec", "hostNetwork", "subnet"], ["spec", "hostNetwork", "SecurityGroup"],
        ["spec", "containerNetwork"], ["spec", "containerNetwork", "mode"], ["spec", "containerNetwork", "cidr"],
        ["spec", "containerNetwork", "cidrs"], ["spec", "eniNetwork"], ["spec", "eniNetwork", "eniSubnetId"],
        ["spec", "eniNetwork", "eniSubnetCIDR"], ["spec", "publicAccess"], ["spec", "publicAccess", "cidrs"],
        ["spec", "authentication"], ["spec", "authentication", "mode"],
        ["spec", "authentication", "authenticatingProxy"],
        ["spec", "authentication", "authenticatingProxy", "ca"],
        ["spec", "authentication", "authenticatingProxy", "privateKey"],
        ["spec", "masters"], ["spec", "kubernetesSvcIpRange"], ["spec", "kubeProxyMode"], ["spec", "extendParam"],
        ["spec", "extendParam", "clusterAZ"], ["spec", "extendParam", "kubeProxyMode"],
        ["spec", "extendParam", "clusterExternalIP"],
        ["spec", "extendParam", "alpha.cce/fixPoolMask"], ["spec", "extendParam", "kubernetes.io/cpuManagerPolicy"],
        ["spec", "extendParam", "upgradefrom"], ["spec", "extendParam", "periodNum"],
        ["spec", "enableMasterVolumeEncryption"], ["spec", "billingMode"], ["spec", "clusterTags"],
        ["spec", "serviceNetwork"], ["spec", "serviceNetwork", "IPv4CIDR"], ["spec", "serviceNetwork", "IPv6CIDR"],
        ["spec", "az"], ["spec", "supportIstio"],
    ]

    /// Every diagnostic says something, briefly, and none is reported twice.
    static func checkWellFormed(_ diagnostics: [Diagnostic]) -> Bool {
        diagnostics.allSatisfy { !$0.code.isEmpty && !$0.message.isEmpty && $0.message.count < 600 }
            && Set(diagnostics).count == diagnostics.count
    }

    @Test func randomValuesAtEveryKnownField() {
        var g = Generator(state: 42)
        let bases = [
            Body.base, Body.base.containerNetwork(["mode": "vpc-router"]).version("v1.11"),
            Body.base.flavor("cce.s2.large").authentication(["mode": "authenticating_proxy"]),
        ]
        var count = 0
        for path in ValidatorRobustnessTests.knownPaths {
            for _ in 0..<40 {
                let base = bases[Int(g.next() % UInt64(bases.count))]
                var body = base.setting(path, ValidatorRobustnessTests.randomValue(&g))
                // A second random field at once, so cross-field rules see garbage too.
                let other = ValidatorRobustnessTests.knownPaths[
                    Int(g.next() % UInt64(ValidatorRobustnessTests.knownPaths.count))]
                body = body.setting(other, ValidatorRobustnessTests.randomValue(&g))
                let first = ClusterValidator.validate(body.json)
                #expect(ValidatorRobustnessTests.checkWellFormed(first), "\(body)")
                #expect(first == ClusterValidator.validate(body.json), "not deterministic: \(body)")
                count += 1
            }
        }
        #expect(count == ValidatorRobustnessTests.knownPaths.count * 40)
    }

    @Test func entirelyRandomBodies() {
        var g = Generator(state: 7)
        for _ in 0..<2000 {
            let body = ValidatorRobustnessTests.randomValue(&g)
            #expect(ValidatorRobustnessTests.checkWellFormed(ClusterValidator.validate(body)))
        }
        for _ in 0..<500 {
            var spec: JSONValue = [:]
            for path in ValidatorRobustnessTests.knownPaths where path.first == "spec" && g.next() % 3 == 0 {
                spec =
                    Body(json: ["spec": spec]).setting(path, ValidatorRobustnessTests.randomValue(&g)).json["spec"]
                    ?? [:]
            }
            let body = Body.cluster("random").setting(["spec"], spec)
            #expect(ValidatorRobustnessTests.checkWellFormed(body.diagnostics))
        }
    }

    /// A non-null value of the wrong type at a string field is an error at that very path
    /// that says what was expected.
    @Test(arguments: [
        ["kind"], ["apiVersion"], ["metadata", "name"], ["spec", "type"], ["spec", "flavor"], ["spec", "version"],
        ["spec", "description"], ["spec", "hostNetwork", "vpc"], ["spec", "containerNetwork", "mode"],
        ["spec", "kubeProxyMode"], ["spec", "kubernetesSvcIpRange"], ["spec", "extendParam", "clusterAZ"],
        ["spec", "extendParam", "alpha.cce/fixPoolMask"],
    ])
    func wrongTypeAtStringField(_ path: [String]) {
        for value: JSONValue in [1, 2.5, true, [], ["a": 1]] {
            let body = Body.base.setting(path, value)
            let rendered = path.reduce(DiagnosticPath.root) { $0.key($1) }.description
            let hit = body.diagnostics.first { $0.path == rendered && $0.code == "field.type" }
            #expect(hit?.severity == .error, "\(rendered) = \(value): \(body.diagnostics)")
            #expect(hit?.message.hasPrefix("expected a string") == true)
        }
    }

    @Test(arguments: [["spec", "ipv6enable"], ["spec", "enableMasterVolumeEncryption"], ["spec", "supportIstio"]])
    func wrongTypeAtBooleanField(_ path: [String]) {
        let body = Body.base.setting(path, "yes")
        let rendered = path.reduce(DiagnosticPath.root) { $0.key($1) }.description
        #expect(body.has(.error, "field.type", at: rendered), "\(body.diagnostics)")
    }

    @Test func deepNestingDoesNotRecurseUnbounded() throws {
        var deep: JSONValue = "leaf"
        for _ in 0..<1000 { deep = [deep] }
        for path in [["spec", "masters"], ["spec", "unknownField"], ["metadata", "labels"], ["spec", "customSan"]] {
            let diagnostics = Body.base.setting(path, deep).diagnostics
            #expect(!diagnostics.isEmpty)
        }
    }

    @Test func manyUnknownKeysStayFast() {
        var spec = Body.base.json["spec"]?.objectValue ?? [:]
        for i in 0..<20_000 { spec["unknownField\(i)"] = .int(i) }
        let body = Body.base.setting(["spec"], .object(spec))
        let clock = ContinuousClock()
        var count = 0
        let elapsed = clock.measure { count = body.diagnostics.count }
        #expect(count == 20_000)
        #expect(elapsed < .seconds(3))
    }

    @Test func hugeListsStayFast() {
        let many = JSONValue.array((0..<5000).map { .string("host\($0).example.com") })
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = Body.base.setting(["spec", "customSan"], many).diagnostics }
        #expect(elapsed < .seconds(2))
        let cidrs = JSONValue.array((0..<2000).map { i in ["cidr": .string("10.\(i / 256).\(i % 256).0/24")] })
        let body = Body.base.containerNetwork(["mode": "vpc-router", "cidrs": cidrs])
        #expect(body.has(.error, "containerNetwork.cidrs.count", at: "spec.containerNetwork.cidrs"))
    }
}
