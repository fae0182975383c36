import CCECore
import Synchronization

/// A `ClusterService` that sends nothing anywhere: what `cce check` runs scripts against.
///
/// What it does, and what it does not pretend:
/// - `createCluster` records the body (see `recordedCreates`) and answers at once with the
///   body, a uid `dry-run-N`, and `status {phase: "Creating", jobID: "dry-run-job-N"}`.
///   It does not validate: `create` in the language validates before it calls any service,
///   so an invalid body never gets here.
/// - Every job has already ended: `showJob` answers `Success`, so `wait` returns at once.
/// - A cluster reads back as its request body plus the fields the real service fills in
///   when they are absent (WIRE.md §1.3: category, authentication.mode, the service CIDR,
///   kubeProxyMode, billingMode, container CIDRs mirrored), with `status.phase`
///   `"Available"` and `status.message` saying that this is a dry run. No endpoints,
///   no nodes, no quotas: nothing that would need a real service to know.
/// - `listClusters` lists the clusters created during this run (and not deleted);
///   `deleteCluster` removes one and answers like the service (a job id).
/// - Unknown cluster or job ids fail like the service does: a 404 `CCEClientError`
///   (code `CCE.01404001`).
/// - Day 2 acts on its own clusters: an update is applied to the stored body (see
///   `applyUpdate`), hibernate and awake switch the phase at once, a resize sets the flavor
///   and answers a job that has already succeeded. `adopt` takes in a cluster read from
///   elsewhere (`cce plan` keeps the writes to real clusters here).
/// - With `collectsInvalidBodies` (`cce check`), `create` and `ensure` hand it invalid
///   bodies instead of raising (`ValidationCollecting`), so that a check reports them all.
public actor DryRunClusterService: ClusterService, ValidationCollecting {
    private var clusters: [(uid: String, body: JSONValue)] = []
    /// Node pools, in creation order; each reads back settled at its count.
    private var pools: [(uid: String, clusterID: String, body: JSONValue)] = []
    /// Nodes, in creation order; each reads back Active.
    private var nodes: [(uid: String, clusterID: String, body: JSONValue)] = []
    private var jobs: [String: JSONValue] = [:]
    private var counter = 0
    private var created: [JSONValue] = []
    private let invalid = Mutex<[(body: JSONValue, diagnostics: [Diagnostic])]>([])
    public nonisolated let collectsInvalidBodies: Bool

    public init(collectsInvalidBodies: Bool = false) {
        self.collectsInvalidBodies = collectsInvalidBodies
    }

    /// Every body `create` would have sent, in order.
    public var recordedCreates: [JSONValue] { created }

    /// The invalid bodies `create`/`ensure` were given, with their findings (collecting mode).
    public nonisolated var recordedInvalid: [(body: JSONValue, diagnostics: [Diagnostic])] { invalid.withLock { $0 } }

    public nonisolated func noteInvalid(_ body: JSONValue, diagnostics: [Diagnostic]) {
        guard collectsInvalidBodies else { return }
        invalid.withLock { $0.append((body, diagnostics)) }
    }

    /// Whether this run holds the cluster `uid` (created here or adopted).
    public func holds(uid: String) -> Bool { clusters.contains { $0.uid == uid } }

    /// Keeps `cluster` (a body read from a real service, with its uid) so that writes to it
    /// act here from now on.
    public func adopt(_ cluster: JSONValue) {
        guard let uid = cluster["metadata"]?["uid"]?.stringValue, !holds(uid: uid) else { return }
        clusters.append((uid, cluster))
    }

    public func createCluster(body: JSONValue) async throws -> JSONValue {
        counter += 1
        let uid = "dry-run-\(counter)"
        let jobID = "dry-run-job-\(counter)"
        created.append(body)
        var stored = DryRunClusterService.fillDefaults(body)
        stored["metadata"]?["uid"] = .string(uid)
        stored["status"] = [
            "phase": "Available", "message": "dry run: nothing was sent to a service",
        ]
        clusters.append((uid, stored))
        let name = ClusterBody.name(of: body) ?? ""
        jobs[jobID] = DryRunClusterService.job(id: jobID, type: "CreateCluster", clusterUID: uid, name: name)
        var answer = stored
        answer["status"] = ["phase": "Creating", "jobID": .string(jobID)]
        return answer
    }

    public func showJob(id: String) async throws -> JSONValue {
        guard let job = jobs[id] else { throw DryRunClusterService.notFound("job \(id)") }
        return job
    }

    public func getCluster(id: String) async throws -> JSONValue {
        guard let found = clusters.first(where: { $0.uid == id }) else {
            throw DryRunClusterService.notFound("cluster \(id)")
        }
        return found.body
    }

    public func listClusters(query: [(name: String, value: String)]) async throws -> [JSONValue] {
        clusters.map(\.body)
    }

    public func deleteCluster(id: String, query: [(name: String, value: String)]) async throws -> JSONValue {
        guard let index = clusters.firstIndex(where: { $0.uid == id }) else {
            throw DryRunClusterService.notFound("cluster \(id)")
        }
        counter += 1
        let jobID = "dry-run-job-\(counter)"
        var body = clusters.remove(at: index).body
        let name = ClusterBody.name(of: body) ?? ""
        jobs[jobID] = DryRunClusterService.job(id: jobID, type: "DeleteCluster", clusterUID: id, name: name)
        body["status"] = ["phase": "Deleting", "jobID": .string(jobID)]
        return body
    }

    public func updateCluster(id: String, body: JSONValue) async throws -> JSONValue {
        guard let index = clusters.firstIndex(where: { $0.uid == id }) else {
            throw DryRunClusterService.notFound("cluster \(id)")
        }
        let errors = ClusterUpdate.validate(body).filter { $0.severity == .error }
        if let first = errors.first {
            throw CCEClientError.service(status: 400, code: "CCE.01400001", message: "\(first.path): \(first.message)")
        }
        clusters[index].body = Self.applyUpdate(body, to: clusters[index].body)
        return clusters[index].body
    }

    public func clusterOperation(id: String, operation: String, body: JSONValue?) async throws -> JSONValue? {
        guard let index = clusters.firstIndex(where: { $0.uid == id }) else {
            throw DryRunClusterService.notFound("cluster \(id)")
        }
        let phase = clusters[index].body["status"]?["phase"]?.stringValue ?? "Available"
        func refuse(_ needed: String) -> CCEClientError {
            .service(
                status: 403, code: "CCE.01403001", message: "cluster \(id) is \(phase); \(operation) needs it \(needed)"
            )
        }
        switch operation {
        case "hibernate":
            guard phase == "Available" else { throw refuse("Available") }
            clusters[index].body["status"]?["phase"] = "Hibernation"
            return nil
        case "awake":
            guard phase == "Hibernation" else { throw refuse("Hibernation") }
            clusters[index].body["status"]?["phase"] = "Available"
            return nil
        case "resize":
            guard phase == "Available" else { throw refuse("Available") }
            let current = clusters[index].body["spec"]?["flavor"]?.stringValue ?? ""
            guard let target = body?["flavorResize"]?.stringValue else {
                throw CCEClientError.service(status: 400, code: "CCE.01400001", message: "flavorResize: required")
            }
            if let problem = ClusterResize.problem(from: current, to: target) {
                throw CCEClientError.service(status: 400, code: "CCE.01400001", message: "flavorResize: \(problem)")
            }
            clusters[index].body["spec"]?["flavor"] = .string(target)
            counter += 1
            let jobID = "dry-run-job-\(counter)"
            let name = ClusterBody.name(of: clusters[index].body) ?? ""
            jobs[jobID] = DryRunClusterService.job(id: jobID, type: "ResizeCluster", clusterUID: id, name: name)
            return ["jobID": .string(jobID), "orderID": ""]
        default:
            throw CCEClientError.invalidRequest("'\(operation)' is not a cluster operation")
        }
    }

    // MARK: Nodes, node pools and kubeconfig

    /// `count` nodes that read back Active, and a finished job of the service's shape
    /// (WIRE-LIFECYCLE §7: a CreateNode sub-job holding one CreateNodeVM per node uid).
    public func createNode(
        clusterID: String, body: JSONValue, query: [(name: String, value: String)]
    ) async throws -> JSONValue {
        _ = try await getCluster(id: clusterID)
        counter += 1
        let jobID = "dry-run-job-\(counter)"
        let name = ClusterBody.name(of: body) ?? "node"
        let count = max(1, body["spec"]?["count"]?.intValue ?? 1)
        var vms: [JSONValue] = []
        for i in 1...min(count, 2000) {  // the validator caps count at the largest flavor's 2000 nodes
            counter += 1
            let uid = "dry-run-node-\(counter)"
            var node = body
            node["metadata"]?["uid"] = .string(uid)
            node["metadata"]?["name"] = .string(count == 1 ? name : "\(name)-\(i)")
            node["spec"]?["count"] = nil
            node["status"] = [
                "phase": "Active", "jobID": .string(jobID), "privateIP": .string("192.0.2.\(i % 250 + 1)"),
            ]
            nodes.append((uid, clusterID, node))
            vms.append(["spec": ["type": "CreateNodeVM", "resourceID": .string(uid)], "status": ["phase": "Success"]])
        }
        var job = DryRunClusterService.job(id: jobID, type: "CreateNode", clusterUID: clusterID, name: name)
        job["spec"]?["subJobs"] = [
            ["spec": ["type": "CreateNode", "subJobs": .array(vms)], "status": ["phase": "Success"]]
        ]
        jobs[jobID] = job
        var answer = body
        answer["status"] = ["jobID": .string(jobID)]
        return answer
    }

    public func getNode(clusterID: String, nodeID: String) async throws -> JSONValue {
        guard let node = nodes.first(where: { $0.uid == nodeID && $0.clusterID == clusterID }) else {
            throw DryRunClusterService.notFound("node \(nodeID)")
        }
        return node.body
    }

    public func deleteNode(
        clusterID: String, nodeID: String, query: [(name: String, value: String)]
    ) async throws -> JSONValue {
        guard let k = nodes.firstIndex(where: { $0.uid == nodeID && $0.clusterID == clusterID }) else {
            throw DryRunClusterService.notFound("node \(nodeID)")
        }
        var body = nodes.remove(at: k).body
        counter += 1
        let jobID = "dry-run-job-\(counter)"
        jobs[jobID] = DryRunClusterService.job(
            id: jobID, type: "DeleteNode", clusterUID: clusterID, name: ClusterBody.name(of: body) ?? nodeID)
        body["status"] = ["phase": "Deleting", "jobID": .string(jobID)]
        return body
    }

    public func createNodePool(clusterID: String, body: JSONValue) async throws -> JSONValue {
        _ = try await getCluster(id: clusterID)
        let name = ClusterBody.name(of: body) ?? ""
        if pools.contains(where: { $0.clusterID == clusterID && ClusterBody.name(of: $0.body) == name }) {
            throw CCEClientError.service(
                status: 409, code: "CCE.01409001", message: "a node pool named \(name) already exists")
        }
        counter += 1
        var pool = body
        pool["metadata"]?["uid"] = .string("dry-run-pool-\(counter)")
        pool = PlanClusterService.settled(pool)
        pools.append(("dry-run-pool-\(counter)", clusterID, pool))
        return pool
    }

    public func listNodePools(clusterID: String, query: [(name: String, value: String)]) async throws -> [JSONValue] {
        _ = try await getCluster(id: clusterID)
        return pools.filter { $0.clusterID == clusterID }.map(\.body)
    }

    public func getNodePool(clusterID: String, poolID: String) async throws -> JSONValue {
        guard let pool = pools.first(where: { $0.uid == poolID && $0.clusterID == clusterID }) else {
            throw DryRunClusterService.notFound("node pool \(poolID)")
        }
        return pool.body
    }

    public func updateNodePool(clusterID: String, poolID: String, body: JSONValue) async throws -> JSONValue {
        guard let k = pools.firstIndex(where: { $0.uid == poolID && $0.clusterID == clusterID }) else {
            throw DryRunClusterService.notFound("node pool \(poolID)")
        }
        if let count = body["spec"]?["initialNodeCount"] { pools[k].body["spec"]?["initialNodeCount"] = count }
        if let auto = body["spec"]?["autoscaling"] { pools[k].body["spec"]?["autoscaling"] = auto }
        pools[k].body = PlanClusterService.settled(pools[k].body)
        return pools[k].body
    }

    public func deleteNodePool(clusterID: String, poolID: String) async throws -> JSONValue {
        guard let k = pools.firstIndex(where: { $0.uid == poolID && $0.clusterID == clusterID }) else {
            throw DryRunClusterService.notFound("node pool \(poolID)")
        }
        var body = pools.remove(at: k).body
        body["status"]?["phase"] = "Deleting"
        return body
    }

    public func listNodes(clusterID: String) async throws -> [JSONValue] {
        _ = try await getCluster(id: clusterID)
        return nodes.filter { $0.clusterID == clusterID }.map(\.body)
    }

    /// Whether `uid` is a node this dry run made.
    public func holdsNode(uid: String) -> Bool { nodes.contains { $0.uid == uid } }

    /// A kubeconfig of the service's shape with no certificate in it: a dry run issues none.
    public func createClusterCert(clusterID: String, body: JSONValue) async throws -> JSONValue {
        let cluster = try await getCluster(id: clusterID)
        return Self.kubeconfigPlaceholder(clusterName: ClusterBody.name(of: cluster) ?? clusterID)
    }

    static func kubeconfigPlaceholder(clusterName: String) -> JSONValue {
        [
            "kind": "Config", "apiVersion": "v1", "preferences": .object([:]),
            "clusters": [["name": "internalCluster", "cluster": ["server": "https://dry-run.invalid:5443"]]],
            "users": [["name": "user", "user": .object([:])]],
            "contexts": [["name": "internal", "context": ["cluster": "internalCluster", "user": "user"]]],
            "current-context": "internal",
        ]
    }

    /// An update applied to a cluster body as the service applies it (WIRE-LIFECYCLE §5):
    /// container CIDRs appended, the other fields set.
    static func applyUpdate(_ update: JSONValue, to cluster: JSONValue) -> JSONValue {
        var out = cluster
        guard case .object(let changes)? = update["spec"] else { return out }
        for (key, value) in changes {
            switch key {
            case "containerNetwork":
                var held = out["spec"]?["containerNetwork"]?["cidrs"]?.arrayValue ?? []
                for entry in value["cidrs"]?.arrayValue ?? [] where !held.contains(entry) { held.append(entry) }
                if out["spec"]?["containerNetwork"]?.objectValue == nil { out["spec"]?["containerNetwork"] = [:] }
                out["spec"]?["containerNetwork"]?["cidrs"] = .array(held)
            case "hostNetwork":
                if out["spec"]?["hostNetwork"]?.objectValue == nil { out["spec"]?["hostNetwork"] = [:] }
                out["spec"]?["hostNetwork"]?["SecurityGroup"] = value["SecurityGroup"] ?? .null
            case "eniNetwork":
                out["spec"]?["eniNetwork"] = value
            default:
                out["spec"]?[key] = value
            }
        }
        if let alias = update["metadata"]?["alias"] { out["metadata"]?["alias"] = alias }
        return out
    }

    static func notFound(_ what: String) -> CCEClientError {
        .service(
            status: 404, code: "CCE.01404001",
            message: "\(what) not found (dry run: only clusters created in this run exist)")
    }

    static func job(id: String, type: String, clusterUID: String, name: String) -> JSONValue {
        [
            "kind": "Job", "apiVersion": "v3",
            "metadata": ["uid": .string(id)],
            "spec": [
                "type": .string(type), "clusterUID": .string(clusterUID), "resourceName": .string(name),
                "subJobs": [],
            ],
            "status": ["phase": "Success", "reason": ""],
        ]
    }

    /// The defaults of WIRE.md §1.3, each only where the body leaves the field out.
    static func fillDefaults(_ body: JSONValue) -> JSONValue {
        guard case .object = body, case .object(var spec) = body["spec"] ?? .object([:]) else { return body }
        func setIfAbsent(_ key: String, _ value: JSONValue) {
            if spec[key] == nil { spec[key] = value }
        }
        setIfAbsent("category", "CCE")
        setIfAbsent("kubernetesSvcIpRange", "10.247.0.0/16")
        setIfAbsent("kubeProxyMode", "iptables")
        setIfAbsent("billingMode", 0)
        if case .object(var auth) = spec["authentication"] ?? .object([:]) {
            if auth["mode"] == nil { auth["mode"] = "rbac" }
            spec["authentication"] = .object(auth)
        }
        if case .object(var network) = spec["containerNetwork"] ?? .null {
            if network["cidrs"] == nil, let cidr = network["cidr"], cidr.stringValue != nil {
                network["cidrs"] = [["cidr": cidr]]
            }
            spec["containerNetwork"] = .object(network)
        }
        var out = body
        out["spec"] = .object(spec)
        if out["metadata"] == nil { out["metadata"] = .object([:]) }
        return out
    }
}
