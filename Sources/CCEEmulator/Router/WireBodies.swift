import CCECore
import Foundation

/// The two error-body families the service answers with (WIRE.md §4.1): CCE's dual-code
/// Kubernetes `Status` body, and the API gateway's body for auth and throttling failures.
enum WireError {
    /// A CCE service error: documented `errorCode`/`errorMessage`, legacy `error_code`/`error_msg`,
    /// and the detail in `message`.
    /// `legacyCode` nil: no source shows the legacy code for this case, so both pairs carry the
    /// documented one (never an invented `CCE_CM` number).
    static func cce(
        status: Int, code: String, summary: String, message: String, legacyCode: String?, legacySummary: String?
    )
        -> JSONValue
    {
        ServiceErrorBody.statusBody(
            httpStatus: status, errorCode: code, errorMessage: summary, legacyCode: legacyCode,
            legacyMessage: legacySummary,
            message: message)
    }

    static func invalid(_ message: String) -> (Int, JSONValue) {
        (
            400,
            cce(
                status: 400, code: "CCE.01400001", summary: "Invalid request.", message: message,
                legacyCode: "CCE_CM.0004", legacySummary: "Request is invalid")
        )
    }

    static func contentType(_ message: String) -> (Int, JSONValue) {
        (
            400,
            cce(
                status: 400, code: "CCE.01400006", summary: "Content type not supported.", message: message,
                legacyCode: nil, legacySummary: nil)
        )
    }

    static func quota(_ message: String) -> (Int, JSONValue) {
        (
            400,
            cce(
                status: 400, code: "CCE.01400007", summary: "Insufficient cluster quota.", message: message,
                legacyCode: nil, legacySummary: nil)
        )
    }

    static func notFound(_ message: String) -> (Int, JSONValue) {
        (
            404,
            cce(
                status: 404, code: "CCE.01404001", summary: "Resource not found.", message: message,
                legacyCode: "CCE_CM.0003", legacySummary: "Resource not found")
        )
    }

    static func conflict(_ message: String) -> (Int, JSONValue) {
        (
            409,
            cce(
                status: 409, code: "CCE.01409001", summary: "The resource already exists.", message: message,
                legacyCode: nil, legacySummary: nil)
        )
    }

    static func forbidden(_ message: String) -> (Int, JSONValue) {
        (
            403,
            cce(
                status: 403, code: "CCE.01403001", summary: "Forbidden.", message: message,
                legacyCode: nil, legacySummary: nil)
        )
    }

    static func internalError(_ message: String) -> (Int, JSONValue) {
        (
            500,
            cce(
                status: 500, code: "CCE.01500001", summary: "Internal error.", message: message,
                legacyCode: nil, legacySummary: nil)
        )
    }

    /// The gateway's body: `{"error_msg", "error_code", "request_id"}`.
    static func gateway(code: String, message: String, requestID: String) -> JSONValue {
        ServiceErrorBody.apiGatewayBody(code: code, message: message, requestID: requestID)
    }
}

/// Go's `time.Time.String()` in UTC, as CCE writes every timestamp (WIRE.md §1.4).
func goTimestamp(_ seconds: Double) -> String {
    GoTimestamp.format(Date(timeIntervalSince1970: seconds))
}
