import ArgumentParser
import CCEEmulator
import Foundation

/// `cce serve`: the local CCE emulator over HTTP (Hummingbird), for the official SDKs,
/// Terraform, curl, or a `cce` in another shell.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the local CCE emulator over HTTP.",
        discussion: """
            Serves the CCE v3 cluster API (clusters and their day-2 operations, nodes, node pools, \
            clustercert kubeconfigs, jobs) on \
            loopback. Prints one line with its URL (http://127.0.0.1:PORT) on stdout once it \
            listens, one line per request on stderr, and stops cleanly on SIGINT/SIGTERM.

            AUTH: with --token (or --token-file, or env CCE_EMULATOR_TOKEN) requests must carry \
            X-Auth-Token; with --access-key and a secret (--secret-key-file or env \
            CCE_EMULATOR_SK; --secret-key is visible in ps) AK/SK signatures are verified (both \
            Access= and Credential= forms, ±15 min). With CCE_EMULATOR_IAM_USER and \
            CCE_EMULATOR_IAM_PASSWORD (and optionally CCE_EMULATOR_IAM_DOMAIN) the IAM door (POST \
            /v3/auth/tokens, GET /v3/projects) issues tokens to that user, so \
            OS_AUTH_URL=http://127.0.0.1:PORT/v3 works. With none, every request is accepted.

            STATE: --db PATH (a SQLite file; default env CCE_EMULATOR_DB, else \
            $XDG_DATA_HOME/cce/emulator.sqlite), or --db :memory: for throw-away state.
            """
    )

    @Option(help: ArgumentHelp("Address to bind (loopback unless told otherwise).", valueName: "host"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("Port to listen on; 0 picks a free one.", valueName: "n"))
    var port = 0

    @Option(help: ArgumentHelp("SQLite database file, or :memory:.", valueName: "path"), completion: .file())
    var db: String?

    @Option(
        name: .customLong("project-id"),
        help: ArgumentHelp("Serve only this project id (default: any).", valueName: "id"))
    var projectID: String?

    @Option(
        help: ArgumentHelp(
            "Token that X-Auth-Token must carry (visible in ps; prefer --token-file).", valueName: "token"))
    var token: String?

    @Option(
        name: .customLong("token-file"), help: ArgumentHelp("File holding the token.", valueName: "path"),
        completion: .file())
    var tokenFile: String?

    @Option(
        name: .customLong("access-key"),
        help: ArgumentHelp("Access key for AK/SK signatures (env CCE_EMULATOR_AK).", valueName: "ak"))
    var accessKey: String?

    @Option(
        name: .customLong("secret-key"),
        help: ArgumentHelp("Secret key (visible in ps; prefer --secret-key-file or CCE_EMULATOR_SK).", valueName: "sk"))
    var secretKey: String?

    @Option(
        name: .customLong("secret-key-file"), help: ArgumentHelp("File holding the secret key.", valueName: "path"),
        completion: .file())
    var secretKeyFile: String?

    @Option(
        name: .customLong("create-seconds"),
        help: ArgumentHelp("How long cluster creation takes (default 5).", valueName: "s"))
    var createSeconds: Double?

    @Option(
        name: .customLong("delete-seconds"),
        help: ArgumentHelp("How long cluster deletion takes (default 3).", valueName: "s"))
    var deleteSeconds: Double?

    @Option(
        name: .customLong("node-seconds"),
        help: ArgumentHelp(
            "How long a node takes to become Active (default: half of --create-seconds).", valueName: "s"))
    var nodeSeconds: Double?

    @Option(name: .customLong("cluster-quota"), help: ArgumentHelp("Clusters per project (default 5).", valueName: "n"))
    var clusterQuota: Int?

    @Option(
        name: .customLong("fault-rate"),
        help: ArgumentHelp(
            "Fraction of requests answered with 429/500/503, a delay or a dropped connection.", valueName: "p"))
    var faultRate: Double?

    @Option(
        name: .customLong("job-failure-rate"),
        help: ArgumentHelp("Fraction of creation jobs that fail.", valueName: "p"))
    var jobFailureRate: Double?

    @Option(help: ArgumentHelp("Seed of the fault and job-failure draws (default 1).", valueName: "n"))
    var seed: UInt64?

    @Flag(help: "Do not log one line per request on stderr (load tests).")
    var quiet = false

    @Option(
        name: .customLong("endpoint-style"),
        help: ArgumentHelp(
            "status.endpoints as OTC writes it (an object) or as Huawei Cloud does (a list; "
                + "what huaweicloudsdkcce expects).",
            valueName: "otc|huawei"))
    var endpointStyle: EmulatorConfiguration.EndpointStyle?

    func run() async throws {
        let environment = ProcessEnvironment.current()
        let configuration = try makeConfiguration(environment: environment)
        let emulator: Emulator
        do {
            emulator = try Emulator(configuration: configuration)
        } catch let error as EmulatorConfigurationError {
            throw ValidationError(error.problems.joined(separator: "; "))
        } catch {
            // A database that cannot be used is the user's to fix: a usage error (exit 2).
            throw ValidationError(
                "cannot open the emulator database \(configuration.storage): \(error); "
                    + "give --db a writable SQLite file "
                    + "(or :memory:)")
        }
        let host = self.host
        var methods: [String] = []
        if configuration.token != nil { methods.append("token") }
        if !configuration.accessKeys.isEmpty { methods.append("AK/SK") }
        if let user = configuration.iamUser { methods.append("IAM password of \(user.name) at /v3") }
        let auth = methods.isEmpty ? "none (every request accepted)" : methods.joined(separator: ", ")
        var log: (@Sendable (String) -> Void)? = nil
        if !quiet {
            log = { line in ServeCommand.writeError("cce serve: " + line) }
        }
        let server = EmulatorServer(emulator: emulator, host: host, port: port, requestLog: log)
        do {
            try await server.run(handleSignals: true) { port in
                let shownHost = host.contains(":") ? "[\(host)]" : host
                // Written straight to fd 1 (no buffering), so a script waiting for the URL sees it at once.
                FileHandle.standardOutput.write(
                    Data(
                        ("cce serve: listening on http://\(shownHost):\(port) (auth: \(auth), db: "
                            + "\(configuration.storage))\n").utf8))
            }
        } catch {
            throw ServeFailure("cannot serve on \(host):\(port): \(error)")
        }
        ServeCommand.writeError("cce serve: stopped")
    }

    func makeConfiguration(environment: [String: String]) throws -> EmulatorConfiguration {
        guard (0...65535).contains(port) else {
            throw ValidationError("--port must be 0…65535 (0 picks a free port), not \(port)")
        }
        var configuration = EmulatorConfiguration.fromEnvironment(environment)
        if let db {
            configuration.storage = EmulatorConfiguration.Storage(db)
            // An explicit path is taken as given: its directory is not created (a typo would
            // otherwise scatter databases); only the default location under XDG_DATA_HOME is.
            if case .file(let path) = configuration.storage {
                let directory = (path as NSString).deletingLastPathComponent
                var isDirectory: ObjCBool = false
                if !directory.isEmpty,
                    !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
                        || !isDirectory.boolValue
                {
                    throw ValidationError("--db \(path): the directory \(directory) does not exist; create it first")
                }
            }
        }
        configuration.projectID = projectID
        // Flags win; without one, the CCE_EMULATOR_* environment (see fromEnvironment), then the defaults.
        if let createSeconds { configuration.createSeconds = createSeconds }
        if let deleteSeconds { configuration.deleteSeconds = deleteSeconds }
        if let nodeSeconds { configuration.nodeSeconds = nodeSeconds }
        if let clusterQuota { configuration.clusterQuota = clusterQuota }
        if let faultRate { configuration.faultRate = faultRate }
        if let jobFailureRate { configuration.jobFailureRate = jobFailureRate }
        if let seed { configuration.seed = seed }
        if let endpointStyle { configuration.endpointStyle = endpointStyle }

        configuration.token =
            try token ?? tokenFile.map { try Self.readSecret($0, what: "--token-file") }
            ?? environment["CCE_EMULATOR_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let ak = accessKey ?? environment["CCE_EMULATOR_AK"].flatMap { $0.isEmpty ? nil : $0 }
        let sk =
            try secretKey ?? secretKeyFile.map { try Self.readSecret($0, what: "--secret-key-file") }
            ?? environment["CCE_EMULATOR_SK"].flatMap { $0.isEmpty ? nil : $0 }
        switch (ak, sk) {
        case (let ak?, let sk?): configuration.accessKeys = [ak: sk]
        case (nil, nil): break
        case (_?, nil):
            throw ValidationError("--access-key needs a secret: --secret-key-file, CCE_EMULATOR_SK or --secret-key")
        case (nil, _?): throw ValidationError("a secret key was given without --access-key (or CCE_EMULATOR_AK)")
        }
        let problems = configuration.problems()
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "; ")) }
        return configuration
    }

    /// The first line of `path`, trimmed. The error names the file, never its content.
    static func readSecret(_ path: String, what: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw ValidationError("\(what): cannot read \(path)")
        }
        let line =
            text.split(whereSeparator: \.isNewline).first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !line.isEmpty else { throw ValidationError("\(what): \(path) is empty") }
        return line
    }

    static func writeError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

extension EmulatorConfiguration.EndpointStyle: ExpressibleByArgument {}

/// A failure that ends `cce serve`, with a message that says what and where.
struct ServeFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
