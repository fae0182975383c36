import CCECore
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

// Ctrl-C, the Lua way (STYLE.md §4.3 pitfall 5): the signal handler does no work; it sets a
// flag and writes one byte to a pipe. At the prompt the flag tells an interrupted `el_gets`
// from Ctrl-D; during an evaluation whoever watches the pipe (a small thread of our own, or in
// `cce -e` the main thread, MainThreadExecutor) cancels the evaluation's Task, and the
// interpreter stops at its next cancellation check.

/// Set by SIGINT, cleared by whoever consumes it.
let interruptFlag = Atomic<Bool>(false)
private let interruptPipeWrite = Atomic<Int32>(-1)
/// The write end of a second pipe that the line reader polls beside stdin. A process-directed
/// SIGINT lands on whichever thread does not block it (the runtime has several), and libedit
/// retries a `read` that fails once with EINTR, so the reader cannot rely on EINTR at all.
private let readerPipeWrite = Atomic<Int32>(-1)
/// The read end of that pipe, for `EditLineReader`.
let readerInterruptFD = Atomic<Int32>(-1)

/// Routes SIGINT to the flag and a pipe, and lets one evaluation at a time be cancelled by it.
final class InterruptController: Sendable {
    private let readFD: Int32
    private final class Slot: Sendable {
        let cancel = Mutex<(@Sendable () -> Void)?>(nil)

        /// Ctrl-C bytes arrived on `fd`: drains them and cancels the current evaluation.
        func fire(_ fd: Int32) {
            InterruptController.drain(fd)
            let cancel = cancel.withLock { $0 }
            cancel?()
        }
    }
    private let current = Slot()

    /// Installs the SIGINT handler (without SA_RESTART, so a blocked `read` in libedit
    /// returns EINTR). Returns nil if the pipe cannot be made.
    init?() {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        readFD = fds[0]
        _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
        _ = fcntl(fds[1], F_SETFL, O_NONBLOCK)
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        interruptPipeWrite.store(fds[1], ordering: .sequentiallyConsistent)
        var readerFDs: [Int32] = [0, 0]
        if pipe(&readerFDs) == 0 {
            for fd in readerFDs {
                _ = fcntl(fd, F_SETFL, O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
            readerInterruptFD.store(readerFDs[0], ordering: .sequentiallyConsistent)
            readerPipeWrite.store(readerFDs[1], ordering: .sequentiallyConsistent)
        }

        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            interruptFlag.store(true, ordering: .sequentiallyConsistent)
            var byte: UInt8 = 1
            // The reader's byte first: once the evaluation pipe wakes the canceller, the REPL
            // may be back at the prompt at once, and it drains a byte that is already there.
            _ = write(readerPipeWrite.load(ordering: .sequentiallyConsistent), &byte, 1)
            _ = write(interruptPipeWrite.load(ordering: .sequentiallyConsistent), &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)

        // `cce -e`: the main thread, which otherwise waits, watches the pipe beside its jobs.
        if let executor = CommandExecutor.preferred as? MainThreadExecutor {
            let fd = fds[0]
            let slot = current
            executor.watch(fd: fd) { slot.fire(fd) }
            return
        }
        // A thread of our own that sleeps in poll(2). A DispatchSource needs Dispatch's event
        // thread and its set-up, which `cce run` (on its event loop) otherwise never starts.
        let watcher = Watcher(fd: fds[0], slot: current)
        guard NativeThread.start(stackSize: 64 * 1024, { watcher.run() }) else { return nil }
    }

    /// Waits for bytes on the pipe; each wake-up drains it and cancels the current evaluation.
    private final class Watcher: Sendable {
        let fd: Int32
        let slot: Slot

        init(fd: Int32, slot: Slot) {
            self.fd = fd
            self.slot = slot
        }

        func run() {
            while true {
                var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                // EINTR (a SIGINT may land on this thread) just polls again.
                guard poll(&entry, 1, -1) > 0 else { continue }
                // Not readable (the pipe broke, which nothing does): stop rather than spin.
                guard entry.revents & Int16(POLLIN) != 0 else { return }
                slot.fire(fd)
            }
        }
    }

    static func drain(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(fd, &buffer, buffer.count) > 0 {}
    }

    /// Runs `operation` in a Task that Ctrl-C cancels. Returns its result, and whether
    /// Ctrl-C arrived while it ran.
    func cancellable<T: Sendable>(_ operation: @escaping @Sendable () async -> T) async -> (value: T, interrupted: Bool)
    {
        interruptFlag.store(false, ordering: .sequentiallyConsistent)
        // An unstructured task does not inherit the executor preference: pass it on.
        let task = Task(executorPreference: CommandExecutor.preferred) { await operation() }
        current.cancel.withLock { $0 = { task.cancel() } }
        let value = await task.value
        current.cancel.withLock { $0 = nil }
        let interrupted = interruptFlag.exchange(false, ordering: .sequentiallyConsistent)
        return (value, interrupted)
    }
}
