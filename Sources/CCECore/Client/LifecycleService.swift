// The rest of a cluster's life, beside create/get/list/delete: nodes, node pools, the
// kubeconfig certificate (WIRE-LIFECYCLE §1–4) and the day-2 operations (§5–6). The
// requirements are declared in `ClusterService`; each has a default here that refuses with a
// clear error, so a service that does not offer an operation (a fake, a dry run) still
// conforms and says so. Ids are uids (`metadata.uid`).
extension ClusterService {
    public func unsupportedOperation(_ what: String) -> CCEClientError {
        CCEClientError.invalidRequest("\(what) is not supported by this service")
    }
}

extension ClusterService {
    public func createNode(clusterID: String, body: JSONValue, query: [(name: String, value: String)]) async throws
        -> JSONValue
    {
        throw unsupportedOperation("creating a node")
    }
    public func listNodes(clusterID: String) async throws -> [JSONValue] { throw unsupportedOperation("listing nodes") }
    public func getNode(clusterID: String, nodeID: String) async throws -> JSONValue {
        throw unsupportedOperation("reading a node")
    }
    public func deleteNode(clusterID: String, nodeID: String, query: [(name: String, value: String)]) async throws
        -> JSONValue
    {
        throw unsupportedOperation("deleting a node")
    }
    public func createNodePool(clusterID: String, body: JSONValue) async throws -> JSONValue {
        throw unsupportedOperation("creating a node pool")
    }
    public func listNodePools(clusterID: String, query: [(name: String, value: String)]) async throws -> [JSONValue] {
        throw unsupportedOperation("listing node pools")
    }
    public func getNodePool(clusterID: String, poolID: String) async throws -> JSONValue {
        throw unsupportedOperation("reading a node pool")
    }
    public func updateNodePool(clusterID: String, poolID: String, body: JSONValue) async throws -> JSONValue {
        throw unsupportedOperation("updating a node pool")
    }
    public func deleteNodePool(clusterID: String, poolID: String) async throws -> JSONValue {
        throw unsupportedOperation("deleting a node pool")
    }
    public func createClusterCert(clusterID: String, body: JSONValue) async throws -> JSONValue {
        throw unsupportedOperation("obtaining a cluster certificate")
    }
    public func updateCluster(id: String, body: JSONValue) async throws -> JSONValue {
        throw unsupportedOperation("updating a cluster")
    }
    public func clusterOperation(id: String, operation: String, body: JSONValue?) async throws -> JSONValue? {
        throw unsupportedOperation("the cluster operation '\(operation)'")
    }
}
