import Foundation
import Synchronization

/// IAM password authentication (WIRE.md §6, WIRE-LIFECYCLE §8): a project-scoped token from
/// `POST {authURL}/auth/tokens`, held in memory only and fetched again when the service
/// answers 401 or the token is about to expire.
///
/// The password lives in this object and nowhere else: `description` and every error leave
/// it out, and nothing here writes to disk.
public final class IAMPasswordAuth: Sendable, CustomStringConvertible {
    public struct Credentials: Sendable {
        /// `https://iam.eu-de.otc.t-systems.com/v3` (with or without the `/v3`).
        public var authURL: String
        public var username: String
        public var password: String
        /// The user's domain (account) name; OTC users' domain is often `OTC00000000001000000xxx`.
        public var domainName: String
        /// The project to scope the token to: by id when known, else by name (on OTC the
        /// project of a region is named after it, `eu-de`).
        public var projectID: String?
        public var projectName: String?

        public init(
            authURL: String, username: String, password: String, domainName: String, projectID: String?,
            projectName: String?
        ) {
            self.authURL = authURL
            self.username = username
            self.password = password
            self.domainName = domainName
            self.projectID = projectID
            self.projectName = projectName
        }
    }

    /// What one successful login yields.
    public struct Token: Sendable {
        public var value: String
        /// `token.project.id`: the project id the CCE paths need.
        public var projectID: String
        /// `token.expires_at`, parsed; nil when the service gave none we could read.
        public var expiresAt: Duration?
    }

    let credentials: Credentials
    private let transport: any Transport
    private let environment: ClientEnvironment
    private let current = Mutex<Token?>(nil)
    /// One login at a time: concurrent requests of a batch wait for the same token.
    private let login = LoginGate()

    public init(credentials: Credentials, transport: any Transport, environment: ClientEnvironment = .live) {
        self.credentials = credentials
        self.transport = transport
        self.environment = environment
    }

    public var description: String {
        "IAM password (user \(credentials.username), domain \(credentials.domainName), password <redacted>)"
    }

    /// The token to send, logging in when there is none, when it expires within five minutes,
    /// or when `replacing` is the token the service just refused.
    public func token(replacing refused: String? = nil) async throws -> Token {
        if let held = current.withLock({ $0 }), held.value != refused, !expiresSoon(held) { return held }
        return try await login.run {
            // Another request may have logged in while this one waited.
            if let held = self.current.withLock({ $0 }), held.value != refused, !self.expiresSoon(held) { return held }
            let fresh = try await self.requestToken()
            self.current.withLock { $0 = fresh }
            return fresh
        }
    }

    private func expiresSoon(_ token: Token) -> Bool {
        guard let expiresAt = token.expiresAt else { return false }
        return expiresAt - .seconds(300) <= .seconds(environment.date().timeIntervalSince1970)
    }

    /// The request body of WIRE-LIFECYCLE §8.
    func requestBody() -> JSONValue {
        let scope: JSONValue
        if let id = credentials.projectID {
            scope = ["project": ["id": .string(id)]]
        } else {
            scope = ["project": ["name": .string(credentials.projectName ?? "")]]
        }
        return [
            "auth": [
                "identity": [
                    "methods": ["password"],
                    "password": [
                        "user": [
                            "name": .string(credentials.username), "password": .string(credentials.password),
                            "domain": ["name": .string(credentials.domainName)],
                        ]
                    ],
                ],
                "scope": scope,
            ]
        ]
    }

    /// `{authURL}/auth/tokens`, whether or not the configured URL ends in `/v3`.
    var tokensURL: (base: String, path: String) {
        var url = credentials.authURL
        while url.hasSuffix("/") { url.removeLast() }
        // Split scheme://host[:port] from the path.
        var base = url
        var path = ""
        if let schemeEnd = url.range(of: "://") {
            let afterScheme = url[schemeEnd.upperBound...]
            if let slash = afterScheme.firstIndex(of: "/") {
                base = String(url[..<slash])
                path = String(url[slash...])
            }
        }
        if !path.hasSuffix("/v3") { path += "/v3" }
        return (base, path + "/auth/tokens")
    }

    private func requestToken() async throws -> Token {
        let (base, path) = tokensURL
        guard base.hasPrefix("https://") || base.hasPrefix("http://") else {
            throw CCEClientError.invalidRequest(
                "the IAM auth URL \"\(credentials.authURL)\" is not an http(s) URL like "
                    + "https://iam.eu-de.otc.t-systems.com/v3"
            )
        }
        var request = TransportRequest(method: "POST", baseURL: base, path: path, body: requestBody().serializedBytes())
        request.headers.append(("Content-Type", "application/json;charset=utf8"))
        let response: TransportResponse
        do {
            response = try await transport.send(request, timeout: .seconds(30))
        } catch let failure as TransportFailure {
            throw CCEClientError(
                kind: .transport, message: "IAM at \(base) could not be reached: \(failure)", transportFailure: failure)
        } catch is CancellationError {
            throw CCEClientError.cancelled()
        }
        guard (200..<300).contains(response.status) else {
            let answer = CCEClientError.fromResponse(response)
            let what =
                response.status == 401
                ? "IAM refused the login of user \(credentials.username) in domain \(credentials.domainName): "
                    + "check the user name, password and domain (OS_USERNAME, OS_PASSWORD, OS_USER_DOMAIN_NAME)"
                : "IAM login failed with \(response.status)"
            throw CCEClientError(
                kind: .service, status: response.status, code: answer.code, message: "\(what) (\(answer.message))",
                requestID: answer.requestID)
        }
        guard let value = response.header("X-Subject-Token"), !value.isEmpty else {
            throw CCEClientError.invalidResponse("IAM answered \(response.status) without an X-Subject-Token header")
        }
        let body = (try? JSONValue.parse(response.body)) ?? .null
        guard let projectID = body["token"]?["project"]?["id"]?.stringValue ?? credentials.projectID else {
            throw CCEClientError.invalidResponse(
                "IAM's token names no project (token.project.id): scope the login to a project with "
                    + "OS_PROJECT_NAME or OS_PROJECT_ID")
        }
        let expiresAt = body["token"]?["expires_at"]?.stringValue.flatMap(Self.parseISO8601)
        return Token(value: value, projectID: projectID, expiresAt: expiresAt)
    }

    /// `2026-12-05T01:02:03.000000Z` → seconds since 1970 as a Duration (UTC only, as IAM answers).
    static func parseISO8601(_ text: String) -> Duration? {
        let digits = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= digits.count else { return nil }
            var n = 0
            for b in digits[from..<from + count] {
                guard (48...57).contains(b) else { return nil }
                n = n * 10 + Int(b - 48)
            }
            return n
        }
        guard let y = number(0, 4), let mo = number(5, 2), let d = number(8, 2), let h = number(11, 2),
            let mi = number(14, 2), let s = number(17, 2), (1...12).contains(mo), (1...31).contains(d)
        else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let mp = (mo + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        return .seconds(days * 86400 + h * 3600 + mi * 60 + s)
    }
}

/// Serialises logins: the first caller runs the body, the others wait for their turn and
/// then usually find the fresh token already held.
final class LoginGate: Sendable {
    private let busy = Mutex<(running: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let runNow = busy.withLock { state -> Bool in
                if state.running {
                    state.waiters.append(continuation)
                    return false
                }
                state.running = true
                return true
            }
            if runNow { continuation.resume() }
        }
        defer {
            let next = busy.withLock { state -> CheckedContinuation<Void, Never>? in
                if state.waiters.isEmpty {
                    state.running = false
                    return nil
                }
                return state.waiters.removeFirst()
            }
            next?.resume()
        }
        return try await body()
    }
}
