/// The fields of each object of a node, node-pool and cluster-certificate body, with how a
/// request treats them (WIRE-LIFECYCLE §1–4).
enum NodeSchemas {
    static let nodeRoot = ObjectSchema([
        ("kind", .request), ("apiVersion", .request), ("metadata", .request), ("spec", .request),
        ("status", .responseOnly),
    ])

    static let nodeMetadata = ObjectSchema([
        ("name", .request), ("uid", .responseOnly), ("labels", .request), ("annotations", .request),
        ("creationTimestamp", .responseOnly), ("updateTimestamp", .responseOnly),
        ("ownerReferences", .responseOnly),
    ])

    static let nodeSpec = ObjectSchema([
        ("flavor", .request), ("az", .request), ("os", .request), ("login", .request),
        ("rootVolume", .request), ("dataVolumes", .request), ("storage", .request),
        ("publicIP", .request), ("nodeNicSpec", .request), ("count", .request), ("billingMode", .request),
        ("taints", .request), ("k8sTags", .request), ("userTags", .request), ("runtime", .request),
        ("extendParam", .request), ("ecsGroupId", .request), ("dedicatedHostId", .request),
        ("waitPostInstallFinish", .request), ("initializedConditions", .request),
        ("hostnameConfig", .request), ("nodeNameTemplate", .request),
        ("serverEnterpriseProjectID", .request), ("partition", .request),
        ("offloadNode", .request), ("faultDomain", .request),
        // Node pools only (§3.1: nodeTemplate = NodeSpec plus configurationsOverride).
        ("configurationsOverride", .notInReference),
    ])

    static let login = ObjectSchema([
        ("sshKey", .request), ("userPassword", .request),
        ("removeUserPassword", .request), ("removeSSHKey", .request),
    ])

    static let userPassword = ObjectSchema([("username", .request), ("password", .request)])

    static let volume = ObjectSchema([
        ("size", .request), ("volumetype", .request), ("iops", .request), ("throughput", .request),
        ("extendParam", .request), ("hw:passthrough", .request), ("metadata", .request),
        ("cluster_id", .notInReference), ("cluster_type", .notInReference),
    ])

    static let volumeMetadata = ObjectSchema(
        [
            ("__system__encrypted", .request), ("__system__cmkid", .request),
        ], caseSensitive: true)

    static let taint = ObjectSchema([("key", .request), ("value", .request), ("effect", .request)])

    static let userTag = ObjectSchema([("key", .request), ("value", .request)])

    static let storage = ObjectSchema([("storageSelectors", .request), ("storageGroups", .request)])

    static let storageSelector = ObjectSchema([
        ("name", .request), ("storageType", .request), ("matchLabels", .request),
    ])

    static let matchLabels = ObjectSchema([
        ("size", .request), ("volumeType", .request), ("iops", .request), ("throughput", .request),
        ("metadataEncrypted", .request), ("metadataCmkid", .request), ("count", .request),
    ])

    static let storageGroup = ObjectSchema([
        ("name", .request), ("selectorNames", .request), ("cceManaged", .request), ("virtualSpaces", .request),
    ])

    static let virtualSpace = ObjectSchema([
        ("name", .request), ("size", .request), ("lvmConfig", .request), ("runtimeConfig", .request),
    ])

    static let lvmConfig = ObjectSchema([("lvType", .request), ("path", .request)])
    static let runtimeConfig = ObjectSchema([("lvType", .request)])

    static let publicIP = ObjectSchema([
        ("ids", .request), ("count", .request), ("eip", .request),
        ("iptype", .request), ("bandwidth", .request),
    ])

    static let eip = ObjectSchema([("iptype", .request), ("bandwidth", .request)])

    static let bandwidth = ObjectSchema([("chargemode", .request), ("size", .request), ("sharetype", .request)])

    static let nodeNicSpec = ObjectSchema([("primaryNic", .request), ("extNics", .request)])

    static let nicSpec = ObjectSchema([
        ("subnetId", .request), ("fixedIps", .request), ("ipBlock", .request), ("subnetList", .request),
    ])

    static let runtime = ObjectSchema([("name", .request), ("runtimeClass", .request)])

    static let hostnameConfig = ObjectSchema([("type", .request)])

    static let nodeNameTemplate = ObjectSchema([("nodeNamePrefix", .request), ("nodeNameSuffix", .request)])

    /// A map on the service, so keys match exactly.
    static let extendParam = ObjectSchema(
        [
            ("maxPods", .request), ("alpha.cce/preInstall", .request), ("alpha.cce/postInstall", .request),
            ("alpha.cce/NodeImageID", .request), ("DockerLVMConfigOverride", .request),
            ("dockerBaseSize", .request), ("containerBaseSize", .request), ("publicKey", .request),
            ("agency_name", .request), ("kubeReservedMem", .request), ("systemReservedMem", .request),
            ("kubeReservedCpu", .request), ("systemReservedCpu", .request),
            ("kubeReservedPid", .request), ("systemReservedPid", .request),
            ("kubeReservedStorage", .request), ("systemReservedStorage", .request),
            ("periodType", .request), ("periodNum", .request), ("isAutoRenew", .request), ("isAutoPay", .request),
            ("marketType", .request), ("spotPrice", .request),
            ("securityReinforcementType", .notInReference), ("serverMetadataHttpTokens", .request),
            ("chargingMode", .request),
            ("ecs:performancetype", .responseOnly), ("orderID", .responseOnly), ("productID", .responseOnly),
            ("init-node-password", .responseOnly),
        ], caseSensitive: true)

    // §3 node pools

    static let poolRoot = ObjectSchema([
        ("kind", .request), ("apiVersion", .request), ("metadata", .request), ("spec", .request),
        ("status", .responseOnly),
    ])

    static let poolMetadata = ObjectSchema([
        ("name", .request), ("uid", .responseOnly), ("annotations", .responseOnly),
        ("creationTimestamp", .responseOnly), ("updateTimestamp", .responseOnly),
        ("resourceVersion", .responseOnly),
    ])

    static let poolSpec = ObjectSchema([
        ("type", .request), ("nodeTemplate", .request), ("initialNodeCount", .request),
        ("autoscaling", .request), ("nodeManagement", .request), ("repairPolicy", .notInReference),
        ("podSecurityGroups", .request), ("customSecurityGroups", .request),
        ("extensionScaleGroups", .notInReference),
        ("taintPolicyOnExistingNodes", .request), ("labelPolicyOnExistingNodes", .request),
        ("userTagsPolicyOnExistingNodes", .request),
    ])

    static let poolUpdateSpec = ObjectSchema(
        poolSpec.fields.map { ($0.name, $0.role) } + [
            ("ignoreInitialNodeCount", .request)
        ])

    static let autoscaling = ObjectSchema([
        ("enable", .request), ("minNodeCount", .request), ("maxNodeCount", .request),
        ("scaleDownCooldownTime", .request), ("priority", .request),
        ("scaleDownUnneededTime", .notInReference), ("scaleDownUtilizationThreshold", .notInReference),
    ])

    static let nodeManagement = ObjectSchema([("serverGroupReference", .request)])

    static let repairPolicy = ObjectSchema([("enable", .request), ("policy", .request)])

    static let podSecurityGroup = ObjectSchema([("id", .request)])

    // §4 clustercert

    static let clusterCert = ObjectSchema([("duration", .request), ("expire_at", .notInReference)])

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
