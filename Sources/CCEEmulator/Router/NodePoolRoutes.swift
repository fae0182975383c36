import CCECore
import Foundation
import OrderedCollections

/// Node pools (WIRE-LIFECYCLE §3) and the cluster certificate (§4). A pool's nodes are
/// ordinary node rows owned by the pool; the pool keeps its target count, and its status
/// counts are computed from its nodes at the time of the request.
extension EmulatorRouter {
    static func poolNotFound(_ uid: String, _ cluster: String) -> (Int, JSONValue) {
        WireError.notFound("node pool \(uid) not found in cluster \(cluster)")
    }

    /// Brings `pool`'s staying nodes to `pool.target`: new nodes from its template, or the
    /// newest ones deleted (a pool scaled in loses the nodes it gained last [inferred: the
    /// service does not document which nodes go]). Sets `pool.job`; the caller writes `pool`.
    /// A refusal (the cluster's node limit) comes before any write.
    func scale(_ pool: inout NodePoolRecord, existing: [NodeRecord], in tx: NodeTransaction, now: Double) throws
        -> (Int, JSONValue)?
    {
        let mine = existing.filter { $0.poolUID == pool.uid && $0.isStaying }
        if pool.target > mine.count {
            if let refusal = Self.limitRefusal(tx.cluster, existing: existing, adding: pool.target - mine.count) {
                return refusal
            }
            let template = (try? JSONValue.parse(pool.document))?["spec"]?["nodeTemplate"]?.objectValue ?? [:]
            let names = (0..<(pool.target - mine.count)).map { _ in "\(pool.name)-\(NodeDefaults.suffix())" }
            let batch = planNodes(
                names: names, spec: template, metadata: [:], cluster: tx.cluster, pool: (pool.uid, pool.name),
                jobType: "ScaleNodePool", now: now)
            if let refusal = try Self.place(batch, in: tx, existing: existing) { return refusal }
            pool.job = batch.jobID
        } else if pool.target < mine.count {
            let leaving = mine.suffix(mine.count - pool.target)
            let jobID = ids.uuid(at: Date(timeIntervalSince1970: now))
            let gone = now + configuration.deleteSeconds
            try tx.insert(
                deletionJob(jobID, type: "ScaleNodePool", nodes: Array(leaving), cluster: tx.cluster, now: now))
            try tx.delete(nodes: leaving.map(\.uid), job: jobID, gone: gone)
            pool.job = jobID
        }
        return nil
    }

    /// A job deleting `nodes`: one `DeleteNode` sub-job per node, its uid as `resourceID`.
    func deletionJob(_ uid: String, type: String, nodes: [NodeRecord], cluster: ClusterRecord, now: Double)
        -> JobRecord
    {
        let at = Date(timeIntervalSince1970: now)
        let subs = JSONValue.array(
            nodes.map {
                [
                    "type": "DeleteNode", "uid": .string(ids.uuid(at: at)), "resourceID": .string($0.uid),
                    "resourceName": .string($0.name), "from": 0, "to": 1,
                ]
            })
        return JobRecord(
            uid: uid, project: cluster.project, type: type, clusterUID: cluster.uid,
            resourceName: nodes.first?.name ?? "", startedAt: now, finishAt: now + configuration.deleteSeconds,
            failure: nil, subJobs: String(decoding: FastJSON.bytes(subs), as: UTF8.self))
    }

    /// 400 when the autoscaling maximum is above what the cluster may hold (§3.1).
    static func autoscalingProblem(_ spec: JSONValue?, cluster: ClusterRecord) -> (Int, JSONValue)? {
        let limit = NodeDefaults.nodeLimit(flavor: flavorOf(cluster))
        if let maximum = spec?["autoscaling"]?["maxNodeCount"]?.intValue, maximum > limit {
            return WireError.invalid(
                "spec.autoscaling.maxNodeCount: \(maximum) is above the \(limit) nodes a \(flavorOf(cluster)) "
                    + "cluster may have; lower it or resize the cluster")
        }
        return nil
    }

    // MARK: Create

    func createPool(_ request: TransportRequest, project: String, cluster: String, now: Double) async throws -> (
        Int, JSONValue
    ) {
        let body: JSONValue
        switch objectBody(request, what: "a NodePool") {
        case .success(let b): body = b
        case .failure(let answer): return answer.pair
        }
        let errors = NodeChecks.pool(body).filter { $0.severity == .error }
        if !errors.isEmpty { return WireError.invalid(Self.invalidMessage(errors)) }
        let canonical = WireSchema.nodePool.canonicalize(body)
        let name = canonical["metadata"]?["name"]?.stringValue ?? ""
        if name == "DefaultPool" {
            return WireError.invalid("metadata.name: DefaultPool is reserved for the nodes outside any pool")
        }
        var spec = canonical["spec"]?.objectValue ?? [:]
        let target = spec["initialNodeCount"]?.intValue ?? 0
        if spec["type"] == nil { spec["type"] = "vm" }
        spec["initialNodeCount"] = .int(target)
        if spec["autoscaling"] == nil {
            spec["autoscaling"] = ["enable": false, "minNodeCount": 0, "maxNodeCount": 0, "scaleDownCooldownTime": 0]
        }
        if spec["nodeManagement"] == nil { spec["nodeManagement"] = ["serverGroupReference": ""] }
        if case .object(let template)? = spec["nodeTemplate"] {
            spec["nodeTemplate"] = .object(NodeDefaults.masked(template))
        }
        let uid = ids.uuid(at: Date(timeIntervalSince1970: now))
        var metadata: OrderedDictionary<String, JSONValue> = ["name": .string(name), "uid": .string(uid)]
        if let annotations = canonical["metadata"]?["annotations"] { metadata["annotations"] = annotations }
        let document: JSONValue = [
            "kind": "NodePool", "apiVersion": "v3", "metadata": .object(metadata), "spec": .object(spec),
        ]
        let text = String(decoding: FastJSON.bytes(document), as: UTF8.self)
        let outcome = try await store.nodeWrite(project: project, cluster: cluster, now: now) {
            tx -> Result<(NodePoolRecord, [NodeRecord]), WireAnswer> in
            if let refusal = Self.nodeOperationRefusal(tx.cluster, now: now) { return .failure(WireAnswer(refusal)) }
            if let problem = Self.autoscalingProblem(document["spec"], cluster: tx.cluster) {
                return .failure(WireAnswer(problem))
            }
            // [inferred] A second live pool of the same name is refused as a duplicate (409),
            // as a second cluster of the same name is; the docs name no code for it.
            if try tx.pools().contains(where: { $0.name == name && $0.deleteStarted == nil }) {
                return .failure(
                    WireAnswer(
                        WireError.conflict(
                            "a node pool named \(name) already exists in cluster \(tx.cluster.name); "
                                + "choose another name"
                        )
                    ))
            }
            var pool = NodePoolRecord(
                uid: uid, project: project, clusterUID: tx.cluster.uid, name: name, document: text, target: target,
                createdAt: now)
            let existing = try tx.nodes()
            if let refusal = try self.scale(&pool, existing: existing, in: tx, now: now) {
                return .failure(WireAnswer(refusal))
            }
            try tx.insert(pool)
            return .success((pool, try tx.nodes().filter { $0.poolUID == uid }))
        }
        guard let outcome else { return Self.clusterNotFound(cluster, project) }
        switch outcome {
        case .failure(let answer): return answer.pair
        case .success((let pool, let nodes)): return (201, render(pool, nodes: nodes, now: now))
        }
    }

    // MARK: Read

    func listPools(_ request: TransportRequest, project: String, cluster: String, now: Double) throws -> (
        Int, JSONValue
    ) {
        guard try store.cluster(project: project, uid: cluster, now: now) != nil else {
            return Self.clusterNotFound(cluster, project)
        }
        let nodes = try store.nodes(project: project, cluster: cluster, now: now)
        let byPool = Dictionary(grouping: nodes, by: { $0.poolUID ?? "" })
        var items = try store.pools(project: project, cluster: cluster, now: now).map {
            render($0, nodes: byPool[$0.uid] ?? [], now: now)
        }
        if request.query.last(where: { $0.name == "showDefaultNodePool" })?.value.lowercased() == "true" {
            items.insert(defaultPool(nodes: byPool[""] ?? [], cluster: cluster, now: now), at: 0)
        }
        return (200, ["kind": "List", "apiVersion": "v3", "items": .array(items)])
    }

    func showPool(project: String, cluster: String, uid: String, now: Double) throws -> (Int, JSONValue) {
        guard try store.cluster(project: project, uid: cluster, now: now) != nil else {
            return Self.clusterNotFound(cluster, project)
        }
        guard let pool = try store.pools(project: project, cluster: cluster, now: now).first(where: { $0.uid == uid })
        else { return Self.poolNotFound(uid, cluster) }
        let nodes = try store.nodes(project: project, cluster: cluster, now: now).filter { $0.poolUID == uid }
        return (200, render(pool, nodes: nodes, now: now))
    }

    /// Counts of §3.2 from the pool's visible nodes: `currentNode` all but those being
    /// deleted. `phase` is empty when the pool is settled, `Synchronizing` while it scales,
    /// `Error` when a node of it failed.
    static func poolStatus(nodes: [NodeRecord], deleting: Bool, job: String?, now: Double) -> JSONValue {
        var creating = 0
        var active = 0
        var leaving = 0
        var failed = 0
        for node in nodes {
            switch node.phase(at: now) {
            case "Deleting": leaving += 1
            case "Active": active += 1
            case "Error": failed += 1
            default: creating += 1
            }
        }
        // A node whose creation failed stays in the pool (and its count) until deleted; the
        // pool is then `Error` (§3.2) rather than settled.
        let phase =
            deleting ? "Deleting" : (creating + leaving > 0 ? "Synchronizing" : (failed > 0 ? "Error" : ""))
        var status: OrderedDictionary<String, JSONValue> = [
            "currentNode": .int(creating + active + failed), "creatingNode": .int(creating),
            "deletingNode": .int(leaving),
            "activeNode": .int(active), "phase": .string(phase),
        ]
        if let job { status["jobId"] = .string(job) }
        return .object(status)
    }

    func render(_ pool: NodePoolRecord, nodes: [NodeRecord], now: Double) -> JSONValue {
        var body = documents.document(uid: pool.uid, text: pool.document)
        if case .object(var meta)? = body["metadata"] {
            meta["creationTimestamp"] = .string(goTimestamp(pool.createdAt))
            meta["updateTimestamp"] = .string(goTimestamp(pool.deleteStarted ?? pool.updatedAt))
            body["metadata"] = .object(meta)
        }
        // §3.1: a GET's initialNodeCount is the live target.
        body["spec"]?["initialNodeCount"] = .int(pool.target)
        // Masked again for rows an older emulator stored with the password in them.
        if case .object(let template)? = body["spec"]?["nodeTemplate"] {
            body["spec"]?["nodeTemplate"] = .object(NodeDefaults.masked(template))
        }
        body["status"] = Self.poolStatus(
            nodes: nodes, deleting: pool.deleteStarted != nil, job: pool.deleteJob ?? pool.job, now: now)
        return body
    }

    /// `DefaultPool` (§3.4, with `showDefaultNodePool=true`): the nodes outside any pool.
    /// [inferred] Its uid is its name; the docs show none.
    func defaultPool(nodes: [NodeRecord], cluster: String, now: Double) -> JSONValue {
        [
            "kind": "NodePool", "apiVersion": "v3",
            "metadata": ["name": "DefaultPool", "uid": "DefaultPool"],
            "spec": [
                "type": "vm", "nodeTemplate": [:], "initialNodeCount": .int(nodes.filter(\.isStaying).count),
            ],
            "status": Self.poolStatus(nodes: nodes, deleting: false, job: nil, now: now),
        ]
    }

    // MARK: Update, delete

    /// PUT (§3.3): `initialNodeCount` sets the target; without it, `ignoreInitialNodeCount:
    /// true` keeps the target, and neither sets it to 0 (the service's documented pitfall:
    /// the emulator behaves like the service; the client core refuses to send such a body).
    func updatePool(_ request: TransportRequest, project: String, cluster: String, uid: String, now: Double)
        async throws -> (Int, JSONValue)
    {
        let body: JSONValue
        switch objectBody(request, what: "a NodePool update") {
        case .success(let b): body = b
        case .failure(let answer): return answer.pair
        }
        let errors = NodeChecks.poolUpdate(body).filter { $0.severity == .error }
        if !errors.isEmpty { return WireError.invalid(Self.invalidMessage(errors)) }
        let changes = WireSchema.nodePoolUpdate.canonicalize(body)["spec"]?.objectValue ?? [:]
        let outcome = try await store.nodeWrite(project: project, cluster: cluster, now: now) {
            tx -> Result<(NodePoolRecord, [NodeRecord]), WireAnswer> in
            if let refusal = Self.nodeOperationRefusal(tx.cluster, now: now) { return .failure(WireAnswer(refusal)) }
            guard var pool = try tx.pools().first(where: { $0.uid == uid }) else {
                return .failure(WireAnswer(Self.poolNotFound(uid, tx.cluster.uid)))
            }
            if pool.deleteStarted != nil {
                return .failure(WireAnswer(WireError.forbidden("node pool \(uid) is being deleted")))
            }
            guard case .object(var document) = (try? JSONValue.parse(pool.document)) ?? .null else {
                return .failure(WireAnswer(WireError.internalError("the stored node pool \(uid) is not readable")))
            }
            var spec = document["spec"]?.objectValue ?? [:]
            var template = spec["nodeTemplate"]?.objectValue ?? [:]
            for (key, value) in changes["nodeTemplate"]?.objectValue ?? [:] {
                if key == "flavor" || key == "az", value != template[key] {
                    return .failure(
                        WireAnswer(
                            WireError.invalid(
                                "spec.nodeTemplate.\(key): the \(key) of a node pool cannot be changed "
                                    + "(it is \(template[key]?.stringValue ?? "unset")); create another pool")))
                }
                template[key] = value
            }
            spec["nodeTemplate"] = .object(NodeDefaults.masked(template))
            if case .object(let scaling)? = changes["autoscaling"] {
                var merged = spec["autoscaling"]?.objectValue ?? [:]
                merged.merge(scaling) { _, new in new }
                // Each half of a partial update can pass the validator alone and still make a
                // range that is empty once merged with what the pool has.
                if let low = merged["minNodeCount"]?.intValue, let high = merged["maxNodeCount"]?.intValue, low > high {
                    return .failure(
                        WireAnswer(
                            WireError.invalid(
                                "spec.autoscaling.minNodeCount: \(low) is above the pool's maxNodeCount \(high); send "
                                    + "a minNodeCount of at most \(high), or raise maxNodeCount in the same update")))
                }
                spec["autoscaling"] = .object(merged)
            }
            for key in [
                "nodeManagement", "repairPolicy", "podSecurityGroups", "customSecurityGroups", "extensionScaleGroups",
                "taintPolicyOnExistingNodes", "labelPolicyOnExistingNodes", "userTagsPolicyOnExistingNodes",
            ] {
                if let value = changes[key] { spec[key] = value }
            }
            if let count = changes["initialNodeCount"]?.intValue {
                pool.target = count
            } else if changes["ignoreInitialNodeCount"]?.boolValue != true {
                pool.target = 0
            }
            spec["initialNodeCount"] = .int(pool.target)
            document["spec"] = .object(spec)
            if let problem = Self.autoscalingProblem(document["spec"], cluster: tx.cluster) {
                return .failure(WireAnswer(problem))
            }
            pool.document = String(decoding: FastJSON.bytes(.object(document)), as: UTF8.self)
            pool.updatedAt = now
            if let refusal = try self.scale(&pool, existing: try tx.nodes(), in: tx, now: now) {
                return .failure(WireAnswer(refusal))
            }
            try tx.update(pool)
            return .success((pool, try tx.nodes().filter { $0.poolUID == uid }))
        }
        guard let outcome else { return Self.clusterNotFound(cluster, project) }
        switch outcome {
        case .failure(let answer): return answer.pair
        case .success((let pool, let nodes)):
            documents.forget(uid: uid)
            return (200, render(pool, nodes: nodes, now: now))
        }
    }

    /// DELETE (§3.4): 200 with the pool `Deleting` and its job; its nodes go with it.
    func deletePool(project: String, cluster: String, uid: String, now: Double) async throws -> (Int, JSONValue) {
        let jobID = ids.uuid(at: Date(timeIntervalSince1970: now))
        let gone = now + configuration.deleteSeconds
        let outcome = try await store.nodeWrite(project: project, cluster: cluster, now: now) {
            tx -> Result<(NodePoolRecord, [NodeRecord]), WireAnswer> in
            if let refusal = Self.nodeOperationRefusal(tx.cluster, now: now) { return .failure(WireAnswer(refusal)) }
            guard var pool = try tx.pools().first(where: { $0.uid == uid }) else {
                return .failure(WireAnswer(Self.poolNotFound(uid, tx.cluster.uid)))
            }
            let mine = try tx.nodes().filter { $0.poolUID == uid }
            if pool.deleteStarted != nil { return .success((pool, mine)) }
            let staying = mine.filter(\.isStaying)
            try tx.insert(
                self.deletionJob(jobID, type: "DeleteNodePool", nodes: staying, cluster: tx.cluster, now: now))
            try tx.delete(nodes: staying.map(\.uid), job: jobID, gone: gone)
            pool.deleteJob = jobID
            pool.deleteStarted = now
            pool.goneAt = gone
            try tx.update(pool)
            return .success((pool, try tx.nodes().filter { $0.poolUID == uid }))
        }
        guard let outcome else { return Self.clusterNotFound(cluster, project) }
        switch outcome {
        case .failure(let answer): return answer.pair
        case .success((let pool, let nodes)): return (200, render(pool, nodes: nodes, now: now))
        }
    }

    // MARK: Cluster certificate

    /// POST /clustercert (§4): a kubeconfig whose client certificate the cluster's own CA
    /// signed, valid for `duration` days (-1: the longest) or until `expire_at`.
    func clusterCertificate(_ request: TransportRequest, project: String, cluster: String, now: Double) async throws
        -> (Int, JSONValue)
    {
        let body: JSONValue
        switch objectBody(request, what: "{\"duration\": 30}") {
        case .success(let b): body = b
        case .failure(let answer): return answer.pair
        }
        let errors = NodeChecks.clusterCert(body).filter { $0.severity == .error }
        if !errors.isEmpty { return WireError.invalid(Self.invalidMessage(errors)) }
        var notAfter: Double
        // An empty `expire_at` is absent, as the validator reads it: `duration` decides.
        if let text = body.member("expire_at")?.stringValue, !text.isEmpty {
            guard let date = GoTimestamp(text)?.date else {
                return WireError.invalid(
                    "expire_at: \(text) is not a time; write it like \"2027-01-01 16:00:00 +0000 UTC\"")
            }
            notAfter = date.timeIntervalSince1970
            let latest = now + Double(ClusterCertificates.longestDays(from: Date(timeIntervalSince1970: now))) * 86_400
            guard notAfter >= now + 15 * 60, notAfter <= latest else {
                return WireError.invalid("expire_at: must be between 15 minutes and 5 years from now")
            }
        } else {
            let asked = body.member("duration")?.intValue ?? -1
            let days = asked == -1 ? ClusterCertificates.longestDays(from: Date(timeIntervalSince1970: now)) : asked
            notAfter = now + Double(days) * 86_400
        }
        guard let record = try store.cluster(project: project, uid: cluster, now: now) else {
            return Self.clusterNotFound(cluster, project)
        }
        let phase = record.phase(at: now)
        if ["Creating", "Deleting", "Error"].contains(phase) {
            return WireError.forbidden(
                "cluster \(cluster) is \(phase); its certificates are available once it is Available")
        }
        let name = record.name
        let start = Date(timeIntervalSince1970: now)
        guard
            let authority = try await store.clusterCA(
                project: project, cluster: cluster, now: now,
                make: {
                    let pair = try ClusterCertificates.makeAuthority(clusterName: name, clusterUID: cluster, now: start)
                    return (pair.certificate, pair.key)
                })
        else { return Self.clusterNotFound(cluster, project) }
        let client = try ClusterCertificates.issueClient(
            authority: .init(certificate: authority.certificate, key: authority.key), user: "cce-user", now: start,
            notAfter: Date(timeIntervalSince1970: notAfter))
        let document = documents.document(uid: record.uid, text: record.document)
        let external = document["spec"]?["extendParam"]?["clusterExternalIP"]?.stringValue.flatMap {
            $0.isEmpty ? nil : $0
        }
        return (
            200,
            Self.kubeconfig(
                internalServer: "https://\(Self.masterAddress(cluster)):5443",
                external: external.map { "https://\($0):5443" },
                authority: authority.certificate, client: client)
        )
    }

    /// The kubeconfig document of §4: `internal` always; with a master EIP also `external`
    /// (insecure-skip-tls-verify, as the service writes it) and `externalTLSVerify` (the
    /// same server, verified against the CA), and `current-context` `external`.
    static func kubeconfig(
        internalServer: String, external: String?, authority: String, client: ClusterCertificates.PEMPair
    ) -> JSONValue {
        func base64(_ text: String) -> JSONValue { .string(Data(text.utf8).base64EncodedString()) }
        var clusters: [JSONValue] = [
            [
                "name": "internalCluster",
                "cluster": ["server": .string(internalServer), "certificate-authority-data": base64(authority)],
            ]
        ]
        var contexts: [JSONValue] = [["name": "internal", "context": ["cluster": "internalCluster", "user": "user"]]]
        if let external {
            clusters.append(
                [
                    "name": "externalCluster",
                    "cluster": ["server": .string(external), "insecure-skip-tls-verify": true],
                ])
            clusters.append(
                [
                    "name": "externalClusterTLSVerify",
                    "cluster": ["server": .string(external), "certificate-authority-data": base64(authority)],
                ])
            contexts.append(["name": "external", "context": ["cluster": "externalCluster", "user": "user"]])
            contexts.append(
                ["name": "externalTLSVerify", "context": ["cluster": "externalClusterTLSVerify", "user": "user"]])
        }
        return [
            "kind": "Config", "apiVersion": "v1", "preferences": [:],
            "clusters": .array(clusters),
            "users": [
                [
                    "name": "user",
                    "user": [
                        "client-certificate-data": base64(client.certificate), "client-key-data": base64(client.key),
                    ],
                ]
            ],
            "contexts": .array(contexts),
            "current-context": .string(external == nil ? "internal" : "external"),
        ]
    }
}
