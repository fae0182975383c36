import CCECore
import Foundation
import OrderedCollections

/// The shapes of node and node-pool bodies as the service keeps them (WIRE-LIFECYCLE §1.1,
/// §3.1), matched like the cluster's (`WireSchema`): member names without regard to case,
/// unknown members dropped, free-form maps kept as sent.
extension WireSchema {
    /// NodeSpec members (§1.1); `nodeTemplate` adds `configurationsOverride` (§3.1).
    static let nodeSpecMembers: [(String, WireSchema)] = [
        ("flavor", .value), ("az", .value), ("os", .value), ("login", .value), ("rootVolume", .value),
        ("dataVolumes", .value), ("storage", .value), ("publicIP", .value), ("nodeNicSpec", .value),
        ("count", .value), ("billingMode", .value), ("taints", .value), ("k8sTags", .value), ("userTags", .value),
        ("runtime", .value), ("extendParam", .value), ("ecsGroupId", .value), ("dedicatedHostId", .value),
        ("waitPostInstallFinish", .value), ("initializedConditions", .value), ("hostnameConfig", .value),
        ("nodeNameTemplate", .value), ("serverEnterpriseProjectID", .value), ("partition", .value),
        ("offloadNode", .value), ("faultDomain", .value),
    ]

    static let node: WireSchema = .object([
        ("kind", .value), ("apiVersion", .value),
        (
            "metadata",
            .object([
                ("name", .value), ("uid", .value), ("labels", .value), ("annotations", .value),
            ])
        ),
        ("spec", .object(nodeSpecMembers)),
    ])

    static let nodeTemplate: WireSchema = .object(nodeSpecMembers + [("configurationsOverride", .value)])

    static let nodePoolSpecMembers: [(String, WireSchema)] = [
        ("type", .value), ("nodeTemplate", nodeTemplate), ("initialNodeCount", .value), ("autoscaling", .value),
        ("nodeManagement", .value), ("repairPolicy", .value), ("podSecurityGroups", .value),
        ("customSecurityGroups", .value), ("extensionScaleGroups", .value), ("taintPolicyOnExistingNodes", .value),
        ("labelPolicyOnExistingNodes", .value), ("userTagsPolicyOnExistingNodes", .value),
    ]

    static let nodePool: WireSchema = .object([
        ("kind", .value), ("apiVersion", .value),
        ("metadata", .object([("name", .value), ("annotations", .value)])),
        ("spec", .object(nodePoolSpecMembers)),
    ])

    static let nodePoolUpdate: WireSchema = .object([
        ("metadata", .object([("name", .value)])),
        ("spec", .object(nodePoolSpecMembers + [("ignoreInitialNodeCount", .value)])),
    ])
}

/// What the service fills into a node, and the limits it enforces on a cluster's nodes.
enum NodeDefaults {
    /// The emulator has no VPC service to ask for the cluster subnet's CIDR block, so every
    /// cluster's subnet is 192.168.0.0/16 (the console's default VPC block); node addresses
    /// are unique within a cluster, as they are within a real subnet.
    static let subnetPrefix = "192.168"

    /// The most nodes a cluster of `flavor` may have (WIRE.md §1.1 flavor table and §8
    /// "Flavor node limits": small 50, medium 200, large 1000, xlarge 2000; the legacy
    /// bare-metal `cce.t2.*` 10/100/500). Exceeding it is 400 `CCE.01400014`.
    static func nodeLimit(flavor: String) -> Int {
        let size = flavor.split(separator: ".").last.map(String.init) ?? ""
        let legacy = flavor.hasPrefix("cce.t")
        switch size {
        case "small": return legacy ? 10 : 50
        case "medium": return legacy ? 100 : 200
        case "large": return legacy ? 500 : 1000
        case "xlarge": return 2000
        // An unknown size: the smallest limit, so a test never relies on more.
        default: return 50
        }
    }

    /// `count` free addresses of the cluster subnet, lowest first, avoiding `taken` and the
    /// master's `reserved` address; nil when the subnet is full. .0/.255 hosts and the gateway
    /// (.0.1) are skipped so every address reads like one the console hands out.
    static func addresses(_ count: Int, taken: Set<String>, reserved: String) -> [String]? {
        var out: [String] = []
        for third in 0...255 {
            for fourth in 2...254 {
                let address = "\(subnetPrefix).\(third).\(fourth)"
                if address == reserved || taken.contains(address) { continue }
                out.append(address)
                if out.count == count { return out }
            }
        }
        return count == 0 ? [] : nil
    }

    /// Five random characters of `[a-z0-9]`, the suffix the service adds to generated names.
    static func suffix() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var rng = SystemRandomNumberGenerator()
        return String((0..<5).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
    }

    /// The AZ a node lands in: as asked, or one of the region's three for `random` (and when
    /// absent, which the Huawei service treats as `random`).
    static func availabilityZone(_ asked: String?, uid: String) -> String {
        if let asked, !asked.isEmpty, asked != "random" { return asked }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in uid.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return "eu-de-0\(1 + hash % 3)"
    }

    /// The spec of one node as the service keeps it: `spec` as sent plus the defaults of
    /// WIRE-LIFECYCLE §1.7 (os, runtime, billingMode, extendParam), the AZ resolved, and the
    /// login password masked (the service never returns it).
    static func nodeSpec(
        _ given: OrderedDictionary<String, JSONValue>, uid: String, clusterVersion: String
    ) -> OrderedDictionary<String, JSONValue> {
        var spec = given
        spec["az"] = .string(availabilityZone(given["az"]?.stringValue, uid: uid))
        // [inferred] The OTC doc's example answers "EulerOS 2.5"; 2.9 is the OS OTC lists for
        // every current cluster version.
        let os = given["os"]?.stringValue ?? "EulerOS 2.9"
        if given["os"] == nil, given["extendParam"]?["alpha.cce/NodeImageID"] == nil { spec["os"] = .string(os) }
        if given["runtime"] == nil {
            spec["runtime"] = ["name": .string(defaultRuntime(clusterVersion: clusterVersion, os: os))]
        }
        if given["billingMode"] == nil { spec["billingMode"] = 0 }
        var extend = given["extendParam"]?.objectValue ?? [:]
        for (key, value) in [
            ("chargingMode", JSONValue.int(0)), ("ecs:performancetype", "normal"), ("init-node-password", ""),
            ("orderID", ""), ("productID", ""),
        ] where extend[key] == nil {
            extend[key] = value
        }
        spec["extendParam"] = .object(extend)
        return masked(spec)
    }

    /// What the service shows in place of a password.
    static let passwordMask: JSONValue = "******"

    /// A node spec or pool `nodeTemplate` with its secrets masked (WIRE-LIFECYCLE §1.2: responses
    /// mask `login.userPassword`, whether sent as the OTC doc's string or the SDK's object;
    /// §1.6: `extendParam["init-node-password"]` is response-only and always masked). The
    /// emulator keeps only the masked spec: it never logs anyone in, so the plain value is
    /// never needed and is never stored.
    static func masked(_ spec: OrderedDictionary<String, JSONValue>) -> OrderedDictionary<String, JSONValue> {
        var spec = spec
        if case .object(var login)? = spec["login"] {
            switch login["userPassword"] {
            case .object(var password)?:
                password["password"] = passwordMask
                if password["username"] == nil { password["username"] = "root" }
                login["userPassword"] = .object(password)
            case nil, .null?: break
            case _?: login["userPassword"] = passwordMask
            }
            spec["login"] = .object(login)
        }
        if case .object(var extend)? = spec["extendParam"], extend["init-node-password"] != nil {
            // The OTC example shows it blank (§1.7), which is how the service masks it.
            extend["init-node-password"] = ""
            spec["extendParam"] = .object(extend)
        }
        return spec
    }

    /// WIRE-LIFECYCLE §1.1 `runtime`: docker below Kubernetes 1.25; containerd from 1.25,
    /// except on EulerOS 2.5/2.8 nodes.
    static func defaultRuntime(clusterVersion: String, os: String) -> String {
        let parts = clusterVersion.dropFirst(clusterVersion.hasPrefix("v") ? 1 : 0).split(separator: ".")
        let minor = parts.count >= 2 ? Int(parts[1].prefix(while: \.isNumber)) ?? 99 : 99
        if minor < 25 || os == "EulerOS 2.5" || os == "EulerOS 2.8" { return "docker" }
        return "containerd"
    }

    /// An EIP address for a node that asked for one (`spec.publicIP`), stable for the node.
    static func publicAddress(uid: String) -> String {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
        for byte in uid.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return "80.158.\(hash % 256).\(1 + (hash >> 8) % 254)"
    }

    /// WIRE-LIFECYCLE §2.4: 1–56 characters, a lower-case letter first, `[a-z0-9.-]`, not
    /// ending with `-`. nil when `name` follows them.
    static func renameProblem(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        guard (1...56).contains(bytes.count) else { return "must be 1 to 56 characters, not \(bytes.count)" }
        guard let first = bytes.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else {
            return "must start with a lower-case letter"
        }
        let allowed = { (b: UInt8) in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
                || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
        }
        guard bytes.allSatisfy(allowed) else { return "may contain only a-z, 0-9, '-' and '.'" }
        if bytes.last == UInt8(ascii: "-") { return "must not end with '-'" }
        return nil
    }
}
