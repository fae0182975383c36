import CCECore

/// The in-process door: a `Transport` that hands requests straight to an `Emulator`, no
/// sockets. Pre-authorised (no token or signature is checked), but injected faults apply:
/// a dropped connection surfaces as `TransportFailure.connectionLost`, a delay longer than
/// the timeout as `.timedOut`.
public struct EmulatorTransport: Transport {
    public let emulator: Emulator

    public init(emulator: Emulator) { self.emulator = emulator }

    public func send(_ request: TransportRequest, timeout: Duration) async throws -> TransportResponse {
        try Task.checkCancellation()
        switch await emulator.serve(request, trusted: true, timeout: timeout) {
        case .respond(let response):
            try Task.checkCancellation()
            return response
        case .drop:
            throw TransportFailure.connectionLost("the emulator dropped the connection (injected fault)")
        case .timedOut:
            throw TransportFailure.timedOut
        }
    }
}
