// Waiting for nodes and node pools (WIRE-LIFECYCLE §7, §3.1–3.4).
//
// A node-creation job names its nodes only in its sub-jobs: a `CreateNode` sub-job holds a
// `CreateNodeVM` sub-job whose `spec.resourceID` is the node uid (TFHW getResourceIDFromJob;
// TFOTC and flexibleengine walk the same tree). Once the job succeeds the nodes still go
// `Build` → `Installing` → `Active`, so a caller that wants usable nodes polls them too. A
// deletion has no documented job tree: the node (or pool) GET answers 404 once it is gone.
// A node pool has no job to walk at all; its status counts say when it is ready.
extension JobWaiter {
    /// The sub-job types that carry a node uid in `spec.resourceID`, most specific first.
    static let nodeVMJobType = "CreateNodeVM"
    static let nodeJobType = "CreateNode"

    /// The uids of the nodes a finished node-creation job made, in job order: the
    /// `spec.resourceID` of every `CreateNodeVM` sub-job at any depth (one per node when
    /// `count` > 1). When the tree has no `CreateNodeVM` (a service that flattens it), the
    /// `resourceID`s of the `CreateNode` sub-jobs are used instead. Empty when neither has one.
    public static func nodeUIDs(inJob job: JSONValue) -> [String] {
        let vms = resourceIDs(in: job, type: nodeVMJobType)
        return vms.isEmpty ? resourceIDs(in: job, type: nodeJobType) : vms
    }

    /// `spec.resourceID` of each sub-job of `type` below `job` (not `job` itself), depth
    /// first, without duplicates. Iterative: a deep tree costs no stack.
    static func resourceIDs(in job: JSONValue, type: String) -> [String] {
        var out: [String] = []
        var seen: Set<String> = []
        var stack: [JSONValue] = (job["spec"]?["subJobs"]?.arrayValue ?? []).reversed()
        while let sub = stack.popLast() {
            if sub["spec"]?["type"]?.stringValue == type, let id = sub["spec"]?["resourceID"]?.stringValue, !id.isEmpty,
                seen.insert(id).inserted
            {
                out.append(id)
            }
            stack += (sub["spec"]?["subJobs"]?.arrayValue ?? []).reversed()
        }
        return out
    }

    /// The node uids of job `job`, reading each `CreateNode` sub-job with its own GET when
    /// the top job lists it without its `CreateNodeVM` children (the service may return
    /// sub-jobs one level deep, which is why the Terraform providers read them one by one).
    public func nodeUIDs(ofJob job: JSONValue) async throws -> [String] {
        let direct = Self.resourceIDs(in: job, type: Self.nodeVMJobType)
        if !direct.isEmpty { return direct }
        var out: [String] = []
        var seen: Set<String> = []
        for sub in job["spec"]?["subJobs"]?.arrayValue ?? [] where sub["spec"]?["type"]?.stringValue == Self.nodeJobType
        {
            guard let id = sub["metadata"]?["uid"]?.stringValue, !id.isEmpty else { continue }
            let full = try await service.showJob(id: id)
            out += Self.resourceIDs(in: full, type: Self.nodeVMJobType).filter { seen.insert($0).inserted }
        }
        return out.isEmpty ? Self.nodeUIDs(inJob: job) : out
    }

    /// Waits for a node-creation job, then for its nodes to be `Active`; returns the nodes
    /// as the service reports them, in job order. A node in `Error` or `Abnormal` (or any
    /// phase other than `Build`, `Installing` and `Active`) fails the wait with its phase.
    public func waitForNodes(
        clusterID: String, jobID: String, timeout: Duration, jobAge: Duration? = nil,
        progress: (@Sendable (JobProgress) -> Void)? = nil
    ) async throws -> [JSONValue] {
        let env = options.environment
        let deadline = env.now() + timeout
        let job = try await waitForJob(jobID: jobID, timeout: timeout, jobAge: jobAge, progress: progress)
        let uids = try await nodeUIDs(ofJob: job)
        guard !uids.isEmpty else {
            throw CCEClientError.invalidResponse(
                "job \(jobID) succeeded but names no node (no CreateNodeVM sub-job with a resourceID)")
        }
        return try await waitForActiveNodes(clusterID: clusterID, nodeIDs: uids, timeout: deadline - env.now())
    }

    /// Polls nodes until every one is `Active` (§7: pending `Build`, `Installing`).
    public func waitForActiveNodes(clusterID: String, nodeIDs: [String], timeout: Duration) async throws -> [JSONValue]
    {
        let env = options.environment
        let deadline = env.now() + timeout
        var done: [String: JSONValue] = [:]
        var pacer = Pacer(options: options)
        let what = nodeIDs.count == 1 ? "node \(nodeIDs[0])" : "\(nodeIDs.count) nodes"
        return try await poll(
            what: what, deadline: deadline, timeout: timeout, pause: { (pacer.next(), pacer.interval) }
        ) { () async throws -> [JSONValue]? in
            for id in nodeIDs where done[id] == nil {
                let node = try await service.getNode(clusterID: clusterID, nodeID: id)
                let phase = node["status"]?["phase"]?.stringValue ?? ""
                switch phase {
                case "Active":
                    done[id] = node
                case "", "Build", "Installing":
                    continue
                default:
                    throw CCEClientError.jobFailed(
                        reason: "node \(id) is \(phase), not Active" + Self.nodeReason(node), jobID: nil)
                }
            }
            guard done.count == nodeIDs.count else { return nil }
            return nodeIDs.compactMap { done[$0] }
        }
    }

    static func nodeReason(_ node: JSONValue) -> String {
        for key in ["reason", "message"] {
            if let r = node["status"]?[key]?.stringValue, !r.isEmpty { return ": \(r)" }
        }
        return ""
    }

    /// Polls until every node answers 404 (pending `Deleting`; §2.5: the DELETE response's
    /// phase says nothing).
    public func waitForNodesGone(clusterID: String, nodeIDs: [String], timeout: Duration) async throws {
        let env = options.environment
        var gone: Set<String> = []
        var pacer = Pacer(options: options)
        let what = nodeIDs.count == 1 ? "deleting node \(nodeIDs[0])" : "deleting \(nodeIDs.count) nodes"
        try await poll(
            what: what, deadline: env.now() + timeout, timeout: timeout, pause: { (pacer.next(), pacer.interval) }
        ) { () async throws -> Bool? in
            for id in nodeIDs where !gone.contains(id) {
                do {
                    _ = try await service.getNode(clusterID: clusterID, nodeID: id)
                } catch let e as CCEClientError where e.isNotFound {
                    gone.insert(id)
                }
            }
            return gone.count == nodeIDs.count ? true : nil
        }
    }

    /// Polls a node pool until it is ready: `status.phase` empty or absent (`Synchronizing`
    /// and `Synchronized` are pending, §9.2), no node being created or deleted, and as many
    /// active nodes as `count` (default: the pool's `spec.initialNodeCount`, its current
    /// target). `SoldOut`, `Error` and `Deleting` fail the wait. Returns the pool.
    public func waitForPool(
        clusterID: String, poolID: String, count: Int? = nil, timeout: Duration
    ) async throws
        -> JSONValue
    {
        let env = options.environment
        var pacer = Pacer(options: options)
        return try await poll(
            what: "node pool \(poolID)", deadline: env.now() + timeout, timeout: timeout,
            pause: { (pacer.next(), pacer.interval) }
        ) { () async throws -> JSONValue? in
            let pool = try await service.getNodePool(clusterID: clusterID, poolID: poolID)
            // Not `ready ? pool : nil`: JSONValue takes `nil` as JSON null, which would end the wait.
            guard try Self.poolIsReady(pool, poolID: poolID, count: count) else { return Optional<JSONValue>.none }
            return .some(pool)
        }
    }

    /// Whether `pool` has reached `count` (or its target) active nodes; throws for a phase
    /// that will not get there.
    static func poolIsReady(_ pool: JSONValue, poolID: String, count: Int?) throws -> Bool {
        let status = pool["status"]
        let phase = status?["phase"]?.stringValue ?? ""
        switch phase {
        case "", "Synchronizing", "Synchronized":
            break
        case "SoldOut":
            throw CCEClientError.jobFailed(
                reason: "node pool \(poolID) is SoldOut: the flavor is sold out in its AZ or a quota (ECS, EVS, CPU) "
                    + "is exhausted", jobID: nil)
        default:
            throw CCEClientError.jobFailed(reason: "node pool \(poolID) is \(phase)", jobID: nil)
        }
        guard phase.isEmpty else { return false }
        guard let target = count ?? pool["spec"]?["initialNodeCount"]?.intValue else { return true }
        let creating = status?["creatingNode"]?.intValue ?? 0
        let deleting = status?["deletingNode"]?.intValue ?? 0
        // `activeNode` is Huawei's; without it, `currentNode` (all but the deleting ones).
        let active = status?["activeNode"]?.intValue ?? status?["currentNode"]?.intValue ?? 0
        return creating == 0 && deleting == 0 && active == target
    }

    /// Polls until the pool answers 404 (§3.4: its DELETE deletes all its nodes first).
    public func waitForPoolGone(clusterID: String, poolID: String, timeout: Duration) async throws {
        let env = options.environment
        var pacer = Pacer(options: options)
        try await poll(
            what: "deleting node pool \(poolID)", deadline: env.now() + timeout, timeout: timeout,
            pause: { (pacer.next(), pacer.interval) }
        ) { () async throws -> Bool? in
            do {
                _ = try await service.getNodePool(clusterID: clusterID, poolID: poolID)
                return nil
            } catch let e as CCEClientError where e.isNotFound {
                return true
            }
        }
    }
}

extension Job {
    /// The uids of the nodes this (finished) node-creation job made; see `JobWaiter.nodeUIDs(inJob:)`.
    public var nodeUIDs: [String] { JobWaiter.nodeUIDs(inJob: json) }
}
