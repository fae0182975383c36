import Foundation

/// SplitMix64: tiny, fast, and the same sequence for the same seed on every platform, which
/// is what "seeded and reproducible" faults need (`SystemRandomNumberGenerator` cannot be seeded).
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform draw in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// Makes the IDs the service hands out. CCE's IDs look like time-based UUIDv1
/// (`1df09f9a-5b9e-11ef-8f52-0255ac10003e`), so these are too: the timestamp comes from the
/// emulator's clock, and a per-process counter keeps them unique when the clock stands still.
final class IdentifierSource: @unchecked Sendable {
    private let lock = NSLock()
    private var lastTicks: UInt64 = 0
    private let clockSequence: UInt16
    private let node: UInt64

    init() {
        var rng = SystemRandomNumberGenerator()
        clockSequence = UInt16.random(in: 0...0x3FFF, using: &rng) | 0x8000
        // 02:55:ac prefix as in real CCE IDs; the rest random per process.
        node = 0x0255_AC00_0000 | UInt64.random(in: 0...0xFF_FFFF, using: &rng)
    }

    /// A UUIDv1-shaped ID for `date`, lower-case.
    func uuid(at date: Date) -> String {
        // 100 ns intervals since 1582-10-15, the UUIDv1 epoch.
        let unix = max(0, date.timeIntervalSince1970)
        var ticks = UInt64(min(unix, 1e11) * 10_000_000) &+ 0x01B2_1DD2_1381_4000
        lock.lock()
        if ticks <= lastTicks { ticks = lastTicks &+ 1 }
        lastTicks = ticks
        lock.unlock()
        let timeLow = UInt32(truncatingIfNeeded: ticks)
        let timeMid = UInt16(truncatingIfNeeded: ticks >> 32)
        let timeHigh = UInt16(truncatingIfNeeded: ticks >> 48) & 0x0FFF | 0x1000
        return hex(UInt64(timeLow), 8) + "-" + hex(UInt64(timeMid), 4) + "-" + hex(UInt64(timeHigh), 4) + "-"
            + hex(UInt64(clockSequence), 4) + "-" + hex(node, 12)
    }

    /// Request IDs need to be unique, not secret: a generator seeded once from the system
    /// saves two `getrandom` calls per request.
    private let requestIDs = LockedGenerator(seed: UInt64.random(in: 0...UInt64.max))

    /// 32 hex digits, like the gateway's request IDs.
    func requestID() -> String {
        let (a, b, _) = requestIDs.three()
        return hex(a, 16) + hex(b, 16)
    }

    /// For callers without an `IdentifierSource` at hand (rare paths: faults, oversized bodies).
    static func requestID() -> String {
        var rng = SystemRandomNumberGenerator()
        return hex(rng.next(), 16) + hex(rng.next(), 16)
    }
}

private let hexDigits = Array("0123456789abcdef".utf8)

/// `value` as exactly `width` lower-case hex digits (the low bits).
func hex(_ value: UInt64, _ width: Int) -> String {
    var bytes = [UInt8](repeating: 0x30, count: width)
    var v = value
    for i in stride(from: width - 1, through: 0, by: -1) {
        bytes[i] = hexDigits[Int(v & 0xF)]
        v >>= 4
    }
    return String(decoding: bytes, as: UTF8.self)
}
