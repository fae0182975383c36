import Foundation

/// Where the emulator reads the time. Job and cluster phases are computed from stored start
/// times and this clock, never advanced by timers, so state survives restarts and tests
/// move time by hand instead of sleeping.
public protocol EmulatorClock: Sendable {
    func now() -> Date
}

/// The wall clock.
public struct SystemClock: EmulatorClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that moves only when told to.
public final class ManualClock: EmulatorClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) { current = start }

    public func now() -> Date { lock.withLock { current } }

    /// Moves the clock forward (or back, for skew tests) by `seconds`.
    public func advance(by seconds: Double) { lock.withLock { current = current.addingTimeInterval(seconds) } }

    public func set(_ date: Date) { lock.withLock { current = date } }
}
