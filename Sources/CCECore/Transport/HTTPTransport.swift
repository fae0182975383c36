import AsyncHTTPClient
import Foundation
import NIOCore

/// `Transport` over AsyncHTTPClient: a real CCE endpoint or `cce serve`.
///
/// Failures are sorted by what they mean for a retry: a connection that never came up is
/// `.connectionRefused` (nothing reached the service); a timeout is `.timedOut`; anything
/// after that is `.connectionLost` (the service may have acted).
public final class HTTPTransport: Transport, @unchecked Sendable {
    /// Bodies larger than this are refused rather than buffered (the gateway's own limit is 12 MB).
    public static let maximumResponseBytes = 32 * 1024 * 1024

    private let client: HTTPClient
    private let ownsClient: Bool
    // Guards `isShutDown`; everything else is immutable.
    private let lock = NSLock()
    private var isShutDown = false

    /// Creates and owns an `HTTPClient`; call `shutdown()` when done. Connection attempts are
    /// not retried inside AsyncHTTPClient, so a refused connection is reported at once and
    /// the client core decides about retries; redirects are not followed (a signed request
    /// must not wander to another host).
    public init(connectTimeout: Duration = .seconds(10)) {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout.connect = .nanoseconds(Int64(connectTimeout.seconds * 1e9))
        configuration.connectionPool.retryConnectionEstablishment = false
        // No spans: nothing consumes them, and recording attributes cost ~3% per request.
        configuration.tracing.tracer = nil
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        self.ownsClient = true
    }

    /// Uses a client owned by the caller (for example `HTTPClient.shared`); `shutdown()` leaves it alone.
    public init(client: HTTPClient) {
        self.client = client
        self.ownsClient = false
    }

    /// Shuts the owned client down and waits for its connections to close. Dropping the
    /// transport without calling this also shuts the client down, without waiting.
    public func shutdown() async throws {
        guard ownsClient, markShutDown() else { return }
        try await client.shutdown()
    }

    private func markShutDown() -> Bool {
        lock.withLock {
            defer { isShutDown = true }
            return !isShutDown
        }
    }

    deinit {
        // AsyncHTTPClient traps in debug builds when a client is released while running.
        if ownsClient, markShutDown() { client.shutdown { _ in } }
    }

    /// Uses AsyncHTTPClient's future-based API: its async `execute` starts an unstructured
    /// Task per request (to register the request with an actor for cancellation), which
    /// cost a wake-up of a concurrency pool thread per request.
    public func send(_ request: TransportRequest, timeout: Duration) async throws -> TransportResponse {
        let method = request.method.uppercased()
        let nanos = Int64(max(0, min(timeout.seconds, 86_400)) * 1e9)
        do {
            var outgoing = try HTTPClient.Request(url: HTTPTransport.url(for: request), method: .init(rawValue: method))
            outgoing.headers.reserveCapacity(request.headers.count)
            for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
            if !request.body.isEmpty || method == "POST" || method == "PUT" { outgoing.body = .bytes(request.body) }
            let task = client.execute(
                request: outgoing,
                delegate: ResponseAccumulator(request: outgoing, maxBodySize: HTTPTransport.maximumResponseBytes),
                deadline: .now() + .nanoseconds(nanos))
            let response = try await withTaskCancellationHandler {
                try await task.futureResult.get()
            } onCancel: {
                task.cancel()
            }
            var headers: [(name: String, value: String)] = []
            headers.reserveCapacity(response.headers.count)
            for (name, value) in response.headers { headers.append((name, value)) }
            return TransportResponse(
                status: Int(response.status.code), headers: headers,
                body: response.body.map { Array($0.readableBytesView) } ?? [])
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw HTTPTransport.classify(error)
        }
    }

    /// `baseURL` + the path (each segment percent-encoded) + the query (RFC 3986).
    static func url(for request: TransportRequest) -> String {
        var url = request.baseURL
        // The usual path (ids of letters, digits and '-') needs no encoding: append it whole.
        if request.path.utf8.allSatisfy({ $0 == UInt8(ascii: "/") || SDKSigning.isUnreserved($0) }) {
            url += request.path
        } else {
            url += request.path.split(separator: "/", omittingEmptySubsequences: false)
                .map { SDKSigning.percentEncode(Array($0.utf8)) }.joined(separator: "/")
        }
        if !request.query.isEmpty {
            url +=
                "?"
                + request.query.map {
                    SDKSigning.percentEncode(Array($0.name.utf8)) + "=" + SDKSigning.percentEncode(Array($0.value.utf8))
                }.joined(separator: "&")
        }
        return url
    }

    /// Maps AsyncHTTPClient and NIO errors to `TransportFailure`. NIO's connect errors are
    /// recognised by name so that this module needs no direct NIO dependency.
    static func classify(_ error: any Error) -> TransportFailure {
        if let e = error as? HTTPClientError {
            switch e {
            case .connectTimeout, .getConnectionFromPoolTimeout, .tlsHandshakeTimeout, .socksHandshakeTimeout,
                .httpProxyHandshakeTimeout:
                return .connectionRefused(String(describing: e))
            case .readTimeout, .writeTimeout, .deadlineExceeded:
                return .timedOut
            case .invalidURL, .emptyHost, .emptyScheme, .alreadyShutdown:
                return .invalidRequest(String(describing: e))
            default:
                let text = String(describing: e)
                return text.contains("unsupportedScheme") ? .invalidRequest(text) : .connectionLost(text)
            }
        }
        let text = String(describing: error)
        let typeName = String(describing: type(of: error))
        let lowered = text.lowercased()
        if typeName.contains("NIOConnectionError") || lowered.contains("connection refused")
            || lowered.contains("econnrefused") || lowered.contains("connecttimeout")
            || typeName.contains("SocketAddressError") || typeName.contains("DNS")
            || lowered.contains("could not resolve") || lowered.contains("network is unreachable")
        {
            return .connectionRefused(text)
        }
        return .connectionLost(text)
    }
}
