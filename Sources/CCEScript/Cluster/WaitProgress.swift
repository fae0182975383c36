/// One report from a running `wait` (or `ensure`), for the host's progress display.
///
/// Reports arrive from several tasks at once when a script waits on a list of jobs, so the
/// hook must be thread-safe. Each job reports when its phase or running sub-job changes
/// and once more with `finished == true` when its wait is over (success, failure, timeout
/// or cancellation), so a display can remove its line.
public struct WaitProgress: Sendable, Equatable {
    /// The job being waited for.
    public var jobID: String
    /// The cluster the job works on.
    public var clusterName: String
    /// The job's phase as the service reports it: `Initializing`, `Running`, `Success`, `Failed`.
    public var phase: String
    /// The sub-job running now (`InstallMaster`, `CreatePSMCert`, …), when the service says.
    public var subJob: String?
    /// Wall-clock time since this wait began.
    public var elapsed: Duration
    /// True on the last report of this wait.
    public var finished: Bool

    public init(
        jobID: String, clusterName: String, phase: String, subJob: String? = nil, elapsed: Duration,
        finished: Bool = false
    ) {
        self.jobID = jobID
        self.clusterName = clusterName
        self.phase = phase
        self.subJob = subJob
        self.elapsed = elapsed
        self.finished = finished
    }
}
