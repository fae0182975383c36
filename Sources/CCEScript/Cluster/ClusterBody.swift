import CCECore
import OrderedCollections

/// Why a builder could not be applied to a body; the language turns it into a runtime
/// error at the method's name.
struct ClusterBuildError: Error, Sendable, Equatable {
    var message: String
    var hint: String?
}

/// Request-body operations behind `cluster(...)` and its builder methods. They work on
/// the JSON body itself (not on language values) so that what a script builds is exactly
/// what `create` sends, and so that embedders get the same body the script printed.
enum ClusterBody {
    /// The annotation through which CCE installs add-ons at creation time; its value is a
    /// JSON array *inside a string* (WIRE.md §1.1 ClusterMetadata).
    static let addonAnnotation = "cluster.install.addons.external/install"

    /// `cluster(name)`: kind and apiVersion set, the name, and an empty spec.
    static func named(_ name: String) -> JSONValue {
        [
            "kind": "Cluster",
            "apiVersion": "v3",
            "metadata": ["name": .string(name)],
            "spec": .object([:]),
        ]
    }

    /// `cluster(map)`: any JSON object is accepted as is, so that the reference's example
    /// (and whatever else the user pastes) round-trips; `validate` says what is wrong with it.
    static func from(_ json: JSONValue) throws(ClusterBuildError) -> JSONValue {
        guard case .object = json else {
            throw ClusterBuildError(
                message: "cluster() takes a name or a request body map, not a \(json.typeName)",
                hint:
                    "write cluster(\"my-cluster\") or cluster({kind: \"Cluster\", apiVersion: \"v3\", "
                    + "metadata: {name: \"my-cluster\"}, spec: {}})"
            )
        }
        return json
    }

    /// The name as the body states it, if it states one.
    static func name(of body: JSONValue) -> String? {
        body["metadata"]?["name"]?.stringValue
    }

    // MARK: - Paths

    /// Sets the value at `path` (object keys only), creating missing objects on the way.
    /// A non-object in the way is an error rather than being silently overwritten: the
    /// user wrote that value and would lose it.
    static func setting<Node: RequestBodyTree>(_ value: Node, at path: [String], in body: Node)
        throws(ClusterBuildError) -> Node
    {
        try update(body, path[...], pathSoFar: []) { _ in value }
    }

    /// Replaces the value at `path` with `transform(current)` (`nil` when absent).
    static func update<Node: RequestBodyTree>(
        _ body: Node, at path: [String], _ transform: (Node?) throws(ClusterBuildError) -> Node
    ) throws(ClusterBuildError) -> Node {
        try update(body, path[...], pathSoFar: [], transform)
    }

    /// Copies only the objects on the path: with language values, whose maps are
    /// copy-on-write, every other member of the body stays shared with the original.
    private static func update<Node: RequestBodyTree>(
        _ node: Node, _ path: ArraySlice<String>, pathSoFar: [String],
        _ transform: (Node?) throws(ClusterBuildError) -> Node
    ) throws(ClusterBuildError) -> Node {
        guard let key = path.first else { return try transform(node) }
        guard var object = node.objectMembers else {
            throw ClusterBuildError(
                message: "\(render(pathSoFar)) is a \(node.jsonTypeName), not a map, so \(key) cannot be set in it",
                hint: "replace it first, e.g. with .with({...}) or cluster(map)")
        }
        if path.count == 1 {
            object[key] = try transform(object[key])
        } else {
            let child = object[key] ?? Node.object([:])
            object[key] = try update(
                child.isNull ? Node.object([:]) : child, path.dropFirst(), pathSoFar: pathSoFar + [key], transform)
        }
        return Node.object(object)
    }

    static func render(_ path: [String]) -> String {
        path.isEmpty ? "the body" : DiagnosticPath(path.map { .key($0) }).description
    }

    // MARK: - Merging

    /// `.with(map)`: a deep merge. Maps merge key by key (an existing key keeps its
    /// position, new keys are appended in the right side's order); anything else,
    /// lists included, is replaced by the right side.
    static func deepMerge<Node: RequestBodyTree>(_ left: Node, _ right: Node) -> Node {
        guard var l = left.objectMembers, let r = right.objectMembers else { return right }
        for (key, value) in r {
            if let existing = l[key] {
                l[key] = deepMerge(existing, value)
            } else {
                l[key] = value
            }
        }
        return Node.object(l)
    }

    // MARK: - Add-ons

    /// Adds `{"addonTemplateName": name}` to the add-on annotation, keeping what is there.
    static func addingAddon<Node: RequestBodyTree>(_ name: String, to body: Node) throws(ClusterBuildError) -> Node {
        try update(body, at: ["metadata", "annotations", addonAnnotation]) { current throws(ClusterBuildError) in
            var list: [JSONValue] = []
            if let current, !current.isNull {
                guard let text = current.stringValue else {
                    throw ClusterBuildError(
                        message:
                            "annotation \"\(addonAnnotation)\" must be a string "
                            + "holding a JSON array, found a \(current.jsonTypeName)"
                    )
                }
                let parsed: JSONValue
                do throws(JSONParseError) {
                    parsed = try JSONValue.parse(text)
                } catch {
                    throw ClusterBuildError(
                        message: "annotation \"\(addonAnnotation)\" is not valid JSON (\(error.description))",
                        hint: "it must hold a JSON array such as [{\"addonTemplateName\":\"icagent\"}]")
                }
                guard let items = parsed.arrayValue else {
                    throw ClusterBuildError(
                        message: "annotation \"\(addonAnnotation)\" must hold a JSON array, found a \(parsed.typeName)")
                }
                list = items
            }
            list.append(["addonTemplateName": .string(name)])
            return Node.string(JSONValue.array(list).serialized(.compact))
        }
    }
}

/// A request body the builders edit: JSON for node and pool bodies, language values for
/// clusters (edited in place of the value, so that a copy shares all it does not change).
/// Builders see only JSON-shaped trees: a language value gets here after `Interpreter.plainJSON`
/// said it holds nothing but JSON values.
protocol RequestBodyTree: Sendable {
    /// The members, when this is an object.
    var objectMembers: OrderedDictionary<String, Self>? { get }
    /// The elements, when this is an array.
    var arrayElements: [Self]? { get }
    var stringValue: String? { get }
    var intValue: Int? { get }
    var isNull: Bool { get }
    /// The JSON type's name, as messages say it ("a number, not a map").
    var jsonTypeName: String { get }
    static func object(_ members: OrderedDictionary<String, Self>) -> Self
    static func array(_ elements: [Self]) -> Self
    static func string(_ text: String) -> Self
}

extension JSONValue: RequestBodyTree {
    var objectMembers: OrderedDictionary<String, JSONValue>? { objectValue }
    var arrayElements: [JSONValue]? { arrayValue }
    var jsonTypeName: String { typeName }
}

extension Value: RequestBodyTree {
    var objectMembers: ValueMap? {
        if case .map(let m) = self { return m }
        return nil
    }

    var arrayElements: [Value]? {
        if case .list(let xs) = self { return xs }
        return nil
    }

    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var intValue: Int? {
        if case .int(let n) = self { return n }
        return nil
    }

    /// What `Interpreter.requestJSON` makes of the value, by its JSON type name.
    var jsonTypeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int, .float: return "number"
        case .string: return "string"
        case .list, .range: return "array"
        case .map, .cluster, .resource: return "object"
        case .duration, .function, .error, .diagnostic, .job: return typeName
        }
    }

    static func object(_ members: ValueMap) -> Value { .map(members) }
    static func array(_ elements: [Value]) -> Value { .list(elements) }
}
