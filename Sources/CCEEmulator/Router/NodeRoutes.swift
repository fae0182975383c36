import CCECore
import Foundation
import OrderedCollections

/// Nodes (WIRE-LIFECYCLE §1–2, §7) and `clustercert` (§4) under `/clusters/{cid}`; node pools
/// are in NodePoolRoutes.swift. A request for a cluster that is not there is the service's
/// CCE 404; writes while the cluster is not Available (hibernated, creating, …) its 403.
extension EmulatorRouter {
    /// The answer for `/clusters/{cid}/nodes…`, `/nodepools…` and `/clustercert`, or nil when
    /// the path and method name none of them.
    func clusterResource(
        _ request: TransportRequest, method: String, project: String, parts: [String], now: Double
    ) async throws -> (Int, JSONValue)? {
        let cluster = parts[5]
        let rest = Array(parts[6...])
        switch (method, rest[0], rest.count) {
        case ("POST", "nodes", 1): return try await createNodes(request, project: project, cluster: cluster, now: now)
        case ("GET", "nodes", 1): return try listNodes(request, project: project, cluster: cluster, now: now)
        case ("GET", "nodes", 2): return try showNode(project: project, cluster: cluster, uid: rest[1], now: now)
        case ("PUT", "nodes", 2):
            return try await renameNode(request, project: project, cluster: cluster, uid: rest[1], now: now)
        case ("DELETE", "nodes", 2):
            return try await deleteNode(request, project: project, cluster: cluster, uid: rest[1], now: now)
        case ("POST", "nodepools", 1):
            return try await createPool(request, project: project, cluster: cluster, now: now)
        case ("GET", "nodepools", 1): return try listPools(request, project: project, cluster: cluster, now: now)
        case ("GET", "nodepools", 2): return try showPool(project: project, cluster: cluster, uid: rest[1], now: now)
        case ("PUT", "nodepools", 2):
            return try await updatePool(request, project: project, cluster: cluster, uid: rest[1], now: now)
        case ("DELETE", "nodepools", 2):
            return try await deletePool(project: project, cluster: cluster, uid: rest[1], now: now)
        case ("POST", "clustercert", 1):
            return try await clusterCertificate(request, project: project, cluster: cluster, now: now)
        default: return nil
        }
    }

    static func clusterNotFound(_ cluster: String, _ project: String) -> (Int, JSONValue) {
        WireError.notFound("cluster \(cluster) not found in project \(project)")
    }

    static func nodeNotFound(_ uid: String, _ cluster: String) -> (Int, JSONValue) {
        WireError.notFound("node \(uid) not found in cluster \(cluster)")
    }

    /// 400 `CCE.01400014` (WIRE.md §4 "Excessive nodes in the cluster").
    static func tooManyNodes(_ cluster: ClusterRecord, have: Int, adding: Int, limit: Int) -> (Int, JSONValue) {
        let flavor = flavorOf(cluster)
        return (
            400,
            WireError.cce(
                status: 400, code: "CCE.01400014", summary: "Excessive nodes in the cluster.",
                message:
                    "cluster \(cluster.name) (\(flavor)) allows at most \(limit) nodes; it has \(have) and the request "
                    + "adds \(adding); delete nodes or resize the cluster to a larger flavor",
                legacyCode: nil, legacySummary: nil)
        )
    }

    /// The 400 when `adding` nodes would take `cluster` past its flavor's limit; checked
    /// before any node is planned, so a huge count costs nothing.
    static func limitRefusal(_ cluster: ClusterRecord, existing: [NodeRecord], adding: Int) -> (Int, JSONValue)? {
        let staying = existing.filter(\.isStaying).count
        let limit = NodeDefaults.nodeLimit(flavor: flavorOf(cluster))
        guard adding > limit - staying else { return nil }
        return tooManyNodes(cluster, have: staying, adding: adding, limit: limit)
    }

    static func flavorOf(_ cluster: ClusterRecord) -> String {
        ((try? JSONValue.parse(cluster.document))?["spec"]?["flavor"]?.stringValue) ?? "cce.s1.small"
    }

    // MARK: Create

    /// The plan for `count` new nodes: their rows and the job tree of §7 (a top job whose
    /// `CreateNode` sub-job, itself a job, holds one `CreateNodeVM` per node with the node
    /// uid as `resourceID`).
    struct NodeBatch: Sendable {
        var nodes: [NodeRecord]
        var jobs: [JobRecord]
        var jobID: String
    }

    /// Makes the rows for nodes of `spec` in `cluster` (the addresses are filled in by
    /// `place`). `names` gives each node's name; `pool` its owner.
    func planNodes(
        names: [String], spec: OrderedDictionary<String, JSONValue>, metadata: OrderedDictionary<String, JSONValue>,
        cluster: ClusterRecord, pool: (uid: String, name: String)?, jobType: String, now: Double
    ) -> NodeBatch {
        let at = Date(timeIntervalSince1970: now)
        let ready = now + configuration.nodeCreateSeconds
        let jobID = ids.uuid(at: at)
        let subJobID = ids.uuid(at: at)
        let failure = drawNodeFailure(flavor: spec["flavor"]?.stringValue ?? "")
        var nodes: [NodeRecord] = []
        var vms: [JSONValue] = []
        for name in names {
            let uid = ids.uuid(at: at)
            var meta = metadata
            meta["name"] = .string(name)
            meta["uid"] = .string(uid)
            if let pool {
                meta["ownerReferences"] = ["nodepoolName": .string(pool.name), "nodepoolID": .string(pool.uid)]
            }
            var nodeSpec = NodeDefaults.nodeSpec(spec, uid: uid, clusterVersion: cluster.version)
            nodeSpec.removeValue(forKey: "count")
            nodeSpec.removeValue(forKey: "configurationsOverride")
            let document: JSONValue = [
                "kind": "Node", "apiVersion": "v3", "metadata": .object(meta), "spec": .object(nodeSpec),
            ]
            nodes.append(
                NodeRecord(
                    uid: uid, project: cluster.project, clusterUID: cluster.uid, poolUID: pool?.uid, name: name,
                    document: String(decoding: FastJSON.bytes(document), as: UTF8.self), privateIP: "",
                    serverID: ids.uuid(at: at), createdAt: now, readyAt: ready, createJob: jobID, failure: failure))
            // The ECS exists once Build ends: the first half of the node's creation.
            // A failed batch fails every node, so each node's VM sub-job fails with it.
            vms.append([
                "type": "CreateNodeVM", "uid": .string(ids.uuid(at: at)), "resourceID": .string(uid),
                "resourceName": .string(name), "from": 0, "to": 0.5, "fails": .bool(failure != nil),
            ])
        }
        let first = names.first ?? ""
        let subJobs: JSONValue = [
            [
                "type": "CreateNode", "uid": .string(subJobID), "resourceName": .string(first),
                "subJobs": .array(vms),
            ]
        ]
        let top = JobRecord(
            uid: jobID, project: cluster.project, type: jobType, clusterUID: cluster.uid, resourceName: first,
            startedAt: now, finishAt: ready, failure: failure,
            subJobs: String(decoding: FastJSON.bytes(subJobs), as: UTF8.self))
        let sub = JobRecord(
            uid: subJobID, project: cluster.project, type: "CreateNode", clusterUID: cluster.uid,
            resourceName: first, startedAt: now, finishAt: ready, failure: failure,
            subJobs: String(decoding: FastJSON.bytes(.array(vms)), as: UTF8.self), ownerJob: jobID)
        return NodeBatch(nodes: nodes, jobs: [top, sub], jobID: jobID)
    }

    /// Gives the batch's nodes free addresses and writes them with their jobs; the node
    /// limit is checked against `existing` (the nodes that count towards it). The addresses
    /// of every node still visible, `Deleting` ones included, are taken: a node being deleted
    /// keeps its address until it is gone. A refusal writes nothing.
    static func place(_ batch: NodeBatch, in tx: NodeTransaction, existing: [NodeRecord]) throws -> (Int, JSONValue)? {
        if let refusal = limitRefusal(tx.cluster, existing: existing, adding: batch.nodes.count) { return refusal }
        let taken = Set(try tx.nodes().map(\.privateIP))
        guard
            let addresses = NodeDefaults.addresses(
                batch.nodes.count, taken: taken, reserved: masterAddress(tx.cluster.uid))
        else {
            return WireError.invalid("the subnet of cluster \(tx.cluster.uid) has no free address left")
        }
        for (node, address) in zip(batch.nodes, addresses) {
            var placed = node
            placed.privateIP = address
            try tx.insert(placed)
        }
        for job in batch.jobs { try tx.insert(job) }
        return nil
    }

    func createNodes(_ request: TransportRequest, project: String, cluster: String, now: Double) async throws -> (
        Int, JSONValue
    ) {
        let body: JSONValue
        switch objectBody(request, what: "a Node") {
        case .success(let b): body = b
        case .failure(let answer): return answer.pair
        }
        let errors = NodeChecks.node(body).filter { $0.severity == .error }
        if !errors.isEmpty { return WireError.invalid(Self.invalidMessage(errors)) }
        let canonical = WireSchema.node.canonicalize(body)
        let spec = canonical["spec"]?.objectValue ?? [:]
        let count = max(1, spec["count"]?.intValue ?? 1)
        let asked = canonical["metadata"]?["name"]?.stringValue ?? ""
        var given = canonical["metadata"]?.objectValue ?? [:]
        given.removeValue(forKey: "uid")
        let metadata = given
        let outcome = try await store.nodeWrite(project: project, cluster: cluster, now: now) {
            tx -> Result<NodeBatch, WireAnswer> in
            if let refusal = Self.nodeOperationRefusal(tx.cluster, now: now) { return .failure(WireAnswer(refusal)) }
            let existing = try tx.nodes()
            if let refusal = Self.limitRefusal(tx.cluster, existing: existing, adding: count) {
                return .failure(WireAnswer(refusal))
            }
            // [inferred from TF behaviour] Several nodes get the name with a suffix each; no
            // name is the cluster's name with one.
            let names = (0..<count).map { _ in
                asked.isEmpty
                    ? "\(tx.cluster.name)-\(NodeDefaults.suffix())"
                    : (count == 1 ? asked : "\(asked)-\(NodeDefaults.suffix())")
            }
            let batch = self.planNodes(
                names: names, spec: spec, metadata: metadata, cluster: tx.cluster, pool: nil,
                jobType: "CreateNodes", now: now)
            if let refusal = try Self.place(batch, in: tx, existing: existing) {
                return .failure(WireAnswer(refusal))
            }
            return .success(batch)
        }
        guard let outcome else { return Self.clusterNotFound(cluster, project) }
        switch outcome {
        case .failure(let answer): return answer.pair
        case .success(let batch):
            // §1.7: the body as sent with the service's defaults, one uid, and the job.
            guard let first = batch.nodes.first, var document = try? JSONValue.parse(first.document) else {
                return WireError.internalError("the emulator lost track of the created nodes")
            }
            if case .object(var meta)? = document["metadata"] {
                if count > 1, !asked.isEmpty { meta["name"] = .string(asked) }
                meta["creationTimestamp"] = .string(goTimestamp(now))
                meta["updateTimestamp"] = .string(goTimestamp(now))
                document["metadata"] = .object(meta)
            }
            document["spec"]?["count"] = .int(count)
            document["status"] = ["jobID": .string(batch.jobID)]
            return (201, document)
        }
    }

    // MARK: Read

    func listNodes(_ request: TransportRequest, project: String, cluster: String, now: Double) throws -> (
        Int, JSONValue
    ) {
        guard try store.cluster(project: project, uid: cluster, now: now) != nil else {
            return Self.clusterNotFound(cluster, project)
        }
        var nodes = try store.nodes(project: project, cluster: cluster, now: now)
        func query(_ name: String) -> String? {
            request.query.last(where: { $0.name == name }).map(\.value).flatMap { $0.isEmpty ? nil : $0 }
        }
        let limitText = query("limit")
        let marker = query("marker")
        var pageInfo: JSONValue? = nil
        if limitText != nil || marker != nil {
            // Huawei's pagination (§2.1): `limit` 1–2000, `marker` a uid the page starts after.
            var limit = 2000
            if let limitText {
                guard let parsed = Int(limitText), (1...2000).contains(parsed) else {
                    return WireError.invalid("query parameter limit=\(limitText) must be a number from 1 to 2000")
                }
                limit = parsed
            }
            if let marker {
                guard let index = nodes.firstIndex(where: { $0.uid == marker }) else {
                    return WireError.invalid("query parameter marker=\(marker) is not a node of cluster \(cluster)")
                }
                nodes = Array(nodes[(index + 1)...])
            }
            var page: OrderedDictionary<String, JSONValue> = ["currentCount": .int(min(limit, nodes.count))]
            if nodes.count > limit {
                nodes = Array(nodes.prefix(limit))
                page["nextMarker"] = .string(nodes.last?.uid ?? "")
            }
            pageInfo = .object(page)
        }
        var body: OrderedDictionary<String, JSONValue> = [
            "kind": "List", "apiVersion": "v3", "items": .array(nodes.map { render($0, now: now) }),
        ]
        if let pageInfo { body["pageInfo"] = pageInfo }
        return (200, .object(body))
    }

    func showNode(project: String, cluster: String, uid: String, now: Double) throws -> (Int, JSONValue) {
        guard try store.cluster(project: project, uid: cluster, now: now) != nil else {
            return Self.clusterNotFound(cluster, project)
        }
        guard let node = try store.node(project: project, cluster: cluster, uid: uid, now: now) else {
            return Self.nodeNotFound(uid, cluster)
        }
        return (200, render(node, now: now))
    }

    /// The node as GET shows it at `now` (§2.2–2.3): no taints, k8sTags or userTags.
    func render(_ node: NodeRecord, now: Double) -> JSONValue {
        var body = documents.document(uid: node.uid, text: node.document)
        if case .object(var meta)? = body["metadata"] {
            meta["creationTimestamp"] = .string(goTimestamp(node.createdAt))
            meta["updateTimestamp"] = .string(goTimestamp(node.phaseChanged(at: now)))
            body["metadata"] = .object(meta)
        }
        if case .object(var spec)? = body["spec"] {
            for hidden in ["taints", "k8sTags", "userTags"] { spec.removeValue(forKey: hidden) }
            // Masked again for rows an older emulator stored with the password in them.
            body["spec"] = .object(NodeDefaults.masked(spec))
        }
        var status: OrderedDictionary<String, JSONValue> = [
            "phase": .string(node.phase(at: now)),
            "jobID": .string(node.deleteJob ?? node.createJob),
            "serverId": .string(node.serverID),
            "privateIP": .string(node.privateIP),
        ]
        if let publicIP = body["spec"]?["publicIP"], publicIP != .null, publicIP != [:] {
            status["publicIP"] = .string(NodeDefaults.publicAddress(uid: node.uid))
        }
        status["configurationUpToDate"] = true
        body["status"] = .object(status)
        return body
    }

    // MARK: Rename, delete

    func renameNode(_ request: TransportRequest, project: String, cluster: String, uid: String, now: Double)
        async throws -> (Int, JSONValue)
    {
        let body: JSONValue
        switch objectBody(request, what: "{\"metadata\": {\"name\": …}}") {
        case .success(let b): body = b
        case .failure(let answer): return answer.pair
        }
        guard let name = body.member("metadata")?.member("name")?.stringValue else {
            return WireError.invalid(
                "metadata.name: required; the node's new name (1–56 characters: a-z, 0-9, '-', '.')")
        }
        if let problem = NodeDefaults.renameProblem(name) {
            return WireError.invalid("metadata.name: \(problem) (a lower-case letter first, then a-z, 0-9, '-', '.')")
        }
        let outcome = try await store.nodeWrite(project: project, cluster: cluster, now: now) {
            tx -> Result<NodeRecord, WireAnswer> in
            if let refusal = Self.nodeOperationRefusal(tx.cluster, now: now) { return .failure(WireAnswer(refusal)) }
            guard var node = try tx.nodes().first(where: { $0.uid == uid }) else {
                return .failure(WireAnswer(Self.nodeNotFound(uid, tx.cluster.uid)))
            }
            if node.deleteStarted != nil {
                return .failure(WireAnswer(WireError.forbidden("node \(uid) is being deleted")))
            }
            guard var document = try? JSONValue.parse(node.document) else {
                return .failure(WireAnswer(WireError.internalError("the stored node \(uid) is not readable")))
            }
            document["metadata"]?["name"] = .string(name)
            node.name = name
            node.document = String(decoding: FastJSON.bytes(document), as: UTF8.self)
            node.updatedAt = now
            try tx.rename(node: uid, name: name, document: node.document)
            return .success(node)
        }
        guard let outcome else { return Self.clusterNotFound(cluster, project) }
        switch outcome {
        case .failure(let answer): return answer.pair
        case .success(let node): return (200, render(node, now: now))
        }
    }

    /// DELETE (§2.5): 200 with the node as it was and the deletion job; `Deleting`, then 404.
    /// A pool's node lowers the pool's count unless `nodepoolScaleDown=NoScaleDown`, in which
    /// case the pool makes a replacement.
    func deleteNode(_ request: TransportRequest, project: String, cluster: String, uid: String, now: Double)
        async throws -> (Int, JSONValue)
    {
        let scaleDown = request.query.last(where: { $0.name == "nodepoolScaleDown" })?.value != "NoScaleDown"
        let jobID = ids.uuid(at: Date(timeIntervalSince1970: now))
        let subJob = ids.uuid(at: Date(timeIntervalSince1970: now))
        let gone = now + configuration.deleteSeconds
        let outcome = try await store.nodeWrite(project: project, cluster: cluster, now: now) {
            tx -> Result<(NodeRecord, Bool), WireAnswer> in
            if let refusal = Self.nodeOperationRefusal(tx.cluster, now: now) { return .failure(WireAnswer(refusal)) }
            let nodes = try tx.nodes()
            guard let node = nodes.first(where: { $0.uid == uid }) else {
                return .failure(WireAnswer(Self.nodeNotFound(uid, tx.cluster.uid)))
            }
            if node.deleteStarted != nil { return .success((node, false)) }
            // [inferred] The job type and its one sub-job are not documented (§10).
            let sub: JSONValue = [["type": "DeleteNodeVM", "uid": .string(subJob), "resourceID": .string(uid)]]
            try tx.insert(
                JobRecord(
                    uid: jobID, project: project, type: "DeleteNode", clusterUID: tx.cluster.uid,
                    resourceName: node.name, startedAt: now, finishAt: gone, failure: nil,
                    subJobs: String(decoding: FastJSON.bytes(sub), as: UTF8.self)))
            try tx.delete(nodes: [uid], job: jobID, gone: gone)
            if let poolUID = node.poolUID, var pool = try tx.pools().first(where: { $0.uid == poolUID }),
                pool.deleteStarted == nil
            {
                if scaleDown {
                    pool.target = max(0, pool.target - 1)
                    pool.updatedAt = now
                    try tx.update(pool)
                } else {
                    let remaining = nodes.filter { $0.uid != uid }
                    if let refusal = try self.scale(&pool, existing: remaining, in: tx, now: now) {
                        return .failure(WireAnswer(refusal))
                    }
                    try tx.update(pool)
                }
            }
            return .success((node, true))
        }
        guard let outcome else { return Self.clusterNotFound(cluster, project) }
        switch outcome {
        case .failure(let answer): return answer.pair
        case .success((let node, let started)):
            var body = render(node, now: now)
            // The OTC example: the phase as it was, with the deletion job.
            if started { body["status"]?["jobID"] = .string(jobID) }
            return (200, body)
        }
    }
}

/// The request checks the emulator applies before acting: the client core's validator (the
/// service rejects what it rejects, at the same JSON paths), then the few facts the emulator
/// itself relies on.
enum NodeChecks {
    /// The validator's errors if any, else the emulator's own.
    static func first(_ validator: [Diagnostic], _ own: () -> [Diagnostic]) -> [Diagnostic] {
        let errors = validator.filter { $0.severity == .error }
        return errors.isEmpty ? own() : errors
    }

    static func node(_ body: JSONValue) -> [Diagnostic] {
        first(NodeValidator.validateNode(body)) {
            var out: [Diagnostic] = []
            guard case .object? = body.member("spec") else {
                return [.error("E_REQUIRED", at: DiagnosticPath.root.key("spec"), "required: the node's spec")]
            }
            if let count = body.member("spec")?.member("count"), count.intValue.map({ $0 < 1 }) ?? true {
                out.append(
                    .error(
                        "E_RANGE", at: DiagnosticPath.root.key("spec").key("count"), "must be a whole number ≥ 1",
                        hint: "the number of nodes to create"))
            }
            return out
        }
    }

    static func pool(_ body: JSONValue) -> [Diagnostic] {
        first(NodeValidator.validateNodePool(body)) {
            var out: [Diagnostic] = []
            let name = body.member("metadata")?.member("name")?.stringValue ?? ""
            if name.isEmpty {
                out.append(.error("E_REQUIRED", at: DiagnosticPath.root.key("metadata").key("name"), "required"))
            }
            guard case .object? = body.member("spec")?.member("nodeTemplate") else {
                out.append(
                    .error(
                        "E_REQUIRED", at: DiagnosticPath.root.key("spec").key("nodeTemplate"),
                        "required: the spec of the pool's nodes"))
                return out
            }
            if let count = body.member("spec")?.member("initialNodeCount"), count.intValue.map({ $0 < 0 }) ?? true {
                out.append(
                    .error(
                        "E_RANGE", at: DiagnosticPath.root.key("spec").key("initialNodeCount"),
                        "must be a whole number ≥ 0"))
            }
            return out
        }
    }

    /// The validator refuses an update with neither `initialNodeCount` nor
    /// `ignoreInitialNodeCount: true` to protect the client's user; the service accepts it
    /// and scales the pool to 0 (§3.3), and so does the emulator.
    static func poolUpdate(_ body: JSONValue) -> [Diagnostic] {
        let validator = NodeValidator.validateNodePoolUpdate(body).filter { $0.code != "initialNodeCount.update" }
        return first(validator) {
            if let count = body.member("spec")?.member("initialNodeCount"), count.intValue.map({ $0 < 0 }) ?? true {
                return [
                    .error(
                        "E_RANGE", at: DiagnosticPath.root.key("spec").key("initialNodeCount"),
                        "must be a whole number ≥ 0")
                ]
            }
            return []
        }
    }

    static func clusterCert(_ body: JSONValue) -> [Diagnostic] {
        first(NodeValidator.validateClusterCert(body)) {
            let duration = body.member("duration")
            if duration == nil, !(body.member("expire_at")?.stringValue ?? "").isEmpty { return [] }
            guard let days = duration?.intValue, days == -1 || (1...ClusterCertificates.maximumDays).contains(days)
            else {
                return [
                    .error(
                        "E_RANGE", at: DiagnosticPath.root.key("duration"),
                        "must be -1 or a number of days from 1 to \(ClusterCertificates.maximumDays)",
                        hint: "-1 asks for the longest validity (5 years: 1826 or 1827 days)")
                ]
            }
            return []
        }
    }
}
