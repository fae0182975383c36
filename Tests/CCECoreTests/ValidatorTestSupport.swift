import CCECore
import OrderedCollections

/// Builds request bodies the way the language's builders do (LANGUAGE.md's shortcut
/// table), so tests read like the conformance programs.
struct Body: Sendable, CustomStringConvertible {
    var json: JSONValue

    static func cluster(_ name: String) -> Body {
        Body(json: ["kind": "Cluster", "apiVersion": "v3", "metadata": ["name": .string(name)], "spec": [:]])
    }

    /// The base of validation.cce: a valid minimal body.
    static var base: Body {
        cluster("valid-name")
            .type("VirtualMachine")
            .flavor("cce.s1.small")
            .vpc("23d3725f-6ffe-400e-8fb6-b4f9a7b3e8c1")
            .subnet("c90b3ce5-e1f1-4c87-a006-644d78846438")
            .containerNetwork(["mode": "overlay_l2"])
    }

    var description: String { json.serialized() }

    func setting(_ path: String, _ value: JSONValue) -> Body {
        setting(path.split(separator: ".").map(String.init), value)
    }

    func setting(_ keys: [String], _ value: JSONValue) -> Body {
        var copy = self
        Body.set(&copy.json, keys[...], value)
        return copy
    }

    func removing(_ keys: [String]) -> Body {
        var copy = self
        Body.remove(&copy.json, keys[...])
        return copy
    }

    private static func set(_ node: inout JSONValue, _ keys: ArraySlice<String>, _ value: JSONValue) {
        guard let first = keys.first else {
            node = value
            return
        }
        var o = node.objectValue ?? [:]
        var child = o[first] ?? .object([:])
        set(&child, keys.dropFirst(), value)
        o[first] = child
        node = .object(o)
    }

    private static func remove(_ node: inout JSONValue, _ keys: ArraySlice<String>) {
        guard let first = keys.first, var o = node.objectValue else { return }
        if keys.count == 1 {
            o.removeValue(forKey: first)
        } else if var child = o[first] {
            remove(&child, keys.dropFirst())
            o[first] = child
        }
        node = .object(o)
    }

    func name(_ s: String) -> Body { setting("metadata.name", .string(s)) }
    func type(_ s: String) -> Body { setting("spec.type", .string(s)) }
    func flavor(_ s: String) -> Body { setting("spec.flavor", .string(s)) }
    func version(_ s: String) -> Body { setting("spec.version", .string(s)) }
    func vpc(_ s: String) -> Body { setting("spec.hostNetwork.vpc", .string(s)) }
    func subnet(_ s: String) -> Body { setting("spec.hostNetwork.subnet", .string(s)) }
    func hostNetwork(_ v: JSONValue) -> Body { setting("spec.hostNetwork", v) }
    func containerNetwork(_ v: JSONValue) -> Body { setting("spec.containerNetwork", v) }
    func kubeProxyMode(_ s: String) -> Body { setting("spec.kubeProxyMode", .string(s)) }
    func ipv6enable(_ b: Bool) -> Body { setting("spec.ipv6enable", .bool(b)) }
    func enableMasterVolumeEncryption(_ b: Bool) -> Body { setting("spec.enableMasterVolumeEncryption", .bool(b)) }
    func customSan(_ list: [String]) -> Body { setting("spec.customSan", .array(list.map { .string($0) })) }
    func authentication(_ v: JSONValue) -> Body { setting("spec.authentication", v) }
    func masterAZs(_ list: [String]) -> Body {
        setting("spec.masters", .array(list.map { ["availabilityZone": .string($0)] }))
    }
    func multiAZ() -> Body { setting("spec.extendParam.clusterAZ", "multi_az") }
    func fixPoolMask(_ n: Int) -> Body {
        setting(["spec", "extendParam", "alpha.cce/fixPoolMask"], .string(String(n)))
    }
    func cpuManagerPolicy(_ s: String) -> Body {
        setting(["spec", "extendParam", "kubernetes.io/cpuManagerPolicy"], .string(s))
    }
    func clusterExternalIP(_ s: String) -> Body { setting("spec.extendParam.clusterExternalIP", .string(s)) }
    func containerCidr(_ s: String) -> Body {
        var list = json["spec"]?["containerNetwork"]?["cidrs"]?.arrayValue ?? []
        list.append(["cidr": .string(s)])
        return setting("spec.containerNetwork.cidrs", .array(list))
    }
    func annotations(_ v: JSONValue) -> Body { setting("metadata.annotations", v) }
    func addon(_ name: String) -> Body {
        setting(
            ["metadata", "annotations", "cluster.install.addons.external/install"],
            .string(JSONValue.array([["addonTemplateName": .string(name)]]).serialized()))
    }

    /// Deep merge, as the language's `.with(map)`.
    func with(_ patch: JSONValue) -> Body {
        Body(json: Body.merge(json, patch))
    }

    private static func merge(_ a: JSONValue, _ b: JSONValue) -> JSONValue {
        guard case .object(var x) = a, case .object(let y) = b else { return b }
        for (k, v) in y { x[k] = x[k].map { merge($0, v) } ?? v }
        return .object(x)
    }

    var diagnostics: [Diagnostic] { ClusterValidator.validate(json) }

    /// As validation.cce's `errors(c)`: the sorted paths of the errors, or "none".
    var errors: String {
        let paths = diagnostics.filter { $0.severity == .error }.map(\.path).sorted()
        return paths.isEmpty ? "none" : paths.joined(separator: " ")
    }

    func has(_ severity: Diagnostic.Severity, _ code: String, at path: String) -> Bool {
        diagnostics.contains { $0.severity == severity && $0.code == code && $0.path == path }
    }
}
