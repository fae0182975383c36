import Foundation

/// Every failure of the client core: a service error response, a transport failure, a
/// timeout, a cancelled task, a failed job, or a response that could not be understood.
///
/// A struct around a private kind (as AsyncHTTPClient's `HTTPClientError` does) so that new
/// kinds can be added without breaking `switch` statements in callers; ask with the `is…`
/// predicates. Nothing here ever holds a token, a secret key or a signature: messages come
/// from the service body or are written by the client itself.
public struct CCEClientError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    enum Kind: Sendable, Equatable {
        /// The service answered with an error status.
        case service
        /// No response: the connection failed (see `transportFailure`).
        case transport
        /// A per-request timeout, the overall deadline, or a waiter timeout.
        case timeout
        case cancelled
        /// A job the waiter watched ended in `Failed`.
        case jobFailed
        /// A success status with a body that is not what the API documents.
        case invalidResponse
        /// The request could not be built (bad base URL, empty id, …).
        case invalidRequest
    }

    let kind: Kind
    /// HTTP status of the response, when there was one.
    public let status: Int?
    /// Service error code: `CCE.01409001`, `APIGW.0301`, `CCE_CM.0004`, … (nil without one).
    public let code: String?
    /// What went wrong, in words; never contains credentials.
    public let message: String
    /// `X-Request-Id` of the response, for support tickets.
    public let requestID: String?
    /// Further detail from the service (`message`/`reason` next to the documented message).
    public let detail: String?
    /// Set for `.transport` errors: the underlying failure.
    public let transportFailure: TransportFailure?
    /// For a body refused before sending (`invalidBody`): every finding, errors and warnings.
    public let diagnostics: [Diagnostic]

    init(
        kind: Kind, status: Int? = nil, code: String? = nil, message: String, requestID: String? = nil,
        detail: String? = nil, transportFailure: TransportFailure? = nil, diagnostics: [Diagnostic] = []
    ) {
        self.diagnostics = diagnostics
        self.kind = kind
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
        self.detail = detail
        self.transportFailure = transportFailure
    }

    // MARK: Constructors

    /// A service error with the given fields, for `ClusterService` implementations that do
    /// not go through HTTP (fakes, the in-process emulator adapter).
    public static func service(status: Int, code: String?, message: String, requestID: String? = nil) -> CCEClientError
    {
        CCEClientError(kind: .service, status: status, code: code, message: message, requestID: requestID)
    }

    /// A job ended in `Failed`; `reason` is the job's `status.reason`.
    public static func jobFailed(reason: String, jobID: String? = nil) -> CCEClientError {
        let r = reason.isEmpty ? "no reason given" : reason
        return CCEClientError(
            kind: .jobFailed, message: jobID.map { "job \($0) failed: \(r)" } ?? "job failed: \(r)", detail: reason)
    }

    /// Something did not finish in time.
    public static func timeout(_ message: String) -> CCEClientError {
        CCEClientError(kind: .timeout, message: message)
    }

    public static func cancelled(_ message: String = "the operation was cancelled") -> CCEClientError {
        CCEClientError(kind: .cancelled, message: message)
    }

    public static func invalidResponse(_ message: String, status: Int? = nil, requestID: String? = nil)
        -> CCEClientError
    {
        CCEClientError(kind: .invalidResponse, status: status, message: message, requestID: requestID)
    }

    public static func invalidRequest(_ message: String) -> CCEClientError {
        CCEClientError(kind: .invalidRequest, message: message)
    }

    /// A request body the validator refused; nothing was sent. An `invalidRequest` whose
    /// message names each error's path, and whose `diagnostics` hold all findings.
    public static func invalidBody(_ what: String, diagnostics: [Diagnostic]) -> CCEClientError {
        let errors = diagnostics.filter { $0.severity == .error }
        let count = errors.count == 1 ? "1 error" : "\(errors.count) errors"
        let listed = errors.prefix(5).map { d in
            let place = d.path.isEmpty ? "" : "\(d.path): "
            return place + d.message + (d.hint.map { " (\($0))" } ?? "")
        }
        let more = errors.count > 5 ? "; and \(errors.count - 5) more" : ""
        return CCEClientError(
            kind: .invalidRequest,
            message: "the \(what) body is not valid (\(count); nothing was sent): "
                + listed.joined(separator: "; ") + more,
            diagnostics: diagnostics)
    }

    static func transport(_ failure: TransportFailure) -> CCEClientError {
        switch failure {
        case .timedOut:
            return CCEClientError(
                kind: .timeout, message: "no response within the request timeout", transportFailure: failure)
        case .invalidRequest(let why):
            return CCEClientError(kind: .invalidRequest, message: why, transportFailure: failure)
        case .connectionRefused(let why):
            return CCEClientError(kind: .transport, message: "could not connect: \(why)", transportFailure: failure)
        case .connectionLost(let why):
            return CCEClientError(kind: .transport, message: "connection lost: \(why)", transportFailure: failure)
        }
    }

    /// Reads an error response as leniently as WIRE.md §4.3 asks: code from `errorCode`,
    /// `error_code` or a string `code`; message from `errorMessage`, `error_msg` or `message`;
    /// nested objects (`{"error":{…}}`) searched one level down; a body that is not JSON
    /// becomes the message as text.
    public static func fromResponse(_ response: TransportResponse) -> CCEClientError {
        let requestID = response.header("X-Request-Id") ?? response.header("x-openstack-request-id")
        let fields = ErrorBodyFields.decode(response.body)
        let message = fields.message ?? fields.text ?? HTTPStatus.phrase(response.status)
        return CCEClientError(
            kind: .service, status: response.status, code: fields.code, message: message,
            requestID: requestID ?? fields.requestID, detail: fields.detail)
    }

    // MARK: Predicates

    public var isService: Bool { kind == .service }
    public var isTimeout: Bool { kind == .timeout }
    public var isCancelled: Bool { kind == .cancelled }
    public var isJobFailed: Bool { kind == .jobFailed }
    public var isTransport: Bool { kind == .transport }
    public var isInvalidResponse: Bool { kind == .invalidResponse }
    public var isInvalidRequest: Bool { kind == .invalidRequest }
    public var isBadRequest: Bool { kind == .service && status == 400 }
    public var isUnauthorized: Bool { kind == .service && status == 401 }
    public var isForbidden: Bool { kind == .service && status == 403 }
    public var isNotFound: Bool { kind == .service && status == 404 }
    public var isConflict: Bool { kind == .service && status == 409 }
    public var isThrottled: Bool { kind == .service && status == 429 }
    public var isServerError: Bool { kind == .service && (status ?? 0) >= 500 }

    /// For a failed job, the job's own reason.
    public var jobFailureReason: String? { kind == .jobFailed ? detail : nil }

    /// What to do about a service error a user can fix, or nil. The first CCE call of an
    /// account or project fails until CCE is authorized to operate the user's resources: OTC
    /// answers `CCE_CM.0201` "Need authorize CCE to operate user resources" (the OTC Terraform
    /// provider's issue 996 and its note in the cce_cluster_v3 docs), and other sites a 403.
    public var hint: String? {
        guard kind == .service else { return nil }
        let text = "\(message) \(detail ?? "")".lowercased()
        if text.contains("authorize cce") || (status == 403 && text.contains("cce") && text.contains("not authorized"))
        {
            return "CCE must be authorized once per project before its API can create anything: open the CCE console "
                + "in this region and project and accept the authorization prompt (or create the agency "
                + "cce_admin_trust for the domain op_svc_cce with the Tenant Administrator role), then retry"
        }
        return nil
    }

    // MARK: Text

    public var description: String {
        var out: String
        switch kind {
        case .service:
            out = "HTTP \(status.map(String.init) ?? "?")"
            if let code { out += " \(code)" }
            out += ": \(message)"
            if let detail, detail != message { out += " (\(detail))" }
        case .transport: out = message
        case .timeout: out = "timed out: \(message)"
        case .cancelled: out = message
        case .jobFailed: out = message
        case .invalidResponse: out = "unexpected response\(status.map { " (HTTP \($0))" } ?? ""): \(message)"
        case .invalidRequest: out = "invalid request: \(message)"
        }
        if let requestID { out += " [request id \(requestID)]" }
        return out
    }

    public var debugDescription: String { "CCEClientError(\(kind), \(description))" }
}

/// Reason phrases for the statuses this API uses; a message of last resort.
enum HTTPStatus {
    static func phrase(_ status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 409: return "Conflict"
        case 413: return "Payload Too Large"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "HTTP status \(status)"
        }
    }
}

/// The fields an error body may carry, whatever its family.
struct ErrorBodyFields {
    var code: String?
    var message: String?
    var detail: String?
    var requestID: String?
    /// The body as text when it was not JSON.
    var text: String?

    /// Longer bodies (HTML error pages) are cut so messages stay readable.
    static let maximumTextLength = 300

    static func decode(_ body: [UInt8]) -> ErrorBodyFields {
        var fields = ErrorBodyFields()
        guard !body.isEmpty else { return fields }
        guard let json = try? JSONValue.parse(body), json.objectValue != nil else {
            let text = BodyText.summary(body, limit: maximumTextLength)
            if !text.isEmpty { fields.text = text }
            return fields
        }
        fields.fill(from: json)
        if fields.code == nil && fields.message == nil, let members = json.objectValue {
            for (_, value) in members where value.objectValue != nil {
                fields.fill(from: value)
                if fields.code != nil || fields.message != nil { break }
            }
        }
        return fields
    }

    private mutating func fill(from json: JSONValue) {
        func string(_ key: String) -> String? {
            guard let s = json[key]?.stringValue, !s.isEmpty else { return nil }
            return s
        }
        code = code ?? string("errorCode") ?? string("error_code") ?? string("code")
        let documented = string("errorMessage") ?? string("error_msg")
        let k8sMessage = string("message")
        message = message ?? documented ?? k8sMessage
        if let documented, let k8sMessage, k8sMessage != documented { detail = detail ?? k8sMessage }
        requestID = requestID ?? string("request_id")
    }
}
