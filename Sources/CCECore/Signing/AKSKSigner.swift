import Crypto
import Foundation

/// Signs requests with Huawei Cloud / OTC AK/SK ("SDK-HMAC-SHA256", WIRE.md §5.2).
///
/// Two wire forms exist and the service accepts both:
/// - `.access` — what huaweicloudsdkcore sends: `Access=<AK>`, the secret key is the HMAC key.
/// - `.credential(region:service:)` — what gophertelekomcloud (hence OTC Terraform) sends:
///   `Credential=<AK>/<YYYYMMDD>/<region>/<service>/sdk_request` with a derived key chain.
///
/// The signer never prints the secret: `description` shows the access key only.
public struct AKSKSigner: Sendable, CustomStringConvertible {
    public enum Form: Sendable, Equatable {
        case access
        case credential(region: String, service: String)
    }

    public let accessKey: String
    private let secretKey: String
    public let form: Form
    /// The HMAC already keyed with the secret (`.access` form), when `keyed()` made it.
    private var keyedMAC: KeyedMAC?

    public init(accessKey: String, secretKey: String, form: Form = .access) {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.form = form
    }

    /// The same signer with its HMAC key schedule computed once, for a client that signs
    /// many requests (keying was a quarter of the cost of signing one).
    public func keyed() -> AKSKSigner {
        guard form == .access else { return self }
        var copy = self
        copy.keyedMAC = KeyedMAC(HMAC<SHA256>(key: SymmetricKey(data: Array(secretKey.utf8))))
        return copy
    }

    /// Shared between copies of a signer, only ever copied (never mutated) once made.
    private final class KeyedMAC: @unchecked Sendable {
        let mac: HMAC<SHA256>
        init(_ mac: HMAC<SHA256>) { self.mac = mac }
    }

    public var description: String { "AKSKSigner(accessKey: \(accessKey), secretKey: <redacted>)" }

    /// Every intermediate string of one signature, so tests can compare each with a vector.
    public struct Signature: Sendable {
        public var canonicalRequest: String
        public var stringToSign: String
        /// Lower-case hex HMAC.
        public var signature: String
        /// The complete `Authorization` header value.
        public var authorization: String
    }

    /// Returns `request` with `X-Sdk-Date` (unless present), `Host` (unless present),
    /// `X-Sdk-Content-Sha256` (non-JSON bodies) and `Authorization` set. Every header present
    /// when this is called is signed (except names containing `_`), so add all headers first.
    public func sign(_ request: TransportRequest, date: Date) -> TransportRequest {
        var r = request
        sign(&r, date: date)
        return r
    }

    /// In-place form of `sign(_:date:)`; returns the intermediate strings.
    @discardableResult
    public func sign(_ request: inout TransportRequest, date: Date) -> Signature {
        request.headers.removeAll(where: { HeaderName.equals($0.name, "authorization") })
        if let type = request.header("Content-Type"), !SDKSigning.isSignedPayloadType(type),
            request.header(SDKSigning.contentSHA256Header) == nil
        {
            request.setHeader("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD")
        }
        if request.header("X-Sdk-Date") == nil {
            request.headers.append(("X-Sdk-Date", SDKDate.format(date)))
        }
        if request.header("Host") == nil {
            request.headers.append(("Host", request.hostAndPort))
        }
        let signedNames = SDKSigning.signedHeaderNames(of: request.headers)
        let result = computeSignature(request: request, signedHeaders: signedNames)
        request.headers.append(("Authorization", result.authorization))
        return result
    }

    /// Computes the signature over `signedHeaders` (lower-case, sorted) without changing the
    /// request. The verifier uses this with the list the client claimed to have signed.
    func computeSignature(request: TransportRequest, signedHeaders: [String], style: SDKSigning.Style? = nil)
        -> Signature
    {
        let (canonical, toSign) = strings(request: request, signedHeaders: signedHeaders, style: style)
        let day = String((request.header("X-Sdk-Date") ?? "").prefix(8))
        let sig = SDKSigning.hex(macBytes(stringToSign: toSign, day: day))
        let names = signedHeaders.joined(separator: ";")
        let auth: String
        switch form {
        case .access:
            auth = "SDK-HMAC-SHA256 Access=\(accessKey), SignedHeaders=\(names), Signature=\(sig)"
        case .credential(let region, let service):
            auth =
                "SDK-HMAC-SHA256 Credential=\(accessKey)/\(day)/\(region)/\(service)/sdk_request, "
                + "SignedHeaders=\(names), Signature=\(sig)"
        }
        return Signature(canonicalRequest: canonical, stringToSign: toSign, signature: sig, authorization: auth)
    }

    /// The canonical request and the string to sign. `style` defaults to what the form's
    /// reference client does.
    func strings(request: TransportRequest, signedHeaders: [String], style: SDKSigning.Style? = nil)
        -> (canonical: String, stringToSign: String)
    {
        let sdkDate = request.header("X-Sdk-Date") ?? ""
        switch form {
        case .access:
            let canonical = SDKSigning.canonicalRequest(request, signedHeaders: signedHeaders, style: style ?? .python)
            return (canonical, "SDK-HMAC-SHA256\n\(sdkDate)\n\(SDKSigning.hexSHA256(canonical))")
        case .credential(let region, let service):
            let scope = "\(sdkDate.prefix(8))/\(region)/\(service)/sdk_request"
            let canonical = SDKSigning.canonicalRequest(
                request, signedHeaders: signedHeaders, style: style ?? .go(bodylessPostQuirk: true))
            return (canonical, "SDK-HMAC-SHA256\n\(sdkDate)\n\(scope)\n\(SDKSigning.hexSHA256(canonical))")
        }
    }

    /// The raw MAC, for constant-time comparison in the verifier.
    func macBytes(stringToSign: String, day: String) -> [UInt8] {
        switch form {
        case .access:
            if let keyedMAC {
                var mac = keyedMAC.mac
                var text = stringToSign
                text.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
                return Array(mac.finalize())
            }
            return SDKSigning.hmac(key: Array(secretKey.utf8), Array(stringToSign.utf8))
        case .credential(let region, let service):
            let key = SDKSigning.derivedKey(secretKey: secretKey, day: day, region: region, service: service)
            return SDKSigning.hmac(key: key, Array(stringToSign.utf8))
        }
    }
}

/// The canonicalisation shared by signer and verifier.
enum SDKSigning {
    static let contentSHA256Header = "X-Sdk-Content-Sha256"

    /// huaweicloudsdkcore (`.python`) and gophertelekomcloud (`.go`) differ in small ways:
    /// header value whitespace, query sorting and the body-less POST quirk.
    enum Style: Equatable {
        case python
        /// `bodylessPostQuirk`: a POST without a body hashes the query as the payload and
        /// signs an empty canonical query (Go's `req.Body == nil` branch).
        case go(bodylessPostQuirk: Bool)
    }

    static func isSignedPayloadType(_ contentType: String) -> Bool {
        hasPrefixIgnoringASCIICase(contentType, "application/json")
            || hasPrefixIgnoringASCIICase(contentType, "application/bson")
    }

    /// `text.lowercased().hasPrefix(prefix)` for a lower-case ASCII `prefix`, without the copy.
    static func hasPrefixIgnoringASCIICase(_ text: String, _ prefix: StaticString) -> Bool {
        let t = text.utf8
        guard t.count >= prefix.utf8CodeUnitCount else { return false }
        return prefix.withUTF8Buffer { p in
            zip(t, p).allSatisfy { HeaderName.lower($0) == $1 }
        }
    }

    /// Lower-cased, sorted names of every header except those containing `_` (the SDK skips
    /// them because gateways drop such headers).
    static func signedHeaderNames(of headers: [(name: String, value: String)]) -> [String] {
        var names: [String] = []
        names.reserveCapacity(headers.count)
        for h in headers {
            let n = HeaderName.lowercased(trimmingHorizontalSpace(h.name))
            if n.isEmpty || n.utf8.contains(UInt8(ascii: "_")) || n == "authorization" { continue }
            names.append(n)
        }
        names.sort(by: byteOrder)
        // Sorted, so duplicates are neighbours.
        var unique: [String] = []
        unique.reserveCapacity(names.count)
        for n in names where unique.last != n { unique.append(n) }
        return unique
    }

    static func byteOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// `Foundation.CharacterSet.whitespaces` (tab and the Unicode space separators), which the
    /// Python SDK's `strip()` of header values amounts to for the values that occur. Checked
    /// per scalar: Foundation's `trimmingCharacters` was a tenth of a request's signing cost.
    static func isHorizontalSpace(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 { return s.value == 0x20 || s.value == 0x09 }
        return s.properties.generalCategory == .spaceSeparator
    }

    static func trimmingHorizontalSpace(_ s: String) -> Substring {
        // Nearly every name and value starts and ends with a visible ASCII character.
        if let first = s.utf8.first, let last = s.utf8.last, isVisibleASCII(first), isVisibleASCII(last) {
            return Substring(s)
        }
        let scalars = s.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isHorizontalSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start {
            let before = scalars.index(before: end)
            guard isHorizontalSpace(scalars[before]) else { break }
            end = before
        }
        return Substring(scalars[start..<end])
    }

    private static func isVisibleASCII(_ b: UInt8) -> Bool { b > 0x20 && b < 0x7F }

    /// `hexSHA256` of no bytes: the payload hash of every GET and DELETE.
    static let emptyPayloadHash = hex(SHA256.hash(data: [UInt8]()))

    static func canonicalRequest(_ r: TransportRequest, signedHeaders: [String], style: Style) -> String {
        let method = r.method.uppercased()
        let goBodylessPost = style == .go(bodylessPostQuirk: true) && method == "POST" && r.body.isEmpty
        var out = ""
        out.reserveCapacity(256 + r.path.utf8.count)
        out += method
        out += "\n"
        out += canonicalURI(r.path)
        out += "\n"
        if !goBodylessPost { out += canonicalQuery(r.query, style: style) }
        out += "\n"
        for name in signedHeaders {
            out += name
            out += ":"
            let value = r.header(name) ?? (name == "host" ? r.hostAndPort : "")
            switch style {
            case .python: out += trimmingHorizontalSpace(value)
            case .go: out += collapseWhitespace(value)
            }
            out += "\n"
        }
        out += "\n"
        for (i, name) in signedHeaders.enumerated() {
            if i > 0 { out += ";" }
            out += name
        }
        out += "\n"
        if let declared = r.header(contentSHA256Header) {
            out += declared
        } else if goBodylessPost {
            out += hexSHA256(Array(goFormEncode(r.query).utf8))
        } else {
            out += r.body.isEmpty ? emptyPayloadHash : hexSHA256(r.body)
        }
        return out
    }

    /// `unquote(path)`, quote each segment (RFC 3986 unreserved kept), trailing `/` added.
    static func canonicalURI(_ path: String) -> String {
        // The usual path (letters, digits, '-' and '/') reads the same decoded and re-encoded.
        if path.utf8.allSatisfy({ $0 == UInt8(ascii: "/") || isUnreserved($0) }) {
            var uri = path.hasPrefix("/") ? path : "/" + path
            if !uri.hasSuffix("/") { uri += "/" }
            return uri
        }
        let decoded = percentDecode(path)
        var segments: [[UInt8]] = [[]]
        for b in decoded {
            if b == UInt8(ascii: "/") { segments.append([]) } else { segments[segments.count - 1].append(b) }
        }
        var uri = segments.map { percentEncode($0) }.joined(separator: "/")
        if !uri.hasPrefix("/") { uri = "/" + uri }
        if !uri.hasSuffix("/") { uri += "/" }
        return uri
    }

    static func canonicalQuery(_ query: [(name: String, value: String)], style: Style) -> String {
        if query.isEmpty { return "" }
        switch style {
        case .python:
            // Python sorts the (key, value) tuples by code point, i.e. by UTF-8 bytes.
            let sorted = query.sorted { a, b in
                a.name == b.name ? byteOrder(a.value, b.value) : byteOrder(a.name, b.name)
            }
            return sorted.map { percentEncode(Array($0.name.utf8)) + "=" + percentEncode(Array($0.value.utf8)) }
                .joined(separator: "&")
        case .go:
            // Go signs one value per key (`url.Values.Get`), keys sorted without regard to case.
            var firstValue: [String: String] = [:]
            var keys: [String] = []
            for (n, v) in query where firstValue[n] == nil {
                firstValue[n] = v
                keys.append(n)
            }
            let encoded = keys.map { (enc: percentEncode(Array($0.utf8)), raw: $0) }
                .sorted { byteOrder($0.enc.lowercased(), $1.enc.lowercased()) }
            return encoded.map { $0.enc + "=" + percentEncode(Array((firstValue[$0.raw] ?? "").utf8)) }
                .joined(separator: "&")
        }
    }

    /// Go's `url.Values.Encode()`: keys sorted, `QueryEscape` (space as `+`).
    static func goFormEncode(_ query: [(name: String, value: String)]) -> String {
        var grouped: [String: [String]] = [:]
        for (n, v) in query { grouped[n, default: []].append(v) }
        return grouped.keys.sorted(by: byteOrder).flatMap { k in
            (grouped[k] ?? []).map { goQueryEscape(k) + "=" + goQueryEscape($0) }
        }.joined(separator: "&")
    }

    private static func goQueryEscape(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            if isUnreserved(b) {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else if b == UInt8(ascii: " ") {
                out += "+"
            } else {
                out += "%" + hexByte(b)
            }
        }
        return out
    }

    static func collapseWhitespace(_ s: String) -> String {
        var out = ""
        var inSpace = false
        for ch in s.unicodeScalars {
            if ch.properties.isWhitespace {
                if !inSpace { out += " " }
                inSpace = true
            } else {
                out.unicodeScalars.append(ch)
                inSpace = false
            }
        }
        return String(trimmingHorizontalSpace(out))
    }

    static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
            UInt8(ascii: "."), UInt8(ascii: "~"):
            return true
        default: return false
        }
    }

    /// RFC 3986: unreserved bytes stay, everything else becomes `%XX` (upper-case hex).
    static func percentEncode(_ bytes: [UInt8]) -> String {
        var out = ""
        out.reserveCapacity(bytes.count)
        for b in bytes {
            if isUnreserved(b) { out.unicodeScalars.append(Unicode.Scalar(b)) } else { out += "%" + hexByte(b) }
        }
        return out
    }

    /// Decodes `%XX` escapes; a malformed escape is kept literally, as Python's `unquote` does.
    static func percentDecode(_ s: String) -> [UInt8] {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
                let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2])
            {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
    static func hexByte(_ b: UInt8) -> String {
        String(decoding: [hexDigits[Int(b >> 4)], hexDigits[Int(b & 0x0F)]], as: UTF8.self)
    }

    static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(lowerHexDigits[Int(b >> 4)])
            out.append(lowerHexDigits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let lowerHexDigits = Array("0123456789abcdef".utf8)

    /// Parses lower- or upper-case hex; nil for odd length or a non-hex digit.
    static func unhex(_ s: String) -> [UInt8]? {
        let bytes = Array(s.utf8)
        guard bytes.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 2)
        var i = 0
        while i < bytes.count {
            guard let hi = hexValue(bytes[i]), let lo = hexValue(bytes[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    static func hexSHA256(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// The SHA-256 of a string's UTF-8, without copying it into an array first.
    static func hexSHA256(_ text: String) -> String {
        var text = text
        return text.withUTF8 { hex(SHA256.hash(data: UnsafeRawBufferPointer($0))) }
    }

    static func hmac(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    static func derivedKey(secretKey: String, day: String, region: String, service: String) -> [UInt8] {
        let kDate = hmac(key: Array(("SDK" + secretKey).utf8), Array(day.utf8))
        let kRegion = hmac(key: kDate, Array(region.utf8))
        let kService = hmac(key: kRegion, Array(service.utf8))
        return hmac(key: kService, Array("sdk_request".utf8))
    }
}

/// `X-Sdk-Date` values: `YYYYMMDDTHHMMSSZ`, always UTC. Hand-rolled so that neither the
/// locale nor a `DateFormatter` cache can change the bytes that are signed.
public enum SDKDate {
    public static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let (days, secOfDay) = floorDivMod(seconds, 86_400)
        let (y, m, d) = civilFromDays(days)
        // Every request formats one: sixteen bytes written in place (years 0…9999).
        if (0...9999).contains(y) {
            return String(unsafeUninitializedCapacity: 16) { out in
                func put(_ value: Int, width: Int, at start: Int) {
                    var v = value
                    for k in stride(from: start + width - 1, through: start, by: -1) {
                        out[k] = UInt8(ascii: "0") + UInt8(v % 10)
                        v /= 10
                    }
                }
                put(y, width: 4, at: 0)
                put(m, width: 2, at: 4)
                put(d, width: 2, at: 6)
                out[8] = UInt8(ascii: "T")
                put(secOfDay / 3600, width: 2, at: 9)
                put(secOfDay % 3600 / 60, width: 2, at: 11)
                put(secOfDay % 60, width: 2, at: 13)
                out[15] = UInt8(ascii: "Z")
                return 16
            }
        }
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return pad(y, 4) + pad(m, 2) + pad(d, 2) + "T" + pad(secOfDay / 3600, 2) + pad(secOfDay % 3600 / 60, 2)
            + pad(secOfDay % 60, 2) + "Z"
    }

    /// Parses exactly `YYYYMMDDTHHMMSSZ`; nil otherwise.
    public static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 16, b[8] == UInt8(ascii: "T"), b[15] == UInt8(ascii: "Z") else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") else { return nil }
                v = v * 10 + Int(b[i] - UInt8(ascii: "0"))
            }
            return v
        }
        guard let y = num(0..<4), let mo = num(4..<6), let d = num(6..<8), let h = num(9..<11),
            let mi = num(11..<13), let s = num(13..<15), (1...12).contains(mo), (1...31).contains(d),
            h < 24, mi < 60, s < 61
        else { return nil }
        let days = daysFromCivil(year: y, month: mo, day: d)
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + h * 3600 + mi * 60 + s))
    }

    private static func floorDivMod(_ a: Int, _ b: Int) -> (Int, Int) {
        let q = a / b
        let r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }
}
