import CCECore
import CCEScript
import Foundation
import Synchronization

/// Everything one invocation of the command needs: which service, the progress renderer,
/// the interpreter factory, and how failures become exit codes.
final class Session {
    let choice: ServiceChoice
    let environment: [String: String]
    let secrets: [String]
    let colorErrors: Bool
    let progress: ProgressRenderer
    let interrupts: InterruptController?
    /// The service, connected on first use so that `cce -e '1'` opens nothing.
    let service: LazyService

    /// The limits of every evaluation: `Limits()` with the command's memory budget and the
    /// limit flags. No step or time limit by default: a batch waits for clusters for as long
    /// as its `wait(timeout:)` says.
    let limits: Limits

    init(
        choice: ServiceChoice, environment: [String: String], progressChoice: ProgressChoice? = nil,
        limits: Limits = Limits(memoryBytes: Limits.defaultCommandMemory)
    ) {
        self.limits = limits
        self.choice = choice
        self.environment = environment
        var secrets = HistoryFile.secretValues(environment: environment)
        if case .cloud(let target) = choice { secrets += target.credential.secrets }
        self.secrets = secrets
        colorErrors = Terminal.wantsColor(fd: 2, environment: environment)
        progress = Self.progressRenderer(
            choice: progressChoice ?? environment["CCE_PROGRESS"].flatMap(ProgressChoice.init(rawValue:)) ?? .auto,
            stderrIsTerminal: Terminal.isTTY(2))
        interrupts = InterruptController()
        service = LazyService(choice: choice, environment: environment)
    }

    static func make(flags: ServiceFlags, environment: [String: String]) throws -> Session {
        let resolver = ServiceResolver(
            flags: flags, environment: environment, readFile: ServiceResolver.readFileFromDisk)
        var limits = Limits(memoryBytes: flags.maxMemory ?? Limits.defaultCommandMemory)
        limits.steps = flags.maxSteps
        limits.wallTime = flags.timeout
        return Session(
            choice: try resolver.resolve(), environment: environment, progressChoice: flags.progress, limits: limits)
    }

    /// LANGUAGE.md: progress goes to stderr only when it is a terminal. Off a terminal only
    /// `plain`, asked for, writes (one line per phase change, for CI logs).
    static func progressRenderer(choice: ProgressChoice, stderrIsTerminal: Bool) -> ProgressRenderer {
        switch (choice, stderrIsTerminal) {
        case (.auto, true):
            ProgressRenderer(mode: .live(width: Terminal.width(fd: 2)), write: { FDStream.standardError.write($0) })
        case (.plain, _): ProgressRenderer(mode: .plain, write: { FDStream.standardError.write($0) })
        case (.auto, false), (.off, _): ProgressRenderer(mode: .plain, write: { _ in })
        }
    }

    /// Environment variables a script may read with `env()`: all but the secrets.
    var scriptEnvironment: [String: String] {
        environment.filter { key, value in
            !HistoryFile.secretNames.contains(key)
                && !secrets.contains(where: { $0.utf8.count >= 4 && Self.bytes(of: value, contain: $0) })
        }
    }

    /// Whether `part`'s UTF-8 occurs in `text`'s. Foundation's `contains` went through NSString
    /// for every pair, the generic `firstRange(of:)` through the runtime's type lookups.
    static func bytes(of text: String, contain part: String) -> Bool {
        var text = text
        var part = part
        return text.withUTF8 { t in
            part.withUTF8 { p in
                guard let first = p.first else { return true }
                guard t.count >= p.count else { return false }
                for i in 0...(t.count - p.count) where t[i] == first {
                    if UnsafeBufferPointer(rebasing: t[i..<(i + p.count)]).elementsEqual(p) { return true }
                }
                return false
            }
        }
    }

    /// The stdlib directory: `CCE_STDLIB`, beside an installed binary, or the source tree.
    /// Plain path arithmetic: Foundation's URL took a third of a millisecond at every start.
    static func stdlibPath(environment: [String: String]) -> String? {
        if let p = environment["CCE_STDLIB"], !p.isEmpty { return p }
        let exe = Paths.directory(of: Paths.resolved(CommandLine.arguments.first ?? "cce"))
        let candidates = [
            Paths.standardized(exe + "/../share/cce/stdlib"),
            exe + "/stdlib",
            Paths.standardized(Paths.directory(of: #filePath) + "/../../stdlib"),
        ]
        return candidates.first(where: Paths.exists)
    }

    func makeInterpreter(
        importRoots: [String], output: @escaping @Sendable (String) -> Void, service: (any ClusterService)?,
        showProgress: Bool = true, writesFiles: Bool = true
    ) -> Interpreter {
        let defaultKubeconfig = KubeconfigFile.defaultPath(environment: environment).path
        let capabilities = Capabilities(
            environment: scriptEnvironment, importRoots: importRoots,
            stdlibPath: Self.stdlibPath(environment: environment),
            service: service,
            kubeconfigWriter: { document, clusterName, path in
                // `cce check` and `cce plan` write nothing: the path is what a run would write.
                guard writesFiles else { return path ?? defaultKubeconfig }
                do {
                    return try KubeconfigFile.write(document, clusterName: clusterName, to: path ?? defaultKubeconfig)
                } catch let e as KubeconfigFile.Failure {
                    throw ScriptError(
                        .runtime, "write_kubeconfig(): \(e.description)",
                        hint: "check the path and its directory's permissions", code: "io")
                }
            })
        let progress = self.progress
        // A cloud's I/O on the command's executor: `cce run`'s event loop, which also reads the
        // HTTP responses, or `cce -e`'s main thread (nil for the REPL: the global one). Not the
        // embedded emulator's: it reads its SQLite store synchronously, which would hold up
        // that one thread (and with it Ctrl-C in `cce -e`) whenever a read waits for a write.
        let ioExecutor: (any TaskExecutor)?
        if case .cloud = choice { ioExecutor = CommandExecutor.preferred } else { ioExecutor = nil }
        var report: (@Sendable (WaitProgress) -> Void)?
        if showProgress {
            report = { p in
                progress.update(
                    ProgressUpdate(
                        jobID: p.jobID, clusterName: p.clusterName, phase: p.phase, subJob: p.subJob,
                        elapsed: p.elapsed, finished: p.finished))
            }
        }
        return Interpreter(
            options: InterpreterOptions(
                limits: limits, capabilities: capabilities, output: output, progress: report, ioExecutor: ioExecutor))
    }

    /// What `print` writes in text mode: stdout, after erasing live progress lines.
    var standardOutputSink: @Sendable (String) -> Void {
        let progress = self.progress
        return { text in
            progress.clear()
            FDStream.standardOutput.write(text)
        }
    }

    static func exitStatus(for failure: ScriptFailure) -> ExitStatus {
        switch failure.kind {
        case .syntax, .runtime, .limit: .scriptError
        case .validation: .validationFailed
        case .service: .serviceError
        case .timeout: .timeout
        case .cancelled: .interrupted
        }
    }

    /// Writes a failure to stderr, with nothing secret in it.
    func report(_ failure: ScriptFailure) {
        progress.clear()
        if failure.kind == .cancelled {
            printError("cce: interrupted")
            return
        }
        var text = failure.render(color: colorErrors)
        if text.isEmpty { text = "error: \(failure.message)\n" }
        printError(scrub(text))
    }

    /// Replaces any secret value that slipped into a message.
    func scrub(_ text: String) -> String {
        var t = text
        for s in secrets where s.count >= 4 { t = t.replacingOccurrences(of: s, with: "<redacted>") }
        return t
    }

    // MARK: cce -e

    func evaluateOnce(_ source: String) async -> ExitStatus {
        let interpreter = makeInterpreter(
            importRoots: [Paths.currentDirectory()], output: standardOutputSink, service: service)
        let outcome = await evaluate { await interpreter.evaluateEntry(source, fileName: "<-e>") }
        progress.reset()
        switch outcome {
        case .success(let value):
            // `cce -e 'print(x)'` is used like a one-line script: its `null` result is not shown.
            if let value, !value.isNull { FDStream.standardOutput.write(scrub(value.literalDescription) + "\n") }
            return .ok
        case .failure(let failure):
            report(failure)
            return Self.exitStatus(for: failure)
        }
    }

    /// Runs `operation` so that Ctrl-C cancels it.
    func evaluate<T: Sendable>(_ operation: @escaping @Sendable () async -> T) async -> T {
        // Live progress lines keep their elapsed time moving between reports.
        let progress = self.progress
        let ticker: Task<Void, Never>? =
            if case .live = progress.mode {
                Task.detached {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(1))
                        if !Task.isCancelled { progress.tick() }
                    }
                }
            } else { nil }
        defer { ticker?.cancel() }
        if let interrupts { return await interrupts.cancellable(operation).value }
        return await operation()
    }

    // MARK: cce run

    func runScript(source: String, fileName: String, arguments: [String], format: OutputFormat) async -> ExitStatus {
        let captured = Mutex("")
        let output: @Sendable (String) -> Void
        if format == .json {
            output = { text in captured.withLock { $0 += text } }
        } else {
            output = standardOutputSink
        }
        let scriptDir =
            fileName == "-"
            ? Paths.currentDirectory()
            : Paths.directory(of: Paths.absolute(fileName))
        let interpreter = makeInterpreter(importRoots: [scriptDir], output: output, service: service)
        let outcome = await evaluate {
            await interpreter.execute(source: source, fileName: fileName, arguments: arguments)
        }
        progress.reset()
        let status: ExitStatus
        var failure: ScriptFailure?
        switch outcome {
        case .success: status = .ok
        case .failure(let f):
            failure = f
            status = Self.exitStatus(for: f)
            if format == .text { report(f) }
        }
        if format == .json {
            var doc = JSONReport.Run(
                file: fileName, ok: status == .ok, exitCode: Int(status.rawValue),
                output: scrub(captured.withLock { $0 }))
            if let failure { doc.error = JSONReport.Failure(failure, scrub: scrub) }
            FDStream.standardOutput.write(JSONReport.encode(doc) + "\n")
        }
        return status
    }

    // MARK: cce check

    static func check(files: [String], environment: [String: String], format: OutputFormat) async -> ExitStatus {
        // Nothing is sent anywhere, so no service is resolved: a broken profile does not stop a check.
        let session = Session(choice: .emulator(statePath: ":memory:"), environment: environment)
        var worst = ExitStatus.ok
        var reports: [JSONReport.Checked] = []
        for file in files {
            // Collecting: an invalid body is noted and the script goes on, so every invalid
            // cluster of the script is reported, not only the first.
            let dryRun = DryRunClusterService(collectsInvalidBodies: true)
            var report = JSONReport.Checked(file: file, ok: true, clusters: [])
            let source: String
            do { source = try ScriptSource.read(file) } catch {
                let message = "\(error)"
                if format == .text { printError("cce check: \(message)") }
                report.ok = false
                report.error = JSONReport.Failure(kind: "usage", message: message)
                reports.append(report)
                worst = Self.worse(worst, .usage)
                continue
            }
            let interpreter = session.makeInterpreter(
                importRoots: [URL(fileURLWithPath: file).deletingLastPathComponent().path],
                output: { _ in }, service: dryRun, showProgress: false, writesFiles: false)
            let outcome = await session.evaluate {
                await interpreter.execute(source: source, fileName: file, arguments: [])
            }
            let created = await dryRun.recordedCreates
            // Every body `create`/`ensure` would send, invalid ones included (collected).
            report.clusters = created.map { body in
                let name = body["metadata"]?["name"]?.stringValue ?? "?"
                let findings = ClusterValidator.validate(body).map {
                    JSONReport.Finding(
                        severity: $0.severity.rawValue, path: $0.path, code: $0.code, message: $0.message, hint: $0.hint
                    )
                }
                return JSONReport.CheckedCluster(name: name, diagnostics: findings)
            }
            if format == .text {
                for c in report.clusters {
                    for d in c.diagnostics {
                        printError(
                            "\(file): cluster \(c.name): \(d.severity) \(d.path): \(d.message)"
                                + (d.hint.map { " (hint: \($0))" } ?? ""))
                    }
                }
            }
            let invalid = report.clusters.filter { $0.diagnostics.contains { $0.severity == "error" } }
            if !invalid.isEmpty {
                report.ok = false
                worst = Self.worse(worst, .validationFailed)
                let names = invalid.map(\.name).joined(separator: ", ")
                let are = created.count == 1 ? "cluster is" : "clusters are"
                let message = "\(invalid.count) of \(created.count) \(are) invalid: \(names)"
                if format == .text { printError("\(file): \(message)") }
                if case .success = outcome {
                    var failure = JSONReport.Failure(kind: "validation", message: message)
                    failure.code = "validation"
                    failure.diagnostics = invalid.flatMap { $0.diagnostics.filter { $0.severity == "error" } }
                    report.error = failure
                }
            }
            switch outcome {
            case .success where !invalid.isEmpty:
                break
            case .success:
                if format == .text {
                    let names = report.clusters.map(\.name).joined(separator: ", ")
                    FDStream.standardOutput.write(
                        "\(file): ok, \(created.count) cluster\(created.count == 1 ? "" : "s") would be "
                            + "created\(names.isEmpty ? "" : ": \(names)")\n"
                    )
                }
            case .failure(let f):
                report.ok = false
                report.error = JSONReport.Failure(f, scrub: session.scrub)
                if format == .text { session.report(f) }
                worst = Self.worse(worst, exitStatus(for: f))
            }
            reports.append(report)
        }
        if format == .json {
            let doc = JSONReport.Check(ok: worst == .ok, exitCode: Int(worst.rawValue), files: reports)
            FDStream.standardOutput.write(JSONReport.encode(doc) + "\n")
        }
        return worst
    }

    /// Several files: the most specific failure wins (validation over a generic script error).
    static func worse(_ a: ExitStatus, _ b: ExitStatus) -> ExitStatus {
        func rank(_ s: ExitStatus) -> Int {
            switch s {
            case .ok: 0
            case .scriptError: 1
            case .serviceError: 2
            case .timeout: 3
            case .validationFailed: 4
            case .usage: 5
            case .interrupted: 6
            case .planChanges: 0
            }
        }
        return rank(b) > rank(a) ? b : a
    }
}

/// The `--output json` documents.
enum JSONReport {
    struct Location: Encodable {
        var file: String
        var line: Int
        var column: Int
    }

    struct Finding: Encodable {
        var severity: String
        var path: String
        var code: String
        var message: String
        var hint: String?
    }

    struct Failure: Encodable {
        var kind: String
        var message: String
        var code: String?
        var status: Int?
        var location: Location?
        var diagnostics: [Finding] = []
        var stack: [String] = []
        /// Every diagnostic as text (several for syntax errors).
        var rendered: String?

        init(kind: String, message: String) {
            self.kind = kind
            self.message = message
        }

        init(_ f: ScriptFailure, scrub: (String) -> String) {
            kind = f.kind.rawValue
            message = scrub(f.message)
            code = f.code
            status = f.status
            if let d = f.diagnostics.first, let loc = d.location {
                location = Location(file: d.file?.name ?? "", line: loc.line, column: loc.column)
            }
            diagnostics = f.validation.map {
                Finding(severity: $0.severity, path: $0.path, code: $0.code, message: scrub($0.message), hint: $0.hint)
            }
            stack = f.stack.map(\.line)
            rendered = scrub(f.render(color: false))
        }
    }

    struct Run: Encodable {
        var file: String
        var ok: Bool
        var exitCode: Int
        /// What the script printed.
        var output: String
        var error: Failure?
    }

    struct CheckedCluster: Encodable {
        var name: String
        /// Errors and warnings; a cluster with an error would be refused.
        var diagnostics: [Finding]
    }

    struct Checked: Encodable {
        var file: String
        var ok: Bool
        /// The clusters the script would create, in order.
        var clusters: [CheckedCluster]
        var error: Failure?
    }

    struct Check: Encodable {
        var ok: Bool
        var exitCode: Int
        var files: [Checked]
    }

    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Path arithmetic on strings, for start-up (what `URL(fileURLWithPath:)` and friends do
/// for these cases, without their cost).
enum Paths {
    /// The working directory (`getcwd`; "." if it cannot be named, e.g. it was removed).
    /// Not `FileManager.default`, whose first use costs `cce -e 1` about 0.05 ms.
    static func currentDirectory() -> String {
        guard let cwd = getcwd(nil, 0) else { return "." }
        defer { free(cwd) }
        return String(cString: cwd)
    }

    /// Whether something exists at `path` (following symbolic links).
    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// `path` made absolute against the current directory (not standardized).
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : currentDirectory() + "/" + path
    }

    /// The directory of an absolute path: `/a/b/c` gives `/a/b`, `/c` gives `/`.
    static func directory(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return "." }
        return slash == p.startIndex ? "/" : String(p[..<slash])
    }

    /// Symbolic links resolved (`realpath`); a path that does not exist is made absolute only.
    static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return standardized(absolute(path)) }
        defer { free(real) }
        return String(cString: real)
    }

    /// `.` and `..` components and repeated slashes removed from an absolute path.
    static func standardized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in absolute(path).split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        // Appended one by one as Strings: `joined` on substrings is not specialised, and
        // `String += Substring` is the stdlib's generic `append(contentsOf:)`, whose casts
        // scan all 12k protocol conformances in the binary the first time (~0.15 ms at start-up).
        var out = ""
        for part in parts {
            out += "/"
            out += String(part)
        }
        return out.isEmpty ? "/" : out
    }
}
