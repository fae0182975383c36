#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's environment as a dictionary, read from `environ`.
///
/// Not `ProcessInfo.processInfo.environment`: making `ProcessInfo.processInfo` first looks its
/// stored types up by their mangled names at run time, about a tenth of `cce -e 1`'s start-up.
/// The same dictionary: a repeated name's last value wins, as in Foundation. Read once at
/// start, before anything could call `setenv` (nothing in cce does).
enum ProcessEnvironment {
    static func current() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            // "NAME=value"; an entry without "=" is no variable.
            let text = String(cString: pointer)
            if let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")) {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return result
    }
}
