import OrderedCollections

/// An error body from CCE or the API gateway in front of it (WIRE.md §4), whichever shape:
///
/// * the k8s `Status` body with both code families
///   (`errorCode`/`errorMessage` = `CCE.01400001`, and `error_code`/`error_msg` = `CCE_CM.0004`),
/// * the documented minimal `{"errorMessage": …, "errorCode": …}`,
/// * the gateway's `{"error_msg": …, "error_code": "APIGW.0301", "request_id": …}`,
/// * or no JSON at all (a proxy's HTML page): then only `rawText` is set.
///
/// Decoding never fails.
public struct ServiceErrorBody: Sendable, Equatable {
    /// The service code: `errorCode`, else `error_code`, else `code` when it is a string.
    public var code: String?
    /// The message: `errorMessage`, else `error_msg`, else `message`.
    public var message: String?
    /// `errorCode` (the documented `CCE.0xYYYzzz` family).
    public var errorCode: String?
    /// `errorMessage`.
    public var errorMessage: String?
    /// `error_code` (the legacy `CCE_CM.xxxx` family, or the gateway's `APIGW.xxxx`).
    public var legacyCode: String?
    /// `error_msg`.
    public var legacyMessage: String?
    /// `message` of the k8s `Status` body: the detail (`Eni subnetId and subnetCidr not matched`).
    public var detail: String?
    /// `reason` of the k8s `Status` body (`BadRequest`).
    public var reason: String?
    /// `code` of the k8s `Status` body when it is a number (the HTTP status).
    public var statusCode: Int?
    /// `request_id` of a gateway body.
    public var requestID: String?
    /// The body as parsed, when it was JSON.
    public var json: JSONValue?
    /// The body as text (at most `rawTextLimit` characters) when it was not a JSON object.
    public var rawText: String?

    /// How much of a non-JSON body is kept.
    public static let rawTextLimit = 2048

    /// Reads a response body of any shape.
    public init<Bytes: Collection<UInt8>>(bytes: Bytes) {
        if let value = try? JSONValue.parse(bytes), case .object = value {
            self.init(json: value)
            return
        }
        self.init()
        rawText = BodyText.summary(Array(bytes), limit: ServiceErrorBody.rawTextLimit)
    }

    /// Reads a parsed body. A non-object gives a body with only `json` set.
    public init(json: JSONValue) {
        self.init()
        self.json = json
        func string(_ key: String) -> String? { json[key]?.stringValue }
        errorCode = string("errorCode")
        errorMessage = string("errorMessage")
        legacyCode = string("error_code")
        legacyMessage = string("error_msg")
        detail = string("message")
        reason = string("reason")
        requestID = string("request_id")
        statusCode = json["code"]?.intValue
        code = errorCode ?? legacyCode ?? string("code")
        message = errorMessage ?? legacyMessage ?? detail
    }

    /// An empty body (no code, no message).
    public init() {}

    /// One line for an error message: the message and, when it adds something, the detail,
    /// or the raw text of a non-JSON body.
    public var summary: String? {
        if let message {
            if let detail, detail != message { return "\(message) (\(detail))" }
            return message
        }
        return rawText.flatMap { $0.isEmpty ? nil : $0 }
    }

    // MARK: Emitting (for the emulator)

    /// The k8s reason CCE puts in `reason` for an HTTP status.
    public static func reason(forHTTPStatus status: Int) -> String {
        switch status {
        case 400: return "BadRequest"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "NotFound"
        case 405: return "MethodNotAllowed"
        case 409: return "AlreadyExists"
        case 413: return "RequestEntityTooLarge"
        case 415: return "UnsupportedMediaType"
        case 429: return "TooManyRequests"
        case 500: return "InternalError"
        case 503: return "ServiceUnavailable"
        case 504: return "Timeout"
        default: return status >= 500 ? "InternalError" : "BadRequest"
        }
    }

    /// The full dual-code k8s `Status` body CCE returns (WIRE.md §4.1 (1)), members in the
    /// service's order: `kind, apiVersion, metadata, status, code, errorCode, errorMessage,
    /// error_code, error_msg, message, reason`. The legacy pair defaults to the documented pair,
    /// `message` to `errorMessage`, `reason` to the k8s reason of `httpStatus`.
    public static func statusBody(
        httpStatus: Int, errorCode: String, errorMessage: String,
        legacyCode: String? = nil, legacyMessage: String? = nil,
        message: String? = nil, reason: String? = nil
    ) -> JSONValue {
        var o = OrderedDictionary<String, JSONValue>()
        o["kind"] = "Status"
        o["apiVersion"] = "v1"
        o["metadata"] = .object([:])
        o["status"] = "Failure"
        o["code"] = .int(httpStatus)
        o["errorCode"] = .string(errorCode)
        o["errorMessage"] = .string(errorMessage)
        o["error_code"] = .string(legacyCode ?? errorCode)
        o["error_msg"] = .string(legacyMessage ?? errorMessage)
        o["message"] = .string(message ?? errorMessage)
        o["reason"] = .string(reason ?? ServiceErrorBody.reason(forHTTPStatus: httpStatus))
        return .object(o)
    }

    /// The API gateway's body (WIRE.md §4.1 (2)): `error_msg, error_code, request_id`.
    public static func apiGatewayBody(code: String, message: String, requestID: String) -> JSONValue {
        var o = OrderedDictionary<String, JSONValue>()
        o["error_msg"] = .string(message)
        o["error_code"] = .string(code)
        o["request_id"] = .string(requestID)
        return .object(o)
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }
}

/// A non-JSON error body as one readable line: an HTML page (a gateway's or a proxy's) by
/// its title, anything else trimmed, cut, and with control characters escaped so a binary
/// body cannot drive the terminal.
enum BodyText {
    static func summary(_ bytes: [UInt8], limit: Int) -> String {
        let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
        let head = text.prefix(512).lowercased()
        if head.hasPrefix("<!doctype html") || head.hasPrefix("<html") || head.contains("<html")
            || head.contains("<head>")
        {
            if let title = title(of: text) ?? visibleText(of: text) {
                return "an HTML error page: \u{201C}\(escaped(title, limit: 120))\u{201D}"
            }
            return "an HTML error page (with no text)"
        }
        return escaped(text, limit: limit)
    }

    /// The text of the first `<title>` element, whitespace collapsed.
    static func title(of html: String) -> String? {
        let lower = html.lowercased()
        guard let open = lower.range(of: "<title"),
            let close = lower.range(of: "</title>", range: open.upperBound..<lower.endIndex),
            let gt = lower.range(of: ">", range: open.upperBound..<close.lowerBound)
        else { return nil }
        // Same offsets in both: lowercasing ASCII tags does not move them, and the title is
        // read back from the original through UTF-8 offsets.
        let start = lower.utf8.distance(from: lower.startIndex, to: gt.upperBound)
        let end = lower.utf8.distance(from: lower.startIndex, to: close.lowerBound)
        let bytes = Array(html.utf8)
        guard start <= end, end <= bytes.count else { return nil }
        let title = String(decoding: bytes[start..<end], as: UTF8.self)
            .split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
        return title.isEmpty ? nil : title
    }

    /// A page's text without its tags (and without scripts and styles), whitespace collapsed.
    static func visibleText(of html: String) -> String? {
        var out = ""
        var inTag = false
        var skipping: String?
        var tag = ""
        for c in html.prefix(8192) {
            if inTag {
                if c == ">" {
                    inTag = false
                    let name = tag.lowercased().split(separator: " ").first.map(String.init) ?? ""
                    if name == "script" || name == "style" {
                        skipping = "/" + name
                    } else if name == skipping {
                        skipping = nil
                    }
                    out += " "
                } else {
                    tag.append(c)
                }
            } else if c == "<" {
                inTag = true
                tag = ""
            } else if skipping == nil {
                out.append(c)
            }
        }
        let text = out.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(
            separator: " ")
        return text.isEmpty ? nil : text
    }

    /// At most `limit` characters, control characters written as `\u{…}`.
    static func escaped(_ text: String, limit: Int) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit { return out + "…" }
            if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" || scalar.value == 0x7F
                || (0x80..<0xA0).contains(scalar.value)
            {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar == "\n" || scalar == "\t" ? " " : scalar)
            }
            count += 1
        }
        return out
    }
}
