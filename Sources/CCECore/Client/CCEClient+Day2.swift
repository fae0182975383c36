import Foundation

// The day-2 calls (WIRE.md §3.3, WIRE-LIFECYCLE §5–6): update, and the cluster operations
// hibernate, awake and resize.
extension CCEClient {
    /// The operations `clusterOperation` sends, with the success status each one answers.
    static let clusterOperations: [String: Int] = ["hibernate": 200, "awake": 200, "resize": 201]

    /// PUT /clusters/{id} (200; the full cluster). A repeated PUT sets the same fields again,
    /// so it is retried like a read.
    public func updateCluster(id: String, body: JSONValue) async throws -> JSONValue {
        let id = try checkedID(id, what: "cluster id")
        guard body.objectValue != nil else {
            throw CCEClientError.invalidRequest("the update body must be a JSON object, not \(body.typeName)")
        }
        return try objectBody(try await idempotent("PUT", "/clusters/\(id)", body: body.serializedBytes()))
    }

    /// POST /clusters/{id}/operation/{hibernate|awake|resize}. hibernate and awake answer 200
    /// with no body (nil here); resize answers 201 `{"jobID", "orderID"}`.
    ///
    /// Not retried once the request may have reached the service: a second resize would be a
    /// second order, and a second hibernate fails on the phase the first one set. Throttling
    /// and a refused connection (nothing was received) are retried.
    public func clusterOperation(id: String, operation: String, body: JSONValue?) async throws -> JSONValue? {
        let id = try checkedID(id, what: "cluster id")
        guard Self.clusterOperations[operation] != nil else {
            let known = Self.clusterOperations.keys.sorted().joined(separator: ", ")
            throw CCEClientError.invalidRequest("'\(operation)' is not a cluster operation; use one of \(known)")
        }
        if let body, body.objectValue == nil {
            throw CCEClientError.invalidRequest("the \(operation) body must be a JSON object, not \(body.typeName)")
        }
        let bytes = body?.serializedBytes() ?? []
        let response: TransportResponse = try await withDeadline { deadline in
            var attempt = 0
            while true {
                var failure: CCEClientError
                var retryAfter: Duration? = nil
                do {
                    let response = try await send(
                        "POST", "/clusters/\(id)/operation/\(operation)", body: bytes, deadline: deadline)
                    if (200..<300).contains(response.status) { return response }
                    failure = CCEClientError.fromResponse(response)
                    guard response.status == 429 else { throw failure }
                    retryAfter = RetryPolicy.retryAfter(response.header("Retry-After"))
                } catch let e as CCEClientError {
                    guard case .connectionRefused? = e.transportFailure else { throw e }
                    failure = e
                }
                attempt += 1
                guard attempt < attemptLimit(for: failure),
                    try await backoff(retry: attempt - 1, retryAfter: retryAfter, deadline: deadline)
                else { throw failure }
            }
        }
        // "None" (OTCDOC): an empty body, or a JSON null/{} from a gateway that adds one.
        let text = response.body.filter { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }
        if text.isEmpty || text == Array("null".utf8) { return nil }
        let json = try objectBody(response)
        if operation != "resize", json.objectValue?.isEmpty == true { return Optional<JSONValue>.none }
        return json
    }
}
