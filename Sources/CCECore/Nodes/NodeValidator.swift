import Foundation
import OrderedCollections

/// Checks node, node-pool and cluster-certificate request bodies (WIRE-LIFECYCLE §1–4)
/// before they are sent, the way `ClusterValidator` checks a cluster: on the raw JSON, each
/// finding a `Diagnostic` at its JSON path with a hint; unknown fields are warnings.
public enum NodeValidator {
    /// A Create Node body (`POST /clusters/{cid}/nodes`).
    public static func validateNode(_ body: JSONValue) -> [Diagnostic] {
        var run = NodeValidationRun(homes: NodeSchemas.nodeHomes)
        run.validateNodeRoot(body)
        return completed(run.sink.sorted(in: body))
    }

    /// A Create Node Pool body (`POST /clusters/{cid}/nodepools`); its `spec.nodeTemplate` is
    /// checked with the node rules, at `spec.nodeTemplate.…` paths.
    public static func validateNodePool(_ body: JSONValue) -> [Diagnostic] {
        var run = NodeValidationRun(homes: NodeSchemas.poolHomes)
        run.validatePoolRoot(body, update: false)
        return completed(run.sink.sorted(in: body))
    }

    /// An Update Node Pool body (`PUT /clusters/{cid}/nodepools/{npid}`). It must carry
    /// `spec.initialNodeCount` or `spec.ignoreInitialNodeCount: true`: with neither, the
    /// service sets the count to 0 and deletes the pool's nodes (§3.3).
    public static func validateNodePoolUpdate(_ body: JSONValue) -> [Diagnostic] {
        var run = NodeValidationRun(homes: NodeSchemas.poolHomes)
        run.validatePoolRoot(body, update: true)
        return completed(run.sink.sorted(in: body))
    }

    /// A cluster-certificate body (`POST /clusters/{cid}/clustercert`): `{"duration": N}`.
    public static func validateClusterCert(_ body: JSONValue) -> [Diagnostic] {
        var run = NodeValidationRun(homes: [:])
        run.validateClusterCert(body)
        return completed(run.sink.sorted(in: body))
    }

    /// Every error says what to do: the shared type and presence checks leave some hints
    /// out, so those get one from their message.
    static func completed(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.map { d in
            guard d.severity == .error, d.hint == nil else { return d }
            var d = d
            let field = d.path.isEmpty ? "the body" : "`\(d.path)`"
            if d.code == "field.type", let e = d.message.range(of: "expected "),
                let f = d.message.range(of: ", found ", range: e.upperBound..<d.message.endIndex)
            {
                d.hint = "make \(field) " + d.message[e.upperBound..<f.lowerBound]
            } else if d.code == "field.required" {
                d.hint = "add \(field)"
            } else {
                d.hint = "fix or remove \(field)"
            }
            return d
        }
    }

    /// Whether `name` is a valid node-pool name.
    public static func isValidPoolName(_ name: String) -> Bool {
        NodeValidationRun.poolNameProblems(name).isEmpty
    }
}

/// Where a NodeSpec is being checked: the rules differ between a node, a pool's template
/// and the partial template of a pool update.
enum NodeSpecContext: Equatable {
    case node
    case poolTemplate(poolType: String?)
    case poolUpdate

    var isPool: Bool { self != .node }
    var isPartial: Bool { self == .poolUpdate }
}

struct NodeValidationRun {
    var sink = DiagnosticSink()

    init(homes: [String: String]) {
        sink.fieldHomes = homes
        sink.requiredHints = NodeReference.requiredHints
        sink.action = "sending this request"
    }

    // MARK: Shared reads

    /// An integer field; a number with a fraction or a string is a type error.
    mutating func int(_ o: ResolvedObject, _ name: String, required: Bool = false, what: String = "an integer") -> Int?
    {
        guard let v = o.value(name) else {
            if required { sink.missing(o, name, what) }
            return nil
        }
        guard case .int(let n) = v else {
            // The sink's type error: it never repeats a secret's value.
            sink.typeError(o.path(name), expected: what, found: v)
            return nil
        }
        return n
    }

    mutating func checkRange(
        _ n: Int, _ range: ClosedRange<Int>, at path: DiagnosticPath, code: String,
        _ what: String, unit: String = "", hint: String? = nil
    ) {
        guard !range.contains(n) else { return }
        let u = unit.isEmpty ? "" : " \(unit)"
        sink.error(
            code, path, "\(what) must be \(range.lowerBound) to \(range.upperBound)\(u), found \(n)",
            hint: hint ?? "use a value from \(range.lowerBound) to \(range.upperBound)")
    }

    mutating func checkEnum(_ value: String, _ allowed: [String], at path: DiagnosticPath, code: String, _ what: String)
    {
        guard !allowed.contains(value) else { return }
        let near = nearest(value, among: allowed).map { "did you mean \(quoted($0))? " } ?? ""
        sink.error(
            code, path, "\(quoted(value)) is not \(what)",
            hint: near + "use one of: " + allowed.map { quoted($0) }.joined(separator: ", "))
    }

    mutating func checkKindAndVersion(_ r: ResolvedObject, kind expected: String, required: Bool) {
        if let kind = sink.string(r, "kind", required: required), kind != expected {
            let hint =
                kind.lowercased() == expected.lowercased()
                ? "write \(quoted(expected)) (kind is case-sensitive)" : "set kind to \(quoted(expected))"
            sink.error(
                "kind.value", r.path("kind"), "`kind` must be \(quoted(expected)), found \(quoted(kind))", hint: hint)
        }
        if let api = sink.string(r, "apiVersion", required: required), api != "v3" {
            sink.error(
                "apiVersion.value", r.path("apiVersion"), "`apiVersion` must be \"v3\", found \(quoted(api))",
                hint: "set apiVersion to \"v3\"")
        }
    }

    mutating func checkStringMap(_ map: OrderedDictionary<String, JSONValue>, at path: DiagnosticPath) {
        for (k, v) in map where v.stringValue == nil {
            sink.typeError(path.key(k), expected: "a string (this map holds string keys and string values)", found: v)
        }
    }

    mutating func stringList(_ o: ResolvedObject, _ name: String) -> [String]? {
        guard let items = sink.array(o, name) else { return nil }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard case .string(let s) = item else {
                sink.typeError(o.path(name).index(i), expected: "a string", found: item)
                continue
            }
            out.append(s)
        }
        return out
    }

    /// The objects of an array field, each resolved against `schema`; other elements are type errors.
    mutating func objects(
        _ o: ResolvedObject, _ name: String, schema: ObjectSchema, example: String
    )
        -> [ResolvedObject]?
    {
        guard let items = sink.array(o, name) else { return nil }
        var out: [ResolvedObject] = []
        for (i, item) in items.enumerated() {
            let path = o.path(name).index(i)
            guard case .object(let m) = item else {
                sink.typeError(path, expected: "an object \(example)", found: item)
                continue
            }
            out.append(sink.resolve(m, at: path, schema: schema, what: path.description))
        }
        return out
    }

    mutating func resolvedObject(
        _ o: ResolvedObject, _ name: String, schema: ObjectSchema, required: Bool = false
    )
        -> ResolvedObject?
    {
        guard let (m, path) = sink.object(o, name, required: required) else { return nil }
        return sink.resolve(m, at: path, schema: schema, what: path.description)
    }

    // MARK: Node

    mutating func validateNodeRoot(_ body: JSONValue) {
        guard case .object(let root) = body else {
            sink.error(
                "body.type", .root, "a Create Node request body must be a JSON object, found \(describe(body))",
                hint: "send an object {kind: \"Node\", apiVersion: \"v3\", metadata: {…}, spec: {…}}")
            return
        }
        let r = sink.resolve(root, at: .root, schema: NodeSchemas.nodeRoot, what: "the request body")
        checkKindAndVersion(r, kind: "Node", required: true)
        if let md = resolvedObject(r, "metadata", schema: NodeSchemas.nodeMetadata) {
            checkNodeMetadata(md)
        } else if !r.has("metadata") {
            // The OTC reference marks metadata mandatory; the Huawei SDK makes it optional and
            // the service then generates `<cluster>-<random>`. A warning, so the official SDK's
            // create_node still works unmodified.
            sink.warning(
                "metadata.missing", r.path("metadata"),
                "the OTC reference marks `metadata` mandatory; without it the service generates the node name",
                hint: "add metadata: {name: \"my-node\"}")
        }
        if let spec = resolvedObject(r, "spec", schema: NodeSchemas.nodeSpec, required: true) {
            checkNodeSpec(spec, .node)
        }
    }

    static func nodeNameProblems(_ name: String, max: Int) -> [String] {
        var problems: [String] = []
        if name.count > max { problems.append("must be at most \(max) characters long (it has \(name.count))") }
        if let first = name.unicodeScalars.first, !("a"..."z").contains(first) {
            problems.append("must start with a lowercase letter")
        }
        let bad = name.unicodeScalars.filter { !(("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-") }
        if let b = bad.first {
            problems.append("may contain only lowercase letters, digits and hyphens (found \(quoted(String(b))))")
        }
        if name.hasSuffix("-") { problems.append("must not end with a hyphen") }
        return problems
    }

    static func suggested(_ name: String, max: Int, valid: (String) -> Bool) -> String? {
        var scalars = String.UnicodeScalarView()
        for s in name.lowercased().unicodeScalars.prefix(max) {
            scalars.append(("a"..."z").contains(s) || ("0"..."9").contains(s) ? s : "-")
        }
        var out = String(scalars)
        while let f = out.unicodeScalars.first, !("a"..."z").contains(f) { out.removeFirst() }
        while out.hasSuffix("-") { out.removeLast() }
        return !out.isEmpty && valid(out) && out != name ? out : nil
    }

    mutating func checkNodeMetadata(_ md: ResolvedObject) {
        // Empty or absent: the service generates `<clusterName>-<random>`.
        if let name = sink.string(md, "name"), !name.isEmpty {
            let max = NodeReference.maxNodeNameLength
            let problems = NodeValidationRun.nodeNameProblems(name, max: max)
            if !problems.isEmpty {
                let hint =
                    NodeValidationRun.suggested(name, max: max) {
                        NodeValidationRun.nodeNameProblems($0, max: max).isEmpty
                    }.map { "try \(quoted($0))" }
                    ?? "use up to \(max) lowercase letters, digits and hyphens, starting with a letter"
                sink.error(
                    "name.pattern", md.path("name"),
                    "the node name \(quoted(name)) " + problems.joined(separator: "; "),
                    hint: hint)
            }
        }
        if let (labels, path) = sink.object(md, "labels") { checkStringMap(labels, at: path) }
        if let (annotations, path) = sink.object(md, "annotations") { checkStringMap(annotations, at: path) }
    }

    /// The rules of NodeSpec (§1.1–1.6). `c` says whether this is a node, a pool's template or
    /// the partial template of a pool update (no field required there).
    mutating func checkNodeSpec(_ spec: ResolvedObject, _ c: NodeSpecContext) {
        let required = !c.isPartial
        if let flavor = sink.string(spec, "flavor", required: required), c.isPartial, !flavor.isEmpty {
            sink.warning(
                "nodeTemplate.immutable", spec.path("flavor"),
                "a pool's flavor cannot be changed; the service refuses a different one",
                hint: "leave flavor out of the update")
        }
        if let az = sink.string(spec, "az", required: required) {
            if c == .node, az == "random" {
                // Huawei picks a random AZ; the OTC reference documents only real AZ names for nodes.
                sink.warning(
                    "az.random", spec.path("az"),
                    "\"random\" is documented for node pools; for a node the OTC reference expects an AZ name",
                    hint: "name an AZ, e.g. \"eu-de-01\"")
            } else if c.isPartial, !az.isEmpty {
                sink.warning(
                    "nodeTemplate.immutable", spec.path("az"),
                    "a pool's availability zone cannot be changed; the service refuses a different one",
                    hint: "leave az out of the update")
            }
        }
        let extend = resolvedObject(spec, "extendParam", schema: NodeSchemas.extendParam)
        let hasImage = extend?.value("alpha.cce/NodeImageID")?.stringValue.map { !$0.isEmpty } ?? false
        if let os = sink.string(spec, "os") {
            if os.isEmpty, c.isPool, !c.isPartial, !hasImage {
                sink.error(
                    "os.required", spec.path("os"), "a node pool's template needs `os`",
                    hint: NodeReference.requiredHints["os"])
            }
        } else if case .poolTemplate = c, !spec.has("os"), !hasImage {
            // PYCCE-L node_spec_update.py: os is mandatory for pools unless a custom image is given.
            sink.missing(spec, "os", "a string; node pools must name their OS")
        }
        checkLogin(spec, c)
        let poolType: String? = { if case .poolTemplate(let t) = c { return t } else { return nil } }()
        let bareMetal = poolType == "ElasticBMS" || poolType == "pm"
        if let root = resolvedObject(spec, "rootVolume", schema: NodeSchemas.volume, required: required) {
            checkVolume(
                root, sizes: NodeReference.rootVolumeSize, what: "the root volume",
                passthrough: poolType == "ElasticBMS")
        }
        let dataRequired = required
        if let vols = objects(
            spec, "dataVolumes", schema: NodeSchemas.volume, example: "{\"size\": 100, \"volumetype\": \"SSD\"}")
        {
            let path = spec.path("dataVolumes")
            if vols.isEmpty, dataRequired, spec.value("dataVolumes")?.arrayValue?.isEmpty == true {
                // OTC: dataVolumes is mandatory; the node's container runtime needs a data disk.
                sink.error(
                    "dataVolumes.empty", path, "a node needs at least one data volume",
                    hint: "add dataVolumes: [{size: 100, volumetype: \"SSD\"}]")
            }
            let max = bareMetal ? NodeReference.maxDataVolumesBareMetal : NodeReference.maxDataVolumesVM
            let count = spec.value("dataVolumes")?.arrayValue?.count ?? 0
            if count > max {
                sink.error(
                    "dataVolumes.count", path,
                    "\(count) data volumes given; a \(bareMetal ? "bare-metal" : "VM") node has at most \(max)",
                    hint: "remove \(count - max) of them")
            }
            for v in vols {
                checkVolume(
                    v, sizes: NodeReference.dataVolumeSize, what: "a data volume", passthrough: poolType == "ElasticBMS"
                )
            }
        } else if dataRequired, !spec.has("dataVolumes") {
            sink.missing(spec, "dataVolumes", "an array of volumes; the OTC reference requires at least one data disk")
        }
        checkStorage(spec)
        checkPublicIP(spec, c)
        checkNicSpec(spec, c)
        checkCount(spec, c)
        checkBillingMode(spec)
        checkTaints(spec)
        checkK8sTags(spec)
        checkUserTags(spec)
        var runtimeClass: String? = nil
        if let rt = resolvedObject(spec, "runtime", schema: NodeSchemas.runtime) {
            if let name = sink.string(rt, "name"), !name.isEmpty {
                checkEnum(
                    name, NodeReference.runtimeNames, at: rt.path("name"), code: "runtime.name", "a container runtime")
            }
            if let cls = sink.string(rt, "runtimeClass"), !cls.isEmpty {
                runtimeClass = cls
                checkEnum(
                    cls, NodeReference.runtimeClasses, at: rt.path("runtimeClass"), code: "runtime.runtimeClass",
                    "a runtime class")
            }
        }
        if let e = extend { checkExtendParam(e, spec: spec, c, runtimeClass: runtimeClass) }
        for name in ["ecsGroupId", "dedicatedHostId", "serverEnterpriseProjectID", "partition", "faultDomain"] {
            _ = sink.string(spec, name)
        }
        if c.isPool {
            if let id = spec.value("ecsGroupId")?.stringValue, !id.isEmpty {
                sink.warning(
                    "ecsGroupId.pool", spec.path("ecsGroupId"), "node pools ignore `ecsGroupId`",
                    hint: "set spec.nodeManagement.serverGroupReference instead")
            }
            if let id = spec.value("dedicatedHostId")?.stringValue, !id.isEmpty {
                sink.error(
                    "dedicatedHostId.pool", spec.path("dedicatedHostId"), "node pools do not support `dedicatedHostId`",
                    hint: "remove it; create dedicated-host nodes one by one")
            }
        }
        _ = sink.bool(spec, "waitPostInstallFinish")
        _ = sink.bool(spec, "offloadNode")
        if let conditions = stringList(spec, "initializedConditions") {
            let path = spec.path("initializedConditions")
            if conditions.count > NodeReference.maxInitializedConditions {
                sink.error(
                    "initializedConditions.count", path,
                    "\(conditions.count) conditions given; at most "
                        + "\(NodeReference.maxInitializedConditions) are allowed",
                    hint: "keep at most 2 of them")
            }
            for (i, name) in conditions.enumerated() {
                let ok = (1...20).contains(name.utf8.count) && name.utf8.allSatisfy(NodeValidationRun.isAlphanumeric)
                if !ok {
                    sink.error(
                        "initializedConditions.name", path.index(i),
                        "\(quoted(name)) is not a condition name: 1 to 20 letters and digits",
                        hint: "use 1 to 20 letters and digits, e.g. \"ready\"")
                }
            }
        }
        if let h = resolvedObject(spec, "hostnameConfig", schema: NodeSchemas.hostnameConfig),
            let type = sink.string(h, "type", required: true)
        {
            checkEnum(
                type, NodeReference.hostnameTypes, at: h.path("type"), code: "hostnameConfig.type", "a hostname type")
        }
        if let t = resolvedObject(spec, "nodeNameTemplate", schema: NodeSchemas.nodeNameTemplate) {
            if let prefix = sink.string(t, "nodeNamePrefix"), !prefix.isEmpty {
                if !(prefix.unicodeScalars.first.map { ("a"..."z").contains($0) } ?? false)
                    || !NodeValidationRun.isSubdomainChars(prefix)
                {
                    sink.error(
                        "nodeNameTemplate.prefix", t.path("nodeNamePrefix"),
                        "the prefix \(quoted(prefix)) must start with a lowercase letter"
                            + " and use only lowercase letters, digits, `-` and `.`",
                        hint: "e.g. \"web-\"")
                }
            }
            if let suffix = sink.string(t, "nodeNameSuffix"), !suffix.isEmpty,
                !NodeValidationRun.isSubdomainChars(suffix)
            {
                sink.error(
                    "nodeNameTemplate.suffix", t.path("nodeNameSuffix"),
                    "the suffix \(quoted(suffix)) may use only lowercase letters, digits, `-` and `.`",
                    hint: "e.g. \"-prod\"")
            }
        }
    }

    static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    static func isSubdomainChars(_ s: String) -> Bool {
        s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x2E }
    }

    // MARK: Login (§1.2)

    mutating func checkLogin(_ spec: ResolvedObject, _ c: NodeSpecContext) {
        guard let login = resolvedObject(spec, "login", schema: NodeSchemas.login, required: !c.isPartial) else {
            return
        }
        let key = sink.string(login, "sshKey")
        let hasKey = !(key ?? "").isEmpty
        let hasPassword = login.has("userPassword")
        if hasKey, hasPassword {
            sink.error(
                "login.exclusive", login.path("userPassword"), "give either `sshKey` or `userPassword`, not both",
                hint: "remove userPassword to log in with the key pair, or sshKey to use the password")
        } else if !hasKey, !hasPassword, !c.isPartial {
            sink.error(
                "login.missing", login.path, "`login` needs `sshKey` (a key-pair name) or `userPassword`",
                hint: "add sshKey: \"my-keypair\"")
        }
        if hasPassword { checkUserPassword(login) }
        for name in ["removeUserPassword", "removeSSHKey"] {
            if sink.bool(login, name) == true, !c.isPartial {
                sink.warning(
                    "login.removeOnCreate", login.path(name), "`\(name)` has an effect only when updating a node pool",
                    hint: "remove it from a create request")
            }
        }
    }

    mutating func checkUserPassword(_ login: ResolvedObject) {
        guard let v = login.value("userPassword") else { return }
        let path = login.path("userPassword")
        // Passwords never appear in messages.
        var username = "root"
        let password: String
        switch v {
        case .string(let s):
            // The OTC doc types userPassword as a string; the Huawei SDK and TFHW send an object.
            password = s
        case .object(let m):
            let up = sink.resolve(m, at: path, schema: NodeSchemas.userPassword, what: path.description)
            if let u = sink.string(up, "username"), !u.isEmpty { username = u }
            guard let p = sink.string(up, "password", required: true) else { return }
            password = p
        default:
            sink.typeError(path, expected: "an object {\"username\": \"root\", \"password\": \"…\"}", found: v)
            return
        }
        let passwordPath = v.objectValue == nil ? path : path.key("password")
        if NodeValidationRun.isSaltedHash(password) { return }
        // A plain password: the service expects base64(sha512crypt(pw)) (§1.2), so say so, and
        // check the complexity rules that the service applies to the plain text.
        let problems = NodeValidationRun.passwordProblems(password, username: username)
        if problems.isEmpty {
            sink.warning(
                "password.notHashed", passwordPath,
                "the password is not salted and hashed; the service expects base64 of a SHA-512 crypt string",
                hint: "send base64 of its SHA-512 crypt: `printf %s \"$(openssl passwd -6 PW)\" | base64 -w0`"
                    + " (NodePassword.saltedHash in CCECore)")
        } else {
            sink.error(
                "password.weak", passwordPath, "the password " + problems.joined(separator: "; "),
                hint: "8 to 26 characters with at least 3 of: upper case, lower case, digits, special characters")
        }
    }

    static func isSaltedHash(_ text: String) -> Bool {
        guard let data = Data(base64Encoded: text) else { return false }
        return data.starts(with: Array("$6$".utf8))
    }

    static let passwordSpecials = Set("!@$%^-_=+[{}]:,./?~#*")

    static func passwordProblems(_ pw: String, username: String) -> [String] {
        var problems: [String] = []
        if !(8...26).contains(pw.count) { problems.append("must be 8 to 26 characters long") }
        var classes = 0
        if pw.contains(where: { $0.isASCII && $0.isUppercase }) { classes += 1 }
        if pw.contains(where: { $0.isASCII && $0.isLowercase }) { classes += 1 }
        if pw.contains(where: { $0.isASCII && $0.isNumber }) { classes += 1 }
        if pw.contains(where: { passwordSpecials.contains($0) }) { classes += 1 }
        if classes < 3 {
            problems.append("must mix at least 3 of upper case, lower case, digits and special characters")
        }
        if !username.isEmpty, pw.contains(username) || pw.contains(String(username.reversed())) {
            problems.append("must not contain the user name or its reverse")
        }
        return problems
    }

    // MARK: Volumes (§1.2)

    mutating func checkVolume(_ v: ResolvedObject, sizes: ClosedRange<Int>, what: String, passthrough: Bool) {
        if let size = int(v, "size", required: true, what: "an integer (GiB)") {
            checkRange(
                size, sizes, at: v.path("size"), code: "volume.size", "the size of \(what)", unit: "GiB",
                hint: "use \(size < sizes.lowerBound ? sizes.lowerBound : sizes.upperBound) or a size in between")
        }
        var type: String? = nil
        if let t = sink.string(v, "volumetype", required: true) {
            type = t
            if NodeReference.volumeTypesElsewhere.contains(t) {
                sink.warning(
                    "volumetype.notInReference", v.path("volumetype"),
                    "\(t) is a Huawei Cloud volume type; the OTC reference offers SAS, SSD and SATA")
            } else {
                checkEnum(
                    t, NodeReference.volumeTypes, at: v.path("volumetype"), code: "volumetype.value", "a volume type")
            }
        }
        let iops = int(v, "iops")
        let throughput = int(v, "throughput")
        if let t = type {
            let needsIops = t == "GPSSD2" || t == "ESSD2"
            let needsThroughput = t == "GPSSD2"
            if needsIops, iops == nil, !v.has("iops") {
                sink.error("volume.iops", v.path("iops"), "\(t) volumes need `iops`", hint: "add iops, e.g. 3000")
            } else if !needsIops, v.has("iops") {
                sink.error(
                    "volume.iops", v.path("iops"), "`iops` is only for GPSSD2 and ESSD2 volumes, not \(t)",
                    hint: "remove iops")
            }
            if needsThroughput, throughput == nil, !v.has("throughput") {
                sink.error(
                    "volume.throughput", v.path("throughput"), "GPSSD2 volumes need `throughput` (MiB/s)",
                    hint: "add throughput, e.g. 125")
            } else if !needsThroughput, v.has("throughput") {
                sink.error(
                    "volume.throughput", v.path("throughput"), "`throughput` is only for GPSSD2 volumes, not \(t)",
                    hint: "remove throughput")
            }
        }
        let scsi = sink.bool(v, "hw:passthrough")
        if passthrough, scsi != true {
            sink.error(
                "volume.passthrough", v.path("hw:passthrough"), "volumes of ElasticBMS node pools must be SCSI",
                hint: "set \"hw:passthrough\": true")
        }
        _ = sink.object(v, "extendParam")
        if let md = resolvedObject(v, "metadata", schema: NodeSchemas.volumeMetadata) {
            if let enc = sink.string(md, "__system__encrypted"), enc != "0", enc != "1" {
                sink.error(
                    "volume.encrypted", md.path("__system__encrypted"),
                    "`__system__encrypted` is \"0\" or \"1\" (a string), found \(quoted(enc))",
                    hint: "write \"1\" to encrypt the volume, \"0\" not to")
            }
            let cmk = sink.string(md, "__system__cmkid")
            if md.value("__system__encrypted")?.stringValue == "1", (cmk ?? "").isEmpty {
                sink.error(
                    "volume.cmkid", md.path("__system__cmkid"), "an encrypted volume needs the KMS key ID",
                    hint: "set __system__cmkid to the ID of a KMS key")
            }
        }
        _ = sink.string(v, "cluster_id")
        _ = sink.string(v, "cluster_type")
    }

    // MARK: Storage (§1.3)

    mutating func checkStorage(_ spec: ResolvedObject) {
        guard let st = resolvedObject(spec, "storage", schema: NodeSchemas.storage) else { return }
        var selectorNames: Set<String> = []
        if let selectors = objects(
            st, "storageSelectors", schema: NodeSchemas.storageSelector,
            example: "{\"name\": \"cceUse\", \"storageType\": \"evs\", \"matchLabels\": {…}}")
        {
            for s in selectors {
                if let name = sink.string(s, "name", required: true) {
                    if !selectorNames.insert(name).inserted {
                        sink.error(
                            "storage.duplicate", s.path("name"), "the selector name \(quoted(name)) is used twice",
                            hint: "give each selector its own name")
                    }
                }
                if let type = sink.string(s, "storageType"), !type.isEmpty {
                    checkEnum(
                        type, NodeReference.storageTypes, at: s.path("storageType"), code: "storage.storageType",
                        "a storage type")
                }
                if let labels = resolvedObject(s, "matchLabels", schema: NodeSchemas.matchLabels) {
                    // All values are strings on the wire, numbers included ("size": "100").
                    for (name, _) in NodeSchemas.matchLabels.fields { _ = sink.string(labels, name) }
                }
            }
        } else if !st.has("storageSelectors") {
            sink.missing(st, "storageSelectors", "an array")
        }
        guard
            let groups = objects(
                st, "storageGroups", schema: NodeSchemas.storageGroup,
                example: "{\"name\": \"vgpaas\", \"selectorNames\": [\"cceUse\"]}")
        else { return }
        for g in groups {
            _ = sink.string(g, "name", required: true)
            if let names = stringList(g, "selectorNames") {
                for (i, n) in names.enumerated() where !selectorNames.contains(n) && st.has("storageSelectors") {
                    sink.error(
                        "storage.selector", g.path("selectorNames").index(i),
                        "no storage selector is named \(quoted(n))",
                        hint: selectorNames.isEmpty
                            ? nil : "the selectors are: \(selectorNames.sorted().joined(separator: ", "))")
                }
            } else if !g.has("selectorNames") {
                sink.missing(g, "selectorNames", "an array of selector names")
            }
            _ = sink.bool(g, "cceManaged")
            guard
                let spaces = objects(
                    g, "virtualSpaces", schema: NodeSchemas.virtualSpace,
                    example: "{\"name\": \"runtime\", \"size\": \"90%\"}")
            else { continue }
            for vs in spaces {
                if let name = sink.string(vs, "name", required: true) {
                    checkEnum(
                        name, NodeReference.virtualSpaceNames, at: vs.path("name"), code: "storage.virtualSpace",
                        "a virtual space name")
                }
                if let size = sink.string(vs, "size"), !NodeValidationRun.isPercentage(size) {
                    sink.error(
                        "storage.size", vs.path("size"), "\(quoted(size)) is not a percentage",
                        hint: "write e.g. \"90%\"")
                }
                if let l = resolvedObject(vs, "lvmConfig", schema: NodeSchemas.lvmConfig) {
                    _ = sink.string(l, "lvType")
                    _ = sink.string(l, "path")
                }
                if let r = resolvedObject(vs, "runtimeConfig", schema: NodeSchemas.runtimeConfig) {
                    _ = sink.string(r, "lvType")
                }
            }
        }
    }

    static func isPercentage(_ s: String) -> Bool {
        guard s.hasSuffix("%"), let n = Int(s.dropLast()) else { return false }
        return (1...100).contains(n)
    }

    // MARK: Public IP and NICs (§1.4, §1.5)

    mutating func checkPublicIP(_ spec: ResolvedObject, _ c: NodeSpecContext) {
        guard let p = resolvedObject(spec, "publicIP", schema: NodeSchemas.publicIP) else { return }
        let ids = stringList(p, "ids")
        let count = int(p, "count")
        let eip = resolvedObject(p, "eip", schema: NodeSchemas.eip)
        if c.isPool {
            for name in ["ids", "count", "eip"] where p.has(name) {
                sink.error(
                    "publicIP.pool", p.path(name),
                    "`publicIP.\(name)` is for single nodes; a pool takes iptype and bandwidth",
                    hint: "use publicIP: {iptype: \"5_bgp\", bandwidth: {…}}")
            }
        } else {
            for name in ["iptype", "bandwidth"] where p.has(name) {
                sink.error(
                    "publicIP.node", p.path(name),
                    "`publicIP.\(name)` is for node pools; a node puts it in publicIP.eip",
                    hint: "move it to publicIP.eip.\(name)")
            }
        }
        if let ids, !ids.isEmpty, count != nil || eip != nil {
            sink.error(
                "publicIP.exclusive", p.path(count != nil ? "count" : "eip"),
                "give either existing EIP `ids` or `count` with `eip` to create new ones, not both",
                hint: "remove \(count != nil ? "count" : "eip")")
        }
        if let n = count {
            if n < 1 {
                sink.error(
                    "publicIP.count", p.path("count"), "the number of EIPs to create must be at least 1, found \(n)",
                    hint: "set count to the number of EIPs to create, or remove it")
            }
            if eip == nil, !p.has("eip") {
                sink.error(
                    "publicIP.eip", p.path("eip"), "`count` needs `eip` to say what kind of EIP to create",
                    hint: "add eip: {iptype: \"5_bgp\", bandwidth: {size: 10, sharetype: \"PER\"}}")
            }
        }
        if let ids, let nodes = spec.value("count")?.intValue, ids.count > nodes {
            sink.error(
                "publicIP.ids", p.path("ids"),
                "\(ids.count) EIP IDs given for \(nodes) node\(nodes == 1 ? "" : "s"); give at most one per node",
                hint: "remove the extra IDs, or raise spec.count")
        }
        if let e = eip {
            _ = sink.string(e, "iptype", required: true)
            if let b = resolvedObject(e, "bandwidth", schema: NodeSchemas.bandwidth) { checkBandwidth(b) }
        }
        _ = sink.string(p, "iptype")
        if let b = resolvedObject(p, "bandwidth", schema: NodeSchemas.bandwidth) { checkBandwidth(b) }
    }

    mutating func checkBandwidth(_ b: ResolvedObject) {
        if let mode = sink.string(b, "chargemode") {
            checkEnum(
                mode, NodeReference.chargeModes, at: b.path("chargemode"), code: "bandwidth.chargemode", "a charge mode"
            )
        }
        if let size = int(b, "size", what: "an integer (Mbit/s)"), size < 1 {
            sink.error(
                "bandwidth.size", b.path("size"), "the bandwidth must be at least 1 Mbit/s, found \(size)",
                hint: "give the bandwidth in Mbit/s, e.g. 10")
        }
        if let share = sink.string(b, "sharetype"), share != "PER" {
            sink.error(
                "bandwidth.sharetype", b.path("sharetype"),
                "the only share type is \"PER\" (dedicated), found \(quoted(share))",
                hint: "set sharetype to \"PER\"")
        }
    }

    mutating func checkNicSpec(_ spec: ResolvedObject, _ c: NodeSpecContext) {
        guard let n = resolvedObject(spec, "nodeNicSpec", schema: NodeSchemas.nodeNicSpec) else { return }
        if let primary = resolvedObject(n, "primaryNic", schema: NodeSchemas.nicSpec) {
            checkNic(primary, primary: true, c, nodeCount: spec.value("count")?.intValue)
        }
        for ext in objects(n, "extNics", schema: NodeSchemas.nicSpec, example: "{\"subnetId\": \"…\"}") ?? [] {
            checkNic(ext, primary: false, c, nodeCount: nil)
        }
    }

    mutating func checkNic(_ nic: ResolvedObject, primary: Bool, _ c: NodeSpecContext, nodeCount: Int?) {
        _ = sink.string(nic, "subnetId", required: !primary)
        let fixed = stringList(nic, "fixedIps")
        let block = sink.string(nic, "ipBlock")
        if let fixed {
            if c.isPool {
                sink.error(
                    "nic.fixedIps", nic.path("fixedIps"), "node pools cannot use fixed IPs", hint: "remove fixedIps")
            } else if !primary {
                sink.error(
                    "nic.fixedIps", nic.path("fixedIps"), "extension NICs cannot use fixed IPs", hint: "remove fixedIps"
                )
            } else if let n = nodeCount, fixed.count > n {
                sink.error(
                    "nic.fixedIps", nic.path("fixedIps"),
                    "\(fixed.count) fixed IPs given for \(n) node\(n == 1 ? "" : "s")",
                    hint: "give at most one per node")
            }
            for (i, ip) in fixed.enumerated() where IPAddress(ip) == nil {
                sink.error(
                    "nic.fixedIps", nic.path("fixedIps").index(i), "\(quoted(ip)) is not an IP address",
                    hint: "e.g. \"192.168.0.10\"")
            }
            if let block, !block.isEmpty {
                sink.error(
                    "nic.exclusive", nic.path("ipBlock"), "give either `fixedIps` or `ipBlock`, not both",
                    hint: "remove ipBlock")
            }
        }
        if let block, !block.isEmpty {
            if c.isPool {
                sink.error(
                    "nic.ipBlock", nic.path("ipBlock"), "node pools cannot use `ipBlock`", hint: "remove ipBlock")
            } else if CIDR(block) == nil {
                sink.error(
                    "nic.ipBlock", nic.path("ipBlock"), "\(quoted(block)) is not a CIDR block",
                    hint: "e.g. \"192.168.0.0/24\"")
            }
        }
        if let list = stringList(nic, "subnetList") {
            if !c.isPool {
                sink.error(
                    "nic.subnetList", nic.path("subnetList"), "`subnetList` is for node pools; a node takes `subnetId`",
                    hint: "use subnetId")
            } else if list.count > NodeReference.maxSubnetList {
                sink.error(
                    "nic.subnetList", nic.path("subnetList"),
                    "\(list.count) subnets given; a pool takes at most \(NodeReference.maxSubnetList)",
                    hint: "keep at most 20 subnets")
            }
        }
    }

    // MARK: count and billing

    mutating func checkCount(_ spec: ResolvedObject, _ c: NodeSpecContext) {
        let path = spec.path("count")
        switch c {
        case .node:
            guard let n = int(spec, "count", required: true, what: "an integer (the number of nodes)") else { return }
            if n < 1 {
                sink.error(
                    "count.range", path, "`count` must be at least 1, found \(n)",
                    hint: "set count to the number of nodes to create")
            } else if n > NodeReference.maxNodesPerCluster {
                sink.error(
                    "count.range", path,
                    "`count` is \(n); a cluster holds at most "
                        + "\(NodeReference.maxNodesPerCluster) nodes (cce.s2.xlarge)",
                    hint: "create at most \(NodeReference.maxNodesPerCluster) nodes, within your quota")
            }
        case .poolTemplate, .poolUpdate:
            // Optional in a template (OTC: may be 0); the pool's initialNodeCount decides.
            if let n = int(spec, "count"), n < 0 {
                sink.error(
                    "count.range", path, "`count` cannot be negative, found \(n)",
                    hint: "leave count out of a node template")
            }
        }
    }

    mutating func checkBillingMode(_ spec: ResolvedObject) {
        guard let n = int(spec, "billingMode", what: "an integer (0 for pay-per-use)") else { return }
        let path = spec.path("billingMode")
        switch n {
        case 0: break
        case 1:
            sink.warning(
                "billingMode.unsupported", path, "yearly/monthly billing (1) is not supported by the OTC API",
                hint: "use 0 (pay-per-use) or leave billingMode out")
        case 2:
            sink.warning(
                "billingMode.deprecated", path, "billingMode 2 (auto-pay) is deprecated",
                hint: "use 0 (pay-per-use) or leave billingMode out")
        default:
            sink.error(
                "billingMode.value", path, "billingMode must be 0 (pay-per-use), 1 (yearly/monthly) or 2, found \(n)",
                hint: "use 0")
        }
    }

    // MARK: Taints, k8sTags, userTags

    /// A label-style name: at most 63 chars, alphanumeric at both ends, `[A-Za-z0-9._-]`.
    static func isLabelName(_ s: String, allowEmpty: Bool = false) -> Bool {
        let u = Array(s.utf8)
        if u.isEmpty { return allowEmpty }
        guard u.count <= 63, let f = u.first, let l = u.last, isAlphanumeric(f), isAlphanumeric(l) else { return false }
        return u.allSatisfy { isAlphanumeric($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
    }

    /// A key with an optional DNS-subdomain prefix (`example.com/role`), as Kubernetes takes it.
    static func keyProblem(_ key: String) -> String? {
        var name = Substring(key)
        if let slash = key.lastIndex(of: "/") {
            let prefix = key[..<slash]
            name = key[key.index(after: slash)...]
            if prefix.isEmpty || prefix.utf8.count > 253 || !isDNSSubdomain(prefix) {
                return "its prefix \(quoted(String(prefix))) must be a DNS subdomain of at most 253 characters"
            }
        }
        if name.isEmpty { return "it has no name after the prefix" }
        if name.utf8.count > 63 { return "the name part has \(name.utf8.count) characters; at most 63 are allowed" }
        if !isLabelName(String(name)) {
            return "the name must start and end with a letter or digit and use only letters, digits, `.`, `_` and `-`"
        }
        return nil
    }

    static func isDNSSubdomain(_ s: Substring) -> Bool {
        s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            let u = Array(label.utf8)
            guard let f = u.first, let l = u.last, u.count <= 63 else { return false }
            let lower = { (b: UInt8) in (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) }
            return lower(f) && lower(l) && u.allSatisfy { lower($0) || $0 == 0x2D }
        }
    }

    static func valueProblem(_ value: String) -> String? {
        if value.utf8.count > 63 { return "it has \(value.utf8.count) characters; at most 63 are allowed" }
        if !isLabelName(value, allowEmpty: true) {
            return "it must start and end with a letter or digit and use only letters, digits, `.`, `_` and `-`"
        }
        return nil
    }

    mutating func checkTaints(_ spec: ResolvedObject) {
        guard
            let taints = objects(
                spec, "taints", schema: NodeSchemas.taint,
                example: "{\"key\": \"k\", \"value\": \"v\", \"effect\": \"NoSchedule\"}")
        else { return }
        let total = spec.value("taints")?.arrayValue?.count ?? 0
        if total > NodeReference.maxTaints {
            sink.error(
                "taints.count", spec.path("taints"),
                "\(total) taints given; at most \(NodeReference.maxTaints) are allowed",
                hint: "remove \(total - NodeReference.maxTaints) of them")
        }
        var seen: [String: DiagnosticPath] = [:]
        for t in taints {
            let key = sink.string(t, "key", required: true)
            if let key, let problem = NodeValidationRun.keyProblem(key) {
                sink.error(
                    "taint.key", t.path("key"), "the taint key \(quoted(key)) is not valid: \(problem)",
                    hint: "e.g. \"dedicated\" or \"example.com/gpu\"")
            }
            if let value = sink.string(t, "value"), let problem = NodeValidationRun.valueProblem(value) {
                sink.error(
                    "taint.value", t.path("value"), "the taint value \(quoted(value)) is not valid: \(problem)",
                    hint:
                        "at most 63 letters, digits, `.`, `_` and `-`,"
                        + " starting and ending with a letter or digit; or empty"
                )
            }
            if let effect = sink.string(t, "effect", required: true) {
                checkEnum(
                    effect, NodeReference.taintEffects, at: t.path("effect"), code: "taint.effect", "a taint effect")
                if let key {
                    let id = key + "\u{0}" + effect
                    if let first = seen[id] {
                        sink.error(
                            "taint.duplicate", t.path("key"),
                            "the taint \(quoted(key)) with effect \(effect) is already given at \(first)",
                            hint: "keep one of them")
                    } else {
                        seen[id] = t.path
                    }
                }
            }
        }
    }

    mutating func checkK8sTags(_ spec: ResolvedObject) {
        guard let (tags, path) = sink.object(spec, "k8sTags") else { return }
        if tags.count > NodeReference.maxK8sTags {
            sink.error(
                "k8sTags.count", path,
                "\(tags.count) Kubernetes labels given; at most \(NodeReference.maxK8sTags) are allowed",
                hint: "remove \(tags.count - NodeReference.maxK8sTags) of them")
        }
        for (key, value) in tags {
            if let problem = NodeValidationRun.keyProblem(key) {
                sink.error(
                    "k8sTags.key", path.key(key), "the label key \(quoted(key)) is not valid: \(problem)",
                    hint: "e.g. \"role\" or \"example.com/tier\"")
            }
            guard case .string(let v) = value else {
                sink.typeError(path.key(key), expected: "a string", found: value)
                continue
            }
            if let problem = NodeValidationRun.valueProblem(v) {
                sink.error(
                    "k8sTags.value", path.key(key), "the label value \(quoted(v)) is not valid: \(problem)",
                    hint:
                        "at most 63 letters, digits, `.`, `_` and `-`,"
                        + " starting and ending with a letter or digit; or empty"
                )
            }
        }
    }

    static func isUserTagText(_ s: String) -> Bool {
        // OTC: letters, digits, `-`, `_`, `@`, and CJK characters.
        s.unicodeScalars.allSatisfy { c in
            (c.isASCII && (isAlphanumeric(UInt8(c.value)) || c == "-" || c == "_" || c == "@"))
                || (0x4E00...0x9FFF).contains(c.value)
        }
    }

    mutating func checkUserTags(_ spec: ResolvedObject) {
        guard
            let tags = objects(
                spec, "userTags", schema: NodeSchemas.userTag, example: "{\"key\": \"k\", \"value\": \"v\"}")
        else {
            return
        }
        let total = spec.value("userTags")?.arrayValue?.count ?? 0
        if total > NodeReference.maxUserTags {
            sink.error(
                "userTags.count", spec.path("userTags"),
                "\(total) resource tags given; at most \(NodeReference.maxUserTags) are allowed",
                hint: "remove \(total - NodeReference.maxUserTags) of them")
        }
        for t in tags {
            if let key = sink.string(t, "key", required: true) {
                if key.count > 36 || !NodeValidationRun.isUserTagText(key) {
                    sink.error(
                        "userTags.key", t.path("key"),
                        "the tag key \(quoted(key)) must be 1 to 36 letters, digits, `-`, `_` or `@`",
                        hint: "e.g. \"team\"")
                }
            }
            if let value = sink.string(t, "value"), value.count > 43 || !NodeValidationRun.isUserTagText(value) {
                sink.error(
                    "userTags.value", t.path("value"),
                    "the tag value \(quoted(value)) must be at most 43 letters, digits, `-`, `_` or `@`",
                    hint: "e.g. \"web-prod\"")
            }
        }
    }

    // MARK: extendParam (§1.6)

    mutating func checkExtendParam(
        _ e: ResolvedObject, spec: ResolvedObject, _ c: NodeSpecContext, runtimeClass: String?
    ) {
        if let n = int(e, "maxPods") {
            let range = runtimeClass == "kuasar-vmm" ? NodeReference.maxPodsKuasar : NodeReference.maxPods
            checkRange(
                n, range, at: e.path("maxPods"), code: "maxPods.range", "maxPods",
                hint:
                    "use \(n < range.lowerBound ? range.lowerBound : range.upperBound)"
                    + " or a value in between (system pods count too)"
            )
        }
        for name in ["alpha.cce/preInstall", "alpha.cce/postInstall"] {
            guard let script = sink.string(e, name), !script.isEmpty else { continue }
            if Data(base64Encoded: script) == nil {
                sink.error(
                    "extendParam.script", e.path(name), "the script must be base64-encoded",
                    hint: "encode it, e.g. `echo -n 'SCRIPT' | base64 -w0`")
            }
        }
        for name in ["alpha.cce/NodeImageID", "DockerLVMConfigOverride", "agency_name", "spotPrice"] {
            _ = sink.string(e, name)
        }
        if let key = sink.string(e, "publicKey"), !key.isEmpty {
            if c.isPool {
                sink.error(
                    "extendParam.publicKey", e.path("publicKey"), "node pools do not take `publicKey`",
                    hint: "log in with login.sshKey")
            } else if spec.value("login")?.member("sshKey")?.stringValue.map({ !$0.isEmpty }) == true {
                sink.warning(
                    "extendParam.publicKey", e.path("publicKey"), "`publicKey` is ignored when login.sshKey is set")
            }
        }
        for name in ["dockerBaseSize", "containerBaseSize"] {
            guard let n = int(e, name, what: "an integer (GB)") else { continue }
            checkRange(
                n, NodeReference.containerBaseSize, at: e.path(name), code: "extendParam.baseSize", name, unit: "GB")
            if name == "dockerBaseSize" {
                sink.warning(
                    "extendParam.deprecated", e.path(name), "`dockerBaseSize` is deprecated",
                    hint: "use containerBaseSize")
            } else if c.isPartial {
                sink.error(
                    "extendParam.containerBaseSize", e.path(name), "`containerBaseSize` cannot be updated",
                    hint: "remove it from the update")
            }
        }
        for name in [
            "kubeReservedMem", "systemReservedMem", "kubeReservedCpu", "systemReservedCpu",
            "kubeReservedStorage", "systemReservedStorage",
        ] {
            guard let n = int(e, name) else { continue }
            if n < 0 {
                sink.error(
                    "extendParam.reserved", e.path(name), "`\(name)` cannot be negative, found \(n)",
                    hint: "use 0 or more")
            }
        }
        for name in ["kubeReservedPid", "systemReservedPid"] {
            guard let n = int(e, name) else { continue }
            checkRange(n, NodeReference.reservedPid, at: e.path(name), code: "extendParam.reservedPid", name)
        }
        let prepaid = spec.value("billingMode")?.intValue == 1
        if let period = sink.string(e, "periodType") {
            checkEnum(
                period, NodeReference.periodTypes, at: e.path("periodType"), code: "extendParam.periodType",
                "a period type")
        }
        if let n = int(e, "periodNum") {
            let range = e.value("periodType")?.stringValue == "year" ? 1...1 : 1...9
            checkRange(n, range, at: e.path("periodNum"), code: "extendParam.periodNum", "periodNum")
        }
        for name in ["isAutoRenew", "isAutoPay"] {
            guard let v = e.value(name) else { continue }
            if v.stringValue != "true" && v.stringValue != "false" {
                sink.error(
                    "field.type", e.path(name), "`\(name)` is the string \"true\" or \"false\", found \(describe(v))",
                    hint: v.boolValue.map { "write \"\($0)\" in quotes" })
            }
        }
        if !prepaid {
            for name in ["periodType", "periodNum", "isAutoRenew", "isAutoPay"] where e.has(name) {
                sink.warning(
                    "extendParam.prepaidOnly", e.path(name),
                    "`\(name)` applies only to yearly/monthly nodes (billingMode 1)",
                    hint: "remove it")
            }
        }
        if let market = sink.string(e, "marketType"), !market.isEmpty {
            if market != "spot" {
                sink.error(
                    "extendParam.marketType", e.path("marketType"),
                    "the only market type is \"spot\", found \(quoted(market))",
                    hint: "set marketType to \"spot\", or remove it")
            } else if prepaid {
                sink.error(
                    "extendParam.marketType", e.path("marketType"), "spot instances are pay-per-use only",
                    hint: "set billingMode to 0")
            }
        }
        if let tokens = sink.string(e, "serverMetadataHttpTokens"), !tokens.isEmpty {
            checkEnum(
                tokens, NodeReference.httpTokens, at: e.path("serverMetadataHttpTokens"),
                code: "extendParam.httpTokens", "a metadata token mode")
        }
        if let kind = sink.string(e, "securityReinforcementType"), !kind.isEmpty, kind != "cybersecurity" {
            sink.error(
                "extendParam.securityReinforcementType", e.path("securityReinforcementType"),
                "the only security reinforcement type is \"cybersecurity\", found \(quoted(kind))",
                hint: "set it to \"cybersecurity\" or remove it")
        }
        if e.has("chargingMode") {
            _ = int(e, "chargingMode")
            sink.warning(
                "extendParam.deprecated", e.path("chargingMode"), "`chargingMode` is deprecated",
                hint: "use spec.billingMode")
        }
    }

    // MARK: Node pools (§3)

    static func poolNameProblems(_ name: String) -> [String] {
        var problems = nodeNameProblems(name, max: NodeReference.poolNameLength.upperBound)
        if name.isEmpty { problems.insert("must not be empty", at: 0) }
        return problems
    }

    mutating func validatePoolRoot(_ body: JSONValue, update: Bool) {
        let title = update ? "an Update Node Pool" : "a Create Node Pool"
        guard case .object(let root) = body else {
            sink.error(
                "body.type", .root, "\(title) request body must be a JSON object, found \(describe(body))",
                hint: "send an object {metadata: {name: …}, spec: {…}}")
            return
        }
        let r = sink.resolve(root, at: .root, schema: NodeSchemas.poolRoot, what: "the request body")
        // Huawei's NodePoolUpdate has only metadata and spec; kind/apiVersion are checked if given.
        checkKindAndVersion(r, kind: "NodePool", required: !update)
        if let md = resolvedObject(r, "metadata", schema: NodeSchemas.poolMetadata, required: true) {
            if let name = sink.string(md, "name") {
                checkPoolName(name, at: md.path("name"))
            } else if !md.has("name") {
                sink.missing(md, "name", "a string")
            }
        }
        let schema = update ? NodeSchemas.poolUpdateSpec : NodeSchemas.poolSpec
        guard let spec = resolvedObject(r, "spec", schema: schema, required: true) else {
            return
        }
        var poolType: String? = nil
        if let type = sink.string(spec, "type"), !type.isEmpty {
            poolType = type
            checkEnum(type, NodeReference.poolTypes, at: spec.path("type"), code: "pool.type", "a node pool type")
            if update {
                sink.warning(
                    "pool.immutable", spec.path("type"), "a pool's type cannot be changed", hint: "leave type out")
            }
        }
        // Update: Huawei's NodePoolUpdate makes nodeTemplate optional (the OTC page marks it
        // mandatory); optional here so a scale-only update need not repeat the template.
        if let t = resolvedObject(spec, "nodeTemplate", schema: NodeSchemas.nodeSpec, required: !update) {
            checkNodeSpec(t, update ? .poolUpdate : .poolTemplate(poolType: poolType))
        }
        let count = checkInitialNodeCount(spec, update: update)
        checkAutoscaling(spec, initialNodeCount: count)
        if let m = resolvedObject(spec, "nodeManagement", schema: NodeSchemas.nodeManagement) {
            _ = sink.string(m, "serverGroupReference")
        }
        if let p = resolvedObject(spec, "repairPolicy", schema: NodeSchemas.repairPolicy) {
            _ = sink.bool(p, "enable")
            _ = sink.string(p, "policy")
        }
        if let groups = objects(
            spec, "podSecurityGroups", schema: NodeSchemas.podSecurityGroup, example: "{\"id\": \"…\"}")
        {
            let total = spec.value("podSecurityGroups")?.arrayValue?.count ?? 0
            if total > NodeReference.maxPodSecurityGroups {
                sink.error(
                    "podSecurityGroups.count", spec.path("podSecurityGroups"),
                    "\(total) pod security groups given; at most \(NodeReference.maxPodSecurityGroups) are allowed",
                    hint: "remove \(total - NodeReference.maxPodSecurityGroups) of them")
            }
            for g in groups { _ = sink.string(g, "id", required: true) }
        }
        _ = stringList(spec, "customSecurityGroups")
        _ = sink.array(spec, "extensionScaleGroups")
        for (name, allowed) in [
            ("taintPolicyOnExistingNodes", NodeReference.existingNodePolicies),
            ("labelPolicyOnExistingNodes", NodeReference.existingNodePolicies),
            ("userTagsPolicyOnExistingNodes", NodeReference.existingNodePolicies),
        ] {
            if let v = sink.string(spec, name), !v.isEmpty {
                checkEnum(v, allowed, at: spec.path(name), code: "pool.policy", "a policy (\"refresh\" or \"ignore\")")
            }
        }
    }

    mutating func checkPoolName(_ name: String, at path: DiagnosticPath) {
        if name == NodeReference.reservedPoolName {
            sink.error(
                "pool.name.reserved", path, "\"DefaultPool\" is reserved for the nodes outside any pool",
                hint: "choose another name, e.g. \"default-pool\"")
            return
        }
        let problems = NodeValidationRun.poolNameProblems(name)
        guard !problems.isEmpty else { return }
        let max = NodeReference.poolNameLength.upperBound
        let hint =
            NodeValidationRun.suggested(name, max: max) { NodeValidationRun.poolNameProblems($0).isEmpty }
            .map { "try \(quoted($0))" }
            ?? "use 1 to \(max) lowercase letters, digits and hyphens, starting with a letter"
        sink.error(
            "pool.name.pattern", path, "the node pool name \(quoted(name)) " + problems.joined(separator: "; "),
            hint: hint)
    }

    /// `initialNodeCount`; on update, it or `ignoreInitialNodeCount: true` (§3.3).
    mutating func checkInitialNodeCount(_ spec: ResolvedObject, update: Bool) -> Int? {
        let path = spec.path("initialNodeCount")
        let count = int(spec, "initialNodeCount", required: !update, what: "an integer (the number of nodes)")
        if let n = count {
            if n < 0 {
                sink.error(
                    "initialNodeCount.range", path, "`initialNodeCount` cannot be negative, found \(n)",
                    hint: "use 0 for an empty pool")
            } else if n > NodeReference.maxNodesPerCluster {
                sink.error(
                    "initialNodeCount.range", path,
                    "`initialNodeCount` is \(n); a cluster holds at most \(NodeReference.maxNodesPerCluster) nodes",
                    hint: "use at most \(NodeReference.maxNodesPerCluster), within the cluster flavor's node limit")
            }
        }
        guard update else {
            if spec.has("ignoreInitialNodeCount") {
                sink.warning(
                    "ignoreInitialNodeCount.create", spec.path("ignoreInitialNodeCount"),
                    "`ignoreInitialNodeCount` applies only to updates")
            }
            return count
        }
        let ignore = sink.bool(spec, "ignoreInitialNodeCount")
        if ignore == true {
            if spec.has("initialNodeCount") {
                sink.warning(
                    "initialNodeCount.ignored", path,
                    "`ignoreInitialNodeCount` is true, so the service ignores `initialNodeCount`",
                    hint: "remove one of them: initialNodeCount to scale, ignoreInitialNodeCount to keep the count")
            }
        } else if !spec.has("initialNodeCount") {
            sink.error(
                "initialNodeCount.update", path,
                "an update without `initialNodeCount` sets the pool's node count to 0 and deletes all its nodes",
                hint:
                    "send the count you want in initialNodeCount,"
                    + " or ignoreInitialNodeCount: true to keep the current count"
            )
        }
        return count
    }

    mutating func checkAutoscaling(_ spec: ResolvedObject, initialNodeCount: Int?) {
        guard let a = resolvedObject(spec, "autoscaling", schema: NodeSchemas.autoscaling) else { return }
        let enabled = sink.bool(a, "enable") ?? false
        let minCount = int(a, "minNodeCount")
        let maxCount = int(a, "maxNodeCount")
        let limit = NodeReference.maxNodesPerCluster
        if let n = minCount, n < 0 || n > limit {
            checkRange(n, 0...limit, at: a.path("minNodeCount"), code: "autoscaling.range", "minNodeCount")
        }
        if let n = maxCount, n < 0 || n > limit {
            checkRange(n, 0...limit, at: a.path("maxNodeCount"), code: "autoscaling.range", "maxNodeCount")
        }
        if let lo = minCount, let hi = maxCount, lo > hi {
            sink.error(
                "autoscaling.minMax", a.path("maxNodeCount"),
                "maxNodeCount (\(hi)) is below minNodeCount (\(lo))",
                hint: "raise maxNodeCount to at least \(lo), or lower minNodeCount")
        }
        if enabled, let n = initialNodeCount, let lo = minCount, let hi = maxCount, lo <= hi, !(lo...hi).contains(n) {
            // TFOTC #1768: a count outside [min, max] makes the autoscaler fight the pool.
            sink.warning(
                "autoscaling.initialNodeCount", spec.path("initialNodeCount"),
                "initialNodeCount \(n) is outside the autoscaling range \(lo)…\(hi); the autoscaler will move it",
                hint: "choose a count from \(lo) to \(hi)")
        }
        if let n = int(a, "scaleDownCooldownTime", what: "an integer (minutes)"), n < 0 {
            sink.error(
                "autoscaling.cooldown", a.path("scaleDownCooldownTime"),
                "scaleDownCooldownTime cannot be negative, found \(n)",
                hint: "give the cool-down in minutes, e.g. 10")
        }
        _ = int(a, "priority")
        if let n = int(a, "scaleDownUnneededTime", what: "an integer (minutes; -1 for unset)"), n < -1 {
            sink.error(
                "autoscaling.unneededTime", a.path("scaleDownUnneededTime"),
                "scaleDownUnneededTime is -1 (unset) or at least 0, found \(n)",
                hint: "give minutes, or -1 to leave it unset")
        }
        if let v = a.value("scaleDownUtilizationThreshold") {
            let x: Double? = {
                if case .int(let n) = v {
                    return Double(n)
                } else if case .double(let d) = v {
                    return d
                } else {
                    return nil
                }
            }()
            if let x {
                if x != -1, !(0...1).contains(x) {
                    sink.error(
                        "autoscaling.threshold", a.path("scaleDownUtilizationThreshold"),
                        "scaleDownUtilizationThreshold is 0 to 1, or -1 for unset; found \(shortened(v.serialized()))",
                        hint: "e.g. 0.5, or -1 to leave it unset")
                }
            } else {
                sink.typeError(a.path("scaleDownUtilizationThreshold"), expected: "a number from 0 to 1", found: v)
            }
        }
    }

    // MARK: clustercert (§4)

    mutating func validateClusterCert(_ body: JSONValue) {
        guard case .object(let root) = body else {
            sink.error(
                "body.type", .root, "a cluster-certificate request body must be a JSON object, found \(describe(body))",
                hint: "send {\"duration\": 30}")
            return
        }
        let r = sink.resolve(root, at: .root, schema: NodeSchemas.clusterCert, what: "the request body")
        let expire = sink.string(r, "expire_at")
        if let text = expire, !text.isEmpty, GoTimestamp(text) == nil {
            sink.error(
                "expire_at.format", r.path("expire_at"), "\(quoted(text)) is not a time the service reads",
                hint: "write e.g. \"2027-01-01 16:00:00 +0000 UTC\"")
        }
        let hasExpiry = !(expire ?? "").isEmpty
        guard let n = int(r, "duration", required: !hasExpiry, what: "an integer (days)") else { return }
        let range = NodeReference.certDuration
        if n != -1, !range.contains(n) {
            sink.error(
                "duration.range", r.path("duration"),
                "`duration` must be -1 (the maximum) or \(range.lowerBound) to \(range.upperBound) days, found \(n)",
                hint: n > range.upperBound
                    ? "use \(range.upperBound) (5 years) or -1" : "use at least 1 day, or -1 for the maximum")
        }
    }
}
