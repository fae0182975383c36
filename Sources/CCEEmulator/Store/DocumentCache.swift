import CCECore
import Foundation

/// Parsed cluster documents by uid. A stored document never changes after the create (only
/// times and the deletion columns do, and those are read fresh), so a parsed copy can be
/// reused by every GET, and by other processes' writes too. Bounded: emptied when full.
final class DocumentCache: @unchecked Sendable {
    static let capacity = 20_000
    private let lock = NSLock()
    private var parsed: [String: JSONValue] = [:]

    func document(uid: String, text: String) -> JSONValue {
        if let hit = lock.withLock({ parsed[uid] }) { return hit }
        let value = (try? JSONValue.parse(text)) ?? [:]
        lock.withLock {
            if parsed.count >= Self.capacity { parsed.removeAll(keepingCapacity: true) }
            parsed[uid] = value
        }
        return value
    }
}
