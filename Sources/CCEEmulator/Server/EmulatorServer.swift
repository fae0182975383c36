import CCECore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// The HTTP door: a Hummingbird 2 server whose only responder forwards every request to the
/// emulator's router (auth, faults and all). Binds loopback by default; port 0 picks a free one.
public struct EmulatorServer: Sendable {
    public let emulator: Emulator
    public let host: String
    public let port: Int
    /// Called once per request with a one-line summary (method, path, status, time). Never
    /// carries headers, so no token or signature can leak into it.
    public let requestLog: (@Sendable (String) -> Void)?

    /// Bodies larger than this get 413, as the gateway answers (`APIGW.0201`).
    public static let maximumBodyBytes = 4 * 1024 * 1024

    public init(
        emulator: Emulator, host: String = "127.0.0.1", port: Int = 0, requestLog: (@Sendable (String) -> Void)? = nil
    ) {
        self.emulator = emulator
        self.host = host
        self.port = port
        self.requestLog = requestLog
    }

    /// Serves until the task is cancelled or, with `handleSignals`, until SIGINT/SIGTERM
    /// (graceful: in-flight requests finish). `onListening` receives the bound port.
    public func run(handleSignals: Bool = false, onListening: @escaping @Sendable (Int) async -> Void = { _ in })
        async throws
    {
        var logger = Logger(label: "cce-emulator")
        logger.logLevel = .critical
        let fallbackPort = port
        let app = Application(
            responder: EmulatorResponder(emulator: emulator, requestLog: requestLog),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? fallbackPort) },
            logger: logger)
        if handleSignals {
            try await app.runService()
        } else {
            try await app.run()
        }
    }
}

/// Carries the channel, so an injected "dropped connection" can close it.
struct EmulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }
}

struct DroppedConnection: Error {}

struct EmulatorResponder: HTTPResponder {
    typealias Context = EmulatorRequestContext
    let emulator: Emulator
    let requestLog: (@Sendable (String) -> Void)?

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        var request = request
        let rawPath = request.uri.path
        let path = rawPath.removingPercentEncoding ?? rawPath
        let response: TransportResponse
        do {
            let body = try await request.collectBody(upTo: EmulatorServer.maximumBodyBytes)
            let transportRequest = Self.transportRequest(request, path: path, body: Array(body.readableBytesView))
            switch await emulator.serve(transportRequest, trusted: false) {
            case .respond(let r): response = r
            case .drop, .timedOut:
                log(request.method.rawValue, path, "dropped (injected fault)", since: started)
                context.channel.close(promise: nil)
                throw DroppedConnection()
            }
        } catch is DroppedConnection {
            throw DroppedConnection()
        } catch {
            // Only collecting an oversized body can fail here.
            let requestID = IdentifierSource.requestID()
            response = TransportResponse(
                status: 413,
                headers: [("Content-Type", "application/json;charset=UTF-8"), ("X-Request-Id", requestID)],
                body: WireError.gateway(code: "APIGW.0201", message: "Request entity too large", requestID: requestID)
                    .serializedBytes())
        }
        log(request.method.rawValue, path, String(response.status), since: started)
        var fields = HTTPFields()
        for (name, value) in response.headers {
            if let field = HTTPFields.Element.Name(name) { fields[field] = value }
        }
        return Response(
            status: HTTPResponse.Status(code: response.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body)))
    }

    private func log(_ method: String, _ path: String, _ outcome: String, since start: ContinuousClock.Instant) {
        guard let requestLog else { return }
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        requestLog("\(method) \(path) \(outcome) \(String(format: "%.1f", ms))ms")
    }

    static func transportRequest(_ request: Request, path: String, body: [UInt8]) -> TransportRequest {
        var headers: [(name: String, value: String)] = []
        let authority = request.head.authority ?? "127.0.0.1"
        // HTTP/1's Host header becomes the authority pseudo-header in HTTPTypes; AK/SK signs it as `host`.
        headers.append(("Host", authority))
        for field in request.headers { headers.append((field.name.rawName, field.value)) }
        var query: [(name: String, value: String)] = []
        if let raw = request.uri.query, !raw.isEmpty {
            for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
                let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
                query.append((name, value))
            }
        }
        return TransportRequest(
            method: request.method.rawValue, baseURL: "http://" + authority, path: path, query: query, headers: headers,
            body: body)
    }
}
