import CCECore
import OrderedCollections

// MARK: - Equatable

/// The language's `==` (LANGUAGE.md): deep equality for lists, maps and clusters, `1 == 1.0`,
/// maps compared without regard to key order, a list equal to the range with the same
/// elements. Functions and errors compare by identity, jobs by identity or job id.
///
/// A value nested more than `Limits.maxNesting` levels deep compares unequal to everything,
/// itself included: the walk stops there rather than risk the stack.
extension Value: Equatable {
    public static func == (lhs: Value, rhs: Value) -> Bool {
        (try? lhs.equals(rhs, limit: Limits.maxNesting)) ?? false
    }
}

// MARK: - Codable

/// The data kinds encode as the JSON a user expects: `null`, booleans, integers, floats,
/// strings, lists as arrays and maps as objects, so `JSONEncoder().encode(value)` of
/// `{name: "a", sizes: [1, 2.5]}` is `{"name":"a","sizes":[1,2.5]}`.
///
/// The other kinds that are data encode as an object tagged with the reserved key `"$cce"`,
/// whose value names the kind (`type(x)` in the language):
///
/// | value | encoded as |
/// |---|---|
/// | `90s` | `{"$cce": "duration", "milliseconds": 90000}` |
/// | `1..5`, `1..<5` | `{"$cce": "range", "lower": 1, "upper": 5, "inclusive": true}` (`false` for `..<`) |
/// | a cluster | `{"$cce": "cluster", "body": {…the request body…}}` |
/// | a node, a node pool | `{"$cce": "node", "body": {…}, "clusterID": "…", "clusterName": "…"}`, `"nodePool"` |
/// | a diagnostic | `{"$cce": "diagnostic", "severity": …, "path": …, "code": …, "message": …, "hint": …}` |
/// | a map that has a `"$cce"` key | `{"$cce": "map", "entries": {…the map…}}` |
///
/// `clusterID`, `clusterName` and `hint` are left out when nil. The last row keeps the
/// encoding lossless: a map of the user's own is never mistaken for a tagged value.
/// Functions, jobs and errors are not data and are refused with `EncodingError.invalidValue`,
/// whose message says what to encode instead.
///
/// Decoding gives the same kinds back, with two things JSON itself does not keep: an integral
/// float such as `5.0`, which `JSONEncoder` writes as `5`, decodes as the int `5` (equal to
/// `5.0` under `==`), and a map's keys come back sorted, since `JSONDecoder` reports them in
/// no defined order (maps compare without regard to order). Decoding refuses values nested
/// more than `Limits.maxNesting` levels deep (`DecodingError.dataCorrupted`), so hostile
/// input cannot exhaust the stack.
extension Value: Codable {
    /// The key that marks a tagged object.
    public static let codingTagKey = "$cce"

    public init(from decoder: any Decoder) throws {
        guard decoder.codingPath.count <= Limits.maxNesting else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "a value nested more than \(Limits.maxNesting) levels deep cannot be decoded; "
                        + "flatten the data"))
        }
        if let keyed = try? decoder.container(keyedBy: ValueCodingKey.self) {
            self = try Value.decodeObject(keyed)
            return
        }
        if var unkeyed = try? decoder.unkeyedContainer() {
            var xs: [Value] = []
            if let count = unkeyed.count { xs.reserveCapacity(count) }
            while !unkeyed.isAtEnd { xs.append(try unkeyed.decode(Value.self)) }
            self = .list(xs)
            return
        }
        let single = try decoder.singleValueContainer()
        guard let scalar = JSONValue(scalarIn: single) else {
            throw DecodingError.dataCorruptedError(
                in: single, debugDescription: "expected null, a boolean, a number, a string, an array or an object")
        }
        self = Value(json: scalar)
    }

    public func encode(to encoder: any Encoder) throws {
        // A value built in Swift is not bounded by the interpreter's limits; this keeps
        // encoding it from overflowing the stack.
        guard encoder.codingPath.count <= Limits.maxNesting else {
            throw EncodingError.invalidValue(
                self,
                EncodingError.Context(
                    codingPath: encoder.codingPath,
                    debugDescription: "a value nested more than \(Limits.maxNesting) levels deep cannot be encoded; "
                        + "flatten it first"))
        }
        switch self {
        // Scalars are JSON's, written as JSONValue writes them.
        case .null: try JSONValue.null.encode(to: encoder)
        case .bool(let b): try JSONValue.bool(b).encode(to: encoder)
        case .int(let n): try JSONValue.int(n).encode(to: encoder)
        case .float(let d): try JSONValue.double(d).encode(to: encoder)
        case .string(let s): try JSONValue.string(s).encode(to: encoder)
        case .list(let xs):
            var c = encoder.unkeyedContainer()
            for x in xs { try c.encode(x) }
        case .map(let m):
            var c = encoder.container(keyedBy: ValueCodingKey.self)
            if m[Value.codingTagKey] == nil {
                try Value.encodeEntries(m, into: &c)
            } else {
                try c.encode("map", forKey: ValueCodingKey(Value.codingTagKey))
                var entries = c.nestedContainer(keyedBy: ValueCodingKey.self, forKey: ValueCodingKey("entries"))
                try Value.encodeEntries(m, into: &entries)
            }
        case .duration(let ms):
            var c = encoder.container(keyedBy: ValueCodingKey.self)
            try c.encode("duration", forKey: ValueCodingKey(Value.codingTagKey))
            try c.encode(ms, forKey: ValueCodingKey("milliseconds"))
        case .range(let lower, let upper, let inclusive):
            var c = encoder.container(keyedBy: ValueCodingKey.self)
            try c.encode("range", forKey: ValueCodingKey(Value.codingTagKey))
            try c.encode(lower, forKey: ValueCodingKey("lower"))
            try c.encode(upper, forKey: ValueCodingKey("upper"))
            try c.encode(inclusive, forKey: ValueCodingKey("inclusive"))
        case .cluster(let body):
            var c = encoder.container(keyedBy: ValueCodingKey.self)
            try c.encode("cluster", forKey: ValueCodingKey(Value.codingTagKey))
            try c.encode(Value.map(body), forKey: ValueCodingKey("body"))
        case .resource(let r):
            var c = encoder.container(keyedBy: ValueCodingKey.self)
            try c.encode(r.kind.rawValue, forKey: ValueCodingKey(Value.codingTagKey))
            try c.encode(Value.map(r.body), forKey: ValueCodingKey("body"))
            try c.encodeIfPresent(r.clusterID, forKey: ValueCodingKey("clusterID"))
            try c.encodeIfPresent(r.clusterName, forKey: ValueCodingKey("clusterName"))
        case .diagnostic(let d):
            var c = encoder.container(keyedBy: ValueCodingKey.self)
            try c.encode("diagnostic", forKey: ValueCodingKey(Value.codingTagKey))
            try c.encode(d.severity, forKey: ValueCodingKey("severity"))
            try c.encode(d.path, forKey: ValueCodingKey("path"))
            try c.encode(d.code, forKey: ValueCodingKey("code"))
            try c.encode(d.message, forKey: ValueCodingKey("message"))
            try c.encodeIfPresent(d.hint, forKey: ValueCodingKey("hint"))
        case .function(let f):
            throw refusal(
                encoder,
                "a function (\(f.name)) is code, not data, and cannot be encoded; "
                    + "encode the values it returns, or leave it out")
        case .job(let j):
            throw refusal(
                encoder,
                "a job (\(j.jobID), cluster \(j.clusterName)) is a handle on a running service job and cannot be "
                    + "encoded; encode its id (job.id) and cluster name (job.cluster) instead")
        case .error(let e):
            throw refusal(
                encoder,
                "an error value (\(e.error.kind.rawValue)) cannot be encoded; encode its fields instead "
                    + "(e.message, e.code, e.status), for example as a map")
        }
    }

    private func refusal(_ encoder: any Encoder, _ message: String) -> EncodingError {
        EncodingError.invalidValue(
            self, EncodingError.Context(codingPath: encoder.codingPath, debugDescription: message))
    }

    private static func encodeEntries(
        _ m: ValueMap, into container: inout KeyedEncodingContainer<ValueCodingKey>
    ) throws {
        for (k, v) in m { try container.encode(v, forKey: ValueCodingKey(k)) }
    }

    /// The entries of an object as a map, every key taken literally. Sorted: decoders such as
    /// `JSONDecoder` list keys in no defined order, and a sorted map is at least stable.
    private static func decodeEntries(_ container: KeyedDecodingContainer<ValueCodingKey>) throws -> ValueMap {
        var m = ValueMap()
        let keys = container.allKeys.sorted { $0.stringValue < $1.stringValue }
        m.reserveCapacity(keys.count)
        for key in keys { m[key.stringValue] = try container.decode(Value.self, forKey: key) }
        return m
    }

    /// A plain map, or the tagged kind an object's `"$cce"` key names.
    private static func decodeObject(_ c: KeyedDecodingContainer<ValueCodingKey>) throws -> Value {
        let tagKey = ValueCodingKey(codingTagKey)
        guard c.contains(tagKey) else { return .map(try decodeEntries(c)) }
        guard let tag = try? c.decode(String.self, forKey: tagKey) else {
            throw DecodingError.dataCorruptedError(
                forKey: tagKey, in: c,
                debugDescription: "the key \"\(codingTagKey)\" is reserved for tagged values and must name a kind; "
                    + "to decode a map with that key, wrap it as {\"\(codingTagKey)\": \"map\", \"entries\": {…}}")
        }
        switch tag {
        case "map":
            return .map(
                try decodeEntries(c.nestedContainer(keyedBy: ValueCodingKey.self, forKey: ValueCodingKey("entries"))))
        case "duration":
            return .duration(try c.decode(Int.self, forKey: ValueCodingKey("milliseconds")))
        case "range":
            return .range(
                try c.decode(Int.self, forKey: ValueCodingKey("lower")),
                try c.decode(Int.self, forKey: ValueCodingKey("upper")),
                inclusive: try c.decode(Bool.self, forKey: ValueCodingKey("inclusive")))
        case "cluster":
            return .cluster(try body(c))
        case ScriptResource.Kind.node.rawValue, ScriptResource.Kind.nodePool.rawValue:
            let kind: ScriptResource.Kind = tag == ScriptResource.Kind.node.rawValue ? .node : .nodePool
            return .resource(
                ScriptResource(
                    kind, body: try body(c),
                    clusterID: try c.decodeIfPresent(String.self, forKey: ValueCodingKey("clusterID")),
                    clusterName: try c.decodeIfPresent(String.self, forKey: ValueCodingKey("clusterName"))))
        case "diagnostic":
            return .diagnostic(
                ScriptDiagnostic(
                    severity: try c.decode(String.self, forKey: ValueCodingKey("severity")),
                    path: try c.decode(String.self, forKey: ValueCodingKey("path")),
                    code: try c.decode(String.self, forKey: ValueCodingKey("code")),
                    message: try c.decode(String.self, forKey: ValueCodingKey("message")),
                    hint: try c.decodeIfPresent(String.self, forKey: ValueCodingKey("hint"))))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: tagKey, in: c,
                debugDescription: "unknown tagged kind \"\(tag)\"; \"\(codingTagKey)\" takes "
                    + "map, duration, range, cluster, node, nodePool or diagnostic")
        }
    }

    /// The `body` of a tagged cluster or resource: an object (itself decoded as a map).
    private static func body(_ c: KeyedDecodingContainer<ValueCodingKey>) throws -> ValueMap {
        let key = ValueCodingKey("body")
        guard case .map(let m) = try c.decode(Value.self, forKey: key) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "expected an object")
        }
        return m
    }
}

/// Any string as a coding key: map keys are the user's.
struct ValueCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
