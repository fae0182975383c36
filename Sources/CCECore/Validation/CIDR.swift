/// An IPv4 or IPv6 address, parsed strictly (the forms Go's `net.ParseIP` accepts, minus
/// zones): dotted quads without leading zeros, RFC 4291 text for IPv6 (one `::`, an
/// optional trailing dotted quad).
///
/// Both families are kept in 128 bits as two words (IPv4 in the low 32 bits) rather than
/// `UInt128`, which older macOS releases lack.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public enum Family: Sendable, Hashable {
        case ipv4
        case ipv6

        /// Address width in bits.
        public var bitCount: Int { self == .ipv4 ? 32 : 128 }
    }

    public let family: Family
    let high: UInt64
    let low: UInt64

    init(family: Family, high: UInt64, low: UInt64) {
        self.family = family
        self.high = high
        self.low = low
    }

    /// Parses `text` as an IPv4 or IPv6 address; `nil` when it is neither.
    public init?(_ text: String) {
        // On the bytes: `String.contains(String)` goes through Foundation's locale-aware search.
        if text.utf8.contains(UInt8(ascii: ":")) {
            guard let (h, l) = IPAddress.parseIPv6(Array(text.utf8)) else { return nil }
            self.init(family: .ipv6, high: h, low: l)
        } else {
            guard let v = IPAddress.parseIPv4(Array(text.utf8)) else { return nil }
            self.init(family: .ipv4, high: 0, low: UInt64(v))
        }
    }

    /// Canonical text: dotted quad, or RFC 5952 IPv6 (lowercase, longest zero run as `::`).
    public var description: String {
        switch family {
        case .ipv4:
            let v = UInt32(truncatingIfNeeded: low)
            return [24, 16, 8, 0].map { String((v >> UInt32($0)) & 0xFF) }.joined(separator: ".")
        case .ipv6:
            var groups: [UInt16] = []
            for k in 0..<4 { groups.append(UInt16(truncatingIfNeeded: high >> UInt64(48 - 16 * k))) }
            for k in 0..<4 { groups.append(UInt16(truncatingIfNeeded: low >> UInt64(48 - 16 * k))) }
            var bestStart = -1
            var bestLength = 0
            var k = 0
            while k < 8 {
                if groups[k] == 0 {
                    var e = k
                    while e < 8, groups[e] == 0 { e += 1 }
                    if e - k > bestLength, e - k >= 2 {
                        bestStart = k
                        bestLength = e - k
                    }
                    k = e
                } else {
                    k += 1
                }
            }
            func hex(_ range: Range<Int>) -> String {
                groups[range].map { String($0, radix: 16) }.joined(separator: ":")
            }
            if bestStart < 0 { return hex(0..<8) }
            return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
        }
    }

    static func parseIPv4(_ b: [UInt8]) -> UInt32? {
        // The parts so far, shifted in as they end (more than four is refused at the end).
        var value: UInt32 = 0
        var parts = 0
        var current: UInt32 = 0
        var digits = 0
        var leadingZero = false
        for c in b {
            if c == UInt8(ascii: ".") {
                guard digits > 0 else { return nil }
                value = value << 8 | current
                parts += 1
                current = 0
                digits = 0
                leadingZero = false
                continue
            }
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            // "010" is octal to some parsers and decimal to others; refuse the ambiguity.
            if leadingZero { return nil }
            if digits == 0, c == UInt8(ascii: "0") { leadingZero = true }
            digits += 1
            guard digits <= 3 else { return nil }
            current = current * 10 + UInt32(c - UInt8(ascii: "0"))
            guard current <= 255 else { return nil }
        }
        guard digits > 0, parts == 3 else { return nil }
        return value << 8 | current
    }

    static func parseIPv6(_ b: [UInt8]) -> (UInt64, UInt64)? {
        guard b.count >= 2, b.count <= 45 else { return nil }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var sawGap = false
        var i = 0
        if b[0] == UInt8(ascii: ":") {
            guard b[1] == UInt8(ascii: ":") else { return nil }
            sawGap = true
            i = 2
            if i == b.count { return (0, 0) }
        }
        while i < b.count {
            // A dotted quad may end the address, standing for the last two groups.
            var j = i
            while j < b.count, b[j] != UInt8(ascii: ":") { j += 1 }
            let piece = Array(b[i..<j])
            if j == b.count, piece.contains(UInt8(ascii: ".")) {
                guard let v4 = parseIPv4(piece) else { return nil }
                let pair = [UInt16(v4 >> 16), UInt16(v4 & 0xFFFF)]
                if sawGap { tail += pair } else { head += pair }
                i = j
                break
            }
            guard !piece.isEmpty, piece.count <= 4 else { return nil }
            var g: UInt16 = 0
            for c in piece {
                let d: UInt16
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt16(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt16(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt16(c - UInt8(ascii: "A") + 10)
                default: return nil
                }
                g = g << 4 | d
            }
            if sawGap { tail.append(g) } else { head.append(g) }
            i = j
            if i == b.count { break }
            // At a ':' — either a separator or the start of '::'.
            i += 1
            guard i < b.count else { return nil }  // trailing single ':'
            if b[i] == UInt8(ascii: ":") {
                guard !sawGap else { return nil }
                sawGap = true
                i += 1
                if i == b.count { break }
            }
        }
        let total = head.count + tail.count
        if sawGap {
            guard total <= 7 else { return nil }
        } else {
            guard total == 8 else { return nil }
        }
        let groups = head + Array(repeating: 0, count: 8 - total) + tail
        var h: UInt64 = 0
        var l: UInt64 = 0
        for k in 0..<4 { h = h << 16 | UInt64(groups[k]) }
        for k in 4..<8 { l = l << 16 | UInt64(groups[k]) }
        return (h, l)
    }
}

/// An IPv4 or IPv6 network in CIDR notation (`10.0.0.0/16`, `fd00::/64`).
///
/// Used by the validator and, through the language's `cidr_contains` / `cidr_overlaps`,
/// by scripts. A CIDR whose address has bits set beyond the prefix (`10.0.0.1/16`) still
/// parses, as Go's `net.ParseCIDR` does; `hasHostBits` tells, and the stored network is
/// the masked one.
public struct CIDR: Sendable, Hashable, CustomStringConvertible {
    /// The network address (host bits cleared).
    public let network: IPAddress
    public let prefixLength: Int
    /// Whether the text had bits set past the prefix (`10.0.0.1/16`).
    public let hasHostBits: Bool

    public var family: IPAddress.Family { network.family }

    /// Parses `address/prefix`; `nil` for anything else (a bare address included).
    public init?(_ text: String) {
        // On the bytes: a "/" byte is always the "/" character (UTF-8 never uses ASCII bytes
        // inside other characters), and the prefix must be ASCII digits anyway.
        let utf8 = text.utf8
        guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        let digits = utf8[utf8.index(after: slash)...]
        guard !digits.isEmpty, digits.count <= 3,
            digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            digits.count == 1 || digits.first != UInt8(ascii: "0"),
            let address = IPAddress(String(text[..<slash]))
        else { return nil }
        let length = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        guard length <= address.family.bitCount else { return nil }
        self.init(address: address, prefixLength: length)
    }

    /// Parses a CIDR, or a bare address as the single-address network (`/32`, `/128`).
    public init?(addressOrCIDR text: String) {
        if let c = CIDR(text) {
            self = c
            return
        }
        guard let a = IPAddress(text) else { return nil }
        self.init(address: a, prefixLength: a.family.bitCount)
    }

    init(address: IPAddress, prefixLength: Int) {
        let (mh, ml) = CIDR.mask(prefixLength, family: address.family)
        let net = IPAddress(family: address.family, high: address.high & mh, low: address.low & ml)
        self.network = net
        self.prefixLength = prefixLength
        self.hasHostBits = net != address
    }

    /// Whether every address of `other` lies in this network (same family only).
    public func contains(_ other: CIDR) -> Bool {
        guard family == other.family, other.prefixLength >= prefixLength else { return false }
        let (mh, ml) = CIDR.mask(prefixLength, family: family)
        return other.network.high & mh == network.high && other.network.low & ml == network.low
    }

    /// Whether the address is in this network.
    public func contains(_ address: IPAddress) -> Bool {
        contains(CIDR(address: address, prefixLength: address.family.bitCount))
    }

    /// Whether the two networks share any address. Two CIDR blocks either nest or are
    /// disjoint, so this is containment one way or the other.
    public func overlaps(_ other: CIDR) -> Bool {
        contains(other) || other.contains(self)
    }

    /// The canonical text: network address and prefix (`10.0.0.0/16`).
    public var description: String { "\(network)/\(prefixLength)" }

    /// The netmask of a prefix length, as the two 64-bit words of a 128-bit value; IPv4
    /// masks live in the low 32 bits.
    static func mask(_ length: Int, family: IPAddress.Family) -> (UInt64, UInt64) {
        func ones(_ n: Int) -> UInt64 {  // the top n bits of a 64-bit word set
            n <= 0 ? 0 : n >= 64 ? ~0 : ~(~UInt64(0) >> UInt64(n))
        }
        switch family {
        case .ipv4:
            let m: UInt64 = length <= 0 ? 0 : (0xFFFF_FFFF << UInt64(32 - min(length, 32))) & 0xFFFF_FFFF
            return (0, m)
        case .ipv6:
            return (ones(length), ones(length - 64))
        }
    }
}
