import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 block (`10.0.0.0/16`); a bare address is a block of one.
struct CIDR {
    var bytes: [UInt8]
    var prefix: Int

    init(parsing text: String, _ function: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let addr = parts.first else { throw CIDR.bad(text, function) }
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, String(addr), &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, String(addr), &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
        } else {
            throw CIDR.bad(text, function)
        }
        if parts.count == 2 {
            guard let p = Int(parts[1]), p >= 0, p <= bytes.count * 8 else { throw CIDR.bad(text, function) }
            prefix = p
        } else {
            prefix = bytes.count * 8
        }
    }

    private static func bad(_ text: String, _ function: String) -> ScriptError {
        ScriptError(
            .runtime, "\(function)(): \(Value.quote(text)) is not a CIDR block",
            hint: "write an address and a prefix length, e.g. \"10.0.0.0/16\"", code: "cidr")
    }

    /// True when the first `bits` bits of both addresses agree.
    private func samePrefix(_ other: CIDR, bits: Int) -> Bool {
        guard bytes.count == other.bytes.count else { return false }
        for i in 0..<bytes.count {
            let remaining = bits - i * 8
            if remaining <= 0 { return true }
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            if bytes[i] & mask != other.bytes[i] & mask { return false }
        }
        return true
    }

    func contains(_ inner: CIDR) -> Bool {
        bytes.count == inner.bytes.count && prefix <= inner.prefix && samePrefix(inner, bits: prefix)
    }

    func overlaps(_ other: CIDR) -> Bool {
        bytes.count == other.bytes.count && samePrefix(other, bits: min(prefix, other.prefix))
    }
}
