import CCECore
import Foundation

/// Parsed cluster documents by uid, each kept with the text it was parsed from: an update
/// changes a document, here or in another process sharing the file, and a hit must be for
/// the same text (a comparison costs far less than a parse). Bounded: emptied when full.
final class DocumentCache: @unchecked Sendable {
    static let capacity = 20_000
    private let lock = NSLock()
    private var parsed: [String: (text: String, value: JSONValue)] = [:]

    func document(uid: String, text: String) -> JSONValue {
        if let hit = lock.withLock({ parsed[uid] }), hit.text == text { return hit.value }
        let value = (try? JSONValue.parse(text)) ?? [:]
        lock.withLock {
            if parsed.count >= Self.capacity { parsed.removeAll(keepingCapacity: true) }
            parsed[uid] = (text, value)
        }
        return value
    }

    /// Drops the copy of `uid` (its document changed).
    func forget(uid: String) {
        _ = lock.withLock { parsed.removeValue(forKey: uid) }
    }
}
