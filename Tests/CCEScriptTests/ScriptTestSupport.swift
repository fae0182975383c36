import CCECore
import Foundation
import Synchronization

@testable import CCEScript

/// Collects what `print` writes.
final class OutputSink: Sendable {
    private let buffer = Mutex("")
    var text: String { buffer.withLock { $0 } }
    func append(_ s: String) { buffer.withLock { $0 += s } }
}

/// The shared conformance folder: `<repo>/../shared/conformance`.
let conformanceDirectory: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/conformance/programs")

struct RunResult {
    var output: String
    var failure: ScriptFailure?
    var stderr: String { failure?.render(color: false) ?? "" }
}

/// Runs a script with a fresh interpreter and returns what it printed and how it failed.
func runScript(
    _ source: String, fileName: String = "test.cce", limits: Limits = Limits(),
    capabilities: Capabilities = Capabilities()
) async -> RunResult {
    let sink = OutputSink()
    let interp = Interpreter(
        options: InterpreterOptions(limits: limits, capabilities: capabilities, output: { sink.append($0) }))
    switch await interp.execute(source: source, fileName: fileName) {
    case .success: return RunResult(output: sink.text, failure: nil)
    case .failure(let f): return RunResult(output: sink.text, failure: f)
    }
}

/// The printed output of a script that must succeed; a failure is returned as its rendering.
func output(_ source: String) async -> String {
    let r = await runScript(source)
    if let f = r.failure { return "FAILED: " + f.render(color: false) }
    return r.output
}

/// A task executor with a thread of its own, for the tests that time cancellation: when the
/// whole suite runs in parallel, synchronous test bodies fill the (2-thread) cooperative pool
/// for a second or more at a time, and a task there waits that long for a thread whatever the
/// interpreter does. A task that prefers this executor resumes here at once, so the bound
/// measures the interpreter (and the operating system's scheduling of its threads).
final class TimingExecutor: TaskExecutor, Sendable {
    static let shared = TimingExecutor()

    private let jobs = Mutex<[UnownedJob]>([])
    private let ready = DispatchSemaphore(value: 0)

    private init() {
        // The one shared instance lives as long as the test process, and so does its thread.
        let started = NativeThread.start(stackSize: 1 << 20) { [self] in
            while true {
                ready.wait()
                if let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
                    job.runSynchronously(on: asUnownedTaskExecutor())
                }
            }
        }
        precondition(started, "no thread for the timing executor")
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        ready.signal()
    }
}

/// Starts `body` as a task on the timing executor (see `TimingExecutor`).
func timedTask<T: Sendable>(_ body: sending @escaping @isolated(any) () async -> T) -> Task<T, Never> {
    Task(executorPreference: TimingExecutor.shared, operation: body)
}

/// Cancels `task` (made by `timedTask`) and returns its value and how long it took to end.
func cancelAndTime<T: Sendable>(_ task: Task<T, Never>) async -> (value: T, took: Duration) {
    await withTaskExecutorPreference(TimingExecutor.shared) {
        let cancelledAt = ContinuousClock.now
        task.cancel()
        let value = await task.value
        return (value, ContinuousClock.now - cancelledAt)
    }
}
