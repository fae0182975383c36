import NIOCore
import NIOPosix

/// Runs a command's tasks on the one NIO event loop that also runs its HTTP connections, for
/// `cce run`, whose scripts create and wait for clusters in batches.
///
/// By default every `await` on an HTTP response hops from the NIO thread that read it to the
/// concurrency pool (a futex wake and a context switch per response, thousands per batch).
/// With this executor as the task executor preference (SE-0417) of the command's task, of the
/// tasks it starts with `CommandExecutor.preferred`, and, against a cloud, of the script's I/O
/// tasks (`InterpreterOptions.ioExecutor`) and their children (a batch `wait` runs one per job), a
/// response resumes its task on the thread that read it. One loop is enough: the client does
/// little work per request, and the interpreter runs one script at a time.
///
/// No runtime hooks are involved, so it works the same with a static Swift runtime. Not for
/// the interactive REPL, which blocks its thread in libedit while it waits for a line, nor
/// for `cce serve`, whose server wants all cores. Cancellation is unchanged.
final class EventLoopExecutor: TaskExecutor {
    private let loop: any EventLoop

    private init(loop: any EventLoop) {
        self.loop = loop
    }

    /// Makes the NIO singleton group one loop and returns the executor over it. Call once,
    /// from the main thread, before anything uses the group (the HTTP client, `EventLoopSleep`).
    static func install() -> EventLoopExecutor {
        NIOSingletons.groupLoopCountSuggestion = 1
        let executor = EventLoopExecutor(loop: MultiThreadedEventLoopGroup.singleton.next())
        CommandExecutor.preferred = executor
        return executor
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
