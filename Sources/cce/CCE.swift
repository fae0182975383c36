import ArgumentParser
import Foundation

/// Service-selection flags, shared by every command that talks to a service.
struct ServiceOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "CCE endpoint URL, e.g. https://cce.eu-de.otc.t-systems.com (env CCE_ENDPOINT).", valueName: "url"))
    var endpoint: String?

    @Option(
        name: .customLong("project-id"),
        help: ArgumentHelp("Project id (env CCE_PROJECT_ID, OS_PROJECT_ID).", valueName: "id"))
    var projectID: String?

    @Option(
        help: ArgumentHelp(
            "Region; implies the endpoint when --endpoint is absent (env CCE_REGION, OS_REGION_NAME).",
            valueName: "name"))
    var region: String?

    @Option(
        help: ArgumentHelp(
            "Profile in $XDG_CONFIG_HOME/cce/config (env CCE_PROFILE; default [default]).", valueName: "name"))
    var profile: String?

    @Option(
        name: .customLong("token-file"),
        help: ArgumentHelp(
            "File holding an IAM token (tokens never go on the command line; env CCE_TOKEN).", valueName: "path"),
        completion: .file())
    var tokenFile: String?

    @Option(help: ArgumentHelp("An entry of clouds.yaml (env OS_CLOUD).", valueName: "name"))
    var cloud: String?

    @Option(
        help: ArgumentHelp(
            "Wait progress on stderr: auto (live on a terminal, none otherwise), plain (a line per phase change, "
                + "for CI logs), off (env CCE_PROGRESS).",
            valueName: "mode"))
    var progress: ProgressChoice?

    @Option(
        name: .customLong("max-memory"),
        help: ArgumentHelp(
            "How much memory a script may grow the process by, e.g. 512M or 2G (default 4G).", valueName: "size"))
    var maxMemory: String?

    @Option(
        name: .customLong("max-steps"),
        help: ArgumentHelp(
            "Stop a script after this many evaluation steps (default: no limit).", valueName: "n"))
    var maxSteps: Int?

    @Option(
        help: ArgumentHelp(
            "Stop a script (or a REPL entry) after this long, e.g. 90s, 30m, 2h (default: no limit; "
                + "waits have their own timeouts).",
            valueName: "duration"))
    var timeout: String?

    func validate() throws {
        if let maxMemory, LimitArgument.bytes(maxMemory) == nil {
            throw ValidationError("--max-memory takes a size such as 512M, 2G or a number of bytes, not '\(maxMemory)'")
        }
        if let maxSteps, maxSteps < 1 { throw ValidationError("--max-steps must be at least 1") }
        if let timeout, LimitArgument.duration(timeout) == nil {
            throw ValidationError("--timeout takes a duration such as 90s, 30m or 2h, not '\(timeout)'")
        }
    }

    var flags: ServiceFlags {
        ServiceFlags(
            endpoint: endpoint, projectID: projectID, region: region, profile: profile, tokenFile: tokenFile,
            cloud: cloud,
            progress: progress, maxMemory: maxMemory.flatMap(LimitArgument.bytes), maxSteps: maxSteps,
            timeout: timeout.flatMap(LimitArgument.duration))
    }
}

extension ProgressChoice: ExpressibleByArgument {}

/// Output format for `run` and `check`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

@main
struct CCE: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cce",
        abstract:
            "Create CCE clusters from a small scripting language: a REPL, a script runner, checks, "
            + "and a local emulator.",
        discussion: """
            With no subcommand, `repl` runs: the REPL, or `cce -e EXPR`.

            `cce FILE.cce [ARGS]` runs a script like `cce run` (so `#!/usr/bin/env cce` scripts run).

            SERVICE: flags, then the environment (CCE_ENDPOINT, CCE_PROJECT_ID, CCE_TOKEN or \
            OS_AUTH_TOKEN, HUAWEICLOUD_SDK_AK + HUAWEICLOUD_SDK_SK, an IAM password: OS_AUTH_URL, \
            OS_USERNAME, OS_PASSWORD, OS_USER_DOMAIN_NAME, OS_PROJECT_NAME; CCE_REGION/OS_REGION_NAME), \
            then a clouds.yaml entry (--cloud/OS_CLOUD), then the profile file \
            $XDG_CONFIG_HOME/cce/config (INI: [name] sections with endpoint, project_id, region, \
            token_file, access_key, secret_key, auth_url, username, password, user_domain_name, \
            project_name), else the embedded emulator (state in CCE_EMULATOR_DB, default \
            $XDG_DATA_HOME/cce/emulator.sqlite). `cce config` shows what was chosen.

            EXIT CODES: 0 ok, 1 script error, 2 usage, 3 validation failed, 4 service error, \
            5 timeout, 6 `plan` found changes, 130 interrupted.
            """,
        version: CCEVersion.current,
        subcommands: [
            ReplCommand.self, RunCommand.self, CheckCommand.self, PlanCommand.self, ServeCommand.self,
            ConfigCommand.self, KubeconfigCommand.self,
        ],
        defaultSubcommand: ReplCommand.self
    )

    /// The process entry. Synchronous, so that `cce run` starts its task on its event loop at
    /// once: an `async` main first runs on the global executor, whose first use starts two
    /// Dispatch threads that `cce run` never needs. Every command ends the process itself.
    static func main() {
        let arguments = ScriptPath.arguments(Array(CommandLine.arguments.dropFirst()))
        // What argument-parser prints for it, without its parse (reflection over every command).
        if arguments == ["--version"] {
            FDStream.standardOutput.write(CCEVersion.current + "\n")
            Foundation.exit(0)
        }
        // The everyday shapes skip argument-parser's parse, a third of `cce -e 1`'s start-up
        // (it reflects over every command and checks for completion-script requests).
        let quick = QuickInvocation.parse(arguments)
        if let quick {
            // `finish` ends the process from the command's task. None of these commands uses
            // the main queue, so not `dispatchMain()`, which ends this thread with
            // `pthread_exit`, whose forced unwind loads libgcc_s and walks the stack.
            if quick.isExpression, let executor = MainThreadExecutor() {
                CommandExecutor.preferred = executor
                Task(executorPreference: executor) { await finish(executor: executor) { try await quick.execute() } }
                executor.run()
            }
            // `cce run` on its event loop; the REPL on the global executor (see
            // EventLoopExecutor for why not there); this thread only waits.
            let executor = quick.isRun ? EventLoopExecutor.install() : nil
            Task(executorPreference: executor) { await finish(executor: executor) { try await quick.execute() } }
            while true { pause() }
        }
        // As an `async` main would: the command on the global executor, the main queue served.
        Task { await mainAsync(arguments: arguments) }
        dispatchMain()
    }

    /// argument-parser reports usage errors with EX_USAGE (64); ours is 2.
    private static func mainAsync(arguments: [String]) async -> Never {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            // A parse error: argument-parser names the right (sub)command's usage.
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                Foundation.exit(ExitStatus.usage.rawValue)
            }
            exit(withError: error)
        }
        // Before the command touches the network (see EventLoopExecutor for why not the REPL,
        // serve, or `-e`: an expression rarely waits for a batch, and starting the loop's
        // thread up front costs `cce -e` start-up time).
        let executor: EventLoopExecutor? = command is RunCommand ? EventLoopExecutor.install() : nil
        if let asyncCommand = command as? AsyncParsableCommand {
            // The command value is used by this task alone.
            nonisolated(unsafe) var running = asyncCommand
            await finish(executor: executor) { try await running.run() }
        } else {
            await finish(executor: nil) { try command.run() }
        }
    }

    /// Runs a command and exits with its status, mapping errors to exit codes.
    private static func finish(executor: (any TaskExecutor)?, _ body: sending @escaping () async throws -> Void) async
        -> Never
    {
        do {
            try await withTaskExecutorPreference(executor) { try await body() }
        } catch let code as ExitCode {
            // What `exit(withError:)` does for an ExitCode (no message), without first building
            // the usage text it would discard: reflection over every command, ~0.4 ms.
            Foundation.exit(code.rawValue)
        } catch let error as ScriptEncodingError {
            printError(error.message)
            Foundation.exit(ExitStatus.scriptError.rawValue)
        } catch let error as ServiceConfigurationError {
            printError("cce: \(error.message)")
            Foundation.exit(ExitStatus.usage.rawValue)
        } catch let error as ValidationError {
            printError("cce: \(error.message)")
            Foundation.exit(ExitStatus.usage.rawValue)
        } catch {
            exit(withError: error)
        }
        exit(withError: nil)
    }
}

/// `cce run [OPTIONS] FILE [ARGS…]`, `cce [OPTIONS] -e EXPR` and a bare `cce`, recognised
/// without argument-parser. Only the unambiguous shapes: options before FILE, each known
/// to the command, given once, as `--name value` or `--name=value` with a value that is
/// neither empty nor dash-led; no dash-led word after FILE; `--output` text or json.
/// Anything else (help, completion scripts, other subcommands, every mistake) returns nil
/// and goes through argument-parser. Tests check that both read each shape alike.
enum QuickInvocation: Equatable {
    case run(flags: ServiceFlags, output: OutputFormat, file: String, arguments: [String])
    case repl(flags: ServiceFlags, expression: String?)

    var isRun: Bool {
        if case .run = self { return true }
        return false
    }

    /// `cce -e EXPR`.
    var isExpression: Bool {
        if case .repl(_, .some) = self { return true }
        return false
    }

    static func parse(_ arguments: some Collection<String>) -> QuickInvocation? {
        var rest = ArraySlice(arguments)
        if rest.contains("--version") { return nil }
        let isRun = rest.first == "run"
        if isRun { rest = rest.dropFirst() }
        // Plain variables, no Set or Dictionary: the first use of one at start-up costs a scan
        // of the binary's protocol conformances (String: Hashable), a quarter of a millisecond.
        var flags = ServiceFlags()
        var output: String?
        var expression: String?
        while let word = rest.first, word.hasPrefix("-") {
            let name: String
            let value: String
            if word.hasPrefix("--"), let equals = word.firstIndex(of: "=") {
                name = String(word[..<equals])
                value = String(word[word.index(after: equals)...])
                rest = rest.dropFirst()
            } else {
                guard rest.count >= 2 else { return nil }
                name = word
                value = rest[rest.index(after: rest.startIndex)]
                rest = rest.dropFirst(2)
            }
            guard !value.isEmpty, !value.hasPrefix("-") else { return nil }
            // Each option once: a repeated one is left to argument-parser.
            func first(_ slot: inout String?) -> Bool {
                guard slot == nil else { return false }
                slot = value
                return true
            }
            let fresh: Bool
            switch name {
            case "--endpoint": fresh = first(&flags.endpoint)
            case "--project-id": fresh = first(&flags.projectID)
            case "--region": fresh = first(&flags.region)
            case "--profile": fresh = first(&flags.profile)
            case "--token-file": fresh = first(&flags.tokenFile)
            case "--cloud": fresh = first(&flags.cloud)
            case "--progress":
                guard flags.progress == nil, let choice = ProgressChoice(rawValue: value) else { return nil }
                flags.progress = choice
                fresh = true
            case "--output" where isRun: fresh = first(&output)
            case "--max-memory" where isRun:
                guard flags.maxMemory == nil, let bytes = LimitArgument.bytes(value) else { return nil }
                flags.maxMemory = bytes
                fresh = true
            case "--max-steps" where isRun:
                guard flags.maxSteps == nil, let n = Int(value), n >= 1 else { return nil }
                flags.maxSteps = n
                fresh = true
            case "--timeout" where isRun:
                guard flags.timeout == nil, let d = LimitArgument.duration(value) else { return nil }
                flags.timeout = d
                fresh = true
            case "-e" where !isRun: fresh = first(&expression)
            default: return nil
            }
            guard fresh else { return nil }
        }
        guard isRun else {
            return rest.isEmpty ? .repl(flags: flags, expression: expression) : nil
        }
        guard let file = rest.first, rest.allSatisfy({ !$0.hasPrefix("-") }) else { return nil }
        var format = OutputFormat.text
        if let output {
            guard let chosen = OutputFormat(rawValue: output) else { return nil }
            format = chosen
        }
        return .run(flags: flags, output: format, file: file, arguments: Array(rest.dropFirst()))
    }

    func execute() async throws {
        switch self {
        case .run(let flags, let output, let file, let arguments):
            try await RunCommand.execute(flags: flags, output: output, file: file, arguments: arguments)
        case .repl(let flags, let expression):
            try await ReplCommand.execute(flags: flags, expression: expression)
        }
    }
}

/// The default subcommand. The service flags live on each subcommand rather than on the
/// root: argument-parser rejects `cce run --endpoint …` when the root declares them too.
struct ReplCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "The interactive REPL (the default), or evaluate -e EXPR and print its value.",
        discussion: """
            In the REPL: :help [name], :vars, :load FILE, :reset, :quit. Tab completes names, \
            methods after '.', and values inside strings (flavors, network and proxy modes). \
            History: $XDG_STATE_HOME/cce/history. With stdin not a terminal, statements are read \
            from stdin and expression values printed, without prompts.
            """
    )

    @OptionGroup var service: ServiceOptions

    @Option(
        name: .customShort("e"),
        help: ArgumentHelp("Evaluate EXPR (any statements), print the last value, exit.", valueName: "expr"))
    var expression: String?

    func run() async throws {
        try await Self.execute(flags: service.flags, expression: expression)
    }

    /// The command proper, also reached from `QuickInvocation`.
    static func execute(flags: ServiceFlags, expression: String?) async throws {
        let environment = ProcessEnvironment.current()
        let session = try Session.make(flags: flags, environment: environment)
        if let expression {
            let code = await session.evaluateOnce(expression)
            throw ExitCode(code.rawValue)
        }
        let code = await REPL(session: session, environment: environment).run()
        throw ExitCode(code.rawValue)
    }
}

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a .cce script; its arguments are visible to it as `args`.",
        discussion: "Writes to stdout only what the script prints; diagnostics and progress go to stderr."
    )

    @OptionGroup var service: ServiceOptions

    @Option(help: "text, or json: one JSON object on stdout describing the outcome.")
    var output: OutputFormat = .text

    @Argument(
        help: ArgumentHelp("The script ('-' reads stdin).", valueName: "file"), completion: .file(extensions: ["cce"]))
    var file: String

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("Arguments for the script.", valueName: "args"))
    var arguments: [String] = []

    func run() async throws {
        try await Self.execute(flags: service.flags, output: output, file: file, arguments: arguments)
    }

    /// The command proper, also reached from `QuickInvocation`.
    static func execute(flags: ServiceFlags, output: OutputFormat, file: String, arguments: [String]) async throws {
        let environment = ProcessEnvironment.current()
        let source = try ScriptSource.read(file)
        let session = try Session.make(flags: flags, environment: environment)
        let code = await session.runScript(source: source, fileName: file, arguments: arguments, format: output)
        throw ExitCode(code.rawValue)
    }
}

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse scripts and validate every cluster they would create, without sending anything.",
        discussion: """
            Each script runs against a dry-run service: `create` validates and records, jobs \
            end at once, nothing leaves the machine. Exit 0 when every script is clean, 3 when a \
            cluster fails validation, 1 for other script errors.
            """
    )

    @Option(help: "text, or json: one JSON object on stdout with each file's findings.")
    var output: OutputFormat = .text

    @Argument(help: ArgumentHelp("Scripts to check.", valueName: "file"), completion: .file(extensions: ["cce"]))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one script to check") }
    }

    func run() async throws {
        let environment = ProcessEnvironment.current()
        let code = await Session.check(files: files, environment: environment, format: output)
        throw ExitCode(code.rawValue)
    }
}

/// Reads a script file, with errors that name it.
enum ScriptSource {
    static func read(_ path: String) throws -> String {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return try decoded(Array(data), name: "<stdin>")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ValidationError("\(path): no such file")
        }
        guard !isDirectory.boolValue else { throw ValidationError("\(path): is a directory, not a script") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("\(path): cannot be read (check its permissions)")
        }
        return try decoded(Array(data), name: path)
    }

    /// The text of a UTF-8 script. Invalid UTF-8 is an error at its byte, not a silent
    /// U+FFFD (a binary file given by mistake would otherwise run as garbage).
    static func decoded(_ bytes: [UInt8], name: String) throws -> String {
        guard let offset = firstInvalidUTF8(bytes) else { return String(decoding: bytes, as: UTF8.self) }
        let before = bytes[..<offset]
        let line = before.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
        let byte = String(bytes[offset], radix: 16, uppercase: true)
        throw ScriptEncodingError(
            message:
                "\(name):\(line):\(column): error: the script is not valid UTF-8: byte 0x\(byte) at offset \(offset)\n"
                + "hint: save the file as UTF-8 (a binary file cannot be run)")
    }

    /// The offset of the first byte that is not part of a well-formed UTF-8 sequence
    /// (overlong forms, surrogates and values past U+10FFFF included), or nil.
    static func firstInvalidUTF8(_ b: [UInt8]) -> Int? {
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: return i
            }
            guard i + length <= b.count else { return i }
            guard (low...high).contains(b[i + 1]) else { return i }
            for k in 2..<max(2, length) where !(0x80...0xBF).contains(b[i + k]) { return i }
            i += length
        }
        return nil
    }
}

/// A script file that is not UTF-8; its message is a complete diagnostic.
struct ScriptEncodingError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// The version `cce --version` prints.
enum CCEVersion {
    static let current = "0.5.0"
}

/// `cce FILE.cce [ARGS]` is `cce run FILE.cce [ARGS]`: what a `#!/usr/bin/env cce` line runs.
enum ScriptPath {
    static let subcommands: Set<String> = ["repl", "run", "check", "plan", "serve", "config", "kubeconfig", "help"]

    /// The arguments with `run` put in front when the first one names a script rather than a
    /// subcommand: it ends in `.cce`, or is an existing file (a script made executable under
    /// another name). A subcommand's name always wins, so a file called `run` needs `./run`.
    static func arguments(
        _ arguments: [String], fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    )
        -> [String]
    {
        guard let first = arguments.first, !first.hasPrefix("-"), !subcommands.contains(first) else { return arguments }
        guard first.hasSuffix(".cce") || fileExists(first) else { return arguments }
        return ["run"] + arguments
    }
}
