import OrderedCollections

/// One field a wanted body sets that an existing resource holds differently.
public struct BodyDifference: Sendable, Equatable {
    /// Where, in the language's path syntax (`spec.flavor`, `spec.extendParam["alpha.cce/fixPoolMask"]`).
    public var path: String
    public var components: [DiagnosticPath.Component]
    /// What the wanted body says.
    public var want: JSONValue
    /// What the resource holds; nil when it lacks the field.
    public var have: JSONValue?

    public init(path: DiagnosticPath, want: JSONValue, have: JSONValue?) {
        self.path = path.description
        self.components = path.components
        self.want = want
        self.have = have
    }

    /// `spec.flavor cce.s1.small → cce.s2.small`: JSON values, a plain word without its
    /// quotes, `(absent)` for a missing one.
    public var summary: String {
        "\(path) \(have.map(Self.text) ?? "(absent)") → \(Self.text(want))"
    }

    static func text(_ value: JSONValue) -> String {
        if case .string(let s) = value, !s.isEmpty, s.count <= 200,
            s.unicodeScalars.allSatisfy({
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-._/:".unicodeScalars.contains($0)
            })
        {
            return s
        }
        return value.serialized()
    }
}

/// Compares a wanted body with what a service holds, on any two JSON bodies (clusters,
/// node pools, …): only the fields `want` sets are looked at, so defaults the service filled
/// in are not differences. Maps are compared member by member, lists and scalars as a whole
/// (a list is one setting: `[a, b]` and `[b, a]` differ). Member names match exactly, or
/// else ignoring case, as the service decodes them (Go's encoding/json).
public enum BodyDiff {
    /// Decides, for a pair of unequal scalars or lists, whether they still mean the same
    /// (e.g. a version given at a lower precision). nil: use plain equality.
    public typealias Equivalence = @Sendable (_ path: DiagnosticPath, _ want: JSONValue, _ have: JSONValue) -> Bool

    /// The differences, sorted by path. A null in `want` means "not set" and is skipped.
    /// Recursion follows `want`'s nesting, which the JSON parser bounds.
    public static func differences(
        want: JSONValue, have: JSONValue?, at path: DiagnosticPath = .root, skip: Set<String> = [],
        equivalent: Equivalence? = nil
    ) -> [BodyDifference] {
        var out: [BodyDifference] = []
        collect(want: want, have: have, path: path, skip: skip, equivalent: equivalent, into: &out)
        return out.sorted { $0.path < $1.path }
    }

    private static func collect(
        want: JSONValue, have: JSONValue?, path: DiagnosticPath, skip: Set<String>, equivalent: Equivalence?,
        into out: inout [BodyDifference]
    ) {
        if want == .null || skip.contains(path.description) { return }
        if case .object(let members) = want {
            guard case .object(let held)? = have else {
                // Absent or of another type: each leaf the want sets is a difference, unless
                // it asks only for empty maps.
                if members.isEmpty {
                    if have == nil || have == .null { return }
                    out.append(BodyDifference(path: path, want: want, have: have))
                    return
                }
                for (key, value) in members {
                    collect(want: value, have: nil, path: path.key(key), skip: skip, equivalent: equivalent, into: &out)
                }
                return
            }
            for (key, value) in members {
                let match = held[key] ?? held.first(where: { $0.key.lowercased() == key.lowercased() })?.value
                collect(want: value, have: match, path: path.key(key), skip: skip, equivalent: equivalent, into: &out)
            }
            return
        }
        guard let have, have != .null else {
            out.append(BodyDifference(path: path, want: want, have: nil))
            return
        }
        if same(want, have) { return }
        if let equivalent, equivalent(path, want, have) { return }
        out.append(BodyDifference(path: path, want: want, have: have))
    }

    /// JSON equality with numbers compared by value (1 and 1.0 are the same), maps regardless
    /// of member order.
    public static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(x) == y
        case (.array(let xs), .array(let ys)):
            return xs.count == ys.count && zip(xs, ys).allSatisfy { same($0, $1) }
        case (.object(let xs), .object(let ys)):
            return xs.count == ys.count && xs.allSatisfy { key, value in ys[key].map { same(value, $0) } ?? false }
        default: return a == b
        }
    }
}

/// Drift between a cluster body and the cluster of that name, and what an update can do
/// about it (see `ClusterUpdate`).
public enum ClusterDrift {
    /// Fields a request sets that the service does not keep as sent, so comparing them
    /// would report drift that no update can remove: annotations are not stored (Table 4),
    /// and kind/apiVersion are constants.
    static let skipped: Set<String> = ["kind", "apiVersion", "metadata.annotations", "status"]

    /// The differences between the cluster body `want` and the cluster `have` (as GET
    /// shows it), sorted by path.
    public static func differences(want: JSONValue, have: JSONValue) -> [BodyDifference] {
        BodyDiff.differences(want: want, have: have, skip: skipped) { path, want, have in
            // A version at a lower precision matches the service's fuller one (`v1.29` and
            // `v1.29.3-r0`), as Terraform's providers suppress that diff (WIRE.md §8).
            if path.description == "spec.version", case .string(let w) = want, case .string(let h) = have {
                return h == w || h.hasPrefix(w + ".") || h.hasPrefix(w + "-")
            }
            return false
        }
    }

    /// The differences split into those an update can apply and those that need a new
    /// cluster, with the update body for the former.
    public struct Plan: Sendable, Equatable {
        /// The update body (`{spec: {...}, metadata: {...}}`), nil when nothing is updatable.
        public var update: JSONValue?
        public var updatable: [BodyDifference]
        /// What no update changes; each needs a new cluster (or resize, for an upsized flavor).
        public var needsNewCluster: [BodyDifference]
    }

    public static func plan(_ differences: [BodyDifference], have: JSONValue) -> Plan {
        var spec = OrderedDictionary<String, JSONValue>()
        var metadata = OrderedDictionary<String, JSONValue>()
        var updatable: [BodyDifference] = []
        var fixed: [BodyDifference] = []
        for d in differences {
            guard ClusterUpdate.isUpdatable(path: d.path) else {
                fixed.append(d)
                continue
            }
            switch d.path {
            case "metadata.alias":
                metadata["alias"] = d.want
            case "spec.hostNetwork.SecurityGroup":
                spec["hostNetwork"] = ["SecurityGroup": d.want]
            case "spec.containerNetwork.cidrs":
                // Append only; the update carries just the new blocks (as TFHW sends them).
                let held = d.have?.arrayValue ?? []
                guard let wanted = d.want.arrayValue, wanted.count > held.count,
                    zip(held, wanted).allSatisfy({ BodyDiff.same($0, $1) })
                else {
                    fixed.append(d)
                    continue
                }
                spec["containerNetwork"] = ["cidrs": .array(Array(wanted.dropFirst(held.count)))]
            case "spec.eniNetwork.subnets":
                // Additions only, and the list must include every existing subnet.
                let held = d.have?.arrayValue ?? []
                guard let wanted = d.want.arrayValue,
                    held.allSatisfy({ h in wanted.contains { BodyDiff.same($0, h) } })
                else {
                    fixed.append(d)
                    continue
                }
                spec["eniNetwork"] = ["subnets": d.want]
            default:
                guard d.path.hasPrefix("spec.") else {
                    fixed.append(d)
                    continue
                }
                if d.path.hasPrefix("spec.secretConfig") {
                    // The whole wanted map: its members are one setting.
                    var merged = have["spec"]?["secretConfig"]?.objectValue ?? [:]
                    if case .object(let w)? = spec["secretConfig"] { merged.merge(w) { _, new in new } }
                    if d.components.count == 3, case .key(let k) = d.components[2] {
                        merged[k] = d.want
                    } else if d.components.count == 2 {
                        merged = d.want.objectValue ?? merged
                    }
                    spec["secretConfig"] = .object(merged)
                } else {
                    spec[String(d.path.dropFirst("spec.".count))] = d.want
                }
            }
            updatable.append(d)
        }
        var body: JSONValue? = nil
        if !updatable.isEmpty {
            var root = OrderedDictionary<String, JSONValue>()
            root["spec"] = .object(spec)
            if !metadata.isEmpty { root["metadata"] = .object(metadata) }
            body = .object(root)
        }
        return Plan(update: body, updatable: updatable, needsNewCluster: fixed)
    }
}
