import CCECore
import Foundation
import OrderedCollections

/// Day 2 (WIRE.md §3.3, WIRE-LIFECYCLE §5–6): `PUT /clusters/{id}` and
/// `POST /clusters/{id}/operation/{hibernate|awake|resize}`.
extension EmulatorRouter {
    /// How long hibernate, awake and resize run: the creation's scale (`--create-seconds`).
    var operationSeconds: Double { configuration.createSeconds }

    /// The request body as a JSON object, or the service's 400.
    func objectBody(_ request: TransportRequest, what: String) -> Result<JSONValue, WireAnswer> {
        if let type = request.header("Content-Type"), !type.lowercased().hasPrefix("application/json") {
            return .failure(WireAnswer(WireError.contentType("Content-Type must be application/json, not \(type)")))
        }
        let body: JSONValue
        do {
            body = try JSONValue.parse(request.body)
        } catch {
            return .failure(WireAnswer(WireError.invalid("the request body is not valid JSON: \(error.description)")))
        }
        guard case .object = body else {
            return .failure(
                WireAnswer(WireError.invalid("the request body must be a JSON object (\(what)), not \(body.typeName)")))
        }
        return .success(body)
    }

    /// The 400 for validation errors: the first in full, a few more in brief.
    static func invalidMessage(_ errors: [Diagnostic]) -> String {
        guard let first = errors.first else { return "the request is invalid" }
        var message = first.path.isEmpty ? first.message : "\(first.path): \(first.message)"
        if let hint = first.hint { message += " (\(hint))" }
        if errors.count > 1 {
            let more = errors.dropFirst().prefix(4).map { $0.path.isEmpty ? $0.message : "\($0.path): \($0.message)" }
            message += "; also " + more.joined(separator: "; ")
            if errors.count > 5 { message += "; and \(errors.count - 5) more" }
        }
        return message
    }

    // MARK: Update

    func update(_ request: TransportRequest, project: String, uid: String, now: Double) async throws -> (Int, JSONValue)
    {
        let body: JSONValue
        switch objectBody(request, what: "an update with spec and optional metadata") {
        case .success(let b): body = b
        case .failure(let answer): return answer.pair
        }
        let errors = ClusterUpdate.validate(body).filter { $0.severity == .error }
        if !errors.isEmpty { return WireError.invalid(Self.invalidMessage(errors)) }
        let outcome = try await store.change(project: project, uid: uid, now: now) { record, context in
            Self.applyUpdate(body, to: record, others: context.others, now: now)
        }
        switch outcome {
        case .notFound: return WireError.notFound("cluster \(uid) not found in project \(project)")
        case .refused(let status, let body): return (status, body)
        case .changed(_, let after):
            documents.forget(uid: uid)
            return (200, render(after, now: now))
        }
    }

    /// The update applied to the stored document, or the service's refusal.
    static func applyUpdate(
        _ update: JSONValue, to record: ClusterRecord, others: [ClusterRecord], now: Double
    ) -> Result<ClusterRecord, EmulatorStore.Refusal> {
        func refuse(_ answer: (Int, JSONValue)) -> Result<ClusterRecord, EmulatorStore.Refusal> {
            .failure(.init(answer))
        }
        let phase = record.phase(at: now)
        if ["Creating", "Deleting", "Error"].contains(phase) {
            return refuse(WireError.forbidden("cluster \(record.uid) is \(phase); an update needs it Available"))
        }
        guard case .object(var document) = (try? JSONValue.parse(record.document)) ?? .null else {
            return refuse(WireError.internalError("the stored cluster \(record.uid) is not readable"))
        }
        var spec = document["spec"]?.objectValue ?? [:]
        var metadata = document["metadata"]?.objectValue ?? [:]
        var after = record
        let changes = update["spec"]?.objectValue ?? [:]

        if let description = changes["description"] {
            // WIRE.md §3.3: only while Available, ScalingUp or ScalingDown.
            guard ["Available", "ScalingUp", "ScalingDown"].contains(phase) else {
                return refuse(
                    WireError.forbidden(
                        "the description of cluster \(record.uid) can be changed only while it is Available, "
                            + "not \(phase)"
                    ))
            }
            spec["description"] = description
        }
        if let sans = changes["customSan"] { spec["customSan"] = sans }
        if let added = changes["containerNetwork"]?["cidrs"]?.arrayValue {
            var network = spec["containerNetwork"]?.objectValue ?? [:]
            var cidrs = network["cidrs"]?.arrayValue ?? []
            let vpc = spec["hostNetwork"]?["vpc"]?.stringValue
            for entry in added {
                guard let text = entry["cidr"]?.stringValue, let block = CIDR(text) else { continue }
                // Incremental: a block already there is not added twice.
                if cidrs.contains(where: { entry in entry["cidr"]?.stringValue.flatMap { CIDR($0) } == block }) {
                    continue
                }
                if let clash = cidrs.compactMap({ $0["cidr"]?.stringValue }).first(where: {
                    CIDR($0)?.overlaps(block) == true
                }) {
                    return refuse(
                        WireError.cidrConflict("containerNetwork.cidrs: \(text) overlaps \(clash) of this cluster"))
                }
                if let vpc,
                    let (name, clash) = containerCIDRs(inVPC: vpc, of: others).first(where: { $0.1.overlaps(block) })
                {
                    return refuse(
                        WireError.cidrConflict(
                            "containerNetwork.cidrs: \(text) overlaps \(clash) of cluster \(name) in the same VPC"))
                }
                cidrs.append(["cidr": .string(block.description)])
            }
            network["cidrs"] = .array(cidrs)
            if network["cidr"] == nil, let first = cidrs.first?["cidr"] { network["cidr"] = first }
            spec["containerNetwork"] = .object(network)
        }
        if let subnets = changes["eniNetwork"]?["subnets"]?.arrayValue {
            var eni = spec["eniNetwork"]?.objectValue ?? [:]
            let held = eni["subnets"]?.arrayValue ?? []
            let given = Set(subnets.compactMap { $0["subnetID"]?.stringValue })
            if let missing = held.compactMap({ $0["subnetID"]?.stringValue }).first(where: { !given.contains($0) }) {
                return refuse(
                    WireError.invalid(
                        "eniNetwork.subnets must list every existing subnet; \(missing) is missing "
                            + "(subnets can only be added)"
                    ))
            }
            eni["subnets"] = .array(subnets)
            spec["eniNetwork"] = .object(eni)
        }
        if let group = changes["hostNetwork"]?["SecurityGroup"] {
            var host = spec["hostNetwork"]?.objectValue ?? [:]
            host["SecurityGroup"] = group
            spec["hostNetwork"] = .object(host)
        }
        if let protection = changes["deletionProtection"]?.boolValue {
            spec["deletionProtection"] = .bool(protection)
            after.deletionProtection = protection
        }
        if case .object(let secret)? = changes["secretConfig"] {
            var merged = spec["secretConfig"]?.objectValue ?? [:]
            merged.merge(secret) { _, new in new }
            spec["secretConfig"] = .object(merged)
        }
        if let alias = update["metadata"]?["alias"]?.stringValue, alias != record.alias {
            if let taken = others.first(where: { $0.name == alias || $0.alias == alias }) {
                return refuse(
                    WireError.conflict(
                        "the alias \(alias) is already used by cluster \(taken.name) in project \(record.project); "
                            + "choose another"
                    ))
            }
            metadata["alias"] = .string(alias)
            after.alias = alias
        }
        document["metadata"] = .object(metadata)
        document["spec"] = WireSchema.spec.canonicalize(.object(spec))
        after.document = String(decoding: FastJSON.bytes(.object(document)), as: UTF8.self)
        after.updatedAt = now
        return .success(after)
    }

    /// The container CIDR blocks of the clusters in `vpc`, with their names.
    static func containerCIDRs(inVPC vpc: String, of clusters: [ClusterRecord]) -> [(String, CIDR)] {
        var out: [(String, CIDR)] = []
        for record in clusters {
            guard let document = try? JSONValue.parse(record.document),
                document["spec"]?["hostNetwork"]?["vpc"]?.stringValue == vpc
            else { continue }
            let network = document["spec"]?["containerNetwork"]
            var texts = (network?["cidrs"]?.arrayValue ?? []).compactMap { $0["cidr"]?.stringValue }
            if let cidr = network?["cidr"]?.stringValue { texts.append(cidr) }
            for text in texts { if let block = CIDR(text) { out.append((record.name, block)) } }
        }
        return out
    }

    // MARK: Hibernate, awake, resize

    func operation(
        _ request: TransportRequest, project: String, uid: String, operation name: String, now: Double
    ) async throws -> (Int, JSONValue) {
        guard let operation = ClusterOperation(rawValue: name) else {
            return WireError.notFound(
                "there is no cluster operation '\(name)'; the operations are hibernate, awake and resize")
        }
        var flavor: String? = nil
        var job: JobRecord? = nil
        let ends = now + operationSeconds
        if operation == .resize {
            let body: JSONValue
            switch objectBody(request, what: "{\"flavorResize\": \"cce.s2.large\"}") {
            case .success(let b): body = b
            case .failure(let answer): return answer.pair
            }
            guard case .string(let target)? = body["flavorResize"], !target.isEmpty else {
                return WireError.invalid("flavorResize: required; name the flavor to resize to, e.g. \"cce.s2.large\"")
            }
            flavor = target
            let name = try store.cluster(project: project, uid: uid, now: now)?.name ?? ""
            job = JobRecord(
                uid: ids.uuid(at: Date(timeIntervalSince1970: now)), project: project, type: "ResizeCluster",
                clusterUID: uid,
                resourceName: name, startedAt: now, finishAt: ends, failure: nil,
                subJobs: String(
                    decoding: FastJSON.bytes(
                        .array([
                            [
                                "type": "ResizeMaster",
                                "uid": .string(ids.uuid(at: Date(timeIntervalSince1970: now))),
                            ]
                        ])), as: UTF8.self))
        }
        let target = flavor
        let outcome = try await store.change(project: project, uid: uid, now: now, job: job) { record, _ in
            Self.start(operation, on: record, flavor: target, now: now, ends: ends)
        }
        switch outcome {
        case .notFound: return WireError.notFound("cluster \(uid) not found in project \(project)")
        case .refused(let status, let body): return (status, body)
        case .changed:
            documents.forget(uid: uid)
            if operation == .resize, let job {
                // Pay-per-use clusters have no order; the field is still there (PYCCE-L).
                return (201, ["jobID": .string(job.uid), "orderID": ""])
            }
            return (200, .null)
        }
    }

    static func start(
        _ operation: ClusterOperation, on record: ClusterRecord, flavor: String?, now: Double, ends: Double
    ) -> Result<ClusterRecord, EmulatorStore.Refusal> {
        let phase = record.phase(at: now)
        let needed = operation == .awake ? "Hibernation" : "Available"
        guard phase == needed else {
            // The error code for the wrong phase is not documented (WIRE-LIFECYCLE §10);
            // 403 "Forbidden" is the documented code closest to "state does not allow".
            return .failure(
                .init(
                    WireError.forbidden(
                        "cluster \(record.uid) is \(phase); \(operation.rawValue) needs it \(needed)")))
        }
        var after = record
        if operation == .resize, let flavor {
            guard case .object(var document) = (try? JSONValue.parse(record.document)) ?? .null else {
                return .failure(.init(WireError.internalError("the stored cluster \(record.uid) is not readable")))
            }
            let current = document["spec"]?["flavor"]?.stringValue ?? ""
            if let problem = ClusterResize.problem(from: current, to: flavor) {
                return .failure(.init(WireError.invalid("flavorResize: \(problem)")))
            }
            document["spec"]?["flavor"] = .string(flavor)
            after.document = String(decoding: FastJSON.bytes(.object(document)), as: UTF8.self)
        }
        after.operation = operation.rawValue
        after.operationStarted = now
        after.operationEnds = ends
        return .success(after)
    }

    // MARK: For the node routes

    /// nil when the cluster `clusterID` exists and may have nodes created, changed or
    /// deleted now; otherwise the service's answer: 404 for an unknown cluster, 403 while it
    /// is hibernating, hibernated, waking, creating, deleting or failed ("once hibernated,
    /// workloads cannot be created or managed", WIRE-LIFECYCLE §6).
    public func clusterAcceptsNodeOperations(project: String, clusterID: String) throws -> (Int, JSONValue)? {
        let now = clock.now().timeIntervalSince1970
        guard let record = try store.cluster(project: project, uid: clusterID, now: now) else {
            return WireError.notFound("cluster \(clusterID) not found in project \(project)")
        }
        return Self.nodeOperationRefusal(record, now: now)
    }

    /// nil when `record` may have nodes and pools created, changed or deleted at `now`.
    static func nodeOperationRefusal(_ record: ClusterRecord, now: Double) -> (Int, JSONValue)? {
        let phase = record.phase(at: now)
        guard ["Available", "ScalingUp", "ScalingDown", "Resizing"].contains(phase) else {
            return WireError.forbidden(
                "cluster \(record.uid) is \(phase); node operations need it Available"
                    + (phase == "Hibernation" ? " (awake it first)" : ""))
        }
        return nil
    }
}

/// An error answer carried through a `Result`.
struct WireAnswer: Error {
    var status: Int
    var body: JSONValue
    init(_ pair: (Int, JSONValue)) {
        status = pair.0
        body = pair.1
    }
    var pair: (Int, JSONValue) { (status, body) }
}

extension WireError {
    static func cidrConflict(_ message: String) -> (Int, JSONValue) {
        (
            400,
            cce(
                status: 400, code: "CCE.01400005", summary: "Container network CIDR blocks conflict.", message: message,
                legacyCode: "CCE_CM.0410", legacySummary: "Container network CIDR conflict")
        )
    }
}

extension EmulatorRouter {
    /// A create's container CIDRs against the other clusters in its VPC: refused (400
    /// `CCE.01400005`) or moved to the first free block of the same size, per `policy`.
    /// Only requests that name their CIDRs get here: a default block is the service's choice.
    static func checkContainerCIDRs(
        _ record: ClusterRecord, others: [ClusterRecord], policy: EmulatorConfiguration.CIDRConflictPolicy
    ) -> Result<ClusterRecord, EmulatorStore.Refusal> {
        guard case .object(var document) = (try? JSONValue.parse(record.document)) ?? .null,
            let vpc = document["spec"]?["hostNetwork"]?["vpc"]?.stringValue
        else { return .success(record) }
        let taken = containerCIDRs(inVPC: vpc, of: others)
        guard !taken.isEmpty else { return .success(record) }
        var network = document["spec"]?["containerNetwork"]?.objectValue ?? [:]
        var cidrs = (network["cidrs"]?.arrayValue ?? []).compactMap { $0["cidr"]?.stringValue }
        if cidrs.isEmpty, let cidr = network["cidr"]?.stringValue { cidrs = [cidr] }
        var chosen: [CIDR] = []
        var moved = false
        for text in cidrs {
            guard let block = CIDR(text) else { return .success(record) }
            guard let (name, clash) = taken.first(where: { $0.1.overlaps(block) }) else {
                chosen.append(block)
                continue
            }
            if policy == .reject {
                return .failure(
                    .init(
                        WireError.cidrConflict(
                            "containerNetwork: \(text) overlaps \(clash) of cluster \(name) in the same VPC \(vpc); "
                                + "choose another block"
                        )))
            }
            guard let free = freeBlock(size: block.prefixLength, avoiding: taken.map(\.1) + chosen) else {
                return .failure(
                    .init(
                        WireError.cidrConflict(
                            "containerNetwork: \(text) overlaps \(clash) of cluster \(name) "
                                + "and no free /\(block.prefixLength) is left"
                        )))
            }
            chosen.append(free)
            moved = true
        }
        guard moved else { return .success(record) }
        network["cidrs"] = .array(chosen.map { ["cidr": .string($0.description)] })
        network["cidr"] = .string(chosen[0].description)
        document["spec"]?["containerNetwork"] = .object(network)
        var out = record
        out.document = String(decoding: FastJSON.bytes(.object(document)), as: UTF8.self)
        return .success(out)
    }

    /// The first block of /`size` in the private ranges the console offers (172.16–31,
    /// 10.0–255, 192.168) that overlaps none of `taken`.
    static func freeBlock(size: Int, avoiding taken: [CIDR]) -> CIDR? {
        guard (8...28).contains(size) else { return nil }
        let step = 1 << (32 - size)
        // Bounded: a crowded VPC ends the search rather than the request's time.
        var budget = 100_000
        for (base, length) in [(0xAC10_0000, 1 << 20), (0x0A00_0000, 1 << 24), (0xC0A8_0000, 1 << 16)]
        where step <= length {
            var address = base
            while address < base + length, budget > 0 {
                budget -= 1
                let text =
                    "\((address >> 24) & 255).\((address >> 16) & 255).\((address >> 8) & 255).\(address & 255)/\(size)"
                if let block = CIDR(text), !taken.contains(where: { $0.overlaps(block) }) { return block }
                address += step
            }
        }
        return nil
    }
}
