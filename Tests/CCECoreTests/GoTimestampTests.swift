import Foundation
import Testing

@testable import CCECore

@Suite("Go timestamps")
struct GoTimestampTests {
    // 2024-08-16 07:06:53 UTC.
    static let base: Int64 = 1_723_792_013

    @Test(arguments: [
        ("2024-08-16 07:06:53 +0000 UTC", Int32(0)),
        ("2024-08-16 07:06:53.704 +0000 UTC", Int32(704_000_000)),
        ("2024-08-16 07:06:53.704389 +0000 UTC", Int32(704_389_000)),
        ("2024-08-16 07:06:53.704389459 +0000 UTC", Int32(704_389_459)),
        ("2024-08-16 07:06:53.7 +0000 UTC", Int32(700_000_000)),
    ])
    func parsesFractionDigits(text: String, nanos: Int32) throws {
        let t = try GoTimestamp.parse(text)
        #expect(t.seconds == Self.base)
        #expect(t.nanoseconds == nanos)
        #expect(t.utcOffset == 0)
        #expect(t.zoneAbbreviation == "UTC")
        // UTC text formats back exactly (Go drops trailing zeros of the fraction).
        #expect(t.description == text)
    }

    @Test func nonUTCOffsetsConvertToUTC() throws {
        let cst = try GoTimestamp.parse("2024-08-16 15:06:53.5 +0800 CST")
        #expect(cst.seconds == Self.base)
        #expect(cst.nanoseconds == 500_000_000)
        #expect(cst.utcOffset == 8 * 3600)
        #expect(cst.zoneAbbreviation == "CST")
        #expect(cst.description == "2024-08-16 07:06:53.5 +0000 UTC")

        let mst = try GoTimestamp.parse("2024-08-16 00:06:53 -0700 MST")
        #expect(mst.seconds == Self.base)
        #expect(mst == cst.truncatedToSecond)

        let india = try GoTimestamp.parse("2024-08-16 12:36:53 +0530 IST")
        #expect(india.seconds == Self.base)
        // Zones without an abbreviation print the offset again; no zone at all is accepted.
        let unnamed = try GoTimestamp.parse("2024-08-16 10:06:53 +0300 +03")
        #expect(unnamed.seconds == Self.base)
        #expect(unnamed.zoneAbbreviation == "+03")
        #expect(try GoTimestamp.parse("2024-08-16 07:06:53 +0000").zoneAbbreviation == nil)
        // Crossing a day and a year boundary.
        #expect(try GoTimestamp.parse("2025-01-01 01:00:00 +0200 EET").description == "2024-12-31 23:00:00 +0000 UTC")
    }

    @Test func monotonicSuffixIsIgnored() throws {
        let t = try GoTimestamp.parse("2024-08-16 07:06:53.704389459 +0000 UTC m=+0.001234567")
        #expect(t.nanoseconds == 704_389_459)
        #expect(t.description == "2024-08-16 07:06:53.704389459 +0000 UTC")
    }

    @Test(arguments: [
        "", "garbage", "2024-08-16T07:06:53Z", "2024-08-16 07:06:53",
        "2024-13-01 00:00:00 +0000 UTC", "2023-02-29 00:00:00 +0000 UTC", "2024-04-31 00:00:00 +0000 UTC",
        "2024-08-16 24:00:00 +0000 UTC", "2024-08-16 07:60:00 +0000 UTC", "2024-08-16 07:06:60 +0000 UTC",
        "2024-08-16 07:06:53. +0000 UTC", "2024-08-16 07:06:53.1234567891 +0000 UTC",
        "2024-08-16 07:06:53 0000 UTC", "2024-08-16 07:06:53 +00 UTC", "2024-08-16 07:06:53 +2400 X",
        "2024-08-16 07:06:53 +0000 U<TC", "2024-08-16 07:06:53 +0000 ", "0000-01-01 00:00:00 +0000 UTC",
        "24-08-16 07:06:53 +0000 UTC", "2024-8-16 07:06:53 +0000 UTC", "２０２４-08-16 07:06:53 +0000 UTC",
    ])
    func garbageIsRefused(text: String) {
        #expect(GoTimestamp(text) == nil)
        do {
            _ = try GoTimestamp.parse(text)
            Issue.record("parsed \(text)")
        } catch {
            #expect(error.description.contains("invalid timestamp"))
            #expect(!error.message.isEmpty)
        }
    }

    @Test func leapDaysAndFormatting() throws {
        #expect(try GoTimestamp.parse("2000-02-29 23:59:59 +0000 UTC").seconds == 951_868_799)
        #expect(GoTimestamp(seconds: 0).description == "1970-01-01 00:00:00 +0000 UTC")
        #expect(GoTimestamp(seconds: -1, nanoseconds: 1).description == "1969-12-31 23:59:59.000000001 +0000 UTC")
        #expect(GoTimestamp(seconds: 951_868_799).description == "2000-02-29 23:59:59 +0000 UTC")
        #expect(
            GoTimestamp(seconds: Self.base, nanoseconds: 704_389_450).description
                == "2024-08-16 07:06:53.70438945 +0000 UTC")
    }

    @Test func dateBridging() throws {
        let t = GoTimestamp(date: Date(timeIntervalSince1970: 1_723_792_013.5))
        #expect(t.description == "2024-08-16 07:06:53.5 +0000 UTC")
        #expect(GoTimestamp.format(Date(timeIntervalSince1970: 1_723_792_013)) == "2024-08-16 07:06:53 +0000 UTC")
        let parsed = try GoTimestamp.parse("2024-08-16 07:06:53.25 +0000 UTC")
        #expect(parsed.date == Date(timeIntervalSince1970: 1_723_792_013.25))
        // Out-of-range dates clamp instead of trapping.
        #expect(GoTimestamp(date: .distantFuture).description == "4001-01-01 00:00:00 +0000 UTC")
        #expect(GoTimestamp(date: Date(timeIntervalSince1970: 1e15)).description == "9999-12-31 23:59:59 +0000 UTC")
        #expect(GoTimestamp(date: .distantPast).description == "0001-01-01 00:00:00 +0000 UTC")
        #expect(GoTimestamp(date: Date(timeIntervalSince1970: .infinity)).description.hasPrefix("9999"))
        let nan = GoTimestamp(date: Date(timeIntervalSince1970: .nan))
        #expect(nan.seconds >= GoTimestamp.minimumSeconds && nan.seconds < GoTimestamp.limitSeconds)
    }

    @Test func nowFormatsAndParsesBack() throws {
        let now = GoTimestamp.now()
        let back = try GoTimestamp.parse(now.description)
        #expect(back == now)
        #expect(abs(now.date.timeIntervalSinceNow) < 5)
    }

    @Test func ordering() throws {
        let a = try GoTimestamp.parse("2024-08-16 07:06:53.704389459 +0000 UTC")
        let b = try GoTimestamp.parse("2024-08-16 07:06:53.704389529 +0000 UTC")
        #expect(a < b)
        #expect(Set([a, try GoTimestamp.parse("2024-08-16 09:06:53.704389459 +0200 CEST")]).count == 1)
    }
}

extension GoTimestamp {
    fileprivate var truncatedToSecond: GoTimestamp { GoTimestamp(seconds: seconds) }
}

@Suite("Go timestamps: Codable")
struct GoTimestampCodableTests {
    @Test func codableAsGoText() throws {
        let t = try JSONValueDecoder.decode(GoTimestamp.self, from: "2024-08-16 09:06:53.5 +0200 CEST")
        #expect(JSONValueEncoder.encode(t) == "2024-08-16 07:06:53.5 +0000 UTC")
        do {
            _ = try JSONValueDecoder.decode([String: GoTimestamp].self, from: ["at": "yesterday"])
            Issue.record("decoded garbage")
        } catch {
            #expect(error.path == "at")
            #expect(error.message.contains("invalid timestamp \"yesterday\""))
        }
    }
}
