import CCECore

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
public actor DryRunClusterService: ClusterService {
    private var clusters: [(uid: String, body: JSONValue)] = []
    private var jobs: [String: JSONValue] = [:]
    private var counter = 0
    private var created: [JSONValue] = []

    public init() {}

    /// Every body `create` would have sent, in order.
    public var recordedCreates: [JSONValue] { created }

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

    static func notFound(_ what: String) -> CCEClientError {
        .service(status: 404, code: "CCE.01404001", message: "\(what) not found (dry run: only clusters created in this run exist)")
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
