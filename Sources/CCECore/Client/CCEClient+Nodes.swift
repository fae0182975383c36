import Foundation

// Nodes, node pools and the cluster certificate (WIRE-LIFECYCLE §1–4). Every body is checked
// with NodeValidator first: a body with errors throws `CCEClientError.invalidBody` and
// nothing is sent. Reads, deletes, the pool PUT and the clustercert POST are retried like
// reads; the creates only where the service cannot have acted (see `createSafely`).
extension CCEClient {
    // MARK: Nodes

    /// POST /clusters/{cid}/nodes (201, the body with `status.jobID`); `query` carries
    /// `nodepoolScaleUp`. The node uids come from the job (`JobWaiter.nodeUIDs(inJob:)`).
    ///
    /// Not retried once the service may have received it: a 504 on node create can come with
    /// the nodes created (TFOTC #211), and a node name is not unique, so there is no safe way
    /// to look before posting again. The error then says to list the nodes first.
    public func createNode(
        clusterID: String, body: JSONValue, query: [(name: String, value: String)]
    ) async throws
        -> JSONValue
    {
        let cid = try checkedID(clusterID, what: "cluster id")
        try Self.requireValid(body, what: "node", NodeValidator.validateNode)
        let bytes = body.serializedBytes()
        do {
            return try await withDeadline { deadline in
                try await createSafely(
                    "/clusters/\(cid)/nodes", query: query, bytes: bytes, deadline: deadline, lookUp: nil)
            }
        } catch let e as CCEClientError where e.isServerError || e.transportFailure.map(Self.mayHaveArrived) == true {
            throw CCEClientError(
                kind: e.kind, status: e.status, code: e.code,
                message: e.message + " (the nodes may have been created: list the cluster's nodes before trying again)",
                requestID: e.requestID, detail: e.detail, transportFailure: e.transportFailure)
        }
    }

    /// GET /clusters/{cid}/nodes. Follows Huawei's `pageInfo.nextMarker` when the service
    /// pages (OTC does not), so the result is every node.
    public func listNodes(clusterID: String) async throws -> [JSONValue] {
        let cid = try checkedID(clusterID, what: "cluster id")
        var all: [JSONValue] = []
        var marker: String? = nil
        var seen: Set<String> = []
        // A service that keeps answering the same marker must not loop forever.
        for _ in 0..<Self.maxNodePages {
            let query = marker.map { [(name: "marker", value: $0)] } ?? []
            let response = try await idempotent("GET", "/clusters/\(cid)/nodes", query: query)
            let body = try objectBody(response)
            all += try items(of: body, response: response)
            guard let next = body["pageInfo"]?["nextMarker"]?.stringValue, !next.isEmpty,
                seen.insert(next).inserted
            else { return all }
            marker = next
        }
        return all
    }

    /// 2000 nodes per page (Huawei's maximum) times this exceeds any cluster.
    static let maxNodePages = 64

    public func getNode(clusterID: String, nodeID: String) async throws -> JSONValue {
        let cid = try checkedID(clusterID, what: "cluster id")
        let nid = try checkedID(nodeID, what: "node id")
        return try objectBody(try await idempotent("GET", "/clusters/\(cid)/nodes/\(nid)"))
    }

    /// DELETE /clusters/{cid}/nodes/{nid} (200, the node with `status.jobID`). `query`:
    /// `nodepoolScaleDown=NoScaleDown` keeps a pool's count; any other value lowers it.
    public func deleteNode(
        clusterID: String, nodeID: String, query: [(name: String, value: String)]
    ) async throws
        -> JSONValue
    {
        let cid = try checkedID(clusterID, what: "cluster id")
        let nid = try checkedID(nodeID, what: "node id")
        return try objectBody(try await idempotent("DELETE", "/clusters/\(cid)/nodes/\(nid)", query: query))
    }

    // MARK: Node pools

    /// POST /clusters/{cid}/nodepools (201, the pool with `metadata.uid`). Pool names are
    /// unique in a cluster, so after an ambiguous failure the pool is looked up by name
    /// before any second POST, as `createCluster` does.
    public func createNodePool(clusterID: String, body: JSONValue) async throws -> JSONValue {
        let cid = try checkedID(clusterID, what: "cluster id")
        try Self.requireValid(body, what: "node pool", NodeValidator.validateNodePool)
        let bytes = body.serializedBytes()
        let name = body.member("metadata")?.member("name")?.stringValue
        return try await withDeadline { deadline in
            var lookUp: (@Sendable (Duration) async throws -> JSONValue?)? = nil
            if let name {
                lookUp = { deadline in try await self.findPool(clusterID: cid, name: name, deadline: deadline) }
            }
            return try await createSafely(
                "/clusters/\(cid)/nodepools", query: [], bytes: bytes, deadline: deadline, lookUp: lookUp)
        }
    }

    /// The pool named `name`, with one list request.
    private func findPool(clusterID cid: String, name: String, deadline: Duration) async throws -> JSONValue? {
        let response = try await send("GET", "/clusters/\(cid)/nodepools", deadline: deadline)
        guard (200..<300).contains(response.status) else { throw CCEClientError.fromResponse(response) }
        return try items(of: try objectBody(response), response: response)
            .first { $0.member("metadata")?.member("name")?.stringValue == name }
    }

    /// GET /clusters/{cid}/nodepools; `query`: `showDefaultNodePool=true` adds `DefaultPool`.
    public func listNodePools(clusterID: String, query: [(name: String, value: String)]) async throws -> [JSONValue] {
        let cid = try checkedID(clusterID, what: "cluster id")
        let response = try await idempotent("GET", "/clusters/\(cid)/nodepools", query: query)
        return try items(of: try objectBody(response), response: response)
    }

    public func getNodePool(clusterID: String, poolID: String) async throws -> JSONValue {
        let cid = try checkedID(clusterID, what: "cluster id")
        let pid = try checkedID(poolID, what: "node pool id")
        return try objectBody(try await idempotent("GET", "/clusters/\(cid)/nodepools/\(pid)"))
    }

    /// PUT /clusters/{cid}/nodepools/{npid} (200). Refuses a body with neither
    /// `spec.initialNodeCount` nor `spec.ignoreInitialNodeCount: true`: the service would set
    /// the count to 0 and delete every node of the pool (§3.3). Retried like a read: the same
    /// PUT sets the same target again.
    public func updateNodePool(clusterID: String, poolID: String, body: JSONValue) async throws -> JSONValue {
        let cid = try checkedID(clusterID, what: "cluster id")
        let pid = try checkedID(poolID, what: "node pool id")
        try Self.requireValid(body, what: "node pool update", NodeValidator.validateNodePoolUpdate)
        return try objectBody(
            try await idempotent("PUT", "/clusters/\(cid)/nodepools/\(pid)", body: body.serializedBytes()))
    }

    /// DELETE /clusters/{cid}/nodepools/{npid} (200, phase `Deleting`); deletes its nodes.
    public func deleteNodePool(clusterID: String, poolID: String) async throws -> JSONValue {
        let cid = try checkedID(clusterID, what: "cluster id")
        let pid = try checkedID(poolID, what: "node pool id")
        return try objectBody(try await idempotent("DELETE", "/clusters/\(cid)/nodepools/\(pid)"))
    }

    // MARK: Cluster certificate

    /// POST /clusters/{cid}/clustercert (200, a kubeconfig in JSON). A repeat only issues
    /// another certificate, so it is retried like a read. The response holds a private key:
    /// callers keep it out of logs.
    public func createClusterCert(clusterID: String, body: JSONValue) async throws -> JSONValue {
        let cid = try checkedID(clusterID, what: "cluster id")
        try Self.requireValid(body, what: "cluster certificate", NodeValidator.validateClusterCert)
        return try objectBody(
            try await idempotent("POST", "/clusters/\(cid)/clustercert", body: body.serializedBytes()))
    }

    // MARK: Typed forms

    /// Creates nodes from the typed model; returns the 201 body (its `status.jobID`).
    public func createNode(
        _ node: NodeCreateRequest, clusterID: String, scaleUpPool: Bool = false
    ) async throws
        -> ClusterNode
    {
        let query: [(name: String, value: String)] = scaleUpPool ? [("nodepoolScaleUp", "NodepoolScaleUp")] : []
        return try decode(ClusterNode.self, try await createNode(clusterID: clusterID, body: node.json, query: query))
    }

    public func nodes(clusterID: String) async throws -> [ClusterNode] {
        try await listNodes(clusterID: clusterID).map { try decode(ClusterNode.self, $0) }
    }

    public func node(clusterID: String, nodeID: String) async throws -> ClusterNode {
        try decode(ClusterNode.self, try await getNode(clusterID: clusterID, nodeID: nodeID))
    }

    /// Deletes a node; `scaleDownPool: false` sends `nodepoolScaleDown=NoScaleDown` so the
    /// node's pool keeps its count (and replaces the node).
    public func deleteNode(clusterID: String, nodeID: String, scaleDownPool: Bool) async throws -> ClusterNode {
        let query: [(name: String, value: String)] = [
            ("nodepoolScaleDown", scaleDownPool ? "ScaleDown" : "NoScaleDown")
        ]
        return try decode(ClusterNode.self, try await deleteNode(clusterID: clusterID, nodeID: nodeID, query: query))
    }

    public func createNodePool(_ pool: NodePool, clusterID: String) async throws -> NodePool {
        try decode(NodePool.self, try await createNodePool(clusterID: clusterID, body: pool.json))
    }

    public func nodePools(clusterID: String, showDefault: Bool = false) async throws -> [NodePool] {
        let query: [(name: String, value: String)] = showDefault ? [("showDefaultNodePool", "true")] : []
        return try await listNodePools(clusterID: clusterID, query: query).map { try decode(NodePool.self, $0) }
    }

    public func nodePool(clusterID: String, poolID: String) async throws -> NodePool {
        try decode(NodePool.self, try await getNodePool(clusterID: clusterID, poolID: poolID))
    }

    public func updateNodePool(_ update: NodePoolUpdate, clusterID: String, poolID: String) async throws -> NodePool {
        try decode(NodePool.self, try await updateNodePool(clusterID: clusterID, poolID: poolID, body: update.json))
    }

    /// Sets a pool's node count (the body carries the pool's name, as the OTC doc requires).
    public func scaleNodePool(clusterID: String, poolID: String, name: String, to count: Int) async throws -> NodePool {
        let update = NodePoolUpdate(metadata: NodePoolMetadata(name: name), spec: NodePoolSpec(initialNodeCount: count))
        return try await updateNodePool(update, clusterID: clusterID, poolID: poolID)
    }

    /// The kubeconfig for a cluster, valid `duration` days (-1: the maximum).
    public func kubeconfig(clusterID: String, duration: Int) async throws -> Kubeconfig {
        let body = ClusterCertRequest(duration: duration).json
        return try decode(Kubeconfig.self, try await createClusterCert(clusterID: clusterID, body: body))
    }

    // MARK: Support

    /// Throws `invalidBody` when the validator finds errors (warnings pass).
    static func requireValid(_ body: JSONValue, what: String, _ validate: (JSONValue) -> [Diagnostic]) throws {
        let diagnostics = validate(body)
        guard diagnostics.contains(where: { $0.severity == .error }) else { return }
        throw CCEClientError.invalidBody(what, diagnostics: diagnostics)
    }

    /// Whether the service may have received a request that failed this way.
    static func mayHaveArrived(_ failure: TransportFailure) -> Bool {
        switch failure {
        case .connectionLost, .timedOut: return true
        case .connectionRefused, .invalidRequest: return false
        }
    }

    /// A POST that creates something. Retried on 429 and on a refused connection, where the
    /// service did not act. After an ambiguous failure (5xx, a lost connection, no answer),
    /// `lookUp` (when given) finds what the first attempt may have created before posting
    /// again; without it the failure is final.
    func createSafely(
        _ path: String, query: [(name: String, value: String)], bytes: [UInt8], deadline: Duration,
        lookUp: (@Sendable (Duration) async throws -> JSONValue?)?
    ) async throws -> JSONValue {
        var attempt = 0
        var ambiguous = false
        while true {
            var failure: CCEClientError
            var retryAfter: Duration? = nil
            do {
                if ambiguous, let lookUp, let existing = try await lookUp(deadline) { return existing }
                let response = try await send("POST", path, query: query, body: bytes, deadline: deadline)
                if (200..<300).contains(response.status) { return try objectBody(response) }
                failure = CCEClientError.fromResponse(response)
                switch response.status {
                case 429:
                    retryAfter = RetryPolicy.retryAfter(response.header("Retry-After"))
                case 409 where ambiguous:
                    // The earlier, ambiguous attempt most likely made it.
                    if let lookUp, let existing = try await lookUp(deadline) { return existing }
                    throw failure
                case 500...:
                    ambiguous = true
                default:
                    throw failure
                }
            } catch let e as CCEClientError {
                failure = e
                switch e.transportFailure {
                case .connectionRefused?:
                    break
                case .connectionLost?, .timedOut?:
                    ambiguous = true
                default:
                    // A server error from the look-up is retried like the POST it stands for.
                    guard ambiguous, e.isServerError || e.isThrottled || e.isTransport else { throw e }
                }
            }
            if ambiguous && lookUp == nil { throw failure }
            attempt += 1
            guard attempt < attemptLimit(for: failure),
                try await backoff(retry: attempt - 1, retryAfter: retryAfter, deadline: deadline)
            else { throw failure }
        }
    }
}
