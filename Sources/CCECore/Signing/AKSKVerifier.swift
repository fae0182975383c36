import Crypto
import Foundation

/// Checks an AK/SK-signed request the way the API gateway does (WIRE.md §5.2, "Emulator
/// verification recipe"): both `Access=` and `Credential=` forms, the signed-header list
/// taken from the `Authorization` header itself, a constant-time comparison and a clock-skew
/// limit. Used by the emulator; the client only signs.
public enum AKSKVerifier {
    public enum Outcome: Sendable, Equatable {
        /// The signature is valid for this access key.
        case accepted(accessKey: String)
        case rejected(Rejection)

        public var isAccepted: Bool { if case .accepted = self { return true } else { return false } }
    }

    /// Why a request was refused. None of the cases carries the secret or a signature.
    public enum Rejection: Error, Sendable, Equatable, CustomStringConvertible {
        case missingAuthorization
        case malformedAuthorization(String)
        case unsupportedAlgorithm(String)
        case unknownAccessKey(String)
        /// `X-Sdk-Date` is absent, unparsable, or not among the signed headers.
        case badDate(String)
        /// `|now - X-Sdk-Date|` exceeds the allowed skew.
        case dateSkewed
        /// The `Credential=` scope date differs from `X-Sdk-Date`.
        case scopeMismatch
        /// A header listed in `SignedHeaders` is not in the request.
        case missingSignedHeader(String)
        case signatureMismatch

        /// Phrased like the gateway's `APIGW.0301` messages.
        public var description: String {
            switch self {
            case .missingAuthorization:
                return "Incorrect IAM authentication information: Authorization header not found"
            case .malformedAuthorization(let why):
                return "Incorrect IAM authentication information: malformed Authorization header (\(why))"
            case .unsupportedAlgorithm(let a):
                return "Incorrect IAM authentication information: unsupported signing algorithm '\(a)'"
            case .unknownAccessKey:
                return "Incorrect IAM authentication information: verify aksk signature fail (unknown access key)"
            case .badDate(let why): return "Incorrect IAM authentication information: \(why)"
            case .dateSkewed:
                return
                    "Incorrect IAM authentication information: X-Sdk-Date differs from the server time by more than "
                    + "the allowed skew"
            case .scopeMismatch:
                return "Incorrect IAM authentication information: credential scope date does not match X-Sdk-Date"
            case .missingSignedHeader(let h):
                return "Incorrect IAM authentication information: signed header '\(h)' is missing from the request"
            case .signatureMismatch: return "Incorrect IAM authentication information: verify aksk signature fail"
            }
        }
    }

    /// Verifies `request` (method, path — percent-encoded or not —, decoded query, headers
    /// as received, exact body bytes). `secretForAccessKey` returns nil for unknown keys.
    public static func verify(
        request: TransportRequest,
        secretForAccessKey: (String) -> String?,
        now: Date,
        maxSkew: Duration = .seconds(15 * 60)
    ) -> Outcome {
        guard let header = request.header("Authorization") else { return .rejected(.missingAuthorization) }
        let parsed: Parsed
        switch parse(header) {
        case .success(let p): parsed = p
        case .failure(let r): return .rejected(r)
        }
        guard parsed.signedHeaders.contains("x-sdk-date") else {
            return .rejected(.badDate("X-Sdk-Date must be among the signed headers"))
        }
        guard let dateText = request.header("X-Sdk-Date") else {
            return .rejected(.badDate("X-Sdk-Date header not found"))
        }
        guard let date = SDKDate.parse(dateText.trimmingCharacters(in: .whitespaces)) else {
            return .rejected(.badDate("X-Sdk-Date must look like 20261129T101010Z"))
        }
        let skew = Double(maxSkew.components.seconds) + Double(maxSkew.components.attoseconds) / 1e18
        guard abs(now.timeIntervalSince(date)) <= skew else { return .rejected(.dateSkewed) }
        if let scopeDay = parsed.scopeDay, scopeDay != String(dateText.prefix(8)) {
            return .rejected(.scopeMismatch)
        }
        for name in parsed.signedHeaders where name != "host" && request.header(name) == nil {
            return .rejected(.missingSignedHeader(name))
        }
        guard let secret = secretForAccessKey(parsed.accessKey) else {
            return .rejected(.unknownAccessKey(parsed.accessKey))
        }
        guard let claimed = SDKSigning.unhex(parsed.signature), claimed.count == SHA256.byteCount else {
            return .rejected(.signatureMismatch)
        }
        let signer = AKSKSigner(accessKey: parsed.accessKey, secretKey: secret, form: parsed.form)
        // Each reference client canonicalises slightly differently (header whitespace, query
        // order, Go's body-less POST); a signature that matches any of them is genuine.
        var styles: [SDKSigning.Style] = [.python, .go(bodylessPostQuirk: false)]
        if request.method.uppercased() == "POST", request.body.isEmpty { styles.append(.go(bodylessPostQuirk: true)) }
        let day = String(dateText.prefix(8))
        var matched = false
        for style in styles {
            let toSign = signer.strings(request: request, signedHeaders: parsed.signedHeaders, style: style)
                .stringToSign
            let key: SymmetricKey
            switch parsed.form {
            case .access: key = SymmetricKey(data: Array(secret.utf8))
            case .credential(let region, let service):
                key = SymmetricKey(
                    data: SDKSigning.derivedKey(secretKey: secret, day: day, region: region, service: service))
            }
            // Evaluate every candidate so the timing does not reveal which one matched.
            if HMAC<SHA256>.isValidAuthenticationCode(claimed, authenticating: Array(toSign.utf8), using: key) {
                matched = true
            }
        }
        return matched ? .accepted(accessKey: parsed.accessKey) : .rejected(.signatureMismatch)
    }

    struct Parsed {
        var accessKey: String
        var form: AKSKSigner.Form
        var scopeDay: String?
        var signedHeaders: [String]
        var signature: String
    }

    static func parse(_ header: String) -> Result<Parsed, Rejection> {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(of: " ") else { return .failure(.malformedAuthorization("no parameters")) }
        let algorithm = String(trimmed[..<space])
        guard algorithm == "SDK-HMAC-SHA256" else { return .failure(.unsupportedAlgorithm(algorithm)) }
        var fields: [String: String] = [:]
        for part in trimmed[space...].split(separator: ",") {
            let p = part.trimmingCharacters(in: .whitespaces)
            guard let eq = p.firstIndex(of: "=") else {
                return .failure(.malformedAuthorization("'\(p.prefix(40))' has no '='"))
            }
            fields[String(p[..<eq])] = String(p[p.index(after: eq)...])
        }
        guard let signedList = fields["SignedHeaders"], !signedList.isEmpty else {
            return .failure(.malformedAuthorization("SignedHeaders missing"))
        }
        guard let signature = fields["Signature"] else { return .failure(.malformedAuthorization("Signature missing")) }
        let signedHeaders = signedList.split(separator: ";").map { $0.lowercased() }
        if let ak = fields["Access"] {
            guard !ak.isEmpty else { return .failure(.malformedAuthorization("empty Access")) }
            return .success(
                Parsed(accessKey: ak, form: .access, scopeDay: nil, signedHeaders: signedHeaders, signature: signature))
        }
        if let credential = fields["Credential"] {
            let parts = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 5, parts[parts.count - 1] == "sdk_request" else {
                return .failure(.malformedAuthorization("Credential must be AK/YYYYMMDD/region/service/sdk_request"))
            }
            let n = parts.count
            let ak = parts[0..<(n - 4)].joined(separator: "/")
            guard !ak.isEmpty else { return .failure(.malformedAuthorization("empty access key in Credential")) }
            return .success(
                Parsed(
                    accessKey: ak, form: .credential(region: parts[n - 3], service: parts[n - 2]),
                    scopeDay: parts[n - 4],
                    signedHeaders: signedHeaders, signature: signature))
        }
        return .failure(.malformedAuthorization("neither Access nor Credential given"))
    }
}
