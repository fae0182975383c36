import CCECore
import Foundation
import OrderedCollections

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
        let rendered = Self.render(
            subs, start: startedAt, finish: finishAt, failure: failure, parent: phase, owner: uid, now: now,
            created: startedAt, clusterUID: clusterUID)
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
            "spec": .object(spec(subJobs: rendered)),
            "status": ["phase": .string(phase.rawValue), "reason": .string(phase == .failed ? failure ?? "" : "")],
        ]
    }

    /// The job's `spec`; `ownerJob` (§7) only for a sub-job fetched on its own.
    private func spec(subJobs: [JSONValue]) -> OrderedDictionary<String, JSONValue> {
        var spec: OrderedDictionary<String, JSONValue> = [
            "type": .string(type), "clusterUID": .string(clusterUID), "resourceID": .string(clusterUID),
            "resourceName": .string(resourceName),
        ]
        if let ownerJob { spec["ownerJob"] = .string(ownerJob) }
        spec["extendParam"] = [:]
        spec["subJobs"] = .array(subJobs)
        return spec
    }

    /// Sub-jobs (`{"type", "uid"}`, optionally `resourceID`, `resourceName`, nested `subJobs`,
    /// and `from`/`to`: the part of the parent's run, 0…1) as full Job objects at `now`.
    /// Without `from`/`to` they run one after another over the parent's run; a failure is
    /// the last one's, unless sub-jobs say `"fails"`: then each that says `true` fails (one
    /// `CreateNodeVM` per node of a failed batch, as every node of it ends in Error).
    static func render(
        _ subs: [JSONValue], start: Double, finish: Double, failure: String?, parent: JobPhase, owner: String,
        now: Double, created: Double, clusterUID: String
    ) -> [JSONValue] {
        let duration = finish - start
        var rendered: [JSONValue] = []
        for (i, sub) in subs.enumerated() {
            let count = Double(subs.count)
            var begin = start + duration * Double(i) / count
            var end = start + duration * Double(i + 1) / count
            if let from = sub["from"]?.number, let to = sub["to"]?.number {
                begin = start + duration * from
                end = start + duration * to
            }
            let failsHere = failure != nil && (sub["fails"]?.boolValue ?? (i == subs.count - 1))
            let phase: JobPhase
            var reason = ""
            if parent == .initializing || now < begin {
                phase = .initializing
            } else if now >= end || parent == .success || parent == .failed {
                if failsHere {
                    phase = .failed
                    reason = failure ?? ""
                } else {
                    phase = .success
                }
            } else {
                phase = .running
            }
            let updated = phase == .initializing ? start : (phase == .running ? begin : min(end, finish))
            let uid = sub["uid"] ?? ""
            var spec: OrderedDictionary<String, JSONValue> = [
                "type": sub["type"] ?? "", "clusterUID": .string(clusterUID),
                "resourceID": sub["resourceID"] ?? .string(clusterUID),
            ]
            if let name = sub["resourceName"] { spec["resourceName"] = name }
            spec["ownerJob"] = .string(owner)
            spec["extendParam"] = [:]
            if let nested = sub["subJobs"]?.arrayValue {
                spec["subJobs"] = .array(
                    render(
                        nested, start: begin, finish: end, failure: failsHere ? failure : nil, parent: phase,
                        owner: uid.stringValue ?? "", now: now, created: created, clusterUID: clusterUID))
            }
            rendered.append([
                "kind": "Job", "apiVersion": "v3",
                "metadata": [
                    "uid": uid, "creationTimestamp": .string(goTimestamp(created)),
                    "updateTimestamp": .string(goTimestamp(updated)),
                ],
                "spec": .object(spec),
                "status": ["phase": .string(phase.rawValue), "reason": .string(reason)],
            ])
        }
        return rendered
    }
}

extension JSONValue {
    /// An integer or a double, as a Double.
    var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
}
