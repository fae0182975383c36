/// The cluster operations every front end needs (the language, the REPL, embedders), on
/// raw JSON bodies so that nothing the service returns is lost or reordered.
///
/// `CCEClient` implements it over any `Transport` (a real endpoint, `cce serve`, or the
/// in-process emulator). Errors are `CCEClientError`.
public protocol ClusterService: Sendable {
    /// POST /clusters. Returns the 201 body (`status.jobID`, `metadata.uid`, defaults filled in).
    func createCluster(body: JSONValue) async throws -> JSONValue
    /// GET /jobs/{id}.
    func showJob(id: String) async throws -> JSONValue
    /// GET /clusters/{id}.
    func getCluster(id: String) async throws -> JSONValue
    /// GET /clusters with optional query filters (`status`, `type`, `version`, `detail`). Returns `items`.
    func listClusters(query: [(name: String, value: String)]) async throws -> [JSONValue]
    /// DELETE /clusters/{id} with `delete_*` options. Returns the 200 body (`status.jobID`, `deleteOption`, …).
    func deleteCluster(id: String, query: [(name: String, value: String)]) async throws -> JSONValue
}
