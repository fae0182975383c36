import CCECore
import Foundation
import OrderedCollections

/// The emulated CCE v3 cluster API as a function from request to response: no sockets, no
/// timers. Both doors (the in-process `EmulatorTransport` and the HTTP `EmulatorServer`)
/// forward to one router, so they answer alike.
///
/// Routes (under `/api/v3/projects/{project_id}`): `POST/GET /clusters`,
/// `GET/PUT/DELETE /clusters/{id}`, `POST /clusters/{id}/operation/{op}` (Day2Routes.swift),
/// `GET /jobs/{id}`, `GET /quotas`; nodes, node pools and `clustercert` under a cluster
/// (NodeRoutes.swift, NodePoolRoutes.swift); and `GET /` (API versions).
/// `/v3/auth/tokens` and `/v3/projects` are the IAM door (IAMRoutes.swift).
public final class EmulatorRouter: Sendable {
    public let configuration: EmulatorConfiguration
    let clock: any EmulatorClock
    let store: EmulatorStore
    let ids = IdentifierSource()
    let documents = DocumentCache()
    private let failureDraws: LockedGenerator
    /// Node batches draw from their own stream, so creating nodes does not change which
    /// cluster creations fail.
    private let nodeFailureDraws: LockedGenerator
    private let validate: @Sendable (JSONValue) -> [Diagnostic]
    let iam = IAMDoor()

    /// Opens (or creates) the store named by `configuration.storage`.
    public convenience init(configuration: EmulatorConfiguration, clock: any EmulatorClock = SystemClock()) throws {
        try self.init(configuration: configuration, clock: clock, validator: { ClusterValidator.validate($0) })
    }

    init(
        configuration: EmulatorConfiguration, clock: any EmulatorClock,
        validator: @escaping @Sendable (JSONValue) -> [Diagnostic]
    ) throws {
        self.configuration = configuration
        self.clock = clock
        self.store = try EmulatorStore(storage: configuration.storage)
        // A different stream from the fault draws, so turning faults on does not change which jobs fail.
        self.failureDraws = LockedGenerator(seed: configuration.seed ^ 0x6A09_E667_F3BC_C908)
        self.nodeFailureDraws = LockedGenerator(seed: configuration.seed ^ 0xBB67_AE85_84CA_A73B)
        self.validate = validator
    }

    /// Answers `request` as the service (behind its API gateway) would, authentication included.
    public func handle(_ request: TransportRequest) async -> TransportResponse {
        await handle(request, trusted: false)
    }

    /// `trusted`: the in-process door, which is pre-authorised.
    func handle(_ request: TransportRequest, trusted: Bool) async -> TransportResponse {
        let requestID = ids.requestID()
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if parts.first == "v3" {
            let (status, body, extra) = handleIAM(request, parts: parts, now: clock.now().timeIntervalSince1970)
            return TransportResponse(
                status: status,
                headers: [("Content-Type", "application/json;charset=UTF-8"), ("X-Request-Id", requestID)]
                    + extra.map { (name: $0.0, value: $0.1) },
                body: FastJSON.bytes(body))
        }
        let (status, body) = await route(request, trusted: trusted, requestID: requestID)
        return TransportResponse(
            status: status,
            headers: [("Content-Type", "application/json;charset=UTF-8"), ("X-Request-Id", requestID)],
            // A null body is an answer without one (hibernate and awake: 200, "None").
            body: body == .null ? [] : FastJSON.bytes(body))
    }

    private func route(_ request: TransportRequest, trusted: Bool, requestID: String) async -> (Int, JSONValue) {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let method = request.method.uppercased()
        if parts.isEmpty || parts == ["api", "v3"], method == "GET" {
            return (200, versions(baseURL: request.baseURL))
        }
        guard parts.count >= 5, parts[0] == "api", parts[1] == "v3", parts[2] == "projects" else {
            return notPublished(requestID)
        }
        if !trusted, let refusal = authenticate(request, requestID: requestID) { return refusal }
        let project = parts[3]
        if !trusted, let only = configuration.projectID, only != project {
            return WireError.forbidden("project \(project) is not served here; this emulator serves project \(only)")
        }
        let now = clock.now().timeIntervalSince1970
        do {
            switch (method, parts[4], parts.count) {
            case ("POST", "clusters", 5): return try await create(request, project: project, now: now)
            case ("GET", "clusters", 5): return try await list(request, project: project, now: now)
            case ("GET", "clusters", 6): return try await show(project: project, uid: parts[5], now: now)
            case ("DELETE", "clusters", 6): return try await delete(request, project: project, uid: parts[5], now: now)
            case ("PUT", "clusters", 6): return try await update(request, project: project, uid: parts[5], now: now)
            case ("POST", "clusters", 8) where parts[6] == "operation":
                return try await operation(request, project: project, uid: parts[5], operation: parts[7], now: now)
            case (_, "clusters", 7...8):
                guard
                    let answer = try await clusterResource(
                        request, method: method, project: project, parts: parts, now: now)
                else { return notPublished(requestID) }
                return answer
            case ("GET", "jobs", 6): return try await job(project: project, uid: parts[5], now: now)
            case ("GET", "quotas", 5): return try await quotas(project: project, now: now)
            default: return notPublished(requestID)
            }
        } catch {
            return WireError.internalError("the emulator's store failed: \(error)")
        }
    }

    private func notPublished(_ requestID: String) -> (Int, JSONValue) {
        (
            404,
            WireError.gateway(
                code: "APIGW.0101", message: "The API does not exist or has not been published in the environment",
                requestID: requestID)
        )
    }

    private func versions(baseURL: String) -> JSONValue {
        [
            "versions": [
                [
                    "id": "v3", "links": [["href": .string(baseURL + "/api/v3/"), "rel": "self"]], "min_version": "",
                    "status": "CURRENT", "updated": "2018-09-15T00:00:00Z", "version": "",
                ]
            ]
        ]
    }

    // MARK: Authentication

    /// nil when the request may proceed; otherwise the gateway's 401.
    private func authenticate(_ request: TransportRequest, requestID: String) -> (Int, JSONValue)? {
        if configuration.token == nil && configuration.accessKeys.isEmpty && configuration.iamUser == nil { return nil }
        func refuse(_ message: String) -> (Int, JSONValue) {
            (401, WireError.gateway(code: "APIGW.0301", message: message, requestID: requestID))
        }
        var token = request.header("X-Auth-Token")
        if token == nil, let authorization = request.header("Authorization"),
            authorization.lowercased().hasPrefix("bearer ")
        {
            token = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
        if let token {
            if iam.accepts(token, now: clock.now().timeIntervalSince1970) { return nil }
            guard let expected = configuration.token, constantTimeEqual(token, expected) else {
                return refuse("Incorrect IAM authentication information: decrypt token fail")
            }
            return nil
        }
        if let authorization = request.header("Authorization"), authorization.hasPrefix("SDK-HMAC-SHA256") {
            let keys = configuration.accessKeys
            let skew = configuration.maxClockSkewSeconds
            let maxSkew: Duration =
                skew.isFinite && skew >= 0 ? .milliseconds(Int64(min(skew, 1e9) * 1000)) : .seconds(15 * 60)
            let outcome = AKSKVerifier.verify(
                request: request, secretForAccessKey: { keys[$0] }, now: clock.now(),
                maxSkew: maxSkew)
            switch outcome {
            case .accepted: return nil
            case .rejected(let why): return refuse(why.description)
            }
        }
        return refuse("Incorrect IAM authentication information: x-auth-token not found")
    }

    func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var diff = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<min(x.count, y.count) { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    // MARK: Clusters

    private func create(_ request: TransportRequest, project: String, now: Double) async throws -> (Int, JSONValue) {
        if let type = request.header("Content-Type"), !type.lowercased().hasPrefix("application/json") {
            return WireError.contentType("Content-Type must be application/json, not \(type)")
        }
        let body: JSONValue
        do {
            body = try JSONValue.parse(request.body)
        } catch {
            return WireError.invalid("the request body is not valid JSON: \(error.description)")
        }
        guard case .object = body else {
            return WireError.invalid(
                "the request body must be a JSON object (a Cluster), not \(body.typeName == "array" ? "an" : "a") "
                    + "\(body.typeName)"
            )
        }
        let errors = validate(body).filter { $0.severity == .error }
        if let first = errors.first {
            var message = first.path.isEmpty ? first.message : "\(first.path): \(first.message)"
            if let hint = first.hint { message += " (\(hint))" }
            if errors.count > 1 {
                let more = errors.dropFirst().prefix(4).map {
                    $0.path.isEmpty ? $0.message : "\($0.path): \($0.message)"
                }
                message += "; also " + more.joined(separator: "; ")
                if errors.count > 5 { message += "; and \(errors.count - 5) more" }
            }
            return WireError.invalid(message)
        }

        let annotations = body.member("metadata")?.member("annotations")?.objectValue ?? [:]
        var document = WireSchema.cluster.canonicalize(body)
        let uid = ids.uuid(at: Date(timeIntervalSince1970: now))
        let created = goTimestamp(now)
        ClusterDefaults.apply(to: &document, uid: uid, created: created)
        let name = document["metadata"]?["name"]?.stringValue ?? ""
        let alias = document["metadata"]?["alias"]?.stringValue ?? name
        let spec = document["spec"]
        let jobID = ids.uuid(at: Date(timeIntervalSince1970: now))
        let resourceJobID = ids.uuid(at: Date(timeIntervalSince1970: now))
        let failure = drawFailure()
        let finish = now + configuration.createSeconds
        let record = ClusterRecord(
            uid: uid, project: project, name: name, alias: alias, type: spec?["type"]?.stringValue ?? "VirtualMachine",
            version: spec?["version"]?.stringValue ?? "",
            document: String(decoding: FastJSON.bytes(document), as: UTF8.self), createdAt: now, readyAt: finish,
            createJob: jobID, failure: failure, deletionProtection: spec?["deletionProtection"]?.boolValue ?? false)
        let job = JobRecord(
            uid: jobID, project: project, type: "CreateCluster", clusterUID: uid, resourceName: name, startedAt: now,
            finishAt: finish, failure: failure, subJobs: subJobs(SubJobPlan.create, at: now))
        var check: (@Sendable (ClusterRecord, [ClusterRecord]) -> Result<ClusterRecord, EmulatorStore.Refusal>)? = nil
        if configuration.containerCIDRConflicts != .allow,
            let network = body.member("spec")?.member("containerNetwork"),
            network.member("cidr") != nil || network.member("cidrs") != nil
        {
            let policy = configuration.containerCIDRConflicts
            check = { record, others in Self.checkContainerCIDRs(record, others: others, policy: policy) }
        }
        var outcome = try await store.create(
            cluster: record, job: job, quota: configuration.clusterQuota, now: now, check: check)
        if case .createdAs(let written) = outcome {
            document = (try? JSONValue.parse(written.document)) ?? document
            outcome = .created
        }
        switch outcome {
        case .refused(let status, let body):
            return (status, body)
        case .createdAs:
            return WireError.internalError("the emulator lost track of a created cluster")
        case .duplicate(let existing):
            return WireError.conflict(
                "a cluster named \(existing) already exists in project \(project); "
                    + "choose another metadata.name (and alias)"
            )
        case .quotaExceeded(let used, let limit):
            return WireError.quota(
                "cluster quota exceeded: project \(project) has \(used) of \(limit) clusters; "
                    + "delete one or raise the quota"
            )
        case .created:
            var response = document
            var metadata = response["metadata"]?.objectValue ?? [:]
            var echoed = annotations
            echoed["jobid"] = .string(jobID)
            echoed["resourceJobId"] = .string(resourceJobID)
            metadata.updateValue(.object(echoed), forKey: "annotations", insertingAt: min(5, metadata.count))
            response["metadata"] = .object(metadata)
            response["status"] = ["phase": "Creating", "jobID": .string(jobID)]
            return (201, response)
        }
    }

    /// Why a batch of new nodes fails (`--job-failure-rate`), or nil. ECS-side failures show
    /// in the job and the node phase, not as an HTTP error (WIRE-LIFECYCLE §1.7).
    func drawNodeFailure(flavor: String) -> String? {
        guard configuration.jobFailureRate > 0, nodeFailureDraws.unit() < configuration.jobFailureRate else {
            return nil
        }
        let reasons = [
            "Failed to create the ECS: the flavor \(flavor) is sold out in the availability zone (injected failure)",
            "Failed to create the ECS: insufficient EVS quota for the node's volumes (injected failure)",
            "Failed to install the node: timed out waiting for kubelet to register (injected failure)",
        ]
        return reasons[Int(nodeFailureDraws.next() % UInt64(reasons.count))]
    }

    private func drawFailure() -> String? {
        guard configuration.jobFailureRate > 0, failureDraws.unit() < configuration.jobFailureRate else { return nil }
        let reasons = [
            "Failed to create the master node: insufficient ECS capacity in the availability zone (injected failure)",
            "Failed to install add-on coredns: timed out waiting for the add-on to become ready (injected failure)",
            "Failed to create the master node: the flavor is sold out (injected failure)",
        ]
        return reasons[Int(failureDraws.next() % UInt64(reasons.count))]
    }

    private func subJobs(_ types: [String], at now: Double) -> String {
        let list = JSONValue.array(
            types.map { ["type": .string($0), "uid": .string(ids.uuid(at: Date(timeIntervalSince1970: now)))] })
        return String(decoding: FastJSON.bytes(list), as: UTF8.self)
    }

    private func show(project: String, uid: String, now: Double) async throws -> (Int, JSONValue) {
        guard let record = try store.cluster(project: project, uid: uid, now: now) else {
            return WireError.notFound("cluster \(uid) not found in project \(project)")
        }
        return (200, render(record, now: now))
    }

    private func list(_ request: TransportRequest, project: String, now: Double) async throws -> (Int, JSONValue) {
        func filter(_ name: String) -> String? {
            request.query.last(where: { $0.name == name }).map(\.value).flatMap { $0.isEmpty ? nil : $0 }
        }
        let status = filter("status")
        let type = filter("type")
        let version = filter("version")
        let detail = filter("detail")?.lowercased() == "true"
        var items: [JSONValue] = []
        for record in try store.clusters(project: project, now: now) {
            if let type, record.type.caseInsensitiveCompare(type) != .orderedSame { continue }
            if let version, !Self.version(record.version, matches: version) { continue }
            var item = render(record, now: now)
            if let status, item["status"]?["phase"]?.stringValue?.caseInsensitiveCompare(status) != .orderedSame {
                continue
            }
            if detail, case .object(var metadata)? = item["metadata"] {
                let nodes = try store.nodes(project: project, cluster: record.uid, now: now).filter(\.isStaying)
                let active = nodes.filter { $0.phase(at: now) == "Active" }.count
                // The emulator's nodes have no CPU or memory of their own to add up.
                metadata["annotations"] = [
                    "totalNodesNumber": .string(String(nodes.count)), "activeNodesNumber": .string(String(active)),
                    "totalNodesCPU": "0", "totalNodesMemory": "0", "installedAddonInstances": "[]",
                ]
                item["metadata"] = .object(metadata)
            }
            items.append(item)
        }
        return (200, ["kind": "Cluster", "apiVersion": "v3", "items": .array(items)])
    }

    /// `v1.29` matches `v1.29`, `v1.29.3` and `v1.29.3-r0`: the filter at the precision given.
    static func version(_ version: String, matches filter: String) -> Bool {
        version == filter || version.hasPrefix(filter + ".") || version.hasPrefix(filter + "-")
    }

    private func delete(_ request: TransportRequest, project: String, uid: String, now: Double) async throws -> (
        Int, JSONValue
    ) {
        let options: JSONValue
        switch Self.deleteOptions(request.query) {
        case .success(let o): options = o
        case .failure(let error): return WireError.invalid(error.message)
        }
        let jobID = ids.uuid(at: Date(timeIntervalSince1970: now))
        let name = try store.cluster(project: project, uid: uid, now: now)?.name ?? ""
        let job = JobRecord(
            uid: jobID, project: project, type: "DeleteCluster", clusterUID: uid, resourceName: name, startedAt: now,
            finishAt: now + configuration.deleteSeconds, failure: nil, subJobs: subJobs(SubJobPlan.delete, at: now))
        switch try await store.beginDelete(
            project: project, uid: uid, job: job, options: String(decoding: FastJSON.bytes(options), as: UTF8.self),
            now: now)
        {
        case .notFound:
            return WireError.notFound("cluster \(uid) not found in project \(project)")
        case .protected:
            return WireError.forbidden(
                "cluster \(uid) has deletion protection; set spec.deletionProtection to false first")
        case .hibernated(_, let phase):
            return WireError.forbidden("cluster \(uid) is \(phase) and cannot be deleted; awake it first")
        case .alreadyDeleting(let record):
            return (200, render(record, now: now))
        case .started(var record):
            // The 200 shows the cluster as it was, with the deletion job and options (OTC example).
            var body = render(record, now: now)
            record.deleteJob = jobID
            if case .object(var status)? = body["status"] {
                status["jobID"] = .string(jobID)
                status["deleteOption"] = options
                status["deleteStatus"] = Self.deleteStatus
                body["status"] = .object(status)
            }
            return (200, body)
        }
    }

    struct QueryError: Error { var message: String }

    static let deleteStatus: JSONValue = [
        "previous_total": 0, "current_total": 0, "updated": 0, "added": 0, "deleted": 0,
    ]

    /// `delete_*` query parameters → the `deleteOption` object (WIRE.md §3.4).
    static func deleteOptions(_ query: [(name: String, value: String)]) -> Result<JSONValue, QueryError> {
        var options: OrderedDictionary<String, JSONValue> = [
            "delete_eni": "delete-skip", "delete_net": "delete-block", "delete_evs": "delete-skip",
            "delete_sfs": "delete-skip", "delete_obs": "delete-skip", "delete_efs": "delete-skip",
        ]
        let known: Set = [
            "delete_efs", "delete_eni", "delete_evs", "delete_net", "delete_obs", "delete_sfs", "delete_sfs30",
        ]
        for (name, value) in query where known.contains(name) {
            let mapped: String
            switch value.lowercased() {
            case "true": mapped = "delete-true"
            case "block": mapped = "delete-block"
            case "try": mapped = "delete-try"
            case "false": mapped = "delete-false"
            case "skip": mapped = "delete-skip"
            default:
                return .failure(
                    QueryError(
                        message: "query parameter \(name)=\(value) is invalid; use true, block, try, false or skip"))
            }
            options[name] = .string(mapped)
        }
        return .success(.object(options))
    }

    private func job(project: String, uid: String, now: Double) async throws -> (Int, JSONValue) {
        guard let job = try store.job(project: project, uid: uid) else {
            return WireError.notFound("job \(uid) not found in project \(project)")
        }
        return (200, job.rendered(now: now))
    }

    private func quotas(project: String, now: Double) async throws -> (Int, JSONValue) {
        let used = try store.used(project: project, now: now)
        return (
            200,
            [
                "quotas": [
                    [
                        "quotaKey": "cluster", "quotaLimit": .int(configuration.clusterQuota), "used": .int(used),
                        "unit": "count",
                    ]
                ]
            ]
        )
    }

    // MARK: Rendering

    /// The cluster as GET shows it at `now`: stored document plus the computed status.
    func render(_ record: ClusterRecord, now: Double) -> JSONValue {
        var body = documents.document(uid: record.uid, text: record.document)
        var status = OrderedDictionary<String, JSONValue>()
        let phase = record.phase(at: now)
        let updated = record.phaseChanged(at: now)
        status["phase"] = .string(phase)
        if let deleteJob = record.deleteJob, record.deleteStarted != nil {
            status["jobID"] = .string(deleteJob)
            if let options = record.deleteOptions, let parsed = try? JSONValue.parse(options) {
                status["deleteOption"] = parsed
                status["deleteStatus"] = Self.deleteStatus
            }
        } else if phase == "Creating" {
            status["jobID"] = .string(record.createJob)
        } else if let failure = record.failure {
            status["jobID"] = .string(record.createJob)
            status["reason"] = .string(failure)
            status["message"] = .string(failure)
        } else {
            status["jobID"] = .string(record.createJob)
            // The API server answers while the masters run: not while hibernated.
            if !["Hibernating", "Hibernation", "Awaking"].contains(phase) {
                status["endpoints"] = endpoints(record, body)
            }
        }
        if phase != "Creating", case .object(var spec)? = body["spec"] {
            // Returned only for a query (seed Table 19): the masters' AZ and Istio support.
            spec["az"] = .string(ClusterDefaults.availabilityZone(of: body))
            spec["supportIstio"] = true
            body["spec"] = WireSchema.spec.canonicalize(.object(spec))
        }
        if case .object(var metadata)? = body["metadata"] {
            metadata["updateTimestamp"] = .string(goTimestamp(updated))
            body["metadata"] = .object(metadata)
        }
        body["status"] = .object(status)
        return body
    }

    /// The masters' address in the cluster subnet (192.168.0.0/16, NodeDefaults), stable for a cluster.
    static func masterAddress(_ uid: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in uid.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return "192.168.\(hash % 256).\(2 + (hash >> 8) % 250)"
    }

    /// OTC's object form by default (TFOTC reads `Endpoints[0].Internal`, and panics without
    /// it), or Huawei's list form, which the Huawei SDKs model.
    private func endpoints(_ record: ClusterRecord, _ body: JSONValue) -> JSONValue {
        let internalURL = "https://\(Self.masterAddress(record.uid)):5443"
        let externalIP = body["spec"]?["extendParam"]?["clusterExternalIP"]?.stringValue
        switch configuration.endpointStyle {
        case .otc:
            return [
                "internal": .string(internalURL), "external": .string(externalIP.map { "https://\($0):5443" } ?? ""),
                "external_otc": .string("https://\(record.uid).cce.eu-de.otc.t-systems.com"),
            ]
        case .huawei:
            var list: [JSONValue] = [["url": .string(internalURL), "type": "Internal"]]
            if let externalIP { list.append(["url": .string("https://\(externalIP):5443"), "type": "External"]) }
            return .array(list)
        }
    }
}
