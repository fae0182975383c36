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
        ("metadata", .object([
            ("name", .value), ("uid", .value), ("alias", .value), ("creationTimestamp", .value), ("updateTimestamp", .value),
            ("labels", .value), ("annotations", .value), ("timezone", .value),
        ])),
        ("spec", spec),
    ])

    static let spec: WireSchema = .object([
        ("category", .value), ("type", .value), ("flavor", .value), ("version", .value), ("platformVersion", .value),
        ("legacyVersion", .value), ("description", .value), ("customSan", .value), ("ipv6enable", .value),
        ("hostNetwork", .object([
            ("vpc", .value), ("subnet", .value), ("SecurityGroup", .value), ("controlPlaneSecurityGroup", .value),
            ("autoGenerateSecurityGroupHardeningConfig", .value), ("highwaySubnet", .value),
        ])),
        ("containerNetwork", .object([
            ("mode", .value), ("cidr", .value), ("cidrs", .array(.object([("cidr", .value)]))),
            ("enableContainerCIDRsReservation", .value),
        ])),
        ("eniNetwork", .object([
            ("eniSubnetId", .value), ("eniSubnetCIDR", .value), ("subnets", .array(.object([("subnetID", .value)]))),
        ])),
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
    static let platformVersion = "cce.4.0"
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
        // Labels are generated by the system and user values ignored; annotations are
        // not persisted (the 201 carries them, with the job IDs, separately).
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
        spec["platformVersion"] = .string(platformVersion)

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

        let svc = spec["kubernetesSvcIpRange"]?.stringValue ?? spec["serviceNetwork"]?["IPv4CIDR"]?.stringValue ?? serviceCIDR
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
        fill("publicAccess", [:])
        fill("encryptionConfig", ["mode": "Default"])

        var extend = spec["extendParam"]?.objectValue ?? [:]
        if extend["enterpriseProjectId"] == nil { extend["enterpriseProjectId"] = "0" }
        if extend["orderID"] == nil { extend["orderID"] = "" }
        if mode == "vpc-router", extend["alpha.cce/fixPoolMask"] == nil { extend["alpha.cce/fixPoolMask"] = "25" }
        spec["extendParam"] = .object(extend)

        // Keep the schema's member order, so every response reads the same way.
        root["spec"] = WireSchema.spec.canonicalize(.object(spec))
        cluster = .object(root)
    }
}
