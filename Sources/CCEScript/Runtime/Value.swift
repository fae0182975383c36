import OrderedCollections

/// An insertion-ordered map from string keys to values.
public typealias ValueMap = OrderedDictionary<String, Value>

/// A handle on a service job, filled in by the cluster built-ins.
public protocol ScriptJob: AnyObject, Sendable {
    var jobID: String { get }
    var clusterName: String { get }
    /// A field read with `job.name`; nil when there is no such field.
    func member(_ name: String) -> Value?
}

extension ScriptJob {
    public func member(_ name: String) -> Value? {
        switch name {
        case "id": .string(jobID)
        case "cluster": .string(clusterName)
        default: nil
        }
    }
}

/// A validation finding as scripts see it (`d.severity`, `d.path`, ...).
public struct ScriptDiagnostic: Sendable, Equatable {
    public var severity: String
    public var path: String
    public var code: String
    public var message: String
    public var hint: String?

    public init(severity: String, path: String, code: String, message: String, hint: String? = nil) {
        self.severity = severity
        self.path = path
        self.code = code
        self.message = message
        self.hint = hint
    }

    /// `error spec.flavor: MESSAGE`.
    public var oneLine: String { "\(severity) \(path): \(message)" }

    func member(_ name: String) -> Value? {
        switch name {
        case "severity": .string(severity)
        case "path": .string(path)
        case "code": .string(code)
        case "message": .string(message)
        case "hint": hint.map { .string($0) } ?? .null
        default: nil
        }
    }
}

/// An error caught by `try`/`catch`: `e.message`, `e.code`, `e.status`, `e.diagnostics`.
public final class ScriptErrorValue: Sendable {
    public let error: ScriptError
    public init(_ error: ScriptError) { self.error = error }

    func member(_ name: String) -> Value? {
        switch name {
        case "message": .string(error.message)
        case "code": error.code.map { .string($0) } ?? .null
        case "status": error.status.map { .int($0) } ?? .null
        case "diagnostics": .list(error.diagnostics.map { .diagnostic($0) })
        case "kind": .string(error.kind.rawValue)
        case "hint": error.hint.map { .string($0) } ?? .null
        default: nil
        }
    }
}

/// A function value: a script closure (of the engine that made it) or a built-in.
///
/// `@unchecked Sendable`: its environment (`scope`, `captures`) holds the script's variables,
/// which only the thread holding the evaluation's lock reads or writes.
public final class ScriptFunction: @unchecked Sendable {
    public let name: String
    /// The built-in, or nil for a script closure.
    let builtin: Builtin?
    /// The declaration of a script closure.
    let decl: FunctionDecl?
    /// The file a script closure was written in (errors inside it are placed there).
    let file: SourceFile?
    /// The reference engine's closure: the scope it was made in.
    let scope: RefScope?
    /// The compiled engine's closure: its code, the variables it captured and its globals.
    let code: CompiledFunction?
    let captures: [Box]
    let globals: GlobalTable?
    /// What the common call reads (`CompiledFunction.plainArity`, its frame and its body),
    /// kept here too: read from the callee itself, a call retains nothing more.
    let plainArity: Int
    let frameSize: Int
    let body: BlockCode

    init(builtin: Builtin) {
        name = builtin.name
        self.builtin = builtin
        decl = nil
        file = nil
        scope = nil
        code = nil
        captures = []
        globals = nil
        plainArity = -1
        frameSize = 0
        body = Nothing()
    }

    init(reference decl: FunctionDecl, scope: RefScope, file: SourceFile, name: String) {
        self.name = name
        builtin = nil
        self.decl = decl
        self.file = file
        self.scope = scope
        code = nil
        captures = []
        globals = nil
        plainArity = -1
        frameSize = 0
        body = Nothing()
    }

    init(compiled code: CompiledFunction, captures: [Box], globals: GlobalTable, name: String) {
        self.name = name
        builtin = nil
        decl = code.decl
        file = code.file
        scope = nil
        self.code = code
        self.captures = captures
        self.globals = globals
        plainArity = code.plainArity
        frameSize = code.frameSize
        body = code.body
    }

}

/// A value of the language. Values are immutable; builders return new ones.
public enum Value: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    /// Milliseconds.
    case duration(Int)
    case list([Value])
    case map(ValueMap)
    case range(Int, Int, inclusive: Bool)
    case function(ScriptFunction)
    case error(ScriptErrorValue)
    indirect case diagnostic(ScriptDiagnostic)
    /// A Create Cluster request body.
    case cluster(ValueMap)
    /// A node or node-pool body (`node(name)`, `nodePool(name)`, `nodes(c)` …).
    case resource(ScriptResource)
    case job(any ScriptJob)

    /// The name `type(x)` returns.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .float: "float"
        case .string: "string"
        case .duration: "duration"
        case .list: "list"
        case .map: "map"
        case .range: "range"
        case .function: "function"
        case .error: "error"
        case .diagnostic: "diagnostic"
        case .cluster: "cluster"
        case .resource(let r): r.kind.rawValue
        case .job: "job"
        }
    }

    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The elements of a list or range, or nil for other values.
    var elements: [Value]? {
        switch self {
        case .list(let xs): return xs
        case .range(let lo, let hi, let inclusive):
            // Callers bound the size first (see `rangeCount`); this never traps on Int.min.
            guard Value.rangeCount(lo, hi, inclusive) > 0 else { return [] }
            let end = inclusive ? hi : hi - 1
            return (lo...end).map { .int($0) }
        default: return nil
        }
    }

    /// How many elements a range has, without overflowing.
    static func rangeCount(_ lo: Int, _ hi: Int, _ inclusive: Bool) -> Int {
        let (end, under) = inclusive ? (hi, false) : hi.subtractingReportingOverflow(1)
        guard !under, lo <= end else { return 0 }
        let (d, o) = end.subtractingReportingOverflow(lo)
        if o { return Int.max }
        let (c, o2) = d.addingReportingOverflow(1)
        return o2 ? Int.max : c
    }
}

// MARK: Printing

/// Thrown when a value is nested too deeply to print, compare or encode.
struct ValueTooDeep: Error {}
/// A printed form longer than the bytes allowed (a shared structure has far more paths than values).
struct ValueTooLarge: Error {}

extension Value {
    /// The literal syntax the REPL prints (strings quoted); values nested deeper than the
    /// default limit print as `...`.
    public var literalDescription: String {
        var out = ""
        // An echo, not data: a value whose text passes 16 MiB ends in "...".
        if !write(to: &out, quoted: true, depth: 0, limit: Limits.defaultNesting, elide: true, maxBytes: 16 << 20) {
            out += "..."
        }
        return out
    }

    /// What `print` writes: a string as is, anything else as `literalDescription`.
    public var printDescription: String {
        if case .string(let s) = self { return s }
        return literalDescription
    }

    func literal(limit: Int, maxBytes: Int = Limits.maxValueBytes) throws -> String {
        var out = ""
        if !write(to: &out, quoted: true, depth: 0, limit: limit, elide: false, maxBytes: maxBytes) {
            if out.utf8.count > maxBytes { throw ValueTooLarge() }
            throw ValueTooDeep()
        }
        return out
    }

    func printed(limit: Int, maxBytes: Int = Limits.maxValueBytes) throws -> String {
        if case .string(let s) = self { return s }
        return try literal(limit: limit, maxBytes: maxBytes)
    }

    /// Writes the literal form; returns false when the depth limit was hit (and `elide` is
    /// off), or when the text grew past `maxBytes`.
    @discardableResult
    func write(
        to out: inout String, quoted: Bool, depth: Int, limit: Int, elide: Bool, maxBytes: Int = Limits.maxValueBytes
    ) -> Bool {
        if depth > limit {
            out += "..."
            return elide
        }
        if out.utf8.count > maxBytes { return false }
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let n): out += String(n)
        case .float(let d): out += d.description
        case .string(let s): out += quoted ? Value.quote(s) : s
        case .duration(let ms): out += Value.durationText(ms)
        case .list(let xs):
            out += "["
            for (i, x) in xs.enumerated() {
                if i > 0 { out += ", " }
                if !x.write(to: &out, quoted: true, depth: depth + 1, limit: limit, elide: elide, maxBytes: maxBytes) {
                    return false
                }
            }
            out += "]"
        case .map(let m), .cluster(let m):
            return Value.writeMap(m, to: &out, depth: depth, limit: limit, elide: elide, maxBytes: maxBytes)
        case .resource(let r):
            return Value.writeMap(r.body, to: &out, depth: depth, limit: limit, elide: elide, maxBytes: maxBytes)
        case .range(let lo, let hi, let inclusive): out += "\(lo)\(inclusive ? ".." : "..<")\(hi)"
        case .function(let f): out += "<function \(f.name)>"
        case .error(let e): out += "<error: \(e.error.message)>"
        case .diagnostic(let d): out += d.oneLine
        case .job(let j): out += "<job \(j.jobID) (cluster \(j.clusterName))>"
        }
        return true
    }

    static func writeMap(
        _ m: ValueMap, to out: inout String, depth: Int, limit: Int, elide: Bool, maxBytes: Int = Limits.maxValueBytes
    ) -> Bool {
        out += "{"
        var first = true
        for (k, v) in m {
            if !first { out += ", " }
            first = false
            out += isBareKey(k) ? k : quote(k)
            out += ": "
            // A kubeconfig's client key or a node password is data for json() and files,
            // never for the terminal: print, str and the REPL echo show it redacted.
            if case .string = v, Value.redactedKeys.contains(k) {
                out += "\"<redacted>\""
                continue
            }
            if !v.write(to: &out, quoted: true, depth: depth + 1, limit: limit, elide: elide, maxBytes: maxBytes) {
                return false
            }
        }
        out += "}"
        return true
    }

    /// Map keys whose string values printing never shows.
    static let redactedKeys: Set<String> = ["client-key-data", "password", "token"]

    /// True when `k` can be written without quotes: an identifier that is not a keyword.
    static func isBareKey(_ k: String) -> Bool {
        guard let f = k.utf8.first, !(f >= 0x30 && f <= 0x39) else { return false }
        for c in k.utf8 {
            let ok = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F
            if !ok { return false }
        }
        return Keyword(rawValue: k) == nil
    }

    /// A string in double quotes, with `"`, `\`, control characters and `${` escaped.
    public static func quote(_ s: String) -> String {
        var out = "\""
        var prevDollar = false
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "{" where prevDollar:
                out.removeLast()
                out += "\\${"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    out += "\\u{" + String(u.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
            prevDollar = u == "$"
        }
        return out + "\""
    }

    /// A duration in the largest unit that divides it exactly: `90s`, `2m`, `1500ms`.
    public static func durationText(_ ms: Int) -> String {
        if ms == 0 { return "0s" }
        for (unit, size) in [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000)] where ms % size == 0 {
            return "\(ms / size)\(unit)"
        }
        return "\(ms)ms"
    }
}

// MARK: Nesting

extension Value {
    /// How deeply lists and maps nest inside this value, counted up to `cap` (a scalar is 0).
    /// Iterative, so that measuring a deep value cannot itself overflow the stack. Each
    /// list or map storage is measured once, however many paths lead to it: `[x, x]` built
    /// sixty times over has 2^60 paths but sixty lists, and `l += [l]` a thousand times
    /// shares every earlier list.
    func nestingDepth(cap: Int) -> Int {
        // Most values are trees: a plain walk, as cheap as it gets. Only when it has met more
        // containers than a tree of that size would hold is sharing suspected, and the walk
        // that measures each storage once takes over.
        var deepest = 0
        var visits = 0
        var stack: [(Value, Int)] = [(self, 0)]
        while let (v, d) = stack.popLast() {
            visits &+= 1
            if visits > Value.plainWalkVisits { return sharedNestingDepth(cap: cap) }
            switch v {
            case .list(let xs):
                deepest = max(deepest, d + 1)
                if d + 1 >= cap { return cap }
                visits &+= xs.count  // the walk's budget is its work: lists it pushes count too
                for x in xs where x.isContainer { stack.append((x, d + 1)) }
            case .map(let m), .cluster(let m):
                deepest = max(deepest, d + 1)
                if d + 1 >= cap { return cap }
                visits &+= m.count
                for x in m.values where x.isContainer { stack.append((x, d + 1)) }
            case .resource(let r):
                deepest = max(deepest, d + 1)
                if d + 1 >= cap { return cap }
                visits &+= r.body.count
                for x in r.body.values where x.isContainer { stack.append((x, d + 1)) }
            default: break
            }
        }
        return deepest
    }

    /// Containers the plain walk visits before `sharedNestingDepth` takes over.
    static let plainWalkVisits = 10_000

    /// `nestingDepth` for shared structure: each list or map storage is measured once,
    /// however many paths lead to it.
    func sharedNestingDepth(cap: Int) -> Int {
        sharedFold(
            cap: cap, scalar: { _ in 0 }, empty: 1,
            node: { children in 1 + children.reduce(0) { max($0, $1.result) } })
    }

    /// The identity of a list's or map's storage; nil for an empty one or a scalar.
    var storageAddress: UInt? {
        switch self {
        case .list(let xs): Value.address(of: xs)
        case .map(let m), .cluster(let m): Value.address(of: m.values.elements)
        case .resource(let r): Value.address(of: r.body.values.elements)
        default: nil
        }
    }

    /// The address of an array's buffer, as an identity (nothing is read through it); nil
    /// for an empty array, which has no storage of its own.
    static func address<T>(of array: [T]) -> UInt? {
        array.withUnsafeBufferPointer { $0.baseAddress.map { UInt(bitPattern: $0) } }
    }

    var isContainer: Bool {
        switch self {
        case .list, .map, .cluster, .resource: true
        default: false
        }
    }
}

// MARK: Equality

extension Value {
    /// Deep equality: `1 == 1.0`, maps and clusters ignore order, functions, jobs and
    /// errors compare by identity. Throws `ValueTooDeep` past `limit`.
    /// Whether two arrays share one buffer (a copy not yet written to). Only the addresses
    /// are compared; nothing is read through them.
    static func sameStorage<T>(_ a: [T], _ b: [T]) -> Bool {
        guard !a.isEmpty else { return false }
        return a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { $0.baseAddress == x.baseAddress } }
    }

    func equals(_ other: Value, depth: Int = 0, limit: Int) throws -> Bool {
        if depth > limit { throw ValueTooDeep() }
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.float(let a), .float(let b)): return a == b
        case (.int(let a), .float(let b)), (.float(let b), .int(let a)): return Double(a) == b && Int(exactly: b) == a
        case (.string(let a), .string(let b)): return a == b
        case (.duration(let a), .duration(let b)): return a == b
        case (.list(let a), .list(let b)):
            guard a.count == b.count else { return false }
            // Shared storage is equal without a walk, as Python's identity check: values are
            // immutable, so `[x, x]` built sixty times over compares in sixty steps, not 2^60.
            if Value.sameStorage(a, b) { return true }
            for (x, y) in zip(a, b) where try !x.equals(y, depth: depth + 1, limit: limit) { return false }
            return true
        case (.range(let a, let b, let c), .range(let d, let e, let f)): return a == d && b == e && c == f
        case (.list(let xs), .range(let lo, let hi, let inc)), (.range(let lo, let hi, let inc), .list(let xs)):
            guard Value.rangeCount(lo, hi, inc) == xs.count, let a = elements, let b = other.elements else {
                return false
            }
            return try Value.list(a).equals(.list(b), depth: depth, limit: limit)
        case (.map(let a), .map(let b)), (.cluster(let a), .cluster(let b)):
            guard a.count == b.count else { return false }
            if a.keys.elements.count > 0, Value.sameStorage(a.keys.elements, b.keys.elements),
                Value.sameStorage(a.values.elements, b.values.elements)
            {
                return true
            }
            for (k, v) in a {
                guard let w = b[k], try v.equals(w, depth: depth + 1, limit: limit) else { return false }
            }
            return true
        case (.resource(let a), .resource(let b)):
            if a === b { return true }
            guard a.kind == b.kind else { return false }
            return try Value.map(a.body).equals(.map(b.body), depth: depth, limit: limit)
        case (.function(let a), .function(let b)): return a === b
        case (.error(let a), .error(let b)): return a === b
        case (.diagnostic(let a), .diagnostic(let b)): return a == b
        case (.job(let a), .job(let b)): return a === b || a.jobID == b.jobID
        default: return false
        }
    }
}
