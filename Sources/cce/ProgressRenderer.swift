import Synchronization

/// One report from a running wait: the language's progress hook, in the command's terms.
struct ProgressUpdate: Sendable, Equatable {
    var jobID: String
    var clusterName: String
    /// The job's phase as the service reports it (`Initializing`, `Running`, `Success`, `Failed`).
    var phase: String
    /// The sub-job running now (`CreateMaster`, `InstallAddon`…), if any.
    var subJob: String?
    var elapsed: Duration
    /// The wait for this job is over (the job ended, failed, timed out or was cancelled).
    var finished: Bool = false
}

/// Draws wait progress on stderr.
///
/// On a terminal (`.live`): one line per running job, redrawn in place (cursor up + erase
/// line) and erased when its job ends, so nothing is left behind once every wait is over.
/// Otherwise (`.plain`): one line per phase change, never an escape code.
///
/// Thread-safe: waits run concurrently and report from any task. Output goes through
/// `write`, so tests capture it.
final class ProgressRenderer: Sendable {
    enum Mode: Sendable, Equatable {
        case live(width: Int)
        case plain
    }

    private struct Line {
        var update: ProgressUpdate
        /// When the report arrived, so that `tick` can advance its elapsed time.
        var receivedAt: ContinuousClock.Instant
    }

    private struct State {
        /// Jobs shown, in the order they first reported.
        var order: [String] = []
        var lines: [String: Line] = [:]
        /// How many lines the live block occupies on screen now.
        var drawn = 0
        /// Plain mode: the last phase printed per job.
        var lastPhase: [String: String] = [:]
    }

    let mode: Mode
    private let write: @Sendable (String) -> Void
    private let now: @Sendable () -> ContinuousClock.Instant
    private let state = Mutex(State())

    init(
        mode: Mode, now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        write: @escaping @Sendable (String) -> Void
    ) {
        self.mode = mode
        self.now = now
        self.write = write
    }

    /// Live mode: redraws the block with elapsed times advanced to now (reports arrive only
    /// when a phase or sub-job changes; the clock should still move). Called once a second.
    func tick() {
        guard case .live(let width) = mode else { return }
        let text: String = state.withLock { st in
            guard st.drawn > 0 || !st.order.isEmpty else { return "" }
            return redraw(&st, width: width)
        }
        if !text.isEmpty { write(text) }
    }

    /// Takes one report.
    func update(_ u: ProgressUpdate) {
        let text: String? = state.withLock { st in
            switch mode {
            case .plain:
                if u.finished {
                    st.lastPhase[u.jobID] = nil
                    return nil
                }
                guard st.lastPhase[u.jobID] != u.phase else { return nil }
                st.lastPhase[u.jobID] = u.phase
                return Self.describe(u) + "\n"
            case .live(let width):
                if st.lines[u.jobID] == nil {
                    if u.finished { return nil }
                    st.order.append(u.jobID)
                }
                if u.finished {
                    st.lines[u.jobID] = nil
                    st.order.removeAll { $0 == u.jobID }
                } else {
                    st.lines[u.jobID] = Line(update: u, receivedAt: now())
                }
                return redraw(&st, width: width)
            }
        }
        if let text, !text.isEmpty { write(text) }
    }

    /// Erases the live block (before other output is written, and at the end of an
    /// evaluation). The next update draws it again.
    func clear() {
        let text: String = state.withLock { st in
            guard case .live = mode, st.drawn > 0 else { return "" }
            let s = Self.erase(lines: st.drawn)
            st.drawn = 0
            return s
        }
        if !text.isEmpty { write(text) }
    }

    /// Forgets every job and erases what is on screen: the evaluation is over.
    func reset() {
        clear()
        state.withLock { $0 = State() }
    }

    private func redraw(_ st: inout State, width: Int) -> String {
        var out = Self.erase(lines: st.drawn)
        let at = now()
        for id in st.order {
            guard let line = st.lines[id] else { continue }
            var u = line.update
            u.elapsed += at - line.receivedAt
            out += Self.fit(Self.describe(u), width: width) + "\n"
        }
        st.drawn = st.order.count
        return out
    }

    /// Moves to the start of the block and erases from there to the end of the screen.
    private static func erase(lines: Int) -> String {
        guard lines > 0 else { return "" }
        return "\u{1B}[\(lines)A\r\u{1B}[J"
    }

    /// Keeps a line shorter than the terminal: a wrapped line would break the cursor arithmetic.
    static func fit(_ s: String, width: Int) -> String {
        let limit = max(width - 1, 10)
        guard s.count > limit else { return s }
        return String(s.prefix(limit - 1)) + "…"
    }

    /// `demo-1: Running (CreateMaster) 1m05s`
    static func describe(_ u: ProgressUpdate) -> String {
        var s = "\(u.clusterName): \(u.phase)"
        if let sub = u.subJob, !sub.isEmpty { s += " (\(sub))" }
        s += " \(formatElapsed(u.elapsed))"
        return s
    }

    /// `7s`, `1m05s`, `2h03m`.
    static func formatElapsed(_ d: Duration) -> String {
        let total = max(0, Int(d.components.seconds))
        if total < 60 { return "\(total)s" }
        if total < 3600 {
            let s = total % 60
            return "\(total / 60)m\(s < 10 ? "0" : "")\(s)s"
        }
        let m = (total % 3600) / 60
        return "\(total / 3600)h\(m < 10 ? "0" : "")\(m)m"
    }
}
