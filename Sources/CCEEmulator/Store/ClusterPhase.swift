import Foundation

/// The day-2 operations a cluster row remembers (the last one), and the phase a cluster is
/// in at a given time: like jobs, phases are computed from stored times, never stored.
enum ClusterOperation: String, Sendable, CaseIterable {
    /// `Hibernating` until it ends, then `Hibernation`.
    case hibernate
    /// `Awaking` until it ends, then `Available`.
    case awake
    /// `Resizing` until it ends, then `Available`.
    case resize
}

extension ClusterRecord {
    /// WIRE.md §1.5 phases: a deletion wins, then creation, a failed creation, and the last
    /// operation.
    func phase(at now: Double) -> String {
        if deleteJob != nil, deleteStarted != nil { return "Deleting" }
        if now < readyAt { return "Creating" }
        if failure != nil { return "Error" }
        guard let operation = operation.flatMap(ClusterOperation.init(rawValue:)), let ends = operationEnds else {
            return "Available"
        }
        let running = now < ends
        switch operation {
        case .hibernate: return running ? "Hibernating" : "Hibernation"
        case .awake: return running ? "Awaking" : "Available"
        case .resize: return running ? "Resizing" : "Available"
        }
    }

    /// When the phase at `now` began (for `updateTimestamp`).
    func phaseChanged(at now: Double) -> Double {
        if let started = deleteStarted, deleteJob != nil { return started }
        if now < readyAt { return max(createdAt, updatedAt ?? createdAt) }
        var last = readyAt
        if let started = operationStarted, let ends = operationEnds {
            last = max(last, now < ends ? started : ends)
        }
        return max(last, updatedAt ?? last)
    }
}
