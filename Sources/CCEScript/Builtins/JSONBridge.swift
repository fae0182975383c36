import CCECore
import OrderedCollections

extension Value {
    /// About what one value costs on its way to JSON or YAML text: the `JSONValue` node
    /// (or Yams node) built first, and its text.
    static let encodedNodeBytes = 24

    /// The value as JSON: maps and clusters become objects (in order), ranges lists,
    /// durations their literal text, diagnostics and errors small objects.
    /// Functions cannot be encoded. Throws `ScriptError` past `depthLimit`.
    public func toJSON(depthLimit: Int = Limits.defaultNesting) throws -> JSONValue {
        try toJSON(depth: 0, limit: depthLimit)
    }

    private func toJSON(depth: Int, limit: Int) throws -> JSONValue {
        if depth > limit {
            throw ScriptError(.limit, "value nested more than \(limit) levels deep cannot be encoded", code: "limit")
        }
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let n): return .int(n)
        case .float(let d):
            guard d.isFinite else { throw ScriptError(.runtime, "cannot encode \(d) as JSON", code: "type") }
            return .double(d)
        case .string(let s): return .string(s)
        case .duration(let ms): return .string(Value.durationText(ms))
        case .list, .range:
            if case .range(let lo, let hi, let inc) = self, Value.rangeCount(lo, hi, inc) > 10_000_000 {
                throw ScriptError(.runtime, "range too large to encode (more than 10000000 elements)", code: "range")
            }
            let xs = elements ?? []
            return .array(try xs.map { try $0.toJSON(depth: depth + 1, limit: limit) })
        case .map(let m), .cluster(let m):
            var o = OrderedDictionary<String, JSONValue>()
            o.reserveCapacity(m.count)
            for (k, v) in m { o[k] = try v.toJSON(depth: depth + 1, limit: limit) }
            return .object(o)
        case .resource(let r):
            return try Value.map(r.body).toJSON(depth: depth, limit: limit)
        case .diagnostic(let d):
            var o: OrderedDictionary<String, JSONValue> = [
                "severity": .string(d.severity), "path": .string(d.path), "code": .string(d.code),
                "message": .string(d.message),
            ]
            if let h = d.hint { o["hint"] = .string(h) }
            return .object(o)
        case .error(let e):
            var o: OrderedDictionary<String, JSONValue> = ["message": .string(e.error.message)]
            if let c = e.error.code { o["code"] = .string(c) }
            if let s = e.error.status { o["status"] = .int(s) }
            return .object(o)
        case .job(let j):
            return .object(["id": .string(j.jobID), "cluster": .string(j.clusterName)])
        case .function(let f):
            throw ScriptError(.runtime, "cannot encode a function (\(f.name)) as JSON", code: "type")
        }
    }

    /// A value from JSON: objects become maps, integers ints, other numbers floats.
    public init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let n): self = .int(n)
        case .double(let d): self = .float(d)
        case .string(let s): self = .string(s)
        case .array(let a): self = .list(a.map { Value(json: $0) })
        case .object(let o):
            var m = ValueMap()
            m.reserveCapacity(o.count)
            for (k, v) in o { m[k] = Value(json: v) }
            self = .map(m)
        }
    }
}
