import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process exit codes, documented in the README.
enum ExitStatus: Int32 {
    case ok = 0
    /// A syntax or runtime error in the script (also a limit hit).
    case scriptError = 1
    /// Bad command-line usage or service configuration.
    case usage = 2
    /// A cluster failed validation (`check`, or an uncaught validation error from `create`).
    case validationFailed = 3
    /// The service answered with an error, or could not be reached.
    case serviceError = 4
    /// A wait or the script's time limit ran out.
    case timeout = 5
    /// `cce plan`: the script ran and would change something (like `terraform plan
    /// -detailed-exitcode`'s 2, which is taken here by usage errors).
    case planChanges = 6
    /// Ctrl-C.
    case interrupted = 130
}

/// Writes to a file descriptor with `write(2)`: unbuffered, so stderr diagnostics and stdout
/// results interleave in the order they were produced, and no C `FILE*` global is touched.
struct FDStream: TextOutputStream, Sendable {
    let fd: Int32

    static let standardOutput = FDStream(fd: 1)
    static let standardError = FDStream(fd: 2)

    func write(_ string: String) {
        let bytes = Array(string.utf8)
        bytes.withUnsafeBytes { buf in
            guard let base = buf.baseAddress else { return }
            var offset = 0
            while offset < buf.count {
                let n = Foundation.write(fd, base + offset, buf.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }
}

/// Writes a line to stderr.
func printError(_ message: String) {
    FDStream.standardError.write(message.hasSuffix("\n") ? message : message + "\n")
}

enum Terminal {
    static func isTTY(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Colour on a terminal unless `NO_COLOR` is set (no-color.org) or `TERM=dumb`.
    static func wantsColor(fd: Int32, environment: [String: String]) -> Bool {
        guard isTTY(fd) else { return false }
        if let v = environment["NO_COLOR"], !v.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return true
    }

    /// The terminal's width in columns, 80 if it cannot be asked.
    static func width(fd: Int32) -> Int {
        var ws = winsize()
        if ioctl(fd, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
        return 80
    }
}
