/// A node or node-pool body (`node(name)`, `nodePool(name)`, or what the service returned
/// for one), with the cluster it belongs to once that is known.
///
/// A class so that a `Value` stays one word wide; immutable like every value: builders make
/// new ones. The cluster is kept beside the body, not in it, because the wire body of a node
/// does not name its cluster, and `delete(n)` or `scale(pool, n)` must know where to send.
public final class ScriptResource: Sendable {
    public enum Kind: String, Sendable {
        case node
        case nodePool

        /// The wire `kind`.
        var wireKind: String { self == .node ? "Node" : "NodePool" }
        /// How messages name it.
        var noun: String { self == .node ? "node" : "node pool" }
    }

    public let kind: Kind
    public let body: ValueMap
    /// The owning cluster's uid, when the value came from the service or was created there.
    public let clusterID: String?
    /// The owning cluster's name, for messages and `x.cluster`.
    public let clusterName: String?

    public init(_ kind: Kind, body: ValueMap, clusterID: String? = nil, clusterName: String? = nil) {
        self.kind = kind
        self.body = body
        self.clusterID = clusterID
        self.clusterName = clusterName
    }

    /// The same cluster, another body (builders keep where the value lives).
    func with(body: ValueMap) -> ScriptResource {
        ScriptResource(kind, body: body, clusterID: clusterID, clusterName: clusterName)
    }

    /// `x.name` reads `metadata.name`; `x.cluster` the owning cluster's name (or uid).
    func member(_ name: String) -> Value? {
        if let v = body[name] { return v }
        switch name {
        case "name":
            if case .map(let meta) = body["metadata"] ?? .null { return meta["name"] }
            return nil
        case "cluster":
            return (clusterName ?? clusterID).map { .string($0) } ?? .null
        default:
            return nil
        }
    }
}
