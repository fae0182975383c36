import Dispatch
import Foundation
import Synchronization

/// Where evaluation runs, and the only place it meets Swift concurrency.
///
/// The engines are synchronous: a script, a REPL entry or a host call runs on a thread of
/// its own (`ScriptThread`), never on a cooperative thread, so a long loop cannot starve
/// other tasks and deep recursion has a stack sized for it. What suspends is only the
/// service I/O of the cluster built-ins (`Interpreter.suspendingEvaluation`) and async
/// built-ins an embedder registers: the script thread blocks while that work runs as a task
/// on the global executor. `parallel` runs its items on threads of their own, which take
/// turns through the run's `EvaluationLock` (LANGUAGE.md principle 4: I/O is concurrent,
/// evaluation is not).
enum ScriptThread {
    /// Stack for a script thread: sync calls nest on it (a few Swift frames per script call,
    /// much larger in debug builds), up to `Limits.maxCallDepth`. Reserved, not committed:
    /// only the pages a script touches cost memory.
    static let stackSize = 512 << 20
    /// A `parallel` item's thread: the same depth limit applies to it.
    static let fiberStackSize = 512 << 20

    /// Runs `body` on a new thread and waits for it without blocking the caller's thread.
    static func run<T>(stackSize: Int = ScriptThread.stackSize, _ body: @escaping () -> T) async -> T {
        // The caller's task waits for the thread and touches nothing meanwhile, so the
        // values cross once each way, one side at a time.
        let holder = WorkHolder(body)
        let result: Handoff<T> = await withCheckedContinuation { continuation in
            let thread = Thread {
                // The work (and all it holds, such as the interpreter) is let go of before
                // the caller resumes, not whenever the thread object goes.
                let result = holder.run()
                continuation.resume(returning: result)
            }
            thread.stackSize = stackSize
            thread.start()
        }
        return result.value
    }

    /// Starts `body` on a new thread (a `parallel` item).
    static func start(stackSize: Int = ScriptThread.fiberStackSize, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.stackSize = stackSize
        thread.start()
    }
}

/// Work for a thread, which lets go of it as soon as it has run.
private final class WorkHolder<T>: Sendable {
    private let work: Mutex<Handoff<() -> T>?>

    init(_ work: @escaping () -> T) { self.work = Mutex(Handoff(work)) }

    func run() -> Handoff<T> {
        guard let w = work.withLock({ $0.take() }) else { preconditionFailure("work run twice") }
        return Handoff(w.value())
    }
}

/// A value handed from one thread to another that is waiting for it (see `ScriptThread`).
struct Handoff<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// The controls of one evaluation (a run, an entry or a host call), shared by its threads:
/// cancellation, and the tasks doing its I/O right now.
final class RunControl: Sendable {
    private let cancelledFlag = Atomic<Bool>(false)
    /// The I/O tasks running now, by id (a list: a run has a handful at most).
    private let tasks = Mutex<(next: Int, running: [(id: Int, task: Task<Void, Never>)])>((0, []))

    var isCancelled: Bool { cancelledFlag.load(ordering: .relaxed) }

    /// Stops the evaluation: its threads see the flag at their next step (`checkBudget`,
    /// every 256 steps) and its I/O tasks are cancelled now.
    func cancel() {
        cancelledFlag.store(true, ordering: .relaxed)
        let running = tasks.withLock { $0.running.map(\.task) }
        for t in running { t.cancel() }
    }

    /// Runs `io` as a task and blocks this (script) thread until it ends. The blocked thread
    /// is never a cooperative one (see `ScriptThread`), so this cannot starve the executor
    /// that runs `io`.
    func blockOn<T>(_ io: @escaping () async throws -> T) throws -> T {
        if isCancelled { throw CancellationError() }
        // This thread waits on the semaphore until the task has stored its result, and
        // reads it only then: one side at a time.
        let work = Handoff(io)
        let outcome = OutcomeSlot<T>()
        let done = DispatchSemaphore(value: 0)
        let task = Task {
            let r: Result<T, any Error>
            do { r = .success(try await work.value()) } catch { r = .failure(error) }
            outcome.value.withLock { $0 = Handoff(r) }
            done.signal()
        }
        let id = tasks.withLock { state -> Int in
            state.next &+= 1
            state.running.append((state.next, task))
            return state.next
        }
        if isCancelled { task.cancel() }
        done.wait()
        tasks.withLock { $0.running.removeAll { $0.id == id } }
        guard let r = outcome.value.withLock({ $0.take() }) else { throw CancellationError() }
        return try r.value.get()
    }
}

/// Where an I/O task leaves its result for the blocked script thread.
private final class OutcomeSlot<T>: Sendable {
    let value = Mutex<Handoff<Result<T, any Error>>?>(nil)
}

/// The turn-taking of one evaluation's threads: at any instant at most one of them runs
/// interpreter code. The main script thread holds it from the start; `parallel` items take
/// it to evaluate and give it up only around service I/O (`suspendingEvaluation`), so the
/// waits of several items overlap while the interpreter's state is touched by one thread at
/// a time (the semaphore orders their memory accesses).
final class EvaluationLock: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)

    /// A lock that the creating thread already holds.
    init() {}

    func acquire() { semaphore.wait() }
    func release() { semaphore.signal() }
}

/// Evaluations of one interpreter wait here for their turn, first come first served.
final class Turnstile: Sendable {
    private let state = Mutex<(busy: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func enter() async {
        // Uncontended (the usual case): no continuation is made at all, which also spares
        // start-up the run-time look-ups of its generic type.
        if state.withLock({ s -> Bool in
            if s.busy { return false }
            s.busy = true
            return true
        }) {
            return
        }
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let go = state.withLock { s -> Bool in
                if !s.busy {
                    s.busy = true
                    return true
                }
                s.waiters.append(c)
                return false
            }
            if go { c.resume() }
        }
    }

    func leave() {
        let next = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if s.waiters.isEmpty {
                s.busy = false
                return nil
            }
            return s.waiters.removeFirst()
        }
        next?.resume()
    }
}
