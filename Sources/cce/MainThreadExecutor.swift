import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs the tasks of `cce -e` on the process's main thread, which would otherwise only wait.
///
/// On the default (global) executor the first task starts libdispatch's worker pool: a worker
/// thread, its manager thread, and a second worker when the evaluation's own task is started
/// (`InterruptController.cancellable`), each a thread to create and to hand the work over to,
/// for an expression that is usually done in a fraction of a millisecond. Here the command's
/// task, the evaluation's task (which prefers `CommandExecutor.preferred`) and their child
/// tasks run one after the other on the main thread. Service I/O is unchanged: an HTTP
/// response or an emulator call resumes its task here. Not for the REPL, which blocks its
/// thread in libedit while it waits for a line.
///
/// The main thread also watches for Ctrl-C (`watch`): it sleeps in poll(2) on the jobs' pipe
/// and the interrupt pipe, so `cce -e` starts no watcher thread of its own.
final class MainThreadExecutor: TaskExecutor, Sendable {
    private let jobs = Mutex<[UnownedJob]>([])
    /// A byte per job enqueued (both ends non-blocking): the main thread sleeps until there is
    /// one to read. A full pipe only means that a wake-up is already pending.
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let watched = Mutex<Watch?>(nil)

    private struct Watch {
        let fd: Int32
        let handler: @Sendable () -> Void
    }

    /// Nil if the pipe cannot be made (out of file descriptors): the command then runs on the
    /// global executor.
    init?() {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        wakeRead = fds[0]
        wakeWrite = fds[1]
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    /// Calls `handler` on the main thread whenever `fd` becomes readable (the handler drains it).
    func watch(fd: Int32, _ handler: @escaping @Sendable () -> Void) {
        watched.withLock { $0 = Watch(fd: fd, handler: handler) }
    }

    /// Runs jobs as they come, on the calling thread, until the process exits (the command's
    /// task ends it).
    func run() -> Never {
        var drain = [UInt8](repeating: 0, count: 256)
        while true {
            let watch = watched.withLock { $0 }
            var fds = [pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            if let watch { fds.append(pollfd(fd: watch.fd, events: Int16(POLLIN), revents: 0)) }
            // EINTR (a signal handled on this thread, e.g. SIGINT) just polls again.
            guard poll(&fds, nfds_t(fds.count), -1) > 0 else { continue }
            if let watch, fds[1].revents != 0 {
                // Not readable (the pipe broke, which nothing does): stop watching, not spin.
                if fds[1].revents & Int16(POLLIN) != 0 { watch.handler() } else { watched.withLock { $0 = nil } }
            }
            guard fds[0].revents & Int16(POLLIN) != 0 else { continue }
            // The bytes first, then the jobs: a job enqueued after this read writes a byte
            // that wakes the next poll.
            while read(wakeRead, &drain, drain.count) > 0 {}
            while let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
                job.runSynchronously(on: asUnownedTaskExecutor())
            }
        }
    }
}

/// The executor the command's tasks prefer (`cce run`: the event loop; `cce -e`: the main
/// thread), set once before the command starts; nil: the global executor.
enum CommandExecutor {
    nonisolated(unsafe) static var preferred: (any TaskExecutor)?
}
