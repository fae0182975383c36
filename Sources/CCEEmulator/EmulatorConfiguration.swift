import Foundation

/// Everything that shapes one emulator: where state lives, who may call it, how long jobs
/// take, and which faults it injects. A value type, so a test builds one in a line.
public struct EmulatorConfiguration: Sendable, CustomStringConvertible {
    /// Where the clusters and jobs are kept.
    public enum Storage: Sendable, Equatable, CustomStringConvertible {
        /// Throw-away state, gone when the emulator is.
        case memory
        /// A SQLite file (WAL); its directory is created when missing.
        case file(String)

        /// `:memory:` gives `.memory`, anything else a file path.
        public init(_ text: String) {
            self = text == ":memory:" ? .memory : .file(text)
        }

        public var description: String {
            switch self {
            case .memory: return ":memory:"
            case .file(let path): return path
            }
        }
    }

    /// How `status.endpoints` is written (WIRE.md §1.5): the two clouds differ.
    public enum EndpointStyle: String, Sendable, CaseIterable {
        /// OTC: one object `{"internal", "external", "external_otc"}` (what Terraform's OTC provider reads).
        case otc
        /// Huawei Cloud: a list of `{"url", "type": "Internal"|"External"}` (what huaweicloudsdkcce models).
        case huawei
    }

    public var storage: Storage
    /// When set, only this project exists: other project IDs in a path are refused (HTTP door).
    public var projectID: String?
    /// The value `X-Auth-Token` must carry. With neither a token nor access keys, the HTTP
    /// door accepts every request (loopback use).
    public var token: String?
    /// Access key → secret key, for AK/SK-signed requests.
    public var accessKeys: [String: String]
    /// How long a creation job runs, in seconds (0: done at once).
    public var createSeconds: Double
    /// How long a deletion job runs, in seconds.
    public var deleteSeconds: Double
    /// How long a node takes from `Build` to `Active`, in seconds; nil: half of
    /// `createSeconds` (a real node takes about half as long as its cluster's masters).
    /// Node deletion takes `deleteSeconds`.
    public var nodeSeconds: Double? = nil
    /// The node creation time in force.
    public var nodeCreateSeconds: Double { nodeSeconds ?? createSeconds / 2 }
    /// Clusters per project (OTC default 5).
    public var clusterQuota: Int
    /// Fraction of HTTP/in-process requests answered with an injected fault (0…1).
    public var faultRate: Double
    /// Fraction of creation jobs that fail (0…1).
    public var jobFailureRate: Double
    /// Seed of the fault and job-failure draws, so a run can be replayed.
    public var seed: UInt64
    /// AK/SK `X-Sdk-Date` tolerance, in seconds.
    public var maxClockSkewSeconds: Double
    public var endpointStyle: EndpointStyle
    /// What a create does with a container CIDR that overlaps another cluster's in the same
    /// VPC (WIRE.md §8: the sources disagree, and the emulator may do either). The default
    /// lets it be: the shared conformance batch creates three vpc-router clusters with one
    /// block in one VPC, and a reselected block would read as drift on every re-run.
    public var containerCIDRConflicts: CIDRConflictPolicy = .allow

    public enum CIDRConflictPolicy: String, Sendable, CaseIterable {
        /// No check (the emulator's VPCs are not real networks).
        case allow
        /// OTC's Table 10: "the system automatically selects another" block of the same size.
        case reselect
        /// The service's 400 `CCE.01400005` "Container network CIDR blocks conflict".
        case reject
    }
    /// The IAM door's one user (`POST /v3/auth/tokens` with the password method): tokens it
    /// issues are accepted by the CCE routes. nil: the IAM door refuses every login.
    public var iamUser: IAMUser?

    /// An IAM user of the emulator's IAM door.
    public struct IAMUser: Sendable, CustomStringConvertible {
        public var name: String
        public var password: String
        /// The user's domain (account) name; any domain is accepted when nil.
        public var domain: String?
        public init(name: String, password: String, domain: String? = nil) {
            self.name = name
            self.password = password
            self.domain = domain
        }
        public var description: String { "IAMUser(\(name), domain: \(domain ?? "any"), password: <redacted>)" }
    }

    public init(
        storage: Storage = .memory, projectID: String? = nil, token: String? = nil, accessKeys: [String: String] = [:],
        createSeconds: Double = 5, deleteSeconds: Double = 3, clusterQuota: Int = 5,
        faultRate: Double = 0, jobFailureRate: Double = 0, seed: UInt64 = 1, maxClockSkewSeconds: Double = 15 * 60,
        endpointStyle: EndpointStyle = .otc
    ) {
        self.endpointStyle = endpointStyle
        self.storage = storage
        self.projectID = projectID
        self.token = token
        self.accessKeys = accessKeys
        self.createSeconds = createSeconds
        self.deleteSeconds = deleteSeconds
        self.clusterQuota = clusterQuota
        self.faultRate = faultRate
        self.jobFailureRate = jobFailureRate
        self.seed = seed
        self.maxClockSkewSeconds = maxClockSkewSeconds
    }

    /// Secrets are never printed.
    public var description: String {
        var parts = ["storage: \(storage)"]
        if let projectID { parts.append("project: \(projectID)") }
        parts.append("token: \(token == nil ? "none" : "<redacted>")")
        parts.append("access keys: [\(accessKeys.keys.sorted().joined(separator: ", "))]")
        if let iamUser { parts.append("IAM user: \(iamUser.name)") }
        parts.append(
            "create: \(createSeconds)s, delete: \(deleteSeconds)s, node: \(nodeCreateSeconds)s, quota: \(clusterQuota)")
        parts.append("fault rate: \(faultRate), job failure rate: \(jobFailureRate), seed: \(seed)")
        return "EmulatorConfiguration(" + parts.joined(separator: ", ") + ")"
    }

    /// Problems that make the configuration unusable, phrased for a command-line user.
    public func problems() -> [String] {
        var out: [String] = []
        if !(createSeconds >= 0 && createSeconds.isFinite) {
            out.append("create duration must be a number of seconds ≥ 0")
        }
        if !(deleteSeconds >= 0 && deleteSeconds.isFinite) {
            out.append("delete duration must be a number of seconds ≥ 0")
        }
        if let nodeSeconds, !(nodeSeconds >= 0 && nodeSeconds.isFinite) {
            out.append("node creation duration must be a number of seconds ≥ 0")
        }
        if clusterQuota < 0 { out.append("cluster quota must be ≥ 0") }
        if !(0...1e9).contains(maxClockSkewSeconds) {
            out.append("the allowed clock skew must be between 0 and 10⁹ seconds")
        }
        if !(0...1).contains(faultRate) { out.append("fault rate must be between 0 and 1") }
        if !(0...1).contains(jobFailureRate) { out.append("job failure rate must be between 0 and 1") }
        if let token, token.isEmpty { out.append("the token must not be empty") }
        if accessKeys.contains(where: { $0.key.isEmpty || $0.value.isEmpty }) {
            out.append("access and secret keys must not be empty")
        }
        if case .file(let path) = storage, path.isEmpty {
            out.append("the database path must not be empty (use :memory: for none)")
        }
        return out
    }

    /// The embedded emulator's configuration (what `cce` uses when no cloud is configured):
    /// `CCE_EMULATOR_DB` (a path, or `:memory:`), else `$XDG_DATA_HOME/cce/emulator.sqlite`,
    /// else `~/.local/share/cce/emulator.sqlite`. Also reads `CCE_EMULATOR_CREATE_SECONDS`,
    /// `CCE_EMULATOR_DELETE_SECONDS`, `CCE_EMULATOR_NODE_SECONDS`, `CCE_EMULATOR_QUOTA`, `CCE_EMULATOR_FAULT_RATE`,
    /// `CCE_EMULATOR_JOB_FAILURE_RATE`, `CCE_EMULATOR_SEED` (numbers) and
    /// `CCE_EMULATOR_ENDPOINT_STYLE` (`otc`/`huawei`), `CCE_EMULATOR_CIDR_CONFLICTS`
    /// (`allow`/`reject`/`reselect`); values that do not parse are ignored.
    /// `CCE_EMULATOR_IAM_USER` + `CCE_EMULATOR_IAM_PASSWORD` (+ `CCE_EMULATOR_IAM_DOMAIN`) open
    /// the IAM door to that user.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> EmulatorConfiguration
    {
        var config = EmulatorConfiguration()
        config.storage = .file(defaultDatabasePath(environment))
        if let db = environment["CCE_EMULATOR_DB"], !db.isEmpty { config.storage = Storage(db) }
        if let s = environment["CCE_EMULATOR_CREATE_SECONDS"].flatMap(Double.init), s >= 0, s.isFinite {
            config.createSeconds = s
        }
        if let s = environment["CCE_EMULATOR_DELETE_SECONDS"].flatMap(Double.init), s >= 0, s.isFinite {
            config.deleteSeconds = s
        }
        if let s = environment["CCE_EMULATOR_NODE_SECONDS"].flatMap(Double.init), s >= 0, s.isFinite {
            config.nodeSeconds = s
        }
        if let q = environment["CCE_EMULATOR_QUOTA"].flatMap(Int.init), q >= 0 { config.clusterQuota = q }
        if let p = environment["CCE_EMULATOR_FAULT_RATE"].flatMap(Double.init), (0...1).contains(p) {
            config.faultRate = p
        }
        if let p = environment["CCE_EMULATOR_JOB_FAILURE_RATE"].flatMap(Double.init), (0...1).contains(p) {
            config.jobFailureRate = p
        }
        if let seed = environment["CCE_EMULATOR_SEED"].flatMap(UInt64.init) { config.seed = seed }
        if let style = environment["CCE_EMULATOR_ENDPOINT_STYLE"].flatMap(EndpointStyle.init(rawValue:)) {
            config.endpointStyle = style
        }
        if let policy = environment["CCE_EMULATOR_CIDR_CONFLICTS"].flatMap(CIDRConflictPolicy.init(rawValue:)) {
            config.containerCIDRConflicts = policy
        }
        if let user = environment["CCE_EMULATOR_IAM_USER"], !user.isEmpty,
            let password = environment["CCE_EMULATOR_IAM_PASSWORD"], !password.isEmpty
        {
            let domain = environment["CCE_EMULATOR_IAM_DOMAIN"].flatMap { $0.isEmpty ? nil : $0 }
            config.iamUser = IAMUser(name: user, password: password, domain: domain)
        }
        return config
    }

    /// `$XDG_DATA_HOME/cce/emulator.sqlite`, or `~/.local/share/cce/emulator.sqlite`.
    public static func defaultDatabasePath(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return xdg + "/cce/emulator.sqlite"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/cce/emulator.sqlite"
    }
}
