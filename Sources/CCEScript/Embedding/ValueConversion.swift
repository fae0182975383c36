import CCECore

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
    public init<T: Encodable>(encoding value: T) throws(ValueConversionError) {
        let json: JSONValue
        do {
            json = try JSONValueEncoder.encodeOrThrow(value)
        } catch {
            throw ValueConversionError(path: "", message: "cannot encode \(T.self): \(error)")
        }
        if value is Cluster {
            self = Interpreter.clusterValue(json)
        } else {
            self = Value(json: json)
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
