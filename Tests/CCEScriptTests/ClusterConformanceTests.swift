import CCECore
import CCEEmulator
import Foundation
import Synchronization
import Testing

@testable import CCEScript

/// Helpers for the cluster tests: an in-process emulator behind a real `CCEClient`, and a
/// script runner that captures output and progress.
enum ClusterTestKit {
    static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let programs = repository.deletingLastPathComponent().appendingPathComponent("shared/conformance/programs")
    static let stdlib = repository.appendingPathComponent("stdlib").path

    /// A client talking to a fresh in-memory emulator whose jobs take `create`/`delete` seconds.
    static func service(create: Double = 0, delete: Double = 0, quota: Int = 10, jobFailureRate: Double = 0) throws
        -> CCEClient
    {
        let emulator = try Emulator(
            configuration: EmulatorConfiguration(
                storage: .memory, createSeconds: create, deleteSeconds: delete, clusterQuota: quota,
                jobFailureRate: jobFailureRate))
        return CCEClient(
            baseURL: "http://emulator.invalid", projectID: "0123456789abcdef0123456789abcdef", region: "eu-de",
            auth: .none,
            transport: EmulatorTransport(emulator: emulator))
    }

    final class Capture: Sendable {
        private let text = Mutex("")
        private let reports = Mutex<[WaitProgress]>([])
        var output: String { text.withLock { $0 } }
        var progress: [WaitProgress] { reports.withLock { $0 } }
        func write(_ s: String) { text.withLock { $0 += s } }
        func report(_ p: WaitProgress) { reports.withLock { $0.append(p) } }
    }

    struct Run {
        var output: String
        var failure: ScriptFailure?
        var progress: [WaitProgress]
        var stderr: String { failure?.render(color: false) ?? "" }
    }

    static func run(
        _ source: String, fileName: String = "test.cce", service: (any ClusterService)?, limits: Limits = Limits(),
        ioExecutor: (any TaskExecutor)? = nil
    ) async -> Run {
        let capture = Capture()
        let options = InterpreterOptions(
            limits: limits, capabilities: Capabilities(stdlibPath: stdlib, service: service),
            output: { capture.write($0) }, progress: { capture.report($0) }, ioExecutor: ioExecutor)
        let interpreter = Interpreter(options: options)
        let outcome = await interpreter.execute(source: source, fileName: fileName)
        if case .failure(let f) = outcome {
            return Run(output: capture.output, failure: f, progress: capture.progress)
        }
        return Run(output: capture.output, failure: nil, progress: capture.progress)
    }

    static func program(_ name: String) throws -> (source: String, expected: String) {
        let source = try String(contentsOf: programs.appendingPathComponent("\(name).cce"), encoding: .utf8)
        let expected = try String(contentsOf: programs.appendingPathComponent("\(name).out"), encoding: .utf8)
        return (source, expected)
    }
}

@Suite struct ClusterConformanceTests {
    @Test(arguments: ["create-wait", "batch", "seed-example", "validation"])
    func programPrintsExactlyItsExpectedOutput(name: String) async throws {
        let (source, expected) = try ClusterTestKit.program(name)
        let run = await ClusterTestKit.run(source, fileName: "\(name).cce", service: try ClusterTestKit.service())
        #expect(run.failure == nil, "\(run.stderr)")
        #expect(run.output == expected)
    }

    /// The same programs with jobs that take 50 ms, so waits really poll.
    @Test(arguments: ["create-wait", "batch"])
    func programWithSlowJobsStillPrintsItsExpectedOutput(name: String) async throws {
        let (source, expected) = try ClusterTestKit.program(name)
        let run = await ClusterTestKit.run(
            source, fileName: "\(name).cce", service: try ClusterTestKit.service(create: 0.05, delete: 0.05))
        #expect(run.failure == nil, "\(run.stderr)")
        #expect(run.output == expected)
        // Every wait reported at least its start and its end.
        let finished = run.progress.filter(\.finished)
        #expect(!finished.isEmpty)
        #expect(Set(finished.map(\.jobID)).count == finished.count)
    }

    @Test(arguments: ["check-fails", "unknown-builder"])
    func errorProgramReportsTheExpectedPosition(name: String) async throws {
        let dir = ClusterTestKit.programs.appendingPathComponent("errors")
        let source = try String(contentsOf: dir.appendingPathComponent("\(name).cce"), encoding: .utf8)
        let spec = try String(contentsOf: dir.appendingPathComponent("\(name).err"), encoding: .utf8)
        let lines = spec.split(separator: "\n").map(String.init)
        let prefixes = lines[0].split(separator: "|").map(String.init)
        let run = await ClusterTestKit.run(source, fileName: "errors/\(name).cce", service: nil)
        let failure = try #require(run.failure)
        let stderr = failure.render(color: false)
        #expect(
            stderr.split(separator: "\n").contains { line in prefixes.contains { line.hasPrefix($0) } }, "\(stderr)")
        for line in lines where line.hasPrefix("stderr-contains: ") {
            #expect(stderr.contains(line.dropFirst("stderr-contains: ".count)), "\(stderr)")
        }
    }
}
