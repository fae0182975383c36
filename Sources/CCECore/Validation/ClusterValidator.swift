import Foundation
import OrderedCollections
import Synchronization

/// Checks a Create Cluster request body against the API reference before it is sent.
///
/// Works on the raw JSON, so it copes with any input: a value of the wrong type is an error
/// at its path naming the expected type, and nothing traps. Rules come from the OTC
/// "Creating a Cluster" reference and WIRE.md §8; where they tie two fields, the diagnostic
/// sits at the optional field whose value is not allowed (never at `flavor`,
/// `containerNetwork.mode` or `version`). Unknown fields are warnings, never errors.
public enum ClusterValidator {
    /// All findings about `body`, ordered by where their paths appear in it.
    public static func validate(_ body: JSONValue) -> [Diagnostic] {
        validate(body, reusingFindings: true)
    }

    /// `reusingFindings: false` validates everything afresh (for tests that compare):
    /// neither the last body's findings nor the last spec's are reused.
    static func validate(_ body: JSONValue, reusingFindings: Bool) -> [Diagnostic] {
        var run = ValidationRun()
        run.reuseSpecFindings = reusingFindings
        if reusingFindings, case .object(let root) = body, let last = ValidationRun.lastBody.withLock({ $0 }),
            let entries = run.entriesReusing(last, for: root)
        {
            run.sink.entries = entries
        } else {
            run.validateRoot(body)
            if reusingFindings, let found = run.bodyFindings(body) {
                ValidationRun.lastBody.withLock { $0 = found }
            }
        }
        return run.sink.sorted(in: body)
    }

    /// Whether `name` is a valid cluster name (`metadata.name`, `metadata.alias`).
    public static func isValidClusterName(_ name: String) -> Bool {
        ValidationRun.nameProblems(name).isEmpty
    }
}

struct ValidationRun {
    var sink = DiagnosticSink()
    var reuseSpecFindings = true

    /// A spec and what validating it found, at the path where it sat.
    struct SpecFindings: Sendable {
        let spec: OrderedDictionary<String, JSONValue>
        let path: DiagnosticPath
        let entries: [(path: DiagnosticPath, diagnostic: Diagnostic)]
    }

    /// The spec validated last. A batch validates copies of one template, whose specs are
    /// the same: what a spec's rules find depends on the spec alone and where it sits (the
    /// facts below are set and read inside it), so an identical spec gets the same findings
    /// without running the rules again. One entry: a different spec just replaces it.
    static let lastSpec = Mutex<SpecFindings?>(nil)

    /// A body and what validating it found, for the next body of a batch: a copy of one
    /// template with another `metadata.name`. Every rule but the name's reads fields other
    /// than the name (and an object's keys decide how it resolves, not its values), so a body
    /// the same as this one but for the name's value gets these findings, with those of
    /// the name step (`nameRange`) found again for its own name.
    struct BodyFindings: Sendable {
        let root: OrderedDictionary<String, JSONValue>
        /// Where `metadata` is among the root's members, and `name` among metadata's (both
        /// spelled exactly so).
        let metadataIndex: Int
        let nameIndex: Int
        let entries: [(path: DiagnosticPath, diagnostic: Diagnostic)]
        let nameRange: Range<Int>
    }

    static let lastBody = Mutex<BodyFindings?>(nil)

    /// The entries the name step added in this run (`validateMetadata`).
    var nameRange: Range<Int>?

    /// Facts other rules depend on; `nil` when absent or invalid (so tied rules are skipped
    /// rather than piling up errors behind the one that matters).
    var version: ClusterVersion?
    /// A version was given but could not be read: version-dependent rules then stay silent
    /// rather than guessing (the format error says what to fix).
    var versionUnreadable = false
    var flavor: ClusterReference.Flavor?
    var networkMode: String?

    // MARK: Root and metadata

    mutating func validateRoot(_ body: JSONValue) {
        guard case .object(let root) = body else {
            sink.error(
                "body.type", .root, "a Create Cluster request body must be a JSON object, found \(describe(body))")
            return
        }
        let r = sink.resolve(root, at: .root, schema: ClusterReference.root, what: "the request body")
        if let kind = sink.string(r, "kind", required: true), kind != "Cluster" {
            sink.error(
                "kind.value", r.path("kind"), "`kind` must be \"Cluster\", found \(quoted(kind))",
                hint: kind.lowercased() == "cluster" ? "write \"Cluster\" with a capital C" : "set kind to \"Cluster\"")
        }
        if let api = sink.string(r, "apiVersion", required: true), api != "v3" {
            sink.error(
                "apiVersion.value", r.path("apiVersion"), "`apiVersion` must be \"v3\", found \(quoted(api))",
                hint: "set apiVersion to \"v3\"")
        }
        if let (m, path) = sink.object(r, "metadata", required: true) { validateMetadata(m, path) }
        if let (s, path) = sink.object(r, "spec", required: true) { validateSpecReusing(s, path) }
    }

    mutating func validateSpecReusing(_ s: OrderedDictionary<String, JSONValue>, _ path: DiagnosticPath) {
        guard reuseSpecFindings else { return validateSpec(s, path) }
        if let last = ValidationRun.lastSpec.withLock({ $0 }), last.path.isIdentical(to: path),
            JSONValue.identical(last.spec, s)
        {
            sink.entries += last.entries
            return
        }
        let first = sink.entries.count
        validateSpec(s, path)
        let found = SpecFindings(spec: s, path: path, entries: Array(sink.entries[first...]))
        ValidationRun.lastSpec.withLock { $0 = found }
    }

    /// What this run found, as `lastBody` keeps it; nil for a body whose metadata or name
    /// is not spelled exactly so (rare: those are validated in full each time).
    func bodyFindings(_ body: JSONValue) -> BodyFindings? {
        guard case .object(let root) = body, let nameRange, let mi = root.index(forKey: "metadata"),
            case .object(let m) = root.values[mi], let ni = m.index(forKey: "name")
        else { return nil }
        return BodyFindings(
            root: root, metadataIndex: mi, nameIndex: ni,
            entries: sink.entries, nameRange: nameRange)
    }

    /// The findings of `root` from those of the last body, when the two are identical but
    /// for the name's value (`JSONValue.identical`: exact); nil otherwise.
    mutating func entriesReusing(_ last: BodyFindings, for root: OrderedDictionary<String, JSONValue>)
        -> [(path: DiagnosticPath, diagnostic: Diagnostic)]?
    {
        guard root.count == last.root.count else { return nil }
        var name: JSONValue?
        for i in 0..<root.count {
            guard JSONValue.sameBytes(root.keys[i], last.root.keys[i]) else { return nil }
            if i != last.metadataIndex {
                guard JSONValue.identical(root.values[i], last.root.values[i]) else { return nil }
                continue
            }
            guard case .object(let m) = root.values[i], case .object(let lm) = last.root.values[i], m.count == lm.count
            else { return nil }
            for j in 0..<m.count {
                guard JSONValue.sameBytes(m.keys[j], lm.keys[j]) else { return nil }
                if j == last.nameIndex {
                    name = m.values[j]
                } else {
                    guard JSONValue.identical(m.values[j], lm.values[j]) else { return nil }
                }
            }
        }
        guard let name else { return nil }
        let nameEntries: [(path: DiagnosticPath, diagnostic: Diagnostic)]
        if case .string(let s) = name, ValidationRun.isValidASCIIName(s) {
            // A valid name: the name step finds nothing (the usual item of a batch).
            if last.nameRange.isEmpty { return last.entries }
            nameEntries = []
        } else {
            // The name step alone, on metadata as it resolves (its keys are the last body's).
            var md = ResolvedObject(path: DiagnosticPath.root.key("metadata"))
            md.members.appendNew("name", ("name", name))
            validateName(md)
            nameEntries = sink.entries
        }
        return Array(last.entries[..<last.nameRange.lowerBound]) + nameEntries
            + last.entries[last.nameRange.upperBound...]
    }

    mutating func validateName(_ md: ResolvedObject) {
        let start = sink.entries.count
        if let name = sink.string(md, "name", required: true) {
            checkName(name, at: md.path("name"), field: "name", code: "name.pattern")
        }
        nameRange = start..<sink.entries.count
    }

    mutating func validateMetadata(_ m: OrderedDictionary<String, JSONValue>, _ path: DiagnosticPath) {
        let md = sink.resolve(m, at: path, schema: ClusterReference.metadata, what: "metadata")
        validateName(md)
        if let alias = sink.string(md, "alias"), !alias.isEmpty {
            // WIRE.md §8: the display name follows the name rule (and must be unique,
            // which only the service can check).
            checkName(alias, at: md.path("alias"), field: "alias", code: "alias.pattern")
        }
        if let (labels, lpath) = sink.object(md, "labels") {
            checkStringMap(labels, at: lpath)
            if !labels.isEmpty {
                sink.warning(
                    "labels.ignored", lpath,
                    "cluster labels are generated by the service; the values given here are ignored",
                    hint: "remove `labels`; the service sets them itself")
            }
        }
        if let (annotations, apath) = sink.object(md, "annotations") {
            checkStringMap(annotations, at: apath)
            for (key, value) in annotations {
                if key == ClusterReference.addonAnnotation {
                    if case .string(let text) = value { checkAddonAnnotation(text, at: apath.key(key)) }
                } else if key.lowercased() == ClusterReference.addonAnnotation {
                    sink.warning(
                        "annotations.addons", apath.key(key),
                        "annotation keys match exactly; this is not the add-on annotation",
                        hint: "write `\(ClusterReference.addonAnnotation)`")
                } else {
                    // Table 4: annotations are "not stored in the database and ... used only
                    // to specify the add-ons to be installed".
                    sink.warning(
                        "annotations.notStored", apath.key(key),
                        "the service does not store annotations; "
                            + "only `\(ClusterReference.addonAnnotation)` has an effect",
                        hint: "keep your own data in clusterTags or in your scripts")
                }
            }
        }
        _ = sink.string(md, "timezone")
    }

    static func nameProblems(_ name: String) -> [String] {
        isValidASCIIName(name) ? [] : ruleProblems(name)
    }

    /// What is wrong with a name by the rules, one message each.
    static func ruleProblems(_ name: String) -> [String] {
        var problems: [String] = []
        let count = name.count
        if count < 4 || count > 128 {
            problems.append("must be 4 to 128 characters long (it has \(count))")
        }
        if let first = name.unicodeScalars.first, !("a"..."z").contains(first) {
            problems.append("must start with a lowercase letter")
        } else if name.isEmpty {
            problems.append("must start with a lowercase letter")
        }
        if let b = name.unicodeScalars.first(where: {
            !(("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-")
        }) {
            problems.append("may contain only lowercase letters, digits and hyphens (found \(quoted(String(b))))")
        }
        if name.hasSuffix("-") { problems.append("must not end with a hyphen") }
        return problems
    }

    /// The usual valid name, checked on its bytes (the rules below, for ASCII, without
    /// counting characters): 4 to 128 of `a-z0-9-`, starting with a letter, not ending with `-`.
    static func isValidASCIIName(_ name: String) -> Bool {
        let bytes = name.utf8
        guard bytes.count >= 4, bytes.count <= 128, let first = bytes.first, first >= 0x61, first <= 0x7A,
            bytes.last != 0x2D
        else { return false }
        return bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }

    /// A nearby valid name, for the hint: lowercased, other characters turned into hyphens.
    static func suggestedName(_ name: String) -> String? {
        var scalars = String.UnicodeScalarView()
        for s in name.lowercased().unicodeScalars.prefix(128) {
            scalars.append(("a"..."z").contains(s) || ("0"..."9").contains(s) ? s : "-")
        }
        var out = String(scalars)
        while let f = out.unicodeScalars.first, !("a"..."z").contains(f) { out.removeFirst() }
        while out.hasSuffix("-") { out.removeLast() }
        return nameProblems(out).isEmpty && out != name ? out : nil
    }

    mutating func checkName(_ name: String, at path: DiagnosticPath, field: String, code: String) {
        let problems = ValidationRun.nameProblems(name)
        guard !problems.isEmpty else { return }
        let hint =
            ValidationRun.suggestedName(name).map { "try \(quoted($0))" }
            ?? "use 4 to 128 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen"
        sink.error(code, path, "the cluster \(field) \(quoted(name)) " + problems.joined(separator: "; "), hint: hint)
    }

    mutating func checkStringMap(_ map: OrderedDictionary<String, JSONValue>, at path: DiagnosticPath) {
        for (k, v) in map {
            if case .string = v { continue }
            sink.typeError(path.key(k), expected: "a string (this map holds string keys and string values)", found: v)
        }
    }

    /// `cluster.install.addons.external/install`: a JSON array of `{"addonTemplateName": ...}`.
    mutating func checkAddonAnnotation(_ text: String, at path: DiagnosticPath) {
        let example = "[{\"addonTemplateName\":\"icagent\"}]"
        let parsed: JSONValue
        do {
            parsed = try JSONValue.parse(text)
        } catch {
            sink.error(
                "annotations.addons", path, "the add-on list is not valid JSON: \(error.description)",
                hint: "write a JSON array as a string, e.g. \(quoted(example))")
            return
        }
        guard case .array(let items) = parsed else {
            sink.error(
                "annotations.addons", path, "the add-on list must be a JSON array, found \(describe(parsed))",
                hint: "e.g. \(quoted(example))")
            return
        }
        for (i, item) in items.enumerated() {
            guard case .object = item else {
                sink.error(
                    "annotations.addons", path,
                    "add-on \(i) must be an object with `addonTemplateName`, found \(describe(item))",
                    hint: "e.g. \(quoted(example))")
                continue
            }
            guard case .string(let name)? = item.member("addonTemplateName"), !name.isEmpty else {
                sink.error(
                    "annotations.addons", path, "add-on \(i) needs `addonTemplateName` (a non-empty string)",
                    hint: "e.g. \(quoted(example))")
                continue
            }
        }
    }

    // MARK: Spec

    mutating func validateSpec(_ s: OrderedDictionary<String, JSONValue>, _ path: DiagnosticPath) {
        let spec = sink.resolve(s, at: path, schema: ClusterReference.spec, what: "spec")

        // Facts first: version, flavor, network mode.
        if let text = sink.string(spec, "version") {
            if text.isEmpty {
                // Scripts that pass an unset variable send ""; Go clients would omit the
                // field. Either way the service creates the latest version.
                sink.warning(
                    "version.empty", spec.path("version"), "an empty version means the latest version",
                    hint: "leave `version` out, or name a version such as \"v1.29\"")
            } else if let v = ClusterVersion(text) {
                version = v
            } else {
                var hint = "write vX.Y, vX.Y.Z or vX.Y.Z-rN, e.g. \"v1.29\" or \"v1.19.8-r0\""
                versionUnreadable = true
                if ClusterVersion("v" + text) != nil { hint = "did you mean \(quoted("v" + text))?" }
                sink.error(
                    "version.format", spec.path("version"), "\(quoted(text)) is not a cluster version", hint: hint)
            }
        }
        checkFlavor(spec)
        checkType(spec)
        if let category = sink.string(spec, "category"), !category.isEmpty {
            checkCategory(category, at: spec.path("category"))
        }
        if let (hn, hpath) = sink.object(spec, "hostNetwork", required: true) {
            let h = sink.resolve(hn, at: hpath, schema: ClusterReference.hostNetwork, what: "hostNetwork")
            _ = sink.string(h, "vpc", required: true)
            _ = sink.string(h, "subnet", required: true)
            _ = sink.string(h, "SecurityGroup")
            _ = sink.string(h, "highwaySubnet")
        }
        let svc = serviceRange(spec)
        if let (cn, cpath) = sink.object(spec, "containerNetwork", required: true) {
            let c = sink.resolve(cn, at: cpath, schema: ClusterReference.containerNetwork, what: "containerNetwork")
            checkNetworkMode(c)
            checkContainerNetwork(c, serviceRange: svc)
        }

        if let d = sink.string(spec, "description"), d.utf8.count > ClusterReference.maxDescriptionBytes {
            sink.error(
                "description.length", spec.path("description"),
                "the description is \(d.utf8.count) bytes of UTF-8; at most \(ClusterReference.maxDescriptionBytes) "
                    + "are allowed",
                hint: "shorten it (non-ASCII characters take 2 to 4 bytes each)")
        }
        checkCustomSan(spec)
        checkVersionGated(spec, "ipv6enable", what: "IPv6 support")
        checkVersionGated(spec, "enableMasterVolumeEncryption", what: "master volume encryption")
        checkEniNetwork(spec)
        checkPublicAccess(spec)
        checkAuthentication(spec)
        checkMasters(spec)
        if let mode = sink.string(spec, "kubeProxyMode"), !mode.isEmpty {
            checkProxyMode(mode, at: spec.path("kubeProxyMode"))
        }
        checkExtendParam(spec)
        checkBillingMode(spec)
        checkClusterTags(spec)
        for name in ["deletionProtection", "enableAutopilot", "enableDistMgt", "supportIstio"] {
            _ = sink.bool(spec, name)
        }
        for name in ["legacyVersion", "agencyName", "publicip_id", "az"] {
            _ = sink.string(spec, name)
        }
    }

    mutating func checkFlavor(_ spec: ResolvedObject) {
        guard let name = sink.string(spec, "flavor", required: true) else { return }
        if let f = ClusterReference.flavor(named: name) {
            flavor = f
            if f.legacy {
                sink.warning(
                    "flavor.legacy", spec.path("flavor"),
                    "\(name) is a legacy bare-metal flavor: the reference names it only among the multi-AZ flavors, "
                        + "and current clusters use cce.s2.*",
                    hint: "use \(name.replacingOccurrences(of: "cce.t2.", with: "cce.s2."))")
            }
            return
        }
        let known = ClusterReference.flavors.map(\.name)
        var message = "\(quoted(name)) is not a cluster flavor"
        if let why = ClusterReference.flavorsElsewhere[name] { message = "\(name) \(why)" }
        let hint =
            nearest(name, among: known).map { "did you mean \(quoted($0))?" }
            ?? "use one of: " + known.joined(separator: ", ")
        sink.error("flavor.unknown", spec.path("flavor"), message, hint: hint)
    }

    mutating func checkType(_ spec: ResolvedObject) {
        guard let type = sink.string(spec, "type", required: true), type != "VirtualMachine" else { return }
        let path = spec.path("type")
        switch type {
        case "ARM64":
            sink.error(
                "type.value", path,
                "ARM64 (Kunpeng masters) is offered only on Huawei Cloud; "
                    + "this API takes \"VirtualMachine\" (x86 masters)",
                hint: "set type to \"VirtualMachine\"")
        case "BareMetal", "Windows":
            sink.error(
                "type.value", path,
                "\(type) is a legacy cluster type that is no longer offered; the only type is \"VirtualMachine\"",
                hint: "set type to \"VirtualMachine\"")
        default:
            sink.error(
                "type.value", path,
                "\(quoted(type)) is not a cluster type; the only type is \"VirtualMachine\" (x86 masters)",
                hint: "set type to \"VirtualMachine\"")
        }
    }

    mutating func checkCategory(_ category: String, at path: DiagnosticPath) {
        if category == "CCE" {
            if let v = version, !v.isAtLeast(1, 17, 17) {
                sink.warning(
                    "category.version", path,
                    "`category` takes effect only in clusters of v1.17.17 or later; \(v.text) ignores it")
            }
            return
        }
        if category == "Turbo" {
            sink.error(
                "category.value", path,
                "CCE Turbo clusters are not offered by this API reference; the only category is \"CCE\"",
                hint: "set category to \"CCE\" or leave it out")
        } else {
            sink.error(
                "category.value", path, "\(quoted(category)) is not a cluster category; the only category is \"CCE\"",
                hint: "set category to \"CCE\" or leave it out")
        }
    }

    /// A boolean that only clusters of v1.25 or later accept, checked when it is `true`.
    mutating func checkVersionGated(_ spec: ResolvedObject, _ name: String, what: String) {
        guard sink.bool(spec, name) == true, let v = version, !v.isAtLeast(1, 25) else { return }
        sink.error(
            "\(name).version", spec.path(name),
            "\(what) (`\(name)`) needs a cluster of v1.25 or later; the version is \(v.text)",
            hint: "set version to v1.25 or later, or remove `\(name)`")
    }

    // MARK: Networks

    /// The Service CIDR that container blocks must not overlap: `kubernetesSvcIpRange`,
    /// else `serviceNetwork.IPv4CIDR`, else the service's default. Also checks both fields.
    mutating func serviceRange(_ spec: ResolvedObject) -> CIDR? {
        var range: CIDR? = nil
        // When a given range is malformed, overlap is unknowable: no second error about it.
        var malformed = false
        if let text = sink.string(spec, "kubernetesSvcIpRange"), !text.isEmpty {
            let path = spec.path("kubernetesSvcIpRange")
            range = checkCIDR(text, at: path, what: "the Service CIDR block", ipv4Only: true)
            malformed = range == nil
            if range != nil, let v = version, !v.isAtLeast(1, 11, 7) {
                sink.error(
                    "kubernetesSvcIpRange.version", path,
                    "`kubernetesSvcIpRange` is available only in clusters of v1.11.7 or later; "
                        + "the version is \(v.text)",
                    hint: "remove it or use a newer version")
            }
        }
        if let (sn, spath) = sink.object(spec, "serviceNetwork") {
            let s = sink.resolve(sn, at: spath, schema: ClusterReference.serviceNetwork, what: "serviceNetwork")
            if let t = sink.string(s, "IPv4CIDR"), !t.isEmpty {
                let c = checkCIDR(t, at: s.path("IPv4CIDR"), what: "the IPv4 Service CIDR block", ipv4Only: true)
                if c == nil, range == nil { malformed = true }
                if let c, let r = range, c != r {
                    sink.warning(
                        "serviceNetwork.conflict", s.path("IPv4CIDR"),
                        "serviceNetwork.IPv4CIDR \(c) differs from kubernetesSvcIpRange \(r)",
                        hint: "give the Service CIDR block once, in kubernetesSvcIpRange")
                }
                if range == nil { range = c }
            }
            if let t = sink.string(s, "IPv6CIDR"),
                let c = checkCIDR(t, at: s.path("IPv6CIDR"), what: "the IPv6 Service CIDR block"),
                c.family != .ipv6
            {
                sink.error("cidr.family", s.path("IPv6CIDR"), "\(c) is an IPv4 block; IPv6CIDR takes an IPv6 block")
            }
        }
        if malformed { return nil }
        return range ?? ClusterReference.defaultServiceRange
    }

    /// Parses a CIDR, reporting a malformed one (error) and host bits (warning).
    mutating func checkCIDR(_ text: String, at path: DiagnosticPath, what: String, ipv4Only: Bool = false) -> CIDR? {
        guard let c = CIDR(text) else {
            var hint = "write an address and a prefix length, e.g. \"172.16.0.0/16\""
            if let a = IPAddress(text) {
                hint =
                    "add a prefix length, e.g. \(quoted("\(a)/\(a.family == .ipv4 ? 32 : 128)")) for this address alone"
            }
            sink.error("cidr.invalid", path, "\(quoted(text)) is not a valid CIDR block for \(what)", hint: hint)
            return nil
        }
        if ipv4Only, c.family == .ipv6 {
            sink.error("cidr.family", path, "\(what) must be an IPv4 block, found the IPv6 block \(quoted(text))")
            return nil
        }
        if c.hasHostBits {
            sink.warning(
                "cidr.hostBits", path, "\(quoted(text)) has bits set after the prefix; the block it names is \(c)",
                hint: "write \(quoted(c.description))")
        }
        return c
    }

    mutating func checkNetworkMode(_ c: ResolvedObject) {
        guard let mode = sink.string(c, "mode", required: true) else { return }
        if ClusterReference.networkModes.contains(mode) {
            networkMode = mode
            return
        }
        let path = c.path("mode")
        let hint = "use \"overlay_l2\" (tunnel network) or \"vpc-router\" (VPC network)"
        switch mode {
        case "eni":
            sink.error(
                "containerNetwork.mode", path,
                "\"eni\" (Cloud Native 2.0, CCE Turbo) is not a network model this API reference offers", hint: hint)
        case "underlay_ipvlan":
            sink.error(
                "containerNetwork.mode", path,
                "\"underlay_ipvlan\" belonged to retired bare-metal clusters", hint: hint)
        default:
            let near = nearest(mode, among: ClusterReference.networkModes).map { "did you mean \(quoted($0))? " } ?? ""
            sink.error(
                "containerNetwork.mode", path, "\(quoted(mode)) is not a container network model", hint: near + hint)
        }
    }

    mutating func checkContainerNetwork(_ c: ResolvedObject, serviceRange: CIDR?) {
        var blocks: [(CIDR, DiagnosticPath)] = []
        let cidrs = sink.array(c, "cidrs")
        if let text = sink.string(c, "cidr"), !text.isEmpty {
            if let cidrs, !cidrs.isEmpty {
                // The service skips the deprecated field when `cidrs` is given, and its own
                // responses mirror cidrs[0] into it; only a different value is worth a word.
                if cidrs[0].member("cidr")?.stringValue != text {
                    sink.warning(
                        "containerNetwork.cidrIgnored", c.path("cidr"),
                        "`cidr` is deprecated and ignored when `cidrs` is given", hint: "remove `cidr`")
                }
            } else {
                _ = checkContainerCIDR(text, at: c.path("cidr"), serviceRange: serviceRange)
            }
        }
        _ = sink.bool(c, "enableContainerCIDRsReservation")
        guard let cidrs else { return }
        let listPath = c.path("cidrs")
        for (i, item) in cidrs.enumerated() {
            let ipath = listPath.index(i)
            guard case .object(let o) = item else {
                sink.typeError(ipath, expected: "an object {\"cidr\": \"…\"}", found: item)
                continue
            }
            let entry = sink.resolve(
                o, at: ipath, schema: ClusterReference.containerCIDR, what: "a container CIDR entry")
            guard let text = sink.string(entry, "cidr", required: true),
                let block = checkContainerCIDR(text, at: entry.path("cidr"), serviceRange: serviceRange)
            else { continue }
            // Pairwise checks are quadratic; past the allowed count the list is an error
            // anyway, so a huge list costs no more than a legal one.
            if blocks.count <= ClusterReference.maxContainerCIDRs,
                let (earlier, epath) = blocks.first(where: { $0.0.overlaps(block) })
            {
                sink.error(
                    "cidr.overlap", entry.path("cidr"), "\(block) overlaps the container block \(earlier) at \(epath)",
                    hint: "container CIDR blocks must not overlap each other")
            }
            blocks.append((block, entry.path("cidr")))
        }
        if cidrs.count > ClusterReference.maxContainerCIDRs {
            sink.error(
                "containerNetwork.cidrs.count", listPath,
                "\(cidrs.count) container CIDR blocks given; at most \(ClusterReference.maxContainerCIDRs) are allowed")
        }
        if cidrs.count > 1, let mode = networkMode, mode != "vpc-router" {
            sink.error(
                "containerNetwork.cidrs.mode", listPath,
                "several container CIDR blocks are allowed only with the VPC network model (vpc-router); "
                    + "the \(mode) model takes one",
                hint: "keep one block, or use containerNetwork.mode \"vpc-router\"")
        } else if cidrs.count > 1, let v = version, !v.isAtLeast(1, 21) {
            sink.warning(
                "containerNetwork.cidrs.version", listPath,
                "clusters older than v1.21 use only the first container CIDR block; \(v.text) ignores the others",
                hint: "use v1.21 or later for several blocks")
        }
    }

    mutating func checkContainerCIDR(_ text: String, at path: DiagnosticPath, serviceRange: CIDR?) -> CIDR? {
        guard let block = checkCIDR(text, at: path, what: "the container network") else { return nil }
        let recommended = ClusterReference.recommendedContainerBlocks.contains {
            $0.block.contains(block) && block.prefixLength <= $0.maxPrefix
        }
        if !recommended {
            sink.warning(
                "cidr.notRecommended", path,
                "\(block) is outside the recommended container blocks",
                hint: "the reference recommends 10.0.0.0/12–19, 172.16.0.0/16–19 or 192.168.0.0/16–19")
        }
        if let svc = serviceRange, svc.overlaps(block) {
            sink.error(
                "cidr.overlapsServiceRange", path,
                "the container block \(block) overlaps the Service CIDR block \(svc)",
                hint: "pick a container block outside \(svc) (kubernetesSvcIpRange; 10.247.0.0/16 when not set)")
        }
        return block
    }

    mutating func checkEniNetwork(_ spec: ResolvedObject) {
        guard let (en, epath) = sink.object(spec, "eniNetwork"), !en.isEmpty else { return }
        let e = sink.resolve(en, at: epath, schema: ClusterReference.eniNetwork, what: "eniNetwork")
        _ = sink.string(e, "eniSubnetId", required: true)
        if let t = sink.string(e, "eniSubnetCIDR", required: true) {
            _ = checkCIDR(
                t, at: e.path("eniSubnetCIDR"), what: "the ENI subnet (IPv6 is not supported)", ipv4Only: true)
        }
        _ = sink.array(e, "subnets")
        sink.warning(
            "eniNetwork.unused", epath,
            "`eniNetwork` is used only by the ENI network model (CCE Turbo), which this API reference does not offer; "
                + "it is ignored",
            hint: "remove `eniNetwork`")
    }

    mutating func checkPublicAccess(_ spec: ResolvedObject) {
        guard let (pa, ppath) = sink.object(spec, "publicAccess") else { return }
        let p = sink.resolve(pa, at: ppath, schema: ClusterReference.publicAccess, what: "publicAccess")
        guard let cidrs = sink.array(p, "cidrs") else { return }
        var seen: [String: Int] = [:]
        for (i, item) in cidrs.enumerated() {
            let ipath = p.path("cidrs").index(i)
            guard case .string(let text) = item else {
                sink.typeError(ipath, expected: "a string (a CIDR block such as \"203.0.113.0/24\")", found: item)
                continue
            }
            guard let c = checkCIDR(text, at: ipath, what: "the API access trustlist") else { continue }
            if let first = seen[c.description] {
                sink.warning(
                    "publicAccess.duplicate", ipath, "\(c) is already in the trustlist at index \(first)",
                    hint: "remove the duplicate")
            } else {
                seen[c.description] = i
            }
        }
    }

    // MARK: Subject alternative names

    mutating func checkCustomSan(_ spec: ResolvedObject) {
        guard let sans = sink.array(spec, "customSan") else { return }
        var seen: [String: Int] = [:]
        for (i, item) in sans.enumerated() {
            let path = spec.path("customSan").index(i)
            guard case .string(let text) = item else {
                sink.typeError(path, expected: "a string (an IP address or a domain name)", found: item)
                continue
            }
            let identity: String
            if let ip = IPAddress(text) {
                identity = "ip:\(ip)"
            } else if ValidationRun.isDNSName(text) {
                identity = "dns:" + text.lowercased()
            } else {
                sink.error(
                    "customSan.format", path, "\(quoted(text)) is neither an IP address nor a domain name",
                    hint:
                        "use an IPv4/IPv6 address (93.184.216.34) or a DNS name (example.com); "
                        + "CIDR blocks and URLs are not allowed"
                )
                continue
            }
            if let first = seen[identity] {
                sink.error(
                    "customSan.duplicate", path, "\(quoted(text)) duplicates customSan[\(first)]; names must be unique",
                    hint: "remove the duplicate")
            } else {
                seen[identity] = i
            }
        }
    }

    /// A DNS name as X.509 SANs take it: dot-separated labels of letters, digits and inner
    /// hyphens, at most 253 characters, an optional leading `*.` wildcard, and not all
    /// digits in the last label (that would be a malformed IP address).
    static func isDNSName(_ text: String) -> Bool {
        var name = Substring(text)
        if name.hasPrefix("*.") { name = name.dropFirst(2) }
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            let u = Array(label.utf8)
            guard !u.isEmpty, u.count <= 63, u.first != UInt8(ascii: "-"), u.last != UInt8(ascii: "-") else {
                return false
            }
            for c in u {
                let ok =
                    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                    || c == UInt8(ascii: "-")
                if !ok { return false }
            }
        }
        if let last = labels.last, last.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return false }
        return true
    }

    // MARK: Authentication

    mutating func checkAuthentication(_ spec: ResolvedObject) {
        guard let (au, apath) = sink.object(spec, "authentication") else { return }
        let a = sink.resolve(au, at: apath, schema: ClusterReference.authentication, what: "authentication")
        // The reference gives modes for ≤ v1.11 and ≥ v1.13; LANGUAGE.md puts the switch at
        // v1.12. An absent version is the latest, so the new set applies.
        let old = version.map { !$0.isAtLeast(1, 12) } ?? versionUnreadable
        let allowed = old ? ["x509", "rbac", "authenticating_proxy"] : ["rbac", "authenticating_proxy"]
        // "" is the default mode, as when the field is absent.
        let mode = sink.string(a, "mode").flatMap { $0.isEmpty ? nil : $0 }
        if let mode, !allowed.contains(mode) {
            let path = a.path("mode")
            if mode == "x509", let v = version {
                sink.error(
                    "authentication.mode", path,
                    "x509 authentication exists only in clusters of v1.11 or earlier; "
                        + "\(v.text) uses rbac or authenticating_proxy",
                    hint: "use \"rbac\"")
            } else if mode == "x509" {
                sink.error(
                    "authentication.mode", path,
                    "x509 authentication exists only in clusters of v1.11 or earlier, and no version means the latest",
                    hint: "use \"rbac\"")
            } else {
                let near = nearest(mode, among: allowed).map { "did you mean \(quoted($0))? " } ?? ""
                sink.error(
                    "authentication.mode", path,
                    "\(quoted(mode)) is not an authentication mode; this version allows "
                        + "\(allowed.joined(separator: ", "))",
                    hint: near + "use \"rbac\" unless you run an authenticating proxy")
            }
        }
        let proxy = sink.object(a, "authenticatingProxy")
        guard mode == "authenticating_proxy" else {
            if let (p, ppath) = proxy, !p.isEmpty {
                _ = sink.resolve(
                    p, at: ppath, schema: ClusterReference.authenticatingProxy, what: "authenticatingProxy")
                sink.warning(
                    "authenticatingProxy.unused", ppath,
                    "`authenticatingProxy` is used only when authentication.mode is \"authenticating_proxy\"; "
                        + "it is ignored"
                )
            }
            return
        }
        guard let (p, ppath) = proxy else {
            if !a.has("authenticatingProxy") {
                sink.error(
                    "authenticatingProxy.required", a.path("authenticatingProxy"),
                    "the authenticating_proxy mode needs `authenticatingProxy` with the base64-encoded ca, "
                        + "cert and privateKey",
                    hint: "add authenticatingProxy: {ca: …, cert: …, privateKey: …}")
            }
            return
        }
        let ap = sink.resolve(p, at: ppath, schema: ClusterReference.authenticatingProxy, what: "authenticatingProxy")
        let what = [
            "ca": "the X509 CA certificate", "cert": "the client certificate", "privateKey": "the client private key",
        ]
        for name in ["ca", "cert", "privateKey"] {
            // Values are secrets or close to it: messages never repeat them.
            guard let v = ap.value(name) else {
                sink.error(
                    "authenticatingProxy.required", ap.path(name),
                    "the authenticating_proxy mode needs `\(name)`: \(what[name] ?? name), base64-encoded")
                continue
            }
            guard case .string(let text) = v else {
                sink.typeError(ap.path(name), expected: "a base64-encoded string", found: v)
                continue
            }
            guard let decoded = ValidationRun.base64Decode(text), !decoded.isEmpty else {
                sink.error(
                    "authenticatingProxy.base64", ap.path(name), "`\(name)` is not valid base64",
                    hint: "encode the PEM file, e.g. `base64 -w0 ca.crt`")
                continue
            }
            if name == "ca", decoded.count > ClusterReference.maxCertificateBytes {
                sink.error(
                    "authenticatingProxy.size", ap.path(name),
                    "the CA certificate is \(decoded.count) bytes; at most 1 MB is allowed")
            }
            if name == "privateKey", ValidationRun.looksEncrypted(decoded) {
                sink.error(
                    "authenticatingProxy.encryptedKey", ap.path(name),
                    "the private key is password-protected; the cluster needs an unencrypted key",
                    hint: "decrypt it first, e.g. `openssl pkey -in key.pem -out plain.pem`")
            }
        }
    }

    static func base64Decode(_ text: String) -> [UInt8]? {
        // PEM-style line breaks inside the base64 text are tolerated.
        let compact = text.filter { $0 != "\n" && $0 != "\r" }
        guard let data = Data(base64Encoded: compact) else { return nil }
        return [UInt8](data)
    }

    static func looksEncrypted(_ decoded: [UInt8]) -> Bool {
        let text = String(decoding: decoded.prefix(4096), as: UTF8.self)
        return text.contains("ENCRYPTED PRIVATE KEY") || text.contains("Proc-Type: 4,ENCRYPTED")
    }

    // MARK: Masters

    mutating func checkMasters(_ spec: ResolvedObject) {
        guard let masters = sink.array(spec, "masters") else { return }
        let path = spec.path("masters")
        for (i, item) in masters.enumerated() {
            guard case .object(let o) = item else {
                sink.typeError(path.index(i), expected: "an object {\"availabilityZone\": \"…\"}", found: item)
                continue
            }
            let m = sink.resolve(o, at: path.index(i), schema: ClusterReference.master, what: "a master entry")
            _ = sink.string(m, "availabilityZone")
        }
        if masters.count > ClusterReference.maxMasters {
            sink.error(
                "masters.count", path,
                "\(masters.count) masters given; a cluster has at most \(ClusterReference.maxMasters)")
        } else if let f = flavor, !masters.isEmpty, masters.count != f.masters {
            // WIRE.md §8 (TFHW): single-master flavors list exactly 1 AZ, HA flavors exactly 3.
            let kind = f.isHighAvailability ? "a high-availability flavor with 3 masters" : "a single-master flavor"
            sink.error(
                "masters.count", path,
                "\(f.name) is \(kind); list exactly \(f.masters) master availability "
                    + "zone\(f.masters == 1 ? "" : "s"), not \(masters.count)",
                hint: f.isHighAvailability ? "the same AZ may appear more than once" : nil)
        }
    }

    // MARK: extendParam

    mutating func checkProxyMode(_ mode: String, at path: DiagnosticPath) {
        guard mode != "iptables", mode != "ipvs" else { return }
        if mode == "nftables" {
            sink.error(
                "kubeProxyMode.value", path,
                "nftables is offered only on Huawei Cloud (v1.35 and later); this API takes iptables or ipvs",
                hint: "use \"ipvs\" or \"iptables\"")
        } else {
            let near = nearest(mode, among: ["iptables", "ipvs"]).map { "did you mean \(quoted($0))? " } ?? ""
            sink.error(
                "kubeProxyMode.value", path, "\(quoted(mode)) is not a Service forwarding mode",
                hint: near + "use \"iptables\" or \"ipvs\"")
        }
    }

    mutating func checkExtendParam(_ spec: ResolvedObject) {
        guard let (ep, epath) = sink.object(spec, "extendParam") else { return }
        let e = sink.resolve(ep, at: epath, schema: ClusterReference.extendParam, what: "extendParam")
        // Values on the wire are strings (Go clients send map[string]string); periodNum is the
        // one integer.
        for (name, _) in ClusterReference.extendParam.fields where name != "periodNum" {
            if let v = e.value(name), v.stringValue == nil {
                sink.typeError(e.path(name), expected: "a string", found: v)
            }
        }
        if let v = e.value("periodNum"), v.intValue == nil {
            sink.typeError(e.path("periodNum"), expected: "an integer", found: v)
        }

        if let az = e.value("clusterAZ")?.stringValue {
            let path = e.path("clusterAZ")
            if az == "multi_az" {
                if let f = flavor, !f.isHighAvailability {
                    sink.error(
                        "clusterAZ.flavor", path,
                        "multi_az spreads the 3 masters of a high-availability cluster over AZs; "
                            + "\(f.name) has a single master",
                        hint: "remove clusterAZ, or use a cce.s2.* flavor")
                }
            } else if !az.isEmpty {
                let near = nearest(az, among: ["multi_az"]).map { "did you mean \(quoted($0))? " } ?? ""
                sink.error(
                    "clusterAZ.value", path,
                    "\(quoted(az)) is not a clusterAZ value; the reference documents only \"multi_az\"",
                    hint: near + "set \"multi_az\" to spread the masters over AZs, or leave clusterAZ out")
            }
        }
        if let mode = e.value("kubeProxyMode")?.stringValue, !mode.isEmpty {
            let path = e.path("kubeProxyMode")
            checkProxyMode(mode, at: path)
            var message = "extendParam.kubeProxyMode is deprecated"
            if let specMode = spec.value("kubeProxyMode")?.stringValue, specMode != mode {
                message += "; spec.kubeProxyMode (\(quoted(specMode))) is given too and wins"
            }
            sink.warning("extendParam.kubeProxyMode.deprecated", path, message, hint: "set spec.kubeProxyMode instead")
        }
        if let ip = e.value("clusterExternalIP")?.stringValue, !ip.isEmpty {
            let path = e.path("clusterExternalIP")
            if let a = IPAddress(ip) {
                if a.family != .ipv4 {
                    sink.error(
                        "clusterExternalIP.format", path,
                        "the cluster's EIP must be an IPv4 address, found \(quoted(ip))")
                }
            } else {
                sink.error(
                    "clusterExternalIP.format", path, "\(quoted(ip)) is not an IPv4 address",
                    hint: "give the EIP address itself (e.g. \"80.158.1.2\"), not its ID")
            }
        }
        // Go clients build extendParam as map[string]string and may carry "" for unset keys.
        if let mask = e.value("alpha.cce/fixPoolMask")?.stringValue, !mask.isEmpty {
            let path = e.path("alpha.cce/fixPoolMask")
            if let n = Int(mask), (24...28).contains(n), String(n) == mask {
                if let mode = networkMode, mode != "vpc-router" {
                    sink.error(
                        "fixPoolMask.networkMode", path,
                        "alpha.cce/fixPoolMask applies only to the VPC network model (vpc-router); "
                            + "the container network is \(mode)",
                        hint: "remove it, or use containerNetwork.mode \"vpc-router\"")
                }
            } else {
                sink.error(
                    "fixPoolMask.range", path,
                    "the fixed pool mask must be an integer from 24 to 28 (as a string), found \(quoted(mask))",
                    hint: "e.g. \"25\" (128 addresses per node)")
            }
        }
        if let policy = e.value("kubernetes.io/cpuManagerPolicy")?.stringValue,
            !["none", "", "static"].contains(policy)
        {
            let near = nearest(policy, among: ["none", "static"]).map { "did you mean \(quoted($0))? " } ?? ""
            sink.error(
                "cpuManagerPolicy.value", e.path("kubernetes.io/cpuManagerPolicy"),
                "\(quoted(policy)) is not a CPU management policy",
                hint: near + "use \"none\" (shared cores) or \"static\" (exclusive cores)")
        }
    }

    // MARK: Billing and tags

    mutating func checkBillingMode(_ spec: ResolvedObject) {
        guard let v = spec.value("billingMode") else { return }
        let path = spec.path("billingMode")
        guard case .int(let n) = v else {
            sink.typeError(path, expected: "an integer (0 for pay-per-use)", found: v)
            return
        }
        switch n {
        case 0: break
        case 1:
            sink.warning(
                "billingMode.unsupported", path,
                "yearly/monthly billing (1) is not supported by this version of the API",
                hint: "use 0 (pay-per-use) or leave billingMode out")
        default:
            sink.error(
                "billingMode.value", path, "billingMode must be 0 (pay-per-use) or 1 (yearly/monthly), found \(n)")
        }
    }

    mutating func checkClusterTags(_ spec: ResolvedObject) {
        guard let tags = sink.array(spec, "clusterTags") else { return }
        var seen: [String: Int] = [:]
        for (i, item) in tags.enumerated() {
            let path = spec.path("clusterTags").index(i)
            guard case .object(let o) = item else {
                sink.typeError(path, expected: "an object {\"key\": \"…\", \"value\": \"…\"}", found: item)
                continue
            }
            let t = sink.resolve(o, at: path, schema: ClusterReference.clusterTag, what: "a cluster tag")
            if let key = sink.string(t, "key", required: true) {
                if key.count > 128 {
                    sink.error(
                        "clusterTags.key", t.path("key"),
                        "a tag key has at most 128 characters; this one has \(key.count)")
                } else if key.hasPrefix("_sys_") {
                    sink.error(
                        "clusterTags.key", t.path("key"), "tag keys starting with `_sys_` are reserved for the system")
                }
                if let first = seen[key] {
                    sink.error(
                        "clusterTags.duplicate", t.path("key"),
                        "the tag key \(quoted(key)) is already used by clusterTags[\(first)]")
                } else {
                    seen[key] = i
                }
            }
            if let value = sink.string(t, "value"), value.count > 255 {
                sink.error(
                    "clusterTags.value", t.path("value"),
                    "a tag value has at most 255 characters; this one has \(value.count)")
            }
        }
    }
}

extension JSONValue {
    /// Whether two JSON values are the same text to the validator: same types (`1` and `1.0`
    /// differ), same key order, strings equal byte for byte (not merely canonically
    /// equivalent, as `==` on strings has it: a message quotes the bytes).
    static func identical(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x.bitPattern == y.bitPattern
        case (.string(let x), .string(let y)): return sameBytes(x, y)
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
        case (.object(let x), .object(let y)): return identical(x, y)
        default: return false
        }
    }

    static func identical(_ a: OrderedDictionary<String, JSONValue>, _ b: OrderedDictionary<String, JSONValue>)
        -> Bool
    {
        guard a.count == b.count else { return false }
        // The same storage is the same object: a dictionary's storage is never changed
        // while two values share it.
        if a.count > 0, sameStorage(a.keys.elements, b.keys.elements), sameStorage(a.values.elements, b.values.elements)
        {
            return true
        }
        for i in 0..<a.count {
            guard sameBytes(a.keys[i], b.keys[i]), identical(a.values[i], b.values[i]) else { return false }
        }
        return true
    }

    static func sameStorage<T>(_ a: [T], _ b: [T]) -> Bool {
        a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { $0.baseAddress == x.baseAddress } }
    }

    static func sameBytes(_ a: String, _ b: String) -> Bool {
        // On the contiguous bytes, with memcmp: `utf8.elementsEqual` walks a generic iterator,
        // which was most of the cost of a reused spec. Copies of one string share its bytes.
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                guard x.count == y.count else { return false }
                // Both empty when either has no address.
                guard let p = x.baseAddress, let q = y.baseAddress else { return true }
                return p == q || memcmp(p, q, x.count) == 0
            }
        }
    }
}

extension DiagnosticPath {
    /// Equal component by component, keys byte for byte (see `JSONValue.identical`).
    func isIdentical(to other: DiagnosticPath) -> Bool {
        guard components.count == other.components.count else { return false }
        for (a, b) in zip(components, other.components) {
            switch (a, b) {
            case (.key(let x), .key(let y)): if !JSONValue.sameBytes(x, y) { return false }
            case (.index(let x), .index(let y)): if x != y { return false }
            default: return false
            }
        }
        return true
    }
}
