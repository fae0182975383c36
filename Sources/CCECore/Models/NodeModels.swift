// Node, node-pool and cluster-certificate bodies of the CCE v3 API (WIRE-LIFECYCLE §1–4).
// Member names are the wire names; Swift names differ only where the wire name is not a Swift
// identifier (`hw:passthrough`, `alpha.cce/preInstall`, `current-context`). Every member is
// optional, as in ClusterModels: the same types carry requests, responses and partial update
// bodies, and what is mandatory is NodeValidator's business.
//
// Each model's CodingKeys is the one declaration of its fields: NodeSchemas builds the
// validator's reference tables from them (`ObjectSchema(NodeSpec.CodingKeys.self, …)`).

/// A node: the Create Node request (§1.1) and every node response (§1.7, §2.2, §2.5).
/// Named `ClusterNode` so that it does not clash with `Yams.Node` where both are imported.
/// `apiversion`, as the Go SDKs and the OTC Turbo example send it, is read as `apiVersion`.
public struct ClusterNode: WireModel {
    /// `Node`.
    public var kind: String?
    /// `v3`.
    public var apiVersion: String?
    /// Name, uid, labels, owner pool.
    public var metadata: NodeMetadata?
    /// What the node is.
    public var spec: NodeSpec?
    /// Response only: phase, job, IPs.
    public var status: NodeStatus?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        kind: String? = nil,
        apiVersion: String? = nil,
        metadata: NodeMetadata? = nil,
        spec: NodeSpec? = nil,
        status: NodeStatus? = nil,
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
        metadata = try c.decodeIfPresent(NodeMetadata.self, forKey: .metadata)
        spec = try c.decodeIfPresent(NodeSpec.self, forKey: .spec)
        status = try c.decodeIfPresent(NodeStatus.self, forKey: .status)
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

/// The body of `GET /clusters/{cid}/nodes` (§2.1).
public struct ClusterNodeList: WireModel {
    /// `List`.
    public var kind: String?
    /// `v3`.
    public var apiVersion: String?
    /// The nodes.
    public var items: [ClusterNode]?
    /// Huawei pagination; absent on OTC.
    public var pageInfo: NodePageInfo?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        kind: String? = nil,
        apiVersion: String? = nil,
        items: [ClusterNode]? = nil,
        pageInfo: NodePageInfo? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.kind = kind
        self.apiVersion = apiVersion
        self.items = items
        self.pageInfo = pageInfo
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind
        case apiVersion
        case items
        case pageInfo
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        var aliases = Set<String>()
        (apiVersion, aliases) = try decodeAPIVersion(c, decoder)
        items = try c.decodeIfPresent([ClusterNode].self, forKey: .items)
        pageInfo = try c.decodeIfPresent(NodePageInfo.self, forKey: .pageInfo)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self, alsoKnown: aliases)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(kind, forKey: .kind)
        try c.encodeIfPresent(apiVersion, forKey: .apiVersion)
        try c.encodeIfPresent(items, forKey: .items)
        try c.encodeIfPresent(pageInfo, forKey: .pageInfo)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `pageInfo` of a node list (Huawei): the count and the marker of the next page.
public struct NodePageInfo: WireModel {
    /// Nodes on this page.
    public var currentCount: Int?
    /// The uid to pass as `marker`; absent on the last page.
    public var nextMarker: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        currentCount: Int? = nil,
        nextMarker: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.currentCount = currentCount
        self.nextMarker = nextMarker
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case currentCount
        case nextMarker
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        currentCount = try c.decodeIfPresent(Int.self, forKey: .currentCount)
        nextMarker = try c.decodeIfPresent(String.self, forKey: .nextMarker)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(currentCount, forKey: .currentCount)
        try c.encodeIfPresent(nextMarker, forKey: .nextMarker)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `metadata` of a node (§1.1 NodeMetadata).
public struct NodeMetadata: WireModel {
    /// 0–56 chars, `[a-z][a-z0-9-]*`, not ending in `-`; generated when absent.
    public var name: String?
    /// Node ID (response).
    public var uid: String?
    /// CCE labels, not Kubernetes labels.
    public var labels: StringMap?
    /// CCE annotations.
    public var annotations: StringMap?
    /// Go `time.String()` text.
    public var creationTimestamp: String?
    /// Go `time.String()` text.
    public var updateTimestamp: String?
    /// The pool the node belongs to (response).
    public var ownerReferences: NodeOwnerReference?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        name: String? = nil,
        uid: String? = nil,
        labels: StringMap? = nil,
        annotations: StringMap? = nil,
        creationTimestamp: String? = nil,
        updateTimestamp: String? = nil,
        ownerReferences: NodeOwnerReference? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.uid = uid
        self.labels = labels
        self.annotations = annotations
        self.creationTimestamp = creationTimestamp
        self.updateTimestamp = updateTimestamp
        self.ownerReferences = ownerReferences
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case uid
        case labels
        case annotations
        case creationTimestamp
        case updateTimestamp
        case ownerReferences
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        uid = try c.decodeIfPresent(String.self, forKey: .uid)
        labels = try c.decodeIfPresent(StringMap.self, forKey: .labels)
        annotations = try c.decodeIfPresent(StringMap.self, forKey: .annotations)
        creationTimestamp = try c.decodeIfPresent(String.self, forKey: .creationTimestamp)
        updateTimestamp = try c.decodeIfPresent(String.self, forKey: .updateTimestamp)
        ownerReferences = try c.decodeIfPresent(NodeOwnerReference.self, forKey: .ownerReferences)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(uid, forKey: .uid)
        try c.encodeIfPresent(labels, forKey: .labels)
        try c.encodeIfPresent(annotations, forKey: .annotations)
        try c.encodeIfPresent(creationTimestamp, forKey: .creationTimestamp)
        try c.encodeIfPresent(updateTimestamp, forKey: .updateTimestamp)
        try c.encodeIfPresent(ownerReferences, forKey: .ownerReferences)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `metadata.ownerReferences` of a node in a pool.
public struct NodeOwnerReference: WireModel {
    /// The pool's name.
    public var nodepoolName: String?
    /// The pool's uid.
    public var nodepoolID: String?
    /// Huawei hyper node.
    public var hyperNodeName: String?
    /// Huawei hyper node ID.
    public var hyperNodeID: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        nodepoolName: String? = nil,
        nodepoolID: String? = nil,
        hyperNodeName: String? = nil,
        hyperNodeID: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.nodepoolName = nodepoolName
        self.nodepoolID = nodepoolID
        self.hyperNodeName = hyperNodeName
        self.hyperNodeID = hyperNodeID
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case nodepoolName
        case nodepoolID
        case hyperNodeName
        case hyperNodeID
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        nodepoolName = try c.decodeIfPresent(String.self, forKey: .nodepoolName)
        nodepoolID = try c.decodeIfPresent(String.self, forKey: .nodepoolID)
        hyperNodeName = try c.decodeIfPresent(String.self, forKey: .hyperNodeName)
        hyperNodeID = try c.decodeIfPresent(String.self, forKey: .hyperNodeID)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(nodepoolName, forKey: .nodepoolName)
        try c.encodeIfPresent(nodepoolID, forKey: .nodepoolID)
        try c.encodeIfPresent(hyperNodeName, forKey: .hyperNodeName)
        try c.encodeIfPresent(hyperNodeID, forKey: .hyperNodeID)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec` of a node (§1.1 NodeSpec), and a pool's `nodeTemplate` (§3.1).
public struct NodeSpec: WireModel {
    /// ECS flavor, e.g. `s3.large.2` (≥ 2 vCPU, 4 GB).
    public var flavor: String?
    /// Availability zone; `random` in pools.
    public var az: String?
    /// e.g. `EulerOS 2.9`; defaulted for the cluster version.
    public var os: String?
    /// Key pair or password.
    public var login: NodeLogin?
    /// System disk, 40–1024 GiB.
    public var rootVolume: NodeVolume?
    /// Data disks, 100–32768 GiB each.
    public var dataVolumes: [NodeVolume]?
    /// Disk layout (§1.3).
    public var storage: NodeStorage?
    /// EIPs (§1.4).
    public var publicIP: NodePublicIP?
    /// NICs (§1.5).
    public var nodeNicSpec: NodeNicSpec?
    /// Nodes to create (node create: ≥ 1).
    public var count: Int?
    /// 0 pay-per-use, 1 yearly/monthly, 2 deprecated.
    public var billingMode: Int?
    /// ≤ 20; not echoed by a node GET.
    public var taints: [NodeTaint]?
    /// Kubernetes node labels, ≤ 20.
    public var k8sTags: StringMap?
    /// ECS tags.
    public var userTags: [ResourceTag]?
    /// Container runtime.
    public var runtime: NodeRuntime?
    /// §1.6.
    public var extendParam: NodeExtendParam?
    /// ECS server group (nodes only).
    public var ecsGroupId: String?
    /// DeH host.
    public var dedicatedHostId: String?
    /// Hold pods until the post-install script ends.
    public var waitPostInstallFinish: Bool?
    /// ≤ 2 names gating the uninitialized taint.
    public var initializedConditions: [String]?
    /// How the k8s node is named.
    public var hostnameConfig: NodeHostnameConfig?
    /// Prefix/suffix of generated names.
    public var nodeNameTemplate: NodeNameTemplate?
    /// Enterprise project of the ECS.
    public var serverEnterpriseProjectID: String?
    /// `center` or an edge AZ.
    public var partition: String?
    /// OTC doc only.
    public var offloadNode: Bool?
    /// OTC doc only.
    public var faultDomain: String?
    /// Pool templates only: component parameters.
    public var configurationsOverride: [PackageConfiguration]?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        flavor: String? = nil,
        az: String? = nil,
        os: String? = nil,
        login: NodeLogin? = nil,
        rootVolume: NodeVolume? = nil,
        dataVolumes: [NodeVolume]? = nil,
        storage: NodeStorage? = nil,
        publicIP: NodePublicIP? = nil,
        nodeNicSpec: NodeNicSpec? = nil,
        count: Int? = nil,
        billingMode: Int? = nil,
        taints: [NodeTaint]? = nil,
        k8sTags: StringMap? = nil,
        userTags: [ResourceTag]? = nil,
        runtime: NodeRuntime? = nil,
        extendParam: NodeExtendParam? = nil,
        ecsGroupId: String? = nil,
        dedicatedHostId: String? = nil,
        waitPostInstallFinish: Bool? = nil,
        initializedConditions: [String]? = nil,
        hostnameConfig: NodeHostnameConfig? = nil,
        nodeNameTemplate: NodeNameTemplate? = nil,
        serverEnterpriseProjectID: String? = nil,
        partition: String? = nil,
        offloadNode: Bool? = nil,
        faultDomain: String? = nil,
        configurationsOverride: [PackageConfiguration]? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.flavor = flavor
        self.az = az
        self.os = os
        self.login = login
        self.rootVolume = rootVolume
        self.dataVolumes = dataVolumes
        self.storage = storage
        self.publicIP = publicIP
        self.nodeNicSpec = nodeNicSpec
        self.count = count
        self.billingMode = billingMode
        self.taints = taints
        self.k8sTags = k8sTags
        self.userTags = userTags
        self.runtime = runtime
        self.extendParam = extendParam
        self.ecsGroupId = ecsGroupId
        self.dedicatedHostId = dedicatedHostId
        self.waitPostInstallFinish = waitPostInstallFinish
        self.initializedConditions = initializedConditions
        self.hostnameConfig = hostnameConfig
        self.nodeNameTemplate = nodeNameTemplate
        self.serverEnterpriseProjectID = serverEnterpriseProjectID
        self.partition = partition
        self.offloadNode = offloadNode
        self.faultDomain = faultDomain
        self.configurationsOverride = configurationsOverride
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case flavor
        case az
        case os
        case login
        case rootVolume
        case dataVolumes
        case storage
        case publicIP
        case nodeNicSpec
        case count
        case billingMode
        case taints
        case k8sTags
        case userTags
        case runtime
        case extendParam
        case ecsGroupId
        case dedicatedHostId
        case waitPostInstallFinish
        case initializedConditions
        case hostnameConfig
        case nodeNameTemplate
        case serverEnterpriseProjectID
        case partition
        case offloadNode
        case faultDomain
        case configurationsOverride
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        flavor = try c.decodeIfPresent(String.self, forKey: .flavor)
        az = try c.decodeIfPresent(String.self, forKey: .az)
        os = try c.decodeIfPresent(String.self, forKey: .os)
        login = try c.decodeIfPresent(NodeLogin.self, forKey: .login)
        rootVolume = try c.decodeIfPresent(NodeVolume.self, forKey: .rootVolume)
        dataVolumes = try c.decodeIfPresent([NodeVolume].self, forKey: .dataVolumes)
        storage = try c.decodeIfPresent(NodeStorage.self, forKey: .storage)
        publicIP = try c.decodeIfPresent(NodePublicIP.self, forKey: .publicIP)
        nodeNicSpec = try c.decodeIfPresent(NodeNicSpec.self, forKey: .nodeNicSpec)
        count = try c.decodeIfPresent(Int.self, forKey: .count)
        billingMode = try c.decodeIfPresent(Int.self, forKey: .billingMode)
        taints = try c.decodeIfPresent([NodeTaint].self, forKey: .taints)
        k8sTags = try c.decodeIfPresent(StringMap.self, forKey: .k8sTags)
        userTags = try c.decodeIfPresent([ResourceTag].self, forKey: .userTags)
        runtime = try c.decodeIfPresent(NodeRuntime.self, forKey: .runtime)
        extendParam = try c.decodeIfPresent(NodeExtendParam.self, forKey: .extendParam)
        ecsGroupId = try c.decodeIfPresent(String.self, forKey: .ecsGroupId)
        dedicatedHostId = try c.decodeIfPresent(String.self, forKey: .dedicatedHostId)
        waitPostInstallFinish = try c.decodeIfPresent(Bool.self, forKey: .waitPostInstallFinish)
        initializedConditions = try c.decodeIfPresent([String].self, forKey: .initializedConditions)
        hostnameConfig = try c.decodeIfPresent(NodeHostnameConfig.self, forKey: .hostnameConfig)
        nodeNameTemplate = try c.decodeIfPresent(NodeNameTemplate.self, forKey: .nodeNameTemplate)
        serverEnterpriseProjectID = try c.decodeIfPresent(String.self, forKey: .serverEnterpriseProjectID)
        partition = try c.decodeIfPresent(String.self, forKey: .partition)
        offloadNode = try c.decodeIfPresent(Bool.self, forKey: .offloadNode)
        faultDomain = try c.decodeIfPresent(String.self, forKey: .faultDomain)
        configurationsOverride = try c.decodeIfPresent([PackageConfiguration].self, forKey: .configurationsOverride)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(flavor, forKey: .flavor)
        try c.encodeIfPresent(az, forKey: .az)
        try c.encodeIfPresent(os, forKey: .os)
        try c.encodeIfPresent(login, forKey: .login)
        try c.encodeIfPresent(rootVolume, forKey: .rootVolume)
        try c.encodeIfPresent(dataVolumes, forKey: .dataVolumes)
        try c.encodeIfPresent(storage, forKey: .storage)
        try c.encodeIfPresent(publicIP, forKey: .publicIP)
        try c.encodeIfPresent(nodeNicSpec, forKey: .nodeNicSpec)
        try c.encodeIfPresent(count, forKey: .count)
        try c.encodeIfPresent(billingMode, forKey: .billingMode)
        try c.encodeIfPresent(taints, forKey: .taints)
        try c.encodeIfPresent(k8sTags, forKey: .k8sTags)
        try c.encodeIfPresent(userTags, forKey: .userTags)
        try c.encodeIfPresent(runtime, forKey: .runtime)
        try c.encodeIfPresent(extendParam, forKey: .extendParam)
        try c.encodeIfPresent(ecsGroupId, forKey: .ecsGroupId)
        try c.encodeIfPresent(dedicatedHostId, forKey: .dedicatedHostId)
        try c.encodeIfPresent(waitPostInstallFinish, forKey: .waitPostInstallFinish)
        try c.encodeIfPresent(initializedConditions, forKey: .initializedConditions)
        try c.encodeIfPresent(hostnameConfig, forKey: .hostnameConfig)
        try c.encodeIfPresent(nodeNameTemplate, forKey: .nodeNameTemplate)
        try c.encodeIfPresent(serverEnterpriseProjectID, forKey: .serverEnterpriseProjectID)
        try c.encodeIfPresent(partition, forKey: .partition)
        try c.encodeIfPresent(offloadNode, forKey: .offloadNode)
        try c.encodeIfPresent(faultDomain, forKey: .faultDomain)
        try c.encodeIfPresent(configurationsOverride, forKey: .configurationsOverride)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec.login` (§1.2): exactly one of `sshKey` and `userPassword` on create.
public struct NodeLogin: WireModel {
    /// The name of a key pair.
    public var sshKey: String?
    /// User and salted password hash.
    public var userPassword: NodeLoginPassword?
    /// Pool updates only.
    public var removeUserPassword: Bool?
    /// Pool updates only.
    public var removeSSHKey: Bool?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        sshKey: String? = nil,
        userPassword: NodeLoginPassword? = nil,
        removeUserPassword: Bool? = nil,
        removeSSHKey: Bool? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.sshKey = sshKey
        self.userPassword = userPassword
        self.removeUserPassword = removeUserPassword
        self.removeSSHKey = removeSSHKey
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case sshKey
        case userPassword
        case removeUserPassword
        case removeSSHKey
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sshKey = try c.decodeIfPresent(String.self, forKey: .sshKey)
        userPassword = try c.decodeIfPresent(NodeLoginPassword.self, forKey: .userPassword)
        removeUserPassword = try c.decodeIfPresent(Bool.self, forKey: .removeUserPassword)
        removeSSHKey = try c.decodeIfPresent(Bool.self, forKey: .removeSSHKey)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(sshKey, forKey: .sshKey)
        try c.encodeIfPresent(userPassword, forKey: .userPassword)
        try c.encodeIfPresent(removeUserPassword, forKey: .removeUserPassword)
        try c.encodeIfPresent(removeSSHKey, forKey: .removeSSHKey)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `login.userPassword` as an object (Huawei SDK, TFHW).
public struct NodeUserPassword: WireModel {
    /// Default `root`.
    public var username: String?
    /// base64 of a SHA-512 crypt string; masked in responses.
    public var password: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        username: String? = nil,
        password: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.username = username
        self.password = password
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case username
        case password
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        username = try c.decodeIfPresent(String.self, forKey: .username)
        password = try c.decodeIfPresent(String.self, forKey: .password)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(username, forKey: .username)
        try c.encodeIfPresent(password, forKey: .password)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// A disk (§1.2 Volume).
public struct NodeVolume: WireModel {
    /// GiB.
    public var size: Int?
    /// `SAS`, `SSD`, `SATA` (Huawei also `ESSD`, `GPSSD`, `ESSD2`, `GPSSD2`).
    public var volumetype: String?
    /// GPSSD2/ESSD2 only.
    public var iops: Int?
    /// MiB/s, GPSSD2 only.
    public var throughput: Int?
    /// ECS disk extendparam (free-form).
    public var extendParam: JSONValue?
    /// true: SCSI (ElasticBMS pools).
    public var hwPassthrough: Bool?
    /// Encryption.
    public var metadata: NodeVolumeMetadata?
    /// Dedicated cloud only.
    public var clusterID: String?
    /// Dedicated cloud only (`dss`).
    public var clusterType: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        size: Int? = nil,
        volumetype: String? = nil,
        iops: Int? = nil,
        throughput: Int? = nil,
        extendParam: JSONValue? = nil,
        hwPassthrough: Bool? = nil,
        metadata: NodeVolumeMetadata? = nil,
        clusterID: String? = nil,
        clusterType: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.size = size
        self.volumetype = volumetype
        self.iops = iops
        self.throughput = throughput
        self.extendParam = extendParam
        self.hwPassthrough = hwPassthrough
        self.metadata = metadata
        self.clusterID = clusterID
        self.clusterType = clusterType
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case size
        case volumetype
        case iops
        case throughput
        case extendParam
        case hwPassthrough = "hw:passthrough"
        case metadata
        case clusterID = "cluster_id"
        case clusterType = "cluster_type"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        size = try c.decodeIfPresent(Int.self, forKey: .size)
        volumetype = try c.decodeIfPresent(String.self, forKey: .volumetype)
        iops = try c.decodeIfPresent(Int.self, forKey: .iops)
        throughput = try c.decodeIfPresent(Int.self, forKey: .throughput)
        extendParam = try c.decodeIfPresent(JSONValue.self, forKey: .extendParam)
        hwPassthrough = try c.decodeIfPresent(Bool.self, forKey: .hwPassthrough)
        metadata = try c.decodeIfPresent(NodeVolumeMetadata.self, forKey: .metadata)
        clusterID = try c.decodeIfPresent(String.self, forKey: .clusterID)
        clusterType = try c.decodeIfPresent(String.self, forKey: .clusterType)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(size, forKey: .size)
        try c.encodeIfPresent(volumetype, forKey: .volumetype)
        try c.encodeIfPresent(iops, forKey: .iops)
        try c.encodeIfPresent(throughput, forKey: .throughput)
        try c.encodeIfPresent(extendParam, forKey: .extendParam)
        try c.encodeIfPresent(hwPassthrough, forKey: .hwPassthrough)
        try c.encodeIfPresent(metadata, forKey: .metadata)
        try c.encodeIfPresent(clusterID, forKey: .clusterID)
        try c.encodeIfPresent(clusterType, forKey: .clusterType)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `metadata` of a volume: EVS encryption.
public struct NodeVolumeMetadata: WireModel {
    /// `"1"` encrypted, `"0"` not.
    public var systemEncrypted: String?
    /// KMS key ID.
    public var systemCmkid: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        systemEncrypted: String? = nil,
        systemCmkid: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.systemEncrypted = systemEncrypted
        self.systemCmkid = systemCmkid
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case systemEncrypted = "__system__encrypted"
        case systemCmkid = "__system__cmkid"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        systemEncrypted = try c.decodeIfPresent(String.self, forKey: .systemEncrypted)
        systemCmkid = try c.decodeIfPresent(String.self, forKey: .systemCmkid)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(systemEncrypted, forKey: .systemEncrypted)
        try c.encodeIfPresent(systemCmkid, forKey: .systemCmkid)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec.storage`: the disk initialisation layout (§1.3).
public struct NodeStorage: WireModel {
    /// Which disks.
    public var storageSelectors: [NodeStorageSelector]?
    /// How they are used.
    public var storageGroups: [NodeStorageGroup]?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        storageSelectors: [NodeStorageSelector]? = nil,
        storageGroups: [NodeStorageGroup]? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.storageSelectors = storageSelectors
        self.storageGroups = storageGroups
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case storageSelectors
        case storageGroups
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        storageSelectors = try c.decodeIfPresent([NodeStorageSelector].self, forKey: .storageSelectors)
        storageGroups = try c.decodeIfPresent([NodeStorageGroup].self, forKey: .storageGroups)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(storageSelectors, forKey: .storageSelectors)
        try c.encodeIfPresent(storageGroups, forKey: .storageGroups)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// A storage selector (§1.3).
public struct NodeStorageSelector: WireModel {
    /// Referenced by `storageGroups[].selectorNames`.
    public var name: String?
    /// `evs` or `local`.
    public var storageType: String?
    /// Disk match (string values).
    public var matchLabels: NodeStorageMatchLabels?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        name: String? = nil,
        storageType: String? = nil,
        matchLabels: NodeStorageMatchLabels? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.storageType = storageType
        self.matchLabels = matchLabels
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case storageType
        case matchLabels
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        storageType = try c.decodeIfPresent(String.self, forKey: .storageType)
        matchLabels = try c.decodeIfPresent(NodeStorageMatchLabels.self, forKey: .matchLabels)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(storageType, forKey: .storageType)
        try c.encodeIfPresent(matchLabels, forKey: .matchLabels)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `matchLabels` of a storage selector; every value is a string.
public struct NodeStorageMatchLabels: WireModel {
    /// GiB, as a string.
    public var size: String?
    /// e.g. `SAS`.
    public var volumeType: String?
    public var iops: String?
    public var throughput: String?
    /// `"1"` or `"0"`.
    public var metadataEncrypted: String?
    /// KMS key ID.
    public var metadataCmkid: String?
    /// Disks, as a string.
    public var count: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        size: String? = nil,
        volumeType: String? = nil,
        iops: String? = nil,
        throughput: String? = nil,
        metadataEncrypted: String? = nil,
        metadataCmkid: String? = nil,
        count: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.size = size
        self.volumeType = volumeType
        self.iops = iops
        self.throughput = throughput
        self.metadataEncrypted = metadataEncrypted
        self.metadataCmkid = metadataCmkid
        self.count = count
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case size
        case volumeType
        case iops
        case throughput
        case metadataEncrypted
        case metadataCmkid
        case count
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        size = try c.decodeIfPresent(String.self, forKey: .size)
        volumeType = try c.decodeIfPresent(String.self, forKey: .volumeType)
        iops = try c.decodeIfPresent(String.self, forKey: .iops)
        throughput = try c.decodeIfPresent(String.self, forKey: .throughput)
        metadataEncrypted = try c.decodeIfPresent(String.self, forKey: .metadataEncrypted)
        metadataCmkid = try c.decodeIfPresent(String.self, forKey: .metadataCmkid)
        count = try c.decodeIfPresent(String.self, forKey: .count)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(size, forKey: .size)
        try c.encodeIfPresent(volumeType, forKey: .volumeType)
        try c.encodeIfPresent(iops, forKey: .iops)
        try c.encodeIfPresent(throughput, forKey: .throughput)
        try c.encodeIfPresent(metadataEncrypted, forKey: .metadataEncrypted)
        try c.encodeIfPresent(metadataCmkid, forKey: .metadataCmkid)
        try c.encodeIfPresent(count, forKey: .count)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// A storage group (§1.3).
public struct NodeStorageGroup: WireModel {
    /// e.g. `vgpaas`.
    public var name: String?
    /// Selectors it uses.
    public var selectorNames: [String]?
    /// Managed by CCE.
    public var cceManaged: Bool?
    /// How it is split.
    public var virtualSpaces: [NodeVirtualSpace]?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        name: String? = nil,
        selectorNames: [String]? = nil,
        cceManaged: Bool? = nil,
        virtualSpaces: [NodeVirtualSpace]? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.selectorNames = selectorNames
        self.cceManaged = cceManaged
        self.virtualSpaces = virtualSpaces
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case selectorNames
        case cceManaged
        case virtualSpaces
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        selectorNames = try c.decodeIfPresent([String].self, forKey: .selectorNames)
        cceManaged = try c.decodeIfPresent(Bool.self, forKey: .cceManaged)
        virtualSpaces = try c.decodeIfPresent([NodeVirtualSpace].self, forKey: .virtualSpaces)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(selectorNames, forKey: .selectorNames)
        try c.encodeIfPresent(cceManaged, forKey: .cceManaged)
        try c.encodeIfPresent(virtualSpaces, forKey: .virtualSpaces)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// A virtual space of a storage group (§1.3).
public struct NodeVirtualSpace: WireModel {
    /// `kubernetes`, `runtime`, `user` or `share`.
    public var name: String?
    /// A percentage, e.g. `"90%"`.
    public var size: String?
    /// For `user`.
    public var lvmConfig: NodeLVMConfig?
    /// For `runtime`.
    public var runtimeConfig: NodeRuntimeConfig?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        name: String? = nil,
        size: String? = nil,
        lvmConfig: NodeLVMConfig? = nil,
        runtimeConfig: NodeRuntimeConfig? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.size = size
        self.lvmConfig = lvmConfig
        self.runtimeConfig = runtimeConfig
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case size
        case lvmConfig
        case runtimeConfig
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        size = try c.decodeIfPresent(String.self, forKey: .size)
        lvmConfig = try c.decodeIfPresent(NodeLVMConfig.self, forKey: .lvmConfig)
        runtimeConfig = try c.decodeIfPresent(NodeRuntimeConfig.self, forKey: .runtimeConfig)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(size, forKey: .size)
        try c.encodeIfPresent(lvmConfig, forKey: .lvmConfig)
        try c.encodeIfPresent(runtimeConfig, forKey: .runtimeConfig)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `lvmConfig` of a virtual space.
public struct NodeLVMConfig: WireModel {
    /// `linear` or `striped`.
    public var lvType: String?
    /// Mount path.
    public var path: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        lvType: String? = nil,
        path: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.lvType = lvType
        self.path = path
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case lvType
        case path
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lvType = try c.decodeIfPresent(String.self, forKey: .lvType)
        path = try c.decodeIfPresent(String.self, forKey: .path)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(lvType, forKey: .lvType)
        try c.encodeIfPresent(path, forKey: .path)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `runtimeConfig` of a virtual space.
public struct NodeRuntimeConfig: WireModel {
    /// `linear` or `striped`.
    public var lvType: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        lvType: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.lvType = lvType
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case lvType
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lvType = try c.decodeIfPresent(String.self, forKey: .lvType)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(lvType, forKey: .lvType)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec.publicIP` (§1.4).
public struct NodePublicIP: WireModel {
    /// Existing EIP IDs (nodes).
    public var ids: [String]?
    /// EIPs to create, with `eip` (nodes).
    public var count: Int?
    /// What to create (nodes).
    public var eip: NodeEIPSpec?
    /// Pools only.
    public var iptype: String?
    /// Pools only.
    public var bandwidth: NodeBandwidth?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        ids: [String]? = nil,
        count: Int? = nil,
        eip: NodeEIPSpec? = nil,
        iptype: String? = nil,
        bandwidth: NodeBandwidth? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.ids = ids
        self.count = count
        self.eip = eip
        self.iptype = iptype
        self.bandwidth = bandwidth
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case ids
        case count
        case eip
        case iptype
        case bandwidth
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ids = try c.decodeIfPresent([String].self, forKey: .ids)
        count = try c.decodeIfPresent(Int.self, forKey: .count)
        eip = try c.decodeIfPresent(NodeEIPSpec.self, forKey: .eip)
        iptype = try c.decodeIfPresent(String.self, forKey: .iptype)
        bandwidth = try c.decodeIfPresent(NodeBandwidth.self, forKey: .bandwidth)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(ids, forKey: .ids)
        try c.encodeIfPresent(count, forKey: .count)
        try c.encodeIfPresent(eip, forKey: .eip)
        try c.encodeIfPresent(iptype, forKey: .iptype)
        try c.encodeIfPresent(bandwidth, forKey: .bandwidth)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `publicIP.eip`: the EIPs to create.
public struct NodeEIPSpec: WireModel {
    /// e.g. `5_bgp`.
    public var iptype: String?
    /// Their bandwidth.
    public var bandwidth: NodeBandwidth?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        iptype: String? = nil,
        bandwidth: NodeBandwidth? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.iptype = iptype
        self.bandwidth = bandwidth
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case iptype
        case bandwidth
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        iptype = try c.decodeIfPresent(String.self, forKey: .iptype)
        bandwidth = try c.decodeIfPresent(NodeBandwidth.self, forKey: .bandwidth)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(iptype, forKey: .iptype)
        try c.encodeIfPresent(bandwidth, forKey: .bandwidth)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// An EIP's bandwidth.
public struct NodeBandwidth: WireModel {
    /// absent/`bandwidth` or `traffic`.
    public var chargemode: String?
    /// Mbit/s.
    public var size: Int?
    /// `PER`.
    public var sharetype: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        chargemode: String? = nil,
        size: Int? = nil,
        sharetype: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.chargemode = chargemode
        self.size = size
        self.sharetype = sharetype
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case chargemode
        case size
        case sharetype
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        chargemode = try c.decodeIfPresent(String.self, forKey: .chargemode)
        size = try c.decodeIfPresent(Int.self, forKey: .size)
        sharetype = try c.decodeIfPresent(String.self, forKey: .sharetype)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(chargemode, forKey: .chargemode)
        try c.encodeIfPresent(size, forKey: .size)
        try c.encodeIfPresent(sharetype, forKey: .sharetype)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec.nodeNicSpec` (§1.5).
public struct NodeNicSpec: WireModel {
    /// The primary NIC.
    public var primaryNic: NodeNic?
    /// Extension NICs.
    public var extNics: [NodeNic]?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        primaryNic: NodeNic? = nil,
        extNics: [NodeNic]? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.primaryNic = primaryNic
        self.extNics = extNics
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case primaryNic
        case extNics
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        primaryNic = try c.decodeIfPresent(NodeNic.self, forKey: .primaryNic)
        extNics = try c.decodeIfPresent([NodeNic].self, forKey: .extNics)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(primaryNic, forKey: .primaryNic)
        try c.encodeIfPresent(extNics, forKey: .extNics)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// A NIC (§1.5 NicSpec).
public struct NodeNic: WireModel {
    /// The subnet's network ID.
    public var subnetId: String?
    /// Nodes, primary NIC only.
    public var fixedIps: [String]?
    /// A CIDR (nodes only).
    public var ipBlock: String?
    /// Pools only, ≤ 20.
    public var subnetList: [String]?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        subnetId: String? = nil,
        fixedIps: [String]? = nil,
        ipBlock: String? = nil,
        subnetList: [String]? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.subnetId = subnetId
        self.fixedIps = fixedIps
        self.ipBlock = ipBlock
        self.subnetList = subnetList
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case subnetId
        case fixedIps
        case ipBlock
        case subnetList
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        subnetId = try c.decodeIfPresent(String.self, forKey: .subnetId)
        fixedIps = try c.decodeIfPresent([String].self, forKey: .fixedIps)
        ipBlock = try c.decodeIfPresent(String.self, forKey: .ipBlock)
        subnetList = try c.decodeIfPresent([String].self, forKey: .subnetList)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(subnetId, forKey: .subnetId)
        try c.encodeIfPresent(fixedIps, forKey: .fixedIps)
        try c.encodeIfPresent(ipBlock, forKey: .ipBlock)
        try c.encodeIfPresent(subnetList, forKey: .subnetList)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// A taint (§1.2).
public struct NodeTaint: WireModel {
    /// ≤ 63 chars.
    public var key: String?
    /// ≤ 63 chars, may be empty.
    public var value: String?
    /// `NoSchedule`, `PreferNoSchedule`, `NoExecute`.
    public var effect: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        key: String? = nil,
        value: String? = nil,
        effect: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.key = key
        self.value = value
        self.effect = effect
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case key
        case value
        case effect
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decodeIfPresent(String.self, forKey: .key)
        value = try c.decodeIfPresent(String.self, forKey: .value)
        effect = try c.decodeIfPresent(String.self, forKey: .effect)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(key, forKey: .key)
        try c.encodeIfPresent(value, forKey: .value)
        try c.encodeIfPresent(effect, forKey: .effect)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec.runtime`.
public struct NodeRuntime: WireModel {
    /// `docker` or `containerd`.
    public var name: String?
    /// `runc`, `kata`, `kuasar-vmm`.
    public var runtimeClass: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        name: String? = nil,
        runtimeClass: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.runtimeClass = runtimeClass
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case runtimeClass
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        runtimeClass = try c.decodeIfPresent(String.self, forKey: .runtimeClass)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(runtimeClass, forKey: .runtimeClass)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec.hostnameConfig`.
public struct NodeHostnameConfig: WireModel {
    /// `privateIp` or `cceNodeName`.
    public var type: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        type: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.type = type
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case type
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(type, forKey: .type)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec.nodeNameTemplate`.
public struct NodeNameTemplate: WireModel {
    /// Starts with a lowercase letter.
    public var nodeNamePrefix: String?
    /// DNS-subdomain characters.
    public var nodeNameSuffix: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        nodeNamePrefix: String? = nil,
        nodeNameSuffix: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.nodeNamePrefix = nodeNamePrefix
        self.nodeNameSuffix = nodeNameSuffix
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case nodeNamePrefix
        case nodeNameSuffix
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        nodeNamePrefix = try c.decodeIfPresent(String.self, forKey: .nodeNamePrefix)
        nodeNameSuffix = try c.decodeIfPresent(String.self, forKey: .nodeNameSuffix)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(nodeNamePrefix, forKey: .nodeNamePrefix)
        try c.encodeIfPresent(nodeNameSuffix, forKey: .nodeNameSuffix)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec.extendParam` of a node (§1.6). A map on the service: keys match exactly.
public struct NodeExtendParam: WireModel {
    /// 16–256 (1024 for kuasar-vmm).
    public var maxPods: Int?
    /// base64 shell script.
    public var preInstall: String?
    /// base64 shell script.
    public var postInstall: String?
    /// Custom IMS image.
    public var nodeImageID: String?
    /// Deprecated disk layout.
    public var dockerLVMConfigOverride: String?
    /// Deprecated; GB.
    public var dockerBaseSize: Int?
    /// 10–500 GB.
    public var containerBaseSize: Int?
    /// Nodes only; ignored with sshKey.
    public var publicKey: String?
    /// IAM agency.
    public var agencyName: String?
    /// MiB.
    public var kubeReservedMem: Int?
    /// MiB.
    public var systemReservedMem: Int?
    /// mcores.
    public var kubeReservedCpu: Int?
    /// mcores.
    public var systemReservedCpu: Int?
    /// 0–2097152.
    public var kubeReservedPid: Int?
    /// 0–2097152.
    public var systemReservedPid: Int?
    /// Gi.
    public var kubeReservedStorage: Int?
    /// Gi.
    public var systemReservedStorage: Int?
    /// Prepaid: `month` or `year`.
    public var periodType: String?
    /// Prepaid: months 1–9 or 1 year.
    public var periodNum: Int?
    /// Prepaid: `"true"`/`"false"`.
    public var isAutoRenew: String?
    /// Prepaid: `"true"`/`"false"`.
    public var isAutoPay: String?
    /// `spot`.
    public var marketType: String?
    /// Spot price.
    public var spotPrice: String?
    /// `cybersecurity` (Huawei).
    public var securityReinforcementType: String?
    /// `optional` or `required`.
    public var serverMetadataHttpTokens: String?
    /// Deprecated; see billingMode.
    public var chargingMode: Int?
    /// Response only.
    public var ecsPerformanceType: String?
    /// Response only.
    public var orderID: String?
    /// Response only.
    public var productID: String?
    /// Response only, always masked.
    public var initNodePassword: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        maxPods: Int? = nil,
        preInstall: String? = nil,
        postInstall: String? = nil,
        nodeImageID: String? = nil,
        dockerLVMConfigOverride: String? = nil,
        dockerBaseSize: Int? = nil,
        containerBaseSize: Int? = nil,
        publicKey: String? = nil,
        agencyName: String? = nil,
        kubeReservedMem: Int? = nil,
        systemReservedMem: Int? = nil,
        kubeReservedCpu: Int? = nil,
        systemReservedCpu: Int? = nil,
        kubeReservedPid: Int? = nil,
        systemReservedPid: Int? = nil,
        kubeReservedStorage: Int? = nil,
        systemReservedStorage: Int? = nil,
        periodType: String? = nil,
        periodNum: Int? = nil,
        isAutoRenew: String? = nil,
        isAutoPay: String? = nil,
        marketType: String? = nil,
        spotPrice: String? = nil,
        securityReinforcementType: String? = nil,
        serverMetadataHttpTokens: String? = nil,
        chargingMode: Int? = nil,
        ecsPerformanceType: String? = nil,
        orderID: String? = nil,
        productID: String? = nil,
        initNodePassword: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.maxPods = maxPods
        self.preInstall = preInstall
        self.postInstall = postInstall
        self.nodeImageID = nodeImageID
        self.dockerLVMConfigOverride = dockerLVMConfigOverride
        self.dockerBaseSize = dockerBaseSize
        self.containerBaseSize = containerBaseSize
        self.publicKey = publicKey
        self.agencyName = agencyName
        self.kubeReservedMem = kubeReservedMem
        self.systemReservedMem = systemReservedMem
        self.kubeReservedCpu = kubeReservedCpu
        self.systemReservedCpu = systemReservedCpu
        self.kubeReservedPid = kubeReservedPid
        self.systemReservedPid = systemReservedPid
        self.kubeReservedStorage = kubeReservedStorage
        self.systemReservedStorage = systemReservedStorage
        self.periodType = periodType
        self.periodNum = periodNum
        self.isAutoRenew = isAutoRenew
        self.isAutoPay = isAutoPay
        self.marketType = marketType
        self.spotPrice = spotPrice
        self.securityReinforcementType = securityReinforcementType
        self.serverMetadataHttpTokens = serverMetadataHttpTokens
        self.chargingMode = chargingMode
        self.ecsPerformanceType = ecsPerformanceType
        self.orderID = orderID
        self.productID = productID
        self.initNodePassword = initNodePassword
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxPods
        case preInstall = "alpha.cce/preInstall"
        case postInstall = "alpha.cce/postInstall"
        case nodeImageID = "alpha.cce/NodeImageID"
        case dockerLVMConfigOverride = "DockerLVMConfigOverride"
        case dockerBaseSize
        case containerBaseSize
        case publicKey
        case agencyName = "agency_name"
        case kubeReservedMem
        case systemReservedMem
        case kubeReservedCpu
        case systemReservedCpu
        case kubeReservedPid
        case systemReservedPid
        case kubeReservedStorage
        case systemReservedStorage
        case periodType
        case periodNum
        case isAutoRenew
        case isAutoPay
        case marketType
        case spotPrice
        case securityReinforcementType
        case serverMetadataHttpTokens
        case chargingMode
        case ecsPerformanceType = "ecs:performancetype"
        case orderID
        case productID
        case initNodePassword = "init-node-password"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxPods = try c.decodeIfPresent(Int.self, forKey: .maxPods)
        preInstall = try c.decodeIfPresent(String.self, forKey: .preInstall)
        postInstall = try c.decodeIfPresent(String.self, forKey: .postInstall)
        nodeImageID = try c.decodeIfPresent(String.self, forKey: .nodeImageID)
        dockerLVMConfigOverride = try c.decodeIfPresent(String.self, forKey: .dockerLVMConfigOverride)
        dockerBaseSize = try c.decodeIfPresent(Int.self, forKey: .dockerBaseSize)
        containerBaseSize = try c.decodeIfPresent(Int.self, forKey: .containerBaseSize)
        publicKey = try c.decodeIfPresent(String.self, forKey: .publicKey)
        agencyName = try c.decodeIfPresent(String.self, forKey: .agencyName)
        kubeReservedMem = try c.decodeIfPresent(Int.self, forKey: .kubeReservedMem)
        systemReservedMem = try c.decodeIfPresent(Int.self, forKey: .systemReservedMem)
        kubeReservedCpu = try c.decodeIfPresent(Int.self, forKey: .kubeReservedCpu)
        systemReservedCpu = try c.decodeIfPresent(Int.self, forKey: .systemReservedCpu)
        kubeReservedPid = try c.decodeIfPresent(Int.self, forKey: .kubeReservedPid)
        systemReservedPid = try c.decodeIfPresent(Int.self, forKey: .systemReservedPid)
        kubeReservedStorage = try c.decodeIfPresent(Int.self, forKey: .kubeReservedStorage)
        systemReservedStorage = try c.decodeIfPresent(Int.self, forKey: .systemReservedStorage)
        periodType = try c.decodeIfPresent(String.self, forKey: .periodType)
        periodNum = try c.decodeIfPresent(Int.self, forKey: .periodNum)
        isAutoRenew = try c.decodeIfPresent(String.self, forKey: .isAutoRenew)
        isAutoPay = try c.decodeIfPresent(String.self, forKey: .isAutoPay)
        marketType = try c.decodeIfPresent(String.self, forKey: .marketType)
        spotPrice = try c.decodeIfPresent(String.self, forKey: .spotPrice)
        securityReinforcementType = try c.decodeIfPresent(String.self, forKey: .securityReinforcementType)
        serverMetadataHttpTokens = try c.decodeIfPresent(String.self, forKey: .serverMetadataHttpTokens)
        chargingMode = try c.decodeIfPresent(Int.self, forKey: .chargingMode)
        ecsPerformanceType = try c.decodeIfPresent(String.self, forKey: .ecsPerformanceType)
        orderID = try c.decodeIfPresent(String.self, forKey: .orderID)
        productID = try c.decodeIfPresent(String.self, forKey: .productID)
        initNodePassword = try c.decodeIfPresent(String.self, forKey: .initNodePassword)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(maxPods, forKey: .maxPods)
        try c.encodeIfPresent(preInstall, forKey: .preInstall)
        try c.encodeIfPresent(postInstall, forKey: .postInstall)
        try c.encodeIfPresent(nodeImageID, forKey: .nodeImageID)
        try c.encodeIfPresent(dockerLVMConfigOverride, forKey: .dockerLVMConfigOverride)
        try c.encodeIfPresent(dockerBaseSize, forKey: .dockerBaseSize)
        try c.encodeIfPresent(containerBaseSize, forKey: .containerBaseSize)
        try c.encodeIfPresent(publicKey, forKey: .publicKey)
        try c.encodeIfPresent(agencyName, forKey: .agencyName)
        try c.encodeIfPresent(kubeReservedMem, forKey: .kubeReservedMem)
        try c.encodeIfPresent(systemReservedMem, forKey: .systemReservedMem)
        try c.encodeIfPresent(kubeReservedCpu, forKey: .kubeReservedCpu)
        try c.encodeIfPresent(systemReservedCpu, forKey: .systemReservedCpu)
        try c.encodeIfPresent(kubeReservedPid, forKey: .kubeReservedPid)
        try c.encodeIfPresent(systemReservedPid, forKey: .systemReservedPid)
        try c.encodeIfPresent(kubeReservedStorage, forKey: .kubeReservedStorage)
        try c.encodeIfPresent(systemReservedStorage, forKey: .systemReservedStorage)
        try c.encodeIfPresent(periodType, forKey: .periodType)
        try c.encodeIfPresent(periodNum, forKey: .periodNum)
        try c.encodeIfPresent(isAutoRenew, forKey: .isAutoRenew)
        try c.encodeIfPresent(isAutoPay, forKey: .isAutoPay)
        try c.encodeIfPresent(marketType, forKey: .marketType)
        try c.encodeIfPresent(spotPrice, forKey: .spotPrice)
        try c.encodeIfPresent(securityReinforcementType, forKey: .securityReinforcementType)
        try c.encodeIfPresent(serverMetadataHttpTokens, forKey: .serverMetadataHttpTokens)
        try c.encodeIfPresent(chargingMode, forKey: .chargingMode)
        try c.encodeIfPresent(ecsPerformanceType, forKey: .ecsPerformanceType)
        try c.encodeIfPresent(orderID, forKey: .orderID)
        try c.encodeIfPresent(productID, forKey: .productID)
        try c.encodeIfPresent(initNodePassword, forKey: .initNodePassword)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `status` of a node (§2.3).
public struct NodeStatus: WireModel {
    /// `Build`, `Installing`, `Upgrading`, `Active`, `Abnormal`, `Deleting`, `Error`, …
    public var phase: String?
    /// Last health probe.
    public var lastProbeTime: String?
    /// Job of the create or delete.
    public var jobID: String?
    /// ECS/BMS ID.
    public var serverId: String?
    public var privateIP: String?
    public var privateIPv6IP: String?
    public var publicIP: String?
    /// false after the pool's OS/runtime changed, until reset.
    public var configurationUpToDate: Bool?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        phase: String? = nil,
        lastProbeTime: String? = nil,
        jobID: String? = nil,
        serverId: String? = nil,
        privateIP: String? = nil,
        privateIPv6IP: String? = nil,
        publicIP: String? = nil,
        configurationUpToDate: Bool? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.phase = phase
        self.lastProbeTime = lastProbeTime
        self.jobID = jobID
        self.serverId = serverId
        self.privateIP = privateIP
        self.privateIPv6IP = privateIPv6IP
        self.publicIP = publicIP
        self.configurationUpToDate = configurationUpToDate
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case phase
        case lastProbeTime
        case jobID
        case serverId
        case privateIP
        case privateIPv6IP
        case publicIP
        case configurationUpToDate
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        phase = try c.decodeIfPresent(String.self, forKey: .phase)
        lastProbeTime = try c.decodeIfPresent(String.self, forKey: .lastProbeTime)
        jobID = try c.decodeIfPresent(String.self, forKey: .jobID)
        serverId = try c.decodeIfPresent(String.self, forKey: .serverId)
        privateIP = try c.decodeIfPresent(String.self, forKey: .privateIP)
        privateIPv6IP = try c.decodeIfPresent(String.self, forKey: .privateIPv6IP)
        publicIP = try c.decodeIfPresent(String.self, forKey: .publicIP)
        configurationUpToDate = try c.decodeIfPresent(Bool.self, forKey: .configurationUpToDate)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(phase, forKey: .phase)
        try c.encodeIfPresent(lastProbeTime, forKey: .lastProbeTime)
        try c.encodeIfPresent(jobID, forKey: .jobID)
        try c.encodeIfPresent(serverId, forKey: .serverId)
        try c.encodeIfPresent(privateIP, forKey: .privateIP)
        try c.encodeIfPresent(privateIPv6IP, forKey: .privateIPv6IP)
        try c.encodeIfPresent(publicIP, forKey: .publicIP)
        try c.encodeIfPresent(configurationUpToDate, forKey: .configurationUpToDate)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// A node pool: the create request (§3.1), the update body (§3.3, metadata and spec
/// only) and every pool response.
public struct NodePool: WireModel {
    /// `NodePool`.
    public var kind: String?
    /// `v3`.
    public var apiVersion: String?
    /// Name and uid.
    public var metadata: NodePoolMetadata?
    /// Template, count, autoscaling.
    public var spec: NodePoolSpec?
    /// Response only: counts and phase.
    public var status: NodePoolStatus?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        kind: String? = nil,
        apiVersion: String? = nil,
        metadata: NodePoolMetadata? = nil,
        spec: NodePoolSpec? = nil,
        status: NodePoolStatus? = nil,
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
        metadata = try c.decodeIfPresent(NodePoolMetadata.self, forKey: .metadata)
        spec = try c.decodeIfPresent(NodePoolSpec.self, forKey: .spec)
        status = try c.decodeIfPresent(NodePoolStatus.self, forKey: .status)
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

/// The body of `GET /clusters/{cid}/nodepools` (§3.4).
public struct NodePoolList: WireModel {
    /// `List`.
    public var kind: String?
    /// `v3`.
    public var apiVersion: String?
    /// The pools.
    public var items: [NodePool]?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        kind: String? = nil,
        apiVersion: String? = nil,
        items: [NodePool]? = nil,
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
        items = try c.decodeIfPresent([NodePool].self, forKey: .items)
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

/// `metadata` of a node pool (§3.1).
public struct NodePoolMetadata: WireModel {
    /// 1–50 chars, `[a-z][a-z0-9-]*`; `DefaultPool` is reserved.
    public var name: String?
    /// Pool ID (response).
    public var uid: String?
    /// Response only.
    public var annotations: StringMap?
    /// Response only.
    public var creationTimestamp: String?
    /// Response only.
    public var updateTimestamp: String?
    /// Response only.
    public var resourceVersion: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        name: String? = nil,
        uid: String? = nil,
        annotations: StringMap? = nil,
        creationTimestamp: String? = nil,
        updateTimestamp: String? = nil,
        resourceVersion: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.uid = uid
        self.annotations = annotations
        self.creationTimestamp = creationTimestamp
        self.updateTimestamp = updateTimestamp
        self.resourceVersion = resourceVersion
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case uid
        case annotations
        case creationTimestamp
        case updateTimestamp
        case resourceVersion
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        uid = try c.decodeIfPresent(String.self, forKey: .uid)
        annotations = try c.decodeIfPresent(StringMap.self, forKey: .annotations)
        creationTimestamp = try c.decodeIfPresent(String.self, forKey: .creationTimestamp)
        updateTimestamp = try c.decodeIfPresent(String.self, forKey: .updateTimestamp)
        resourceVersion = try c.decodeIfPresent(String.self, forKey: .resourceVersion)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(uid, forKey: .uid)
        try c.encodeIfPresent(annotations, forKey: .annotations)
        try c.encodeIfPresent(creationTimestamp, forKey: .creationTimestamp)
        try c.encodeIfPresent(updateTimestamp, forKey: .updateTimestamp)
        try c.encodeIfPresent(resourceVersion, forKey: .resourceVersion)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec` of a node pool (§3.1) and of a pool update (§3.3).
public struct NodePoolSpec: WireModel {
    /// `vm` (default), `ElasticBMS`, `pm`.
    public var type: String?
    /// The nodes' spec.
    public var nodeTemplate: NodeSpec?
    /// Target node count; a GET returns the current target.
    public var initialNodeCount: Int?
    /// Update only: true leaves the count alone.
    public var ignoreInitialNodeCount: Bool?
    /// Needs the autoscaler add-on.
    public var autoscaling: NodePoolAutoscaling?
    /// Server group.
    public var nodeManagement: NodePoolManagement?
    /// Huawei.
    public var repairPolicy: NodePoolRepairPolicy?
    /// ≤ 5 (Turbo).
    public var podSecurityGroups: [NodePoolSecurityGroup]?
    /// SGs for new nodes.
    public var customSecurityGroups: [String]?
    /// Huawei: extra flavor/AZ groups.
    public var extensionScaleGroups: [JSONValue]?
    /// `refresh` or `ignore`.
    public var taintPolicyOnExistingNodes: String?
    /// `refresh` or `ignore`.
    public var labelPolicyOnExistingNodes: String?
    /// `ignore` or `refresh`.
    public var userTagsPolicyOnExistingNodes: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        type: String? = nil,
        nodeTemplate: NodeSpec? = nil,
        initialNodeCount: Int? = nil,
        ignoreInitialNodeCount: Bool? = nil,
        autoscaling: NodePoolAutoscaling? = nil,
        nodeManagement: NodePoolManagement? = nil,
        repairPolicy: NodePoolRepairPolicy? = nil,
        podSecurityGroups: [NodePoolSecurityGroup]? = nil,
        customSecurityGroups: [String]? = nil,
        extensionScaleGroups: [JSONValue]? = nil,
        taintPolicyOnExistingNodes: String? = nil,
        labelPolicyOnExistingNodes: String? = nil,
        userTagsPolicyOnExistingNodes: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.type = type
        self.nodeTemplate = nodeTemplate
        self.initialNodeCount = initialNodeCount
        self.ignoreInitialNodeCount = ignoreInitialNodeCount
        self.autoscaling = autoscaling
        self.nodeManagement = nodeManagement
        self.repairPolicy = repairPolicy
        self.podSecurityGroups = podSecurityGroups
        self.customSecurityGroups = customSecurityGroups
        self.extensionScaleGroups = extensionScaleGroups
        self.taintPolicyOnExistingNodes = taintPolicyOnExistingNodes
        self.labelPolicyOnExistingNodes = labelPolicyOnExistingNodes
        self.userTagsPolicyOnExistingNodes = userTagsPolicyOnExistingNodes
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case type
        case nodeTemplate
        case initialNodeCount
        case ignoreInitialNodeCount
        case autoscaling
        case nodeManagement
        case repairPolicy
        case podSecurityGroups
        case customSecurityGroups
        case extensionScaleGroups
        case taintPolicyOnExistingNodes
        case labelPolicyOnExistingNodes
        case userTagsPolicyOnExistingNodes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        nodeTemplate = try c.decodeIfPresent(NodeSpec.self, forKey: .nodeTemplate)
        initialNodeCount = try c.decodeIfPresent(Int.self, forKey: .initialNodeCount)
        ignoreInitialNodeCount = try c.decodeIfPresent(Bool.self, forKey: .ignoreInitialNodeCount)
        autoscaling = try c.decodeIfPresent(NodePoolAutoscaling.self, forKey: .autoscaling)
        nodeManagement = try c.decodeIfPresent(NodePoolManagement.self, forKey: .nodeManagement)
        repairPolicy = try c.decodeIfPresent(NodePoolRepairPolicy.self, forKey: .repairPolicy)
        podSecurityGroups = try c.decodeIfPresent([NodePoolSecurityGroup].self, forKey: .podSecurityGroups)
        customSecurityGroups = try c.decodeIfPresent([String].self, forKey: .customSecurityGroups)
        extensionScaleGroups = try c.decodeIfPresent([JSONValue].self, forKey: .extensionScaleGroups)
        taintPolicyOnExistingNodes = try c.decodeIfPresent(String.self, forKey: .taintPolicyOnExistingNodes)
        labelPolicyOnExistingNodes = try c.decodeIfPresent(String.self, forKey: .labelPolicyOnExistingNodes)
        userTagsPolicyOnExistingNodes = try c.decodeIfPresent(String.self, forKey: .userTagsPolicyOnExistingNodes)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(type, forKey: .type)
        try c.encodeIfPresent(nodeTemplate, forKey: .nodeTemplate)
        try c.encodeIfPresent(initialNodeCount, forKey: .initialNodeCount)
        try c.encodeIfPresent(ignoreInitialNodeCount, forKey: .ignoreInitialNodeCount)
        try c.encodeIfPresent(autoscaling, forKey: .autoscaling)
        try c.encodeIfPresent(nodeManagement, forKey: .nodeManagement)
        try c.encodeIfPresent(repairPolicy, forKey: .repairPolicy)
        try c.encodeIfPresent(podSecurityGroups, forKey: .podSecurityGroups)
        try c.encodeIfPresent(customSecurityGroups, forKey: .customSecurityGroups)
        try c.encodeIfPresent(extensionScaleGroups, forKey: .extensionScaleGroups)
        try c.encodeIfPresent(taintPolicyOnExistingNodes, forKey: .taintPolicyOnExistingNodes)
        try c.encodeIfPresent(labelPolicyOnExistingNodes, forKey: .labelPolicyOnExistingNodes)
        try c.encodeIfPresent(userTagsPolicyOnExistingNodes, forKey: .userTagsPolicyOnExistingNodes)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec.autoscaling` of a pool.
public struct NodePoolAutoscaling: WireModel {
    public var enable: Bool?
    public var minNodeCount: Int?
    /// ≥ minNodeCount.
    public var maxNodeCount: Int?
    /// Minutes.
    public var scaleDownCooldownTime: Int?
    /// Higher scales first.
    public var priority: Int?
    /// Minutes; -1 unset.
    public var scaleDownUnneededTime: Int?
    /// 0–1; -1 unset.
    public var scaleDownUtilizationThreshold: Double?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        enable: Bool? = nil,
        minNodeCount: Int? = nil,
        maxNodeCount: Int? = nil,
        scaleDownCooldownTime: Int? = nil,
        priority: Int? = nil,
        scaleDownUnneededTime: Int? = nil,
        scaleDownUtilizationThreshold: Double? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.enable = enable
        self.minNodeCount = minNodeCount
        self.maxNodeCount = maxNodeCount
        self.scaleDownCooldownTime = scaleDownCooldownTime
        self.priority = priority
        self.scaleDownUnneededTime = scaleDownUnneededTime
        self.scaleDownUtilizationThreshold = scaleDownUtilizationThreshold
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enable
        case minNodeCount
        case maxNodeCount
        case scaleDownCooldownTime
        case priority
        case scaleDownUnneededTime
        case scaleDownUtilizationThreshold
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enable = try c.decodeIfPresent(Bool.self, forKey: .enable)
        minNodeCount = try c.decodeIfPresent(Int.self, forKey: .minNodeCount)
        maxNodeCount = try c.decodeIfPresent(Int.self, forKey: .maxNodeCount)
        scaleDownCooldownTime = try c.decodeIfPresent(Int.self, forKey: .scaleDownCooldownTime)
        priority = try c.decodeIfPresent(Int.self, forKey: .priority)
        scaleDownUnneededTime = try c.decodeIfPresent(Int.self, forKey: .scaleDownUnneededTime)
        scaleDownUtilizationThreshold = try c.decodeIfPresent(Double.self, forKey: .scaleDownUtilizationThreshold)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(enable, forKey: .enable)
        try c.encodeIfPresent(minNodeCount, forKey: .minNodeCount)
        try c.encodeIfPresent(maxNodeCount, forKey: .maxNodeCount)
        try c.encodeIfPresent(scaleDownCooldownTime, forKey: .scaleDownCooldownTime)
        try c.encodeIfPresent(priority, forKey: .priority)
        try c.encodeIfPresent(scaleDownUnneededTime, forKey: .scaleDownUnneededTime)
        try c.encodeIfPresent(scaleDownUtilizationThreshold, forKey: .scaleDownUtilizationThreshold)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec.nodeManagement` of a pool.
public struct NodePoolManagement: WireModel {
    /// ECS server group ID.
    public var serverGroupReference: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        serverGroupReference: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.serverGroupReference = serverGroupReference
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case serverGroupReference
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        serverGroupReference = try c.decodeIfPresent(String.self, forKey: .serverGroupReference)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(serverGroupReference, forKey: .serverGroupReference)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec.repairPolicy` of a pool (Huawei).
public struct NodePoolRepairPolicy: WireModel {
    public var enable: Bool?
    /// `restartNode`.
    public var policy: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        enable: Bool? = nil,
        policy: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.enable = enable
        self.policy = policy
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enable
        case policy
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enable = try c.decodeIfPresent(Bool.self, forKey: .enable)
        policy = try c.decodeIfPresent(String.self, forKey: .policy)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(enable, forKey: .enable)
        try c.encodeIfPresent(policy, forKey: .policy)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// An entry of `spec.podSecurityGroups`.
public struct NodePoolSecurityGroup: WireModel {
    /// Security group ID.
    public var id: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        id: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(id, forKey: .id)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `status` of a node pool (§3.2).
public struct NodePoolStatus: WireModel {
    /// Empty: available. `Synchronizing`, `Synchronized`, `SoldOut`, `Deleting`, `Error`.
    public var phase: String?
    /// All nodes but those being deleted.
    public var currentNode: Int?
    public var creatingNode: Int?
    public var deletingNode: Int?
    public var activeNode: Int?
    public var repairingNode: Int?
    public var repairFailedNode: Int?
    public var configurationSyncedNodeCount: Int?
    /// Job of the last operation.
    public var jobId: String?
    public var conditions: [NodePoolCondition]?
    /// Per scale group counts.
    public var scaleGroupStatuses: [JSONValue]?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        phase: String? = nil,
        currentNode: Int? = nil,
        creatingNode: Int? = nil,
        deletingNode: Int? = nil,
        activeNode: Int? = nil,
        repairingNode: Int? = nil,
        repairFailedNode: Int? = nil,
        configurationSyncedNodeCount: Int? = nil,
        jobId: String? = nil,
        conditions: [NodePoolCondition]? = nil,
        scaleGroupStatuses: [JSONValue]? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.phase = phase
        self.currentNode = currentNode
        self.creatingNode = creatingNode
        self.deletingNode = deletingNode
        self.activeNode = activeNode
        self.repairingNode = repairingNode
        self.repairFailedNode = repairFailedNode
        self.configurationSyncedNodeCount = configurationSyncedNodeCount
        self.jobId = jobId
        self.conditions = conditions
        self.scaleGroupStatuses = scaleGroupStatuses
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case phase
        case currentNode
        case creatingNode
        case deletingNode
        case activeNode
        case repairingNode
        case repairFailedNode
        case configurationSyncedNodeCount
        case jobId
        case conditions
        case scaleGroupStatuses
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        phase = try c.decodeIfPresent(String.self, forKey: .phase)
        currentNode = try c.decodeIfPresent(Int.self, forKey: .currentNode)
        creatingNode = try c.decodeIfPresent(Int.self, forKey: .creatingNode)
        deletingNode = try c.decodeIfPresent(Int.self, forKey: .deletingNode)
        activeNode = try c.decodeIfPresent(Int.self, forKey: .activeNode)
        repairingNode = try c.decodeIfPresent(Int.self, forKey: .repairingNode)
        repairFailedNode = try c.decodeIfPresent(Int.self, forKey: .repairFailedNode)
        configurationSyncedNodeCount = try c.decodeIfPresent(Int.self, forKey: .configurationSyncedNodeCount)
        jobId = try c.decodeIfPresent(String.self, forKey: .jobId)
        conditions = try c.decodeIfPresent([NodePoolCondition].self, forKey: .conditions)
        scaleGroupStatuses = try c.decodeIfPresent([JSONValue].self, forKey: .scaleGroupStatuses)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(phase, forKey: .phase)
        try c.encodeIfPresent(currentNode, forKey: .currentNode)
        try c.encodeIfPresent(creatingNode, forKey: .creatingNode)
        try c.encodeIfPresent(deletingNode, forKey: .deletingNode)
        try c.encodeIfPresent(activeNode, forKey: .activeNode)
        try c.encodeIfPresent(repairingNode, forKey: .repairingNode)
        try c.encodeIfPresent(repairFailedNode, forKey: .repairFailedNode)
        try c.encodeIfPresent(configurationSyncedNodeCount, forKey: .configurationSyncedNodeCount)
        try c.encodeIfPresent(jobId, forKey: .jobId)
        try c.encodeIfPresent(conditions, forKey: .conditions)
        try c.encodeIfPresent(scaleGroupStatuses, forKey: .scaleGroupStatuses)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// A condition of a pool's status: the same shape as a cluster's (`type`, `status`,
/// `lastProbeTime`, `lastTransitTime`, `reason`, `message`).
public typealias NodePoolCondition = ClusterCondition
