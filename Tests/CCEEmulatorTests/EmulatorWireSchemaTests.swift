import Testing

@testable import CCECore
@testable import CCEEmulator

/// The emulator's node and node-pool shapes (NodeDocument.swift) are matched against the
/// client core's models, whose CodingKeys are the one declaration of each field (issue 11,
/// part 1): a field added to a model and not to the emulator fails here.
@Suite("Emulator wire schema against the models") struct EmulatorWireSchemaTests {
    func names(_ schema: WireSchema?) -> [String] {
        guard case .object(let object)? = schema else { return [] }
        return object.members.map(\.name)
    }

    func member(_ schema: WireSchema, _ name: String) -> WireSchema? {
        guard case .object(let object) = schema, let i = object.exact[name] else { return nil }
        return object.members[i].schema
    }

    @Test("node: the root, metadata and spec know the model's request fields")
    func node() {
        #expect(Set(names(.node)) == Set(ClusterNode.CodingKeys.allCases.map(\.rawValue)).subtracting(["status"]))
        let metadata = Set(NodeMetadata.CodingKeys.allCases.map(\.rawValue))
        #expect(Set(names(member(.node, "metadata"))).isSubset(of: metadata))
        #expect(
            metadata.subtracting(names(member(.node, "metadata")))
                == ["creationTimestamp", "updateTimestamp", "ownerReferences"],
            "only response fields are left out")
        let spec = Set(NodeSpec.CodingKeys.allCases.map(\.rawValue))
        #expect(Set(names(member(.node, "spec"))) == spec.subtracting(["configurationsOverride"]))
        #expect(Set(names(.nodeTemplate)) == spec, "§3.1: a pool's template is NodeSpec plus configurationsOverride")
    }

    @Test("node pool: spec (create and update) and metadata against the model")
    func nodePool() {
        let spec = Set(NodePoolSpec.CodingKeys.allCases.map(\.rawValue))
        #expect(Set(names(member(.nodePool, "spec"))) == spec.subtracting(["ignoreInitialNodeCount"]))
        #expect(Set(names(member(.nodePoolUpdate, "spec"))) == spec)
        #expect(Set(names(.nodePool)) == Set(NodePool.CodingKeys.allCases.map(\.rawValue)).subtracting(["status"]))
        let metadata = Set(NodePoolMetadata.CodingKeys.allCases.map(\.rawValue))
        #expect(Set(names(member(.nodePool, "metadata"))).isSubset(of: metadata))
        #expect(
            names(member(.nodePool, "spec"))
                == names(member(.nodePoolUpdate, "spec")).filter {
                    $0 != "ignoreInitialNodeCount"
                })
    }
}
