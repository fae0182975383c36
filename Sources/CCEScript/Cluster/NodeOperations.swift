import CCECore
import Synchronization

/// What a node or pool handle waits for (WIRE-LIFECYCLE §3 and §7).
struct NodeWaitTarget: Sendable, Equatable {
    enum Kind: String, Sendable {
        /// `create(node, cluster: c)`: the service's job; its sub-jobs name the node uids.
        case createNodes = "CreateNode"
        /// `create(pool, cluster: c)` and `ensure(pool, …)`: no job to walk (§7), the pool is polled.
        case createPool = "CreateNodePool"
        /// `scale(pool, n)`: the PUT answers at once; the pool is polled.
        case scalePool = "ScaleNodePool"
        case deleteNode = "DeleteNode"
        case deletePool = "DeleteNodePool"
    }

    var kind: Kind
    /// The service's job id when there is one, else a handle id made here.
    var id: String
    var clusterID: String
    var clusterName: String
    /// The node or pool name, for messages and progress.
    var name: String
    /// The pool's or node's uid (empty for node creation, whose uids the job gives).
    var resourceID: String = ""
    /// The Active node count a pool wait ends at.
    var target: Int = 0
    var answeredAt: ContinuousClock.Instant? = nil

    /// How progress lines and messages name it: `cluster/pool`.
    var label: String { "\(clusterName)/\(name)" }
}

/// The handle `create(node|pool, cluster:)`, `scale` and `delete(node|pool)` return.
final class NodeJob: ScriptJob {
    let target: NodeWaitTarget
    init(_ target: NodeWaitTarget) { self.target = target }

    var jobID: String { target.id }
    var clusterName: String { target.clusterName }

    func member(_ name: String) -> Value? {
        switch name {
        case "id": return .string(target.id)
        case "cluster": return .string(target.clusterName)
        case "type": return .string(target.kind.rawValue)
        case "name": return .string(target.name)
        case "uid": return target.resourceID.isEmpty ? .null : .string(target.resourceID)
        default: return nil
        }
    }
}

/// What a node-side wait ends with.
enum NodeWaitResult: Sendable {
    case nodes([JSONValue])
    case pool(JSONValue)
    case gone
}

extension ClusterOperations {
    // MARK: The cluster a node call goes to

    /// The cluster named or identified by `key`, ready to take nodes: an unknown cluster is
    /// the service's 404, a hibernated or unfinished one an error that says what to do.
    func nodeCluster(_ key: String, function: String) async throws -> (uid: String, name: String) {
        var direct: JSONValue?
        // A uid (what a cluster value carries) is read directly: listing every cluster for each
        // of a fleet's pools made a batch quadratic. A name, or a uid that is not there, is looked up.
        if Self.looksLikeUID(key) {
            do {
                direct = try await call("read cluster \(key)") { try await service.getCluster(id: key) }
            } catch let e as ScriptError where e.status == 404 {
                direct = nil
            }
        }
        let (uid, name, cluster): (String, String, JSONValue)
        if let direct {
            (uid, name, cluster) = (key, ClusterBody.name(of: direct) ?? key, direct)
        } else {
            (uid, name, cluster) = try await Interpreter.existing(key, ops: self, function: function)
        }
        let phase = cluster["status"]?["phase"]?.stringValue ?? ""
        switch phase {
        case "Available", "":
            return (uid, name)
        case "Hibernation", "Hibernating":
            throw ScriptError(
                .service, "\(function)(): cluster \(Value.quote(name)) is \(phase)",
                hint: "wake it first: wait(awake(\"\(name)\"))", code: "cluster_state")
        case "Creating":
            throw ScriptError(
                .service, "\(function)(): cluster \(Value.quote(name)) is still Creating",
                hint: "wait for it first: ensure(c) or wait(create(c)) returns once it is Available",
                code: "cluster_state")
        default:
            throw ScriptError(
                .service, "\(function)(): cluster \(Value.quote(name)) is \(phase), not Available",
                hint: "clusters() shows each cluster's phase", code: "cluster_state")
        }
    }

    /// The shape of a CCE uid: 36 characters, hex digits and dashes at 8-4-4-4-12.
    static func looksLikeUID(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 36 else { return false }
        for (i, c) in u.enumerated() {
            if [8, 13, 18, 23].contains(i) {
                guard c == UInt8(ascii: "-") else { return false }
            } else {
                let hex = (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)
                guard hex else { return false }
            }
        }
        return true
    }

    // MARK: Calls

    func createNodes(_ body: JSONValue, clusterID: String, clusterName: String) async throws -> NodeWaitTarget {
        let name = ClusterBody.name(of: body) ?? ""
        let answer = try await call("create nodes in cluster \(clusterName)") {
            try await service.createNode(clusterID: clusterID, body: body, query: [])
        }
        guard let jobID = answer["status"]?["jobID"]?.stringValue, !jobID.isEmpty else {
            throw ScriptError(
                .service, "the service accepted the nodes but named no job (status.jobID is missing)",
                code: "response")
        }
        return NodeWaitTarget(
            kind: .createNodes, id: jobID, clusterID: clusterID, clusterName: clusterName,
            name: ClusterBody.name(of: answer) ?? name, target: body["spec"]?["count"]?.intValue ?? 1,
            answeredAt: ContinuousClock().now)
    }

    func createPool(_ body: JSONValue, clusterID: String, clusterName: String) async throws -> NodeWaitTarget {
        let answer = try await call("create a node pool in cluster \(clusterName)") {
            try await service.createNodePool(clusterID: clusterID, body: body)
        }
        guard let uid = answer["metadata"]?["uid"]?.stringValue, !uid.isEmpty else {
            throw ScriptError(
                .service, "the service accepted the node pool but gave it no uid (metadata.uid is missing)",
                code: "response")
        }
        return poolTarget(
            .createPool, pool: answer, clusterID: clusterID, clusterName: clusterName,
            target: body["spec"]?["initialNodeCount"]?.intValue ?? 0)
    }

    func poolTarget(
        _ kind: NodeWaitTarget.Kind, pool: JSONValue, clusterID: String, clusterName: String, target: Int
    ) -> NodeWaitTarget {
        let uid = pool["metadata"]?["uid"]?.stringValue ?? ""
        let jobID = pool["status"]?["jobId"]?.stringValue ?? ""
        return NodeWaitTarget(
            kind: kind, id: jobID.isEmpty || kind != .deletePool ? "\(kind.rawValue)-\(uid)" : jobID,
            clusterID: clusterID, clusterName: clusterName, name: ClusterBody.name(of: pool) ?? uid,
            resourceID: uid, target: target, answeredAt: ContinuousClock().now)
    }

    func listNodes(clusterID: String, clusterName: String) async throws -> [JSONValue] {
        try await call("list the nodes of cluster \(clusterName)") { try await service.listNodes(clusterID: clusterID) }
    }

    func listPools(clusterID: String, clusterName: String) async throws -> [JSONValue] {
        try await call("list the node pools of cluster \(clusterName)") {
            try await service.listNodePools(clusterID: clusterID, query: [])
        }
    }

    /// PUT `initialNodeCount` (§3.3: always with the count, so the service never reads a
    /// missing count as 0). The OTC document also requires the template, so the pool's own
    /// is sent back unchanged.
    func scalePool(
        _ pool: JSONValue, to count: Int, clusterID: String, clusterName: String, autoscaling: JSONValue? = nil
    ) async throws -> (NodeWaitTarget, JSONValue) {
        let uid = pool["metadata"]?["uid"]?.stringValue ?? ""
        let name = ClusterBody.name(of: pool) ?? uid
        var spec: JSONValue = ["initialNodeCount": .int(count)]
        if let template = pool["spec"]?["nodeTemplate"], case .object = template { spec["nodeTemplate"] = template }
        if let autoscaling { spec["autoscaling"] = autoscaling }
        let body: JSONValue = ["metadata": ["name": .string(name)], "spec": spec]
        let errors = NodeValidator.validateNodePoolUpdate(body).filter { $0.severity == .error }
        if !errors.isEmpty {
            throw ScriptError(
                .validation, "the update of node pool \(Value.quote(name)) is not valid; nothing was sent",
                hint: errors.first?.hint, code: "validation", diagnostics: errors.map(Interpreter.scriptDiagnostic))
        }
        let answer = try await call("scale node pool \(name) of cluster \(clusterName)") {
            try await service.updateNodePool(clusterID: clusterID, poolID: uid, body: body)
        }
        return (
            poolTarget(.scalePool, pool: answer, clusterID: clusterID, clusterName: clusterName, target: count), answer
        )
    }

    func deleteNode(uid: String, name: String, clusterID: String, clusterName: String) async throws -> NodeWaitTarget {
        let answer = try await call("delete node \(name) of cluster \(clusterName)") {
            try await service.deleteNode(clusterID: clusterID, nodeID: uid, query: [])
        }
        let jobID = answer["status"]?["jobID"]?.stringValue ?? ""
        return NodeWaitTarget(
            kind: .deleteNode, id: jobID.isEmpty ? "DeleteNode-\(uid)" : jobID, clusterID: clusterID,
            clusterName: clusterName, name: name, resourceID: uid, answeredAt: ContinuousClock().now)
    }

    func deletePool(uid: String, name: String, clusterID: String, clusterName: String) async throws -> NodeWaitTarget {
        let answer = try await call("delete node pool \(name) of cluster \(clusterName)") {
            try await service.deleteNodePool(clusterID: clusterID, poolID: uid)
        }
        var target = poolTarget(.deletePool, pool: answer, clusterID: clusterID, clusterName: clusterName, target: 0)
        target.resourceID = uid
        target.name = name
        return target
    }

    func kubeconfig(clusterID: String, clusterName: String, duration: Int) async throws -> JSONValue {
        try await call("obtain the kubeconfig of cluster \(clusterName)") {
            try await service.createClusterCert(clusterID: clusterID, body: ["duration": .int(duration)])
        }
    }

    // MARK: Waiting

    /// Polls on the same schedule as cluster waits until the target is reached, reporting
    /// progress on every change of what it sees.
    func waitNodes(
        _ target: NodeWaitTarget, timeout: Duration, deadline: ContinuousClock.Instant? = nil
    ) async throws -> NodeWaitResult {
        let clock = ContinuousClock()
        let start = clock.now
        var budget = timeout
        var deadlineFirst = false
        if let deadline {
            let left = deadline - start
            guard left > .zero else {
                throw ScriptError(.limit, "time limit reached before waiting for \(target.label)", code: "limit")
            }
            if left < timeout {
                budget = left
                deadlineFirst = true
            }
        }
        var last = (phase: "", detail: String?.none)
        let progress = self.progress
        defer {
            progress?(
                WaitProgress(
                    jobID: target.id, clusterName: target.label, phase: last.phase, subJob: last.detail,
                    elapsed: clock.now - start, finished: true))
        }
        func report(_ phase: String, _ detail: String?) {
            guard phase != last.phase || detail != last.detail else { return }
            last = (phase, detail)
            progress?(
                WaitProgress(
                    jobID: target.id, clusterName: target.label, phase: phase, subJob: detail,
                    elapsed: clock.now - start))
        }
        var nodeIDs: [String] = []
        // The reads, counted from the request's answer: the quick check, one at half a second
        // (nodes and pools take about half a cluster's time on the emulator; a real service
        // pays one request per wait for it), one at a second, then growing as cluster waits do.
        let origin = target.answeredAt ?? start
        var early: [Duration] = [policy.quickCheck, .milliseconds(500), policy.firstInterval]
        var interval = policy.firstInterval
        while let first = early.first, clock.now - origin >= first { early.removeFirst() }
        if let first = early.first, first == policy.quickCheck { try await pause(until: origin + first, clock: clock) }
        while true {
            if let done = try await poll(target, nodeIDs: &nodeIDs, report: report) { return done }
            let now = clock.now
            guard now - start < budget else {
                if deadlineFirst {
                    throw ScriptError(.limit, "time limit reached while waiting for \(target.label)", code: "limit")
                }
                throw ScriptError(
                    .timeout,
                    "timed out after \(ClusterOperations.text(timeout)) waiting for \(target.label) "
                        + "(\(target.kind.rawValue), last seen: \(last.phase)\(last.detail.map { " \($0)" } ?? ""))",
                    hint: "pass a longer timeout, e.g. wait(job, timeout: 1h)", code: "timeout")
            }
            while let first = early.first, now - origin >= first { early.removeFirst() }
            if let first = early.first {
                try await pause(until: min(origin + first, start + budget), clock: clock)
            } else {
                try await pause(until: min(now + interval, start + budget), clock: clock)
                interval = policy.interval(after: interval)
            }
        }
    }

    private func pause(until instant: ContinuousClock.Instant, clock: ContinuousClock) async throws {
        do { try await clock.sleep(until: instant) } catch {
            throw ScriptError(.cancelled, "the script was cancelled", code: "cancelled")
        }
    }

    /// One look at the service; the result once the wait is over, else nil.
    private func poll(
        _ t: NodeWaitTarget, nodeIDs: inout [String], report: (String, String?) -> Void
    ) async throws -> NodeWaitResult? {
        switch t.kind {
        case .createNodes:
            if nodeIDs.isEmpty {
                let job = try await call("read job \(t.id)") { try await service.showJob(id: t.id) }
                let phase = job["status"]?["phase"]?.stringValue ?? ""
                if phase.lowercased() == "failed" {
                    let reason = job["status"]?["reason"]?.stringValue ?? ""
                    throw ScriptError(
                        .service,
                        "creating nodes \(t.label) failed: \(reason.isEmpty ? "the service gave no reason" : reason)",
                        code: "job_failed")
                }
                nodeIDs = try await nodeUIDs(in: job)
                report(phase, ClusterOperations.runningSubJob(job))
                // The uids may be named before the job ends; the nodes' phases say the rest.
                if nodeIDs.isEmpty {
                    if phase.lowercased() == "success" {
                        throw ScriptError(
                            .service, "the node job \(t.id) succeeded but names no node (no CreateNodeVM sub-job)",
                            code: "response")
                    }
                    return nil
                }
            }
            var nodes: [JSONValue] = []
            var phases: [String: Int] = [:]
            for uid in nodeIDs {
                let node = try await call("read node \(uid) of cluster \(t.clusterName)") {
                    try await service.getNode(clusterID: t.clusterID, nodeID: uid)
                }
                let phase = node["status"]?["phase"]?.stringValue ?? ""
                if ["Error", "Abnormal", "Deleting", "RepairFailed"].contains(phase) {
                    throw ScriptError(
                        .service, "node \(ClusterBody.name(of: node) ?? uid) of cluster \(t.clusterName) is \(phase)",
                        hint: "nodes(c) shows each node's phase; delete it and create again", code: "node_failed")
                }
                phases[phase, default: 0] += 1
                nodes.append(node)
            }
            let active = phases["Active"] ?? 0
            report(
                active == nodes.count ? "Active" : (phases.keys.filter { $0 != "Active" }.sorted().first ?? ""),
                "\(active)/\(nodes.count) Active")
            return active == nodes.count ? .nodes(nodes) : nil
        case .createPool, .scalePool:
            let pool = try await call("read node pool \(t.name) of cluster \(t.clusterName)") {
                try await service.getNodePool(clusterID: t.clusterID, poolID: t.resourceID)
            }
            let status = pool["status"]
            let phase = status?["phase"]?.stringValue ?? ""
            if phase == "Error" || phase == "SoldOut" || phase == "Deleting" {
                throw ScriptError(
                    .service, "node pool \(t.label) is \(phase)",
                    hint: phase == "SoldOut"
                        ? "the flavor is sold out in that AZ or a quota is exhausted; try another flavor"
                        : "nodePools(c) shows each pool's status", code: "pool_failed")
            }
            let current = status?["currentNode"]?.intValue ?? 0
            let creating = status?["creatingNode"]?.intValue ?? 0
            let deleting = status?["deletingNode"]?.intValue ?? 0
            // `activeNode` is Huawei's; without it, a pool with nothing in flight counts as active.
            let active = status?["activeNode"]?.intValue ?? (creating == 0 ? current : max(0, current &- creating))
            report(phase.isEmpty ? "Synchronizing" : phase, "\(active)/\(t.target) Active")
            let settled = active == t.target && current == t.target && creating == 0 && deleting == 0
            if settled { report("Active", "\(active)/\(t.target) Active") }
            return settled ? .pool(pool) : nil
        case .deleteNode, .deletePool:
            do {
                let body: JSONValue = try await call("read \(t.label)") {
                    t.kind == .deleteNode
                        ? try await service.getNode(clusterID: t.clusterID, nodeID: t.resourceID)
                        : try await service.getNodePool(clusterID: t.clusterID, poolID: t.resourceID)
                }
                report(body["status"]?["phase"]?.stringValue ?? "Deleting", nil)
                return nil
            } catch let e as ScriptError where e.status == 404 {
                report("Deleted", nil)
                return .gone
            }
        }
    }

    /// The node uids of a node-creation job (§7), through CCECore's walk of the job tree
    /// (`CreateNode` → `CreateNodeVM` → `resourceID`, reading sub-jobs the tree leaves out).
    func nodeUIDs(in job: JSONValue) async throws -> [String] {
        try await call("read the sub-jobs of job \(job["metadata"]?["uid"]?.stringValue ?? "")") {
            try await JobWaiter(service: service).nodeUIDs(ofJob: job)
        }
    }
}
