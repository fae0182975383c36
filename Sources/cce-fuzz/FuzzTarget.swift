import CCEScript
import Foundation
import Synchronization

// One harness, two uses. Built with `-sanitize=fuzzer -D FUZZING` (scripts/tools/fuzz) it is
// a libFuzzer target: libFuzzer supplies `main` and calls `LLVMFuzzerTestOneInput` with
// mutated inputs. Built normally it is `cce-fuzz FILE…`, which replays saved inputs
// (crashers, the corpus) through the same code, so a crash found once stays reproducible.

/// Lexes, parses and evaluates `source` under tight limits, with no capabilities: no
/// environment, no files, and a dry-run service so the cluster built-ins run without I/O.
/// It runs on both engines, which must agree: the same output and the same error at the
/// same place (a mismatch aborts, so libFuzzer keeps the input as a finding). Otherwise any
/// outcome is fine; only a crash, a hang, a sanitizer report or a disagreement is a finding.
func exercise(_ source: String) {
    _ = Interpreter.inputStatus(source)
    let compiled = evaluate(source, engine: .compiled)
    let reference = evaluate(source, engine: .reference)
    // Time and memory limits depend on speed, not on the program: the engines may stop at
    // different points, so those runs are not compared.
    let timing = { (o: Outcome) in o.failure.map { $0.hasPrefix("time limit") || $0.hasPrefix("memory limit") } ?? false
    }
    if timing(compiled) || timing(reference) { return }
    if compiled != reference {
        FileHandle.standardError.write(
            Data(
                """
                cce-fuzz: the engines disagree
                compiled:  \(compiled)
                reference: \(reference)

                """.utf8))
        abort()
    }
}

/// What a run printed and how it ended (the rendered error, with its place).
struct Outcome: Equatable, CustomStringConvertible {
    var output: String
    var failure: String?
    var description: String { "output \(output.debugDescription), failure \(failure?.debugDescription ?? "none")" }
}

final class Sink: @unchecked Sendable {
    // Written only by the interpreter's print, which one evaluation at a time calls.
    var text = ""
}

func evaluate(_ source: String, engine: Engine) -> Outcome {
    let sink = Sink()
    let options = InterpreterOptions(
        limits: Limits(
            callDepth: 200, steps: 20_000, wallTime: .milliseconds(500), outputBytes: 1 << 16, memoryBytes: 64 << 20),
        capabilities: Capabilities(service: DryRunClusterService()),
        output: { sink.text += $0 },
        engine: engine
    )
    let done = DispatchSemaphore(value: 0)
    let result = Mutex<String?>(nil)
    // The harness thread is not part of Swift's cooperative pool, so blocking it is safe.
    Task.detached {
        let interpreter = Interpreter(options: options)
        if case .failure(let failure) = await interpreter.execute(source: source, fileName: "fuzz.cce") {
            let text = failure.message + "\n" + failure.render(color: false)
            result.withLock { $0 = text }
        }
        done.signal()
    }
    done.wait()
    return Outcome(output: sink.text, failure: result.withLock { $0 })
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size <= 1 << 16 else { return 0 }
    exercise(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
    return 0
}

/// SwiftPM links an executable's `main` to this module's entry point, so libFuzzer's own
/// `main` never runs; under FUZZING the entry point hands control to libFuzzer's driver
/// (looked up at run time: it is a C function with no Swift declaration).
@main
enum Entry {
    static func main() {
        #if FUZZING
        typealias Callback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
        typealias Driver =
            @convention(c) (
                UnsafeMutablePointer<CInt>, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                Callback
            ) -> CInt
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "LLVMFuzzerRunDriver") else {
            FileHandle.standardError.write(Data("cce-fuzz: built without libFuzzer (-sanitize=fuzzer)\n".utf8))
            exit(2)
        }
        let driver = unsafeBitCast(symbol, to: Driver.self)
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(driver(&argc, &argv, fuzzOne))
        #else
        replay(CommandLine.arguments.dropFirst())
        #endif
    }

    /// Runs saved inputs (crashers, corpus files) through the harness.
    static func replay(_ paths: ArraySlice<String>) {
        if paths.isEmpty {
            FileHandle.standardError.write(
                Data("usage: cce-fuzz FILE…  (replays fuzz inputs through the harness)\n".utf8))
            exit(2)
        }
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("cce-fuzz: cannot read \(path)\n".utf8))
                exit(1)
            }
            exercise(String(decoding: data, as: UTF8.self))
            print("ok \(path)")
        }
    }
}
