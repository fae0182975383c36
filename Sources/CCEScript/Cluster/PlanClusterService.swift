import CCECore

/// One thing a planned script would change (or find unchanged), for `cce plan`.
public struct PlanEntry: Sendable, Equatable {
    public enum Action: String, Sendable {
        /// `+ create NAME`
        case create
        /// `~ update NAME`, with the fields
        case update
        /// `= NAME unchanged`
        case unchanged
        /// `! NAME needs a new cluster: …` (no update can change these fields)
        case replace
        /// `! NAME differs: …` (updatable, but `ensure` was not asked to update)
        case differs
        /// `- delete NAME`
        case delete
        /// `~ hibernate NAME`, `~ awake NAME`, `~ resize NAME: …`
        case hibernate, awake, resize
    }

    public var action: Action
    public var name: String
    /// The fields concerned (path, have → want), sorted by path.
    public var changes: [BodyDifference]

    public init(action: Action, name: String, changes: [BodyDifference] = []) {
        self.action = action
        self.name = name
        self.changes = changes
    }

    /// Whether applying the plan would change anything (or fail: `replace`, `differs`).
    public var isChange: Bool { action != .unchanged }

    /// The plan's line for this entry (fields on the lines below an update).
    public var line: String {
        let fields = changes.map(\.summary).joined(separator: ", ")
        switch action {
        case .create: return "+ create \(name)"
        case .update: return "~ update \(name)" + changes.map { "\n    \($0.summary)" }.joined()
        case .unchanged: return "= \(name) unchanged"
        case .replace: return "! \(name) needs a new cluster: \(fields)"
        case .differs: return "! \(name) differs (ensure(c, update: true) would update it): \(fields)"
        case .delete: return "- delete \(name)"
        case .hibernate, .awake: return "~ \(action.rawValue) \(name)"
        case .resize: return "~ resize \(name): \(fields)"
        }
    }
}

/// A `ClusterService` for `cce plan`: reads go through to the real service, writes are
/// recorded and answered the way `DryRunClusterService` answers them, so a script runs to
/// its end and its waits return at once. A cluster the script writes to is copied into the
/// dry run first (`adopt`), and from then on reads of it show the planned state; one it
/// deletes reads as gone. A create of a name the service already has fails as the service
/// would (409). `ensure` reports what it finds (`ClusterPlanning`).
public actor PlanClusterService: ClusterPlanning {
    private let inner: any ClusterService
    private let overlay = DryRunClusterService()
    private var deleted: Set<String> = []
    private var planned: [PlanEntry] = []
    private var plannedPools: [String: (clusterID: String, pool: JSONValue)] = [:]
    private var deletedPools: Set<String> = []
    private var deletedNodes: Set<String> = []
    private var poolCounter = 0

    public init(inner: any ClusterService) {
        self.inner = inner
    }

    /// What the script would do, in order (an entry repeated for the same cluster is kept once).
    public var entries: [PlanEntry] { planned }

    private func record(_ entry: PlanEntry) {
        if !planned.contains(entry) { planned.append(entry) }
    }

    func noteDifferences(name: String, changes: [BodyDifference]) {
        record(PlanEntry(action: .differs, name: name, changes: changes))
    }

    public func noteUnchanged(name: String) async {
        record(PlanEntry(action: .unchanged, name: name))
    }

    public func noteDrift(name: String, plan: ClusterDrift.Plan, updating: Bool) async {
        if !plan.needsNewCluster.isEmpty {
            record(PlanEntry(action: .replace, name: name, changes: plan.needsNewCluster))
        }
        // With `update: true` the update itself is recorded when it is sent.
        if !updating, !plan.updatable.isEmpty {
            record(PlanEntry(action: .differs, name: name, changes: plan.updatable))
        }
    }

    // MARK: Reads

    public nonisolated var jobTiming: JobTimingMemory? { nil }

    public func showJob(id: String) async throws -> JSONValue {
        id.hasPrefix("dry-run-job-") ? try await overlay.showJob(id: id) : try await inner.showJob(id: id)
    }

    public func getCluster(id: String) async throws -> JSONValue {
        if deleted.contains(id) { throw DryRunClusterService.notFound("cluster \(id)") }
        if await overlay.holds(uid: id) { return try await overlay.getCluster(id: id) }
        return try await inner.getCluster(id: id)
    }

    public func listClusters(query: [(name: String, value: String)]) async throws -> [JSONValue] {
        var out: [JSONValue] = []
        for cluster in try await inner.listClusters(query: query) {
            let uid = cluster["metadata"]?["uid"]?.stringValue ?? ""
            if deleted.contains(uid) { continue }
            if await overlay.holds(uid: uid) { continue }
            out.append(cluster)
        }
        return out + (try await overlay.listClusters(query: query))
    }

    // Node reads go through; node writes are kept in the overlay (a plan never sends one):
    // created nodes read back Active, and a deleted real node reads back as gone. Pools are
    // planned: a created or scaled pool reads back as settled at its count, so
    // `ensure(pool, cluster: c)` and `wait` return at once.
    public func createNode(
        clusterID: String, body: JSONValue, query: [(name: String, value: String)]
    ) async throws -> JSONValue {
        if !clusterID.hasPrefix("dry-run-") {
            // The overlay needs the cluster to hang its planned nodes on.
            await overlay.adopt(try await getCluster(id: clusterID))
        }
        let count = max(1, body["spec"]?["count"]?.intValue ?? 1)
        let name = "\(try await clusterName(clusterID))/\(ClusterBody.name(of: body) ?? "node")"
        record(PlanEntry(action: .create, name: count == 1 ? "\(name) (1 node)" : "\(name) (\(count) nodes)"))
        return try await overlay.createNode(clusterID: clusterID, body: body, query: query)
    }

    public func listNodes(clusterID: String) async throws -> [JSONValue] {
        let real = clusterID.hasPrefix("dry-run-") ? [] : try await inner.listNodes(clusterID: clusterID)
        let planned = await overlay.holds(uid: clusterID) ? try await overlay.listNodes(clusterID: clusterID) : []
        return real.filter { !deletedNodes.contains($0["metadata"]?["uid"]?.stringValue ?? "") } + planned
    }

    public func getNode(clusterID: String, nodeID: String) async throws -> JSONValue {
        if await overlay.holdsNode(uid: nodeID) {
            return try await overlay.getNode(clusterID: clusterID, nodeID: nodeID)
        }
        if deletedNodes.contains(nodeID) { throw DryRunClusterService.notFound("node \(nodeID)") }
        return try await inner.getNode(clusterID: clusterID, nodeID: nodeID)
    }

    public func deleteNode(
        clusterID: String, nodeID: String, query: [(name: String, value: String)]
    ) async throws -> JSONValue {
        let node = try await getNode(clusterID: clusterID, nodeID: nodeID)
        record(
            PlanEntry(
                action: .delete, name: "\(try await clusterName(clusterID))/\(ClusterBody.name(of: node) ?? nodeID)"))
        if await overlay.holdsNode(uid: nodeID) {
            return try await overlay.deleteNode(clusterID: clusterID, nodeID: nodeID, query: query)
        }
        var gone = node
        deletedNodes.insert(nodeID)
        gone["status"] = ["phase": "Deleting"]
        return gone
    }

    public func listNodePools(clusterID: String, query: [(name: String, value: String)]) async throws -> [JSONValue] {
        // A cluster the plan itself creates has no pools on the service.
        let real =
            clusterID.hasPrefix("dry-run-") ? [] : try await inner.listNodePools(clusterID: clusterID, query: query)
        var out: [JSONValue] = []
        for pool in real {
            let uid = pool["metadata"]?["uid"]?.stringValue ?? ""
            if deletedPools.contains(uid) { continue }
            out.append(plannedPools[uid]?.pool ?? pool)
        }
        let realIDs = Set(real.compactMap { $0["metadata"]?["uid"]?.stringValue })
        for (uid, entry) in plannedPools where entry.clusterID == clusterID && !realIDs.contains(uid) {
            out.append(entry.pool)
        }
        return out
    }

    public func getNodePool(clusterID: String, poolID: String) async throws -> JSONValue {
        if deletedPools.contains(poolID) { throw DryRunClusterService.notFound("node pool \(poolID)") }
        if let planned = plannedPools[poolID] { return planned.pool }
        return try await inner.getNodePool(clusterID: clusterID, poolID: poolID)
    }

    public func createNodePool(clusterID: String, body: JSONValue) async throws -> JSONValue {
        let name = ClusterBody.name(of: body) ?? ""
        let existing = try await listNodePools(clusterID: clusterID, query: [])
        if existing.contains(where: { ClusterBody.name(of: $0) == name }) {
            throw CCEClientError.service(
                status: 409, code: "CCE.01409001",
                message: "a node pool named \(name) already exists (plan: the create would fail)")
        }
        poolCounter += 1
        var pool = body
        pool["metadata"]?["uid"] = .string("dry-run-pool-\(poolCounter)")
        pool = Self.settled(pool)
        plannedPools["dry-run-pool-\(poolCounter)"] = (clusterID, pool)
        record(PlanEntry(action: .create, name: "\(try await clusterName(clusterID))/\(name)"))
        return pool
    }

    public func updateNodePool(clusterID: String, poolID: String, body: JSONValue) async throws -> JSONValue {
        let before = try await getNodePool(clusterID: clusterID, poolID: poolID)
        var after = before
        if let count = body["spec"]?["initialNodeCount"] { after["spec"]?["initialNodeCount"] = count }
        if let auto = body["spec"]?["autoscaling"] { after["spec"]?["autoscaling"] = auto }
        after = Self.settled(after)
        plannedPools[poolID] = (clusterID, after)
        let name = "\(try await clusterName(clusterID))/\(ClusterBody.name(of: before) ?? poolID)"
        record(PlanEntry(action: .update, name: name, changes: Interpreter.poolDrift(want: body, have: before)))
        return after
    }

    public func deleteNodePool(clusterID: String, poolID: String) async throws -> JSONValue {
        let before = try await getNodePool(clusterID: clusterID, poolID: poolID)
        deletedPools.insert(poolID)
        plannedPools[poolID] = nil
        let cluster = try await clusterName(clusterID)
        record(PlanEntry(action: .delete, name: "\(cluster)/\(ClusterBody.name(of: before) ?? poolID)"))
        var answer = before
        answer["status"]?["phase"] = "Deleting"
        return answer
    }

    /// A plan issues no certificate (a real clustercert call makes a credential): the
    /// kubeconfig's shape, with nothing secret in it.
    public func createClusterCert(clusterID: String, body: JSONValue) async throws -> JSONValue {
        DryRunClusterService.kubeconfigPlaceholder(clusterName: try await clusterName(clusterID))
    }

    private func clusterName(_ id: String) async throws -> String {
        ClusterBody.name(of: try await getCluster(id: id)) ?? id
    }

    /// A pool as it reads once it has its `initialNodeCount` Active nodes.
    static func settled(_ pool: JSONValue) -> JSONValue {
        var out = pool
        let n = pool["spec"]?["initialNodeCount"]?.intValue ?? 0
        out["status"] = [
            "currentNode": .int(n), "creatingNode": 0, "deletingNode": 0, "activeNode": .int(n), "phase": "",
        ]
        return out
    }

    // MARK: Writes (recorded)

    public func createCluster(body: JSONValue) async throws -> JSONValue {
        let name = ClusterBody.name(of: body) ?? ""
        if try await listClusters(query: []).contains(where: { ClusterBody.name(of: $0) == name }) {
            throw CCEClientError.service(
                status: 409, code: "CCE.01409001",
                message: "a cluster named \(name) already exists (plan: the create would fail)")
        }
        record(PlanEntry(action: .create, name: name))
        return try await overlay.createCluster(body: body)
    }

    /// The cluster `id`, held by the overlay from now on.
    private func adopted(_ id: String) async throws -> JSONValue {
        if deleted.contains(id) { throw DryRunClusterService.notFound("cluster \(id)") }
        if await overlay.holds(uid: id) { return try await overlay.getCluster(id: id) }
        let cluster = try await inner.getCluster(id: id)
        await overlay.adopt(cluster)
        return cluster
    }

    public func updateCluster(id: String, body: JSONValue) async throws -> JSONValue {
        let before = try await adopted(id)
        let after = try await overlay.updateCluster(id: id, body: body)
        let changes = ClusterDrift.differences(want: after, have: before)
        record(PlanEntry(action: .update, name: ClusterBody.name(of: before) ?? id, changes: changes))
        return after
    }

    public func clusterOperation(id: String, operation: String, body: JSONValue?) async throws -> JSONValue? {
        let before = try await adopted(id)
        let answer = try await overlay.clusterOperation(id: id, operation: operation, body: body)
        let name = ClusterBody.name(of: before) ?? id
        switch operation {
        case "hibernate": record(PlanEntry(action: .hibernate, name: name))
        case "awake": record(PlanEntry(action: .awake, name: name))
        default:
            let after = try await overlay.getCluster(id: id)
            record(PlanEntry(action: .resize, name: name, changes: ClusterDrift.differences(want: after, have: before)))
        }
        return answer
    }

    public func deleteCluster(id: String, query: [(name: String, value: String)]) async throws -> JSONValue {
        let before = try await adopted(id)
        let answer = try await overlay.deleteCluster(id: id, query: query)
        deleted.insert(id)
        record(PlanEntry(action: .delete, name: ClusterBody.name(of: before) ?? id))
        return answer
    }
}

extension PlanClusterService {
    /// `ensure(pool, cluster: c)` found the pool differing in its size (not asked to update).
    public func notePoolDrift(name: String, drift: [BodyDifference]) async {
        noteDifferences(name: name, changes: drift)
    }
}
