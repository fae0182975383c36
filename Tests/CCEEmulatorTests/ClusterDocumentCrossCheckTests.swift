import Testing

@testable import CCECore
@testable import CCEEmulator

/// The emulator's cluster schema (`WireSchema.cluster`, which decides what a stored cluster
/// keeps) and its create defaults (`ClusterDefaults`) against the CCECore models, which are
/// the declaration of the cluster fields (the validator's tables are built from them). A
/// field added to the models and not to the emulator, or the other way round, fails here.
@Suite("Cluster document cross-check")
struct ClusterDocumentCrossCheckTests {
    static func names<K: CodingKey & CaseIterable>(_ keys: K.Type) -> Set<String> {
        Set(K.allCases.map(\.stringValue))
    }

    /// The model fields of each object, by path.
    static let models: [String: Set<String>] = [
        "": names(Cluster.CodingKeys.self),
        "metadata": names(ClusterMetadata.CodingKeys.self),
        "spec": names(ClusterSpec.CodingKeys.self),
        "spec.hostNetwork": names(HostNetwork.CodingKeys.self),
        "spec.containerNetwork": names(ContainerNetwork.CodingKeys.self),
        "spec.containerNetwork.cidrs[]": names(ContainerCIDR.CodingKeys.self),
        "spec.eniNetwork": names(EniNetwork.CodingKeys.self),
        "spec.eniNetwork.subnets[]": names(NetworkSubnet.CodingKeys.self),
        "spec.serviceNetwork": names(ServiceNetwork.CodingKeys.self),
        "spec.publicAccess": names(PublicAccess.CodingKeys.self),
        "spec.authentication": names(Authentication.CodingKeys.self),
        "spec.authentication.authenticatingProxy": names(AuthenticatingProxy.CodingKeys.self),
        "spec.masters[]": names(MasterSpec.CodingKeys.self),
        "spec.clusterTags[]": names(ResourceTag.CodingKeys.self),
        "spec.extendParam": Set(ClusterExtendParam.knownKeys),
        "spec.encryptionConfig": names(EncryptionConfig.CodingKeys.self),
    ]

    /// Differences that are by design, with the reason.
    static let allowed: [String: Set<String>] = [
        // The router writes `status` itself; a stored cluster's schema covers what a request gives.
        "": ["status"]
    ]

    /// Every object the emulator's schema names, with its member names.
    static func schemaObjects(_ schema: WireSchema, path: String, into out: inout [String: Set<String>]) {
        switch schema {
        case .object(let o):
            out[path] = Set(o.members.map(\.name))
            for m in o.members {
                schemaObjects(m.schema, path: path.isEmpty ? m.name : "\(path).\(m.name)", into: &out)
            }
        case .array(let element):
            schemaObjects(element, path: path + "[]", into: &out)
        case .value:
            break
        }
    }

    @Test func emulatorSchemaMatchesTheModels() {
        var emulator: [String: Set<String>] = [:]
        Self.schemaObjects(WireSchema.cluster, path: "", into: &emulator)
        for (path, members) in emulator {
            guard let model = Self.models[path] else {
                Issue.record("the emulator's schema has an object at `\(path)` that this test does not map to a model")
                continue
            }
            let allowed = Self.allowed[path] ?? []
            let emulatorOnly = members.subtracting(model)
            let modelOnly = model.subtracting(members).subtracting(allowed)
            #expect(
                emulatorOnly.isEmpty, "`\(path)`: in the emulator's schema, not in the model: \(emulatorOnly.sorted())")
            #expect(modelOnly.isEmpty, "`\(path)`: in the model, not in the emulator's schema: \(modelOnly.sorted())")
        }
    }

    /// The defaults the emulator fills in are all model fields, at their places.
    @Test func defaultsAreModelFields() throws {
        var cluster: JSONValue = [
            "kind": "Cluster", "apiVersion": "v3", "metadata": ["name": "demo"],
            "spec": ["containerNetwork": ["mode": "vpc-router"], "hostNetwork": ["vpc": "v", "subnet": "s"]],
        ]
        ClusterDefaults.apply(to: &cluster, uid: "u", created: "2026-01-01 00:00:00 +0000 UTC")
        var unknown: [String] = []
        func walk(_ v: JSONValue, _ path: String) {
            switch v {
            case .object(let o):
                guard let model = Self.models[path] else { return }  // a free-form value
                for (k, child) in o {
                    if !model.contains(k) { unknown.append(path.isEmpty ? k : "\(path).\(k)") }
                    walk(child, path.isEmpty ? k : "\(path).\(k)")
                }
            case .array(let items):
                for item in items { walk(item, path + "[]") }
            default:
                break
            }
        }
        walk(cluster, "")
        #expect(unknown.isEmpty, "the emulator's defaults set fields the models do not declare: \(unknown)")
        // And the typed model reads them all back without leftovers.
        let typed = try Cluster(json: cluster)
        #expect(typed.spec?.additionalFields.isEmpty == true && typed.metadata?.additionalFields.isEmpty == true)
    }
}
