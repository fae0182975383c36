import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Runs Swift concurrency and the HTTP client on one NIO event loop thread, for the commands
/// that talk to a service without a person at a prompt (`cce run`, `cce -e`).
///
/// By default every `await` on an HTTP response hops from the NIO thread that read it to the
/// concurrency pool, and every `Task.sleep` wakes up on a Dispatch thread: a batch of a hundred
/// clusters cost thousands of context switches. With the event loop as the global executor
/// (and its timers behind `Task.sleep`), a response resumes its task on the thread that read
/// it and nothing else wakes up. One loop is enough: the client does little work per request,
/// and the interpreter runs one script at a time.
///
/// Not for the interactive REPL, which blocks a thread in libedit while it waits for a line
/// (with one loop, that would stall everything), nor for `cce serve`, whose server wants all
/// cores. Cancellation is unchanged: `Task.cancel` resumes a cancelled sleep through the
/// ordinary (now NIO) enqueue, not through its timer.
enum EventLoopExecutor {
    /// Installs the executor. Call once, from the main thread, before the command starts any
    /// task. Returns false (and changes nothing) when the runtime does not offer the hooks.
    @discardableResult
    static func install() -> Bool {
        NIOSingletons.groupLoopCountSuggestion = 1
        guard NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() else {
            return false
        }
        installTimerHooks()
        return true
    }

    // The runtime's hook types (swift/Runtime/Concurrency.h): `Job *` is `UnownedJob`, the
    // clock is `swift_clock_id` (1 continuous, 2 suspending).
    private typealias DelayOriginal = @convention(thin) (UInt64, UnownedJob) -> Void
    private typealias DelayHook = @convention(thin) (UInt64, UnownedJob, DelayOriginal) -> Void
    private typealias DeadlineOriginal = @convention(thin) (Int64, Int64, Int64, Int64, Int32, UnownedJob) -> Void
    private typealias DeadlineHook =
        @convention(thin) (Int64, Int64, Int64, Int64, Int32, UnownedJob, DeadlineOriginal) -> Void

    /// Puts `Task.sleep`'s timers on the event loop: the job then runs where the rest runs.
    private static func installTimerHooks() {
        guard let handle = dlopen(nil, RTLD_NOW) else { return }
        if let slot = dlsym(handle, "swift_task_enqueueGlobalWithDelay_hook") {
            let hook: DelayHook = { delay, job, _ in
                EventLoopExecutor.schedule(job, inNanoseconds: Int64(clamping: delay))
            }
            slot.assumingMemoryBound(to: DelayHook?.self).pointee = hook
        }
        if let slot = dlsym(handle, "swift_task_enqueueGlobalWithDeadline_hook") {
            let hook: DeadlineHook = { sec, nsec, tsec, tnsec, clock, job, original in
                let clockID: clockid_t
                switch clock {
                case 1: clockID = CLOCK_BOOTTIME  // ContinuousClock on Linux
                case 2: clockID = CLOCK_MONOTONIC  // SuspendingClock
                default:
                    original(sec, nsec, tsec, tnsec, clock, job)
                    return
                }
                var now = timespec()
                clock_gettime(clockID, &now)
                let seconds = sec.subtractingReportingOverflow(Int64(now.tv_sec))
                let wholeSeconds = seconds.overflow ? Int64.max / 2 : min(seconds.partialValue, Int64.max / 2_000_000_000)
                let nanos = wholeSeconds * 1_000_000_000 + (nsec - Int64(now.tv_nsec))
                EventLoopExecutor.schedule(job, inNanoseconds: nanos)
            }
            slot.assumingMemoryBound(to: DeadlineHook?.self).pointee = hook
        }
    }

    private static func schedule(_ job: UnownedJob, inNanoseconds nanos: Int64) {
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        guard nanos > 0 else {
            loop.enqueue(ExecutorJob(job))
            return
        }
        do {
            try loop.scheduleCallback(at: .now() + .nanoseconds(nanos), handler: Wake(job: job))
        } catch {
            // Only a loop that is shutting down refuses; waking early beats never waking.
            loop.enqueue(ExecutorJob(job))
        }
    }

    private struct Wake: NIOScheduledCallbackHandler, Sendable {
        let job: UnownedJob
        func handleScheduledCallback(eventLoop: some EventLoop) {
            eventLoop.enqueue(ExecutorJob(job))
        }
    }
}
