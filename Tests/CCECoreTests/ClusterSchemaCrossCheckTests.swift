import Testing

@testable import CCECore

/// A cluster field used to be declared by hand in three places: the Codable models
/// (ClusterModels.swift), the validator's reference tables (ClusterReference.swift) and the
/// emulator's schema (CCEEmulator ClusterDocument.swift). The validator's tables are now built
/// from the models' CodingKeys; these tests keep it that way, and CCEEmulatorTests'
/// `ClusterDocumentCrossCheckTests` checks the emulator's schema against the same models.
@Suite("Cluster schema cross-check")
struct ClusterSchemaCrossCheckTests {
    static func names<K: CodingKey & CaseIterable>(_ keys: K.Type) -> [String] {
        K.allCases.map(\.stringValue)
    }

    /// Each object of a cluster body: its model's fields and its reference table.
    static let objects: [(name: String, model: [String], reference: ObjectSchema)] = [
        ("root", names(Cluster.CodingKeys.self), ClusterReference.root),
        ("metadata", names(ClusterMetadata.CodingKeys.self), ClusterReference.metadata),
        ("spec", names(ClusterSpec.CodingKeys.self), ClusterReference.spec),
        ("spec.hostNetwork", names(HostNetwork.CodingKeys.self), ClusterReference.hostNetwork),
        ("spec.containerNetwork", names(ContainerNetwork.CodingKeys.self), ClusterReference.containerNetwork),
        ("spec.containerNetwork.cidrs[i]", names(ContainerCIDR.CodingKeys.self), ClusterReference.containerCIDR),
        ("spec.eniNetwork", names(EniNetwork.CodingKeys.self), ClusterReference.eniNetwork),
        ("spec.publicAccess", names(PublicAccess.CodingKeys.self), ClusterReference.publicAccess),
        ("spec.authentication", names(Authentication.CodingKeys.self), ClusterReference.authentication),
        (
            "spec.authentication.authenticatingProxy", names(AuthenticatingProxy.CodingKeys.self),
            ClusterReference.authenticatingProxy
        ),
        ("spec.masters[i]", names(MasterSpec.CodingKeys.self), ClusterReference.master),
        ("spec.serviceNetwork", names(ServiceNetwork.CodingKeys.self), ClusterReference.serviceNetwork),
        ("spec.clusterTags[i]", names(ResourceTag.CodingKeys.self), ClusterReference.clusterTag),
        ("spec.extendParam", ClusterExtendParam.knownKeys, ClusterReference.extendParam),
    ]

    @Test(arguments: objects.map(\.name))
    func referenceTableIsTheModel(_ name: String) throws {
        let o = try #require(Self.objects.first { $0.name == name })
        #expect(o.reference.names == o.model, "\(name): reference \(o.reference.names) vs model \(o.model)")
    }

    /// The roles name only fields the model has (a role for a removed field would be dead).
    @Test func extendParamRolesNameKnownKeys() {
        let unknown = Set(ClusterReference.extendParamRoles.keys).subtracting(ClusterExtendParam.knownKeys)
        #expect(unknown.isEmpty, "\(unknown.sorted())")
    }

    /// The field homes ("`vpc` belongs in spec.hostNetwork") cover every request field that
    /// lives in only one object.
    @Test func everyUnambiguousRequestFieldHasAHome() {
        var count: [String: Int] = [:]
        for o in Self.objects {
            for (field, role) in o.reference.fields where role == .request { count[field, default: 0] += 1 }
        }
        for (field, n) in count where n == 1 {
            #expect(ClusterReference.fieldHomes[field] != nil, "\(field) has no home")
        }
    }
}
