import CCECore
import Synchronization

/// A service that plans rather than acts (`cce plan`): `ensure` reports what it found to it,
/// and carries on instead of raising on drift, so that one run shows every change.
public protocol ClusterPlanning: ClusterService {
    /// `ensure` found the cluster `name` as wanted.
    func noteUnchanged(name: String) async
    /// `ensure` found the cluster `name` different from the script's body. `updating`: the
    /// script asked for the updatable differences to be applied (`update: true`).
    func noteDrift(name: String, plan: ClusterDrift.Plan, updating: Bool) async
}

/// A service that collects invalid bodies rather than refusing them (`cce check`), so
/// that one run reports every invalid cluster of a script, not only the first.
public protocol ValidationCollecting: ClusterService {
    /// Whether it collects now; when false, invalid bodies are refused as usual.
    var collectsInvalidBodies: Bool { get }
    func noteInvalid(_ body: JSONValue, diagnostics: [Diagnostic])
}

extension ClusterOperations {
    // MARK: Day 2

    /// PUT the update; returns the cluster as the service answers it.
    func update(uid: String, name: String, body: JSONValue) async throws -> JSONValue {
        try await call("update cluster \(name)") { try await service.updateCluster(id: uid, body: body) }
    }

    /// Starts hibernate, awake or resize and returns the handle a `wait` follows.
    func operation(_ kind: JobReference.Kind, uid: String, name: String, body: JSONValue?) async throws -> JobReference
    {
        let operation = kind == .hibernate ? "hibernate" : kind == .awake ? "awake" : "resize"
        let answer = try await call("\(operation) cluster \(name)") {
            try await service.clusterOperation(id: uid, operation: operation, body: body)
        }
        let now = ContinuousClock().now
        guard kind == .resize else {
            // No job: the handle names the cluster, and a wait watches its phase.
            return JobReference(
                id: "\(operation)-\(uid)", clusterName: name, clusterUID: uid, kind: kind, answeredAt: now)
        }
        guard let jobID = answer?["jobID"]?.stringValue, !jobID.isEmpty else {
            throw ScriptError(
                .service, "the service accepted the resize but named no job (jobID is missing)", code: "response")
        }
        return JobReference(id: jobID, clusterName: name, clusterUID: uid, kind: .resize, answeredAt: now)
    }

    /// The phase a hibernate or awake ends in, and the ones it passes through.
    static func phases(of kind: JobReference.Kind) -> (end: String, passing: Set<String>) {
        kind == .hibernate ? ("Hibernation", ["Available", "Hibernating"]) : ("Available", ["Hibernation", "Awaking"])
    }

    /// Waits for a hibernate or awake by reading the cluster (WIRE-LIFECYCLE §6: clients poll
    /// the cluster, there is no job), with progress on each phase change. Returns the
    /// cluster in its end phase.
    func waitForPhase(
        _ job: JobReference, timeout: Duration, deadline: ContinuousClock.Instant?
    ) async throws -> JSONValue {
        guard let uid = job.clusterUID else {
            throw ScriptError(.runtime, "this handle names no cluster to watch", code: "argument")
        }
        let (end, passing) = Self.phases(of: job.kind)
        let clock = ContinuousClock()
        let start = clock.now
        var budget = timeout
        var deadlineFirst = false
        if let deadline, deadline - start < timeout {
            budget = max(.zero, deadline - start)
            deadlineFirst = true
        }
        var interval = policy.quickCheck
        var last = ""
        defer {
            progress?(
                WaitProgress(
                    jobID: job.id, clusterName: job.clusterName, phase: last, elapsed: clock.now - start,
                    finished: true))
        }
        while true {
            let cluster = try await call("read cluster \(job.clusterName)") { try await service.getCluster(id: uid) }
            let phase = cluster["status"]?["phase"]?.stringValue ?? ""
            if phase != last {
                last = phase
                progress?(
                    WaitProgress(jobID: job.id, clusterName: job.clusterName, phase: phase, elapsed: clock.now - start))
            }
            if phase == end { return cluster }
            guard passing.contains(phase) else {
                throw ScriptError(
                    .service, "cluster \(job.clusterName) is \(phase) while waiting for it to reach \(end)",
                    code: "cluster_state")
            }
            let now = clock.now
            guard now - start < budget else {
                if deadlineFirst {
                    throw ScriptError(
                        .limit, "time limit reached while waiting for cluster \(job.clusterName)", code: "limit")
                }
                throw ScriptError(
                    .timeout,
                    "timed out after \(Self.text(timeout)) waiting for cluster \(job.clusterName) to reach \(end) "
                        + "(last phase: \(phase))", hint: "pass a longer timeout, e.g. wait(h, timeout: 1h)",
                    code: "timeout")
            }
            do {
                try await clock.sleep(until: min(now + interval, start + budget))
            } catch {
                throw ScriptError(.cancelled, "the script was cancelled", code: "cancelled")
            }
            interval = interval == policy.quickCheck ? policy.firstInterval : policy.interval(after: interval)
        }
    }

    /// `ensure`'s answer for a cluster that exists and is ready: the cluster when it is as
    /// `body` wants; with `update`, the cluster after an update of the updatable
    /// differences; otherwise an error listing each difference. Under a planning service,
    /// what was found is reported to it and the run goes on.
    func reconcile(_ body: JSONValue, with existing: JSONValue, update: Bool) async throws -> JSONValue {
        let name = ClusterBody.name(of: body) ?? ""
        let differences = ClusterDrift.differences(want: body, have: existing)
        let planner = service as? any ClusterPlanning
        if differences.isEmpty {
            await planner?.noteUnchanged(name: name)
            return existing
        }
        let plan = ClusterDrift.plan(differences, have: existing)
        await planner?.noteDrift(name: name, plan: plan, updating: update)
        var current = existing
        if update, let changes = plan.update, let uid = existing["metadata"]?["uid"]?.stringValue {
            current = try await self.update(uid: uid, name: name, body: changes)
        }
        if planner != nil { return current }
        if update && plan.needsNewCluster.isEmpty { return current }
        let listed = update ? plan.needsNewCluster : differences
        let diagnostics = listed.map { d in
            ScriptDiagnostic(
                severity: "error", path: d.path, code: "drift",
                message: "want \(d.want.serialized()), have \(d.have.map { $0.serialized() } ?? "nothing")",
                hint: ClusterUpdate.isUpdatable(path: d.path) && plan.updatable.contains(d)
                    ? "ensure(c, update: true) applies it" : "no update changes this; it needs a new cluster")
        }
        let summary = listed.map(\.summary).joined(separator: "; ")
        if update {
            let applied = plan.updatable.isEmpty ? "" : " (the updatable ones were applied)"
            throw ScriptError(
                .runtime,
                "ensure(): cluster \(Value.quote(name)) differs in fields that need a new cluster\(applied): "
                    + summary,
                hint: "delete and re-create it, or change the script to match; e.diagnostics lists each field",
                code: "drift", diagnostics: diagnostics)
        }
        throw ScriptError(
            .runtime, "ensure(): cluster \(Value.quote(name)) exists but differs: \(summary)",
            hint: plan.needsNewCluster.isEmpty
                ? "ensure(c, update: true) applies these changes"
                : "e.diagnostics lists each field and whether an update can change it",
            code: "drift", diagnostics: diagnostics)
    }
}
