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
    let apply: @Sendable (_ body: JSONValue, _ argument: JSONValue) throws(ClusterBuildError) -> JSONValue

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
        ClusterBuilderMethod(name: field, argument: argument, summary: summary) {
            body, value throws(ClusterBuildError) in
            try ClusterBody.setting(value, at: ["spec", field], in: body)
        }
    }

    private static func at(_ path: [String], name: String, _ argument: Argument, _ summary: String)
        -> ClusterBuilderMethod
    {
        ClusterBuilderMethod(name: name, argument: argument, summary: summary) {
            body, value throws(ClusterBuildError) in
            try ClusterBody.setting(value, at: path, in: body)
        }
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
                name: "with", argument: .map, summary: "deep-merges a map into the body (lists are replaced)"
            ) { body, value in
                ClusterBody.deepMerge(body, value)
            },
            at(["spec", "hostNetwork", "vpc"], name: "vpc", .string, "spec.hostNetwork.vpc: the VPC ID"),
            at(
                ["spec", "hostNetwork", "subnet"], name: "subnet", .string,
                "spec.hostNetwork.subnet: the subnet's network ID"),
            at(
                ["spec", "hostNetwork", "SecurityGroup"], name: "securityGroup", .string,
                "spec.hostNetwork.SecurityGroup: the node security group ID"),
            ClusterBuilderMethod(
                name: "containerCidr", argument: .string, summary: "appends {cidr: s} to spec.containerNetwork.cidrs"
            ) {
                body, value throws(ClusterBuildError) in
                try ClusterBody.update(body, at: ["spec", "containerNetwork", "cidrs"]) {
                    current throws(ClusterBuildError) in
                    var items: [JSONValue] = []
                    if let current, !current.isNull {
                        guard let existing = current.arrayValue else {
                            throw ClusterBuildError(
                                message:
                                    "spec.containerNetwork.cidrs is a \(current.typeName), "
                                    + "not a list, so a CIDR cannot be appended"
                            )
                        }
                        items = existing
                    }
                    items.append(["cidr": value])
                    return .array(items)
                }
            },
            ClusterBuilderMethod(
                name: "multiAZ", argument: .none, summary: "spec.extendParam.clusterAZ = \"multi_az\" (HA flavors only)"
            ) {
                body, _ throws(ClusterBuildError) in
                try ClusterBody.setting("multi_az", at: ["spec", "extendParam", "clusterAZ"], in: body)
            },
            ClusterBuilderMethod(
                name: "masterAZs", argument: .stringList, summary: "spec.masters = [{availabilityZone: az}, ...]"
            ) {
                body, value throws(ClusterBuildError) in
                let masters = (value.arrayValue ?? []).map { JSONValue.object(["availabilityZone": $0]) }
                return try ClusterBody.setting(.array(masters), at: ["spec", "masters"], in: body)
            },
            ClusterBuilderMethod(
                name: "fixPoolMask", argument: .intOrString,
                summary:
                    "spec.extendParam[\"alpha.cce/fixPoolMask\"] = \"n\" (a string, as on the wire; vpc-router only)"
            ) { body, value throws(ClusterBuildError) in
                let text: String
                switch value {
                case .int(let n): text = String(n)
                default: text = value.stringValue ?? ""
                }
                return try ClusterBody.setting(
                    .string(text), at: ["spec", "extendParam", "alpha.cce/fixPoolMask"], in: body)
            },
            at(
                ["spec", "extendParam", "kubernetes.io/cpuManagerPolicy"], name: "cpuManagerPolicy", .string,
                "spec.extendParam[\"kubernetes.io/cpuManagerPolicy\"]: none or static"),
            at(
                ["spec", "extendParam", "clusterExternalIP"], name: "clusterExternalIP", .string,
                "spec.extendParam.clusterExternalIP: an EIP address for the API server"),
            ClusterBuilderMethod(
                name: "addon", argument: .string,
                summary: "adds {addonTemplateName: name} to annotation \"\(ClusterBody.addonAnnotation)\""
            ) { body, value throws(ClusterBuildError) in
                try ClusterBody.addingAddon(value.stringValue ?? "", to: body)
            },
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
