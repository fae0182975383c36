import CCECore
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
/// evaluation is not). Script code an embedder's built-in calls back while it runs nests
/// inside the evaluation, on its script thread where it can (`Reentry`).
enum ScriptThread {
    /// Stack for a script thread: sync calls nest on it (a few Swift frames per script call,
    /// much larger in debug builds), up to `Limits.maxCallDepth`. Reserved, not committed:
    /// only the pages a script touches cost memory.
    static let stackSize = 512 << 20
    /// A `parallel` item's thread: the same depth limit applies to it.
    static let fiberStackSize = 512 << 20

    /// Runs `body` on a new thread and waits for it without blocking the caller's thread.
    /// When the system refuses a thread, the evaluation fails with a `.limit` error instead.
    static func run(stackSize: Int = ScriptThread.stackSize, _ body: @escaping () -> EvaluationOutcome) async
        -> EvaluationOutcome
    {
        // The caller's task waits for the thread and touches nothing meanwhile, so the
        // values cross once each way, one side at a time.
        let holder = WorkHolder(body)
        // Unsafe, not checked: the thread resumes it once, just below. A CheckedContinuation
        // is not of fixed size, so this frame would look its type up at run time, the first
        // time by a scan of every protocol conformance in the binary (`Never: Error`), ~0.15 ms
        // of `cce -e 1`; UnsafeContinuation is one pointer, known at compile time.
        let result: Handoff<EvaluationOutcome> = await withUnsafeContinuation { continuation in
            let started = NativeThread.start(stackSize: stackSize) {
                // The work (and all it holds, such as the interpreter) is let go of before
                // the caller resumes, not whenever the thread goes.
                let result = holder.run()
                continuation.resume(returning: result)
            }
            if !started { continuation.resume(returning: Handoff(EvaluationOutcome(value: nil, error: noThread()))) }
        }
        return result.value
    }

    /// Starts `body` on a new thread (a `parallel` item); false when the system refuses one.
    static func start(stackSize: Int = ScriptThread.fiberStackSize, _ body: @escaping @Sendable () -> Void) -> Bool {
        NativeThread.start(stackSize: stackSize, body)
    }

    /// What an evaluation fails with when it cannot have a thread.
    static func noThread() -> ScriptError {
        ScriptError(
            .limit, "the system refused a thread for the evaluation",
            hint: "too many threads or too little address space; end other work and try again", code: "thread")
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
    /// The preference of the I/O tasks (`InterpreterOptions.ioExecutor`).
    private let ioExecutor: (any TaskExecutor)?

    init(ioExecutor: (any TaskExecutor)? = nil) { self.ioExecutor = ioExecutor }

    /// The I/O tasks running now, by id (a list: a run has a handful at most).
    private let tasks = Mutex<Tasks>(Tasks())

    /// Nominal types, not tuples: the Mutex destroys its value through the type's metadata, and
    /// a tuple's is built at run time, from its mangled name in a build without the metadata
    /// accessors (Package.swift), checking `Task`'s requirement `Never: Error` by a scan of
    /// every protocol conformance in the binary, ~0.3 ms of `cce -e 1` when the run ends.
    private struct Tasks {
        var next = 0
        var running: [Running] = []
        /// Threads in `sleep(until:)`, which `cancel` wakes.
        var sleepers: [Sleeper] = []

        /// An id for a task or a sleeper, to take it off its list when it ends.
        mutating func newID() -> Int {
            next &+= 1
            return next
        }
    }

    private struct Running {
        let id: Int
        let task: Task<Void, Never>
    }

    private struct Sleeper {
        let id: Int
        let wake: DispatchSemaphore
    }

    var isCancelled: Bool { cancelledFlag.load(ordering: .relaxed) }

    /// Stops the evaluation: its threads see the flag at their next step (`checkBudget`,
    /// every 256 steps), its I/O tasks are cancelled and its sleeping threads woken now.
    func cancel() {
        cancelledFlag.store(true, ordering: .relaxed)
        let (running, sleepers) = tasks.withLock { ($0.running.map(\.task), $0.sleepers.map(\.wake)) }
        for t in running { t.cancel() }
        for s in sleepers { s.signal() }
    }

    /// Blocks this (script) thread until `until`; throws `CancellationError` as soon as the
    /// evaluation is cancelled. A timed wait, not a task: waking up takes no thread of the
    /// cooperative pool, so a busy pool does not delay the cancellation of a sleeping script.
    func sleep(until: ContinuousClock.Instant) throws {
        let wake = DispatchSemaphore(value: 0)
        let id = tasks.withLock { s -> Int in
            let id = s.newID()
            s.sleepers.append(Sleeper(id: id, wake: wake))
            return id
        }
        defer { tasks.withLock { $0.sleepers.removeAll { $0.id == id } } }
        // Registered before the flag is read: a `cancel` in between has signalled `wake`.
        while !isCancelled {
            let left = until - ContinuousClock.now
            if left <= .zero { return }
            // In slices of at most an hour, each measured again on the continuous clock (which
            // Dispatch's does not follow through a suspend), and short of any overflow.
            let slice = min(left, .seconds(3600))
            let (seconds, attoseconds) = slice.components
            _ = wake.wait(
                timeout: .now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)))
        }
        throw CancellationError()
    }

    /// Runs `io` as a task and blocks this (script) thread until it ends. The blocked thread
    /// is never a cooperative one (see `ScriptThread`), so this cannot starve the executor
    /// that runs `io`.
    func blockOn<T>(_ io: @escaping () async throws -> T) throws -> T {
        try blockOn(io, serving: nil) { $0() }
    }

    /// `blockOn`, and while `io` runs (an embedder's async built-in) this thread runs the
    /// script work `reentry` hands it, each job through `around`, until `io` and every
    /// evaluation it let in have ended.
    func blockOn<T>(
        _ io: @escaping () async throws -> T, serving reentry: Reentry?, around: (() -> Void) -> Void
    ) throws -> T {
        if isCancelled { throw CancellationError() }
        // This thread waits on the semaphore until the task has stored its result, and
        // reads it only then: one side at a time.
        let work = Handoff(io)
        let outcome = OutcomeSlot<T>()
        let done = DispatchSemaphore(value: 0)
        let task = Task(executorPreference: ioExecutor) {
            let r: Result<T, any Error>
            do { r = .success(try await work.value()) } catch { r = .failure(error) }
            outcome.value.withLock { $0 = Handoff(r) }
            if let reentry { reentry.bodyEnded() } else { done.signal() }
        }
        let id = tasks.withLock { s -> Int in
            let id = s.newID()
            s.running.append(Running(id: id, task: task))
            return id
        }
        if isCancelled { task.cancel() }
        if let reentry { reentry.serve(around) } else { done.wait() }
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
    /// Each waiter as the closure that resumes it, not its continuation: a Mutex's value is
    /// destroyed through its type's run-time metadata, and a type holding `CheckedContinuation`
    /// has that looked up, the first time by a scan of every protocol conformance in the binary
    /// (`Never: Error`), ~0.15 ms of `cce -e 1` when its interpreter goes.
    private let state = Mutex<State>(State())

    /// A nominal type, not a tuple: the Mutex destroys its value through the type's metadata,
    /// and a tuple's is built from its mangled name at run time, which checks generic
    /// requirements by a scan of every protocol conformance in the binary (`cce -e 1`).
    private struct State {
        var busy = false
        var waiters: [@Sendable () -> Void] = []
    }

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
        await waitForTurn()
    }

    /// A function of its own: an async function's frame holds its callees' inlined locals,
    /// and a `CheckedContinuation` there has `enter` look up its type on every call, the
    /// first time by a scan of every protocol conformance in the binary (`Never: Error`),
    /// ~0.15 ms of `cce -e 1`.
    @inline(never)
    private func waitForTurn() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let go = state.withLock { s -> Bool in
                if !s.busy {
                    s.busy = true
                    return true
                }
                s.waiters.append { c.resume() }
                return false
            }
            if go { c.resume() }
        }
    }

    func leave() {
        let next = state.withLock { s -> (@Sendable () -> Void)? in
            if s.waiters.isEmpty {
                s.busy = false
                return nil
            }
            return s.waiters.removeFirst()
        }
        next?()
    }
}

/// An embedder's built-in in progress, seen as the way back into its interpreter: a host
/// function may call `evaluate`, `run` or `call` on the interpreter whose script called it
/// (or `CallContext.call`), as a Lua C function calls `lua_call`, and the nested evaluation
/// runs inside the one in progress instead of waiting for it to end (which would be forever).
///
/// While the body runs, the evaluation's state is free: its script thread is waiting for the
/// body. A nested evaluation therefore runs then, one at a time: on the script thread itself
/// when the body is `async` (the thread, blocked until the body ends, serves the work handed
/// to it, so script code keeps its stack and per-thread state), and on a script thread of
/// its own when the body is synchronous (the script thread is busy running the body, which
/// may be waiting for the nested result). The call does not return to the script before
/// every nested evaluation it let in has ended.
///
/// Nested calls find it through the task-local `current`, which the body's task carries, and
/// with it the tasks it starts with `Task {}`, `async let` or a task group (a synchronous body
/// binds it on the script thread, which `Task {}` also inherits). A `Task.detached` carries
/// nothing: its evaluation waits for its turn like any other caller's.
final class Reentry: Sendable {
    @TaskLocal static var current: Reentry?

    /// The interpreter whose built-in this is (nested calls of another one wait their turn there).
    let interpreter: ObjectIdentifier
    /// The built-in's name, for messages.
    let builtin: String
    /// Where the script called the built-in: the call site of script functions the host calls
    /// through it, so a stack trace leads back to the script.
    let file: SourceFile
    let span: SourceSpan
    /// True when the body is async and the script thread serves the nested work.
    let servedByScriptThread: Bool
    private let state = Mutex<State>(State())

    private struct State {
        var jobs: [Handoff<() -> Void>] = []
        /// Nested evaluations let in and not yet ended (waiting for their turn included).
        var admitted = 0
        var bodyEnded = false
        /// Set once the body has ended: nested calls that come later wait their turn as usual.
        var closed = false
        /// Made when first needed: most calls of a synchronous host function let nothing in,
        /// and these two were most of the cost of the call (about 0.2 µs, measured alone).
        /// `turns`: nested evaluations of one built-in take turns, first come first served.
        var turns: Turnstile?
        /// Wakes the serving thread: work handed to it, the body's end, the last nested end.
        var wake: DispatchSemaphore?

        mutating func wakeSemaphore() -> DispatchSemaphore {
            if let wake { return wake }
            let w = DispatchSemaphore(value: 0)
            wake = w
            return w
        }
    }

    init(_ interpreter: Interpreter, builtin: String, at context: CallContext, servedByScriptThread: Bool) {
        self.interpreter = ObjectIdentifier(interpreter)
        self.builtin = builtin
        file = context.file
        span = context.span
        self.servedByScriptThread = servedByScriptThread
    }

    /// Runs `work` (script work) inside the built-in's evaluation, in its turn; nil when the
    /// built-in has already returned.
    func run(_ work: @escaping () -> EvaluationOutcome) async -> EvaluationOutcome? {
        let turns = state.withLock { s -> Turnstile? in
            if s.closed { return nil }
            s.admitted += 1
            if let t = s.turns { return t }
            let t = Turnstile()
            s.turns = t
            return t
        }
        guard let turns else { return nil }
        await turns.enter()
        let result: Handoff<EvaluationOutcome>
        if servedByScriptThread {
            // The script thread runs the job and resumes this task; it touches nothing else of it.
            let job = Handoff(work)
            result = await withCheckedContinuation { (c: CheckedContinuation<Handoff<EvaluationOutcome>, Never>) in
                let resume = Handoff(c)
                state.withLock { s in
                    s.jobs.append(Handoff({ resume.value.resume(returning: Handoff(job.value())) }))
                    return s.wakeSemaphore()
                }.signal()
            }
        } else {
            result = Handoff(await ScriptThread.run(work))
        }
        turns.leave()
        let last = state.withLock { s -> DispatchSemaphore? in
            s.admitted -= 1
            return s.closed && s.admitted == 0 ? s.wakeSemaphore() : nil
        }
        last?.signal()
        return result.value
    }

    /// The body has returned (or thrown).
    func bodyEnded() {
        state.withLock { s in
            s.bodyEnded = true
            return s.wakeSemaphore()
        }.signal()
    }

    /// Ends a synchronous body's window: true when nothing it let in is still running; otherwise
    /// `serve` waits for that.
    func closeIfIdle() -> Bool {
        state.withLock { s in
            s.bodyEnded = true
            s.closed = true
            return s.admitted == 0
        }
    }

    /// On the script thread: runs the jobs handed to it, each through `around`, until the body
    /// has ended and every nested evaluation it let in with it.
    func serve(_ around: (() -> Void) -> Void) {
        let wake = state.withLock { $0.wakeSemaphore() }
        while true {
            wake.wait()
            let job = state.withLock { s -> Handoff<(() -> Void)?>? in
                if !s.jobs.isEmpty { return Handoff(s.jobs.removeFirst().value) }
                if s.bodyEnded {
                    s.closed = true
                    if s.admitted == 0 { return nil }
                }
                return Handoff(nil)  // woken early: more to come
            }
            guard let job else { return }
            if let run = job.value { around(run) }
        }
    }
}

extension Interpreter {
    /// Runs the synchronous body of an embedder's built-in with the way back in open (see
    /// `Reentry`): a nested evaluation it starts gets a script thread of its own, and the call
    /// returns to the script only once those have ended.
    func hostCall(_ name: String, _ context: CallContext, _ body: () throws -> Value) throws -> Value {
        let reentry = Reentry(self, builtin: name, at: context, servedByScriptThread: false)
        context.reentry = reentry
        defer {
            // No jobs come: serving waits for the nested evaluations it let in.
            if !reentry.closeIfIdle() { reentry.serve { $0() } }
        }
        do { return try Reentry.$current.withValue(reentry, operation: body) } catch let f as ScriptFailure {
            throw f.scriptError  // a nested evaluation's failure, rethrown: the script gets it as it was
        }
    }

    /// Runs the async body of an embedder's built-in as a task while this script thread waits,
    /// serving the script work the body hands back (nested evaluations, `CallContext.call`).
    /// As around service I/O, other items of an enclosing `parallel` evaluate meanwhile; a job
    /// takes the evaluation lock back while it runs.
    func hostCall(
        _ name: String, _ context: CallContext, async body: @escaping (CallContext) async throws -> Value
    ) throws -> Value {
        let reentry = Reentry(self, builtin: name, at: context, servedByScriptThread: true)
        context.reentry = reentry
        return try lettingOthersEvaluate { saved, lock in
            do {
                return try control.blockOn(
                    { try await Reentry.$current.withValue(reentry) { try await body(context) } }, serving: reentry
                ) { [self] job in
                    lock.acquire()
                    restoreFiberState(saved)
                    job()
                    lock.release()
                }
            } catch let f as ScriptFailure {
                throw f.scriptError
            }
        }
    }

    /// A nested evaluation's work (see `Reentry`), on the thread that runs it. It continues
    /// the call stack of the evaluation it is part of (the depth limit counts both) and leaves
    /// its state as it found it. Given `limits`, those apply while it runs; otherwise it runs
    /// under the enclosing evaluation's. Its steps and output count towards those too.
    func nestedEvaluation(limits: Limits?, ownThread: Bool, _ work: () throws -> Value?) -> EvaluationOutcome {
        let saved = saveFiberState()
        if ownThread { exec = nil }  // a thread of its own has stacks of its own
        let outer = (limits: self.limits, steps: steps, deadline: deadline, output: outputBytes)
        if let limits {
            self.limits = limits
            callDepthLimit = limits.callDepth
            steps = 0
            nextCheck = 0  // (`tick` looks at the new limits at the next step)
            outputBytes = 0
            deadline = limits.wallTime.map { ContinuousClock.now + $0 }
        }
        defer {
            restoreFiberState(saved)
            if limits != nil {
                self.limits = outer.limits
                callDepthLimit = outer.limits.callDepth
                steps = Value.saturatingAdd(outer.steps, steps)
                nextCheck = 0
                outputBytes = Value.saturatingAdd(outer.output, outputBytes)
                deadline = outer.deadline
            }
        }
        do { return EvaluationOutcome(value: try work(), error: nil) } catch {
            return EvaluationOutcome(value: nil, error: error)
        }
    }
}
