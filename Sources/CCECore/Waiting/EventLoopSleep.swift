import NIOCore
import NIOPosix
import Synchronization

/// `Task.sleep` on the HTTP client's event loop group instead of Dispatch's timers.
///
/// A batch wait sleeps once per poll per job; each `Task.sleep` wakes a Dispatch manager
/// thread, then a worker thread, then hops to wherever the task runs — three threads per
/// timer. On NIO's loop the timer fires on the thread that runs the HTTP connections, and
/// when the task prefers that loop as its executor (`cce run`), it resumes right there.
/// Semantics match `Task.sleep`: a cancelled task stops sleeping at once with
/// `CancellationError`, and a zero or negative duration only checks for cancellation.
enum EventLoopSleep {
    static func sleep(for duration: Duration) async throws {
        guard duration > .zero else { return try Task.checkCancellation() }
        let (seconds, attoseconds) = duration.components
        // Beyond ~146 years a sleep is as good as forever; the cap keeps the deadline in range.
        let total =
            seconds > Int64.max / 2_000_000_000
            ? Int64.max / 2 : seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        let sleeper = Sleeper()
        try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
                sleeper.start(continuation, nanoseconds: total)
            }
        } onCancel: {
            sleeper.cancel()
        }
    }

    /// One sleep: started once, finished once (by its timer or by cancellation).
    private final class Sleeper: Sendable {
        private enum State {
            case idle
            case sleeping(UnsafeContinuation<Void, any Error>, NIOScheduledCallback?)
            case cancelledEarly
            case done
        }
        private let state = Mutex<State>(.idle)

        func start(_ continuation: UnsafeContinuation<Void, any Error>, nanoseconds: Int64) {
            let loop = MultiThreadedEventLoopGroup.singleton.any()
            let proceed = state.withLock { state -> Bool in
                guard case .idle = state else { return false }
                state = .sleeping(continuation, nil)
                return true
            }
            // Cancelled before the continuation existed.
            guard proceed else { return continuation.resume(throwing: CancellationError()) }
            let callback: NIOScheduledCallback?
            do {
                callback = try loop.scheduleCallback(
                    at: .now() + .nanoseconds(nanoseconds), handler: Wake(sleeper: self))
            } catch {
                // Only a loop that is shutting down refuses: end the sleep rather than hang.
                return finish(with: nil)
            }
            let keep = state.withLock { state -> Bool in
                guard case .sleeping(let c, nil) = state else { return false }
                state = .sleeping(c, callback)
                return true
            }
            if !keep { callback?.cancel() }
        }

        /// The timer fired (`error` nil) or the task was cancelled.
        func finish(with error: (any Error)?) {
            let taken = state.withLock { state -> (UnsafeContinuation<Void, any Error>, NIOScheduledCallback?)? in
                switch state {
                case .sleeping(let c, let callback):
                    state = .done
                    return (c, callback)
                case .idle:
                    state = .cancelledEarly
                    return nil
                case .cancelledEarly, .done:
                    return nil
                }
            }
            guard let (continuation, callback) = taken else { return }
            if let error {
                callback?.cancel()
                continuation.resume(throwing: error)
            } else {
                continuation.resume()
            }
        }

        func cancel() { finish(with: CancellationError()) }
    }

    private struct Wake: NIOScheduledCallbackHandler, Sendable {
        let sleeper: Sleeper
        func handleScheduledCallback(eventLoop: some EventLoop) { sleeper.finish(with: nil) }
    }
}
