/// One HTTP exchange as the client core sees it, independent of any HTTP library, so the
/// same client runs over AsyncHTTPClient (a real endpoint or `cce serve`) and in-process
/// against the embedded emulator (no sockets).
public struct TransportRequest: Sendable {
    /// Upper-case HTTP method: `GET`, `POST`, `DELETE`, `PUT`.
    public var method: String
    /// Scheme, host and optional port, no trailing slash: `https://cce.eu-de.otc.t-systems.com`.
    public var baseURL: String
    /// The path, starting with `/`, not percent-encoded: `/api/v3/projects/P/clusters`.
    public var path: String
    /// Query parameters in the order given (the signer sorts its own copy).
    public var query: [(name: String, value: String)]
    /// Header fields in order; names compare case-insensitively.
    public var headers: [(name: String, value: String)]
    /// The exact bytes sent (what AK/SK signs).
    public var body: [UInt8]

    public init(
        method: String, baseURL: String, path: String,
        query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = [], body: [UInt8] = []
    ) {
        self.method = method
        self.baseURL = baseURL
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name`, compared without regard to case.
    public func header(_ name: String) -> String? {
        headers.first(where: { HeaderName.equals($0.name, name) })?.value
    }

    /// Replaces every field called `name` (any case) with one field.
    public mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll(where: { HeaderName.equals($0.name, name) })
        headers.append((name, value))
    }

    /// `host[:port]` of `baseURL`: what the `Host` header carries and AK/SK signs.
    public var hostAndPort: String {
        var rest = Substring(baseURL)
        if let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
            rest = rest[rest.index(colon, offsetBy: 3)...]
        }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        return String(rest)
    }
}

/// What came back.
public struct TransportResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first(where: { HeaderName.equals($0.name, name) })?.value
    }
}

/// Header-name comparison without allocating: every request looks up several headers, each
/// among several, so lower-casing both sides each time added up. Field names are ASCII
/// tokens (RFC 9110 §5.1); any other byte compares exactly.
enum HeaderName {
    /// Equal but for ASCII letter case.
    static func equals(_ a: String, _ b: String) -> Bool {
        let x = a.utf8
        let y = b.utf8
        guard x.count == y.count else { return false }
        for (p, q) in zip(x, y) where p != q {
            if lower(p) != lower(q) { return false }
        }
        return true
    }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 {
        b &- UInt8(ascii: "A") < 26 ? b | 0x20 : b
    }

    /// ASCII letters lower-cased, every other byte kept.
    static func lowercased(_ name: Substring) -> String {
        guard name.utf8.contains(where: { $0 &- UInt8(ascii: "A") < 26 }) else { return String(name) }
        return String(decoding: name.utf8.map(lower), as: UTF8.self)
    }
}

/// Why an exchange produced no response. The distinction matters for retries: after
/// `connectionRefused` the service provably did nothing; after the others it may have acted.
public enum TransportFailure: Error, Sendable, Equatable {
    /// The connection was never established: nothing reached the service.
    case connectionRefused(String)
    /// The connection broke after the request may have been sent.
    case connectionLost(String)
    /// No answer within the per-request timeout; the service may still act on it.
    case timedOut
    /// The request could not even be formed (bad URL, …). Not retried.
    case invalidRequest(String)
}

/// Sends one request and returns one response. Implementations must honour Task
/// cancellation (throw `CancellationError`) and the given timeout.
public protocol Transport: Sendable {
    func send(_ request: TransportRequest, timeout: Duration) async throws -> TransportResponse
}
