#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's environment as a dictionary, read from `environ`.
///
/// Not `ProcessInfo.processInfo.environment`: making `ProcessInfo.processInfo` first looks its
/// stored types up by their mangled names at run time, about a tenth of `cce -e 1`'s
/// start-up, for a dictionary that is built the same way here.
enum ProcessEnvironment {
    static func current() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            // "NAME=value"; an entry without "=" is no variable. The first of a repeated name
            // wins, as with getenv.
            let text = String(cString: pointer)
            if let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")) {
                let name = String(text[..<equals])
                if result[name] == nil { result[name] = String(text[text.index(after: equals)...]) }
            }
            entry += 1
        }
        return result
    }
}
