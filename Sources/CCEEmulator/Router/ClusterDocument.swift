import CCECore
import OrderedCollections

/// The shape of a cluster body as the service knows it (WIRE.md §1.1). The service decodes
/// requests like Go's `encoding/json`: member names match without regard to case and unknown
/// members are dropped. Free-form maps (`labels`, `extendParam`, …) are kept as sent.
indirect enum WireSchema: Sendable {
    /// An object with these members, in the order the service writes them.
    case object(ObjectSchema)
    /// An array whose elements follow the schema.
    case array(WireSchema)
    /// A scalar, or an object the service keeps verbatim.
    case value

    /// Members with their lookup tables built once, so canonicalising a body is one pass over
    /// the keys it has (not one search per member the schema knows).
    struct ObjectSchema: Sendable {
        let members: [(name: String, schema: WireSchema)]
        let exact: [String: Int]
        let folded: [String: Int]

        init(_ members: [(String, WireSchema)]) {
            self.members = members.map { (name: $0.0, schema: $0.1) }
            var exact: [String: Int] = [:]
            var folded: [String: Int] = [:]
            for (i, member) in members.enumerated() {
                exact[member.0] = i
                folded[member.0.lowercased()] = i
            }
            self.exact = exact
            self.folded = folded
        }
    }

    static func object(_ members: [(String, WireSchema)]) -> WireSchema { .object(ObjectSchema(members)) }

    static let cluster: WireSchema = .object([
        ("kind", .value), ("apiVersion", .value),
        (
            "metadata",
            .object([
                ("name", .value), ("uid", .value), ("alias", .value), ("creationTimestamp", .value),
                ("updateTimestamp", .value),
                ("labels", .value), ("annotations", .value), ("timezone", .value),
            ])
        ),
        ("spec", spec),
    ])

    static let spec: WireSchema = .object([
        ("category", .value), ("type", .value), ("flavor", .value), ("version", .value), ("platformVersion", .value),
        ("legacyVersion", .value), ("description", .value), ("customSan", .value), ("ipv6enable", .value),
        (
            "hostNetwork",
            .object([
                ("vpc", .value), ("subnet", .value), ("SecurityGroup", .value), ("controlPlaneSecurityGroup", .value),
                ("autoGenerateSecurityGroupHardeningConfig", .value), ("highwaySubnet", .value),
            ])
        ),
        (
            "containerNetwork",
            .object([
                ("mode", .value), ("cidr", .value), ("cidrs", .array(.object([("cidr", .value)]))),
                ("enableContainerCIDRsReservation", .value),
            ])
        ),
        (
            "eniNetwork",
            .object([
                ("eniSubnetId", .value), ("eniSubnetCIDR", .value),
                ("subnets", .array(.object([("subnetID", .value)]))),
            ])
        ),
        ("serviceNetwork", .object([("IPv4CIDR", .value), ("IPv6CIDR", .value)])),
        ("publicAccess", .value),
        ("authentication", .object([("mode", .value), ("authenticatingProxy", .value)])),
        ("billingMode", .value), ("masters", .array(.object([("availabilityZone", .value)]))),
        ("kubernetesSvcIpRange", .value), ("clusterTags", .array(.object([("key", .value), ("value", .value)]))),
        ("kubeProxyMode", .value), ("az", .value), ("extendParam", .value), ("supportIstio", .value),
        ("enableMasterVolumeEncryption", .value), ("enableDistMgt", .value), ("deletionProtection", .value),
        ("configurationsOverride", .value), ("clusterOps", .value), ("encryptionConfig", .value),
        ("certificateAuthority", .value), ("secretConfig", .value), ("agencyName", .value), ("enableAutopilot", .value),
        ("publicip_id", .value),
    ])

    /// `value` with member names spelled as the service spells them and unknown members
    /// dropped. An exact spelling wins over a case-folded one, and the first folded match over
    /// later ones (Go's `encoding/json`). Input depth is bounded by the JSON parser; this
    /// recursion follows the schema, which is shallow.
    func canonicalize(_ value: JSONValue) -> JSONValue {
        switch (self, value) {
        case (.object(let schema), .object(let given)):
            var found = [JSONValue?](repeating: nil, count: schema.members.count)
            var exactHit = [Bool](repeating: false, count: schema.members.count)
            for (key, member) in given {
                if let i = schema.exact[key] {
                    found[i] = member
                    exactHit[i] = true
                } else if let i = schema.folded[key.lowercased()], !exactHit[i], found[i] == nil {
                    found[i] = member
                }
            }
            var out = OrderedDictionary<String, JSONValue>(minimumCapacity: given.count)
            for (i, member) in schema.members.enumerated() {
                if let v = found[i] { out[member.name] = member.schema.canonicalize(v) }
            }
            return .object(out)
        case (.array(let element), .array(let items)):
            return .array(items.map { element.canonicalize($0) })
        default:
            return value
        }
    }
}

/// The defaults the service fills in on create (WIRE.md §1.3).
enum ClusterDefaults {
    /// What "latest" means in this emulator when the request names no version.
    static let latestVersion = "v1.31"
    /// The platform version of a cluster version. Only one pair is on record (v1.29 →
    /// cce.4.0, WIRE.md §1.3); the others follow it, one platform release per minor version
    /// [inferred], so a newer version never gets an older platform.
    static func platformVersion(for version: String) -> String {
        let parts = version.dropFirst(version.hasPrefix("v") ? 1 : 0).split(separator: ".")
        guard parts.count >= 2, let minor = Int(parts[1].prefix(while: \.isNumber)) else { return "cce.4.0" }
        return "cce.\(max(1, min(minor, 10_000) - 25)).0"
    }

    /// A security group id, stable for a cluster (the emulator has no VPC service to ask).
    static func securityGroup(for uid: String) -> String {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
        for byte in uid.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        func hex16(_ n: UInt64) -> String {
            let digits = String(n, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        let hex = hex16(hash) + hex16(hash &* 0xBF58_476D_1CE4_E5B9)
        let h = Array(hex)
        return [h[0..<8], h[8..<12], h[12..<16], h[16..<20], h[20..<32]].map { String($0) }.joined(separator: "-")
    }

    /// `spec.az` as a query shows it: `multi_az`, the first master's AZ, or the region's
    /// first AZ (the emulator's endpoints are eu-de's).
    static func availabilityZone(of cluster: JSONValue) -> String {
        let spec = cluster["spec"]
        if spec?["extendParam"]?["clusterAZ"]?.stringValue == "multi_az" { return "multi_az" }
        if let az = spec?["masters"]?[0]?["availabilityZone"]?.stringValue, !az.isEmpty { return az }
        if let az = spec?["extendParam"]?["clusterAZ"]?.stringValue, !az.isEmpty { return az }
        return "eu-de-01"
    }
    static let serviceCIDR = "10.247.0.0/16"
    static let containerCIDR = "172.16.0.0/16"

    /// Fills the defaults into a canonical cluster body; `metadata` gets `uid`, alias and timestamps.
    static func apply(to cluster: inout JSONValue, uid: String, created: String) {
        guard case .object(var root) = cluster else { return }
        root["kind"] = "Cluster"
        root["apiVersion"] = "v3"

        var meta = root["metadata"]?.objectValue ?? [:]
        var m = OrderedDictionary<String, JSONValue>()
        m["name"] = meta["name"] ?? ""
        m["uid"] = .string(uid)
        let alias = meta["alias"]?.stringValue ?? ""
        m["alias"] = .string(alias.isEmpty ? (meta["name"]?.stringValue ?? "") : alias)
        m["creationTimestamp"] = .string(created)
        m["updateTimestamp"] = .string(created)
        meta.removeValue(forKey: "uid")
        // Labels are kept as sent (the reference's example response echoes them);
        // annotations are not persisted (the 201 carries them, with the job IDs, separately).
        if let labels = meta["labels"], labels != .null { m["labels"] = labels }
        m["timezone"] = meta["timezone"] ?? ""
        root["metadata"] = .object(m)

        var spec = root["spec"]?.objectValue ?? [:]
        func fill(_ key: String, _ value: JSONValue) {
            if spec[key] == nil || spec[key] == .null { spec[key] = value }
        }
        fill("category", "CCE")
        fill("type", "VirtualMachine")
        fill("flavor", "cce.s1.small")
        fill("version", .string(latestVersion))
        spec["platformVersion"] = .string(platformVersion(for: spec["version"]?.stringValue ?? latestVersion))
        fill("ipv6enable", false)

        var container = spec["containerNetwork"]?.objectValue ?? [:]
        let mode = container["mode"]?.stringValue ?? "overlay_l2"
        if let cidr = container["cidr"]?.stringValue, container["cidrs"] == nil {
            container["cidrs"] = [["cidr": .string(cidr)]]
        } else if let first = container["cidrs"]?[0]?["cidr"]?.stringValue, container["cidr"] == nil {
            container["cidr"] = .string(first)
        } else if container["cidr"] == nil, container["cidrs"] == nil, mode != "eni" {
            container["cidr"] = .string(containerCIDR)
            container["cidrs"] = [["cidr": .string(containerCIDR)]]
        }
        spec["containerNetwork"] = .object(container)
        fill("eniNetwork", [:])

        let svc =
            spec["kubernetesSvcIpRange"]?.stringValue ?? spec["serviceNetwork"]?["IPv4CIDR"]?.stringValue ?? serviceCIDR
        var serviceNetwork = spec["serviceNetwork"]?.objectValue ?? [:]
        serviceNetwork["IPv4CIDR"] = .string(svc)
        spec["serviceNetwork"] = .object(serviceNetwork)
        spec["kubernetesSvcIpRange"] = .string(svc)

        var auth = spec["authentication"]?.objectValue ?? [:]
        if auth["mode"] == nil || auth["mode"] == .null { auth["mode"] = "rbac" }
        if auth["authenticatingProxy"] == nil { auth["authenticatingProxy"] = [:] }
        spec["authentication"] = .object(auth)

        fill("billingMode", 0)
        fill("kubeProxyMode", "iptables")
        // Table 20: "By default, no trustlist is configured, and the value is ["0.0.0.0/0"]".
        fill("publicAccess", ["cidrs": ["0.0.0.0/0"]])
        // The master security group the service creates for the cluster.
        var host = spec["hostNetwork"]?.objectValue ?? [:]
        if host["SecurityGroup"] == nil || host["SecurityGroup"] == .null {
            host["SecurityGroup"] = .string(securityGroup(for: uid))
        }
        spec["hostNetwork"] = .object(host)
        fill("encryptionConfig", ["mode": "Default"])

        var extend = spec["extendParam"]?.objectValue ?? [:]
        if extend["enterpriseProjectId"] == nil { extend["enterpriseProjectId"] = "0" }
        if extend["orderID"] == nil { extend["orderID"] = "" }
        if extend["kubernetes.io/cpuManagerPolicy"] == nil { extend["kubernetes.io/cpuManagerPolicy"] = "none" }
        if mode == "vpc-router", extend["alpha.cce/fixPoolMask"] == nil { extend["alpha.cce/fixPoolMask"] = "25" }
        spec["extendParam"] = .object(extend)

        // Keep the schema's member order, so every response reads the same way.
        root["spec"] = WireSchema.spec.canonicalize(.object(spec))
        cluster = .object(root)
    }
}
