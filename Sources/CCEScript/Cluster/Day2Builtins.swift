import CCECore
import OrderedCollections

extension Interpreter {
    /// Registers `update`, `hibernate`, `awake`, `resize` and `diff` (LANGUAGE.md "Nodes,
    /// pools, kubeconfig and day-2"). The delete options and `ensure(update:)` live with
    /// `delete` and `ensure` (ClusterBuiltins.swift).
    func registerDay2Builtins() {
        register(
            Builtin("update", [.required("cluster"), .required("changes")]) { ctx, args in
                let key = try Interpreter.clusterKey(args[0], function: "update")
                let body = try Interpreter.updateBody(args[1])
                let errors = ClusterUpdate.validate(body).filter { $0.severity == .error }
                if !errors.isEmpty {
                    let count = errors.count == 1 ? "1 error" : "\(errors.count) errors"
                    throw ScriptError(
                        .validation,
                        "update(): the changes are not a valid update (\(count); nothing was sent): "
                            + errors.map { "\($0.path): \($0.message)" }.joined(separator: "; "),
                        hint: errors.first?.hint ?? "e.diagnostics lists each finding", code: "validation",
                        diagnostics: errors.map(Interpreter.scriptDiagnostic))
                }
                let ops = try ctx.interpreter.clusterOperations(for: "update")
                let updated = try ctx.interpreter.suspendingEvaluation { () async throws -> JSONValue in
                    let (uid, name, _) = try await Interpreter.existing(key, ops: ops, function: "update")
                    return try await ops.update(uid: uid, name: name, body: body)
                }
                return Interpreter.clusterValue(updated)
            })

        for (function, kind) in [("hibernate", JobReference.Kind.hibernate), ("awake", .awake)] {
            register(
                Builtin(function, [.required("cluster")]) { ctx, args in
                    let key = try Interpreter.clusterKey(args[0], function: function)
                    let ops = try ctx.interpreter.clusterOperations(for: function)
                    let job = try ctx.interpreter.suspendingEvaluation { () async throws -> JobReference in
                        let (uid, name, _) = try await Interpreter.existing(key, ops: ops, function: function)
                        return try await ops.operation(kind, uid: uid, name: name, body: nil)
                    }
                    return .job(ClusterJob(job))
                })
        }

        register(
            Builtin("resize", [.required("cluster"), .required("flavor")]) { ctx, args in
                let key = try Interpreter.clusterKey(args[0], function: "resize")
                let flavor = try args.string(1)
                let ops = try ctx.interpreter.clusterOperations(for: "resize")
                let job = try ctx.interpreter.suspendingEvaluation { () async throws -> JobReference in
                    let (uid, name, cluster) = try await Interpreter.existing(key, ops: ops, function: "resize")
                    let current = cluster["spec"]?["flavor"]?.stringValue ?? ""
                    if let problem = ClusterResize.problem(from: current, to: flavor) {
                        throw ScriptError(
                            .runtime, "resize(): \(problem)",
                            hint: "cce.s1.small → cce.s1.medium, cce.s2.medium → cce.s2.large, …",
                            code: "argument")
                    }
                    return try await ops.operation(
                        .resize, uid: uid, name: name, body: ["flavorResize": .string(flavor)])
                }
                return .job(ClusterJob(job))
            })

        register(
            Builtin("diff", [.required("cluster")]) { ctx, args in
                let body = try Interpreter.clusterBody(args, function: "diff")
                guard let name = ClusterBody.name(of: body), !name.isEmpty else {
                    throw ScriptError(
                        .runtime, "diff(): the cluster has no metadata.name to look for", code: "argument")
                }
                let ops = try ctx.interpreter.clusterOperations(for: "diff")
                let found = try ctx.interpreter.suspendingEvaluation { try await ops.find(name) }
                guard let existing = found else { return .null }
                return .list(ClusterDrift.differences(want: body, have: existing).map(Interpreter.differenceValue))
            })
    }

    static func differenceValue(_ d: BodyDifference) -> Value {
        var m = ValueMap()
        m["path"] = .string(d.path)
        m["want"] = Value(json: d.want)
        m["have"] = d.have.map { Value(json: $0) } ?? .null
        return .map(m)
    }

    /// The name or uid in a cluster argument: a string, or a cluster value (uid first).
    static func clusterKey(_ value: Value, function: String) throws -> String {
        switch value {
        case .string(let s) where !s.isEmpty: return s
        case .cluster(let m):
            let body = try requestJSON(.cluster(m), path: [])
            guard let key = body["metadata"]?["uid"]?.stringValue ?? ClusterBody.name(of: body) else {
                throw ScriptError(
                    .runtime, "\(function)(): the cluster has neither metadata.uid nor metadata.name", code: "argument")
            }
            return key
        default:
            throw ScriptError(
                .runtime, "\(function)(): argument 'cluster' must be a cluster, a name or an id, not \(value.typeName)",
                code: "type")
        }
    }

    /// The cluster named or identified by `key` on the service, or the service's 404.
    static func existing(
        _ key: String, ops: ClusterOperations, function: String
    ) async throws
        -> (uid: String, name: String, cluster: JSONValue)
    {
        guard let cluster = try await ops.find(key) else {
            throw ScriptError(
                .service, "\(function)(): there is no cluster named or with id \(Value.quote(key))",
                hint: "clusters() lists the clusters that exist", code: "CCE.01404001", status: 404)
        }
        return (cluster["metadata"]?["uid"]?.stringValue ?? key, ClusterBody.name(of: cluster) ?? key, cluster)
    }

    /// `update`'s second argument as a request body: a full `{spec, metadata}` body, or the
    /// spec fields alone (`{description: "…"}`), where `alias` stands for `metadata.alias`.
    static func updateBody(_ value: Value) throws -> JSONValue {
        guard case .map = value else {
            throw ScriptError(
                .runtime, "update(): argument 'changes' must be a map, not \(value.typeName)",
                hint: "update(c, {description: \"…\"}) or update(c, {spec: {…}, metadata: {alias: \"…\"}})",
                code: "type")
        }
        let json = try requestJSON(value, path: [], what: "update()'s changes")
        guard case .object(var members) = json else { return json }
        if members["spec"] != nil || members["metadata"] != nil { return json }
        var root = OrderedDictionary<String, JSONValue>()
        if let alias = members.removeValue(forKey: "alias") { root["metadata"] = ["alias": alias] }
        root["spec"] = .object(members)
        return .object(root)
    }

    /// The `delete_*` query of `delete(c, evs: …, net: …)`: each option checked before
    /// anything is sent. Booleans stand for "true"/"false".
    static func deleteQuery(_ args: Arguments, firstOption: Int) throws -> [(name: String, value: String)] {
        var query: [(name: String, value: String)] = []
        for (offset, option) in ClusterDeleteOptions.parameters.enumerated() where args.has(firstOption + offset) {
            let given = args[firstOption + offset]
            let text: String
            switch given {
            case .string(let s): text = s
            case .bool(let b): text = b ? "true" : "false"
            default:
                throw ScriptError(
                    .runtime, "delete(): \(option.short) must be a string or a bool, not \(given.typeName)",
                    hint: "\(option.short) takes "
                        + (ClusterDeleteOptions.allowedValues(option.short) ?? []).joined(separator: ", "),
                    code: "type")
            }
            switch ClusterDeleteOptions.query(option.short, text) {
            case .success(let pair): query.append(pair)
            case .failure(let problem):
                throw ScriptError(.runtime, "delete(): \(problem.message)", hint: problem.hint, code: "argument")
            }
        }
        return query
    }
}
