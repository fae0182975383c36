import Foundation

/// The CCE v3 cluster API over any `Transport`: a real endpoint through `HTTPTransport`,
/// `cce serve`, or the emulator in-process.
///
/// Authenticates with an IAM token or AK/SK (WIRE.md §5), retries what is safe to retry
/// (see `RetryPolicy`), applies a per-request timeout and an overall deadline per call, and
/// honours Task cancellation. Every error is a `CCEClientError`.
public struct CCEClient: ClusterService, CustomStringConvertible {
    /// How requests prove who sends them. `description` never shows a token or a secret.
    public enum Auth: Sendable, CustomStringConvertible {
        /// No credentials (the in-process emulator).
        case none
        /// `X-Auth-Token: <IAM token>`.
        case token(String)
        /// AK/SK signature, `Access=` form (what huaweicloudsdkcore sends).
        case akSK(accessKey: String, secretKey: String)
        /// An IAM user's password, exchanged for a token (`IAMPasswordAuth`); with an empty
        /// `projectID` in the configuration, the token's project is used.
        case password(IAMPasswordAuth)

        public var description: String {
            switch self {
            case .none: return "none"
            case .token: return "token(<redacted>)"
            case .akSK(let ak, _): return "akSK(accessKey: \(ak), secretKey: <redacted>)"
            case .password(let iam): return "password(\(iam))"
            }
        }
    }

    public struct Configuration: Sendable, CustomStringConvertible {
        /// Scheme, host and optional port: `https://cce.eu-de.otc.t-systems.com`.
        public var baseURL: String
        public var projectID: String
        /// `eu-de`, … (informational; the `Access=` signature form does not use it).
        public var region: String
        public var auth: Auth
        public var retry: RetryPolicy
        /// The longest a single HTTP exchange may take.
        public var requestTimeout: Duration
        /// The longest one operation may take, retries and backoff included.
        public var overallTimeout: Duration
        public var userAgent: String

        public init(
            baseURL: String, projectID: String, region: String, auth: Auth, retry: RetryPolicy = .default,
            requestTimeout: Duration = .seconds(30), overallTimeout: Duration = .seconds(120),
            userAgent: String = "cce-swift/1.0"
        ) {
            var base = baseURL
            while base.hasSuffix("/") { base.removeLast() }
            self.baseURL = base
            self.projectID = projectID
            self.region = region
            self.auth = auth
            self.retry = retry
            self.requestTimeout = requestTimeout
            self.overallTimeout = overallTimeout
            self.userAgent = userAgent
        }

        public var description: String {
            "CCEClient.Configuration(baseURL: \(baseURL), projectID: \(projectID), region: \(region), auth: \(auth))"
        }
    }

    public let configuration: Configuration
    let transport: any Transport
    let environment: ClientEnvironment
    private let timing = JobTimingMemory()
    /// Made once: keying the HMAC for every request was a quarter of the signing cost.
    private let signer: AKSKSigner?
    /// `Host` of every AK/SK request (the signer signs it).
    private let host: String

    /// Shared by every `JobWaiter` on this client (and its copies).
    public var jobTiming: JobTimingMemory? { timing }

    public init(configuration: Configuration, transport: any Transport, environment: ClientEnvironment = .live) {
        self.configuration = configuration
        self.transport = transport
        self.environment = environment
        if case .akSK(let ak, let sk) = configuration.auth {
            signer = AKSKSigner(accessKey: ak, secretKey: sk).keyed()
        } else {
            signer = nil
        }
        host = TransportRequest(method: "GET", baseURL: configuration.baseURL, path: "/").hostAndPort
    }

    public init(
        baseURL: String, projectID: String, region: String, auth: Auth, transport: any Transport,
        retry: RetryPolicy = .default, environment: ClientEnvironment = .live
    ) {
        self.init(
            configuration: Configuration(
                baseURL: baseURL, projectID: projectID, region: region, auth: auth, retry: retry),
            transport: transport, environment: environment)
    }

    public var description: String { "CCEClient(\(configuration))" }

    // MARK: - ClusterService (raw JSON)

    /// POST /clusters (201). The body is serialised once and those exact bytes are signed and
    /// sent. After an ambiguous failure the cluster is looked up by `metadata.name` before any
    /// second POST, so a retry never creates a duplicate.
    public func createCluster(body: JSONValue) async throws -> JSONValue {
        guard body.objectValue != nil else {
            throw CCEClientError.invalidRequest("the cluster body must be a JSON object, not \(body.typeName)")
        }
        let bytes = body.serializedBytes()
        let name = body.member("metadata")?.member("name")?.stringValue
        return try await withDeadline { deadline in
            try await createWithLookup(bytes: bytes, name: name, deadline: deadline)
        }
    }

    public func showJob(id: String) async throws -> JSONValue {
        let id = try checkedID(id, what: "job id")
        return try objectBody(try await idempotent("GET", "/jobs/\(id)"))
    }

    public func getCluster(id: String) async throws -> JSONValue {
        let id = try checkedID(id, what: "cluster id")
        return try objectBody(try await idempotent("GET", "/clusters/\(id)"))
    }

    public func listClusters(query: [(name: String, value: String)]) async throws -> [JSONValue] {
        let response = try await idempotent("GET", "/clusters", query: query)
        return try items(of: try objectBody(response), response: response)
    }

    public func deleteCluster(id: String, query: [(name: String, value: String)]) async throws -> JSONValue {
        let id = try checkedID(id, what: "cluster id")
        return try objectBody(try await idempotent("DELETE", "/clusters/\(id)", query: query))
    }

    // MARK: - Typed forms

    /// Creates a cluster from the typed model; returns the 201 body as a `Cluster`.
    public func createCluster(_ cluster: Cluster) async throws -> Cluster {
        try decode(Cluster.self, try await createCluster(body: cluster.json))
    }

    public func job(id: String) async throws -> Job {
        try decode(Job.self, try await showJob(id: id))
    }

    public func cluster(id: String) async throws -> Cluster {
        try decode(Cluster.self, try await getCluster(id: id))
    }

    /// Lists clusters; `status`, `type` and `version` filter server-side, `detail` adds node
    /// counts and add-ons to the annotations.
    public func clusters(status: String? = nil, type: String? = nil, version: String? = nil, detail: Bool = false)
        async throws -> [Cluster]
    {
        var query: [(name: String, value: String)] = []
        if detail { query.append(("detail", "true")) }
        if let status { query.append(("status", status)) }
        if let type { query.append(("type", type)) }
        if let version { query.append(("version", version)) }
        return try await listClusters(query: query).map { try decode(Cluster.self, $0) }
    }

    /// Deletes a cluster; `options` are the `delete_*` query parameters
    /// (`["delete_evs": "true", "delete_net": "try"]`).
    public func deleteCluster(id: String, options: [String: String] = [:]) async throws -> Cluster {
        let query = options.sorted(by: { $0.key < $1.key }).map { (name: $0.key, value: $0.value) }
        return try decode(Cluster.self, try await deleteCluster(id: id, query: query))
    }

    // MARK: - Requests

    func decode<T: WireModel>(_ type: T.Type, _ json: JSONValue) throws -> T {
        do {
            return try T(json: json)
        } catch {
            throw CCEClientError.invalidResponse("the \(T.self) in the response does not match the API: \(error)")
        }
    }

    /// Refuses ids that would change the path (`/`, `?`, `..`) rather than escaping them: no
    /// CCE id contains such characters, so one that does is a mistake worth reporting.
    func checkedID(_ id: String, what: String) throws -> String {
        guard !id.isEmpty else { throw CCEClientError.invalidRequest("the \(what) is empty") }
        // Checked on the bytes: this runs for every poll, and all allowed characters are ASCII.
        let allowed = id.utf8.allSatisfy { b in
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                return true
            default:
                return false
            }
        }
        guard id != "." && id != "..", allowed else {
            throw CCEClientError.invalidRequest(
                "the \(what) '\(id.prefix(80))' may contain only letters, digits, '-', '_', '.' and '~'")
        }
        return id
    }

    /// Builds and authenticates one request. Called for every attempt so that a retried
    /// AK/SK request carries a fresh `X-Sdk-Date`.
    func makeRequest(
        _ method: String, _ subpath: String, query: [(name: String, value: String)], body: [UInt8],
        token: IAMPasswordAuth.Token? = nil
    ) -> TransportRequest {
        let project = configuration.projectID.isEmpty ? (token?.projectID ?? "") : configuration.projectID
        var request = TransportRequest(
            method: method, baseURL: configuration.baseURL,
            path: "/api/v3/projects/\(project)\(subpath)", query: query, body: body)
        // The Python SDK sends Content-Type on GET and DELETE too; the gateway expects it.
        request.headers.append(("Content-Type", "application/json"))
        request.headers.append(("User-Agent", configuration.userAgent))
        switch configuration.auth {
        case .none:
            break
        case .token(let token):
            request.headers.append(("X-Auth-Token", token))
        case .password:
            if let token { request.headers.append(("X-Auth-Token", token.value)) }
        case .akSK(let ak, let sk):
            request.headers.append(("X-Project-Id", configuration.projectID))
            request.headers.append(("Host", host))
            (signer ?? AKSKSigner(accessKey: ak, secretKey: sk)).sign(&request, date: environment.date())
        }
        return request
    }

    /// Builds, authenticates and sends one request. With password authentication a 401 means
    /// the token was revoked or expired early: log in again, once, and resend.
    func send(
        _ method: String, _ subpath: String, query: [(name: String, value: String)] = [], body: [UInt8] = [],
        deadline: Duration
    ) async throws -> TransportResponse {
        guard case .password(let iam) = configuration.auth else {
            return try await exchange(makeRequest(method, subpath, query: query, body: body), deadline: deadline)
        }
        let token = try await iam.token()
        let response = try await exchange(
            makeRequest(method, subpath, query: query, body: body, token: token), deadline: deadline)
        guard response.status == 401 else { return response }
        let fresh = try await iam.token(replacing: token.value)
        return try await exchange(
            makeRequest(method, subpath, query: query, body: body, token: fresh), deadline: deadline)
    }

    /// One exchange; a response of any status, or a `CCEClientError` for no response.
    func exchange(_ request: TransportRequest, deadline: Duration) async throws -> TransportResponse {
        try Task.checkCancellation()
        let remaining = deadline - environment.now()
        guard remaining > .zero else {
            throw CCEClientError.timeout(
                "\(request.method) \(request.path) did not finish within \(configuration.overallTimeout)")
        }
        do {
            return try await transport.send(request, timeout: min(configuration.requestTimeout, remaining))
        } catch let failure as TransportFailure {
            throw CCEClientError.transport(failure)
        } catch is CancellationError {
            throw CCEClientError.cancelled()
        } catch let error as CCEClientError {
            throw error
        } catch {
            throw CCEClientError(kind: .transport, message: "\(error)", transportFailure: .connectionLost("\(error)"))
        }
    }

    /// Runs `body` with the overall deadline; maps cancellation to `CCEClientError`.
    func withDeadline<T: Sendable>(_ body: (Duration) async throws -> T) async throws -> T {
        let deadline = environment.now() + configuration.overallTimeout
        do {
            return try await body(deadline)
        } catch is CancellationError {
            throw CCEClientError.cancelled()
        }
    }

    /// Sleeps before retry `retry`, or returns false when the wait would pass the deadline.
    func backoff(retry: Int, retryAfter: Duration?, deadline: Duration) async throws -> Bool {
        let wait = configuration.retry.delay(beforeRetry: retry, retryAfter: retryAfter, unit: environment.random())
        guard environment.now() + wait < deadline else { return false }
        try await environment.sleep(wait)
        return true
    }

    /// GET/DELETE (and a PUT, whose repetition is harmless) with retries on 429, 5xx and every
    /// connection failure.
    func idempotent(
        _ method: String, _ subpath: String, query: [(name: String, value: String)] = [], body: [UInt8] = []
    ) async throws -> TransportResponse {
        try await withDeadline { deadline in
            var attempt = 0
            while true {
                let outcome: Result<TransportResponse, CCEClientError>
                do {
                    outcome = .success(try await send(method, subpath, query: query, body: body, deadline: deadline))
                } catch let e as CCEClientError {
                    outcome = .failure(e)
                }
                let retryAfter: Duration?
                let failure: CCEClientError
                switch outcome {
                case .success(let response) where (200..<300).contains(response.status):
                    return response
                case .success(let response):
                    failure = CCEClientError.fromResponse(response)
                    guard response.status == 429 || response.status >= 500 else { throw failure }
                    retryAfter = RetryPolicy.retryAfter(response.header("Retry-After"))
                case .failure(let e):
                    guard e.isTransport || (e.isTimeout && e.transportFailure == .timedOut) else { throw e }
                    failure = e
                    retryAfter = nil
                }
                attempt += 1
                guard attempt < attemptLimit(for: failure),
                    try await backoff(retry: attempt - 1, retryAfter: retryAfter, deadline: deadline)
                else { throw failure }
            }
        }
    }

    /// A refused connection means nothing listens there (a wrong endpoint, a stopped
    /// server): a few quick retries cover a restart, the full budget would keep a user
    /// waiting half a minute for an error that will not change.
    func attemptLimit(for failure: CCEClientError) -> Int {
        if case .connectionRefused? = failure.transportFailure { return min(configuration.retry.maxAttempts, 4) }
        return configuration.retry.maxAttempts
    }

    /// The create POST and its careful retry (see `createCluster(body:)`): the same loop as
    /// every create (`createSafely`), looking the cluster up by name after an ambiguous failure.
    /// Without a name there is no way to look, so an ambiguous failure is final.
    private func createWithLookup(bytes: [UInt8], name: String?, deadline: Duration) async throws -> JSONValue {
        guard let name else {
            return try await createSafely("/clusters", query: [], bytes: bytes, deadline: deadline, lookUp: nil)
        }
        let client = self
        return try await createSafely("/clusters", query: [], bytes: bytes, deadline: deadline) { @Sendable deadline in
            try await client.lookUpPatiently(name: name, deadline: deadline)
        }
    }

    /// Look-ups after an ambiguous POST have a budget of their own: under a high fault rate
    /// they fail as often as the POST, and counting them against the POST's attempts ended
    /// whole batches although the cluster had been created.
    static let lookUpAttempts = 8

    /// `lookUp`, retried on throttling, server errors and dropped connections.
    private func lookUpPatiently(name: String, deadline: Duration) async throws -> JSONValue? {
        var attempt = 0
        while true {
            do {
                return try await lookUp(name: name, deadline: deadline)
            } catch let e as CCEClientError where e.isTransport || e.isServerError || e.isThrottled {
                attempt += 1
                guard attempt < Self.lookUpAttempts,
                    try await backoff(retry: min(attempt - 1, 3), retryAfter: nil, deadline: deadline)
                else { throw e }
            }
        }
    }

    /// Finds a cluster by `metadata.name` with one list request, and shapes it like the 201
    /// body (the cluster object carries `status.jobID` while the job is young).
    private func lookUp(name: String, deadline: Duration) async throws -> JSONValue? {
        let response = try await send("GET", "/clusters", deadline: deadline)
        guard (200..<300).contains(response.status) else { throw CCEClientError.fromResponse(response) }
        let found = try items(of: try objectBody(response), response: response)
            .first { $0.member("metadata")?.member("name")?.stringValue == name }
        guard var cluster = found else { return nil }
        if let jobID = cluster["status"]?["jobID"]?.stringValue, cluster["metadata"]?["annotations"]?["jobid"] == nil,
            cluster["metadata"]?.objectValue != nil
        {
            var annotations = cluster["metadata"]?["annotations"] ?? .object([:])
            if annotations.objectValue != nil {
                annotations["jobid"] = .string(jobID)
                cluster["metadata"]?["annotations"] = annotations
            }
        }
        return cluster
    }

    func objectBody(_ response: TransportResponse) throws -> JSONValue {
        let requestID = response.header("X-Request-Id")
        let json: JSONValue
        do {
            json = try JSONValue.parse(response.body)
        } catch {
            throw CCEClientError.invalidResponse(
                "the body is not JSON (\(error))", status: response.status, requestID: requestID)
        }
        guard json.objectValue != nil else {
            throw CCEClientError.invalidResponse(
                "expected a JSON object, found \(json.typeName)", status: response.status, requestID: requestID)
        }
        return json
    }

    func items(of list: JSONValue, response: TransportResponse) throws -> [JSONValue] {
        switch list.member("items") {
        case nil, .null?: return []
        case .array(let a)?: return a
        case let other?:
            throw CCEClientError.invalidResponse(
                "`items` should be an array, found \(other.typeName)", status: response.status,
                requestID: response.header("X-Request-Id"))
        }
    }
}
