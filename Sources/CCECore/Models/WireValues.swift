import OrderedCollections

// Small value types the models share: lenient string maps, the phase wrappers, the two
// shapes of `status.endpoints`, `spec.extendParam`, and the `apiversion` alias.

// MARK: - StringMap

/// A `map<string,string>` on the wire (`labels`, `annotations`, a job's `extendParam`).
///
/// Real bodies are not always well typed, so values that are not strings are kept as given
/// (and written back as given); the subscript reads numbers and booleans as their JSON text.
/// Order is the order decoded or inserted; equality ignores order.
public struct StringMap: WireModel, ExpressibleByDictionaryLiteral, Sequence {
    /// The entries as decoded.
    public var entries: OrderedDictionary<String, JSONValue>

    public init(_ entries: OrderedDictionary<String, JSONValue> = [:]) { self.entries = entries }

    public init(dictionaryLiteral elements: (String, String)...) {
        var o = OrderedDictionary<String, JSONValue>()
        for (k, v) in elements { o[k] = .string(v) }
        entries = o
    }

    /// Plain string pairs, sorted by key.
    public init(strings pairs: [String: String]) {
        var o = OrderedDictionary<String, JSONValue>()
        for k in pairs.keys.sorted() { if let v = pairs[k] { o[k] = .string(v) } }
        entries = o
    }

    /// The value of `key` as text: strings as they are, numbers and booleans as JSON text,
    /// `nil` for absent, `null`, arrays and objects. Setting stores a string.
    public subscript(key: String) -> String? {
        get { entries[key].flatMap(StringMap.text) }
        set { entries[key] = newValue.map(JSONValue.string) }
    }

    /// Keys whose values are not strings (for the validator: "annotations are string → string").
    public var nonStringKeys: [String] { entries.filter { $0.value.stringValue == nil }.map(\.key) }

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }
    public var keys: [String] { Array(entries.keys) }

    public func makeIterator() -> AnyIterator<(key: String, value: String?)> {
        var inner = entries.makeIterator()
        return AnyIterator {
            guard let (k, v) = inner.next() else { return nil }
            return (k, StringMap.text(v))
        }
    }

    static func text(_ v: JSONValue) -> String? {
        switch v {
        case .string(let s): return s
        case .int, .double, .bool: return v.serialized()
        default: return nil
        }
    }

    public static func == (lhs: StringMap, rhs: StringMap) -> Bool {
        JSONValue.object(lhs.entries) == .object(rhs.entries)
    }

    public init(from decoder: any Decoder) throws {
        entries = try decodeMembers(decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: WireKey.self)
        for (k, v) in entries { try c.encode(v, forKey: WireKey(k)) }
    }
}

// MARK: - Phases

/// A cluster's `status.phase`. Any string is accepted; the known values are constants.
public struct ClusterPhase: RawRepresentable, Codable, Sendable, Hashable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public static let available: ClusterPhase = "Available"
    public static let unavailable: ClusterPhase = "Unavailable"
    public static let scalingUp: ClusterPhase = "ScalingUp"
    public static let scalingDown: ClusterPhase = "ScalingDown"
    public static let creating: ClusterPhase = "Creating"
    public static let deleting: ClusterPhase = "Deleting"
    public static let upgrading: ClusterPhase = "Upgrading"
    public static let resizing: ClusterPhase = "Resizing"
    public static let rollingBack: ClusterPhase = "RollingBack"
    public static let rollbackFailed: ClusterPhase = "RollbackFailed"
    public static let hibernating: ClusterPhase = "Hibernating"
    public static let hibernation: ClusterPhase = "Hibernation"
    public static let awaking: ClusterPhase = "Awaking"
    public static let empty: ClusterPhase = "Empty"
    public static let error: ClusterPhase = "Error"

    /// The phases the reference and WIRE.md §1.5 name.
    public static let known: [ClusterPhase] = [
        .available, .unavailable, .scalingUp, .scalingDown, .creating, .deleting, .upgrading, .resizing,
        .rollingBack, .rollbackFailed, .hibernating, .hibernation, .awaking, .empty, .error,
    ]

    public var isKnown: Bool { ClusterPhase.known.contains(self) }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// A job's `status.phase`. Any string is accepted; the known values are constants.
public struct JobPhase: RawRepresentable, Codable, Sendable, Hashable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public static let initializing: JobPhase = "Initializing"
    public static let running: JobPhase = "Running"
    public static let success: JobPhase = "Success"
    public static let failed: JobPhase = "Failed"

    public static let known: [JobPhase] = [.initializing, .running, .success, .failed]
    public var isKnown: Bool { JobPhase.known.contains(self) }

    /// `Success` or `Failed`, compared without regard to case as otcextensions does.
    public var isTerminal: Bool { isSuccess || isFailure }
    public var isSuccess: Bool { rawValue.lowercased() == "success" }
    public var isFailure: Bool { rawValue.lowercased() == "failed" }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

// MARK: - Endpoints

/// `status.endpoints`, which comes in two shapes: Huawei's list `[{url, type}]` and OTC's
/// object `{internal, external, external_otc}`. It is written back in the shape it came in.
public enum ClusterEndpoints: WireModel {
    case list([ClusterEndpoint])
    case object(ClusterEndpointSet)

    /// The internal API server URL, whichever the shape.
    public var internalURL: String? {
        switch self {
        case .list(let items): return ClusterEndpoints.url(in: items, type: "Internal")
        case .object(let o): return o.internalURL
        }
    }

    /// The external (EIP) API server URL, whichever the shape.
    public var externalURL: String? {
        switch self {
        case .list(let items): return ClusterEndpoints.url(in: items, type: "External")
        case .object(let o): return o.externalURL
        }
    }

    /// `{url, type}` entries first; then the malformed form of the OTC docs' example,
    /// `[{"Internal": "https://…"}]`, whose type is the member name.
    static func url(in items: [ClusterEndpoint], type: String) -> String? {
        let lower = type.lowercased()
        if let hit = items.first(where: { $0.type?.lowercased() == lower })?.url { return hit }
        for item in items {
            for (key, value) in item.additionalFields where key.lowercased() == lower {
                if let url = value.stringValue { return url }
            }
        }
        return nil
    }

    public init(from decoder: any Decoder) throws {
        // Like the Go SDKs: the list first, then the object.
        if (try? decoder.unkeyedContainer()) != nil {
            self = .list(try [ClusterEndpoint](from: decoder))
        } else {
            self = .object(try ClusterEndpointSet(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .list(let items): try items.encode(to: encoder)
        case .object(let o): try o.encode(to: encoder)
        }
    }
}

// MARK: - extendParam

/// `spec.extendParam` (Tables 14 and 23): typed accessors for the documented keys, every
/// other key kept. Values are strings on the wire except `periodNum` (an integer); a value
/// of another JSON type is kept as given and written back unchanged, and the accessors read
/// numbers and booleans as their text.
public struct ClusterExtendParam: WireModel {
    /// Every entry, known or not.
    public var entries: OrderedDictionary<String, JSONValue>

    public init(_ entries: OrderedDictionary<String, JSONValue> = [:]) { self.entries = entries }

    /// The documented keys, in the order they are written.
    public static let knownKeys: [String] = [
        "clusterAZ", "dssMasterVolumes", "enterpriseProjectId", "kubeProxyMode", "clusterExternalIP",
        "alpha.cce/fixPoolMask", "decMasterFlavor", "dockerUmaskMode", "kubernetes.io/cpuManagerPolicy",
        "orderID", "periodType", "periodNum", "isAutoRenew", "isAutoPay", "upgradefrom", "patchVersion",
    ]

    public subscript(key: String) -> String? {
        get { entries[key].flatMap(StringMap.text) }
        set { entries[key] = newValue.map(JSONValue.string) }
    }

    /// `multi_az` spreads the masters over AZs (HA flavors only).
    public var clusterAZ: String? {
        get { self["clusterAZ"] }
        set { self["clusterAZ"] = newValue }
    }
    public var dssMasterVolumes: String? {
        get { self["dssMasterVolumes"] }
        set { self["dssMasterVolumes"] = newValue }
    }
    public var enterpriseProjectId: String? {
        get { self["enterpriseProjectId"] }
        set { self["enterpriseProjectId"] = newValue }
    }
    /// Deprecated; `spec.kubeProxyMode` wins.
    public var kubeProxyMode: String? {
        get { self["kubeProxyMode"] }
        set { self["kubeProxyMode"] = newValue }
    }
    public var clusterExternalIP: String? {
        get { self["clusterExternalIP"] }
        set { self["clusterExternalIP"] = newValue }
    }
    /// Wire key `alpha.cce/fixPoolMask`: `"24"`–`"28"`, vpc-router only.
    public var fixPoolMask: String? {
        get { self["alpha.cce/fixPoolMask"] }
        set { self["alpha.cce/fixPoolMask"] = newValue }
    }
    public var decMasterFlavor: String? {
        get { self["decMasterFlavor"] }
        set { self["decMasterFlavor"] = newValue }
    }
    public var dockerUmaskMode: String? {
        get { self["dockerUmaskMode"] }
        set { self["dockerUmaskMode"] = newValue }
    }
    /// Wire key `kubernetes.io/cpuManagerPolicy`: `none` or `static`.
    public var cpuManagerPolicy: String? {
        get { self["kubernetes.io/cpuManagerPolicy"] }
        set { self["kubernetes.io/cpuManagerPolicy"] = newValue }
    }
    public var orderID: String? {
        get { self["orderID"] }
        set { self["orderID"] = newValue }
    }
    public var periodType: String? {
        get { self["periodType"] }
        set { self["periodType"] = newValue }
    }
    /// An integer on the wire; a numeric string is read too.
    public var periodNum: Int? {
        get {
            switch entries["periodNum"] {
            case .int(let n): return n
            case .string(let s): return Int(s)
            default: return nil
            }
        }
        set { entries["periodNum"] = newValue.map(JSONValue.int) }
    }
    public var isAutoRenew: String? {
        get { self["isAutoRenew"] }
        set { self["isAutoRenew"] = newValue }
    }
    public var isAutoPay: String? {
        get { self["isAutoPay"] }
        set { self["isAutoPay"] = newValue }
    }
    /// Query only.
    public var upgradefrom: String? {
        get { self["upgradefrom"] }
        set { self["upgradefrom"] = newValue }
    }
    public var patchVersion: String? {
        get { self["patchVersion"] }
        set { self["patchVersion"] = newValue }
    }

    /// The entries whose keys are not documented.
    public var additionalFields: [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for (k, v) in entries where !ClusterExtendParam.knownKeys.contains(k) { out[k] = v }
        return out
    }

    public static func == (lhs: ClusterExtendParam, rhs: ClusterExtendParam) -> Bool {
        JSONValue.object(lhs.entries) == .object(rhs.entries)
    }

    public init(from decoder: any Decoder) throws {
        entries = try decodeMembers(decoder)
    }

    /// Documented keys first in `knownKeys` order, then the others sorted, as every model does.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: WireKey.self)
        for k in ClusterExtendParam.knownKeys { if let v = entries[k] { try c.encode(v, forKey: WireKey(k)) } }
        for k in entries.keys.sorted() where !ClusterExtendParam.knownKeys.contains(k) {
            if let v = entries[k] { try c.encode(v, forKey: WireKey(k)) }
        }
    }
}

/// All members of the current object, in wire order when the decoder knows it, else sorted.
func decodeMembers(_ decoder: any Decoder) throws -> OrderedDictionary<String, JSONValue> {
    let c = try decoder.container(keyedBy: WireKey.self)
    var keys = c.allKeys
    if !keepsMemberOrder(decoder) { keys.sort { $0.stringValue < $1.stringValue } }
    var o = OrderedDictionary<String, JSONValue>()
    for key in keys { o[key.stringValue] = try c.decode(JSONValue.self, forKey: key) }
    return o
}

// MARK: - apiVersion alias

/// Reads `apiVersion`, or else `apiversion` (the Go SDKs' spelling). Returns the alias used,
/// so that it is not also kept as an unknown member.
func decodeAPIVersion<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ decoder: any Decoder) throws -> (
    String?, Set<String>
) {
    let any = try decoder.container(keyedBy: WireKey.self)
    if any.contains(WireKey("apiVersion")) {
        return (try any.decodeIfPresent(String.self, forKey: WireKey("apiVersion")), [])
    }
    if any.contains(WireKey("apiversion")) {
        return (try any.decodeIfPresent(String.self, forKey: WireKey("apiversion")), ["apiversion"])
    }
    return (nil, [])
}

// MARK: - Secrets

extension AuthenticatingProxy: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Shows whether each part is set, never the private key.
    public var description: String {
        let key = privateKey == nil ? "nil" : "<redacted>"
        return
            "AuthenticatingProxy(ca: \(ca == nil ? "nil" : "set"), cert: \(cert == nil ? "nil" : "set"), privateKey: "
            + "\(key))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "ca": ca as Any, "cert": cert as Any, "privateKey": (privateKey == nil ? nil : "<redacted>") as Any,
            ])
    }
}

// MARK: - One or many

/// A member that is a list in current bodies but a single object in legacy ones
/// (`status.conditions`; gophertelekomcloud models it as one object). Written back in the
/// shape it came in.
public enum OneOrMany<Element: WireModel>: WireModel {
    case one(Element)
    case many([Element])

    /// The elements, whichever the shape.
    public var items: [Element] {
        switch self {
        case .one(let e): return [e]
        case .many(let list): return list
        }
    }

    public var first: Element? { items.first }
    public var count: Int { items.count }

    public init(from decoder: any Decoder) throws {
        if (try? decoder.unkeyedContainer()) != nil {
            self = .many(try [Element](from: decoder))
        } else {
            self = .one(try Element(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .one(let e): try e.encode(to: encoder)
        case .many(let list): try list.encode(to: encoder)
        }
    }
}
