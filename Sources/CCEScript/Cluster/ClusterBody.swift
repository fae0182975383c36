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
    static func setting(_ value: JSONValue, at path: [String], in body: JSONValue) throws(ClusterBuildError)
        -> JSONValue
    {
        try update(body, path[...], pathSoFar: []) { _ in value }
    }

    /// Replaces the value at `path` with `transform(current)` (`nil` when absent).
    static func update(
        _ body: JSONValue, at path: [String], _ transform: (JSONValue?) throws(ClusterBuildError) -> JSONValue
    ) throws(ClusterBuildError) -> JSONValue {
        try update(body, path[...], pathSoFar: [], transform)
    }

    private static func update(
        _ node: JSONValue, _ path: ArraySlice<String>, pathSoFar: [String],
        _ transform: (JSONValue?) throws(ClusterBuildError) -> JSONValue
    ) throws(ClusterBuildError) -> JSONValue {
        guard let key = path.first else { return try transform(node) }
        guard case .object(var object) = node else {
            throw ClusterBuildError(
                message: "\(render(pathSoFar)) is a \(node.typeName), not a map, so \(key) cannot be set in it",
                hint: "replace it first, e.g. with .with({...}) or cluster(map)")
        }
        let next = pathSoFar + [key]
        if path.count == 1 {
            object[key] = try transform(object[key])
        } else {
            let child = object[key] ?? .object([:])
            object[key] = try update(child.isNull ? .object([:]) : child, path.dropFirst(), pathSoFar: next, transform)
        }
        return .object(object)
    }

    static func render(_ path: [String]) -> String {
        path.isEmpty ? "the body" : DiagnosticPath(path.map { .key($0) }).description
    }

    // MARK: - Merging

    /// `.with(map)`: a deep merge. Maps merge key by key (an existing key keeps its
    /// position, new keys are appended in the right side's order); anything else,
    /// lists included, is replaced by the right side.
    static func deepMerge(_ left: JSONValue, _ right: JSONValue) -> JSONValue {
        guard case .object(var l) = left, case .object(let r) = right else { return right }
        for (key, value) in r {
            if let existing = l[key] {
                l[key] = deepMerge(existing, value)
            } else {
                l[key] = value
            }
        }
        return .object(l)
    }

    // MARK: - Add-ons

    /// Adds `{"addonTemplateName": name}` to the add-on annotation, keeping what is there.
    static func addingAddon(_ name: String, to body: JSONValue) throws(ClusterBuildError) -> JSONValue {
        try update(body, at: ["metadata", "annotations", addonAnnotation]) { current throws(ClusterBuildError) in
            var list: [JSONValue] = []
            if let current, !current.isNull {
                guard let text = current.stringValue else {
                    throw ClusterBuildError(
                        message:
                            "annotation \"\(addonAnnotation)\" must be a string "
                            + "holding a JSON array, found a \(current.typeName)"
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
            return .string(JSONValue.array(list).serialized(.compact))
        }
    }
}
