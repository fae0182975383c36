/// What the API reference (the OTC "Creating a Cluster" page, the seed) and WIRE.md §8 say
/// about a Create Cluster body: the fields of each object, flavors, and value sets.
enum ClusterReference {
    // The field lists are the models' CodingKeys (Models/ClusterModels.swift): one
    // declaration per field. The tables here only say how a create request treats the
    // fields that are not plain request fields.

    static let root = ObjectSchema(Cluster.CodingKeys.self, roles: [.status: .responseOnly])

    static let metadata = ObjectSchema(
        ClusterMetadata.CodingKeys.self,
        roles: [
            .uid: .readOnly, .creationTimestamp: .responseOnly, .updateTimestamp: .responseOnly,
            .alias: .notInReference, .timezone: .notInReference,
        ])

    static let spec = ObjectSchema(
        ClusterSpec.CodingKeys.self,
        roles: [
            // Table 12 (EniNetwork) is part of the request section although Table 5 omits the
            // field (a plain request field). Table 17 lists billingMode as a response field, but
            // the reference's own example request sends it, so it is a request field too.
            .platformVersion: .readOnly,
            .az: .responseOnly, .supportIstio: .responseOnly,
            .serviceNetwork: .notInReference, .clusterTags: .notInReference,
            .legacyVersion: .notInReference, .deletionProtection: .notInReference,
            .configurationsOverride: .notInReference, .clusterOps: .notInReference,
            .encryptionConfig: .notInReference, .certificateAuthority: .notInReference,
            .secretConfig: .notInReference, .agencyName: .notInReference,
            .enableAutopilot: .notInReference, .enableDistMgt: .notInReference,
            .publicIPID: .notInReference,
        ])

    static let hostNetwork = ObjectSchema(
        HostNetwork.CodingKeys.self,
        roles: [
            .controlPlaneSecurityGroup: .responseOnly,
            .autoGenerateSecurityGroupHardeningConfig: .notInReference, .highwaySubnet: .notInReference,
        ])

    static let containerNetwork = ObjectSchema(
        ContainerNetwork.CodingKeys.self,
        roles: [
            .enableContainerCIDRsReservation: .notInReference
        ])

    static let containerCIDR = ObjectSchema(ContainerCIDR.CodingKeys.self)

    static let eniNetwork = ObjectSchema(EniNetwork.CodingKeys.self, roles: [.subnets: .notInReference])

    static let publicAccess = ObjectSchema(PublicAccess.CodingKeys.self)

    static let authentication = ObjectSchema(Authentication.CodingKeys.self)

    static let authenticatingProxy = ObjectSchema(AuthenticatingProxy.CodingKeys.self)

    static let master = ObjectSchema(MasterSpec.CodingKeys.self)

    static let serviceNetwork = ObjectSchema(ServiceNetwork.CodingKeys.self)

    static let clusterTag = ObjectSchema(ResourceTag.CodingKeys.self)

    /// `extendParam` is a string map on the service (Go `map[string]string`), so its keys
    /// match exactly, not without regard to case. Its keys are `ClusterExtendParam.knownKeys`.
    static let extendParam = ObjectSchema(
        ClusterExtendParam.knownKeys.map { key in
            (key, extendParamRoles[key] ?? .request)
        }, caseSensitive: true)

    static let extendParamRoles: [String: FieldRole] = [
        // "Reserved. This field is returned only for a query." A warning, not an error: a body
        // copied from a GET carries `"upgradefrom": ""` and the service ignores the field.
        "upgradefrom": .responseOnly,
        // Table 5 points to extendParam "if the cluster will ... belong to a specified
        // enterprise project", so `enterpriseProjectId` is a request field even though
        // Table 14 omits it.
        "orderID": .responseOnly, "patchVersion": .responseOnly,
        "decMasterFlavor": .notInReference, "dockerUmaskMode": .notInReference,
        "periodType": .notInReference, "periodNum": .notInReference,
        "isAutoRenew": .notInReference, "isAutoPay": .notInReference,
    ]

    /// Where each request field lives, for the hint on a field put in the wrong object
    /// (`spec.vpc` → "belongs in spec.hostNetwork"). Names found in several objects
    /// (`mode`, `cidr`, `kubeProxyMode`) are left out: a guess would mislead.
    static let fieldHomes: [String: String] = {
        let objects: [(String, ObjectSchema)] = [
            ("the request body", root), ("metadata", metadata), ("spec", spec), ("spec.hostNetwork", hostNetwork),
            ("spec.containerNetwork", containerNetwork), ("spec.containerNetwork.cidrs[i]", containerCIDR),
            ("spec.eniNetwork", eniNetwork), ("spec.publicAccess", publicAccess),
            ("spec.authentication", authentication),
            ("spec.authentication.authenticatingProxy", authenticatingProxy), ("spec.masters[i]", master),
            ("spec.serviceNetwork", serviceNetwork), ("spec.clusterTags[i]", clusterTag),
            ("spec.extendParam", extendParam),
        ]
        var homes: [String: String] = [:]
        var ambiguous: Set<String> = []
        for (home, schema) in objects {
            for (name, role) in schema.fields where role == .request {
                if homes[name] != nil { ambiguous.insert(name) } else { homes[name] = home }
            }
        }
        for name in ambiguous { homes.removeValue(forKey: name) }
        return homes
    }()

    /// A flavor the reference names, with its number of masters.
    struct Flavor {
        let name: String
        let masters: Int
        let maxNodes: Int
        /// Named only in the `clusterAZ` note: the old bare-metal HA flavors.
        let legacy: Bool
        var isHighAvailability: Bool { masters > 1 }
    }

    /// Table 5 plus the `clusterAZ` note, which also names `cce.t2.*`.
    ///
    /// The reference contradicts itself: Table 5 calls `cce.s2.xlarge` a high-availability
    /// flavor, but the `clusterAZ` note leaves it out of the flavors that may use
    /// `multi_az`. A user reading "HA flavors support multiple AZs" expects xlarge to
    /// qualify, and it has the same three masters as the other s2 flavors, so it does.
    /// `cce.s1.large` and `cce.t1.*` exist elsewhere (WIRE.md) but the reference does not
    /// name them, so they are refused with a message that says so.
    static let flavors: [Flavor] = [
        Flavor(name: "cce.s1.small", masters: 1, maxNodes: 50, legacy: false),
        Flavor(name: "cce.s1.medium", masters: 1, maxNodes: 200, legacy: false),
        Flavor(name: "cce.s2.small", masters: 3, maxNodes: 50, legacy: false),
        Flavor(name: "cce.s2.medium", masters: 3, maxNodes: 200, legacy: false),
        Flavor(name: "cce.s2.large", masters: 3, maxNodes: 1000, legacy: false),
        Flavor(name: "cce.s2.xlarge", masters: 3, maxNodes: 2000, legacy: false),
        Flavor(name: "cce.t2.small", masters: 3, maxNodes: 10, legacy: true),
        Flavor(name: "cce.t2.medium", masters: 3, maxNodes: 100, legacy: true),
        Flavor(name: "cce.t2.large", masters: 3, maxNodes: 500, legacy: true),
    ]

    static func flavor(named name: String) -> Flavor? { flavors.first(where: { $0.name == name }) }

    /// Flavors that exist on other CCE offerings, for a better message than "unknown".
    static let flavorsElsewhere: [String: String] = [
        "cce.s1.large":
            "exists on Huawei Cloud but is not offered by this API reference; use cce.s2.large for up to 1,000 nodes",
        "cce.t1.small": "is a retired single-master bare-metal flavor",
        "cce.t1.medium": "is a retired single-master bare-metal flavor",
        "cce.t1.large": "is a retired single-master bare-metal flavor",
    ]

    /// Container network models. The reference's `containerNetwork.mode` lists only these
    /// two. `eni` (Cloud Native 2.0 / CCE Turbo) exists on the service, but this reference
    /// offers neither that mode nor the `Turbo` category it pairs with, so it is refused;
    /// `eniNetwork` (Table 12) is still accepted as a field so that response bodies, which
    /// carry `"eniNetwork": {}`, validate.
    static let networkModes = ["overlay_l2", "vpc-router"]

    static let recommendedContainerBlocks: [(block: CIDR, maxPrefix: Int)] = [
        ("10.0.0.0/12", 19), ("172.16.0.0/16", 19), ("192.168.0.0/16", 19),
    ].compactMap { text, maxPrefix in CIDR(text).map { ($0, maxPrefix) } }

    static let defaultServiceRangeText = "10.247.0.0/16"
    static let defaultServiceRange = CIDR(defaultServiceRangeText)
    static let maxContainerCIDRs = 20
    static let maxMasters = 3
    static let maxDescriptionBytes = 200
    static let maxCertificateBytes = 1 << 20
    static let addonAnnotation = "cluster.install.addons.external/install"
}

/// A cluster version as the reference writes it: `vX.Y`, `vX.Y.Z` or `vX.Y.Z-rN`.
struct ClusterVersion {
    let major: Int
    let minor: Int
    let patch: Int?

    init?(_ text: String) {
        var b = Array(text.utf8)[...]
        guard b.first == UInt8(ascii: "v") else { return nil }
        b = b.dropFirst()
        func number(_ s: inout ArraySlice<UInt8>) -> Int? {
            var digits = 0
            var n = 0
            while let c = s.first, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
                digits += 1
                guard digits <= 9 else { return nil }
                n = n * 10 + Int(c - UInt8(ascii: "0"))
                s = s.dropFirst()
            }
            return digits > 0 ? n : nil
        }
        guard let major = number(&b), b.first == UInt8(ascii: ".") else { return nil }
        b = b.dropFirst()
        guard let minor = number(&b) else { return nil }
        var patch: Int? = nil
        if b.first == UInt8(ascii: ".") {
            b = b.dropFirst()
            guard let p = number(&b) else { return nil }
            patch = p
            if b.first == UInt8(ascii: "-") {
                b = b.dropFirst()
                guard b.first == UInt8(ascii: "r") else { return nil }
                b = b.dropFirst()
                guard number(&b) != nil else { return nil }
            }
        }
        guard b.isEmpty else { return nil }
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Whether this version is `major.minor[.patch]` or later. A version given without a
    /// patch means the latest patch of that baseline, so it satisfies any patch bound.
    func isAtLeast(_ major: Int, _ minor: Int, _ patch: Int = 0) -> Bool {
        if self.major != major { return self.major > major }
        if self.minor != minor { return self.minor > minor }
        guard let p = self.patch else { return true }
        return p >= patch
    }

    var text: String { "v\(major).\(minor)" + (patch.map { ".\($0)" } ?? "") }
}
