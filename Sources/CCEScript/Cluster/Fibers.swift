import Synchronization

/// How `parallel` overlaps I/O while evaluation stays one-at-a-time (LANGUAGE.md
/// principle 4).
///
/// Each item of `parallel` is evaluated by a *fiber*: a child task that may evaluate only
/// while it holds the interpreter's `EvaluationLock`. A fiber gives the lock up only inside
/// the cluster built-ins, around the service I/O itself (`create`, `wait`, `ensure`, …),
/// and takes it back before it touches the interpreter again. So at any instant at most
/// one task runs interpreter code, the hand-over through the lock orders their memory
/// accesses, and the waits of several fibers overlap.
///
/// The interpreter keeps some evaluation state in itself (the current file and the call
/// stack); a fiber saves it when it lets go and restores it when it resumes, so stack
/// traces and the call-depth limit stay per fiber.
final class EvaluationLock: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var held: Bool
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
    }

    /// The interpreter this lock serialises (a nested interpreter run by a Swift built-in
    /// on the same task must not share it).
    let owner: ObjectIdentifier
    private let state: Mutex<State>

    /// A lock that the creating task already holds.
    init(owner: ObjectIdentifier) {
        self.owner = owner
        state = Mutex(State(held: true))
    }

    /// Takes the lock; throws `CancellationError` (without holding it) when the task is
    /// cancelled while waiting.
    func acquire() async throws {
        let id = state.withLock { st -> UInt64 in
            st.nextID &+= 1
            return st.nextID
        }
        try await withTaskCancellationHandler {
            try await wait(id: id, cancellable: true)
        } onCancel: {
            let waiter = state.withLock { st -> Waiter? in
                guard let k = st.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return st.waiters.remove(at: k)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Takes the lock even if the task is cancelled: a fiber that has let go must get the
    /// lock back before it unwinds through interpreter code. The holder always makes
    /// progress (it evaluates until it finishes or notices the cancellation), so this
    /// returns.
    func acquireUninterruptibly() async {
        let id = state.withLock { st -> UInt64 in
            st.nextID &+= 1
            return st.nextID
        }
        // Nothing ever resumes a non-cancellable waiter with an error.
        try? await wait(id: id, cancellable: false)
    }

    private func wait(id: UInt64, cancellable: Bool) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            enum Outcome { case acquired, cancelled, queued }
            let outcome = state.withLock { st -> Outcome in
                // Checked under the lock: if the cancellation handler ran before this
                // waiter was queued, the flag is already set and we see it here.
                if cancellable, Task.isCancelled { return .cancelled }
                if !st.held {
                    st.held = true
                    return .acquired
                }
                st.waiters.append(Waiter(id: id, continuation: continuation))
                return .queued
            }
            switch outcome {
            case .acquired: continuation.resume()
            case .cancelled: continuation.resume(throwing: CancellationError())
            case .queued: break
            }
        }
    }

    /// Hands the lock to the longest waiter, or frees it.
    func release() {
        let next = state.withLock { st -> Waiter? in
            if st.waiters.isEmpty {
                st.held = false
                return nil
            }
            return st.waiters.removeFirst()
        }
        next?.continuation.resume()
    }

    /// The lock of the `parallel` the current task runs inside, if any.
    @TaskLocal static var current: EvaluationLock?
}

/// Moves a non-`Sendable` value into a child task. Sound here only because the evaluation
/// lock guarantees that one task at a time touches the interpreter and its values.
struct UncheckedTransfer<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// The interpreter state a fiber owns while it evaluates.
struct FiberState {
    var file: SourceFile
    var callStack: [CallRecord]
}

extension Interpreter {
    func saveFiberState() -> FiberState { FiberState(file: currentFile, callStack: callStack) }

    func restoreFiberState(_ s: FiberState) {
        currentFile = s.file
        callStack = s.callStack
    }

    /// Runs `io` — service work that touches no interpreter state — letting other fibers of
    /// an enclosing `parallel` evaluate meanwhile. Outside `parallel` it just runs `io`.
    func suspendingEvaluation<T: Sendable>(_ io: () async throws -> T) async throws -> T {
        guard let lock = EvaluationLock.current, lock.owner == ObjectIdentifier(self) else {
            return try await io()
        }
        let saved = saveFiberState()
        lock.release()
        let result: Result<T, any Error>
        do {
            result = .success(try await io())
        } catch {
            result = .failure(error)
        }
        await lock.acquireUninterruptibly()
        restoreFiberState(saved)
        return try result.get()
    }
}
