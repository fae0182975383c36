// The job object of `GET /jobs/{id}` (WIRE.md §2.1). Jobs nest: `spec.subJobs` holds full jobs.

/// A job: `{kind: Job, apiVersion: v3, metadata, spec, status}`. `apiversion` is accepted too.
public struct Job: WireModel {
    /// `Job`.
    public var kind: String?
    /// `v3`.
    public var apiVersion: String?
    /// ID and timestamps.
    public var metadata: JobMetadata?
    /// What the job does, and its sub-jobs.
    public var spec: JobSpec?
    /// Phase and reason.
    public var status: JobStatus?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        kind: String? = nil,
        apiVersion: String? = nil,
        metadata: JobMetadata? = nil,
        spec: JobSpec? = nil,
        status: JobStatus? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.kind = kind
        self.apiVersion = apiVersion
        self.metadata = metadata
        self.spec = spec
        self.status = status
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind
        case apiVersion
        case metadata
        case spec
        case status
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        var aliases = Set<String>()
        (apiVersion, aliases) = try decodeAPIVersion(c, decoder)
        metadata = try c.decodeIfPresent(JobMetadata.self, forKey: .metadata)
        spec = try c.decodeIfPresent(JobSpec.self, forKey: .spec)
        status = try c.decodeIfPresent(JobStatus.self, forKey: .status)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self, alsoKnown: aliases)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(kind, forKey: .kind)
        try c.encodeIfPresent(apiVersion, forKey: .apiVersion)
        try c.encodeIfPresent(metadata, forKey: .metadata)
        try c.encodeIfPresent(spec, forKey: .spec)
        try c.encodeIfPresent(status, forKey: .status)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `metadata` of a job.
public struct JobMetadata: WireModel {
    /// Job ID.
    public var uid: String?
    /// Go `time.String()` text; see `creationTime`.
    public var creationTimestamp: String?
    /// Go `time.String()` text; see `updateTime`.
    public var updateTimestamp: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        uid: String? = nil,
        creationTimestamp: String? = nil,
        updateTimestamp: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.uid = uid
        self.creationTimestamp = creationTimestamp
        self.updateTimestamp = updateTimestamp
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case uid
        case creationTimestamp
        case updateTimestamp
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        uid = try c.decodeIfPresent(String.self, forKey: .uid)
        creationTimestamp = try c.decodeIfPresent(String.self, forKey: .creationTimestamp)
        updateTimestamp = try c.decodeIfPresent(String.self, forKey: .updateTimestamp)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(uid, forKey: .uid)
        try c.encodeIfPresent(creationTimestamp, forKey: .creationTimestamp)
        try c.encodeIfPresent(updateTimestamp, forKey: .updateTimestamp)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `spec` of a job.
public struct JobSpec: WireModel {
    /// `CreateCluster`, `InstallMaster`, `CreatePSMCert`, …
    public var type: String?
    /// The cluster the job works on.
    public var clusterUID: String?
    /// The resource the job works on.
    public var resourceID: String?
    /// Its name.
    public var resourceName: String?
    /// Extra parameters (`serverID`, …).
    public var extendParam: StringMap?
    /// Sub-jobs, each a full job.
    public var subJobs: [Job]?
    /// The parent job's ID.
    public var ownerJob: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        type: String? = nil,
        clusterUID: String? = nil,
        resourceID: String? = nil,
        resourceName: String? = nil,
        extendParam: StringMap? = nil,
        subJobs: [Job]? = nil,
        ownerJob: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.type = type
        self.clusterUID = clusterUID
        self.resourceID = resourceID
        self.resourceName = resourceName
        self.extendParam = extendParam
        self.subJobs = subJobs
        self.ownerJob = ownerJob
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case type
        case clusterUID
        case resourceID
        case resourceName
        case extendParam
        case subJobs
        case ownerJob
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        clusterUID = try c.decodeIfPresent(String.self, forKey: .clusterUID)
        resourceID = try c.decodeIfPresent(String.self, forKey: .resourceID)
        resourceName = try c.decodeIfPresent(String.self, forKey: .resourceName)
        extendParam = try c.decodeIfPresent(StringMap.self, forKey: .extendParam)
        subJobs = try c.decodeIfPresent([Job].self, forKey: .subJobs)
        ownerJob = try c.decodeIfPresent(String.self, forKey: .ownerJob)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(type, forKey: .type)
        try c.encodeIfPresent(clusterUID, forKey: .clusterUID)
        try c.encodeIfPresent(resourceID, forKey: .resourceID)
        try c.encodeIfPresent(resourceName, forKey: .resourceName)
        try c.encodeIfPresent(extendParam, forKey: .extendParam)
        try c.encodeIfPresent(subJobs, forKey: .subJobs)
        try c.encodeIfPresent(ownerJob, forKey: .ownerJob)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `status` of a job.
public struct JobStatus: WireModel {
    /// `Initializing`, `Running`, `Success`, `Failed`; unknown phases are kept.
    public var phase: JobPhase?
    /// Why it failed.
    public var reason: String?
    /// Detail (some services only).
    public var message: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        phase: JobPhase? = nil,
        reason: String? = nil,
        message: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.phase = phase
        self.reason = reason
        self.message = message
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case phase
        case reason
        case message
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        phase = try c.decodeIfPresent(JobPhase.self, forKey: .phase)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(phase, forKey: .phase)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encodeIfPresent(message, forKey: .message)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}
