/// What a waiter reports after each poll.
public struct JobProgress: Sendable, Equatable, CustomStringConvertible {
    public struct SubJob: Sendable, Equatable {
        /// `InstallMaster`, `CreatePSMCert`, …
        public var type: String
        public var phase: String
    }

    public var jobID: String
    /// `Initializing`, `Running`, `Success` or `Failed`, as the service spells it.
    public var phase: String
    /// The job's own type: `CreateCluster`, `DeleteCluster`, …
    public var jobType: String?
    /// The sub-job in progress (the first `Running` one, else the first unfinished one).
    public var currentSubJob: String?
    public var subJobs: [SubJob]
    /// Time since `wait` started.
    public var elapsed: Duration

    public var completedSubJobs: Int { subJobs.filter { $0.phase.lowercased() == "success" }.count }

    public var description: String {
        var out = "job \(jobID) \(phase)"
        if !subJobs.isEmpty { out += " (\(completedSubJobs)/\(subJobs.count) steps" }
        if let currentSubJob { out += subJobs.isEmpty ? " (\(currentSubJob)" : ", \(currentSubJob)" }
        if !subJobs.isEmpty || currentSubJob != nil { out += ")" }
        return out
    }
}

/// Follows a CCE job to its end (WIRE.md §2): polls `GET /jobs/{id}` with growing intervals,
/// reports progress, fails fast on `Failed` with the job's reason, and afterwards returns
/// the cluster as the service reports it — or nil once a deleted cluster is gone.
///
/// Purely async: a waiter holds no thread while it sleeps, so hundreds can run at once.
/// Cancelling the task ends the wait at once (`Task.sleep` throws on cancellation).
/// Transient errors (5xx, 429, connection failures) while polling are retried until the
/// timeout; any other error ends the wait. Errors are `CCEClientError`.
public struct JobWaiter: Sendable {
    public struct Options: Sendable {
        /// One short pause before the regular schedule, for jobs that end within moments
        /// (an emulator's). The poll after it still happens `initialInterval` after the
        /// first, so a job of a second or more costs just one extra request, not a series
        /// of small steps. nil: no quick check.
        public var quickCheck: Duration?
        /// The pause between the first poll and the next (quick check included).
        public var initialInterval: Duration
        /// The pause never grows beyond this.
        public var maxInterval: Duration
        /// Each pause is the previous one times this.
        public var multiplier: Double
        /// Clock and sleep; tests inject a virtual clock.
        public var environment: ClientEnvironment
        /// Timer slack: each pause may end up to a tenth later, at the next multiple of a
        /// power of ten on the clock (`JobWaiter.alignedPause`), so the polls of the jobs a
        /// batch created one after another fall due together and go out in one wake-up of
        /// the client instead of one each. Off: every pause exactly as scheduled.
        public var alignsPolls: Bool
        /// After this long with no answer at all (every poll a refused or dropped
        /// connection), the service is taken for dead and the wait fails with a clear error
        /// instead of polling in silence until its timeout.
        public var deadServiceAfter: Duration = .seconds(60)

        public init(
            initialInterval: Duration = .seconds(1), maxInterval: Duration = .seconds(15), multiplier: Double = 1.5,
            quickCheck: Duration? = nil, alignsPolls: Bool = false, environment: ClientEnvironment = .live
        ) {
            self.alignsPolls = alignsPolls
            self.initialInterval = initialInterval
            self.quickCheck = quickCheck.flatMap { $0 > .zero && $0 < initialInterval ? $0 : nil }
            self.maxInterval = max(maxInterval, initialInterval)
            self.multiplier = multiplier.isFinite ? max(1, multiplier) : 1
            self.environment = environment
        }
    }

    public let service: any ClusterService
    public let options: Options

    public init(service: any ClusterService, options: Options = Options()) {
        self.service = service
        self.options = options
    }

    /// Waits for job `jobID`. Returns the cluster named by the job's `spec.clusterUID` after
    /// `Success`, or nil when the job deleted the cluster (the cluster answers 404).
    ///
    /// `jobAge` is how long ago the job was started, when the caller knows (it created the
    /// job): the polls then follow the schedule from the job's start rather than from now,
    /// so a job created a moment ago is not read at once (it cannot be done yet), and the
    /// jobs of a batch that were created one after another are each read about when they
    /// can be done. A job older than the initial interval is read at once.
    public func wait(
        jobID: String, timeout: Duration, jobAge: Duration? = nil, progress: (@Sendable (JobProgress) -> Void)? = nil
    ) async throws -> JSONValue? {
        do {
            return try await run(jobID: jobID, timeout: timeout, jobAge: jobAge, progress: progress)
        } catch is CancellationError {
            throw CCEClientError.cancelled("waiting for job \(jobID) was cancelled")
        }
    }

    /// Waits for job `jobID` to succeed and returns the final job (its `spec.subJobs` name
    /// what it made: `nodeUIDs(inJob:)`). Throws `jobFailed` on `Failed`.
    public func waitForJob(
        jobID: String, timeout: Duration, jobAge: Duration? = nil, progress: (@Sendable (JobProgress) -> Void)? = nil
    ) async throws -> JSONValue {
        do {
            let env = options.environment
            return try await runJob(
                jobID: jobID, start: env.now(), deadline: env.now() + timeout, timeout: timeout, jobAge: jobAge,
                progress: progress)
        } catch is CancellationError {
            throw CCEClientError.cancelled("waiting for job \(jobID) was cancelled")
        }
    }

    private func run(
        jobID: String, timeout: Duration, jobAge: Duration?, progress: (@Sendable (JobProgress) -> Void)?
    ) async throws -> JSONValue? {
        let env = self.options.environment
        let start = env.now()
        let deadline = start + timeout
        let job = try await runJob(
            jobID: jobID, start: start, deadline: deadline, timeout: timeout, jobAge: jobAge, progress: progress)
        let spec = job["spec"]
        let clusterID = spec?["clusterUID"]?.stringValue ?? ""
        // A node job (`DeleteNode`, …) deletes nodes, not the cluster.
        let type = (spec?["type"]?.stringValue ?? "").lowercased()
        let isDeletion = type.contains("delete") && !type.contains("node")
        guard !clusterID.isEmpty else {
            if isDeletion { return nil }
            throw CCEClientError.invalidResponse(
                "job \(jobID) succeeded but names no cluster (spec.clusterUID is empty)")
        }
        var clusterOptions = options
        if let memory = service.jobTiming, memory.quickCheckLostRecently(now: start, window: options.initialInterval) {
            clusterOptions.quickCheck = nil
        }
        var pacer = Pacer(options: clusterOptions)
        return try await poll(
            what: "cluster \(clusterID)", deadline: deadline, timeout: timeout,
            pause: { (pacer.next(), pacer.interval) }
        ) {
            () async throws -> JSONValue?? in
            do {
                let cluster = try await service.getCluster(id: clusterID)
                if isDeletion {
                    // The job can finish a moment before the cluster disappears.
                    return nil
                }
                return .some(cluster)
            } catch let e as CCEClientError where e.isNotFound && isDeletion {
                return .some(nil)
            }
        }
    }

    private func runJob(
        jobID: String, start: Duration, deadline: Duration, timeout: Duration, jobAge: Duration?,
        progress: (@Sendable (JobProgress) -> Void)?
    ) async throws -> JSONValue {
        let env = self.options.environment
        var options = self.options
        let memory = service.jobTiming
        if options.quickCheck != nil, let memory,
            memory.quickCheckLostRecently(now: start, window: options.initialInterval)
        {
            options.quickCheck = nil
        }
        var pacer = Pacer(options: options)
        // The job's start on our clock; without a known age, the wait's start.
        let jobStart = start - max(.zero, jobAge ?? .zero)
        var firstRead = true
        if let jobAge, jobAge >= .zero, jobAge < options.initialInterval {
            let pause = aligned(pacer.pause(atAge: jobAge), interval: pacer.interval, at: env.now(), limit: timeout)
            if pause > .zero { try await env.sleep(pause) }
        }

        let job: JSONValue = try await poll(
            what: "job \(jobID)", deadline: deadline, timeout: timeout,
            pause: { (pacer.pause(atAge: env.now() - jobStart), pacer.interval) }
        ) {
            // The quick check is the first read, made at a known age below the initial
            // interval (a job already older than that is read on its schedule, not skipped).
            let isQuickCheck =
                firstRead && options.quickCheck != nil && jobAge != nil
                && env.now() - jobStart < options.initialInterval
            firstRead = false
            // The waits of a batch sleep towards their quick checks together: one that lost
            // while this one slept speaks for it too.
            if isQuickCheck, let memory, memory.quickCheckLostRecently(now: env.now(), window: options.initialInterval)
            {
                return nil
            }
            let job = try await service.showJob(id: jobID)
            let phase = job["status"]?["phase"]?.stringValue ?? ""
            progress?(Self.progress(of: job, jobID: jobID, elapsed: env.now() - start))
            switch phase.lowercased() {
            case "success":
                return job
            case "failed":
                throw CCEClientError.jobFailed(reason: Self.failureReason(of: job), jobID: jobID)
            default:
                if isQuickCheck { memory?.quickCheckLost(at: env.now()) }
                return nil
            }
        }

        return job
    }

    /// Calls `step` until it returns a value, sleeping between calls, retrying transient
    /// errors, and giving up at `deadline`. Cancellation ends it with `CCEClientError.cancelled`,
    /// so every wait built on it keeps the "errors are CCEClientError" contract.
    func poll<T>(
        what: String, deadline: Duration, timeout: Duration, pause: () -> (pause: Duration, interval: Duration),
        _ step: () async throws -> T?
    ) async throws -> T {
        do {
            return try await pollUntilDone(what: what, deadline: deadline, timeout: timeout, pause: pause, step)
        } catch is CancellationError {
            throw CCEClientError.cancelled("waiting for \(what) was cancelled")
        }
    }

    private func pollUntilDone<T>(
        what: String, deadline: Duration, timeout: Duration, pause: () -> (pause: Duration, interval: Duration),
        _ step: () async throws -> T?
    ) async throws -> T {
        let env = options.environment
        var lastTransient: (any Error)? = nil
        // When the current run of unanswered polls (no HTTP response at all) began.
        var silentSince: Duration? = nil
        while true {
            try Task.checkCancellation()
            do {
                if let result = try await step() { return result }
                lastTransient = nil
                silentSince = nil
            } catch let error where Self.isTransient(error) {
                lastTransient = error
                if let e = error as? CCEClientError, e.isTransport {
                    let since = silentSince ?? env.now()
                    silentSince = since
                    if env.now() - since >= options.deadServiceAfter {
                        throw CCEClientError(
                            kind: .transport,
                            message:
                                "the service has not answered for \(Self.format(env.now() - since)) while waiting for "
                                + "\(what) (last error: \(e.message)); is it running and reachable?",
                            transportFailure: e.transportFailure)
                    }
                } else {
                    silentSince = nil
                }
            } catch let e as CCEClientError where e.isCancelled {
                throw CancellationError()
            }
            let remaining = deadline - env.now()
            guard remaining > .zero else {
                var message = "\(what) did not finish within \(Self.format(timeout))"
                if let lastTransient { message += "; last error: \(lastTransient)" }
                throw CCEClientError.timeout(message)
            }
            let next = pause()
            try await env.sleep(aligned(next.pause, interval: next.interval, at: env.now(), limit: remaining))
        }
    }

    /// `pause`, aligned when `alignsPolls` is set, never beyond `limit`.
    private func aligned(_ pause: Duration, interval: Duration, at now: Duration, limit: Duration) -> Duration {
        min(options.alignsPolls ? Self.alignedPause(pause, interval: interval, at: now) : pause, limit)
    }

    /// The pause from `now` to the first multiple of `grain` at or after `now + pause`, where
    /// `grain` is the largest power of ten (from 1 ms) not above a tenth of `interval`, the
    /// schedule step the pause belongs to: a poll of the 1 s step is up to 100 ms late, of
    /// the 15 s step up to 1 s; steps below 10 ms stay exact. Waiters on one clock whose
    /// pauses end within the same grain wake together, whatever part of the step is left.
    static func alignedPause(_ pause: Duration, interval: Duration, at now: Duration) -> Duration {
        let tenth = interval / 10
        guard tenth >= .milliseconds(1), pause > .zero, now >= .zero else { return pause }
        var grain = Duration.milliseconds(1)
        while grain * 10 <= tenth { grain *= 10 }
        let (grainNanos, due) = (nanoseconds(grain), nanoseconds(now + pause))
        guard grainNanos > 0, due < Int64.max - grainNanos else { return pause }
        let slot = (due + grainNanos - 1) / grainNanos * grainNanos
        return .nanoseconds(slot) - now
    }

    private static func nanoseconds(_ d: Duration) -> Int64 {
        let (seconds, attoseconds) = d.components
        guard seconds < Int64.max / 1_000_000_000 else { return Int64.max }
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    static func isTransient(_ error: any Error) -> Bool {
        if let e = error as? CCEClientError {
            return e.isServerError || e.isThrottled || e.isTransport || (e.isTimeout && e.transportFailure == .timedOut)
        }
        if let f = error as? TransportFailure {
            switch f {
            case .connectionLost, .connectionRefused, .timedOut: return true
            case .invalidRequest: return false
            }
        }
        return false
    }

    static func progress(of job: JSONValue, jobID: String, elapsed: Duration) -> JobProgress {
        let subJobs = (job["spec"]?["subJobs"]?.arrayValue ?? []).map { sub in
            JobProgress.SubJob(
                type: sub["spec"]?["type"]?.stringValue ?? "?", phase: sub["status"]?["phase"]?.stringValue ?? "")
        }
        let current =
            subJobs.first { $0.phase.lowercased() == "running" }
            ?? subJobs.first { !["success", "failed"].contains($0.phase.lowercased()) }
        return JobProgress(
            jobID: jobID, phase: job["status"]?["phase"]?.stringValue ?? "", jobType: job["spec"]?["type"]?.stringValue,
            currentSubJob: current?.type, subJobs: subJobs, elapsed: elapsed)
    }

    /// The job's reason, else its message, else that of the first failed sub-job.
    static func failureReason(of job: JSONValue) -> String {
        for key in ["reason", "message"] {
            if let r = job["status"]?[key]?.stringValue, !r.isEmpty { return r }
        }
        for sub in job["spec"]?["subJobs"]?.arrayValue ?? []
        where sub["status"]?["phase"]?.stringValue?.lowercased() == "failed" {
            let type = sub["spec"]?["type"]?.stringValue ?? "a step"
            let reason = sub["status"]?["reason"]?.stringValue ?? sub["status"]?["message"]?.stringValue ?? ""
            return reason.isEmpty ? "\(type) failed" : "\(type) failed: \(reason)"
        }
        return ""
    }

    static func format(_ d: Duration) -> String {
        let s = d.seconds
        if s >= 60 && s.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(s / 60)) min" }
        if s == s.rounded() { return "\(Int(s)) s" }
        return "\(s) s"
    }

    /// The growing pause between polls: the quick check (when set) and the rest of the
    /// initial interval, then the initial interval times the multiplier, and so on.
    struct Pacer {
        let options: Options
        var current: Duration
        /// The rest of the initial interval, owed after the quick check.
        var remainder: Duration?
        var quickPending: Bool
        /// For `pause(atAge:)`: the schedule point reached so far, as a job age.
        var point: Duration = .zero
        /// The schedule step the last pause belongs to: the quick check, the initial
        /// interval (also for the rest of it after the quick check), or a grown interval.
        var interval: Duration

        init(options: Options) {
            self.options = options
            self.current = options.initialInterval
            self.remainder = nil
            self.quickPending = options.quickCheck != nil
            self.interval = options.quickCheck ?? options.initialInterval
        }

        mutating func next() -> Duration {
            if quickPending, let quick = options.quickCheck {
                quickPending = false
                remainder = options.initialInterval - quick
                interval = quick
                return quick
            }
            if let rest = remainder {
                remainder = nil
                interval = current
                current = min(options.maxInterval, .seconds(current.seconds * options.multiplier))
                return rest
            }
            let now = current
            interval = now
            current = min(options.maxInterval, .seconds(current.seconds * options.multiplier))
            return now
        }

        /// The pause from `age` (time since the job started) to the next poll: the first
        /// point of the schedule (the sums of `next()`'s pauses) that lies after `age`.
        mutating func pause(atAge age: Duration) -> Duration {
            while point <= age {
                let step = next()
                // A zero interval would never reach `age`: poll now.
                guard step > .zero else { return .zero }
                point += step
            }
            return point - age
        }

        mutating func reset() {
            point = .zero
            current = options.initialInterval
            remainder = nil
            quickPending = options.quickCheck != nil
            interval = options.quickCheck ?? options.initialInterval
        }
    }
}
