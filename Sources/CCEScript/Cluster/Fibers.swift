import Dispatch
import Synchronization

/// How `parallel` overlaps I/O while evaluation stays one-at-a-time (LANGUAGE.md
/// principle 4).
///
/// Each item of `parallel` is evaluated by a *fiber*: a thread (`ScriptThread.start`) that may
/// evaluate only while it holds the evaluation's `EvaluationLock`. A fiber gives the lock up
/// only while it waits: around the service I/O of the cluster built-ins
/// (`suspendingEvaluation`), in `sleep`, and while an embedder's async built-in runs; it takes
/// it back before it touches the interpreter again. So at any instant at most one
/// thread runs interpreter code, the hand-over through the lock orders their memory
/// accesses, and the waits of several fibers overlap.
///
/// The interpreter keeps some evaluation state in itself (the current file, the call depth
/// and the compiled engine's stacks); a fiber saves it when it lets go and restores it when
/// it resumes, so stack traces and the call-depth limit stay per fiber.
struct FiberState {
    var file: SourceFile
    var callDepth: Int
    var exec: Exec?
}

extension Interpreter {
    func saveFiberState() -> FiberState { FiberState(file: currentFile, callDepth: callDepth, exec: exec) }

    func restoreFiberState(_ s: FiberState) {
        currentFile = s.file
        callDepth = s.callDepth
        exec = s.exec
    }

    /// Runs `io` — service work that touches no interpreter state — as a task while this
    /// script thread waits for it, letting other fibers of an enclosing `parallel` evaluate
    /// meanwhile. Cancelling the evaluation cancels `io`.
    func suspendingEvaluation<T>(_ io: @escaping () async throws -> T) throws -> T {
        try lettingOthersEvaluate { _, _ in try control.blockOn(io) }
    }

    /// Runs `wait` with the evaluation lock let go, so other fibers evaluate meanwhile; then
    /// takes the lock back and restores this fiber's state (`wait` gets both, to do the same
    /// for work it runs in between).
    func lettingOthersEvaluate<T>(_ wait: (FiberState, EvaluationLock) throws -> T) throws -> T {
        let saved = saveFiberState()
        let lock = self.lock
        lock.release()
        defer {
            lock.acquire()
            restoreFiberState(saved)
        }
        return try wait(saved, lock)
    }

    /// Runs `fn` on every item as fibers: at most `limit` in flight, results in the order of
    /// `items`. Every item runs; when some fail, the error comes after all have ended (one
    /// failure is rethrown as is, several are listed). A limit or a cancellation stops
    /// everything at once (it ends the whole evaluation: no script can catch it).
    func runParallel(_ items: [Value], _ fn: Value, limit: Int, context: CallContext) throws -> [Value] {
        if items.isEmpty { return [] }
        let parentState = saveFiberState()
        let lock = self.lock
        let control = self.control
        let shared = ParallelWork(count: items.count)
        let workers = min(max(1, limit), items.count)
        let finished = DispatchSemaphore(value: 0)
        // The fibers take turns through `lock`, so these are used by one thread at a time.
        let job = Handoff((context, fn, items, parentState))
        var started = 0
        for _ in 0..<workers {
            let made = ScriptThread.start { [self] in
                let (context, fn, items, parentState) = job.value
                lock.acquire()
                var state = parentState
                state.exec = nil  // a fiber has stacks of its own (compiled engine)
                restoreFiberState(state)
                while let k = shared.next() {
                    do {
                        let v = try context.call(fn, [items[k]])
                        shared.finish(k, .success(v))
                    } catch let e as ScriptError where e.catchable {
                        shared.finish(k, .failure(e))
                    } catch {
                        shared.stop(error)
                        control.cancel()  // the others stop at their next step or I/O
                    }
                    restoreFiberState(state)
                }
                lock.release()
                finished.signal()
            }
            // Refused threads: the items go to the workers that did start.
            if made { started += 1 }
        }
        // No worker at all: no item ran, the interpreter's state is as it was, and the `.limit`
        // error ends the evaluation.
        guard started > 0 else { throw ScriptThread.noThread() }
        lock.release()
        for _ in 0..<started { finished.wait() }
        lock.acquire()
        restoreFiberState(parentState)
        let (results, failures, fatal) = shared.outcome()
        if let fatal { throw fatal }
        if failures.count == 1 { throw failures[0].1 }
        if !failures.isEmpty {
            let lines = failures.map { "[\($0.0)] \($0.1.message)" }
            throw ScriptError(
                .runtime,
                "parallel(): \(failures.count) of \(items.count) calls failed: " + lines.joined(separator: "; "),
                code: "parallel")
        }
        return results
    }
}

/// The items of one `parallel` still to start, and what the finished ones gave.
private final class ParallelWork: Sendable {
    private struct State {
        var next = 0
        var results: [Result<Value, ScriptError>?]
        var fatal: (any Error)?
    }
    private let state: Mutex<State>

    init(count: Int) { state = Mutex(State(results: Array(repeating: nil, count: count))) }

    func next() -> Int? {
        state.withLock { s in
            guard s.fatal == nil, s.next < s.results.count else { return nil }
            s.next += 1
            return s.next - 1
        }
    }

    func finish(_ k: Int, _ r: Result<Value, ScriptError>) {
        let r = Handoff(r)
        state.withLock { $0.results[k] = r.value }
    }

    func stop(_ error: any Error) {
        state.withLock { s in
            if s.fatal == nil { s.fatal = error }
        }
    }

    func outcome() -> ([Value], [(Int, ScriptError)], (any Error)?) {
        let h = state.withLock { s -> Handoff<([Value], [(Int, ScriptError)], (any Error)?)> in
            var values: [Value] = []
            var failures: [(Int, ScriptError)] = []
            for (k, r) in s.results.enumerated() {
                switch r {
                case .success(let v)?: values.append(v)
                case .failure(let e)?:
                    values.append(.null)
                    failures.append((k, e))
                case nil: values.append(.null)
                }
            }
            return Handoff((values, failures, s.fatal))
        }
        return h.value
    }
}
