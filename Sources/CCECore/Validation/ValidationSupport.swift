import OrderedCollections

/// How a known field is treated when a create request carries it.
enum FieldRole {
    /// A request field of the reference's request tables.
    case request
    /// Named by the reference only in responses (`status`, `az`, …): ignored, with a warning.
    case responseOnly
    /// The reference says it cannot be specified (`metadata.uid`, `spec.platformVersion`).
    case readOnly
    /// Not in the OTC reference, but a real field of the API elsewhere (Huawei Cloud, newer
    /// docs; WIRE.md): checked where we know its rules, with a warning that OTC may ignore it.
    case notInReference
}

/// The fields one object of the body may carry, in the reference's order.
struct ObjectSchema {
    let fields: [(name: String, role: FieldRole)]
    /// Struct fields match without regard to case on the service (Go `encoding/json`);
    /// map keys (`extendParam`) do not.
    let caseSensitive: Bool

    let names: [String]
    private let roles: [String: FieldRole]
    private let folded: [String: String]

    init(_ fields: [(String, FieldRole)], caseSensitive: Bool = false) {
        self.fields = fields.map { (name: $0.0, role: $0.1) }
        self.caseSensitive = caseSensitive
        names = fields.map(\.0)
        roles = Dictionary(fields, uniquingKeysWith: { first, _ in first })
        folded = Dictionary(fields.map { ($0.0.lowercased(), $0.0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The fields a model declares, in its CodingKeys' order: the model is the one
    /// declaration of the wire names, `roles` says how a request treats the non-request ones.
    init<K: CodingKey & CaseIterable & Hashable>(
        _ keys: K.Type, roles: [K: FieldRole] = [:], caseSensitive: Bool = false
    ) {
        self.init(K.allCases.map { ($0.stringValue, roles[$0] ?? .request) }, caseSensitive: caseSensitive)
    }

    func role(of name: String) -> FieldRole? { roles[name] }

    /// The field `key` names when case is ignored (`apiversion` → `apiVersion`).
    func fieldIgnoringCase(_ key: String) -> String? { caseSensitive ? nil : folded[key.lowercased()] }
}

/// The members of one object, matched to their schema names the way the service matches
/// them (exact first, then without regard to case, as Go's `encoding/json` does).
struct ResolvedObject {
    let path: DiagnosticPath
    /// schema name → (key as written, value)
    var members = ResolvedMembers()

    /// The value of a field, `nil` when absent or JSON `null` (Go decoding treats both alike).
    func value(_ name: String) -> JSONValue? {
        guard let v = members[name]?.value, !v.isNull else { return nil }
        return v
    }

    func has(_ name: String) -> Bool { value(name) != nil }

    /// The path of a field: under the key the user wrote, or the schema name when absent.
    func path(_ name: String) -> DiagnosticPath { path.key(members[name]?.key ?? name) }
}

/// Schema name → (key as written, value). A body's objects hold a handful of members, read
/// a few times each: a list searched in order costs less than hashing every name. Past
/// `listLimit` members (a hostile body with thousands of keys) a dictionary takes over.
struct ResolvedMembers {
    typealias Member = (key: String, value: JSONValue)
    static let listLimit = 16
    private var list: [(name: String, member: Member)] = []
    private var table: [String: Member]? = nil

    mutating func reserveCapacity(_ n: Int) {
        if n > ResolvedMembers.listLimit {
            table = Dictionary(minimumCapacity: n)
        } else {
            list.reserveCapacity(n)
        }
    }

    /// Adds a member under a name not used yet (an object's own keys are distinct).
    mutating func appendNew(_ name: String, _ member: Member) {
        if table == nil, list.count < ResolvedMembers.listLimit {
            list.append((name, member))
        } else {
            self[name] = member
        }
    }

    subscript(name: String) -> Member? {
        get {
            if let table { return table[name] }
            for entry in list where entry.name == name { return entry.member }
            return nil
        }
        set {
            if table != nil {
                table?[name] = newValue
                return
            }
            if let i = list.firstIndex(where: { $0.name == name }) {
                if let newValue { list[i].member = newValue } else { list.remove(at: i) }
                return
            }
            guard let newValue else { return }
            list.append((name, newValue))
            if list.count > ResolvedMembers.listLimit {
                var t: [String: Member] = Dictionary(minimumCapacity: list.count * 2)
                for entry in list { t[entry.name] = entry.member }
                table = t
                list = []
            }
        }
    }
}

/// Collects diagnostics and offers the typed reads every rule needs.
struct DiagnosticSink {
    /// Kept with their structured paths so they can be ordered by where they point.
    var entries: [(path: DiagnosticPath, diagnostic: Diagnostic)] = []
    /// Where each request field lives, for the "belongs in" hint on a misplaced field.
    var fieldHomes: [String: String] = ClusterReference.fieldHomes
    /// What to write for a missing required field, by field name.
    var requiredHints: [String: String] = DiagnosticSink.requiredHints
    /// The request being checked, for the read-only message ("creating a cluster").
    var action = "creating a cluster"

    mutating func error(_ code: String, _ path: DiagnosticPath, _ message: String, hint: String? = nil) {
        entries.append((path, .error(code, at: path, message, hint: hint)))
    }

    mutating func warning(_ code: String, _ path: DiagnosticPath, _ message: String, hint: String? = nil) {
        entries.append((path, .warning(code, at: path, message, hint: hint)))
    }

    /// The diagnostics in the order their paths appear in `body` (stable for equal paths).
    func sorted(in body: JSONValue) -> [Diagnostic] {
        if entries.isEmpty { return [] }
        let keyed = entries.enumerated().map {
            (ordinals: $0.element.path.ordinals(in: body), seq: $0.offset, d: $0.element.diagnostic)
        }
        return keyed.sorted { a, b in
            if a.ordinals != b.ordinals { return a.ordinals.lexicographicallyPrecedes(b.ordinals) }
            return a.seq < b.seq
        }.map(\.d)
    }

    /// Matches an object's keys against `schema`, reporting unknown, mis-cased, duplicated,
    /// response-only and read-only keys. `what` names the object in messages.
    mutating func resolve(
        _ object: OrderedDictionary<String, JSONValue>, at path: DiagnosticPath,
        schema: ObjectSchema, what: String
    ) -> ResolvedObject {
        var resolved = ResolvedObject(path: path)
        resolved.members.reserveCapacity(object.count)
        // Exact matches win over case-insensitive ones wherever they are in the object.
        var onlyRequestFields = true
        for (key, value) in object {
            guard let role = schema.role(of: key) else {
                onlyRequestFields = false
                continue
            }
            resolved.members.appendNew(key, (key, value))
            if role != .request { onlyRequestFields = false }
        }
        // The usual body: every key a request field, spelled exactly. Nothing to report.
        if onlyRequestFields { return resolved }
        // Suggestions cost an edit-distance per candidate; an object with hundreds of
        // unknown keys is not a typo, so only the first few get one.
        var suggestionsLeft = 64
        for (key, value) in object {
            let keyPath = path.key(key)
            let name: String
            if schema.role(of: key) != nil {
                name = key
            } else if let folded = schema.fieldIgnoringCase(key) {
                name = folded
                if let existing = resolved.members[folded] {
                    warning(
                        "field.duplicate", keyPath,
                        "`\(key)` and `\(existing.key)` name the same field (keys match without regard to case); "
                            + "which one the service uses is not defined",
                        hint: "keep only `\(folded)`")
                    continue
                }
                resolved.members[folded] = (key, value)
                // Accepted (the Go SDKs send `apiversion` and the service takes it), but a
                // warning: the Python SDK, the emulator's typed models and the language's
                // field access (`c.spec.flavor`) all use the exact spelling.
                warning(
                    "field.case", keyPath,
                    "`\(key)` is matched to `\(folded)` without regard to case; the service accepts it, "
                        + "other clients may not",
                    hint: "write `\(folded)`")
            } else {
                var hint: String? = nil
                if let home = fieldHomes[key], home != what {
                    hint = "`\(key)` belongs in \(home)"
                } else if suggestionsLeft > 0 {
                    suggestionsLeft -= 1
                    if let near = nearest(key, among: schema.names) { hint = "did you mean `\(near)`?" }
                }
                warning(
                    "field.unknown", keyPath,
                    "`\(key)` is not a field of \(what); the service ignores it",
                    hint: hint ?? "the fields of \(what) are: \(schema.names.joined(separator: ", "))")
                continue
            }
            switch schema.role(of: name) ?? .request {
            case .request:
                break
            case .responseOnly:
                warning(
                    "field.responseOnly", keyPath,
                    "`\(name)` is only returned by the service; a create request cannot set it and it is ignored",
                    hint: "remove it (it is fine to leave it in a body copied from a response)")
            case .readOnly:
                error(
                    "field.readOnly", keyPath,
                    "`\(name)` is assigned by the service and cannot be specified when \(action)",
                    hint: "remove `\(key)` from the request")
            case .notInReference:
                warning(
                    "field.notInReference", keyPath,
                    "`\(name)` is not in the OTC CCE API reference (it exists on other CCE offerings); "
                        + "the service may ignore or refuse it"
                )
            }
        }
        return resolved
    }

    /// An object field: absent → `nil` (an error when `required`); not an object → a type error.
    mutating func object(_ o: ResolvedObject, _ name: String, required: Bool = false)
        -> (OrderedDictionary<String, JSONValue>, DiagnosticPath)?
    {
        guard let v = o.value(name) else {
            if required { missing(o, name, "an object") }
            return nil
        }
        guard case .object(let m) = v else {
            typeError(o.path(name), expected: "an object", found: v)
            return nil
        }
        return (m, o.path(name))
    }

    mutating func string(_ o: ResolvedObject, _ name: String, required: Bool = false) -> String? {
        guard let v = o.value(name) else {
            if required { missing(o, name, "a string") }
            return nil
        }
        guard case .string(let s) = v else {
            typeError(o.path(name), expected: "a string", found: v)
            return nil
        }
        if required, s.isEmpty {
            error("field.required", o.path(name), "`\(name)` is required and must not be empty")
            return nil
        }
        return s
    }

    mutating func bool(_ o: ResolvedObject, _ name: String) -> Bool? {
        guard let v = o.value(name) else { return nil }
        guard case .bool(let b) = v else {
            typeError(o.path(name), expected: "a boolean (true or false)", found: v)
            return nil
        }
        return b
    }

    mutating func array(_ o: ResolvedObject, _ name: String) -> [JSONValue]? {
        guard let v = o.value(name) else { return nil }
        guard case .array(let a) = v else {
            typeError(o.path(name), expected: "an array", found: v)
            return nil
        }
        return a
    }

    mutating func missing(_ o: ResolvedObject, _ name: String, _ what: String) {
        error("field.required", o.path(name), "`\(name)` is required (\(what))", hint: requiredHints[name])
    }

    /// What to write for a missing required field.
    static let requiredHints: [String: String] = [
        "kind": "set kind to \"Cluster\"",
        "apiVersion": "set apiVersion to \"v3\"",
        "metadata": "add metadata: {name: \"my-cluster\"}",
        "spec": "add spec with type, flavor, hostNetwork and containerNetwork",
        "name": "4 to 128 lowercase letters, digits and hyphens, starting with a letter",
        "type": "set type to \"VirtualMachine\"",
        "flavor": "e.g. \"cce.s1.small\" (single master) or \"cce.s2.small\" (3 masters, high availability)",
        "hostNetwork": "add hostNetwork: {vpc: VPC_ID, subnet: SUBNET_NETWORK_ID}",
        "vpc": "the ID of the VPC the masters are created in",
        "subnet": "the network ID of the subnet (not the subnet ID)",
        "containerNetwork": "add containerNetwork: {mode: \"overlay_l2\"} or {mode: \"vpc-router\"}",
        "mode": "\"overlay_l2\" (tunnel network) or \"vpc-router\" (VPC network)",
        "cidr": "a CIDR block such as \"172.16.0.0/16\"",
    ]

    mutating func typeError(_ path: DiagnosticPath, expected: String, found: JSONValue) {
        var hint: String? = nil
        if case .string(let s) = found, expected.hasPrefix("a boolean"), s == "true" || s == "false" {
            hint = "write \(s) without quotes"
        } else if case .int(let n) = found, expected == "a string" {
            hint = "write it as a string: \"\(n)\""
        } else if case .string(let s) = found, expected.hasPrefix("an integer"), let n = Int(s) {
            hint = "write \(n) without quotes"
        }
        // A secret of the wrong type is still a secret: name its type only, never its value.
        let secret: Bool
        if case .key(let k)? = path.components.last {
            secret = DiagnosticSink.secretKeys.contains(k.lowercased())
        } else {
            secret = false
        }
        if secret { hint = nil }
        error(
            "field.type", path, "expected \(expected), found \(secret ? describeType(found) : describe(found))",
            hint: hint)
    }

    /// Members whose values a message never repeats (node login passwords, init-node-password, keys).
    static let secretKeys: Set<String> = ["password", "userpassword", "init-node-password", "sk", "secretkey", "token"]
}

/// A value's type for a message, without the value.
func describeType(_ v: JSONValue) -> String {
    switch v {
    case .null: "null"
    case .bool: "a boolean"
    case .int, .double: "a number"
    case .string: "a string"
    case .array: "an array"
    case .object: "an object"
    }
}

/// A value for a message: short, so a megabyte of garbage does not end up on the terminal.
func describe(_ v: JSONValue) -> String {
    switch v {
    case .string(let s): return "the string \(quoted(s))"
    case .int, .double: return "the number \(shortened(v.serialized()))"
    case .bool(let b): return "\(b)"
    case .null: return "null"
    case .array: return "an array"
    case .object: return "an object"
    }
}

func quoted(_ s: String) -> String {
    var out = ""
    JSONValue.writeString(shortened(s), to: &out)
    return out
}

func shortened(_ s: String, limit: Int = 64) -> String {
    s.count <= limit ? s : String(s.prefix(limit)) + "…"
}

/// Levenshtein distance without regard to ASCII case, over the first 256 bytes (so a huge
/// key costs nothing).
func editDistance(_ a: String, _ b: String) -> Int {
    func folded(_ s: String) -> [UInt8] {
        s.utf8.prefix(256).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }
    let x = folded(a)
    let y = folded(b)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    var current = previous
    for i in 1...x.count {
        current[0] = i
        for j in 1...y.count {
            let cost = x[i - 1] == y[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        }
        swap(&previous, &current)
    }
    return previous[y.count]
}

/// The candidate closest to `word`, when it is close enough to be a plausible typo.
func nearest(_ word: String, among candidates: [String]) -> String? {
    var best: (name: String, distance: Int)? = nil
    let length = word.count
    for c in candidates {
        // The distance is at least the difference in length: skip hopeless candidates
        // before paying for the quadratic comparison.
        if abs(length - c.count) > max(2, min(length, c.count) / 3) { continue }
        let d = editDistance(word, c)
        if d < (best?.distance ?? Int.max) { best = (c, d) }
    }
    guard let (name, distance) = best else { return nil }
    let allowed = max(2, min(word.count, name.count) / 3)
    return distance <= allowed ? name : nil
}

extension DiagnosticPath {
    /// Orders paths by where they appear in `body`: each key by its position in its object
    /// (absent keys after present ones), each index by its value. Parents come first.
    func ordinals(in body: JSONValue) -> [Int] {
        var node: JSONValue? = body
        var out: [Int] = []
        for c in components {
            switch c {
            case .key(let k):
                if case .object(let o)? = node, let i = o.index(forKey: k) {
                    out.append(i)
                    node = o.values[i]
                } else {
                    out.append(Int.max)
                    node = nil
                }
            case .index(let i):
                out.append(i)
                node = node?[i]
            }
        }
        return out
    }
}
