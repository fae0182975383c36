import CCECore
import Foundation

/// One emulated CCE service: the router (state, auth, API) plus the fault injector. Hand it to
/// `EmulatorTransport` (in-process) and/or `EmulatorServer` (HTTP); both see the same state.
public final class Emulator: Sendable {
    public let router: EmulatorRouter
    let faults: FaultInjector

    public var configuration: EmulatorConfiguration { router.configuration }

    /// Opens the store and prepares the fault draws (seeded by `configuration.seed`).
    /// Throws when the configuration is unusable or the database cannot be opened.
    public convenience init(configuration: EmulatorConfiguration, clock: any EmulatorClock = SystemClock()) throws {
        let problems = configuration.problems()
        if !problems.isEmpty { throw EmulatorConfigurationError(problems: problems) }
        try self.init(router: EmulatorRouter(configuration: configuration, clock: clock))
    }

    init(router: EmulatorRouter) {
        self.router = router
        self.faults = FaultInjector(rate: router.configuration.faultRate, seed: router.configuration.seed)
    }

    /// What a door should do with a request.
    enum Outcome: Sendable {
        case respond(TransportResponse)
        /// Close the connection without answering (the request may or may not have been acted on).
        case drop
        /// The injected delay outlived the caller's timeout (the request was still acted on).
        case timedOut
    }

    /// Applies at most one injected fault, then (unless the fault replaces it) the router.
    /// `timeout`: the caller's deadline, known only in-process.
    func serve(_ request: TransportRequest, trusted: Bool, timeout: Duration? = nil) async -> Outcome {
        guard let fault = faults.draw(method: request.method) else {
            return .respond(await router.handle(request, trusted: trusted))
        }
        let requestID = IdentifierSource.requestID()
        func reply(_ status: Int, _ body: JSONValue) -> Outcome {
            .respond(
                TransportResponse(
                    status: status,
                    headers: [("Content-Type", "application/json;charset=UTF-8"), ("X-Request-Id", requestID)],
                    body: body.serializedBytes()))
        }
        switch fault {
        case .throttled:
            return reply(
                429,
                WireError.gateway(
                    code: "APIGW.0308",
                    message: "The throttling threshold has been reached: policy user over ratelimit (injected fault)",
                    requestID: requestID))
        case .internalError:
            return reply(500, WireError.internalError("injected fault: internal error").1)
        case .unavailable:
            return reply(
                503,
                WireError.gateway(
                    code: "APIGW.0201", message: "Backend unavailable, please try again later (injected fault)",
                    requestID: requestID))
        case .delay(let pause):
            if let timeout, pause > timeout {
                try? await Task.sleep(for: timeout)
                _ = await router.handle(request, trusted: trusted)
                return .timedOut
            }
            try? await Task.sleep(for: pause)
            return .respond(await router.handle(request, trusted: trusted))
        case .dropBeforeHandling:
            return .drop
        case .dropAfterHandling:
            _ = await router.handle(request, trusted: trusted)
            return .drop
        }
    }
}

/// The configuration cannot be used; `problems` says why, one line each.
public struct EmulatorConfigurationError: Error, Sendable, CustomStringConvertible {
    public var problems: [String]
    public var description: String { "invalid emulator configuration: " + problems.joined(separator: "; ") }
}

/// The faults `--fault-rate` injects.
enum InjectedFault: Sendable, Equatable {
    case throttled
    case internalError
    case unavailable
    case delay(Duration)
    case dropBeforeHandling
    /// The ambiguous case: the service acted (a POST created the cluster) but the answer never came.
    case dropAfterHandling
}

/// Decides, per request, whether and how to misbehave. Seeded: the same seed and the same
/// request order give the same faults.
final class FaultInjector: Sendable {
    let rate: Double
    private let draws: LockedGenerator

    init(rate: Double, seed: UInt64) {
        self.rate = rate
        self.draws = LockedGenerator(seed: seed)
    }

    func draw(method: String) -> InjectedFault? {
        guard rate > 0 else { return nil }
        let (u, kind, extra) = draws.three()
        guard Double(u >> 11) / Double(1 << 53) < rate else { return nil }
        switch kind % 6 {
        case 0: return .throttled
        case 1: return .internalError
        case 2: return .unavailable
        case 3: return .delay(.milliseconds(Int64(20 + extra % 280)))
        case 4: return .dropBeforeHandling
        default:
            // Only a request that changes state makes the "acted but never answered" case interesting.
            return method.uppercased() == "GET" ? .dropBeforeHandling : .dropAfterHandling
        }
    }
}
