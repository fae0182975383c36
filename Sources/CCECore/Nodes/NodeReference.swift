/// What WIRE-LIFECYCLE §1–4 says about node, node-pool and cluster-certificate bodies:
/// limits and value sets. The field lists of each object come from the models' CodingKeys
/// (see `NodeSchemas`), so a field is declared once.
enum NodeReference {
    // §1.2 Volume
    static let rootVolumeSize = 40...1024
    static let dataVolumeSize = 100...32768
    /// "At most 16 disks on a VM and 10 on bare metal."
    static let maxDataVolumesVM = 16
    static let maxDataVolumesBareMetal = 10
    /// The OTC volume types; the Huawei-only ones are accepted with a warning.
    static let volumeTypes = ["SAS", "SSD", "SATA"]
    static let volumeTypesElsewhere = ["ESSD", "GPSSD", "ESSD2", "GPSSD2"]

    // §1.1 NodeSpec
    /// `count` has no documented upper bound beyond "≤ quota" (§10); the largest cluster
    /// flavor holds 2,000 nodes (cce.s2.xlarge), so more can never succeed.
    static let maxNodesPerCluster = 2000
    static let maxTaints = 20
    static let maxK8sTags = 20
    static let maxUserTags = 8
    static let maxInitializedConditions = 2
    static let taintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"]
    static let runtimeNames = ["docker", "containerd"]
    static let runtimeClasses = ["runc", "kata", "kuasar-vmm"]
    static let hostnameTypes = ["privateIp", "cceNodeName"]
    /// `billingMode`: 0 pay-per-use, 1 yearly/monthly (Huawei), 2 deprecated auto-pay.
    static let billingModes = 0...2

    // §1.3 Storage
    static let storageTypes = ["evs", "local"]
    static let virtualSpaceNames = ["kubernetes", "runtime", "user", "share"]

    // §1.4 public IP
    static let chargeModes = ["", "bandwidth", "traffic"]

    // §1.6 extendParam
    static let maxPods = 16...256
    static let maxPodsKuasar = 16...1024
    static let containerBaseSize = 10...500
    static let reservedPid = 0...2_097_152
    static let periodTypes = ["month", "year"]
    static let httpTokens = ["optional", "required"]

    // §1.1 / §2.4 names
    static let maxNodeNameLength = 56

    // §3 node pools
    static let poolTypes = ["vm", "ElasticBMS", "pm"]
    static let poolNameLength = 1...50
    static let reservedPoolName = "DefaultPool"
    static let maxPodSecurityGroups = 5
    static let maxSubnetList = 20
    static let existingNodePolicies = ["refresh", "ignore"]

    // §4 clustercert
    /// Days; −1 means the maximum.
    static let certDuration = 1...1827

    /// What to write for a missing required field of a node, pool or cert body.
    static let requiredHints: [String: String] = [
        "kind": "set kind to \"Node\" (or \"NodePool\" for a pool)",
        "apiVersion": "set apiVersion to \"v3\"",
        "metadata": "add metadata: {name: \"my-node\"}",
        "spec": "add spec with flavor, az, login, rootVolume, dataVolumes and count",
        "flavor": "an ECS flavor with at least 2 vCPUs and 4 GB, e.g. \"s3.large.2\"",
        "az": "an availability zone, e.g. \"eu-de-01\"",
        "os": "e.g. \"EulerOS 2.9\" or \"Ubuntu 22.04\"",
        "login": "add login: {sshKey: \"my-keypair\"}",
        "rootVolume": "add rootVolume: {size: 40, volumetype: \"SSD\"}",
        "dataVolumes": "add dataVolumes: [{size: 100, volumetype: \"SSD\"}]",
        "size": "a size in GiB",
        "volumetype": "\"SAS\" (high I/O), \"SSD\" (ultra-high I/O) or \"SATA\"",
        "count": "the number of nodes to create, e.g. 1",
        "key": "a key of at most 63 letters, digits, `.`, `_` and `-`",
        "effect": "\"NoSchedule\", \"PreferNoSchedule\" or \"NoExecute\"",
        "nodeTemplate": "add nodeTemplate with the node's flavor, az, os, login, rootVolume and dataVolumes",
        "initialNodeCount": "the number of nodes the pool should have, e.g. 2",
        "password": "the salted hash of the password (base64 of a SHA-512 crypt string)",
        "storageSelectors": "add storageSelectors: [{name: \"cceUse\", storageType: \"evs\", matchLabels: {…}}]",
        "selectorNames": "the names of the storageSelectors this group uses",
        "name": "a name of lowercase letters, digits and hyphens, starting with a letter",
        "iptype": "e.g. \"5_bgp\"",
        "subnetId": "the network ID of the subnet",
        "duration": "the validity in days, 1 to 1827, or -1 for the maximum",
        "type": "e.g. \"privateIp\"",
        "id": "a security group ID",
    ]
}
