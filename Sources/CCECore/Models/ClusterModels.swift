// Cluster bodies of the CCE v3 API: the reference's Tables 3–24 and WIRE.md §1, §3.
// Member names are the wire names; Swift names differ only where the wire name is not a
// Swift identifier or breaks Swift casing (`SecurityGroup`, `IPv4CIDR`, `external_otc`).
// Every member is optional: the same types carry requests, responses and partial bodies,
// and what is mandatory is the validator's business, not the decoder's.
//
// Each CodingKeys is the one declaration of its object's fields: ClusterReference builds the
// validator's tables from them, and ClusterDocumentCrossCheckTests (CCEEmulatorTests) checks
// the emulator's schema and defaults against them. A new field goes here first.

/// A cluster: the create request (Table 3) and every cluster response (Table 15, GET, the
/// DELETE response with `status.deleteOption`). `apiversion`, as the Go SDKs send it, is
/// accepted for `apiVersion` and written back as `apiVersion`.
public struct Cluster: WireModel {
    /// `Cluster`.
    public var kind: String?
    /// `v3`.
    public var apiVersion: String?
    /// Name, uid, labels, annotations, timestamps.
    public var metadata: ClusterMetadata?
    /// What the cluster is.
    public var spec: ClusterSpec?
    /// Response only: phase, job, endpoints.
    public var status: ClusterStatus?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        kind: String? = nil,
        apiVersion: String? = nil,
        metadata: ClusterMetadata? = nil,
        spec: ClusterSpec? = nil,
        status: ClusterStatus? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.kind = kind
        self.apiVersion = apiVersion
        self.metadata = metadata
        self.spec = spec
        self.status = status
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind
        case apiVersion
        case metadata
        case spec
        case status
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        var aliases = Set<String>()
        (apiVersion, aliases) = try decodeAPIVersion(c, decoder)
        metadata = try c.decodeIfPresent(ClusterMetadata.self, forKey: .metadata)
        spec = try c.decodeIfPresent(ClusterSpec.self, forKey: .spec)
        status = try c.decodeIfPresent(ClusterStatus.self, forKey: .status)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self, alsoKnown: aliases)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(kind, forKey: .kind)
        try c.encodeIfPresent(apiVersion, forKey: .apiVersion)
        try c.encodeIfPresent(metadata, forKey: .metadata)
        try c.encodeIfPresent(spec, forKey: .spec)
        try c.encodeIfPresent(status, forKey: .status)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// The body of `GET /clusters`: `{"kind":"Cluster","apiVersion":"v3","items":[...]}` (no pagination).
public struct ClusterList: WireModel {
    /// `Cluster`.
    public var kind: String?
    /// `v3`.
    public var apiVersion: String?
    /// The clusters.
    public var items: [Cluster]?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        kind: String? = nil,
        apiVersion: String? = nil,
        items: [Cluster]? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.kind = kind
        self.apiVersion = apiVersion
        self.items = items
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind
        case apiVersion
        case items
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        var aliases = Set<String>()
        (apiVersion, aliases) = try decodeAPIVersion(c, decoder)
        items = try c.decodeIfPresent([Cluster].self, forKey: .items)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self, alsoKnown: aliases)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(kind, forKey: .kind)
        try c.encodeIfPresent(apiVersion, forKey: .apiVersion)
        try c.encodeIfPresent(items, forKey: .items)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `metadata` of a cluster (Tables 4 and 16).
public struct ClusterMetadata: WireModel {
    /// 4–128 chars, `[a-z][a-z0-9-]*`, not ending in `-`.
    public var name: String?
    /// Cluster ID; assigned by the service (ignored in requests).
    public var uid: String?
    /// Display name (Huawei); defaults to `name`.
    public var alias: String?
    /// Not persisted; requests add-ons. Create responses carry `jobid` and `resourceJobId` here.
    public var annotations: StringMap?
    /// Generated by the system; user values are ignored.
    public var labels: StringMap?
    /// Go `time.String()` text; see `creationTime`.
    public var creationTimestamp: String?
    /// Go `time.String()` text; see `updateTime`.
    public var updateTimestamp: String?
    /// IANA zone name (e.g. `Asia/Shanghai`).
    public var timezone: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        name: String? = nil,
        uid: String? = nil,
        alias: String? = nil,
        annotations: StringMap? = nil,
        labels: StringMap? = nil,
        creationTimestamp: String? = nil,
        updateTimestamp: String? = nil,
        timezone: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.uid = uid
        self.alias = alias
        self.annotations = annotations
        self.labels = labels
        self.creationTimestamp = creationTimestamp
        self.updateTimestamp = updateTimestamp
        self.timezone = timezone
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case uid
        case alias
        case annotations
        case labels
        case creationTimestamp
        case updateTimestamp
        case timezone
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        uid = try c.decodeIfPresent(String.self, forKey: .uid)
        alias = try c.decodeIfPresent(String.self, forKey: .alias)
        annotations = try c.decodeIfPresent(StringMap.self, forKey: .annotations)
        labels = try c.decodeIfPresent(StringMap.self, forKey: .labels)
        creationTimestamp = try c.decodeIfPresent(String.self, forKey: .creationTimestamp)
        updateTimestamp = try c.decodeIfPresent(String.self, forKey: .updateTimestamp)
        timezone = try c.decodeIfPresent(String.self, forKey: .timezone)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(uid, forKey: .uid)
        try c.encodeIfPresent(alias, forKey: .alias)
        try c.encodeIfPresent(annotations, forKey: .annotations)
        try c.encodeIfPresent(labels, forKey: .labels)
        try c.encodeIfPresent(creationTimestamp, forKey: .creationTimestamp)
        try c.encodeIfPresent(updateTimestamp, forKey: .updateTimestamp)
        try c.encodeIfPresent(timezone, forKey: .timezone)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec` of a cluster (Tables 5 and 17, WIRE.md §1.1).
public struct ClusterSpec: WireModel {
    /// `CCE` or `Turbo`.
    public var category: String?
    /// `VirtualMachine` (x86 masters); `ARM64` on Huawei.
    public var type: String?
    /// `cce.s1.small` … `cce.s2.xlarge`.
    public var flavor: String?
    /// `vX.Y[.Z][-rN]`; absent means the latest.
    public var version: String?
    /// Response only: `cce.X.Y`.
    public var platformVersion: String?
    /// Deprecated.
    public var legacyVersion: String?
    /// Free text, ≤ 200 UTF-8 bytes on create.
    public var description: String?
    /// Extra SANs of the API server certificate: IP addresses or DNS names.
    public var customSan: [String]?
    /// IPv6 support (v1.25+ on OTC).
    public var ipv6enable: Bool?
    /// Node network: VPC and subnet.
    public var hostNetwork: HostNetwork?
    /// Container network model and CIDRs.
    public var containerNetwork: ContainerNetwork?
    /// ENI subnets (CCE Turbo).
    public var eniNetwork: EniNetwork?
    /// Service CIDRs (`IPv4CIDR`, `IPv6CIDR`).
    public var serviceNetwork: ServiceNetwork?
    /// API server access trustlist.
    public var publicAccess: PublicAccess?
    /// Authentication mode.
    public var authentication: Authentication?
    /// `0` pay-per-use (default), `1` yearly/monthly.
    public var billingMode: Int?
    /// Master placement.
    public var masters: [MasterSpec]?
    /// Service CIDR; defaults to `10.247.0.0/16`.
    public var kubernetesSvcIpRange: String?
    /// Resource tags.
    public var clusterTags: [ResourceTag]?
    /// `iptables` or `ipvs` (`nftables` from v1.35 on Huawei).
    public var kubeProxyMode: String?
    /// Response only.
    public var az: String?
    /// Extended parameters (Tables 14 and 23).
    public var extendParam: ClusterExtendParam?
    /// Whether Istio is supported.
    public var supportIstio: Bool?
    /// Encrypt master disks (v1.25+).
    public var enableMasterVolumeEncryption: Bool?
    /// Distributed management (Turbo + CloudPond).
    public var enableDistMgt: Bool?
    /// When true, DELETE is refused.
    public var deletionProtection: Bool?
    /// Component parameter overrides.
    public var configurationsOverride: [PackageConfiguration]?
    /// Operations settings (alarms).
    public var clusterOps: ClusterOps?
    /// Secret encryption (`Default` or `KMS`).
    public var encryptionConfig: EncryptionConfig?
    /// GET-one only: the cluster CA.
    public var certificateAuthority: CertificateAuthority?
    /// Default secret behaviour.
    public var secretConfig: SecretConfig?
    /// IAM agency (v1.27+).
    public var agencyName: String?
    /// Seen in OTC create responses.
    public var enableAutopilot: Bool?
    /// Legacy EIP ID (Go SDKs).
    /// Wire name: `publicip_id`.
    public var publicIPID: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        category: String? = nil,
        type: String? = nil,
        flavor: String? = nil,
        version: String? = nil,
        platformVersion: String? = nil,
        legacyVersion: String? = nil,
        description: String? = nil,
        customSan: [String]? = nil,
        ipv6enable: Bool? = nil,
        hostNetwork: HostNetwork? = nil,
        containerNetwork: ContainerNetwork? = nil,
        eniNetwork: EniNetwork? = nil,
        serviceNetwork: ServiceNetwork? = nil,
        publicAccess: PublicAccess? = nil,
        authentication: Authentication? = nil,
        billingMode: Int? = nil,
        masters: [MasterSpec]? = nil,
        kubernetesSvcIpRange: String? = nil,
        clusterTags: [ResourceTag]? = nil,
        kubeProxyMode: String? = nil,
        az: String? = nil,
        extendParam: ClusterExtendParam? = nil,
        supportIstio: Bool? = nil,
        enableMasterVolumeEncryption: Bool? = nil,
        enableDistMgt: Bool? = nil,
        deletionProtection: Bool? = nil,
        configurationsOverride: [PackageConfiguration]? = nil,
        clusterOps: ClusterOps? = nil,
        encryptionConfig: EncryptionConfig? = nil,
        certificateAuthority: CertificateAuthority? = nil,
        secretConfig: SecretConfig? = nil,
        agencyName: String? = nil,
        enableAutopilot: Bool? = nil,
        publicIPID: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.category = category
        self.type = type
        self.flavor = flavor
        self.version = version
        self.platformVersion = platformVersion
        self.legacyVersion = legacyVersion
        self.description = description
        self.customSan = customSan
        self.ipv6enable = ipv6enable
        self.hostNetwork = hostNetwork
        self.containerNetwork = containerNetwork
        self.eniNetwork = eniNetwork
        self.serviceNetwork = serviceNetwork
        self.publicAccess = publicAccess
        self.authentication = authentication
        self.billingMode = billingMode
        self.masters = masters
        self.kubernetesSvcIpRange = kubernetesSvcIpRange
        self.clusterTags = clusterTags
        self.kubeProxyMode = kubeProxyMode
        self.az = az
        self.extendParam = extendParam
        self.supportIstio = supportIstio
        self.enableMasterVolumeEncryption = enableMasterVolumeEncryption
        self.enableDistMgt = enableDistMgt
        self.deletionProtection = deletionProtection
        self.configurationsOverride = configurationsOverride
        self.clusterOps = clusterOps
        self.encryptionConfig = encryptionConfig
        self.certificateAuthority = certificateAuthority
        self.secretConfig = secretConfig
        self.agencyName = agencyName
        self.enableAutopilot = enableAutopilot
        self.publicIPID = publicIPID
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case category
        case type
        case flavor
        case version
        case platformVersion
        case legacyVersion
        case description
        case customSan
        case ipv6enable
        case hostNetwork
        case containerNetwork
        case eniNetwork
        case serviceNetwork
        case publicAccess
        case authentication
        case billingMode
        case masters
        case kubernetesSvcIpRange
        case clusterTags
        case kubeProxyMode
        case az
        case extendParam
        case supportIstio
        case enableMasterVolumeEncryption
        case enableDistMgt
        case deletionProtection
        case configurationsOverride
        case clusterOps
        case encryptionConfig
        case certificateAuthority
        case secretConfig
        case agencyName
        case enableAutopilot
        case publicIPID = "publicip_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        category = try c.decodeIfPresent(String.self, forKey: .category)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        flavor = try c.decodeIfPresent(String.self, forKey: .flavor)
        version = try c.decodeIfPresent(String.self, forKey: .version)
        platformVersion = try c.decodeIfPresent(String.self, forKey: .platformVersion)
        legacyVersion = try c.decodeIfPresent(String.self, forKey: .legacyVersion)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        customSan = try c.decodeIfPresent([String].self, forKey: .customSan)
        ipv6enable = try c.decodeIfPresent(Bool.self, forKey: .ipv6enable)
        hostNetwork = try c.decodeIfPresent(HostNetwork.self, forKey: .hostNetwork)
        containerNetwork = try c.decodeIfPresent(ContainerNetwork.self, forKey: .containerNetwork)
        eniNetwork = try c.decodeIfPresent(EniNetwork.self, forKey: .eniNetwork)
        serviceNetwork = try c.decodeIfPresent(ServiceNetwork.self, forKey: .serviceNetwork)
        publicAccess = try c.decodeIfPresent(PublicAccess.self, forKey: .publicAccess)
        authentication = try c.decodeIfPresent(Authentication.self, forKey: .authentication)
        billingMode = try c.decodeIfPresent(Int.self, forKey: .billingMode)
        masters = try c.decodeIfPresent([MasterSpec].self, forKey: .masters)
        kubernetesSvcIpRange = try c.decodeIfPresent(String.self, forKey: .kubernetesSvcIpRange)
        clusterTags = try c.decodeIfPresent([ResourceTag].self, forKey: .clusterTags)
        kubeProxyMode = try c.decodeIfPresent(String.self, forKey: .kubeProxyMode)
        az = try c.decodeIfPresent(String.self, forKey: .az)
        extendParam = try c.decodeIfPresent(ClusterExtendParam.self, forKey: .extendParam)
        supportIstio = try c.decodeIfPresent(Bool.self, forKey: .supportIstio)
        enableMasterVolumeEncryption = try c.decodeIfPresent(Bool.self, forKey: .enableMasterVolumeEncryption)
        enableDistMgt = try c.decodeIfPresent(Bool.self, forKey: .enableDistMgt)
        deletionProtection = try c.decodeIfPresent(Bool.self, forKey: .deletionProtection)
        configurationsOverride = try c.decodeIfPresent([PackageConfiguration].self, forKey: .configurationsOverride)
        clusterOps = try c.decodeIfPresent(ClusterOps.self, forKey: .clusterOps)
        encryptionConfig = try c.decodeIfPresent(EncryptionConfig.self, forKey: .encryptionConfig)
        certificateAuthority = try c.decodeIfPresent(CertificateAuthority.self, forKey: .certificateAuthority)
        secretConfig = try c.decodeIfPresent(SecretConfig.self, forKey: .secretConfig)
        agencyName = try c.decodeIfPresent(String.self, forKey: .agencyName)
        enableAutopilot = try c.decodeIfPresent(Bool.self, forKey: .enableAutopilot)
        publicIPID = try c.decodeIfPresent(String.self, forKey: .publicIPID)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(category, forKey: .category)
        try c.encodeIfPresent(type, forKey: .type)
        try c.encodeIfPresent(flavor, forKey: .flavor)
        try c.encodeIfPresent(version, forKey: .version)
        try c.encodeIfPresent(platformVersion, forKey: .platformVersion)
        try c.encodeIfPresent(legacyVersion, forKey: .legacyVersion)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encodeIfPresent(customSan, forKey: .customSan)
        try c.encodeIfPresent(ipv6enable, forKey: .ipv6enable)
        try c.encodeIfPresent(hostNetwork, forKey: .hostNetwork)
        try c.encodeIfPresent(containerNetwork, forKey: .containerNetwork)
        try c.encodeIfPresent(eniNetwork, forKey: .eniNetwork)
        try c.encodeIfPresent(serviceNetwork, forKey: .serviceNetwork)
        try c.encodeIfPresent(publicAccess, forKey: .publicAccess)
        try c.encodeIfPresent(authentication, forKey: .authentication)
        try c.encodeIfPresent(billingMode, forKey: .billingMode)
        try c.encodeIfPresent(masters, forKey: .masters)
        try c.encodeIfPresent(kubernetesSvcIpRange, forKey: .kubernetesSvcIpRange)
        try c.encodeIfPresent(clusterTags, forKey: .clusterTags)
        try c.encodeIfPresent(kubeProxyMode, forKey: .kubeProxyMode)
        try c.encodeIfPresent(az, forKey: .az)
        try c.encodeIfPresent(extendParam, forKey: .extendParam)
        try c.encodeIfPresent(supportIstio, forKey: .supportIstio)
        try c.encodeIfPresent(enableMasterVolumeEncryption, forKey: .enableMasterVolumeEncryption)
        try c.encodeIfPresent(enableDistMgt, forKey: .enableDistMgt)
        try c.encodeIfPresent(deletionProtection, forKey: .deletionProtection)
        try c.encodeIfPresent(configurationsOverride, forKey: .configurationsOverride)
        try c.encodeIfPresent(clusterOps, forKey: .clusterOps)
        try c.encodeIfPresent(encryptionConfig, forKey: .encryptionConfig)
        try c.encodeIfPresent(certificateAuthority, forKey: .certificateAuthority)
        try c.encodeIfPresent(secretConfig, forKey: .secretConfig)
        try c.encodeIfPresent(agencyName, forKey: .agencyName)
        try c.encodeIfPresent(enableAutopilot, forKey: .enableAutopilot)
        try c.encodeIfPresent(publicIPID, forKey: .publicIPID)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec.hostNetwork` (Tables 6 and 18).
public struct HostNetwork: WireModel {
    /// VPC ID.
    public var vpc: String?
    /// The subnet's network ID (`neutron_network_id`).
    public var subnet: String?
    /// Worker node security group ID; created when absent.
    /// Wire name: `SecurityGroup`.
    public var securityGroup: String?
    /// Response only.
    public var controlPlaneSecurityGroup: String?
    /// Ports closed in the generated security group.
    public var autoGenerateSecurityGroupHardeningConfig: SecurityGroupHardeningConfig?
    /// BareMetal only (legacy).
    public var highwaySubnet: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        vpc: String? = nil,
        subnet: String? = nil,
        securityGroup: String? = nil,
        controlPlaneSecurityGroup: String? = nil,
        autoGenerateSecurityGroupHardeningConfig: SecurityGroupHardeningConfig? = nil,
        highwaySubnet: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.vpc = vpc
        self.subnet = subnet
        self.securityGroup = securityGroup
        self.controlPlaneSecurityGroup = controlPlaneSecurityGroup
        self.autoGenerateSecurityGroupHardeningConfig = autoGenerateSecurityGroupHardeningConfig
        self.highwaySubnet = highwaySubnet
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case vpc
        case subnet
        case securityGroup = "SecurityGroup"
        case controlPlaneSecurityGroup
        case autoGenerateSecurityGroupHardeningConfig
        case highwaySubnet
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        vpc = try c.decodeIfPresent(String.self, forKey: .vpc)
        subnet = try c.decodeIfPresent(String.self, forKey: .subnet)
        securityGroup = try c.decodeIfPresent(String.self, forKey: .securityGroup)
        controlPlaneSecurityGroup = try c.decodeIfPresent(String.self, forKey: .controlPlaneSecurityGroup)
        autoGenerateSecurityGroupHardeningConfig = try c.decodeIfPresent(
            SecurityGroupHardeningConfig.self, forKey: .autoGenerateSecurityGroupHardeningConfig)
        highwaySubnet = try c.decodeIfPresent(String.self, forKey: .highwaySubnet)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(vpc, forKey: .vpc)
        try c.encodeIfPresent(subnet, forKey: .subnet)
        try c.encodeIfPresent(securityGroup, forKey: .securityGroup)
        try c.encodeIfPresent(controlPlaneSecurityGroup, forKey: .controlPlaneSecurityGroup)
        try c.encodeIfPresent(
            autoGenerateSecurityGroupHardeningConfig, forKey: .autoGenerateSecurityGroupHardeningConfig)
        try c.encodeIfPresent(highwaySubnet, forKey: .highwaySubnet)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `hostNetwork.autoGenerateSecurityGroupHardeningConfig`.
public struct SecurityGroupHardeningConfig: WireModel {
    /// Ports or ranges (`22`, `4090-4099`).
    public var portsToDisable: [String]?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        portsToDisable: [String]? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.portsToDisable = portsToDisable
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case portsToDisable
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        portsToDisable = try c.decodeIfPresent([String].self, forKey: .portsToDisable)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(portsToDisable, forKey: .portsToDisable)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec.containerNetwork` (Table 10).
public struct ContainerNetwork: WireModel {
    /// `overlay_l2`, `vpc-router` or `eni`.
    public var mode: String?
    /// Deprecated single CIDR; ignored when `cidrs` is present.
    public var cidr: String?
    /// Container CIDRs (v1.21+; several only with `vpc-router`).
    public var cidrs: [ContainerCIDR]?
    /// vpc-router only.
    public var enableContainerCIDRsReservation: Bool?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        mode: String? = nil,
        cidr: String? = nil,
        cidrs: [ContainerCIDR]? = nil,
        enableContainerCIDRsReservation: Bool? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.mode = mode
        self.cidr = cidr
        self.cidrs = cidrs
        self.enableContainerCIDRsReservation = enableContainerCIDRsReservation
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case mode
        case cidr
        case cidrs
        case enableContainerCIDRsReservation
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mode = try c.decodeIfPresent(String.self, forKey: .mode)
        cidr = try c.decodeIfPresent(String.self, forKey: .cidr)
        cidrs = try c.decodeIfPresent([ContainerCIDR].self, forKey: .cidrs)
        enableContainerCIDRsReservation = try c.decodeIfPresent(Bool.self, forKey: .enableContainerCIDRsReservation)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(mode, forKey: .mode)
        try c.encodeIfPresent(cidr, forKey: .cidr)
        try c.encodeIfPresent(cidrs, forKey: .cidrs)
        try c.encodeIfPresent(enableContainerCIDRsReservation, forKey: .enableContainerCIDRsReservation)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// One entry of `containerNetwork.cidrs` (Table 11).
public struct ContainerCIDR: WireModel {
    /// The CIDR block.
    public var cidr: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        cidr: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.cidr = cidr
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case cidr
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cidr = try c.decodeIfPresent(String.self, forKey: .cidr)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(cidr, forKey: .cidr)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec.eniNetwork` (Tables 12 and 19); `{}` for non-Turbo clusters.
public struct EniNetwork: WireModel {
    /// IPv4 subnet ID (`neutron_subnet_id`).
    public var eniSubnetId: String?
    /// The subnet's full CIDR.
    public var eniSubnetCIDR: String?
    /// ENI subnets.
    public var subnets: [NetworkSubnet]?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        eniSubnetId: String? = nil,
        eniSubnetCIDR: String? = nil,
        subnets: [NetworkSubnet]? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.eniSubnetId = eniSubnetId
        self.eniSubnetCIDR = eniSubnetCIDR
        self.subnets = subnets
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case eniSubnetId
        case eniSubnetCIDR
        case subnets
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        eniSubnetId = try c.decodeIfPresent(String.self, forKey: .eniSubnetId)
        eniSubnetCIDR = try c.decodeIfPresent(String.self, forKey: .eniSubnetCIDR)
        subnets = try c.decodeIfPresent([NetworkSubnet].self, forKey: .subnets)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(eniSubnetId, forKey: .eniSubnetId)
        try c.encodeIfPresent(eniSubnetCIDR, forKey: .eniSubnetCIDR)
        try c.encodeIfPresent(subnets, forKey: .subnets)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// One entry of `eniNetwork.subnets`.
public struct NetworkSubnet: WireModel {
    /// Subnet ID.
    public var subnetID: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        subnetID: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.subnetID = subnetID
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case subnetID
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        subnetID = try c.decodeIfPresent(String.self, forKey: .subnetID)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(subnetID, forKey: .subnetID)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec.serviceNetwork`.
public struct ServiceNetwork: WireModel {
    /// Service IPv4 CIDR; defaults to `10.247.0.0/16`.
    /// Wire name: `IPv4CIDR`.
    public var ipv4CIDR: String?
    /// Service IPv6 CIDR.
    /// Wire name: `IPv6CIDR`.
    public var ipv6CIDR: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        ipv4CIDR: String? = nil,
        ipv6CIDR: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.ipv4CIDR = ipv4CIDR
        self.ipv6CIDR = ipv6CIDR
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case ipv4CIDR = "IPv4CIDR"
        case ipv6CIDR = "IPv6CIDR"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ipv4CIDR = try c.decodeIfPresent(String.self, forKey: .ipv4CIDR)
        ipv6CIDR = try c.decodeIfPresent(String.self, forKey: .ipv6CIDR)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(ipv4CIDR, forKey: .ipv4CIDR)
        try c.encodeIfPresent(ipv6CIDR, forKey: .ipv6CIDR)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec.publicAccess` (Tables 7 and 20).
public struct PublicAccess: WireModel {
    /// CIDRs allowed to reach the API server; the default is `0.0.0.0/0`.
    public var cidrs: [String]?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        cidrs: [String]? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.cidrs = cidrs
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case cidrs
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cidrs = try c.decodeIfPresent([String].self, forKey: .cidrs)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(cidrs, forKey: .cidrs)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec.authentication` (Tables 8 and 21).
public struct Authentication: WireModel {
    /// `rbac`, `authenticating_proxy` (and `x509` up to v1.11).
    public var mode: String?
    /// Certificates for `authenticating_proxy`; responses send `{}`.
    public var authenticatingProxy: AuthenticatingProxy?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        mode: String? = nil,
        authenticatingProxy: AuthenticatingProxy? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.mode = mode
        self.authenticatingProxy = authenticatingProxy
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case mode
        case authenticatingProxy
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mode = try c.decodeIfPresent(String.self, forKey: .mode)
        authenticatingProxy = try c.decodeIfPresent(AuthenticatingProxy.self, forKey: .authenticatingProxy)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(mode, forKey: .mode)
        try c.encodeIfPresent(authenticatingProxy, forKey: .authenticatingProxy)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `authentication.authenticatingProxy` (Table 9). `description` hides `privateKey`.
public struct AuthenticatingProxy: WireModel {
    /// Base64 X.509 CA certificate (≤ 1 MB).
    public var ca: String?
    /// Base64 client certificate issued by `ca`.
    public var cert: String?
    /// Base64 unencrypted private key of `cert`. Secret.
    public var privateKey: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        ca: String? = nil,
        cert: String? = nil,
        privateKey: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.ca = ca
        self.cert = cert
        self.privateKey = privateKey
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case ca
        case cert
        case privateKey
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ca = try c.decodeIfPresent(String.self, forKey: .ca)
        cert = try c.decodeIfPresent(String.self, forKey: .cert)
        privateKey = try c.decodeIfPresent(String.self, forKey: .privateKey)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(ca, forKey: .ca)
        try c.encodeIfPresent(cert, forKey: .cert)
        try c.encodeIfPresent(privateKey, forKey: .privateKey)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// One entry of `spec.masters` (Tables 13 and 22).
public struct MasterSpec: WireModel {
    /// AZ, e.g. `eu-de-01`.
    public var availabilityZone: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        availabilityZone: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.availabilityZone = availabilityZone
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case availabilityZone
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        availabilityZone = try c.decodeIfPresent(String.self, forKey: .availabilityZone)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(availabilityZone, forKey: .availabilityZone)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// One entry of `spec.clusterTags`.
public struct ResourceTag: WireModel {
    /// ≤ 128 chars, not starting with `_sys_`.
    public var key: String?
    /// ≤ 255 chars.
    public var value: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        key: String? = nil,
        value: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.key = key
        self.value = value
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case key
        case value
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decodeIfPresent(String.self, forKey: .key)
        value = try c.decodeIfPresent(String.self, forKey: .value)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(key, forKey: .key)
        try c.encodeIfPresent(value, forKey: .value)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// One entry of `spec.configurationsOverride`: a component and its parameters.
public struct PackageConfiguration: WireModel {
    /// Component (`kube-apiserver`, `eni`, …).
    public var name: String?
    /// Parameters.
    public var configurations: [ConfigurationItem]?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        name: String? = nil,
        configurations: [ConfigurationItem]? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.configurations = configurations
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case configurations
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        configurations = try c.decodeIfPresent([ConfigurationItem].self, forKey: .configurations)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(configurations, forKey: .configurations)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// One parameter of a `PackageConfiguration`.
public struct ConfigurationItem: WireModel {
    /// Parameter name.
    public var name: String?
    /// Any JSON value.
    public var value: JSONValue?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        name: String? = nil,
        value: JSONValue? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.value = value
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case value
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        value = try c.decodeIfPresent(JSONValue.self, forKey: .value)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(value, forKey: .value)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec.clusterOps`.
public struct ClusterOps: WireModel {
    /// Alarm settings.
    public var alarm: ClusterOpsAlarm?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        alarm: ClusterOpsAlarm? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.alarm = alarm
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case alarm
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        alarm = try c.decodeIfPresent(ClusterOpsAlarm.self, forKey: .alarm)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(alarm, forKey: .alarm)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec.clusterOps.alarm`.
public struct ClusterOpsAlarm: WireModel {
    /// Notification topics.
    public var topics: [JSONValue]?
    /// Alarm rule template.
    public var alarmRuleTemplateId: String?
    /// Prometheus instance.
    public var promInstanceID: String?
    /// Prometheus instance's enterprise project.
    public var promEnterpriseProjectID: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        topics: [JSONValue]? = nil,
        alarmRuleTemplateId: String? = nil,
        promInstanceID: String? = nil,
        promEnterpriseProjectID: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.topics = topics
        self.alarmRuleTemplateId = alarmRuleTemplateId
        self.promInstanceID = promInstanceID
        self.promEnterpriseProjectID = promEnterpriseProjectID
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case topics
        case alarmRuleTemplateId
        case promInstanceID
        case promEnterpriseProjectID
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        topics = try c.decodeIfPresent([JSONValue].self, forKey: .topics)
        alarmRuleTemplateId = try c.decodeIfPresent(String.self, forKey: .alarmRuleTemplateId)
        promInstanceID = try c.decodeIfPresent(String.self, forKey: .promInstanceID)
        promEnterpriseProjectID = try c.decodeIfPresent(String.self, forKey: .promEnterpriseProjectID)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(topics, forKey: .topics)
        try c.encodeIfPresent(alarmRuleTemplateId, forKey: .alarmRuleTemplateId)
        try c.encodeIfPresent(promInstanceID, forKey: .promInstanceID)
        try c.encodeIfPresent(promEnterpriseProjectID, forKey: .promEnterpriseProjectID)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec.encryptionConfig`.
public struct EncryptionConfig: WireModel {
    /// `Default` or `KMS`.
    public var mode: String?
    /// KMS key for `KMS`.
    public var kmsKeyID: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        mode: String? = nil,
        kmsKeyID: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.mode = mode
        self.kmsKeyID = kmsKeyID
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case mode
        case kmsKeyID
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mode = try c.decodeIfPresent(String.self, forKey: .mode)
        kmsKeyID = try c.decodeIfPresent(String.self, forKey: .kmsKeyID)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(mode, forKey: .mode)
        try c.encodeIfPresent(kmsKeyID, forKey: .kmsKeyID)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec.certificateAuthority` (GET-one only).
public struct CertificateAuthority: WireModel {
    /// Base64 CA certificate.
    public var data: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        data: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.data = data
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case data
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        data = try c.decodeIfPresent(String.self, forKey: .data)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(data, forKey: .data)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec.secretConfig`.
public struct SecretConfig: WireModel {
    /// New clusters default to true.
    public var disableDefaultAddonCredSecret: Bool?
    public var disableNodeAgencyCredSecret: Bool?
    public var disableDefaultImagePullSecret: Bool?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        disableDefaultAddonCredSecret: Bool? = nil,
        disableNodeAgencyCredSecret: Bool? = nil,
        disableDefaultImagePullSecret: Bool? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.disableDefaultAddonCredSecret = disableDefaultAddonCredSecret
        self.disableNodeAgencyCredSecret = disableNodeAgencyCredSecret
        self.disableDefaultImagePullSecret = disableDefaultImagePullSecret
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case disableDefaultAddonCredSecret
        case disableNodeAgencyCredSecret
        case disableDefaultImagePullSecret
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        disableDefaultAddonCredSecret = try c.decodeIfPresent(Bool.self, forKey: .disableDefaultAddonCredSecret)
        disableNodeAgencyCredSecret = try c.decodeIfPresent(Bool.self, forKey: .disableNodeAgencyCredSecret)
        disableDefaultImagePullSecret = try c.decodeIfPresent(Bool.self, forKey: .disableDefaultImagePullSecret)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(disableDefaultAddonCredSecret, forKey: .disableDefaultAddonCredSecret)
        try c.encodeIfPresent(disableNodeAgencyCredSecret, forKey: .disableNodeAgencyCredSecret)
        try c.encodeIfPresent(disableDefaultImagePullSecret, forKey: .disableDefaultImagePullSecret)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `status` of a cluster (Table 24, WIRE.md §1.5, §3.4).
public struct ClusterStatus: WireModel {
    /// `Available`, `Creating`, `Deleting`, …; unknown phases are kept.
    public var phase: ClusterPhase?
    /// The job of the last create or delete.
    public var jobID: String?
    /// Present when the phase is not `Available`.
    public var reason: String?
    /// Present when the phase is not `Available`.
    public var message: String?
    /// API server URLs, in the Huawei list or the OTC object shape.
    public var endpoints: ClusterEndpoints?
    /// CBC lock (Huawei).
    public var isLocked: Bool?
    /// CBC lock (Huawei).
    public var lockScene: String?
    /// CBC lock (Huawei).
    public var lockSource: String?
    /// CBC lock (Huawei).
    public var lockSourceId: String?
    /// DELETE response only.
    public var deleteOption: DeleteOption?
    /// DELETE response only.
    public var deleteStatus: DeleteStatus?
    /// Conditions (`AgencyAvailable`, …); a single object in legacy bodies.
    public var conditions: OneOrMany<ClusterCondition>?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        phase: ClusterPhase? = nil,
        jobID: String? = nil,
        reason: String? = nil,
        message: String? = nil,
        endpoints: ClusterEndpoints? = nil,
        isLocked: Bool? = nil,
        lockScene: String? = nil,
        lockSource: String? = nil,
        lockSourceId: String? = nil,
        deleteOption: DeleteOption? = nil,
        deleteStatus: DeleteStatus? = nil,
        conditions: OneOrMany<ClusterCondition>? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.phase = phase
        self.jobID = jobID
        self.reason = reason
        self.message = message
        self.endpoints = endpoints
        self.isLocked = isLocked
        self.lockScene = lockScene
        self.lockSource = lockSource
        self.lockSourceId = lockSourceId
        self.deleteOption = deleteOption
        self.deleteStatus = deleteStatus
        self.conditions = conditions
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case phase
        case jobID
        case reason
        case message
        case endpoints
        case isLocked
        case lockScene
        case lockSource
        case lockSourceId
        case deleteOption
        case deleteStatus
        case conditions
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        phase = try c.decodeIfPresent(ClusterPhase.self, forKey: .phase)
        jobID = try c.decodeIfPresent(String.self, forKey: .jobID)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        endpoints = try c.decodeIfPresent(ClusterEndpoints.self, forKey: .endpoints)
        isLocked = try c.decodeIfPresent(Bool.self, forKey: .isLocked)
        lockScene = try c.decodeIfPresent(String.self, forKey: .lockScene)
        lockSource = try c.decodeIfPresent(String.self, forKey: .lockSource)
        lockSourceId = try c.decodeIfPresent(String.self, forKey: .lockSourceId)
        deleteOption = try c.decodeIfPresent(DeleteOption.self, forKey: .deleteOption)
        deleteStatus = try c.decodeIfPresent(DeleteStatus.self, forKey: .deleteStatus)
        conditions = try c.decodeIfPresent(OneOrMany<ClusterCondition>.self, forKey: .conditions)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(phase, forKey: .phase)
        try c.encodeIfPresent(jobID, forKey: .jobID)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encodeIfPresent(message, forKey: .message)
        try c.encodeIfPresent(endpoints, forKey: .endpoints)
        try c.encodeIfPresent(isLocked, forKey: .isLocked)
        try c.encodeIfPresent(lockScene, forKey: .lockScene)
        try c.encodeIfPresent(lockSource, forKey: .lockSource)
        try c.encodeIfPresent(lockSourceId, forKey: .lockSourceId)
        try c.encodeIfPresent(deleteOption, forKey: .deleteOption)
        try c.encodeIfPresent(deleteStatus, forKey: .deleteStatus)
        try c.encodeIfPresent(conditions, forKey: .conditions)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// One entry of `status.conditions`.
public struct ClusterCondition: WireModel {
    /// Condition type.
    public var type: String?
    /// `True` or `False`.
    public var status: String?
    public var lastProbeTime: String?
    public var lastTransitTime: String?
    public var reason: String?
    public var message: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        type: String? = nil,
        status: String? = nil,
        lastProbeTime: String? = nil,
        lastTransitTime: String? = nil,
        reason: String? = nil,
        message: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.type = type
        self.status = status
        self.lastProbeTime = lastProbeTime
        self.lastTransitTime = lastTransitTime
        self.reason = reason
        self.message = message
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case type
        case status
        case lastProbeTime
        case lastTransitTime
        case reason
        case message
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        lastProbeTime = try c.decodeIfPresent(String.self, forKey: .lastProbeTime)
        lastTransitTime = try c.decodeIfPresent(String.self, forKey: .lastTransitTime)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(type, forKey: .type)
        try c.encodeIfPresent(status, forKey: .status)
        try c.encodeIfPresent(lastProbeTime, forKey: .lastProbeTime)
        try c.encodeIfPresent(lastTransitTime, forKey: .lastTransitTime)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encodeIfPresent(message, forKey: .message)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// One entry of the Huawei list shape of `status.endpoints`.
public struct ClusterEndpoint: WireModel {
    /// `https://<ip>:5443`.
    public var url: String?
    /// `Internal` or `External`.
    public var type: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        url: String? = nil,
        type: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.url = url
        self.type = type
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case url
        case type
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(url, forKey: .url)
        try c.encodeIfPresent(type, forKey: .type)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// The OTC object shape of `status.endpoints`.
public struct ClusterEndpointSet: WireModel {
    /// VPC-internal API server URL.
    /// Wire name: `internal`.
    public var internalURL: String?
    /// EIP API server URL.
    /// Wire name: `external`.
    public var externalURL: String?
    /// `https://<cluster-uid>.cce.<region>.otc.t-systems.com`.
    /// Wire name: `external_otc`.
    public var externalOTC: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        internalURL: String? = nil,
        externalURL: String? = nil,
        externalOTC: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.internalURL = internalURL
        self.externalURL = externalURL
        self.externalOTC = externalOTC
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case internalURL = "internal"
        case externalURL = "external"
        case externalOTC = "external_otc"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        internalURL = try c.decodeIfPresent(String.self, forKey: .internalURL)
        externalURL = try c.decodeIfPresent(String.self, forKey: .externalURL)
        externalOTC = try c.decodeIfPresent(String.self, forKey: .externalOTC)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(internalURL, forKey: .internalURL)
        try c.encodeIfPresent(externalURL, forKey: .externalURL)
        try c.encodeIfPresent(externalOTC, forKey: .externalOTC)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `status.deleteOption` of the DELETE response: what is deleted with the cluster.
/// Values are `delete-true`, `delete-block`, `delete-try`, `delete-false` or `delete-skip`.
public struct DeleteOption: WireModel {
    /// Wire name: `delete_efs`.
    public var deleteEFS: String?
    /// Wire name: `delete_eni`.
    public var deleteENI: String?
    /// Wire name: `delete_evs`.
    public var deleteEVS: String?
    /// Wire name: `delete_net`.
    public var deleteNet: String?
    /// Wire name: `delete_obs`.
    public var deleteOBS: String?
    /// Wire name: `delete_sfs`.
    public var deleteSFS: String?
    /// Wire name: `delete_sfs30`.
    public var deleteSFS30: String?
    /// Wire name: `lts_reclaim_policy`.
    public var ltsReclaimPolicy: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        deleteEFS: String? = nil,
        deleteENI: String? = nil,
        deleteEVS: String? = nil,
        deleteNet: String? = nil,
        deleteOBS: String? = nil,
        deleteSFS: String? = nil,
        deleteSFS30: String? = nil,
        ltsReclaimPolicy: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.deleteEFS = deleteEFS
        self.deleteENI = deleteENI
        self.deleteEVS = deleteEVS
        self.deleteNet = deleteNet
        self.deleteOBS = deleteOBS
        self.deleteSFS = deleteSFS
        self.deleteSFS30 = deleteSFS30
        self.ltsReclaimPolicy = ltsReclaimPolicy
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case deleteEFS = "delete_efs"
        case deleteENI = "delete_eni"
        case deleteEVS = "delete_evs"
        case deleteNet = "delete_net"
        case deleteOBS = "delete_obs"
        case deleteSFS = "delete_sfs"
        case deleteSFS30 = "delete_sfs30"
        case ltsReclaimPolicy = "lts_reclaim_policy"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        deleteEFS = try c.decodeIfPresent(String.self, forKey: .deleteEFS)
        deleteENI = try c.decodeIfPresent(String.self, forKey: .deleteENI)
        deleteEVS = try c.decodeIfPresent(String.self, forKey: .deleteEVS)
        deleteNet = try c.decodeIfPresent(String.self, forKey: .deleteNet)
        deleteOBS = try c.decodeIfPresent(String.self, forKey: .deleteOBS)
        deleteSFS = try c.decodeIfPresent(String.self, forKey: .deleteSFS)
        deleteSFS30 = try c.decodeIfPresent(String.self, forKey: .deleteSFS30)
        ltsReclaimPolicy = try c.decodeIfPresent(String.self, forKey: .ltsReclaimPolicy)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(deleteEFS, forKey: .deleteEFS)
        try c.encodeIfPresent(deleteENI, forKey: .deleteENI)
        try c.encodeIfPresent(deleteEVS, forKey: .deleteEVS)
        try c.encodeIfPresent(deleteNet, forKey: .deleteNet)
        try c.encodeIfPresent(deleteOBS, forKey: .deleteOBS)
        try c.encodeIfPresent(deleteSFS, forKey: .deleteSFS)
        try c.encodeIfPresent(deleteSFS30, forKey: .deleteSFS30)
        try c.encodeIfPresent(ltsReclaimPolicy, forKey: .ltsReclaimPolicy)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `status.deleteStatus` of the DELETE response: resource counters.
public struct DeleteStatus: WireModel {
    /// Wire name: `previous_total`.
    public var previousTotal: Int?
    /// Wire name: `current_total`.
    public var currentTotal: Int?
    public var updated: Int?
    public var added: Int?
    public var deleted: Int?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        previousTotal: Int? = nil,
        currentTotal: Int? = nil,
        updated: Int? = nil,
        added: Int? = nil,
        deleted: Int? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.previousTotal = previousTotal
        self.currentTotal = currentTotal
        self.updated = updated
        self.added = added
        self.deleted = deleted
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case previousTotal = "previous_total"
        case currentTotal = "current_total"
        case updated
        case added
        case deleted
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        previousTotal = try c.decodeIfPresent(Int.self, forKey: .previousTotal)
        currentTotal = try c.decodeIfPresent(Int.self, forKey: .currentTotal)
        updated = try c.decodeIfPresent(Int.self, forKey: .updated)
        added = try c.decodeIfPresent(Int.self, forKey: .added)
        deleted = try c.decodeIfPresent(Int.self, forKey: .deleted)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(previousTotal, forKey: .previousTotal)
        try c.encodeIfPresent(currentTotal, forKey: .currentTotal)
        try c.encodeIfPresent(updated, forKey: .updated)
        try c.encodeIfPresent(added, forKey: .added)
        try c.encodeIfPresent(deleted, forKey: .deleted)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// The DELETE response is a cluster body whose `status` carries `jobID`, `deleteOption` and `deleteStatus`.
public typealias DeleteClusterResponse = Cluster
