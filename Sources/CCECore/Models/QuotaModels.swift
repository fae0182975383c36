// `GET /quotas` (WIRE.md §3.6). The Python SDK's schema has `quotas` as a list; the OTC
// documentation's example wraps it as `{"quotas": {"resources": [...]}}`. Both decode.

/// The body of `GET /quotas`.
public struct QuotaList: WireModel {
    /// The quotas, in either shape.
    public var quotas: QuotaSet?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        quotas: QuotaSet? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.quotas = quotas
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case quotas
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        quotas = try c.decodeIfPresent(QuotaSet.self, forKey: .quotas)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(quotas, forKey: .quotas)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// The OTC wrapper `{"resources": [...]}`.
public struct QuotaResources: WireModel {
    /// The quotas.
    public var resources: [ResourceQuota]?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        resources: [ResourceQuota]? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.resources = resources
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case resources
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        resources = try c.decodeIfPresent([ResourceQuota].self, forKey: .resources)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(resources, forKey: .resources)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// One quota.
public struct ResourceQuota: WireModel {
    /// `cluster`, …
    public var quotaKey: String?
    /// The limit.
    public var quotaLimit: Int?
    /// How many are in use.
    public var used: Int?
    /// `count`.
    public var unit: String?
    public var regionId: String?
    public var availabilityZoneId: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        quotaKey: String? = nil,
        quotaLimit: Int? = nil,
        used: Int? = nil,
        unit: String? = nil,
        regionId: String? = nil,
        availabilityZoneId: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.quotaKey = quotaKey
        self.quotaLimit = quotaLimit
        self.used = used
        self.unit = unit
        self.regionId = regionId
        self.availabilityZoneId = availabilityZoneId
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case quotaKey
        case quotaLimit
        case used
        case unit
        case regionId
        case availabilityZoneId
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        quotaKey = try c.decodeIfPresent(String.self, forKey: .quotaKey)
        quotaLimit = try c.decodeIfPresent(Int.self, forKey: .quotaLimit)
        used = try c.decodeIfPresent(Int.self, forKey: .used)
        unit = try c.decodeIfPresent(String.self, forKey: .unit)
        regionId = try c.decodeIfPresent(String.self, forKey: .regionId)
        availabilityZoneId = try c.decodeIfPresent(String.self, forKey: .availabilityZoneId)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(quotaKey, forKey: .quotaKey)
        try c.encodeIfPresent(quotaLimit, forKey: .quotaLimit)
        try c.encodeIfPresent(used, forKey: .used)
        try c.encodeIfPresent(unit, forKey: .unit)
        try c.encodeIfPresent(regionId, forKey: .regionId)
        try c.encodeIfPresent(availabilityZoneId, forKey: .availabilityZoneId)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// `quotas` of `GET /quotas`, in the shape it came in.
public enum QuotaSet: WireModel {
    case list([ResourceQuota])
    case wrapped(QuotaResources)

    /// The quotas, whichever the shape.
    public var resources: [ResourceQuota] {
        switch self {
        case .list(let items): return items
        case .wrapped(let w): return w.resources ?? []
        }
    }

    public init(from decoder: any Decoder) throws {
        if (try? decoder.unkeyedContainer()) != nil {
            self = .list(try [ResourceQuota](from: decoder))
        } else {
            self = .wrapped(try QuotaResources(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .list(let items): try items.encode(to: encoder)
        case .wrapped(let w): try w.encode(to: encoder)
        }
    }
}
