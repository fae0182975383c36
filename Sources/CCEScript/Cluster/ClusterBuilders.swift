import CCECore

/// One builder method of a cluster value: `.flavor(s)`, `.vpc(id)`, `.multiAZ()` …
///
/// Builders take exactly one positional argument (none for `.multiAZ()`); the argument is
/// type-checked before `apply` sees it, so `apply` only deals with well-typed JSON.
struct ClusterBuilderMethod: Sendable {
    enum Argument: Sendable, Equatable {
        case none
        case string
        case bool
        case int
        case map
        case list
        /// A list whose elements are all strings (`.masterAZs`).
        case stringList
        /// An integer, or a string of digits as the wire carries it (`.fixPoolMask`).
        case intOrString

        /// How the expected argument is named in messages.
        var noun: String {
            switch self {
            case .none: return "no argument"
            case .string: return "a string"
            case .bool: return "a bool"
            case .int: return "an int"
            case .map: return "a map"
            case .list: return "a list"
            case .stringList: return "a list of strings"
            case .intOrString: return "an int or a string"
            }
        }
    }

    let name: String
    let argument: Argument
    /// One line for the REPL's help and for "did you mean" hints.
    let summary: String
    let edit: BodyEdit

    /// What a builder does to the body. Data rather than a closure, so that one definition
    /// applies to JSON bodies (nodes, pools) and to language values (clusters) alike.
    enum BodyEdit: Sendable {
        /// Sets the argument at the path.
        case set([String])
        /// `.with(map)`: a deep merge.
        case merge
        /// Appends `{cidr: argument}` to `spec.containerNetwork.cidrs`.
        case appendContainerCIDR
        /// `spec.masters = [{availabilityZone: az}, ...]`.
        case masterAZs
        /// Sets a fixed string at the path (the builder takes no argument).
        case setConstant(String, at: [String])
        /// Sets the argument, an int or a string, as a string at the path.
        case setAsString([String])
        /// Adds the argument to the add-on annotation.
        case addon
    }

    /// The body with this builder applied; `argument` is already type-checked (`accepts`).
    func apply<Node: RequestBodyTree>(_ body: Node, _ argument: Node) throws(ClusterBuildError) -> Node {
        switch edit {
        case .set(let path):
            return try ClusterBody.setting(argument, at: path, in: body)
        case .merge:
            return ClusterBody.deepMerge(body, argument)
        case .appendContainerCIDR:
            return try ClusterBody.update(body, at: ["spec", "containerNetwork", "cidrs"]) {
                current throws(ClusterBuildError) in
                var items: [Node] = []
                if let current, !current.isNull {
                    guard let existing = current.arrayElements else {
                        throw ClusterBuildError(
                            message:
                                "spec.containerNetwork.cidrs is a \(current.jsonTypeName), "
                                + "not a list, so a CIDR cannot be appended"
                        )
                    }
                    items = existing
                }
                items.append(Node.object(["cidr": argument]))
                return Node.array(items)
            }
        case .masterAZs:
            let masters = (argument.arrayElements ?? []).map { Node.object(["availabilityZone": $0]) }
            return try ClusterBody.setting(Node.array(masters), at: ["spec", "masters"], in: body)
        case .setConstant(let text, let path):
            return try ClusterBody.setting(Node.string(text), at: path, in: body)
        case .setAsString(let path):
            let text = argument.intValue.map { String($0) } ?? argument.stringValue ?? ""
            return try ClusterBody.setting(Node.string(text), at: path, in: body)
        case .addon:
            return try ClusterBody.addingAddon(argument.stringValue ?? "", to: body)
        }
    }

    /// How many levels of lists and maps the result holds above the argument (the body's
    /// root counted): its depth is then at most the argument's plus this, or the body's, as
    /// edits only replace values and what the body held keeps its depth.
    var argumentNesting: Int {
        switch edit {
        case .set(let path): path.count  // the root and the maps down to the argument's place
        case .merge: 0  // the argument's members become the root's
        case .appendContainerCIDR: 5  // {cidr: …} in spec.containerNetwork.cidrs
        case .masterAZs: 3  // each string becomes {availabilityZone: …} in spec.masters
        case .setConstant, .setAsString, .addon: 0  // no argument, or a string
        }
    }

    /// Whether `value` is acceptable for this builder.
    func accepts(_ value: JSONValue) -> Bool {
        switch (argument, value) {
        case (.none, _): return false
        case (.string, .string), (.bool, .bool), (.int, .int), (.map, .object), (.list, .array): return true
        case (.stringList, .array(let items)): return items.allSatisfy { $0.stringValue != nil }
        case (.intOrString, .int), (.intOrString, .string): return true
        default: return false
        }
    }
}

extension ClusterBuilderMethod {
    /// A builder that replaces `spec.<field>` (the wire name is the method name).
    private static func specField(_ field: String, _ argument: Argument, _ summary: String) -> ClusterBuilderMethod {
        ClusterBuilderMethod(name: field, argument: argument, summary: summary, edit: .set(["spec", field]))
    }

    private static func at(_ path: [String], name: String, _ argument: Argument, _ summary: String)
        -> ClusterBuilderMethod
    {
        ClusterBuilderMethod(name: name, argument: argument, summary: summary, edit: .set(path))
    }

    /// Every builder, by name. The spec-field builders are the writable fields of Table 5
    /// of the Create Cluster reference, under their wire names; `platformVersion` is left
    /// out because the reference says it cannot be specified.
    static let all: [String: ClusterBuilderMethod] = {
        var methods: [ClusterBuilderMethod] = [
            specField("category", .string, "spec.category: CCE (or Turbo)"),
            specField("type", .string, "spec.type: VirtualMachine"),
            specField("flavor", .string, "spec.flavor: cce.s1.small … cce.s2.xlarge"),
            specField("version", .string, "spec.version: vX.Y, vX.Y.Z or vX.Y.Z-rN"),
            specField("description", .string, "spec.description (at most 200 bytes)"),
            specField("customSan", .list, "spec.customSan: extra IPs or domain names for the API server certificate"),
            specField("ipv6enable", .bool, "spec.ipv6enable (v1.25 and later)"),
            specField("hostNetwork", .map, "spec.hostNetwork: {vpc, subnet, SecurityGroup}"),
            specField("containerNetwork", .map, "spec.containerNetwork: {mode, cidr | cidrs}"),
            specField("eniNetwork", .map, "spec.eniNetwork: {eniSubnetId, eniSubnetCIDR}"),
            specField("publicAccess", .map, "spec.publicAccess: {cidrs: [...]}"),
            specField("authentication", .map, "spec.authentication: {mode, authenticatingProxy}"),
            specField("masters", .list, "spec.masters: [{availabilityZone}, ...]"),
            specField("kubernetesSvcIpRange", .string, "spec.kubernetesSvcIpRange: the service CIDR"),
            specField("kubeProxyMode", .string, "spec.kubeProxyMode: iptables or ipvs"),
            specField("extendParam", .map, "spec.extendParam: replaces the whole map"),
            specField("enableMasterVolumeEncryption", .bool, "spec.enableMasterVolumeEncryption (v1.25 and later)"),
            at(["metadata", "name"], name: "name", .string, "metadata.name"),
            at(
                ["metadata", "labels"], name: "labels", .map,
                "metadata.labels (replaces the map; the service ignores them)"),
            at(["metadata", "annotations"], name: "annotations", .map, "metadata.annotations (replaces the map)"),
            ClusterBuilderMethod(
                name: "with", argument: .map, summary: "deep-merges a map into the body (lists are replaced)",
                edit: .merge),
            at(["spec", "hostNetwork", "vpc"], name: "vpc", .string, "spec.hostNetwork.vpc: the VPC ID"),
            at(
                ["spec", "hostNetwork", "subnet"], name: "subnet", .string,
                "spec.hostNetwork.subnet: the subnet's network ID"),
            at(
                ["spec", "hostNetwork", "SecurityGroup"], name: "securityGroup", .string,
                "spec.hostNetwork.SecurityGroup: the node security group ID"),
            ClusterBuilderMethod(
                name: "containerCidr", argument: .string, summary: "appends {cidr: s} to spec.containerNetwork.cidrs",
                edit: .appendContainerCIDR),
            ClusterBuilderMethod(
                name: "multiAZ", argument: .none,
                summary: "spec.extendParam.clusterAZ = \"multi_az\" (HA flavors only)",
                edit: .setConstant("multi_az", at: ["spec", "extendParam", "clusterAZ"])),
            ClusterBuilderMethod(
                name: "masterAZs", argument: .stringList, summary: "spec.masters = [{availabilityZone: az}, ...]",
                edit: .masterAZs),
            ClusterBuilderMethod(
                name: "fixPoolMask", argument: .intOrString,
                summary:
                    "spec.extendParam[\"alpha.cce/fixPoolMask\"] = \"n\" (a string, as on the wire; vpc-router only)",
                edit: .setAsString(["spec", "extendParam", "alpha.cce/fixPoolMask"])),
            at(
                ["spec", "extendParam", "kubernetes.io/cpuManagerPolicy"], name: "cpuManagerPolicy", .string,
                "spec.extendParam[\"kubernetes.io/cpuManagerPolicy\"]: none or static"),
            at(
                ["spec", "extendParam", "clusterExternalIP"], name: "clusterExternalIP", .string,
                "spec.extendParam.clusterExternalIP: an EIP address for the API server"),
            ClusterBuilderMethod(
                name: "addon", argument: .string,
                summary: "adds {addonTemplateName: name} to annotation \"\(ClusterBody.addonAnnotation)\"",
                edit: .addon),
        ]
        methods.sort { $0.name < $1.name }
        return Dictionary(uniqueKeysWithValues: methods.map { ($0.name, $0) })
    }()

    /// The builder names, sorted, for hints and completion.
    static let names: [String] = all.keys.sorted()
}

extension Interpreter {
    /// `.name(argument)`: what the cluster builder method `name` writes, for a REPL's `:help`;
    /// nil when there is no such method.
    public static func clusterMethodHelp(_ name: String) -> String? {
        guard let method = ClusterBuilderMethod.all[name] else { return nil }
        let argument = method.argument == .none ? "" : method.argument.noun
        return "cluster method .\(name)(\(argument)): \(method.summary)"
    }
}
