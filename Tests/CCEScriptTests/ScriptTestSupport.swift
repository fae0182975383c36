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
