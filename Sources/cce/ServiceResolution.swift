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
    /// An entry of clouds.yaml (`--cloud`, env `OS_CLOUD`).
    var cloud: String?
    /// Wait progress on stderr (not a service setting, but every command that talks to a
    /// service takes it): nil means `CCE_PROGRESS`, else `auto`.
    var progress: ProgressChoice?
    /// `--max-memory`, `--max-steps`, `--timeout`: limits of the script run (nil: defaults).
    var maxMemory: Int?
    var maxSteps: Int?
    var timeout: Duration?
}

/// The sizes and durations the limit flags take.
enum LimitArgument {
    /// `512M`, `2G`, `64K` or a number of bytes.
    static func bytes(_ text: String) -> Int? {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        var digits = Substring(text.uppercased())
        if digits.hasSuffix("IB") || digits.hasSuffix("B") { digits = digits.dropLast(digits.hasSuffix("IB") ? 2 : 1) }
        var unit = 1
        if let last = digits.last, let u = units[last] {
            unit = u
            digits = digits.dropLast()
        }
        guard let n = Int(digits), n > 0 else { return nil }
        let (bytes, overflow) = n.multipliedReportingOverflow(by: unit)
        return overflow ? nil : bytes
    }

    /// `90s`, `10m`, `2h` or a number of seconds.
    static func duration(_ text: String) -> Duration? {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600]
        var digits = Substring(text)
        var unit = 1
        if let last = digits.last, let u = units[last] {
            unit = u
            digits = digits.dropLast()
        }
        guard let n = Int(digits), n > 0, n <= Int(Int32.max) else { return nil }
        return .seconds(n * unit)
    }
}

/// `--progress`: live lines on a terminal and nothing elsewhere (`auto`), one line per phase
/// change for CI logs (`plain`), or nothing (`off`).
enum ProgressChoice: String, Sendable, Equatable, CaseIterable {
    case auto, plain, off
}

/// An IAM user's password login (WIRE-LIFECYCLE §8): exchanged for a project-scoped token.
struct PasswordLogin: Sendable, Equatable {
    /// `https://iam.eu-de.otc.t-systems.com/v3`.
    var authURL: String
    var username: String
    var password: String
    var domainName: String
    /// Scope: by id when known, else by name (OTC names a region's project after the region).
    var projectID: String?
    var projectName: String?
}

/// How requests authenticate. `description` never shows a secret.
enum Credential: Sendable, Equatable, CustomStringConvertible {
    case token(String)
    case accessKey(ak: String, sk: String)
    case password(PasswordLogin)
    case none

    var description: String {
        switch self {
        case .token: "token (redacted)"
        case .accessKey(let ak, _): "AK/SK (access key \(Credential.mask(ak)), secret redacted)"
        case .password(let p):
            "IAM password of \(p.username) in domain \(p.domainName) at \(p.authURL) (password redacted)"
        case .none: "no credentials"
        }
    }

    /// The name `cce config` shows: `token`, `aksk`, `password` or `none`.
    var kind: String {
        switch self {
        case .token: "token"
        case .accessKey: "aksk"
        case .password: "password"
        case .none: "none"
        }
    }

    /// Every secret value, for scrubbing history and output.
    var secrets: [String] {
        switch self {
        case .token(let t): [t]
        case .accessKey(_, let sk): [sk]
        case .password(let p): [p.password]
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
    /// Where each value came from, for `cce config`: `endpoint`, `projectID`, `region`,
    /// `auth` → `flag`, `environment`, `profile NAME`, `clouds.yaml NAME (PATH)`, `region`.
    var sources: [String: String] = [:]

    var description: String {
        "\(endpoint) project "
            + "\(projectID.isEmpty ? "(from the IAM token)" : projectID)\(region.map { " region \($0)" } ?? "") "
            + "(\(credential), from \(origin))"
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
/// Keys: `endpoint`, `project_id`, `region`, `token_file`, `access_key`, `secret_key`, and for
/// an IAM password login `auth_url`, `username`, `password`, `user_domain_name` (or
/// `domain_name`), `project_name` (the openrc names, lower-case and without `OS_`).
enum ProfileFile {
    static let knownKeys: Set<String> = [
        "endpoint", "project_id", "region", "token_file", "access_key", "secret_key", "auth_url", "username",
        "password", "user_domain_name", "domain_name", "project_name",
    ]

    /// The line without a trailing comment. A comment needs whitespace before its `#` or
    /// `;`, so values may contain either character.
    static func stripComment(_ line: String) -> String {
        var cut = line.endIndex
        for marker in [" #", "\t#", " ;", "\t;"] {
            if let r = line.range(of: marker), r.lowerBound < cut { cut = r.lowerBound }
        }
        return line[..<cut].trimmingCharacters(in: .whitespaces)
    }

    /// Parses the file; errors name the file and line.
    static func parse(_ text: String, path: String) throws(ServiceConfigurationError) -> [Profile] {
        var profiles: [Profile] = []
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            line = stripComment(line)
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else {
                    throw ServiceConfigurationError(
                        message: "\(path):\(lineNumber): a section header looks like [name]")
                }
                let name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                profiles.append(Profile(name: name, values: [:]))
                continue
            }
            guard let eq = line.firstIndex(of: "=") else {
                throw ServiceConfigurationError(message: "\(path):\(lineNumber): expected `key = value` or `[profile]`")
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard !profiles.isEmpty else {
                throw ServiceConfigurationError(
                    message: "\(path):\(lineNumber): `\(key)` comes before any [profile] header")
            }
            guard knownKeys.contains(key) else {
                let known = knownKeys.sorted().joined(separator: ", ")
                throw ServiceConfigurationError(
                    message: "\(path):\(lineNumber): unknown key `\(key)` (known: \(known))")
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
    /// Where `./clouds.yaml` is looked for.
    var currentDirectory: String = Paths.currentDirectory()

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
        let dataHome =
            env("XDG_DATA_HOME").flatMap { $0.hasPrefix("/") ? $0 : nil }
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

    /// The endpoints a region implies (see `Regions`), or an error that lists the known ones.
    static func endpoints(forRegion region: String) throws(ServiceConfigurationError) -> RegionEndpoints {
        guard let found = Regions.endpoints(for: region) else {
            throw ServiceConfigurationError(
                message: "unknown region \"\(region)\": give its endpoint with --endpoint/CCE_ENDPOINT, or use a known "
                    + "region (\(Regions.known.joined(separator: ", ")))")
        }
        return found
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
                    message: "no profile [\(profileName)] in \(profilePath) (it has: \(names.isEmpty ? "none" : names))"
                )
            }
        } else if let profileName {
            throw ServiceConfigurationError(
                message:
                    "profile \"\(profileName)\" requested but \(profilePath) does not exist; "
                    + "create it (see `cce --help`)"
            )
        }
        // The clouds.yaml entry, when one is selected.
        var cloudEntry: CloudEntry?
        if let cloudName = flags.cloud ?? env("OS_CLOUD") {
            cloudEntry = try CloudsYAML.load(
                name: cloudName, currentDirectory: currentDirectory, configHome: configHome, readFile: readFile)
        }
        let profileOrigin = "profile \(profile?.name ?? "?")"
        let cloudOrigin = cloudEntry.map { "clouds.yaml \($0.name) (\($0.path))" } ?? ""

        // Each value from the first layer that has it: flags, environment, clouds.yaml, profile.
        func pick(
            flag: String? = nil, env names: [String], cloud keys: [String] = [], profile pkeys: [String] = []
        ) -> (value: String, origin: String)? {
            if let flag { return (flag, "flag") }
            for name in names { if let v = env(name) { return (v, "environment") } }
            for key in keys { if let v = cloudEntry?.values[key], !v.isEmpty { return (v, cloudOrigin) } }
            for key in pkeys { if let v = profile?.values[key], !v.isEmpty { return (v, profileOrigin) } }
            return nil
        }
        let endpointGiven = pick(flag: flags.endpoint, env: ["CCE_ENDPOINT"], profile: ["endpoint"])
        let region = pick(
            flag: flags.region, env: ["CCE_REGION", "OS_REGION_NAME"], cloud: ["region_name"], profile: ["region"])
        let projectID = pick(
            flag: flags.projectID, env: ["CCE_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID", "OS_PROJECT_ID"],
            cloud: ["project_id"], profile: ["project_id"])

        let (credential, credentialOrigin) = try credential(
            cloudEntry: cloudEntry, cloudOrigin: cloudOrigin, profile: profile, profileOrigin: profileOrigin,
            region: region?.value, projectID: projectID?.value, pick: pick)

        let endpoint: (value: String, origin: String)
        if let endpointGiven {
            endpoint = endpointGiven
        } else if let region {
            endpoint = (try Self.endpoints(forRegion: region.value).cce, "region \(region.value) (\(region.origin))")
        } else {
            if credential != .none {
                throw ServiceConfigurationError(
                    message: "credentials are set but no endpoint: set --endpoint/CCE_ENDPOINT or --region/CCE_REGION "
                        + "(or unset the credentials to use the embedded emulator)")
            }
            return .emulator(statePath: emulatorStatePath)
        }
        guard endpoint.value.hasPrefix("https://") || endpoint.value.hasPrefix("http://"),
            URLComponents(string: endpoint.value)?.host?.isEmpty == false
        else {
            throw ServiceConfigurationError(
                message: "endpoint \"\(endpoint.value)\" is not an http(s) URL like https://cce.eu-de.otc.t-systems.com"
            )
        }
        // A password login learns the project id from its token.
        let isPassword = if case .password = credential { true } else { false }
        guard projectID != nil || isPassword else {
            throw ServiceConfigurationError(
                message:
                    "endpoint \(endpoint.value) needs a project id: set --project-id, CCE_PROJECT_ID or OS_PROJECT_ID, "
                    + "or project_id in \(profilePath)")
        }
        if credential == .none && !Self.isLoopback(endpoint.value) {
            throw ServiceConfigurationError(
                message: "no credentials for \(endpoint.value): set CCE_TOKEN (or OS_AUTH_TOKEN), --token-file, "
                    + "HUAWEICLOUD_SDK_AK + HUAWEICLOUD_SDK_SK, or an IAM password (OS_USERNAME, OS_PASSWORD, "
                    + "OS_USER_DOMAIN_NAME), or select a clouds.yaml entry with --cloud/OS_CLOUD")
        }
        // The layer the endpoint came from, in the words messages have always used.
        let origin: String
        switch endpoint.origin {
        case "flag": origin = "flags"
        case let o where o.hasPrefix("region"):
            origin = region?.origin == "flag" ? "flags" : region?.origin ?? "environment"
        default: origin = endpoint.origin
        }
        var base = endpoint.value
        while base.hasSuffix("/") { base.removeLast() }
        var sources = ["endpoint": endpoint.origin, "auth": credentialOrigin]
        sources["projectID"] = projectID?.origin ?? "the IAM token"
        if let region { sources["region"] = region.origin }
        return .cloud(
            CloudTarget(
                endpoint: base, projectID: projectID?.value ?? "", region: region?.value, credential: credential,
                origin: origin, sources: sources))
    }

    /// The credential and where it came from: a token file flag, then the environment's token,
    /// AK/SK and IAM password, then clouds.yaml's, then the profile's.
    private func credential(
        cloudEntry: CloudEntry?, cloudOrigin: String, profile: Profile?, profileOrigin: String, region: String?,
        projectID: String?,
        pick: (String?, [String], [String], [String]) -> (value: String, origin: String)?
    ) throws(ServiceConfigurationError) -> (Credential, String) {
        if let file = flags.tokenFile { return (.token(try readSecretFile(file, what: "token file")), "flag") }
        if let t = env("CCE_TOKEN") ?? env("OS_AUTH_TOKEN") { return (.token(t), "environment") }
        if let ak = env("HUAWEICLOUD_SDK_AK"), let sk = env("HUAWEICLOUD_SDK_SK") {
            return (.accessKey(ak: ak, sk: sk), "environment")
        }
        if env("HUAWEICLOUD_SDK_AK") != nil || env("HUAWEICLOUD_SDK_SK") != nil {
            throw ServiceConfigurationError(
                message: "HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK must be set together (only one is set)")
        }
        if env("OS_USERNAME") != nil || env("OS_PASSWORD") != nil {
            guard let user = env("OS_USERNAME"), let password = env("OS_PASSWORD") else {
                throw ServiceConfigurationError(
                    message: "OS_USERNAME and OS_PASSWORD must be set together (only one is set)")
            }
            return (
                try passwordLogin(
                    user: user, password: password, where: "the environment", region: region,
                    projectID: projectID, pick: pick), "environment"
            )
        }
        if let cloud = cloudEntry?.values {
            if let t = cloud["token"], !t.isEmpty { return (.token(t), cloudOrigin) }
            if let ak = cloud["ak"] ?? cloud["access_key"], let sk = cloud["sk"] ?? cloud["secret_key"] {
                return (.accessKey(ak: ak, sk: sk), cloudOrigin)
            }
            if let user = cloud["username"], let password = cloud["password"] {
                return (
                    try passwordLogin(
                        user: user, password: password, where: cloudOrigin, region: region,
                        projectID: projectID, pick: pick), cloudOrigin
                )
            }
        }
        let p = profile?.values ?? [:]
        func pv(_ k: String) -> String? { p[k].flatMap { $0.isEmpty ? nil : $0 } }
        if let file = pv("token_file") { return (.token(try readSecretFile(file, what: "token file")), profileOrigin) }
        if let ak = pv("access_key"), let sk = pv("secret_key") { return (.accessKey(ak: ak, sk: sk), profileOrigin) }
        if pv("access_key") != nil || pv("secret_key") != nil {
            throw ServiceConfigurationError(
                message: "profile [\(profile?.name ?? "")] in \(profilePath): access_key and secret_key go together")
        }
        if pv("username") != nil || pv("password") != nil {
            guard let user = pv("username"), let password = pv("password") else {
                throw ServiceConfigurationError(
                    message: "profile [\(profile?.name ?? "")] in \(profilePath): username and password go together")
            }
            return (
                try passwordLogin(
                    user: user, password: password, where: profileOrigin, region: region,
                    projectID: projectID, pick: pick), profileOrigin
            )
        }
        return (.none, "none")
    }

    /// The rest of a password login: where IAM is, the user's domain, the project scope.
    private func passwordLogin(
        user: String, password: String, where origin: String, region: String?, projectID: String?,
        pick: (String?, [String], [String], [String]) -> (value: String, origin: String)?
    ) throws(ServiceConfigurationError) -> Credential {
        let authURL: String
        if let given = pick(nil, ["OS_AUTH_URL"], ["auth_url"], ["auth_url"]) {
            authURL = given.value
        } else if let region {
            authURL = try Self.endpoints(forRegion: region).iam
        } else {
            throw ServiceConfigurationError(
                message: "an IAM password login (from \(origin)) needs to know where IAM is: set OS_AUTH_URL "
                    + "(e.g. https://iam.eu-de.otc.t-systems.com/v3) or a region (--region, OS_REGION_NAME)")
        }
        guard
            let domain = pick(
                nil, ["OS_USER_DOMAIN_NAME", "OS_DOMAIN_NAME"], ["user_domain_name", "domain_name"],
                ["user_domain_name", "domain_name"])
        else {
            throw ServiceConfigurationError(
                message: "an IAM password login (from \(origin)) needs the user's domain: set OS_USER_DOMAIN_NAME "
                    + "(your account name, e.g. OTC00000000001000012345)")
        }
        let projectName = pick(nil, ["OS_PROJECT_NAME", "OS_TENANT_NAME"], ["project_name"], ["project_name"])?.value
        guard projectID != nil || projectName != nil || region != nil else {
            throw ServiceConfigurationError(
                message: "an IAM password login (from \(origin)) needs a project: set OS_PROJECT_NAME (on OTC, the "
                    + "region, e.g. eu-de), OS_PROJECT_ID or a region")
        }
        return .password(
            PasswordLogin(
                authURL: authURL, username: user, password: password, domainName: domain.value, projectID: projectID,
                projectName: projectName ?? region))
    }

    /// Reads a file with Foundation; `nil` if it does not exist.
    static func readFileFromDisk(_ path: String) throws -> String? {
        guard Paths.exists(path) else { return nil }
        return try String(contentsOfFile: path, encoding: .utf8)
    }
}
