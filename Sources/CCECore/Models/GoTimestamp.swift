import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A timestamp in Go's `time.Time.String()` form, which CCE uses for `creationTimestamp` and
/// `updateTimestamp` (WIRE.md §1.4): `2024-08-16 07:06:53.704389459 +0000 UTC`.
///
/// The fraction has 0–9 digits (Go drops trailing zeros), the offset is `±hhmm` and the zone
/// abbreviation is whatever the server's location calls itself (`UTC`, `CEST`, `+03`). A
/// monotonic-clock suffix (` m=+0.001`) that Go appends to `time.Now()` values is ignored.
/// Nanoseconds are kept exactly; `Date` would round them.
public struct GoTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01 00:00:00 UTC.
    public var seconds: Int64
    /// Nanoseconds within the second, 0 ..< 1_000_000_000.
    public var nanoseconds: Int32
    /// The offset the text was written in, in seconds east of UTC (0 when made from a `Date`).
    public var utcOffset: Int32
    /// The zone abbreviation the text carried (`UTC`, `CEST`), if any.
    public var zoneAbbreviation: String?

    /// The Unix seconds of 0001-01-01 and 10000-01-01: the years four digits can write.
    static let minimumSeconds: Int64 = -62_135_596_800
    static let limitSeconds: Int64 = 253_402_300_800

    /// A UTC instant. Values outside years 1–9999 are clamped to that range.
    public init(seconds: Int64, nanoseconds: Int32 = 0) {
        var s = seconds
        var n = nanoseconds
        if n < 0 || n >= 1_000_000_000 {
            s = s &+ Int64(n / 1_000_000_000)
            n = n % 1_000_000_000
            if n < 0 {
                n += 1_000_000_000
                s = s &- 1
            }
        }
        if s < GoTimestamp.minimumSeconds {
            s = GoTimestamp.minimumSeconds
            n = 0
        }
        if s >= GoTimestamp.limitSeconds {
            s = GoTimestamp.limitSeconds - 1
            n = 999_999_999
        }
        self.seconds = s
        self.nanoseconds = n
        self.utcOffset = 0
        self.zoneAbbreviation = "UTC"
    }

    /// The instant of `date`, to the precision a `Date` holds. Clamped to years 1–9999.
    public init(date: Date) {
        let t = date.timeIntervalSince1970
        guard t.isFinite else {
            self.init(seconds: t < 0 ? GoTimestamp.minimumSeconds : GoTimestamp.limitSeconds)
            return
        }
        let lower = Double(GoTimestamp.minimumSeconds)
        let upper = Double(GoTimestamp.limitSeconds)
        let clamped = min(max(t, lower), upper - 1)
        let whole = clamped.rounded(.down)
        var nanos = ((clamped - whole) * 1e9).rounded()
        if nanos > 999_999_999 { nanos = 999_999_999 }
        self.init(seconds: Int64(whole), nanoseconds: Int32(nanos))
    }

    /// The current time with the system clock's full (nanosecond) precision, in UTC.
    public static func now() -> GoTimestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return GoTimestamp(seconds: Int64(ts.tv_sec), nanoseconds: Int32(truncatingIfNeeded: ts.tv_nsec))
    }

    /// Parses Go `time.String()` text; `nil` when it is not one.
    public init?(_ text: String) {
        guard let t = try? GoTimestamp.parse(text) else { return nil }
        self = t
    }

    /// The instant as a `Date` (sub-microsecond digits may round).
    public var date: Date {
        Date(timeIntervalSince1970: Double(seconds) + Double(nanoseconds) / 1e9)
    }

    /// Go's text for this instant in UTC, trailing fraction zeros dropped:
    /// `2024-08-16 07:06:53.7043894 +0000 UTC`, or without a fraction when it is zero.
    public var description: String { GoTimestamp.format(seconds: seconds, nanoseconds: nanoseconds) }

    /// Go's UTC text for `date`.
    public static func format(_ date: Date) -> String { GoTimestamp(date: date).description }

    public static func == (lhs: GoTimestamp, rhs: GoTimestamp) -> Bool {
        lhs.seconds == rhs.seconds && lhs.nanoseconds == rhs.nanoseconds
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(seconds)
        hasher.combine(nanoseconds)
    }

    public static func < (lhs: GoTimestamp, rhs: GoTimestamp) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }
}

/// Why a text is not a Go timestamp.
public struct GoTimestampError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text (shortened when long).
    public var text: String
    /// What is wrong with it.
    public var message: String

    public var description: String {
        "invalid timestamp \"\(text)\": \(message) "
            + "(expected Go time format \"2006-01-02 15:04:05.999999999 -0700 MST\")"
    }
}

extension GoTimestamp {
    /// Parses Go `time.String()` text, saying what is wrong when it is not one.
    public static func parse(_ text: String) throws(GoTimestampError) -> GoTimestamp {
        let shown = text.count > 64 ? String(text.prefix(64)) + "…" : text
        func fail(_ message: String) -> GoTimestampError { GoTimestampError(text: shown, message: message) }

        var b = Array(text.utf8)
        // Go adds " m=±<seconds>" to times that carry a monotonic reading.
        if let m = find(b, Array(" m=".utf8)) { b = Array(b[..<m]) }
        var i = 0

        func digits(_ count: Int, _ what: String) throws(GoTimestampError) -> Int {
            guard b.count - i >= count else { throw fail("\(what) is missing") }
            var v = 0
            for k in 0..<count {
                let c = b[i + k]
                guard c >= 0x30, c <= 0x39 else { throw fail("\(what) must be \(count) digits") }
                v = v * 10 + Int(c - 0x30)
            }
            i += count
            return v
        }
        func expect(_ c: UInt8, _ what: String) throws(GoTimestampError) {
            guard i < b.count, b[i] == c else { throw fail("expected \(what)") }
            i += 1
        }

        let year = try digits(4, "the year")
        try expect(UInt8(ascii: "-"), "'-' after the year")
        let month = try digits(2, "the month")
        try expect(UInt8(ascii: "-"), "'-' after the month")
        let day = try digits(2, "the day")
        try expect(0x20, "a space after the date")
        let hour = try digits(2, "the hour")
        try expect(UInt8(ascii: ":"), "':' after the hour")
        let minute = try digits(2, "the minute")
        try expect(UInt8(ascii: ":"), "':' after the minute")
        let second = try digits(2, "the second")

        var nanos = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var n = 0
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                n += 1
                guard n <= 9 else { throw fail("more than 9 fraction digits") }
                nanos = nanos * 10 + Int(b[i] - 0x30)
                i += 1
            }
            guard n > 0 else { throw fail("digits expected after '.'") }
            for _ in n..<9 { nanos *= 10 }
        }

        guard year >= 1 else { throw fail("year 0000 is out of range") }
        guard (1...12).contains(month) else { throw fail("month \(month) is out of range") }
        guard (1...daysIn(month: month, year: year)).contains(day) else {
            throw fail("day \(day) is out of range for the month")
        }
        guard hour < 24 else { throw fail("hour \(hour) is out of range") }
        guard minute < 60 else { throw fail("minute \(minute) is out of range") }
        guard second < 60 else { throw fail("second \(second) is out of range") }

        try expect(0x20, "a space before the UTC offset")
        guard i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else {
            throw fail("expected a UTC offset such as +0000")
        }
        let negative = b[i] == UInt8(ascii: "-")
        i += 1
        let offsetHours = try digits(2, "the offset hours")
        let offsetMinutes = try digits(2, "the offset minutes")
        guard offsetHours < 24, offsetMinutes < 60 else { throw fail("UTC offset out of range") }
        let offset = (offsetHours * 3600 + offsetMinutes * 60) * (negative ? -1 : 1)

        var zone: String?
        if i < b.count {
            try expect(0x20, "a space before the zone abbreviation")
            let rest = b[i...]
            let allowed = rest.allSatisfy { c in
                (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2B
                    || c == 0x2D
            }
            guard !rest.isEmpty, rest.count <= 16, allowed else { throw fail("invalid zone abbreviation") }
            zone = String(decoding: rest, as: UTF8.self)
        }

        let days = daysFromCivil(year: year, month: month, day: day)
        let local = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        var result = GoTimestamp(seconds: local - Int64(offset), nanoseconds: Int32(nanos))
        result.utcOffset = Int32(offset)
        result.zoneAbbreviation = zone
        return result
    }

    static func format(seconds: Int64, nanoseconds: Int32) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (y, m, d) = civilFromDays(Int(days))
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        var out =
            "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2)) "
            + "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        if nanoseconds > 0 {
            var frac = pad(Int(nanoseconds), 9)
            while frac.hasSuffix("0") { frac.removeLast() }
            out += "." + frac
        }
        return out + " +0000 UTC"
    }
}

private func find(_ haystack: [UInt8], _ needle: [UInt8]) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    for start in 0...(haystack.count - needle.count) where Array(haystack[start..<(start + needle.count)]) == needle {
        return start
    }
    return nil
}

private func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

private func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). Shared by
/// the Go timestamps and the AK/SK `X-Sdk-Date`, which Foundation would parse far slower.
func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day count since 1970-01-01: the inverse of `daysFromCivil`.
func civilFromDays(_ days: Int) -> (Int, Int, Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
}

// MARK: - Model accessors

extension ClusterMetadata {
    /// `creationTimestamp` parsed; `nil` when absent or not Go time text.
    public var creationTime: GoTimestamp? { creationTimestamp.flatMap(GoTimestamp.init) }
    /// `updateTimestamp` parsed; `nil` when absent or not Go time text.
    public var updateTime: GoTimestamp? { updateTimestamp.flatMap(GoTimestamp.init) }
}

extension JobMetadata {
    /// `creationTimestamp` parsed; `nil` when absent or not Go time text.
    public var creationTime: GoTimestamp? { creationTimestamp.flatMap(GoTimestamp.init) }
    /// `updateTimestamp` parsed; `nil` when absent or not Go time text.
    public var updateTime: GoTimestamp? { updateTimestamp.flatMap(GoTimestamp.init) }
}

extension GoTimestamp: Codable {
    /// Reads Go time text; a string that is not one is a decoding error naming the path.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        do {
            self = try GoTimestamp.parse(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: error.description)
        }
    }

    /// Writes Go's UTC text.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
