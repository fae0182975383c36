import Synchronization

/// The cluster operations every front end needs (the language, the REPL, embedders), on
/// raw JSON bodies so that nothing the service returns is lost or reordered.
///
/// `CCEClient` implements it over any `Transport` (a real endpoint, `cce serve`, or the
/// in-process emulator). Errors are `CCEClientError`.
public protocol ClusterService: Sendable {
    /// POST /clusters. Returns the 201 body (`status.jobID`, `metadata.uid`, defaults filled in).
    func createCluster(body: JSONValue) async throws -> JSONValue
    /// GET /jobs/{id}.
    func showJob(id: String) async throws -> JSONValue
    /// GET /clusters/{id}.
    func getCluster(id: String) async throws -> JSONValue
    /// GET /clusters with optional query filters (`status`, `type`, `version`, `detail`). Returns `items`.
    func listClusters(query: [(name: String, value: String)]) async throws -> [JSONValue]
    /// DELETE /clusters/{id} with `delete_*` options. Returns the 200 body (`status.jobID`, `deleteOption`, …).
    func deleteCluster(id: String, query: [(name: String, value: String)]) async throws -> JSONValue
    // The rest of a cluster's life (defaults that refuse: LifecycleService.swift).

    // MARK: Nodes (WIRE-LIFECYCLE §1–2)
    /// POST /clusters/{cid}/nodes (201; body echoes the request plus `status.jobID`).
    func createNode(clusterID: String, body: JSONValue, query: [(name: String, value: String)]) async throws
        -> JSONValue
    /// GET /clusters/{cid}/nodes. Returns `items`.
    func listNodes(clusterID: String) async throws -> [JSONValue]
    /// GET /clusters/{cid}/nodes/{nid}.
    func getNode(clusterID: String, nodeID: String) async throws -> JSONValue
    /// DELETE /clusters/{cid}/nodes/{nid} (200; the Node with `status.jobID`). `query` carries
    /// `nodepoolScaleDown`.
    func deleteNode(clusterID: String, nodeID: String, query: [(name: String, value: String)]) async throws -> JSONValue

    // MARK: Node pools (WIRE-LIFECYCLE §3)
    /// POST /clusters/{cid}/nodepools (201; the NodePool with `metadata.uid`).
    func createNodePool(clusterID: String, body: JSONValue) async throws -> JSONValue
    /// GET /clusters/{cid}/nodepools (`showDefaultNodePool`). Returns `items`.
    func listNodePools(clusterID: String, query: [(name: String, value: String)]) async throws -> [JSONValue]
    /// GET /clusters/{cid}/nodepools/{npid}.
    func getNodePool(clusterID: String, poolID: String) async throws -> JSONValue
    /// PUT /clusters/{cid}/nodepools/{npid} (200). The body must carry `spec.initialNodeCount`
    /// or `spec.ignoreInitialNodeCount: true` (§3.3); implementations refuse one with neither.
    func updateNodePool(clusterID: String, poolID: String, body: JSONValue) async throws -> JSONValue
    /// DELETE /clusters/{cid}/nodepools/{npid} (200; phase `Deleting`). Deletes the pool's nodes.
    func deleteNodePool(clusterID: String, poolID: String) async throws -> JSONValue

    // MARK: Kubeconfig (WIRE-LIFECYCLE §4)
    /// POST /clusters/{cid}/clustercert with `{"duration": N}` (200; a kubeconfig in JSON).
    func createClusterCert(clusterID: String, body: JSONValue) async throws -> JSONValue

    // MARK: Day-2 (WIRE.md §3.3, WIRE-LIFECYCLE §5–6)
    /// PUT /clusters/{cid} (200; the full cluster).
    func updateCluster(id: String, body: JSONValue) async throws -> JSONValue
    /// POST /clusters/{cid}/operation/{hibernate|awake|resize}. hibernate/awake: 200 with no
    /// body (returns nil); resize: 201 `{"jobID", "orderID"}`.
    func clusterOperation(id: String, operation: String, body: JSONValue?) async throws -> JSONValue?

    /// Shared by every `JobWaiter` on this service (see `JobTimingMemory`); a default returns nil.
    var jobTiming: JobTimingMemory? { get }
}

extension ClusterService {
    /// What this service's client has learned about its job durations; nil: nothing is
    /// remembered (every wait starts from its own options).
    public var jobTiming: JobTimingMemory? { nil }
}

/// Shared by the waits on one client: whether a quick check (see
/// `JobWaiter.Options.quickCheck`) lately found a job still running. The quick check bets
/// that the service ends jobs within moments, as an emulator with instant jobs does; once it
/// loses, the other jobs of the same batch would lose too, so each of them skipping it saves
/// one request per job and costs at most the rest of the initial interval if the bet would
/// have won after all.
public final class JobTimingMemory: Sendable {
    // The time (on the waiters' `ClientEnvironment` clock) of the last lost quick check.
    private let lastLoss = Mutex<Duration?>(nil)

    public init() {}

    func quickCheckLost(at now: Duration) {
        lastLoss.withLock { $0 = now }
    }

    /// Whether a quick check lost within `window` before `now`.
    func quickCheckLostRecently(now: Duration, window: Duration) -> Bool {
        lastLoss.withLock { last in last.map { now - $0 >= .zero && now - $0 <= window } ?? false }
    }
}
