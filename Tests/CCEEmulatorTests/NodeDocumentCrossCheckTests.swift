import Testing

@testable import CCECore
@testable import CCEEmulator

/// The emulator's node and node-pool schemas (NodeDocument.swift: what a stored node or pool
/// keeps) against the CCECore models, whose CodingKeys declare the node fields (NodeValidator's
/// tables are built from them). A field added on one side only fails here.
@Suite("Node document cross-check")
struct NodeDocumentCrossCheckTests {
    static func names<K: CodingKey & CaseIterable>(_ keys: K.Type) -> Set<String> {
        Set(K.allCases.map(\.stringValue))
    }

    static func members(_ schema: WireSchema, _ path: [String] = []) -> Set<String>? {
        var s = schema
        for key in path {
            guard case .object(let o) = s, let m = o.members.first(where: { $0.name == key }) else { return nil }
            s = m.schema
        }
        guard case .object(let o) = s else { return nil }
        return Set(o.members.map(\.name))
    }

    /// Response-only members the emulator writes itself rather than keeping from a request.
    static let nodeSpecOnlyInTemplates: Set<String> = ["configurationsOverride"]

    @Test func nodeSchemaMatchesTheModels() throws {
        let node = WireSchema.node
        #expect(Self.members(node) == Self.names(ClusterNode.CodingKeys.self).subtracting(["status"]))
        let spec = try #require(Self.members(node, ["spec"]))
        #expect(
            spec == Self.names(NodeSpec.CodingKeys.self).subtracting(Self.nodeSpecOnlyInTemplates),
            "node spec: emulator-only \(spec.subtracting(Self.names(NodeSpec.CodingKeys.self)).sorted())")
        let metadata = try #require(Self.members(node, ["metadata"]))
        #expect(metadata.isSubset(of: Self.names(NodeMetadata.CodingKeys.self)), "\(metadata.sorted())")
    }

    @Test func poolSchemasMatchTheModels() throws {
        let poolSpec = Self.names(NodePoolSpec.CodingKeys.self)
        let create = try #require(Self.members(WireSchema.nodePool, ["spec"]))
        #expect(create == poolSpec.subtracting(["ignoreInitialNodeCount"]), "\(create.symmetricDifference(poolSpec))")
        let update = try #require(Self.members(WireSchema.nodePoolUpdate, ["spec"]))
        #expect(update == poolSpec, "\(update.symmetricDifference(poolSpec))")
        let template = try #require(Self.members(WireSchema.nodePool, ["spec", "nodeTemplate"]))
        #expect(template == Self.names(NodeSpec.CodingKeys.self))
        let metadata = try #require(Self.members(WireSchema.nodePool, ["metadata"]))
        #expect(metadata.isSubset(of: Self.names(NodePoolMetadata.CodingKeys.self)), "\(metadata.sorted())")
        #expect(Self.members(WireSchema.nodePool)?.isSubset(of: Self.names(NodePool.CodingKeys.self)) == true)
    }
}
