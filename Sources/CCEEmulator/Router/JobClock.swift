import CCECore
import Foundation

/// A job's phase as a function of its times and `now` (no timers; WIRE.md §2.2 state machine):
/// `Initializing` for the first fifth of its run, then `Running`, then `Success` or `Failed`.
enum JobPhase: String, Sendable {
    case initializing = "Initializing"
    case running = "Running"
    case success = "Success"
    case failed = "Failed"

    static func of(start: Double, finish: Double, failed: Bool, now: Double) -> JobPhase {
        if now >= finish { return failed ? .failed : .success }
        return now < start + (finish - start) * 0.2 ? .initializing : .running
    }
}

/// Sub-job types, in the order they run.
enum SubJobPlan {
    static let create = ["InstallMaster", "CreatePSMCert", "InstallAddons"]
    static let delete = ["UninstallAddons", "DeleteMaster"]
}

/// A lock-protected seeded generator; shared by concurrent requests, so the sequence of draws
/// (and hence which requests get a fault) depends only on the seed and the request order.
final class LockedGenerator: @unchecked Sendable {
    private let lock = NSLock()
    private var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    func unit() -> Double { lock.withLock { generator.unit() } }

    func next() -> UInt64 { lock.withLock { generator.next() } }

    /// Three consecutive draws taken atomically, so concurrent callers cannot interleave.
    func three() -> (UInt64, UInt64, UInt64) {
        lock.withLock { (generator.next(), generator.next(), generator.next()) }
    }
}

extension JobRecord {
    /// The job as `GET /jobs/{id}` shows it at `now`.
    func rendered(now: Double) -> JSONValue {
        let failed = failure != nil
        let phase = JobPhase.of(start: startedAt, finish: finishAt, failed: failed, now: now)
        let duration = finishAt - startedAt
        let subs = (try? JSONValue.parse(subJobs))?.arrayValue ?? []
        var rendered: [JSONValue] = []
        for (i, sub) in subs.enumerated() {
            let count = Double(subs.count)
            let begin = startedAt + duration * Double(i) / count
            let end = startedAt + duration * Double(i + 1) / count
            let subPhase: JobPhase
            var reason = ""
            if phase == .initializing || now < begin {
                subPhase = .initializing
            } else if now >= end || phase == .success || phase == .failed {
                if failed, i == subs.count - 1 {
                    subPhase = .failed
                    reason = failure ?? ""
                } else {
                    subPhase = .success
                }
            } else {
                subPhase = .running
            }
            let updated = subPhase == .initializing ? startedAt : (subPhase == .running ? begin : min(end, finishAt))
            rendered.append([
                "kind": "Job", "apiVersion": "v3",
                "metadata": [
                    "uid": sub["uid"] ?? "", "creationTimestamp": .string(goTimestamp(startedAt)),
                    "updateTimestamp": .string(goTimestamp(updated)),
                ],
                "spec": ["type": sub["type"] ?? "", "clusterUID": .string(clusterUID), "resourceID": .string(clusterUID), "extendParam": [:]],
                "status": ["phase": .string(subPhase.rawValue), "reason": .string(reason)],
            ])
        }
        let updated: Double
        switch phase {
        case .initializing: updated = startedAt
        case .running: updated = startedAt + duration * 0.2
        case .success, .failed: updated = finishAt
        }
        return [
            "kind": "Job", "apiVersion": "v3",
            "metadata": [
                "uid": .string(uid), "creationTimestamp": .string(goTimestamp(startedAt)),
                "updateTimestamp": .string(goTimestamp(updated)),
            ],
            "spec": [
                "type": .string(type), "clusterUID": .string(clusterUID), "resourceID": .string(clusterUID),
                "resourceName": .string(resourceName), "extendParam": [:], "subJobs": .array(rendered),
            ],
            "status": ["phase": .string(phase.rawValue), "reason": .string(phase == .failed ? failure ?? "" : "")],
        ]
    }
}
