import CCECore
import Testing

/// Bodies for the node, pool and clustercert validators, built like the language's builders.
enum NodeBodies {
    static let node = Body(json: [
        "kind": "Node", "apiVersion": "v3",
        "metadata": ["name": "worker"],
        "spec": [
            "flavor": "s3.large.2", "az": "eu-de-01", "os": "EulerOS 2.9",
            "login": ["sshKey": "kp"],
            "rootVolume": ["size": 40, "volumetype": "SSD"],
            "dataVolumes": [["size": 100, "volumetype": "SSD"]],
            "count": 1,
        ],
    ])

    /// WIRE-LIFECYCLE §3.1's example body.
    static let pool = Body(json: [
        "kind": "NodePool", "apiVersion": "v3",
        "metadata": ["name": "pool-a"],
        "spec": [
            "type": "vm", "initialNodeCount": 2,
            "nodeTemplate": [
                "flavor": "s3.large.2", "az": "eu-de-01", "os": "EulerOS 2.9",
                "login": ["sshKey": "kp"],
                "rootVolume": ["size": 40, "volumetype": "SSD"],
                "dataVolumes": [["size": 100, "volumetype": "SSD"]],
                "runtime": ["name": "containerd"],
                "k8sTags": ["role": "worker"], "taints": [],
                "extendParam": ["maxPods": 110],
            ],
            "autoscaling": [
                "enable": true, "minNodeCount": 1, "maxNodeCount": 10,
                "scaleDownCooldownTime": 100, "priority": 1,
            ],
            "nodeManagement": ["serverGroupReference": ""],
        ],
    ])

    static let update = Body(json: ["metadata": ["name": "pool-a"], "spec": ["initialNodeCount": 3]])

    static func taints(_ n: Int) -> JSONValue {
        .array((0..<n).map { ["key": .string("k\($0)"), "value": "v", "effect": "NoSchedule"] })
    }

    static func tags(_ n: Int) -> JSONValue {
        var o: [(String, JSONValue)] = []
        for i in 0..<n { o.append(("k\(i)", "v")) }
        return .object(.init(uniqueKeysWithValues: o))
    }
}

extension Body {
    func at(_ keys: String..., value: JSONValue) -> Body { setting(keys, value) }
}

@Suite("NodeValidator")
struct NodeValidatorTests {
    enum Which: Sendable { case node, pool, update, cert }

    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let which: Which
        let body: JSONValue
        /// `nil`: no errors. Otherwise the code and path of an error that must be present.
        let error: (code: String, path: String)?
        /// A fragment the error's hint must contain.
        let hint: String?
        init(_ label: String, _ which: Which, _ body: Body, _ error: (String, String)? = nil, hint: String? = nil) {
            self.label = label
            self.which = which
            self.body = body.json
            self.error = error.map { (code: $0.0, path: $0.1) }
            self.hint = hint
        }
        var testDescription: String { label }

        var diagnostics: [Diagnostic] {
            switch which {
            case .node: return NodeValidator.validateNode(body)
            case .pool: return NodeValidator.validateNodePool(body)
            case .update: return NodeValidator.validateNodePoolUpdate(body)
            case .cert: return NodeValidator.validateClusterCert(body)
            }
        }
    }

    static let n = NodeBodies.node
    static let p = NodeBodies.pool
    static let u = NodeBodies.update
    static let certBase = Body(json: ["duration": 30])

    static let cases: [Case] = [
        Case("minimal node", .node, n),
        Case("doc's pool example", .pool, p),
        Case("update with a count", .update, u),
        // Root
        Case("kind", .node, n.at("kind", value: "node"), ("kind.value", "kind"), hint: "\"Node\""),
        Case("kind missing", .node, n.removing(["kind"]), ("field.required", "kind"), hint: "Node"),
        Case("apiVersion", .node, n.at("apiVersion", value: "v2"), ("apiVersion.value", "apiVersion"), hint: "v3"),
        Case("pool kind", .pool, p.at("kind", value: "Node"), ("kind.value", "kind"), hint: "NodePool"),
        Case("body not an object", .node, Body(json: [1]), ("body.type", "")),
        // Node name: 0–56
        Case("name 56", .node, n.at("metadata", "name", value: .string("a" + String(repeating: "b", count: 55)))),
        Case(
            "name 57", .node, n.at("metadata", "name", value: .string("a" + String(repeating: "b", count: 56))),
            ("name.pattern", "metadata.name"), hint: "try"),
        Case("name empty is generated", .node, n.at("metadata", "name", value: "")),
        Case(
            "name upper", .node, n.at("metadata", "name", value: "Worker"), ("name.pattern", "metadata.name"),
            hint: "worker"),
        Case("name trailing hyphen", .node, n.at("metadata", "name", value: "w-"), ("name.pattern", "metadata.name")),
        // Flavor, az
        Case(
            "flavor missing", .node, n.removing(["spec", "flavor"]), ("field.required", "spec.flavor"),
            hint: "s3.large.2"),
        Case("az missing", .node, n.removing(["spec", "az"]), ("field.required", "spec.az"), hint: "eu-de-01"),
        // Root volume 40–1024
        Case(
            "root 39", .node, n.at("spec", "rootVolume", "size", value: 39), ("volume.size", "spec.rootVolume.size"),
            hint: "40"),
        Case("root 40", .node, n.at("spec", "rootVolume", "size", value: 40)),
        Case("root 1024", .node, n.at("spec", "rootVolume", "size", value: 1024)),
        Case(
            "root 1025", .node, n.at("spec", "rootVolume", "size", value: 1025),
            ("volume.size", "spec.rootVolume.size"),
            hint: "1024"),
        Case(
            "root size string", .node, n.at("spec", "rootVolume", "size", value: "40"),
            ("field.type", "spec.rootVolume.size"),
            hint: "without quotes"),
        Case(
            "root missing", .node, n.removing(["spec", "rootVolume"]), ("field.required", "spec.rootVolume"),
            hint: "size: 40"),
        Case(
            "root volumetype", .node, n.at("spec", "rootVolume", "volumetype", value: "SDD"),
            ("volumetype.value", "spec.rootVolume.volumetype"), hint: "\"SSD\""),
        Case(
            "root volumetype missing", .node, n.removing(["spec", "rootVolume", "volumetype"]),
            ("field.required", "spec.rootVolume.volumetype"), hint: "SAS"),
        Case(
            "GPSSD2 needs iops", .node, n.at("spec", "rootVolume", "volumetype", value: "GPSSD2"),
            ("volume.iops", "spec.rootVolume.iops"), hint: "iops"),
        Case(
            "iops on SSD", .node, n.at("spec", "rootVolume", "iops", value: 3000),
            ("volume.iops", "spec.rootVolume.iops"),
            hint: "remove"),
        Case(
            "encrypted without key", .node, n.at("spec", "rootVolume", "metadata", value: ["__system__encrypted": "1"]),
            ("volume.cmkid", "spec.rootVolume.metadata.__system__cmkid"), hint: "KMS"),
        // Data volumes 100–32768
        Case(
            "data 99", .node, n.at("spec", "dataVolumes", value: [["size": 99, "volumetype": "SAS"]]),
            ("volume.size", "spec.dataVolumes[0].size"), hint: "100"),
        Case("data 100", .node, n.at("spec", "dataVolumes", value: [["size": 100, "volumetype": "SAS"]])),
        Case("data 32768", .node, n.at("spec", "dataVolumes", value: [["size": 32768, "volumetype": "SATA"]])),
        Case(
            "data 32769", .node,
            n.at(
                "spec", "dataVolumes",
                value: [["size": 100, "volumetype": "SAS"], ["size": 32769, "volumetype": "SAS"]]),
            ("volume.size", "spec.dataVolumes[1].size"), hint: "32768"),
        Case(
            "data empty", .node, n.at("spec", "dataVolumes", value: []), ("dataVolumes.empty", "spec.dataVolumes"),
            hint: "size: 100"),
        Case(
            "data missing", .node, n.removing(["spec", "dataVolumes"]), ("field.required", "spec.dataVolumes"),
            hint: "size: 100"),
        Case(
            "16 data volumes", .node,
            n.at("spec", "dataVolumes", value: .array(Array(repeating: ["size": 100, "volumetype": "SAS"], count: 16)))
        ),
        Case(
            "17 data volumes", .node,
            n.at(
                "spec", "dataVolumes", value: .array(Array(repeating: ["size": 100, "volumetype": "SAS"], count: 17))),
            ("dataVolumes.count", "spec.dataVolumes"), hint: "remove 1"),
        // count ≥ 1, ≤ 2000
        Case("count 0", .node, n.at("spec", "count", value: 0), ("count.range", "spec.count"), hint: "number of nodes"),
        Case("count 1", .node, n.at("spec", "count", value: 1)),
        Case("count 2000", .node, n.at("spec", "count", value: 2000)),
        Case("count 2001", .node, n.at("spec", "count", value: 2001), ("count.range", "spec.count"), hint: "2000"),
        Case(
            "count missing", .node, n.removing(["spec", "count"]), ("field.required", "spec.count"),
            hint: "number of nodes"),
        Case("count optional in a template", .pool, p.removing(["spec", "nodeTemplate", "count"])),
        // login
        Case(
            "login both", .node,
            n.at(
                "spec", "login",
                value: ["sshKey": "kp", "userPassword": ["username": "root", "password": "JDYkYWJjJGRlZg=="]]),
            ("login.exclusive", "spec.login.userPassword"), hint: "remove"),
        Case(
            "login neither", .node, n.at("spec", "login", value: [:]), ("login.missing", "spec.login"), hint: "sshKey"),
        Case("login missing", .node, n.removing(["spec", "login"]), ("field.required", "spec.login"), hint: "sshKey"),
        Case(
            "hashed password", .node,
            n.at("spec", "login", value: ["userPassword": ["username": "root", "password": "JDYkYWJjJGRlZg=="]])),
        Case(
            "weak plain password", .node, n.at("spec", "login", value: ["userPassword": ["password": "short"]]),
            ("password.weak", "spec.login.userPassword.password"), hint: "8 to 26"),
        Case(
            "password missing", .node, n.at("spec", "login", value: ["userPassword": ["username": "root"]]),
            ("field.required", "spec.login.userPassword.password"), hint: "salted"),
        // taints
        Case("20 taints", .node, n.at("spec", "taints", value: NodeBodies.taints(20))),
        Case(
            "21 taints", .node, n.at("spec", "taints", value: NodeBodies.taints(21)), ("taints.count", "spec.taints"),
            hint: "remove 1"),
        Case(
            "taint effect", .node, n.at("spec", "taints", value: [["key": "a", "effect": "NoScheduled"]]),
            ("taint.effect", "spec.taints[0].effect"), hint: "\"NoSchedule\""),
        Case(
            "taint effect missing", .node, n.at("spec", "taints", value: [["key": "a"]]),
            ("field.required", "spec.taints[0].effect"), hint: "PreferNoSchedule"),
        Case(
            "taint key missing", .node, n.at("spec", "taints", value: [["effect": "NoExecute"]]),
            ("field.required", "spec.taints[0].key"), hint: "63"),
        Case(
            "taint key 63", .node,
            n.at("spec", "taints", value: [["key": .string(String(repeating: "k", count: 63)), "effect": "NoExecute"]])
        ),
        Case(
            "taint key 64", .node,
            n.at(
                "spec", "taints", value: [["key": .string(String(repeating: "k", count: 64)), "effect": "NoExecute"]]),
            ("taint.key", "spec.taints[0].key"), hint: "e.g."),
        Case(
            "taint key with prefix", .node,
            n.at("spec", "taints", value: [["key": "example.com/gpu", "effect": "NoExecute"]])),
        Case(
            "taint key starts with -", .node, n.at("spec", "taints", value: [["key": "-a", "effect": "NoExecute"]]),
            ("taint.key", "spec.taints[0].key"), hint: "e.g."),
        Case(
            "taint value 63", .node,
            n.at(
                "spec", "taints",
                value: [["key": "a", "value": .string(String(repeating: "v", count: 63)), "effect": "NoExecute"]])),
        Case(
            "taint value 64", .node,
            n.at(
                "spec", "taints",
                value: [["key": "a", "value": .string(String(repeating: "v", count: 64)), "effect": "NoExecute"]]),
            ("taint.value", "spec.taints[0].value"), hint: "63"),
        Case(
            "taint value empty", .node,
            n.at("spec", "taints", value: [["key": "a", "value": "", "effect": "NoExecute"]])),
        Case(
            "taint duplicate", .node,
            n.at(
                "spec", "taints", value: [["key": "a", "effect": "NoExecute"], ["key": "a", "effect": "NoExecute"]]),
            ("taint.duplicate", "spec.taints[1].key"), hint: "keep one"),
        // k8sTags
        Case("20 labels", .node, n.at("spec", "k8sTags", value: NodeBodies.tags(20))),
        Case(
            "21 labels", .node, n.at("spec", "k8sTags", value: NodeBodies.tags(21)), ("k8sTags.count", "spec.k8sTags"),
            hint: "remove 1"),
        Case(
            "label key bad", .node, n.at("spec", "k8sTags", value: ["a b": "v"]),
            ("k8sTags.key", "spec.k8sTags[\"a b\"]"), hint: "e.g."),
        Case("label key prefix", .node, n.at("spec", "k8sTags", value: ["example.com/tier": "web"])),
        Case(
            "label key prefix bad", .node, n.at("spec", "k8sTags", value: ["Example_com/tier": "web"]),
            ("k8sTags.key", "spec.k8sTags[\"Example_com/tier\"]"), hint: "e.g."),
        Case(
            "label value 63", .node, n.at("spec", "k8sTags", value: ["a": .string(String(repeating: "v", count: 63))])),
        Case(
            "label value 64", .node, n.at("spec", "k8sTags", value: ["a": .string(String(repeating: "v", count: 64))]),
            ("k8sTags.value", "spec.k8sTags.a"), hint: "63"),
        Case(
            "label value number", .node, n.at("spec", "k8sTags", value: ["a": 1]), ("field.type", "spec.k8sTags.a"),
            hint: "\"1\""),
        // maxPods 16–256
        Case(
            "maxPods 15", .node, n.at("spec", "extendParam", "maxPods", value: 15),
            ("maxPods.range", "spec.extendParam.maxPods"), hint: "16"),
        Case("maxPods 16", .node, n.at("spec", "extendParam", "maxPods", value: 16)),
        Case("maxPods 256", .node, n.at("spec", "extendParam", "maxPods", value: 256)),
        Case(
            "maxPods 257", .node, n.at("spec", "extendParam", "maxPods", value: 257),
            ("maxPods.range", "spec.extendParam.maxPods"), hint: "256"),
        Case(
            "maxPods 1024 with kuasar", .node,
            n.at("spec", "extendParam", "maxPods", value: 1024)
                .at("spec", "runtime", value: ["name": "containerd", "runtimeClass": "kuasar-vmm"])),
        Case(
            "preInstall not base64", .node, n.at("spec", "extendParam", value: ["alpha.cce/preInstall": "echo hi"]),
            ("extendParam.script", "spec.extendParam[\"alpha.cce/preInstall\"]"), hint: "base64"),
        Case(
            "runtime name", .node, n.at("spec", "runtime", value: ["name": "dockerd"]),
            ("runtime.name", "spec.runtime.name"), hint: "docker"),
        Case(
            "billingMode 3", .node, n.at("spec", "billingMode", value: 3), ("billingMode.value", "spec.billingMode"),
            hint: "0"),
        // publicIP, NICs
        Case(
            "eip count without eip", .node, n.at("spec", "publicIP", value: ["count": 1]),
            ("publicIP.eip", "spec.publicIP.eip"), hint: "iptype"),
        Case(
            "eip ids and count", .node,
            n.at("spec", "publicIP", value: ["ids": ["x"], "count": 1, "eip": ["iptype": "5_bgp"]]),
            ("publicIP.exclusive", "spec.publicIP.count"), hint: "remove"),
        Case(
            "eip share type", .node,
            n.at(
                "spec", "publicIP",
                value: ["count": 1, "eip": ["iptype": "5_bgp", "bandwidth": ["sharetype": "WHOLE", "size": 5]]]),
            ("bandwidth.sharetype", "spec.publicIP.eip.bandwidth.sharetype"), hint: "PER"),
        Case(
            "fixed IPs and ipBlock", .node,
            n.at(
                "spec", "nodeNicSpec",
                value: ["primaryNic": ["fixedIps": ["192.168.0.5"], "ipBlock": "192.168.0.0/24"]]),
            ("nic.exclusive", "spec.nodeNicSpec.primaryNic.ipBlock"), hint: "remove"),
        Case(
            "extension NIC without subnet", .node, n.at("spec", "nodeNicSpec", value: ["extNics": [[:]]]),
            ("field.required", "spec.nodeNicSpec.extNics[0].subnetId"), hint: "network ID"),
        // storage
        Case(
            "doc's storage example", .node,
            n.at(
                "spec", "storage",
                value: [
                    "storageSelectors": [
                        [
                            "name": "cceUse", "storageType": "evs",
                            "matchLabels": ["size": "100", "volumeType": "SAS", "count": "1"],
                        ]
                    ],
                    "storageGroups": [
                        [
                            "name": "vgpaas", "selectorNames": ["cceUse"], "cceManaged": true,
                            "virtualSpaces": [
                                ["name": "runtime", "size": "90%"], ["name": "kubernetes", "size": "10%"],
                            ],
                        ]
                    ],
                ])),
        Case(
            "storage unknown selector", .node,
            n.at(
                "spec", "storage",
                value: [
                    "storageSelectors": [["name": "cceUse"]],
                    "storageGroups": [["name": "vg", "selectorNames": ["other"]]],
                ]), ("storage.selector", "spec.storage.storageGroups[0].selectorNames[0]"), hint: "cceUse"),
        Case(
            "matchLabels number", .node,
            n.at("spec", "storage", value: ["storageSelectors": [["name": "a", "matchLabels": ["size": 100]]]]),
            ("field.type", "spec.storage.storageSelectors[0].matchLabels.size"), hint: "\"100\""),
        // Pools
        Case("pool name 50", .pool, p.at("metadata", "name", value: .string("p" + String(repeating: "a", count: 49)))),
        Case(
            "pool name 51", .pool, p.at("metadata", "name", value: .string("p" + String(repeating: "a", count: 50))),
            ("pool.name.pattern", "metadata.name"), hint: "try"),
        Case(
            "pool name empty", .pool, p.at("metadata", "name", value: ""), ("pool.name.pattern", "metadata.name"),
            hint: "1 to 50"),
        Case(
            "DefaultPool", .pool, p.at("metadata", "name", value: "DefaultPool"),
            ("pool.name.reserved", "metadata.name"), hint: "default-pool"),
        Case("pool type", .pool, p.at("spec", "type", value: "VM"), ("pool.type", "spec.type"), hint: "\"vm\""),
        Case(
            "pool template missing", .pool, p.removing(["spec", "nodeTemplate"]),
            ("field.required", "spec.nodeTemplate"), hint: "flavor"),
        Case(
            "pool template root 39", .pool, p.at("spec", "nodeTemplate", "rootVolume", "size", value: 39),
            ("volume.size", "spec.nodeTemplate.rootVolume.size"), hint: "40"),
        Case(
            "pool template maxPods 257", .pool, p.at("spec", "nodeTemplate", "extendParam", "maxPods", value: 257),
            ("maxPods.range", "spec.nodeTemplate.extendParam.maxPods"), hint: "256"),
        Case(
            "pool template 21 taints", .pool, p.at("spec", "nodeTemplate", "taints", value: NodeBodies.taints(21)),
            ("taints.count", "spec.nodeTemplate.taints"), hint: "remove 1"),
        Case(
            "pool template login both", .pool,
            p.at("spec", "nodeTemplate", "login", "userPassword", value: ["password": "JDYkYWJjJGRlZg=="]),
            ("login.exclusive", "spec.nodeTemplate.login.userPassword"), hint: "remove"),
        Case(
            "pool template os missing", .pool, p.removing(["spec", "nodeTemplate", "os"]),
            ("field.required", "spec.nodeTemplate.os"),
            hint: "EulerOS"),
        Case(
            "pool template fixed IPs", .pool,
            p.at("spec", "nodeTemplate", "nodeNicSpec", value: ["primaryNic": ["fixedIps": ["10.0.0.1"]]]),
            ("nic.fixedIps", "spec.nodeTemplate.nodeNicSpec.primaryNic.fixedIps"), hint: "remove"),
        Case("pool az random", .pool, p.at("spec", "nodeTemplate", "az", value: "random")),
        Case(
            "ElasticBMS needs SCSI", .pool, p.at("spec", "type", value: "ElasticBMS"),
            ("volume.passthrough", "spec.nodeTemplate.rootVolume[\"hw:passthrough\"]"), hint: "true"),
        Case(
            "initialNodeCount missing", .pool, p.removing(["spec", "initialNodeCount"]),
            ("field.required", "spec.initialNodeCount"),
            hint: "e.g. 2"),
        Case(
            "initialNodeCount -1", .pool, p.at("spec", "initialNodeCount", value: -1),
            ("initialNodeCount.range", "spec.initialNodeCount"),
            hint: "0"),
        Case(
            "initialNodeCount 0", .pool,
            p.at("spec", "initialNodeCount", value: 0).at("spec", "autoscaling", "minNodeCount", value: 0)),
        Case(
            "initialNodeCount 2001", .pool,
            p.at("spec", "initialNodeCount", value: 2001).removing(["spec", "autoscaling"]),
            ("initialNodeCount.range", "spec.initialNodeCount"), hint: "2000"),
        Case(
            "autoscaling min = max", .pool,
            p.at("spec", "autoscaling", "minNodeCount", value: 2).at("spec", "autoscaling", "maxNodeCount", value: 2)),
        Case(
            "autoscaling min > max", .pool,
            p.at("spec", "autoscaling", "minNodeCount", value: 3).at("spec", "autoscaling", "maxNodeCount", value: 2),
            ("autoscaling.minMax", "spec.autoscaling.maxNodeCount"), hint: "at least 3"),
        Case(
            "autoscaling max 2001", .pool, p.at("spec", "autoscaling", "maxNodeCount", value: 2001),
            ("autoscaling.range", "spec.autoscaling.maxNodeCount"), hint: "2000"),
        Case(
            "autoscaling min -1", .pool, p.at("spec", "autoscaling", "minNodeCount", value: -1),
            ("autoscaling.range", "spec.autoscaling.minNodeCount"), hint: "0"),
        Case(
            "autoscaling threshold", .pool, p.at("spec", "autoscaling", "scaleDownUtilizationThreshold", value: 1.5),
            ("autoscaling.threshold", "spec.autoscaling.scaleDownUtilizationThreshold"), hint: "0.5"),
        Case(
            "6 pod security groups", .pool,
            p.at("spec", "podSecurityGroups", value: .array(Array(repeating: ["id": "sg"], count: 6))),
            ("podSecurityGroups.count", "spec.podSecurityGroups"), hint: "remove 1"),
        Case(
            "taint policy", .pool, p.at("spec", "taintPolicyOnExistingNodes", value: "refrsh"),
            ("pool.policy", "spec.taintPolicyOnExistingNodes"), hint: "\"refresh\""),
        // Pool update
        Case(
            "update: neither", .update, u.removing(["spec", "initialNodeCount"]),
            ("initialNodeCount.update", "spec.initialNodeCount"),
            hint: "ignoreInitialNodeCount: true"),
        Case(
            "update: ignore false", .update,
            u.removing(["spec", "initialNodeCount"]).at("spec", "ignoreInitialNodeCount", value: false),
            ("initialNodeCount.update", "spec.initialNodeCount"), hint: "ignoreInitialNodeCount: true"),
        Case(
            "update: ignore true", .update,
            u.removing(["spec", "initialNodeCount"]).at("spec", "ignoreInitialNodeCount", value: true)),
        Case("update: count 0 is explicit", .update, u.at("spec", "initialNodeCount", value: 0)),
        Case(
            "update: count string", .update, u.at("spec", "initialNodeCount", value: "3"),
            ("field.type", "spec.initialNodeCount"),
            hint: "without quotes"),
        Case("update: no spec", .update, u.removing(["spec"]), ("field.required", "spec"), hint: "spec"),
        Case(
            "update: no metadata", .update, u.removing(["metadata"]), ("field.required", "metadata"), hint: "metadata"),
        Case(
            "update: partial template", .update,
            u.at("spec", "nodeTemplate", value: ["k8sTags": ["a": "b"], "taints": []])),
        Case(
            "update: template maxPods", .update, u.at("spec", "nodeTemplate", value: ["extendParam": ["maxPods": 300]]),
            ("maxPods.range", "spec.nodeTemplate.extendParam.maxPods"), hint: "256"),
        Case(
            "update: template login both", .update,
            u.at(
                "spec", "nodeTemplate",
                value: ["login": ["sshKey": "a", "userPassword": ["password": "JDYkYWJjJGRlZg=="]]]),
            ("login.exclusive", "spec.nodeTemplate.login.userPassword"), hint: "remove"),
        Case(
            "update: autoscaling min > max", .update,
            u.at("spec", "autoscaling", value: ["minNodeCount": 5, "maxNodeCount": 1]),
            ("autoscaling.minMax", "spec.autoscaling.maxNodeCount"), hint: "at least 5"),
        // clustercert
        Case("duration 30", .cert, certBase),
        Case("duration -1", .cert, Body(json: ["duration": -1])),
        Case("duration 1", .cert, Body(json: ["duration": 1])),
        Case("duration 1827", .cert, Body(json: ["duration": 1827])),
        Case("duration 0", .cert, Body(json: ["duration": 0]), ("duration.range", "duration"), hint: "at least 1"),
        Case("duration -2", .cert, Body(json: ["duration": -2]), ("duration.range", "duration"), hint: "-1"),
        Case("duration 1828", .cert, Body(json: ["duration": 1828]), ("duration.range", "duration"), hint: "1827"),
        Case(
            "duration string", .cert, Body(json: ["duration": "30"]), ("field.type", "duration"), hint: "without quotes"
        ),
        Case("duration missing", .cert, Body(json: [:]), ("field.required", "duration"), hint: "1827"),
        Case("expire_at instead", .cert, Body(json: ["expire_at": "2027-01-01 16:00:00 +0000 UTC"])),
        Case(
            "expire_at bad", .cert, Body(json: ["expire_at": "tomorrow"]), ("expire_at.format", "expire_at"),
            hint: "2027"),
    ]

    @Test(arguments: cases)
    func rule(_ c: Case) {
        let ds = c.diagnostics
        let errors = ds.filter { $0.severity == .error }
        guard let want = c.error else {
            #expect(errors.isEmpty, "\(c.label): \(errors.map { "\($0.code) \($0.path): \($0.message)" })")
            return
        }
        let hit = errors.first { $0.code == want.code && $0.path == want.path }
        #expect(
            hit != nil,
            "\(c.label): wanted \(want.code) at \(want.path), got \(errors.map { "\($0.code) @\($0.path)" })")
        if let hint = c.hint {
            #expect(
                hit?.hint?.contains(hint) == true, "\(c.label): hint \(String(describing: hit?.hint)) lacks \(hint)")
        }
    }

    /// Every error any case produces says what to do.
    @Test func everyErrorHasAHint() {
        for c in NodeValidatorTests.cases {
            for d in c.diagnostics where d.severity == .error {
                #expect(d.hint != nil, "\(c.label): \(d.code) at \(d.path) has no hint: \(d.message)")
            }
        }
    }

    /// Type errors anywhere, too.
    @Test func wrongTypesHaveHints() {
        let n = NodeBodies.node
        let bodies: [JSONValue] = [
            n.at("spec", "rootVolume", value: 5).json, n.at("spec", "taints", value: "x").json,
            n.at("spec", "login", "sshKey", value: 1).json, n.at("spec", "dataVolumes", value: [1]).json,
            n.at("metadata", "labels", value: ["a": 1]).json, n.at("spec", "waitPostInstallFinish", value: "true").json,
            ["kind": 1, "spec": [], "metadata": [:]],
        ]
        for b in bodies {
            let errors = NodeValidator.validateNode(b).filter { $0.severity == .error }
            #expect(!errors.isEmpty)
            for d in errors { #expect(d.hint != nil, "\(d.code) at \(d.path): \(d.message)") }
        }
        let d = NodeValidator.validateNode(n.at("spec", "rootVolume", value: 5).json)
            .first { $0.path == "spec.rootVolume" }
        #expect(d?.hint == "make `spec.rootVolume` an object")
    }

    @Test func plainPasswordsNeverAppearInMessages() {
        let secret = "Secr3t!pw"
        for body in [
            NodeBodies.node.at(
                "spec", "login", value: ["userPassword": ["username": "root", "password": .string(secret)]]),
            NodeBodies.node.at(
                "spec", "login", value: ["userPassword": ["username": "Secr3t", "password": .string(secret)]]),
            NodeBodies.node.at("spec", "login", value: ["userPassword": .string("x")]),
        ] {
            let ds = NodeValidator.validateNode(body.json)
            #expect(!ds.isEmpty)
            for d in ds {
                #expect(!d.message.contains(secret) && !(d.hint ?? "").contains(secret))
            }
        }
        // A password of the wrong type is named by its type only, never repeated.
        for wrong: JSONValue in [98_765_432_123, ["Secr3t!pw"], true] {
            let ds = NodeValidator.validateNode(
                NodeBodies.node.at("spec", "login", value: ["userPassword": ["username": "root", "password": wrong]])
                    .json)
            let d = ds.first { $0.path == "spec.login.userPassword.password" }
            #expect(d?.code == "field.type")
            #expect(d.map { !$0.message.contains("98765432123") && !$0.message.contains("Secr3t") } == true, "\(ds)")
            #expect(d?.hint == "make `spec.login.userPassword.password` a string")
        }
        // A strong plain password is a warning (it should be hashed), not an error.
        let ds = NodeValidator.validateNode(
            NodeBodies.node.at("spec", "login", value: ["userPassword": ["password": .string(secret)]]).json)
        #expect(ds.contains { $0.code == "password.notHashed" && $0.severity == .warning })
        #expect(!ds.contains { $0.severity == .error })
    }

    @Test func misplacedFieldsPointHome() {
        let ds = NodeValidator.validateNode(NodeBodies.node.at("spec", "maxPods", value: 110).json)
        let d = ds.first { $0.path == "spec.maxPods" }
        #expect(d?.code == "field.unknown")
        #expect(d?.hint == "`maxPods` belongs in spec.extendParam")
        let pool = NodeValidator.validateNodePool(NodeBodies.pool.at("spec", "flavor", value: "s3.large.2").json)
        #expect(pool.first { $0.path == "spec.flavor" }?.hint == "`flavor` belongs in spec.nodeTemplate")
    }

    @Test func diagnosticsAreOrderedByPath() {
        let body = NodeBodies.node.at("spec", "rootVolume", "size", value: 1).at("kind", value: "X")
        let paths = NodeValidator.validateNode(body.json).filter { $0.severity == .error }.map(\.path)
        #expect(paths == ["kind", "spec.rootVolume.size"])
    }

    @Test func garbageDoesNotTrap() {
        let garbage: [JSONValue] = [
            .null, 1, "x", [:], ["spec": 1], ["spec": ["nodeTemplate": [1, 2]]],
            [
                "spec": [
                    "rootVolume": ["size": .int(Int.max)], "count": .int(Int.min), "taints": [1, "a", [:]],
                    "k8sTags": ["": ""], "extendParam": ["maxPods": .double(1e300)],
                ]
            ],
        ]
        for g in garbage {
            _ = NodeValidator.validateNode(g)
            _ = NodeValidator.validateNodePool(g)
            _ = NodeValidator.validateNodePoolUpdate(g)
            _ = NodeValidator.validateClusterCert(g)
        }
    }
}
