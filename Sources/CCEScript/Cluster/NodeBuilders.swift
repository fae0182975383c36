import CCECore

/// The bodies behind `node(name)` and `nodePool(name)` (WIRE-LIFECYCLE §1.1 and §3.1).
enum NodeBody {
    /// `node(name)`: a Create Node body with an empty spec.
    static func node(named name: String) -> JSONValue {
        ["kind": "Node", "apiVersion": "v3", "metadata": ["name": .string(name)], "spec": .object([:])]
    }

    /// `nodePool(name)`: a Create Node Pool body with an empty spec.
    static func pool(named name: String) -> JSONValue {
        ["kind": "NodePool", "apiVersion": "v3", "metadata": ["name": .string(name)], "spec": .object([:])]
    }

    /// Which of the two a body is, by its `kind` (case as the wire has it).
    static func kind(of body: JSONValue) -> ScriptResource.Kind? {
        switch body["kind"]?.stringValue {
        case "Node": return .node
        case "NodePool": return .nodePool
        default: return nil
        }
    }

    /// The validator's findings for a node or pool body.
    static func validate(_ body: JSONValue, kind: ScriptResource.Kind) -> [Diagnostic] {
        kind == .node ? NodeValidator.validateNode(body) : NodeValidator.validateNodePool(body)
    }
}

extension ClusterBuilderMethod {
    private static func field(_ field: String, _ argument: Argument, _ summary: String) -> ClusterBuilderMethod {
        ClusterBuilderMethod(name: field, argument: argument, summary: summary, edit: .set(["spec", field]))
    }

    private static let nameMethod = ClusterBuilderMethod(
        name: "name", argument: .string, summary: "metadata.name", edit: .set(["metadata", "name"]))

    private static let withMethod = ClusterBuilderMethod(
        name: "with", argument: .map, summary: "deep-merges a map into the body (lists are replaced)", edit: .merge)

    /// The node builders: one per NodeSpec field of WIRE-LIFECYCLE §1.1, under its wire name.
    static let nodeMethods: [String: ClusterBuilderMethod] = {
        let methods: [ClusterBuilderMethod] = [
            field("flavor", .string, "spec.flavor: the ECS flavor, e.g. s3.large.2 (at least 2 vCPU, 4 GB)"),
            field("az", .string, "spec.az: the availability zone, e.g. eu-de-01"),
            field("os", .string, "spec.os: EulerOS 2.9, Ubuntu 22.04, HCE OS 2.0, …"),
            field("login", .map, "spec.login: {sshKey: \"keypair\"} or {userPassword: {username, password}}"),
            field("rootVolume", .map, "spec.rootVolume: {size: 40..1024, volumetype: SATA|SAS|SSD|GPSSD|ESSD}"),
            field("dataVolumes", .list, "spec.dataVolumes: [{size: 100..32768, volumetype}, …] (at most 16)"),
            field("storage", .map, "spec.storage: {storageSelectors: […], storageGroups: […]}"),
            field("publicIP", .map, "spec.publicIP: {ids: […]} or {count, eip: {iptype, bandwidth}}"),
            field("nodeNicSpec", .map, "spec.nodeNicSpec: {primaryNic: {subnetId, fixedIps}, extNics: […]}"),
            field("count", .int, "spec.count: how many nodes to create (1 or more)"),
            field("billingMode", .int, "spec.billingMode: 0 pay-per-use"),
            field("taints", .list, "spec.taints: [{key, value, effect: NoSchedule|PreferNoSchedule|NoExecute}] (≤ 20)"),
            field("k8sTags", .map, "spec.k8sTags: Kubernetes node labels (≤ 20)"),
            field("runtime", .map, "spec.runtime: {name: containerd|docker}"),
            field("extendParam", .map, "spec.extendParam: {maxPods: 16..256, …} (replaces the whole map)"),
            field("userTags", .list, "spec.userTags: [{key, value}, …] ECS tags"),
            nameMethod, withMethod,
        ]
        return Dictionary(uniqueKeysWithValues: methods.map { ($0.name, $0) })
    }()

    /// The node-pool builders (WIRE-LIFECYCLE §3.1). `.nodeTemplate` also takes a node value:
    /// its spec becomes the template.
    static let poolMethods: [String: ClusterBuilderMethod] = {
        let methods: [ClusterBuilderMethod] = [
            field("type", .string, "spec.type: vm (default), ElasticBMS or pm"),
            field("nodeTemplate", .map, "spec.nodeTemplate: a node's spec, or a node value (node(\"x\").flavor(…)…)"),
            field("initialNodeCount", .int, "spec.initialNodeCount: the pool's node count"),
            field("autoscaling", .map, "spec.autoscaling: {enable, minNodeCount, maxNodeCount, …}"),
            field("nodeManagement", .map, "spec.nodeManagement: {serverGroupReference}"),
            field("podSecurityGroups", .list, "spec.podSecurityGroups: [{id}, …] (≤ 5)"),
            field("customSecurityGroups", .list, "spec.customSecurityGroups: [\"sg-id\", …]"),
            nameMethod, withMethod,
        ]
        return Dictionary(uniqueKeysWithValues: methods.map { ($0.name, $0) })
    }()

    static func methods(for kind: ScriptResource.Kind) -> [String: ClusterBuilderMethod] {
        kind == .node ? nodeMethods : poolMethods
    }
}

extension Interpreter {
    /// `.name(argument)`: what the node or node-pool builder method `name` writes, for a
    /// REPL's `:help`; nil when there is no such method.
    public static func nodeMethodHelp(_ name: String) -> String? {
        var lines: [String] = []
        for kind in [ScriptResource.Kind.node, .nodePool] {
            guard let method = ClusterBuilderMethod.methods(for: kind)[name] else { continue }
            let argument = method.argument == .none ? "" : method.argument.noun
            lines.append("\(kind.rawValue) method .\(name)(\(argument)): \(method.summary)")
        }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    static func resourceValue(
        _ kind: ScriptResource.Kind, _ json: JSONValue, clusterID: String? = nil, clusterName: String? = nil
    ) -> Value {
        guard case .map(let m) = Value(json: json) else { return .resource(ScriptResource(kind, body: [:])) }
        return .resource(ScriptResource(kind, body: m, clusterID: clusterID, clusterName: clusterName))
    }

    /// Registers `node`, `nodePool` and their builder methods.
    func registerNodeBuilders() {
        for kind in [ScriptResource.Kind.node, .nodePool] {
            let function = kind.rawValue
            register(
                Builtin(function, [.required("name_or_body")]) { _, args in
                    switch args[0] {
                    case .string(let name):
                        return Interpreter.resourceValue(
                            kind, kind == .node ? NodeBody.node(named: name) : NodeBody.pool(named: name))
                    case .map(let m):
                        let json = try Interpreter.requestJSON(.map(m), path: [])
                        return Interpreter.resourceValue(kind, json)
                    case .resource(let r) where r.kind == kind:
                        return args[0]
                    default:
                        throw ScriptError(
                            .runtime,
                            "\(function)(): argument 'name_or_body' must be a string or a map, not \(args[0].typeName)",
                            hint: "write \(function)(\"workers\") or \(function)({kind: \"\(kind.wireKind)\", …})",
                            code: "type")
                    }
                })

            for method in ClusterBuilderMethod.methods(for: kind).values {
                register(
                    method: Builtin(method.name, [.required(method.name == "with" ? "map" : method.name)]) { _, args in
                        guard case .resource(let r)? = args.receiver, r.kind == kind else {
                            throw ScriptError(.runtime, "\(method.name)() is a \(kind.noun) builder", code: "type")
                        }
                        let body = try Interpreter.requestJSON(.map(r.body), path: [])
                        var given = args[0]
                        // A node value as a template: its spec is what a template holds.
                        if kind == .nodePool, method.name == "nodeTemplate", case .resource(let n) = given,
                            n.kind == .node
                        {
                            given = n.body["spec"] ?? .map([:])
                        }
                        let argument = try Interpreter.requestJSON(
                            given, path: [], what: "the argument of .\(method.name)()")
                        guard method.accepts(argument) else {
                            let also = method.name == "nodeTemplate" ? " or a node" : ""
                            throw ScriptError(
                                .runtime,
                                "\(method.name)(): the argument must be \(method.argument.noun)\(also), "
                                    + "not \(args[0].typeName)",
                                hint: method.summary, code: "type")
                        }
                        do throws(ClusterBuildError) {
                            let json = try method.apply(body, argument)
                            guard case .map(let m) = Value(json: json) else { return args.receiver ?? .null }
                            return .resource(r.with(body: m))
                        } catch {
                            throw ScriptError(.runtime, error.message, hint: error.hint, code: "argument")
                        }
                    }, for: kind.rawValue)
            }
        }
    }
}
