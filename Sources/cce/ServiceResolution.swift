import Foundation

// Which service a command talks to (ARCHITECTURE.md, "Endpoint resolution"): flags, then the
// environment, then a profile file, then the embedded emulator. Pure over its inputs (flags,
// an environment dictionary, a file reader), so every rule has a unit test.

/// What the command line said about the service. Secrets are never flags: only a path to a
/// token file is.
struct ServiceFlags: Sendable, Equatable {
    var endpoint: String?
    var projectID: String?
    var region: String?
    var profile: String?
    var tokenFile: String?
}

/// How requests authenticate. `description` never shows a secret.
enum Credential: Sendable, Equatable, CustomStringConvertible {
    case token(String)
    case accessKey(ak: String, sk: String)
    case none

    var description: String {
        switch self {
        case .token: "token (redacted)"
        case .accessKey(let ak, _): "AK/SK (access key \(Credential.mask(ak)), secret redacted)"
        case .none: "no credentials"
        }
    }

    /// Every secret value, for scrubbing history and output.
    var secrets: [String] {
        switch self {
        case .token(let t): [t]
        case .accessKey(_, let sk): [sk]
        case .none: []
        }
    }

    /// The first four characters and a count: enough to tell two keys apart, not to use one.
    static func mask(_ s: String) -> String {
        s.count <= 8 ? "****" : "\(s.prefix(4))…(\(s.count) chars)"
    }
}

/// A real (or `cce serve`) endpoint and how to reach it.
struct CloudTarget: Sendable, Equatable, CustomStringConvertible {
    var endpoint: String
    var projectID: String
    var region: String?
    var credential: Credential
    /// Where the endpoint came from, for messages: `flags`, `environment`, `profile "otc"`.
    var origin: String

    var description: String {
        "\(endpoint) project \(projectID)\(region.map { " region \($0)" } ?? "") (\(credential), from \(origin))"
    }
}

/// The outcome of resolution.
enum ServiceChoice: Sendable, Equatable {
    case cloud(CloudTarget)
    /// The in-process emulator, its state in `statePath` (`:memory:` for throw-away state).
    case emulator(statePath: String)
}

/// A configuration that cannot work, with what to do about it. Reported as a usage error (exit 2).
struct ServiceConfigurationError: Error, Equatable, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// One `[name]` section of the profile file.
struct Profile: Sendable, Equatable {
    var name: String
    var values: [String: String]
}

/// The profile file: `$XDG_CONFIG_HOME/cce/config` (default `~/.config/cce/config`), INI style.
///
/// ```
/// # comments start with # or ;
/// [default]
/// endpoint = https://cce.eu-de.otc.t-systems.com
/// project_id = 0123456789abcdef0123456789abcdef
/// region = eu-de
/// token_file = ~/.config/cce/token      # or: access_key = … / secret_key = …
/// ```
/// Keys: `endpoint`, `project_id`, `region`, `token_file`, `access_key`, `secret_key`.
enum ProfileFile {
    static let knownKeys: Set<String> = ["endpoint", "project_id", "region", "token_file", "access_key", "secret_key"]

    /// Parses the file; errors name the file and line.
    static func parse(_ text: String, path: String) throws(ServiceConfigurationError) -> [Profile] {
        var profiles: [Profile] = []
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else {
                    throw ServiceConfigurationError(message: "\(path):\(lineNumber): a section header looks like [name]")
                }
                let name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                profiles.append(Profile(name: name, values: [:]))
                continue
            }
            guard let eq = line.firstIndex(of: "=") else {
                throw ServiceConfigurationError(message: "\(path):\(lineNumber): expected `key = value` or `[profile]`")
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            var value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            // A trailing comment needs whitespace before `#`, so values may contain `#`.
            if let hash = value.range(of: " #") { value = value[..<hash.lowerBound].trimmingCharacters(in: .whitespaces) }
            guard !profiles.isEmpty else {
                throw ServiceConfigurationError(message: "\(path):\(lineNumber): `\(key)` comes before any [profile] header")
            }
            guard knownKeys.contains(key) else {
                let known = knownKeys.sorted().joined(separator: ", ")
                throw ServiceConfigurationError(message: "\(path):\(lineNumber): unknown key `\(key)` (known: \(known))")
            }
            profiles[profiles.count - 1].values[key] = value
        }
        return profiles
    }
}

/// Resolves flags + environment + profile file into a `ServiceChoice`.
struct ServiceResolver {
    var flags: ServiceFlags
    var environment: [String: String]
    /// Reads a file's text; `nil` when it does not exist. Throws for other failures.
    var readFile: (String) throws -> String?

    /// Where the profile file lives under this environment.
    var profilePath: String {
        "\(configHome)/cce/config"
    }

    var configHome: String {
        if let x = env("XDG_CONFIG_HOME") { return x }
        return "\(env("HOME") ?? NSHomeDirectory())/.config"
    }

    /// The default emulator state file: `CCE_EMULATOR_DB`, else under the XDG data directory.
    var emulatorStatePath: String {
        if let db = env("CCE_EMULATOR_DB") { return db }
        // XDG: a relative XDG_DATA_HOME is ignored (as the emulator's own default does).
        let dataHome = env("XDG_DATA_HOME").flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? "\(env("HOME") ?? NSHomeDirectory())/.local/share"
        return "\(dataHome)/cce/emulator.sqlite"
    }

    private func env(_ name: String) -> String? {
        guard let v = environment[name], !v.isEmpty else { return nil }
        return v
    }

    private func expandHome(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        return (env("HOME") ?? NSHomeDirectory()) + path.dropFirst()
    }

    private func readSecretFile(_ path: String, what: String) throws(ServiceConfigurationError) -> String {
        let full = expandHome(path)
        let text: String?
        do { text = try readFile(full) } catch {
            throw ServiceConfigurationError(message: "cannot read \(what) \(full): \(error.localizedDescription)")
        }
        guard let text else { throw ServiceConfigurationError(message: "\(what) \(full) does not exist") }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw ServiceConfigurationError(message: "\(what) \(full) is empty") }
        return token
    }

    /// The endpoint a region implies: OTC's domain for its `eu-*` regions, Huawei Cloud's otherwise.
    static func endpoint(forRegion region: String) -> String {
        region.hasPrefix("eu-")
            ? "https://cce.\(region).otc.t-systems.com"
            : "https://cce.\(region).myhuaweicloud.com"
    }

    static func isLoopback(_ endpoint: String) -> Bool {
        guard let host = URLComponents(string: endpoint)?.host?.lowercased() else { return false }
        return host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    func resolve() throws(ServiceConfigurationError) -> ServiceChoice {
        // The profile: named by flag or CCE_PROFILE (then it must exist), else `[default]` if present.
        let profileName = flags.profile ?? env("CCE_PROFILE")
        var profile: Profile?
        let text: String?
        do { text = try readFile(profilePath) } catch {
            throw ServiceConfigurationError(message: "cannot read \(profilePath): \(error.localizedDescription)")
        }
        if let text {
            let profiles = try ProfileFile.parse(text, path: profilePath)
            let wanted = profileName ?? "default"
            profile = profiles.last(where: { $0.name == wanted })
            if profile == nil, let profileName {
                let names = profiles.map(\.name).joined(separator: ", ")
                throw ServiceConfigurationError(
                    message: "no profile [\(profileName)] in \(profilePath) (it has: \(names.isEmpty ? "none" : names))")
            }
        } else if let profileName {
            throw ServiceConfigurationError(
                message: "profile \"\(profileName)\" requested but \(profilePath) does not exist; create it (see `cce --help`)")
        }
        let p = profile?.values ?? [:]
        func pv(_ k: String) -> String? { p[k].flatMap { $0.isEmpty ? nil : $0 } }

        // Each field from the first layer that has it.
        let envEndpoint = env("CCE_ENDPOINT")
        let endpointGiven = flags.endpoint ?? envEndpoint ?? pv("endpoint")
        let region = flags.region ?? env("CCE_REGION") ?? env("OS_REGION_NAME") ?? pv("region")
        let projectID = flags.projectID ?? env("CCE_PROJECT_ID") ?? env("HUAWEICLOUD_SDK_PROJECT_ID")
            ?? env("OS_PROJECT_ID") ?? pv("project_id")

        var credential = Credential.none
        if let file = flags.tokenFile {
            credential = .token(try readSecretFile(file, what: "token file"))
        } else if let t = env("CCE_TOKEN") ?? env("OS_AUTH_TOKEN") {
            credential = .token(t)
        } else if let ak = env("HUAWEICLOUD_SDK_AK"), let sk = env("HUAWEICLOUD_SDK_SK") {
            credential = .accessKey(ak: ak, sk: sk)
        } else if env("HUAWEICLOUD_SDK_AK") != nil || env("HUAWEICLOUD_SDK_SK") != nil {
            throw ServiceConfigurationError(
                message: "HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK must be set together (only one is set)")
        } else if let file = pv("token_file") {
            credential = .token(try readSecretFile(file, what: "token file"))
        } else if let ak = pv("access_key"), let sk = pv("secret_key") {
            credential = .accessKey(ak: ak, sk: sk)
        } else if pv("access_key") != nil || pv("secret_key") != nil {
            throw ServiceConfigurationError(
                message: "profile [\(profile?.name ?? "")] in \(profilePath): access_key and secret_key go together")
        }

        guard let endpoint = endpointGiven ?? region.map(Self.endpoint(forRegion:)) else {
            if credential != .none {
                throw ServiceConfigurationError(
                    message: "credentials are set but no endpoint: set --endpoint/CCE_ENDPOINT or --region/CCE_REGION "
                        + "(or unset the credentials to use the embedded emulator)")
            }
            return .emulator(statePath: emulatorStatePath)
        }
        guard endpoint.hasPrefix("https://") || endpoint.hasPrefix("http://"),
            URLComponents(string: endpoint)?.host?.isEmpty == false
        else {
            throw ServiceConfigurationError(message: "endpoint \"\(endpoint)\" is not an http(s) URL like https://cce.eu-de.otc.t-systems.com")
        }
        guard let projectID else {
            throw ServiceConfigurationError(
                message: "endpoint \(endpoint) needs a project id: set --project-id, CCE_PROJECT_ID or OS_PROJECT_ID, or project_id in \(profilePath)")
        }
        if credential == .none && !Self.isLoopback(endpoint) {
            throw ServiceConfigurationError(
                message: "no credentials for \(endpoint): set CCE_TOKEN (or OS_AUTH_TOKEN), --token-file, "
                    + "or HUAWEICLOUD_SDK_AK + HUAWEICLOUD_SDK_SK")
        }
        let origin: String
        if flags.endpoint != nil || (flags.region != nil && endpointGiven == nil) {
            origin = "flags"
        } else if envEndpoint != nil || (endpointGiven == nil && (env("CCE_REGION") ?? env("OS_REGION_NAME")) != nil) {
            origin = "environment"
        } else {
            origin = "profile \(profile?.name ?? "?")"
        }
        var base = endpoint
        while base.hasSuffix("/") { base.removeLast() }
        return .cloud(CloudTarget(endpoint: base, projectID: projectID, region: region, credential: credential, origin: origin))
    }

    /// Reads a file with Foundation; `nil` if it does not exist.
    static func readFileFromDisk(_ path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try String(contentsOfFile: path, encoding: .utf8)
    }
}
