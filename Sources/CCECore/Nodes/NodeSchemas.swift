/// The fields of each object of a node, node-pool and cluster-certificate body, with how a
/// request treats them (WIRE-LIFECYCLE §1–4). The field lists are the models' CodingKeys
/// (Models/NodeModels.swift, KubeconfigModels.swift): a field added to a model is known to
/// the validator at once, and a role given to a name the model lacks does not compile.
enum NodeSchemas {
    static let nodeRoot = ObjectSchema(ClusterNode.CodingKeys.self, roles: [.status: .responseOnly])

    static let nodeMetadata = ObjectSchema(
        NodeMetadata.CodingKeys.self,
        roles: [
            .uid: .responseOnly, .creationTimestamp: .responseOnly, .updateTimestamp: .responseOnly,
            .ownerReferences: .responseOnly,
        ])

    /// §3.1: a pool's nodeTemplate is NodeSpec plus configurationsOverride.
    static let nodeSpec = ObjectSchema(NodeSpec.CodingKeys.self, roles: [.configurationsOverride: .notInReference])
    static let login = ObjectSchema(NodeLogin.CodingKeys.self)
    static let userPassword = ObjectSchema(NodeUserPassword.CodingKeys.self)
    static let volume = ObjectSchema(
        NodeVolume.CodingKeys.self,
        roles: [
            .clusterID: .notInReference, .clusterType: .notInReference,
        ])
    static let volumeMetadata = ObjectSchema(NodeVolumeMetadata.CodingKeys.self, caseSensitive: true)
    static let taint = ObjectSchema(NodeTaint.CodingKeys.self)
    static let userTag = ObjectSchema(ResourceTag.CodingKeys.self)
    static let storage = ObjectSchema(NodeStorage.CodingKeys.self)
    static let storageSelector = ObjectSchema(NodeStorageSelector.CodingKeys.self)
    static let matchLabels = ObjectSchema(NodeStorageMatchLabels.CodingKeys.self)
    static let storageGroup = ObjectSchema(NodeStorageGroup.CodingKeys.self)
    static let virtualSpace = ObjectSchema(NodeVirtualSpace.CodingKeys.self)
    static let lvmConfig = ObjectSchema(NodeLVMConfig.CodingKeys.self)
    static let runtimeConfig = ObjectSchema(NodeRuntimeConfig.CodingKeys.self)
    static let publicIP = ObjectSchema(NodePublicIP.CodingKeys.self)
    static let eip = ObjectSchema(NodeEIPSpec.CodingKeys.self)
    static let bandwidth = ObjectSchema(NodeBandwidth.CodingKeys.self)
    static let nodeNicSpec = ObjectSchema(NodeNicSpec.CodingKeys.self)
    static let nicSpec = ObjectSchema(NodeNic.CodingKeys.self)
    static let runtime = ObjectSchema(NodeRuntime.CodingKeys.self)
    static let hostnameConfig = ObjectSchema(NodeHostnameConfig.CodingKeys.self)
    static let nodeNameTemplate = ObjectSchema(NodeNameTemplate.CodingKeys.self)

    /// A map on the service, so keys match exactly.
    static let extendParam = ObjectSchema(
        NodeExtendParam.CodingKeys.self,
        roles: [
            .securityReinforcementType: .notInReference,
            .ecsPerformanceType: .responseOnly, .orderID: .responseOnly, .productID: .responseOnly,
            .initNodePassword: .responseOnly,
        ], caseSensitive: true)

    // §3 node pools

    static let poolRoot = ObjectSchema(NodePool.CodingKeys.self, roles: [.status: .responseOnly])

    /// "uid, annotations, creationTimestamp, updateTimestamp and resourceVersion are response
    /// only; user input is ignored."
    static let poolMetadata = ObjectSchema(
        NodePoolMetadata.CodingKeys.self,
        roles: [
            .uid: .responseOnly, .annotations: .responseOnly, .creationTimestamp: .responseOnly,
            .updateTimestamp: .responseOnly, .resourceVersion: .responseOnly,
        ])

    /// Create and update share the spec; `ignoreInitialNodeCount` on a create is a warning of its own.
    static let poolSpec = ObjectSchema(
        NodePoolSpec.CodingKeys.self,
        roles: [
            .repairPolicy: .notInReference, .extensionScaleGroups: .notInReference,
        ])
    static let poolUpdateSpec = poolSpec

    static let autoscaling = ObjectSchema(
        NodePoolAutoscaling.CodingKeys.self,
        roles: [
            .scaleDownUnneededTime: .notInReference, .scaleDownUtilizationThreshold: .notInReference,
        ])
    static let nodeManagement = ObjectSchema(NodePoolManagement.CodingKeys.self)
    static let repairPolicy = ObjectSchema(NodePoolRepairPolicy.CodingKeys.self)
    static let podSecurityGroup = ObjectSchema(NodePoolSecurityGroup.CodingKeys.self)

    // §4 clustercert

    static let clusterCert = ObjectSchema(ClusterCertRequest.CodingKeys.self, roles: [.expireAt: .notInReference])

    /// Where each request field lives, for the hint on a misplaced field
    /// (`spec.maxPods` → "belongs in spec.extendParam").
    static let nodeHomes = homes(template: "spec", pool: false)
    static let poolHomes = homes(template: "spec.nodeTemplate", pool: true)

    private static func homes(template t: String, pool: Bool) -> [String: String] {
        var objects: [(String, ObjectSchema)] = [
            ("the request body", nodeRoot), ("metadata", pool ? poolMetadata : nodeMetadata), (t, nodeSpec),
            ("\(t).login", login), ("\(t).rootVolume", volume), ("\(t).storage", storage),
            ("\(t).publicIP", publicIP), ("\(t).nodeNicSpec", nodeNicSpec), ("\(t).runtime", runtime),
            ("\(t).extendParam", extendParam),
        ]
        if pool { objects += [("spec", poolUpdateSpec), ("spec.autoscaling", autoscaling)] }
        var homes: [String: String] = [:]
        var ambiguous: Set<String> = []
        for (home, schema) in objects {
            for (name, role) in schema.fields where role == .request {
                if let existing = homes[name], existing != home { ambiguous.insert(name) } else { homes[name] = home }
            }
        }
        for name in ambiguous { homes.removeValue(forKey: name) }
        return homes
    }
}
