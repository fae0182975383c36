import ArgumentParser
import CCECore
import CCEScript
import Foundation
import Synchronization

/// `cce plan SCRIPT [ARGS]`: runs a script against the configured service with reads going
/// through and no write sent (`PlanClusterService`), and prints what it would change.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what a script would change on the configured service, without changing anything.",
        discussion: """
            Reads go to the service; creates, updates, deletes and cluster operations are \
            recorded and answered as a dry run would, so the script runs to its end. One line \
            per cluster: `+ create NAME`, `~ update NAME` (with the fields), `= NAME unchanged`, \
            `! NAME needs a new cluster: …`, `- delete NAME`; node pools as CLUSTER/POOL (created, \
            scaled, unchanged, differing, deleted). What the script prints goes to \
            stderr. Exit 0 when nothing would change, 6 when something would, else the codes \
            of `cce run`.
            """
    )

    @OptionGroup var service: ServiceOptions

    @Option(help: "text, or json: one JSON object on stdout with each planned change.")
    var output: OutputFormat = .text

    @Argument(
        help: ArgumentHelp("The script ('-' reads stdin).", valueName: "file"), completion: .file(extensions: ["cce"]))
    var file: String

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("Arguments for the script.", valueName: "args"))
    var arguments: [String] = []

    func run() async throws {
        let environment = ProcessEnvironment.current()
        let source = try ScriptSource.read(file)
        let session = try Session.make(flags: service.flags, environment: environment)
        let code = await session.plan(source: source, fileName: file, arguments: arguments, format: output)
        throw ExitCode(code.rawValue)
    }
}

extension Session {
    func plan(source: String, fileName: String, arguments: [String], format: OutputFormat) async -> ExitStatus {
        let planner = PlanClusterService(inner: service)
        let captured = Mutex("")
        // The plan owns stdout; what the script prints goes to stderr (or into the JSON).
        let output: @Sendable (String) -> Void
        if format == .json {
            output = { text in captured.withLock { $0 += text } }
        } else {
            output = { text in FDStream.standardError.write(text) }
        }
        let scriptDir =
            fileName == "-"
            ? Paths.currentDirectory()
            : Paths.directory(of: Paths.absolute(fileName))
        let interpreter = makeInterpreter(
            importRoots: [scriptDir], output: output, service: planner, showProgress: false, writesFiles: false)
        let outcome = await evaluate {
            await interpreter.execute(source: source, fileName: fileName, arguments: arguments)
        }
        progress.reset()
        let entries = await planner.entries
        var status: ExitStatus = entries.contains(where: \.isChange) ? .planChanges : .ok
        var failure: ScriptFailure?
        if case .failure(let f) = outcome {
            failure = f
            status = Self.exitStatus(for: f)
        }
        switch format {
        case .text:
            var text = entries.map { scrub($0.line) + "\n" }.joined()
            if failure == nil {
                let changes = entries.filter(\.isChange).count
                text += changes == 0 ? "plan: no changes\n" : "plan: \(changes) change\(changes == 1 ? "" : "s")\n"
            }
            FDStream.standardOutput.write(text)
            if let failure { report(failure) }
        case .json:
            var doc = JSONReport.Plan(
                file: fileName, ok: failure == nil, exitCode: Int(status.rawValue),
                changes: entries.filter(\.isChange).count,
                entries: entries.map { JSONReport.PlanEntry($0, scrub: scrub) },
                output: scrub(captured.withLock { $0 }))
            if let failure { doc.error = JSONReport.Failure(failure, scrub: scrub) }
            FDStream.standardOutput.write(JSONReport.encode(doc) + "\n")
        }
        return status
    }
}

extension JSONReport {
    struct PlanField: Encodable {
        var path: String
        /// JSON text; nil when the cluster lacks the field.
        var have: String?
        var want: String
    }

    struct PlanEntry: Encodable {
        /// create, update, unchanged, replace, differs, delete, hibernate, awake, resize.
        var action: String
        var name: String
        var fields: [PlanField]
        /// The text line, as `cce plan` prints it.
        var line: String

        init(_ entry: CCEScript.PlanEntry, scrub: (String) -> String) {
            action = entry.action.rawValue
            name = entry.name
            fields = entry.changes.map {
                PlanField(
                    path: $0.path, have: $0.have.map { scrub($0.serialized()) }, want: scrub($0.want.serialized()))
            }
            line = scrub(entry.line)
        }
    }

    struct Plan: Encodable {
        var file: String
        var ok: Bool
        var exitCode: Int
        /// How many entries would change something.
        var changes: Int
        var entries: [PlanEntry]
        /// What the script printed.
        var output: String
        var error: Failure?
    }
}
