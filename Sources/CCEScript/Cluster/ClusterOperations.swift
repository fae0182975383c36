import CCECore
import Synchronization

/// A job the script holds: what `create` and `delete` return.
struct JobReference: Sendable, Equatable {
    enum Kind: String, Sendable {
        case create = "CreateCluster"
        case delete = "DeleteCluster"
        /// `hibernate(c)` / `awake(c)`: no job on the service; a wait watches the cluster's phase.
        case hibernate = "Hibernate"
        case awake = "Awake"
        /// `resize(c, flavor)`: the service's resize job (type inferred; see Day2Routes).
        case resize = "ResizeCluster"
        /// A handle made with `job(id)`: the type is learned from the service when waited for.
        case unknown = "Job"
    }

    var id: String
    var clusterName: String
    /// The cluster's uid when known (the 201 body has it; `job(id)` learns it by polling).
    var clusterUID: String?
    var kind: Kind
    /// When our `create` or `delete` was answered, so a wait can poll on the job's own
    /// schedule (see `JobWaiter.wait(jobID:timeout:jobAge:progress:)`); nil when unknown.
    var answeredAt: ContinuousClock.Instant? = nil

    /// The same job, whenever it was answered.
    static func == (a: JobReference, b: JobReference) -> Bool {
        a.id == b.id && a.clusterName == b.clusterName && a.clusterUID == b.clusterUID && a.kind == b.kind
    }
}

/// How often a wait polls, counted from the job's start when we created it (else from the
/// wait's start): one quick check at 100 ms (an emulator job may end within moments), then
/// at 1 s, then at intervals growing ×1.5 to a cap a real service does not mind (WIRE.md
/// §2.2: real clients poll every few seconds). A one-second job costs one or two job reads,
/// not the seven or eight of a schedule that starts small and grows. Polls are aligned
/// (`JobWaiter.Options.alignsPolls`): the jobs of a batch are read together, each at most a
/// tenth of its interval late.
struct WaitPolicy: Sendable {
    var quickCheck: Duration = .milliseconds(100)
    var firstInterval: Duration = .seconds(1)
    var maximumInterval: Duration = .seconds(10)
    var growth: Double = 1.5

    func interval(after previous: Duration) -> Duration {
        min(maximumInterval, previous * growth)
    }
}

/// The service side of the cluster built-ins, with no language values in sight: bodies
/// in, bodies and jobs out, every failure a `ScriptError` the evaluator places at the call.
///
/// `Sendable`, so `wait` on a list and `parallel` run several of these at once while the
/// interpreter itself stays on one task.
struct ClusterOperations: Sendable {
    let service: any ClusterService
    let progress: (@Sendable (WaitProgress) -> Void)?
    var policy = WaitPolicy()

    // MARK: Simple calls

    /// Sends a (validated) body; returns the job the 201 answer names.
    func create(_ body: JSONValue) async throws -> JobReference {
        let answer = try await call("create the cluster") { try await service.createCluster(body: body) }
        guard
            let jobID = answer["status"]?["jobID"]?.stringValue
                ?? answer["metadata"]?["annotations"]?["jobid"]?.stringValue,
            !jobID.isEmpty
        else {
            throw ScriptError(
                .service, "the service accepted the cluster but named no job (status.jobID is missing)",
                code: "response")
        }
        return JobReference(
            id: jobID, clusterName: ClusterBody.name(of: answer) ?? ClusterBody.name(of: body) ?? "",
            clusterUID: answer["metadata"]?["uid"]?.stringValue, kind: .create, answeredAt: ContinuousClock().now)
    }

    func list() async throws -> [JSONValue] {
        try await call("list the clusters") { try await service.listClusters(query: []) }
    }

    /// The cluster whose uid or name is `nameOrID` (uid first: names cannot look like uids
    /// of other clusters, but a name could equal some uid only by malice), or nil.
    func find(_ nameOrID: String) async throws -> JSONValue? {
        let all = try await list()
        if let hit = all.first(where: { $0["metadata"]?["uid"]?.stringValue == nameOrID })
            ?? all.first(where: { ClusterBody.name(of: $0) == nameOrID })
        {
            // The list may be abridged; the single GET is what the service calls the cluster.
            if let uid = hit["metadata"]?["uid"]?.stringValue {
                do {
                    return try await call("read cluster \(nameOrID)") { try await service.getCluster(id: uid) }
                } catch let e as ScriptError where e.status == 404 {
                    return nil
                }
            }
            return hit
        }
        return nil
    }

    func delete(uid: String, name: String, query: [(name: String, value: String)] = []) async throws -> JobReference {
        let answer = try await call("delete cluster \(name)") { try await service.deleteCluster(id: uid, query: query) }
        guard let jobID = answer["status"]?["jobID"]?.stringValue, !jobID.isEmpty else {
            throw ScriptError(
                .service, "the service accepted the deletion but named no job (status.jobID is missing)",
                code: "response")
        }
        return JobReference(
            id: jobID, clusterName: name, clusterUID: uid, kind: .delete, answeredAt: ContinuousClock().now)
    }

    func showJob(_ id: String) async throws -> JSONValue {
        try await call("read job \(id)") { try await service.showJob(id: id) }
    }

    // MARK: Waiting

    /// Waits for one job through CCECore's `JobWaiter` (backoff, transient errors retried,
    /// cancellation). A creation returns the cluster as the service now reports it, once it
    /// is `Available`; a deletion returns nil once the cluster is gone. `deadline` is the
    /// interpreter's own wall-time limit, which ends the wait with a limit error rather
    /// than a timeout.
    func wait(_ job: JobReference, timeout: Duration, deadline: ContinuousClock.Instant? = nil) async throws
        -> JSONValue?
    {
        if job.kind == .hibernate || job.kind == .awake {
            return try await waitForPhase(job, timeout: timeout, deadline: deadline)
        }
        let clock = ContinuousClock()
        let start = clock.now
        var budget = timeout
        var deadlineFirst = false
        if let deadline {
            let left = deadline - start
            guard left > .zero else {
                throw ScriptError(.limit, "time limit reached before waiting for job \(job.id)", code: "limit")
            }
            if left < timeout {
                budget = left
                deadlineFirst = true
            }
        }
        let name = job.clusterName
        let seen = Mutex<(phase: String, subJob: String?)>(("Initializing", nil))
        let progress = self.progress
        defer {
            let last = seen.withLock { $0 }
            progress?(
                WaitProgress(
                    jobID: job.id, clusterName: name, phase: last.phase, subJob: last.subJob,
                    elapsed: clock.now - start,
                    finished: true))
        }
        let describe = "job \(job.id) (cluster \(name))"
        let waiter = JobWaiter(
            service: service,
            options: JobWaiter.Options(
                initialInterval: policy.firstInterval, maxInterval: policy.maximumInterval, multiplier: policy.growth,
                quickCheck: policy.quickCheck, alignsPolls: true))

        func timedOut() -> ScriptError {
            if deadlineFirst {
                return ScriptError(.limit, "time limit reached while waiting for \(describe)", code: "limit")
            }
            let phase = seen.withLock { $0.phase }
            return ScriptError(
                .timeout,
                "timed out after \(ClusterOperations.text(timeout)) waiting for \(describe) (last phase: \(phase))",
                hint: "pass a longer timeout, e.g. wait(job, timeout: 1h)", code: "timeout")
        }

        var result: JSONValue?
        do {
            result = try await waiter.wait(jobID: job.id, timeout: budget, jobAge: job.answeredAt.map { start - $0 }) {
                report in
                let changed = seen.withLock { last -> Bool in
                    guard last.phase != report.phase || last.subJob != report.currentSubJob else { return false }
                    last = (report.phase, report.currentSubJob)
                    return true
                }
                if changed {
                    progress?(
                        WaitProgress(
                            jobID: job.id, clusterName: name, phase: report.phase, subJob: report.currentSubJob,
                            elapsed: report.elapsed))
                }
            }
        } catch let e as CCEClientError where e.isTimeout {
            throw timedOut()
        } catch let e as CCEClientError where e.isJobFailed {
            let reason = e.jobFailureReason ?? ""
            throw ScriptError(
                .service, "\(describe) failed: \(reason.isEmpty ? "the service gave no reason" : reason)",
                code: "job_failed")
        } catch {
            throw ClusterOperations.scriptError(error, doing: "wait for \(describe)")
        }

        // A creation: the job is over; the cluster may lag behind it by a poll or two on a
        // real service (the emulator flips both at once).
        guard var cluster = result else { return nil }
        var interval = policy.quickCheck
        while true {
            let phase = cluster["status"]?["phase"]?.stringValue ?? ""
            if phase == "Available" || job.kind == .delete { return cluster }
            if ["Error", "Unavailable", "Shelved", "Unknow"].contains(phase) {
                let why = cluster["status"]?["reason"]?.stringValue ?? cluster["status"]?["message"]?.stringValue ?? ""
                throw ScriptError(
                    .service, "cluster \(name) is \(phase) after its creation job\(why.isEmpty ? "" : ": \(why)")",
                    code: "cluster_failed")
            }
            let now = clock.now
            guard now - start < budget else { throw timedOut() }
            do {
                try await clock.sleep(until: min(now + interval, start + budget))
            } catch {
                throw ScriptError(.cancelled, "the script was cancelled", code: "cancelled")
            }
            interval = policy.interval(after: interval)
            guard let uid = cluster["metadata"]?["uid"]?.stringValue else { return cluster }
            do {
                cluster = try await call("read cluster \(name)") { try await service.getCluster(id: uid) }
            } catch let e as ScriptError where e.status == 404 {
                throw ScriptError(.service, "\(describe) succeeded but the cluster no longer exists", status: 404)
            }
        }
    }

    /// Waits for every job concurrently. Results come back in the order of `jobs`; when any
    /// failed, the error (thrown only after all have ended) lists each failure. A limit or
    /// a cancellation ends all of them at once.
    func waitAll(_ jobs: [JobReference], timeout: Duration, deadline: ContinuousClock.Instant? = nil) async throws
        -> [JSONValue?]
    {
        let results = try await withThrowingTaskGroup(of: (Int, Result<JSONValue?, ScriptError>).self) { group in
            for (i, job) in jobs.enumerated() {
                group.addTask {
                    do {
                        return (i, .success(try await self.wait(job, timeout: timeout, deadline: deadline)))
                    } catch let e as ScriptError where e.catchable {
                        return (i, .failure(e))
                    }
                }
            }
            var out = [Result<JSONValue?, ScriptError>?](repeating: nil, count: jobs.count)
            for try await (i, r) in group { out[i] = r }
            return out
        }
        var values: [JSONValue?] = []
        var failures: [(Int, ScriptError)] = []
        for (i, r) in results.enumerated() {
            switch r {
            case .success(let v): values.append(v)
            case .failure(let e):
                failures.append((i, e))
                values.append(nil)
            case nil: failures.append((i, ScriptError(.runtime, "job \(jobs[i].id) produced no result")))
            }
        }
        guard failures.isEmpty else { throw ClusterOperations.combine(failures, of: jobs.count) }
        return values
    }

    static func combine(_ failures: [(Int, ScriptError)], of total: Int) -> ScriptError {
        if total == 1, let only = failures.first { return only.1 }
        let lines = failures.map { "[\($0.0)] \($0.1.message)" }
        let allTimeouts = failures.allSatisfy { $0.1.kind == .timeout }
        var e = ScriptError(
            allTimeouts ? .timeout : .service,
            "\(failures.count) of \(total) jobs failed: " + lines.joined(separator: "; "),
            code: failures.count == 1 ? failures[0].1.code : "jobs_failed")
        e.status = failures.count == 1 ? failures[0].1.status : nil
        return e
    }

    /// Ensures a cluster named like `body` exists and is ready. `validate` runs only when a
    /// creation is needed (an existing cluster is not re-validated against the template).
    func ensure(
        _ body: JSONValue, timeout: Duration, deadline: ContinuousClock.Instant? = nil, update: Bool = false,
        validate: () throws -> Void
    ) async throws -> JSONValue {
        guard let name = ClusterBody.name(of: body), !name.isEmpty else {
            throw ScriptError(.runtime, "ensure() needs a cluster with metadata.name set", code: "argument")
        }
        if let existing = try await find(name) {
            let ready = try await settle(existing, name: name, timeout: timeout, deadline: deadline)
            return try await reconcile(body, with: ready, update: update)
        }
        try validate()
        let job = try await create(body)
        guard let ready = try await wait(job, timeout: timeout, deadline: deadline) else {
            throw ScriptError(.service, "the creation job of \(name) returned no cluster", code: "response")
        }
        return ready
    }

    /// An existing cluster of the name `ensure` was given, once it is ready: waited for when
    /// still creating; an error when it is being deleted or has failed.
    private func settle(
        _ existing: JSONValue, name: String, timeout: Duration, deadline: ContinuousClock.Instant?
    ) async throws -> JSONValue {
        let phase = existing["status"]?["phase"]?.stringValue ?? ""
        let uid = existing["metadata"]?["uid"]?.stringValue
        switch phase {
        case "Creating":
            let jobID = existing["status"]?["jobID"]?.stringValue ?? ""
            if !jobID.isEmpty {
                let job = JobReference(id: jobID, clusterName: name, clusterUID: uid, kind: .create)
                if let ready = try await wait(job, timeout: timeout, deadline: deadline) { return ready }
            }
            // No job to follow: watch the cluster itself until it leaves Creating.
            guard let uid else {
                throw ScriptError(
                    .service, "cluster \(name) is still Creating and has no uid to watch", code: "cluster_state")
            }
            let clock = ContinuousClock()
            let start = clock.now
            var interval = policy.quickCheck
            var cluster = existing
            while cluster["status"]?["phase"]?.stringValue == "Creating" {
                let now = clock.now
                if let deadline, now >= deadline {
                    throw ScriptError(.limit, "time limit reached while waiting for cluster \(name)", code: "limit")
                }
                guard now - start < timeout else {
                    throw ScriptError(
                        .timeout,
                        "timed out after \(ClusterOperations.text(timeout)) waiting for cluster \(name) to be created",
                        code: "timeout")
                }
                do { try await clock.sleep(until: min(now + interval, start + timeout)) } catch {
                    throw ScriptError(.cancelled, "the script was cancelled", code: "cancelled")
                }
                interval = policy.interval(after: interval)
                cluster = try await call("read cluster \(name)") { try await service.getCluster(id: uid) }
            }
            let phase = cluster["status"]?["phase"]?.stringValue ?? ""
            guard phase == "Available" else {
                throw ScriptError(.service, "cluster \(name) is \(phase) after its creation", code: "cluster_state")
            }
            return cluster
        case "Deleting":
            throw ScriptError(
                .service, "cluster \(name) is being deleted",
                hint: "wait for the deletion to finish, then run again", code: "cluster_state")
        case "Error", "Unavailable", "Shelved", "Unknow":
            throw ScriptError(
                .service, "cluster \(name) exists but is \(phase)",
                hint: "delete it (delete(\"\(name)\")) and run again", code: "cluster_state")
        default:
            return existing
        }
    }

    // MARK: Helpers

    /// The sub-job that is running (or else the next to run), by type: the same choice
    /// `JobWaiter` reports in its progress.
    static func runningSubJob(_ job: JSONValue) -> String? {
        let subs = (job["spec"]?["subJobs"]?.arrayValue ?? []).map {
            (
                type: $0["spec"]?["type"]?.stringValue ?? "?",
                phase: ($0["status"]?["phase"]?.stringValue ?? "").lowercased()
            )
        }
        return (subs.first { $0.phase == "running" } ?? subs.first { $0.phase != "success" && $0.phase != "failed" })?
            .type
    }

    /// Runs one service call, turning whatever it throws into a `ScriptError`.
    func call<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw ClusterOperations.scriptError(error, doing: what)
        }
    }

    static func scriptError(_ error: any Error, doing what: String) -> ScriptError {
        if let e = error as? ScriptError { return e }
        if error is CancellationError { return ScriptError(.cancelled, "the script was cancelled", code: "cancelled") }
        if let e = error as? CCEClientError {
            if e.isCancelled { return ScriptError(.cancelled, "the script was cancelled", code: "cancelled") }
            if e.isTimeout { return ScriptError(.timeout, "could not \(what): \(e.description)", code: "timeout") }
            if e.isService {
                var message = e.message
                if let detail = e.detail, detail != message { message += " (\(detail))" }
                return ScriptError(
                    .service, "could not \(what): \(message)",
                    hint: Self.joinedHint(e.hint, e.requestID.map { "request id \($0)" }),
                    code: e.code, status: e.status)
            }
            return ScriptError(.service, "could not \(what): \(e.description)", code: e.code, status: e.status)
        }
        return ScriptError(.service, "could not \(what): \(error)", code: "service")
    }

    static func joinedHint(_ parts: String?...) -> String? {
        let present = parts.compactMap { $0 }
        return present.isEmpty ? nil : present.joined(separator: "; ")
    }

    /// A duration as the language prints it (`2m`, `90s`, `1500ms`).
    static func text(_ d: Duration) -> String {
        let (s, atto) = d.components
        let ms = Int(s).multipliedReportingOverflow(by: 1000)
        guard !ms.overflow else { return "\(s)s" }
        let total = ms.partialValue.addingReportingOverflow(Int(atto / 1_000_000_000_000_000))
        guard !total.overflow else { return "\(s)s" }
        let value = total.partialValue
        for (unit, size) in [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000)]
        where value != 0 && value % size == 0 {
            return "\(value / size)\(unit)"
        }
        return "\(value)ms"
    }
}
