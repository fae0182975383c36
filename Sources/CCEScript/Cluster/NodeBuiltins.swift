import CCECore
import OrderedCollections

/// A wait `wait(x)` may be given: a cluster job or a node-side handle.
enum PendingWait: Sendable {
    case cluster(JobReference)
    case node(NodeWaitTarget)
}

/// What one of those ends with.
enum WaitOutcome: Sendable {
    case cluster(JSONValue?)
    case node(NodeWaitResult, NodeWaitTarget)
}

extension ClusterOperations {
    func wait(_ pending: PendingWait, timeout: Duration, deadline: ContinuousClock.Instant?) async throws -> WaitOutcome
    {
        switch pending {
        case .cluster(let job): return .cluster(try await wait(job, timeout: timeout, deadline: deadline))
        case .node(let t): return .node(try await waitNodes(t, timeout: timeout, deadline: deadline), t)
        }
    }

    /// Waits for all concurrently, as `waitAll` does for cluster jobs: results in order, one
    /// error listing every failure once all have ended.
    func waitAll(_ pending: [PendingWait], timeout: Duration, deadline: ContinuousClock.Instant?) async throws
        -> [WaitOutcome]
    {
        let results = try await withThrowingTaskGroup(of: (Int, Result<WaitOutcome, ScriptError>).self) { group in
            for (i, p) in pending.enumerated() {
                group.addTask {
                    do {
                        return (i, .success(try await self.wait(p, timeout: timeout, deadline: deadline)))
                    } catch let e as ScriptError where e.catchable {
                        return (i, .failure(e))
                    }
                }
            }
            var out = [Result<WaitOutcome, ScriptError>?](repeating: nil, count: pending.count)
            for try await (i, r) in group { out[i] = r }
            return out
        }
        var values: [WaitOutcome] = []
        var failures: [(Int, ScriptError)] = []
        for (i, r) in results.enumerated() {
            switch r {
            case .success(let v): values.append(v)
            case .failure(let e): failures.append((i, e))
            case nil: failures.append((i, ScriptError(.runtime, "wait \(i) produced no result")))
            }
        }
        guard failures.isEmpty else { throw ClusterOperations.combine(failures, of: pending.count) }
        return values
    }
}

extension Interpreter {
    static func pendingWait(_ job: any ScriptJob) throws -> PendingWait {
        if let n = job as? NodeJob { return .node(n.target) }
        return .cluster(try clusterJob(job).reference)
    }

    static func outcomeValue(_ outcome: WaitOutcome) -> Value {
        switch outcome {
        case .cluster(let json): return json.map(clusterValue) ?? .null
        case .node(.nodes(let nodes), let t):
            return .list(nodes.map { resourceValue(.node, $0, clusterID: t.clusterID, clusterName: t.clusterName) })
        case .node(.pool(let pool), let t):
            return resourceValue(.nodePool, pool, clusterID: t.clusterID, clusterName: t.clusterName)
        case .node(.gone, _): return .null
        }
    }

    /// The cluster argument of a node call: a cluster value, a name or an id.
    static func nodeClusterKey(_ value: Value?, function: String, what: ScriptResource) throws -> String {
        guard let value, !value.isNull else {
            if let known = what.clusterID { return known }
            throw ScriptError(
                .runtime, "\(function)(): say which cluster the \(what.kind.noun) goes to",
                hint: "\(function)(x, cluster: c), where c is a cluster, its name or its id", code: "argument")
        }
        return try clusterKey(value, function: function)
    }

    /// `create(node|pool, cluster: c)`: validated like a cluster, then sent.
    func createResource(_ r: ScriptResource, cluster: Value?, context ctx: CallContext) throws -> Value {
        let body = try Interpreter.requestJSON(.resource(r), path: [])
        try Interpreter.requireValid(body, doing: "create()", kind: r.kind)
        let key = try Interpreter.nodeClusterKey(cluster, function: "create", what: r)
        let ops = try clusterOperations(for: "create")
        let target = try suspendingEvaluation { () async throws -> NodeWaitTarget in
            let (uid, name) = try await ops.nodeCluster(key, function: "create")
            return r.kind == .node
                ? try await ops.createNodes(body, clusterID: uid, clusterName: name)
                : try await ops.createPool(body, clusterID: uid, clusterName: name)
        }
        return .job(NodeJob(target))
    }

    /// `ensure(pool, cluster: c)`: the pool of that name, created when missing; a pool whose
    /// count or autoscaling differs is drift, as for clusters (`update: true` applies it).
    func ensurePool(
        _ r: ScriptResource, cluster: Value?, timeout: Duration, update: Bool
    ) throws -> Value {
        guard r.kind == .nodePool else {
            throw ScriptError(
                .runtime, "ensure() takes a cluster or a node pool, not a node",
                hint:
                    "nodes have no name to be idempotent by; put them in a pool: "
                    + "ensure(nodePool(\"p\").nodeTemplate(n)…)",
                code: "type")
        }
        let body = try Interpreter.requestJSON(.resource(r), path: [])
        guard let name = ClusterBody.name(of: body), !name.isEmpty else {
            throw ScriptError(.runtime, "ensure() needs a node pool with metadata.name set", code: "argument")
        }
        let key = try Interpreter.nodeClusterKey(cluster, function: "ensure", what: r)
        let ops = try clusterOperations(for: "ensure")
        let deadline = self.deadline
        let (pool, clusterID, clusterName) = try suspendingEvaluation {
            () async throws -> (JSONValue, String, String) in
            let (uid, clusterName) = try await ops.nodeCluster(key, function: "ensure")
            let pools = try await ops.listPools(clusterID: uid, clusterName: clusterName)
            let target: NodeWaitTarget
            if let existing = pools.first(where: { ClusterBody.name(of: $0) == name }) {
                if existing["status"]?["phase"]?.stringValue == "Deleting" {
                    throw ScriptError(
                        .service, "ensure(): node pool \(Value.quote(name)) is being deleted",
                        hint: "wait for the deletion to finish, then run again", code: "pool_state")
                }
                let drift = Interpreter.poolDrift(want: body, have: existing)
                let planner = ops.service as? PlanClusterService
                if drift.isEmpty {
                    await planner?.noteUnchanged(name: "\(clusterName)/\(name)")
                } else {
                    if let planner, !update {
                        await planner.notePoolDrift(name: "\(clusterName)/\(name)", drift: drift)
                        return (existing, uid, clusterName)
                    }
                    guard update else {
                        throw ScriptError(
                            .runtime,
                            "ensure(): node pool \(Value.quote(name)) of cluster \(Value.quote(clusterName)) "
                                + "exists but differs: "
                                + drift.map(\.summary).joined(separator: "; "),
                            hint: "ensure(pool, cluster: c, update: true) applies these changes", code: "drift",
                            diagnostics: drift.map {
                                ScriptDiagnostic(
                                    severity: "error", path: $0.path, code: "drift",
                                    message:
                                        "want \($0.want.serialized()), "
                                        + "have \($0.have.map { $0.serialized() } ?? "nothing")",
                                    hint: "ensure(pool, cluster: c, update: true) applies it")
                            })
                    }
                    let count =
                        body["spec"]?["initialNodeCount"]?.intValue
                        ?? existing["spec"]?["initialNodeCount"]?.intValue ?? 0
                    let scaled = try await ops.scalePool(
                        existing, to: count, clusterID: uid, clusterName: clusterName,
                        autoscaling: body["spec"]?["autoscaling"].map {
                            ClusterBody.deepMerge(existing["spec"]?["autoscaling"] ?? .object([:]), $0)
                        })
                    target = scaled.0
                    guard case .pool(let ready) = try await ops.waitNodes(target, timeout: timeout, deadline: deadline)
                    else {
                        throw ScriptError(.service, "node pool \(name) disappeared while scaling", code: "response")
                    }
                    return (ready, uid, clusterName)
                }
                let count = existing["spec"]?["initialNodeCount"]?.intValue ?? 0
                target = ops.poolTarget(
                    .createPool, pool: existing, clusterID: uid, clusterName: clusterName, target: count)
            } else {
                try Interpreter.requireValid(body, doing: "ensure()", kind: .nodePool)
                target = try await ops.createPool(body, clusterID: uid, clusterName: clusterName)
            }
            guard case .pool(let ready) = try await ops.waitNodes(target, timeout: timeout, deadline: deadline) else {
                throw ScriptError(.service, "node pool \(name) disappeared while waiting for it", code: "response")
            }
            return (ready, uid, clusterName)
        }
        return Interpreter.resourceValue(.nodePool, pool, clusterID: clusterID, clusterName: clusterName)
    }

    /// The pool fields `ensure` holds a pool to (§3.3: the updatable ones that say how big it
    /// is): `initialNodeCount`, and each `autoscaling` key the script sets.
    static func poolDrift(want: JSONValue, have: JSONValue) -> [BodyDifference] {
        var out: [BodyDifference] = []
        if let count = want["spec"]?["initialNodeCount"], count != have["spec"]?["initialNodeCount"] {
            out.append(
                BodyDifference(
                    path: DiagnosticPath([.key("spec"), .key("initialNodeCount")]), want: count,
                    have: have["spec"]?["initialNodeCount"]))
        }
        if case .object(let auto)? = want["spec"]?["autoscaling"] {
            for (k, v) in auto where v != have["spec"]?["autoscaling"]?[k] {
                out.append(
                    BodyDifference(
                        path: DiagnosticPath([.key("spec"), .key("autoscaling"), .key(k)]), want: v,
                        have: have["spec"]?["autoscaling"]?[k]))
            }
        }
        return out
    }

    /// `delete(node|pool)`: the value must come from the service (it knows its cluster and uid).
    func deleteResource(_ r: ScriptResource) throws -> Value {
        let body = try Interpreter.requestJSON(.resource(r), path: [])
        let name = ClusterBody.name(of: body) ?? ""
        guard let clusterID = r.clusterID, let uid = body["metadata"]?["uid"]?.stringValue, !uid.isEmpty else {
            throw ScriptError(
                .runtime, "delete(): this \(r.kind.noun) was built by the script, not read from the service",
                hint: r.kind == .node
                    ? "delete one of nodes(c), or what wait(create(n, cluster: c)) returned"
                    : "delete one of nodePools(c), or what ensure(pool, cluster: c) returned", code: "argument")
        }
        let ops = try clusterOperations(for: "delete")
        let clusterName = r.clusterName ?? clusterID
        let target = try suspendingEvaluation { () async throws -> NodeWaitTarget in
            r.kind == .node
                ? try await ops.deleteNode(uid: uid, name: name, clusterID: clusterID, clusterName: clusterName)
                : try await ops.deletePool(uid: uid, name: name, clusterID: clusterID, clusterName: clusterName)
        }
        return .job(NodeJob(target))
    }

    /// Registers `nodes`, `nodePools`, `scale`, `kubeconfig` and `write_kubeconfig`.
    func registerNodeBuiltins() {
        for (function, pools) in [("nodes", false), ("nodePools", true)] {
            register(
                Builtin(function, [.required("cluster")]) { ctx, args in
                    let key = try Interpreter.clusterKey(args[0], function: function)
                    let ops = try ctx.interpreter.clusterOperations(for: function)
                    let (items, uid, name) = try ctx.interpreter.suspendingEvaluation {
                        () async throws -> ([JSONValue], String, String) in
                        let (uid, name, _) = try await Interpreter.existing(key, ops: ops, function: function)
                        let items =
                            pools
                            ? try await ops.listPools(clusterID: uid, clusterName: name)
                            : try await ops.listNodes(clusterID: uid, clusterName: name)
                        return (items, uid, name)
                    }
                    return .list(
                        items.map {
                            Interpreter.resourceValue(pools ? .nodePool : .node, $0, clusterID: uid, clusterName: name)
                        })
                })
        }

        register(
            Builtin("scale", [.required("pool"), .required("count")]) { ctx, args in
                guard case .resource(let r) = args[0], r.kind == .nodePool else {
                    throw ScriptError(
                        .runtime, "scale(): argument 'pool' must be a node pool, not \(args[0].typeName)",
                        hint: "scale(ensure(pool, cluster: c), 3), or one of nodePools(c)", code: "type")
                }
                let count = try args.int(1)
                guard count >= 0 else {
                    throw ScriptError(.runtime, "scale(): count must be 0 or more, got \(count)", code: "argument")
                }
                let body = try Interpreter.requestJSON(args[0], path: [])
                guard let clusterID = r.clusterID, body["metadata"]?["uid"]?.stringValue != nil else {
                    throw ScriptError(
                        .runtime, "scale(): this node pool was built by the script, not read from the service",
                        hint: "scale one of nodePools(c), or what ensure(pool, cluster: c) returned", code: "argument")
                }
                let ops = try ctx.interpreter.clusterOperations(for: "scale")
                let clusterName = r.clusterName ?? clusterID
                let target = try ctx.interpreter.suspendingEvaluation { () async throws -> NodeWaitTarget in
                    // Read it again: the template sent back must be the pool's current one.
                    let uid = body["metadata"]?["uid"]?.stringValue ?? ""
                    let current = try await ops.call("read node pool \(uid)") {
                        try await ops.service.getNodePool(clusterID: clusterID, poolID: uid)
                    }
                    return try await ops.scalePool(current, to: count, clusterID: clusterID, clusterName: clusterName).0
                }
                return .job(NodeJob(target))
            })

        register(
            Builtin("kubeconfig", [.required("cluster"), .optional("duration")]) { ctx, args in
                let (document, _) = try ctx.interpreter.kubeconfigDocument(args, function: "kubeconfig")
                return Value(json: document)
            })

        register(
            Builtin("write_kubeconfig", [.required("cluster"), .optional("path"), .optional("duration")]) { ctx, args in
                guard let writer = ctx.interpreter.options.capabilities.kubeconfigWriter else {
                    throw ScriptError(
                        .runtime,
                        "write_kubeconfig() needs the host to allow writing kubeconfig files, which this one does not",
                        hint: "kubeconfig(c) returns the document as a map", code: "capability")
                }
                var path: String?
                if args.has(1) { path = try args.string(1) }
                let (document, name) = try ctx.interpreter.kubeconfigDocument(
                    args, function: "write_kubeconfig", durationIndex: 2)
                do {
                    return .string(try writer(document, name, path))
                } catch let e as ScriptError {
                    throw e
                } catch {
                    throw ScriptError(
                        .runtime, "write_kubeconfig(): \(error)",
                        hint: "check the path and its directory's permissions",
                        code: "io")
                }
            })
    }

    /// The kubeconfig of the cluster in argument 0, for `duration` days (default 30).
    func kubeconfigDocument(
        _ args: Arguments, function: String, durationIndex: Int = 1
    ) throws -> (JSONValue, String) {
        let key = try Interpreter.clusterKey(args[0], function: function)
        var days = 30
        if args.has(durationIndex) { days = try args.int(durationIndex) }
        let body: JSONValue = ["duration": .int(days)]
        let errors = NodeValidator.validateClusterCert(body).filter { $0.severity == .error }
        if let first = errors.first {
            throw ScriptError(
                .runtime, "\(function)(): duration \(days): \(first.message)",
                hint: first.hint ?? "1 to 1827 days, or -1 for the longest", code: "argument")
        }
        let ops = try clusterOperations(for: function)
        return try suspendingEvaluation { () async throws -> (JSONValue, String) in
            let (uid, name) = try await ops.nodeCluster(key, function: function)
            return (try await ops.kubeconfig(clusterID: uid, clusterName: name, duration: days), name)
        }
    }
}

extension Interpreter {
    /// `job.status()` of a node-side handle: the service's job when there is one, else the
    /// pool's (or node's) own status.
    func nodeJobStatus(_ job: NodeJob) throws -> Value {
        let t = job.target
        let ops = try clusterOperations(for: "job.status")
        var status = ValueMap()
        status["type"] = .string(t.kind.rawValue)
        status["cluster"] = .string(t.clusterName)
        let hasJob = (t.kind == .createNodes || t.kind == .deleteNode) && !t.id.hasPrefix("\(t.kind.rawValue)-")
        if hasJob {
            let body = try suspendingEvaluation { try await ops.showJob(t.id) }
            status["phase"] = .string(body["status"]?["phase"]?.stringValue ?? "Unknown")
            status["reason"] = .string(body["status"]?["reason"]?.stringValue ?? "")
            status["subJob"] = ClusterOperations.runningSubJob(body).map { .string($0) } ?? .null
            return .map(status)
        }
        let read = try suspendingEvaluation { () async throws -> JSONValue? in
            do {
                return try await ops.call("read \(t.label)") {
                    t.kind == .deleteNode
                        ? try await ops.service.getNode(clusterID: t.clusterID, nodeID: t.resourceID)
                        : try await ops.service.getNodePool(clusterID: t.clusterID, poolID: t.resourceID)
                }
            } catch let e as ScriptError where e.status == 404 {
                return nil
            }
        }
        let phase = read?["status"]?["phase"]?.stringValue ?? ""
        status["phase"] = .string(read == nil ? "Deleted" : phase.isEmpty ? "Active" : phase)
        status["reason"] = .string("")
        status["subJob"] = .null
        if let counts = read?["status"], t.kind != .deleteNode {
            status["activeNode"] = Value(json: counts["activeNode"] ?? .null)
            status["currentNode"] = Value(json: counts["currentNode"] ?? .null)
        }
        return .map(status)
    }
}
