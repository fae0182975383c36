import Foundation

/// How often and how patiently the client retries (exponential backoff with full jitter).
///
/// Which failures are retried is not configurable, because it is a question of safety, not
/// taste: GET and DELETE are retried on 429, 5xx and connection failures; the create POST
/// only where the service provably did not act (429, connection refused), and after an
/// ambiguous failure only once a lookup by name has shown that no cluster was made.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in total, the first included. `1` disables retries. The default, 8, keeps a
    /// 200-cluster batch whole under a 20 % fault rate (0.2⁸ per request; with 4 attempts one
    /// of its ~1,000 requests failed in about one run in four), and its backoff (about 50 s at
    /// most) stays within the 120 s deadline of one operation.
    public var maxAttempts: Int
    /// The backoff before retry `n` (0-based) is uniform in `0 ... min(maxDelay, baseDelay·2ⁿ)`.
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// A `Retry-After` longer than this is cut to it (a misbehaving server must not stall us).
    public var maxRetryAfter: Duration

    public init(
        maxAttempts: Int = 8, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(20),
        maxRetryAfter: Duration = .seconds(60)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    public static let `default` = RetryPolicy()
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The wait before retry number `retry` (0 for the first retry). `unit` is a random number
    /// in `0..<1`; `retryAfter` is the server's hint, which wins when present.
    public func delay(beforeRetry retry: Int, retryAfter: Duration?, unit: Double) -> Duration {
        if let retryAfter { return min(max(retryAfter, .zero), maxRetryAfter) }
        let exponent = min(max(retry, 0), 30)
        let ceilingSeconds = min(maxDelay.seconds, baseDelay.seconds * Double(1 << exponent))
        let u = unit.isFinite ? min(max(unit, 0), 1) : 0
        return .seconds(ceilingSeconds * u)
    }

    /// Parses `Retry-After` in its delta-seconds form. The HTTP-date form is ignored (the
    /// backoff applies): CCE and its gateway send seconds.
    static func retryAfter(_ header: String?) -> Duration? {
        guard let text = header?.trimmingCharacters(in: .whitespaces), let seconds = Int(text), seconds >= 0 else {
            return nil
        }
        return .seconds(seconds)
    }
}

/// Time and chance as the client and the waiter see them, injectable so tests run
/// instantly and deterministically.
public struct ClientEnvironment: Sendable {
    /// Monotonic time since some fixed origin.
    public var now: @Sendable () -> Duration
    /// Suspends for the given time; must throw `CancellationError` when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// A random number in `0..<1`, for jitter.
    public var random: @Sendable () -> Double
    /// Wall-clock time, for `X-Sdk-Date`.
    public var date: @Sendable () -> Date

    public init(
        now: @escaping @Sendable () -> Duration, sleep: @escaping @Sendable (Duration) async throws -> Void,
        random: @escaping @Sendable () -> Double, date: @escaping @Sendable () -> Date
    ) {
        self.now = now
        self.sleep = sleep
        self.random = random
        self.date = date
    }

    /// Real time: `ContinuousClock`, and sleeps that end at once when the task is cancelled
    /// (timers on the HTTP client's event loops rather than Dispatch: see `EventLoopSleep`).
    public static let live: ClientEnvironment = {
        let origin = ContinuousClock.now
        return ClientEnvironment(
            now: { ContinuousClock.now - origin },
            sleep: { duration in try await EventLoopSleep.sleep(for: duration) },
            random: { Double.random(in: 0..<1) },
            date: { Date() })
    }()
}

extension Duration {
    /// The duration in (fractional) seconds.
    var seconds: Double {
        let c = components
        return Double(c.seconds) + Double(c.attoseconds) / 1e18
    }
}
