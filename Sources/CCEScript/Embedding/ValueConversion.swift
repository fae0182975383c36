import CCECore
import OrderedCollections

/// Why a value could not be converted to or from a Swift type, and where inside it.
public struct ValueConversionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where in the value, in the language's path syntax (`spec.hostNetwork.vpc`); empty for the whole value.
    public var path: String
    /// What was wrong (`expected a string, found a number`).
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

extension Value {
    /// A language value from any `Encodable` Swift value, through JSON: structs and
    /// dictionaries become maps (in the order they encode their members), arrays lists,
    /// integers ints, other numbers floats. A CCECore `Cluster` becomes a cluster value,
    /// so a script can call builders on it.
    ///
    /// A `Value` comes back as itself, and `Value`s inside other types (a struct's field, an
    /// array's element) come back as they were: their tagged encoding (see `Value`'s `Codable`,
    /// `"$cce"`) is read back, so durations, ranges, clusters, nodes, pools and diagnostics
    /// keep their kinds. An object shaped exactly like such a tag is read as that kind.
    public init<T: Encodable>(encoding value: T) throws(ValueConversionError) {
        if let v = value as? Value {
            self = v
            return
        }
        let json: JSONValue
        do {
            json = try JSONValueEncoder.encodeOrThrow(value)
        } catch {
            throw ValueConversionError(path: "", message: "cannot encode \(T.self): \(error)")
        }
        if value is Cluster {
            self = Interpreter.clusterValue(json)
        } else {
            self = Value(taggedJSON: json)
        }
    }

    /// A value from JSON that may hold encoded `Value`s: as `Value(json:)`, but an object that
    /// is a well-formed tag of `Value`'s `Codable` form becomes the kind it names.
    init(taggedJSON json: JSONValue) {
        switch json {
        case .array(let a): self = .list(a.map { Value(taggedJSON: $0) })
        case .object(let o):
            if case .string(let tag)? = o[Value.codingTagKey], let v = Value.tagged(tag, o) {
                self = v
            } else {
                self = .map(Value.taggedEntries(o))
            }
        default: self = Value(json: json)
        }
    }

    private static func taggedEntries(_ o: OrderedDictionary<String, JSONValue>) -> ValueMap {
        var m = ValueMap()
        m.reserveCapacity(o.count)
        for (k, v) in o { m[k] = Value(taggedJSON: v) }
        return m
    }

    /// The kind a tagged object names, when it has exactly that kind's members; nil otherwise.
    private static func tagged(_ tag: String, _ o: OrderedDictionary<String, JSONValue>) -> Value? {
        /// Only `required` and `optional` members besides the tag.
        func shaped(_ required: [String], _ optional: [String] = []) -> Bool {
            required.allSatisfy { o[$0] != nil }
                && o.keys.allSatisfy { $0 == codingTagKey || required.contains($0) || optional.contains($0) }
        }
        func body() -> ValueMap? {
            guard case .object(let b)? = o["body"] else { return nil }
            // A body that has a "$cce" key of its own was written wrapped, as a tagged map.
            if case .map(let m) = Value(taggedJSON: .object(b)) { return m }
            return nil
        }
        func string(_ key: String) -> String?? {
            switch o[key] {
            case nil: return .some(nil)
            case .string(let s)?: return .some(s)
            default: return nil
            }
        }
        switch tag {
        case "map":
            guard shaped(["entries"]), case .object(let e)? = o["entries"] else { return nil }
            return .map(taggedEntries(e))
        case "duration":
            guard shaped(["milliseconds"]), case .int(let ms)? = o["milliseconds"] else { return nil }
            return .duration(ms)
        case "range":
            guard shaped(["lower", "upper", "inclusive"]), case .int(let lower)? = o["lower"],
                case .int(let upper)? = o["upper"], case .bool(let inclusive)? = o["inclusive"]
            else { return nil }
            return .range(lower, upper, inclusive: inclusive)
        case "cluster":
            guard shaped(["body"]), let b = body() else { return nil }
            return .cluster(b)
        case ScriptResource.Kind.node.rawValue, ScriptResource.Kind.nodePool.rawValue:
            guard shaped(["body"], ["clusterID", "clusterName"]), let b = body(), let id = string("clusterID"),
                let name = string("clusterName")
            else { return nil }
            let kind: ScriptResource.Kind = tag == ScriptResource.Kind.node.rawValue ? .node : .nodePool
            return .resource(ScriptResource(kind, body: b, clusterID: id, clusterName: name))
        case "diagnostic":
            guard shaped(["severity", "path", "code", "message"], ["hint"]),
                case .string(let severity)? = o["severity"],
                case .string(let path)? = o["path"], case .string(let code)? = o["code"],
                case .string(let message)? = o["message"], let hint = string("hint")
            else { return nil }
            return .diagnostic(
                ScriptDiagnostic(severity: severity, path: path, code: code, message: message, hint: hint))
        default: return nil
        }
    }

    /// A cluster value from CCECore's model (the body, unknown fields included).
    public init(cluster: Cluster) {
        self = Interpreter.clusterValue(cluster.json)
    }

    /// Decodes the value into a Swift type through JSON. Clusters decode as their request
    /// body (so `try value.decode(Cluster.self)` gives CCECore's model); maps into structs
    /// or dictionaries; lists and ranges into arrays. Durations, functions, jobs and errors
    /// have no JSON form and are refused with the path where they sit.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws(ValueConversionError) -> T {
        let json: JSONValue
        do {
            json = try Interpreter.requestJSON(self, path: [], what: "the value")
        } catch {
            throw ValueConversionError(path: "", message: error.message)
        }
        do {
            return try JSONValueDecoder.decode(T.self, from: json)
        } catch {
            throw ValueConversionError(path: error.path, message: error.message)
        }
    }
}
