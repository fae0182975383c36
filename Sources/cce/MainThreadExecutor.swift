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
final class MainThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let jobs = Mutex<[UnownedJob]>([])
    /// Counts the jobs not yet taken; the main thread sleeps on it when there are none.
    private let ready: UnsafeMutablePointer<sem_t>

    init() {
        ready = .allocate(capacity: 1)
        sem_init(ready, 0, 0)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        sem_post(ready)
    }

    /// Runs jobs as they come, on the calling thread, until the process exits (the command's
    /// task ends it).
    func run() -> Never {
        while true {
            // EINTR (a signal handled on this thread, e.g. SIGINT) just waits again.
            guard sem_wait(ready) == 0 else { continue }
            let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            job?.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// The executor the command's tasks prefer (`cce run`: the event loop; `cce -e`: the main
/// thread), set once before the command starts; nil: the global executor.
enum CommandExecutor {
    nonisolated(unsafe) static var preferred: (any TaskExecutor)?
}
