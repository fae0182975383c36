import OrderedCollections

/// What `PUT /clusters/{id}` may change (WIRE.md §3.3, WIRE-LIFECYCLE §5), and the check of
/// an update body against it. Everything else needs another API (resize, upgrade, master
/// EIP) or a new cluster.
public enum ClusterUpdate {
    /// The updatable members of `spec`, as the service spells them.
    public static let specFields = [
        "description", "customSan", "containerNetwork", "eniNetwork", "hostNetwork", "deletionProtection",
        "secretConfig",
    ]
    /// Characters the update API refuses in a description (PYCCE cluster_information_spec.py).
    static let forbiddenDescriptionCharacters: Set<Character> = [
        "~", "$", "%", "^", "&", "*", "<", ">", "[", "]", "{", "}",
        "(", ")", "'", "\"", "#", "\\",
    ]
    static let maxDescriptionCharacters = 200

    /// Whether a difference at `path` (a `DiagnosticPath` rendering) can be applied by an
    /// update. `containerNetwork.cidrs` and `eniNetwork.subnets` only grow: see `plan`.
    public static func isUpdatable(path: String) -> Bool {
        path == "metadata.alias" || path == "spec.description" || path == "spec.customSan"
            || path == "spec.deletionProtection" || path == "spec.hostNetwork.SecurityGroup"
            || path == "spec.secretConfig" || path.hasPrefix("spec.secretConfig.")
            || path.hasPrefix("spec.secretConfig[")
            || path == "spec.containerNetwork.cidrs" || path == "spec.eniNetwork.subnets"
    }

    /// Every problem of an update body, at its JSON path, sorted by path. Member names are
    /// matched exactly: the update schema is small, and a misspelt member would otherwise
    /// be dropped without a word (the service decodes like Go's encoding/json).
    public static func validate(_ body: JSONValue) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func error(_ code: String, _ path: DiagnosticPath, _ message: String, hint: String? = nil) {
            out.append(.error(code, at: path, message, hint: hint))
        }
        func notUpdatable(_ path: DiagnosticPath, _ allowed: [String]) {
            error(
                "update.field", path, "\(path) cannot be changed by an update",
                hint:
                    "an update may set \(allowed.joined(separator: ", ")); "
                    + "other fields need a new cluster (flavor: resize)"
            )
        }
        guard case .object(let root) = body else {
            error("update.type", .root, "the update body must be a map, not \(describe(body))")
            return out
        }
        let rootPath = DiagnosticPath.root
        for key in root.keys where key != "spec" && key != "metadata" && key != "kind" && key != "apiVersion" {
            notUpdatable(rootPath.key(key), ["spec.…", "metadata.alias"])
        }
        if let metadata = root["metadata"], metadata != .null {
            let mpath = rootPath.key("metadata")
            if case .object(let m) = metadata {
                for (key, value) in m {
                    guard key == "alias" else {
                        notUpdatable(mpath.key(key), ["metadata.alias"])
                        continue
                    }
                    guard case .string(let alias) = value else {
                        error("alias.type", mpath.key(key), "metadata.alias must be a string, not \(describe(value))")
                        continue
                    }
                    let problems = ValidationRun.nameProblems(alias)
                    if !problems.isEmpty {
                        error(
                            "alias.pattern", mpath.key(key),
                            "the alias \(quoted(alias)) " + problems.joined(separator: "; "),
                            hint:
                                "an alias follows the rules of metadata.name: "
                                + "4–128 of a-z, 0-9 and '-', starting with a letter"
                        )
                    }
                }
            } else {
                error("metadata.type", mpath, "metadata must be a map, not \(describe(metadata))")
            }
        }
        let specPath = rootPath.key("spec")
        guard let specValue = root["spec"], specValue != .null else {
            error(
                "spec.required", specPath, "an update body needs spec (it may be empty: {spec: {}})",
                hint: "put the fields to change under spec, e.g. {spec: {description: \"…\"}}")
            return out.sorted { $0.path < $1.path }
        }
        guard case .object(let spec) = specValue else {
            error("spec.type", specPath, "spec must be a map, not \(describe(specValue))")
            return out.sorted { $0.path < $1.path }
        }
        let allowed = specFields.map { "spec.\($0)" } + ["metadata.alias"]
        for (key, value) in spec {
            let path = specPath.key(key)
            switch key {
            case "description":
                guard case .string(let text) = value else {
                    error("description.type", path, "the description must be a string, not \(describe(value))")
                    continue
                }
                if text.count > maxDescriptionCharacters {
                    error(
                        "description.length", path,
                        "the description has \(text.count) characters; "
                            + "an update allows at most \(maxDescriptionCharacters)"
                    )
                }
                if let bad = text.first(where: { forbiddenDescriptionCharacters.contains($0) }) {
                    error(
                        "description.characters", path,
                        "the description contains \(quoted(String(bad))), which an update refuses",
                        hint: "leave out ~ $ % ^ & * < > [ ] { } ( ) ' \" # \\")
                }
            case "customSan":
                guard case .array(let items) = value else {
                    error(
                        "customSan.type", path,
                        "customSan must be a list of IP addresses and domain names, not \(describe(value))")
                    continue
                }
                var seen: Set<String> = []
                for (i, item) in items.enumerated() {
                    guard case .string(let text) = item, IPAddress(text) != nil || ValidationRun.isDNSName(text) else {
                        error(
                            "customSan.format", path.index(i),
                            "\(describe(item)) is neither an IP address nor a domain name")
                        continue
                    }
                    if !seen.insert(text.lowercased()).inserted {
                        error("customSan.duplicate", path.index(i), "\(quoted(text)) is listed twice")
                    }
                }
            case "containerNetwork":
                checkMembers(value, at: path, only: ["cidrs"], &out)
                guard case .array(let items)? = value["cidrs"] else {
                    if value["cidrs"] != nil {
                        error("cidrs.type", path.key("cidrs"), "cidrs must be a list of {cidr: \"10.1.0.0/16\"}")
                    }
                    continue
                }
                for (i, item) in items.enumerated() {
                    let at = path.key("cidrs").index(i)
                    guard case .string(let text)? = item["cidr"], let cidr = CIDR(text), cidr.family == .ipv4 else {
                        error(
                            "cidrs.format", at.key("cidr"),
                            "each entry needs cidr: an IPv4 CIDR block like \"10.1.0.0/16\"")
                        continue
                    }
                    if cidr.hasHostBits {
                        error(
                            "cidrs.hostBits", at.key("cidr"), "\(quoted(text)) has host bits set",
                            hint: "write \(quoted(cidr.description))")
                    }
                    checkMembers(item, at: at, only: ["cidr"], &out)
                }
            case "eniNetwork":
                checkMembers(value, at: path, only: ["subnets"], &out)
                guard case .array(let items)? = value["subnets"] else {
                    if value["subnets"] != nil {
                        error("subnets.type", path.key("subnets"), "subnets must be a list of {subnetID: \"…\"}")
                    }
                    continue
                }
                for (i, item) in items.enumerated() {
                    let at = path.key("subnets").index(i)
                    guard case .string(let id)? = item["subnetID"], !id.isEmpty else {
                        error("subnets.format", at.key("subnetID"), "each entry needs subnetID: the IPv4 subnet ID")
                        continue
                    }
                    checkMembers(item, at: at, only: ["subnetID"], &out)
                }
            case "hostNetwork":
                checkMembers(value, at: path, only: ["SecurityGroup"], &out)
                if let sg = value["SecurityGroup"], sg.stringValue == nil {
                    error(
                        "SecurityGroup.type", path.key("SecurityGroup"),
                        "SecurityGroup must be a string (a security group ID)")
                }
            case "deletionProtection":
                if value.boolValue == nil {
                    error(
                        "deletionProtection.type", path,
                        "deletionProtection must be true or false, not \(describe(value))")
                }
            case "secretConfig":
                if value.objectValue == nil {
                    error(
                        "secretConfig.type", path,
                        "secretConfig must be a map, e.g. {disableDefaultAddonCredSecret: true}")
                }
            default:
                notUpdatable(path, allowed)
            }
        }
        return out.sorted { $0.path < $1.path }
    }

    private static func checkMembers(
        _ value: JSONValue, at path: DiagnosticPath, only: Set<String>, _ out: inout [Diagnostic]
    ) {
        guard case .object(let members) = value else {
            out.append(.error("update.type", at: path, "\(path) must be a map, not \(describe(value))"))
            return
        }
        for key in members.keys where !only.contains(key) {
            out.append(
                .error(
                    "update.field", at: path.key(key), "\(path.key(key)) cannot be changed by an update",
                    hint: "here an update may set only \(only.sorted().joined(separator: ", "))"))
        }
    }
}
