import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process for tests, started with `posix_spawn` and reaped with `waitpid`.
///
/// Foundation's `Process` learns that a child exited from a SIGCHLD dispatch source. In a
/// test process that also runs NIO event-loop threads (the emulator tests start servers),
/// the signal can be delivered to a thread that does not block it and be discarded, and
/// `waitUntilExit()` then waits forever next to a zombie: CI once hung 900 s that way on a
/// `tmux` client. `waitpid` on the child's pid does not depend on signal delivery, and every
/// wait here has a deadline after which the child is killed, so a stuck child fails one
/// test instead of the whole run. Descriptors other than 0–2 are closed in the child, so a
/// daemon it starts (the tmux server) cannot hold our pipes open.
public final class ChildProcess: @unchecked Sendable {
    public enum Output: Sendable {
        /// Read into memory; see `finish(timeout:)`.
        case pipe
        /// /dev/null.
        case discard
    }

    public let pid: pid_t
    private var stdinFD: Int32 = -1
    private var stdoutFD: Int32 = -1
    private var stderrFD: Int32 = -1
    private var status: Int32?

    /// Starts `executable`. `environment` nil inherits this process's environment.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        directory: String? = nil, stdin: Bool = false, stdout: Output = .pipe, stderr: Output = .pipe
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var parentEnds: [Int32] = []
        var childEnds: [Int32] = []
        defer { childEnds.forEach { close($0) } }

        func plumb(_ target: Int32, _ wanted: Bool, childReads: Bool) throws -> Int32 {
            guard wanted else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", childReads ? O_RDONLY : O_WRONLY, 0)
                return -1
            }
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { throw SpawnError(message: "pipe: errno \(errno)") }
            let (child, parent) = childReads ? (fds[0], fds[1]) : (fds[1], fds[0])
            // dup2 clears close-on-exec on 0–2 in the child; no other copy may leak into it.
            _ = fcntl(parent, F_SETFD, FD_CLOEXEC)
            _ = fcntl(child, F_SETFD, FD_CLOEXEC)
            posix_spawn_file_actions_adddup2(&actions, child, target)
            parentEnds.append(parent)
            childEnds.append(child)
            return parent
        }
        do {
            stdinFD = try plumb(0, stdin, childReads: true)
            stdoutFD = try plumb(1, stdout == .pipe, childReads: false)
            stderrFD = try plumb(2, stderr == .pipe, childReads: false)
        } catch {
            parentEnds.forEach { close($0) }
            throw error
        }
        _ = GNUSpawn.closeFrom.map { $0(&actions, 3) }
        if let directory {
            guard let chdir = GNUSpawn.chdir else {
                throw SpawnError(message: "posix_spawn cannot change directory here")
            }
            _ = chdir(&actions, directory)
        }

        // The test process ignores SIGPIPE and may block signals; the child starts clean.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        var empty = sigset_t()
        sigemptyset(&empty)
        sigemptyset(&defaults)
        for s in [SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGCHLD] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = [executable] + arguments
        var child: pid_t = 0
        let rc = withCStrings(argv) { argvp in
            withCStrings(env) { envp in posix_spawn(&child, executable, &actions, &attributes, argvp, envp) }
        }
        guard rc == 0 else {
            parentEnds.forEach { close($0) }
            throw SpawnError(message: "cannot start \(executable): \(String(cString: strerror(rc)))")
        }
        pid = child
    }

    deinit {
        for fd in [stdinFD, stdoutFD, stderrFD] where fd >= 0 { close(fd) }
        if status == nil {
            kill(pid, SIGKILL)
            var s: Int32 = 0
            _ = waitpid(pid, &s, 0)
        }
    }

    /// Writes all of `data` to the child's stdin (opened with `stdin: true`) and closes it.
    public func send(_ data: Data) {
        guard stdinFD >= 0 else { return }
        let fd = stdinFD
        stdinFD = -1
        // A child that reads nothing must not block us once the pipe buffer is full.
        Thread.detachNewThread {
            data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n <= 0 { break }
                    offset += n
                }
            }
            close(fd)
        }
    }

    /// Reads one line of stdout (without the newline), or nil at end of file or deadline.
    public func readLine(timeout: Duration) -> String? {
        guard stdoutFD >= 0 else { return nil }
        let deadline = ContinuousClock.now + timeout
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while wait(readable: stdoutFD, until: deadline) {
            guard read(stdoutFD, &byte, 1) == 1 else { return nil }
            if byte == UInt8(ascii: "\n") { return String(decoding: line, as: UTF8.self) }
            line.append(byte)
        }
        return nil
    }

    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// The deadline passed and the child was killed.
        public var timedOut: Bool
    }

    /// Reads stdout and stderr to their ends and reaps the child; at the deadline the child
    /// is killed (`timedOut`). `status` is the exit code, or 128 + the signal number.
    @discardableResult
    public func finish(timeout: Duration = .seconds(60)) -> Result {
        let deadline = ContinuousClock.now + timeout
        var out: [UInt8] = []
        var err: [UInt8] = []
        var open = [stdoutFD, stderrFD].filter { $0 >= 0 }
        var buffer = [UInt8](repeating: 0, count: 65536)
        var timedOut = false
        while !open.isEmpty {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else {
                timedOut = true
                break
            }
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ms = Int32(
                clamping: remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000
                    + 1)
            let ready = poll(&fds, nfds_t(fds.count), ms)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { continue }
            for p in fds where p.revents != 0 {
                let n = read(p.fd, &buffer, buffer.count)
                if n > 0 {
                    if p.fd == stdoutFD { out += buffer[0..<n] } else { err += buffer[0..<n] }
                } else {
                    open.removeAll { $0 == p.fd }
                }
            }
        }
        let code =
            wait(until: deadline)
            ?? {
                timedOut = true
                return kill9()
            }()
        return Result(
            status: code, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
            timedOut: timedOut)
    }

    /// Sends a signal.
    public func signal(_ number: Int32) { if status == nil { kill(pid, number) } }

    /// Waits for the child to exit; nil if it is still running at the deadline.
    public func wait(timeout: Duration) -> Int32? { wait(until: ContinuousClock.now + timeout) }

    /// Kills the child and reaps it.
    @discardableResult
    public func kill9() -> Int32 {
        if let status { return status }
        kill(pid, SIGKILL)
        return wait(until: ContinuousClock.now + .seconds(10)) ?? 137
    }

    private func wait(until deadline: ContinuousClock.Instant) -> Int32? {
        if let status { return status }
        var sleep = Duration.milliseconds(1)
        while true {
            var s: Int32 = 0
            let r = waitpid(pid, &s, WNOHANG)
            if r == pid {
                // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift does not import.
                let code = (s & 0x7f) == 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f)
                status = code
                return code
            }
            if r < 0 && errno != EINTR {
                status = -1
                return -1
            }
            if ContinuousClock.now >= deadline { return nil }
            Thread.sleep(forTimeInterval: Double(sleep.components.attoseconds) / 1e18)
            sleep = min(sleep * 2, .milliseconds(20))
        }
    }

    private func wait(readable fd: Int32, until deadline: ContinuousClock.Instant) -> Bool {
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return false }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ms = Int32(
                clamping: remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000
                    + 1)
            let r = poll(&p, 1, ms)
            if r > 0 { return true }
            if r < 0 && errno != EINTR { return false }
        }
    }

    /// Starts, feeds `stdin`, and finishes: the common case.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        stdin: String = "", timeout: Duration = .seconds(60)
    ) throws -> Result {
        let child = try ChildProcess(executable, arguments, environment: environment, directory: directory, stdin: true)
        child.send(Data(stdin.utf8))
        return child.finish(timeout: timeout)
    }
}

/// glibc's `_np` spawn actions, which Swift's Glibc module does not import (they need
/// _GNU_SOURCE): looked up once at run time.
private enum GNUSpawn {
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    typealias Chdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    static let closeFrom: CloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: CloseFrom.self)
    }
    static let chdir: Chdir? = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map {
        unsafeBitCast($0, to: Chdir.self)
    }
}

public struct SpawnError: Error, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { pointers.forEach { free($0) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
