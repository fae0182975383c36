import CCECore
import Foundation
import Yams

extension Interpreter {
    /// The non-cluster built-ins of LANGUAGE.md "Other built-ins", and the string, list
    /// and map methods.
    func registerCoreBuiltins() {
        for b in Interpreter.coreFunctions() { register(b) }
        for (type, ms) in Interpreter.coreMethods() {
            for m in ms { register(method: m, for: type) }
        }
    }

    private static func coreFunctions() -> [Builtin] {
        [
            Builtin("print", [.variadic("values")]) { ctx, a in
                var parts: [String] = []
                for v in a.rest { parts.append(try ctx.printed(v)) }
                try ctx.write(parts.joined(separator: " ") + "\n")
                return .null
            },
            Builtin("str", [.required("value")]) { ctx, a in .string(try ctx.printed(a[0])) },
            Builtin("int", [.required("value")]) { _, a in
                switch a[0] {
                case .int: return a[0]
                case .float(let d):
                    guard d.isFinite, let n = Int(exactly: d.rounded(.towardZero)) else {
                        throw ScriptError(.runtime, "int(): \(d) is out of the 64-bit integer range", code: "overflow")
                    }
                    return .int(n)
                case .string(let s):
                    guard let n = Int(s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: ""))
                    else {
                        throw ScriptError(.runtime, "int(): cannot convert \(Value.quote(s)) to an int", code: "value")
                    }
                    return .int(n)
                case .bool(let b): return .int(b ? 1 : 0)
                default: throw a.typeError(0, "a number or a string", a[0])
                }
            },
            Builtin("float", [.required("value")]) { _, a in
                switch a[0] {
                case .int(let n): return .float(Double(n))
                case .float: return a[0]
                case .string(let s):
                    guard let d = Double(s.trimmingCharacters(in: .whitespaces)) else {
                        throw ScriptError(
                            .runtime, "float(): cannot convert \(Value.quote(s)) to a float", code: "value")
                    }
                    return .float(d)
                default: throw a.typeError(0, "a number or a string", a[0])
                }
            },
            Builtin("type", [.required("value")]) { _, a in .string(a[0].typeName) },
            Builtin("len", [.required("value")]) { _, a in
                switch a[0] {
                case .string(let s): return .int(s.count)
                case .list(let xs): return .int(xs.count)
                case .map(let m), .cluster(let m): return .int(m.count)
                case .resource(let r): return .int(r.body.count)
                case .range(let lo, let hi, let inc): return .int(Value.rangeCount(lo, hi, inc))
                default: throw a.typeError(0, "a string, list, map or range", a[0])
                }
            },
            Builtin("keys", [.required("map")]) { _, a in
                switch a[0] {
                case .map(let m), .cluster(let m): return .list(m.keys.map { .string($0) })
                case .resource(let r): return .list(r.body.keys.map { .string($0) })
                default: throw a.typeError(0, "a map", a[0])
                }
            },
            Builtin("values", [.required("map")]) { _, a in
                switch a[0] {
                case .map(let m), .cluster(let m): return .list(Array(m.values))
                case .resource(let r): return .list(Array(r.body.values))
                default: throw a.typeError(0, "a map", a[0])
                }
            },
            Builtin("contains", [.required("collection"), .required("value")]) { ctx, a in
                .bool(try contains(ctx, a[0], a[1], a, 0))
            },
            Builtin("sort", [.required("list")]) { ctx, a in .list(try sortValues(ctx, try a.list(0))) },
            Builtin("map", [.required("list"), .required("function")]) { ctx, a in
                let f = try a.function(1)
                var out: [Value] = []
                for x in try a.list(0) { out.append(try ctx.call(f, [x])) }
                return .list(out)
            },
            Builtin("filter", [.required("list"), .required("function")]) { ctx, a in
                .list(try filterValues(ctx, try a.list(0), try a.function(1)))
            },
            Builtin("json", [.required("value"), .optional("pretty")]) { ctx, a in
                let pretty = a.has(1) ? try a.bool(1) : false
                try ctx.checkExpansion(a[0], nodeBytes: Value.encodedNodeBytes, what: "json()'s text")
                return .string(try a[0].toJSON(depthLimit: ctx.nesting).serialized(pretty ? .pretty : .compact))
            },
            Builtin("yaml", [.required("value")]) { ctx, a in
                try ctx.checkExpansion(a[0], nodeBytes: Value.encodedNodeBytes, what: "yaml()'s text")
                let node = yamlNode(try a[0].toJSON(depthLimit: ctx.nesting))
                do { return .string(try Yams.serialize(node: node)) } catch {
                    throw ScriptError(.runtime, "yaml(): \(error)", code: "yaml")
                }
            },
            Builtin("parse_json", [.required("text")]) { ctx, a in
                let text = try a.string(0)
                if text.utf8.count > 1 << 20 {
                    // "[1,1,…]": an element per two bytes, held as JSON and then as a value.
                    try ctx.checkAllocation(
                        bytes: Value.saturatingAdd(
                            Value.approximateBytes(elements: text.utf8.count), text.utf8.count &* 8),
                        what: "parse_json()'s value")
                }
                let json: JSONValue
                do { json = try JSONValue.parse(text) } catch {
                    throw ScriptError(.runtime, "parse_json(): \(error)", code: "json")
                }
                let value = Value(json: json)  // JSON parsing stops at 512 levels, so this recursion is bounded
                try ctx.checkNesting(value)
                return value
            },
            Builtin("env", [.required("name"), .optional("default")]) { ctx, a in
                let name = try a.string(0)
                guard let env = ctx.environment else {
                    throw ScriptError(
                        .runtime, "env(): reading the environment is not allowed here",
                        hint: "the embedder must grant the 'environment' capability", code: "capability")
                }
                if let v = env[name] { return .string(v) }
                return a[1]
            },
            Builtin("now", []) { _, _ in .float(Date().timeIntervalSince1970) },
            Builtin("sleep", [.required("duration")]) { ctx, a in
                let ms = try a.duration(0)
                guard ms >= 0 else {
                    throw ScriptError(.runtime, "sleep(): the duration must not be negative", code: "value")
                }
                var until = ContinuousClock.now + .milliseconds(ms)
                var hitsDeadline = false
                if let d = ctx.deadline, d < until {
                    until = d
                    hitsDeadline = true
                }
                // Other items of an enclosing `parallel` evaluate meanwhile, as around service I/O.
                let control = ctx.interpreter.control
                do {
                    try ctx.interpreter.lettingOthersEvaluate { _, _ in try control.sleep(until: until) }
                } catch {
                    throw ScriptError(.cancelled, "the script was cancelled", code: "cancelled")
                }
                if hitsDeadline { try ctx.checkLimits() }
                return .null
            },
            Builtin("assert", [.required("condition"), .optional("message")]) { ctx, a in
                guard case .bool(let ok) = a[0] else { throw a.typeError(0, "a bool", a[0]) }
                if !ok {
                    let msg = a.has(1) ? try ctx.printed(a[1]) : "assertion failed"
                    throw ScriptError(.runtime, a.has(1) ? "assertion failed: \(msg)" : msg, code: "assert")
                }
                return .null
            },
            Builtin("fail", [.required("message")]) { ctx, a in
                if case .error(let e) = a[0] {
                    var again = e.error
                    again.stack = nil
                    again.span = nil
                    throw again
                }
                throw ScriptError(.runtime, try ctx.printed(a[0]), code: "fail")
            },
            Builtin("cidr_contains", [.required("outer"), .required("inner")]) { _, a in
                let outer = try CIDR(parsing: try a.string(0), "cidr_contains")
                let inner = try CIDR(parsing: try a.string(1), "cidr_contains")
                return .bool(outer.contains(inner))
            },
            Builtin("cidr_overlaps", [.required("a"), .required("b")]) { _, a in
                let x = try CIDR(parsing: try a.string(0), "cidr_overlaps")
                let y = try CIDR(parsing: try a.string(1), "cidr_overlaps")
                return .bool(x.overlaps(y))
            },
        ]
    }

    private static func coreMethods() -> [String: [Builtin]] {
        @Sendable func str(_ a: Arguments) -> String { if case .string(let s) = a.receiver { s } else { "" } }
        @Sendable func items(_ a: Arguments, _ ctx: CallContext) throws -> [Value] {
            if case .range(let lo, let hi, let inc) = a.receiver {
                let count = Value.rangeCount(lo, hi, inc)
                if count > 10_000_000 {
                    throw ScriptError(
                        .runtime, "range too large to expand (more than 10000000 elements)", code: "range")
                }
                try ctx.checkAllocation(bytes: Value.approximateBytes(elements: count), what: "the range's list")
            }
            return a.receiver?.elements ?? []
        }
        @Sendable func dict(_ a: Arguments) -> ValueMap { if case .map(let m) = a.receiver { m } else { [:] } }
        let string: [Builtin] = [
            Builtin("len", []) { _, a in .int(str(a).count) },
            Builtin("contains", [.required("text")]) { _, a in
                let t = try a.string(0)
                return .bool(t.isEmpty || str(a).contains(t))
            },
            Builtin("starts_with", [.required("prefix")]) { _, a in .bool(str(a).hasPrefix(try a.string(0))) },
            Builtin("ends_with", [.required("suffix")]) { _, a in .bool(str(a).hasSuffix(try a.string(0))) },
            Builtin("split", [.required("separator")]) { ctx, a in
                let sep = try a.string(0)
                let text = str(a).utf8.count
                if text > 1 << 16 {
                    // At most one piece per separator (or per character), each a list element.
                    let pieces = text / max(1, sep.utf8.count) &+ 1
                    try ctx.checkAllocation(
                        bytes: Value.saturatingAdd(Value.approximateBytes(elements: pieces), text),
                        what: "split()'s list")
                }
                guard !sep.isEmpty else { return .list(str(a).map { .string(String($0)) }) }
                return .list(str(a).components(separatedBy: sep).map { .string($0) })
            },
            Builtin("upper", []) { ctx, a in
                try checkCaseMapping(ctx, str(a), "upper()")
                return .string(str(a).uppercased())
            },
            Builtin("lower", []) { ctx, a in
                try checkCaseMapping(ctx, str(a), "lower()")
                return .string(str(a).lowercased())
            },
            Builtin("trim", []) { _, a in .string(str(a).trimmingCharacters(in: .whitespacesAndNewlines)) },
            Builtin("replace", [.required("old"), .required("new")]) { ctx, a in
                let old = try a.string(0)
                guard !old.isEmpty else {
                    throw ScriptError(.runtime, "replace(): the text to replace must not be empty", code: "value")
                }
                let text = str(a).utf8.count
                let growth = try a.string(1).utf8.count - old.utf8.count
                if growth > 0, text > 1 << 16 {
                    // The most it can grow: every byte starting an occurrence.
                    let most = (text / old.utf8.count).multipliedReportingOverflow(by: growth)
                    try ctx.checkAllocation(
                        bytes: most.overflow ? Int.max : Value.saturatingAdd(text, most.partialValue),
                        what: "replace()'s result")
                }
                return .string(str(a).replacingOccurrences(of: old, with: try a.string(1)))
            },
        ]
        let list: [Builtin] = [
            Builtin("len", []) { ctx, a in
                if case .range(let lo, let hi, let inc) = a.receiver { return .int(Value.rangeCount(lo, hi, inc)) }
                return .int(try items(a, ctx).count)
            },
            Builtin("contains", [.required("value")]) { ctx, a in
                .bool(try contains(ctx, a.receiver ?? .null, a[0], a, nil))
            },
            Builtin("join", [.required("separator")]) { ctx, a in
                let sep = try a.string(0)
                let parts = try items(a, ctx).map { try ctx.printed($0) }
                let bytes = parts.reduce(sep.utf8.count &* max(0, parts.count - 1)) { $0 &+ $1.utf8.count }
                try ctx.checkAllocation(bytes: bytes, what: "the joined string")
                return .string(parts.joined(separator: sep))
            },
            Builtin("map", [.required("function")]) { ctx, a in
                let f = try a.function(0)
                var out: [Value] = []
                for x in try items(a, ctx) { out.append(try ctx.call(f, [x])) }
                return .list(out)
            },
            Builtin("filter", [.required("function")]) { ctx, a in
                .list(try filterValues(ctx, try items(a, ctx), try a.function(0)))
            },
            Builtin("sort", []) { ctx, a in .list(try sortValues(ctx, try items(a, ctx))) },
        ]
        let map: [Builtin] = [
            Builtin("len", []) { _, a in .int(dict(a).count) },
            Builtin("keys", []) { _, a in .list(dict(a).keys.map { .string($0) }) },
            Builtin("values", []) { _, a in .list(Array(dict(a).values)) },
            Builtin("contains", [.required("key")]) { _, a in .bool(dict(a)[try a.string(0)] != nil) },
            Builtin("get", [.required("key"), .optional("default")]) { _, a in dict(a)[try a.string(0)] ?? a[1] },
            Builtin("with", [.required("map")]) { _, a in .map(deepMerge(dict(a), try a.map(0))) },
        ]
        return ["string": string, "list": list, "map": map]
    }

    /// Deep merge: the right side wins; nested maps merge, anything else is replaced.
    public static func deepMerge(_ left: ValueMap, _ right: ValueMap) -> ValueMap {
        var out = left
        for (k, v) in right {
            if case .map(let l) = out[k] ?? .null, case .map(let r) = v {
                out[k] = .map(deepMerge(l, r))
            } else {
                out[k] = v
            }
        }
        return out
    }
}

private func contains(_ ctx: CallContext, _ coll: Value, _ x: Value, _ a: Arguments, _ index: Int?) throws -> Bool {
    switch coll {
    case .list(let xs): return try xs.contains { try ctx.equals($0, x) }
    case .range(let lo, let hi, let inc):
        guard case .int(let n) = x else { return false }
        return n >= lo && (inc ? n <= hi : n < hi)
    case .string(let s):
        guard case .string(let t) = x else {
            throw ScriptError(
                .runtime, "contains(): a string can only contain a string, not \(x.typeName)", code: "type")
        }
        return t.isEmpty || s.contains(t)
    case .map(let m), .cluster(let m):
        guard case .string(let k) = x else { return false }
        return m[k] != nil
    case .resource(let r):
        guard case .string(let k) = x else { return false }
        return r.body[k] != nil
    default:
        throw a.typeError(index ?? 0, "a list, range, string or map", coll)
    }
}

private func filterValues(_ ctx: CallContext, _ xs: [Value], _ f: Value) throws -> [Value] {
    var out: [Value] = []
    for x in xs {
        let keep = try ctx.call(f, [x])
        guard case .bool(let b) = keep else {
            throw ScriptError(.runtime, "filter(): the function must return a bool, not \(keep.typeName)", code: "type")
        }
        if b { out.append(x) }
    }
    return out
}

/// Case mapping can grow a string (ß → SS, and some characters to three); checked when large.
private func checkCaseMapping(_ ctx: CallContext, _ s: String, _ what: String) throws {
    let bytes = s.utf8.count
    if bytes > 1 << 16 {
        try ctx.checkAllocation(bytes: bytes.multipliedReportingOverflow(by: 3).partialValue, what: "\(what)'s result")
    }
}

private func sortValues(_ ctx: CallContext, _ xs: [Value]) throws -> [Value] {
    enum Kind { case number, string, duration }
    var kind: Kind?
    for x in xs {
        let k: Kind
        switch x {
        case .int, .float: k = .number
        case .string: k = .string
        case .duration: k = .duration
        default:
            throw ScriptError(
                .runtime, "sort(): cannot sort a \(x.typeName)", hint: "sort takes numbers, strings or durations",
                code: "type")
        }
        if let kind, kind != k {
            throw ScriptError(
                .runtime,
                "sort(): cannot sort a mix of \(kind == .string ? "strings" : "numbers") "
                    + "and \(k == .string ? "strings" : x.typeName)s",
                code: "type")
        }
        kind = k
    }
    return try xs.enumerated().sorted { l, r in
        let c = try ctx.interpreter.compare(l.element, r.element, nil, op: "<")
        return c < 0 || (c == 0 && l.offset < r.offset)
    }.map(\.element)
}

private func yamlNode(_ j: JSONValue) -> Node {
    switch j {
    case .null: return Node("null", Tag(.null))
    case .bool(let b): return Node(b ? "true" : "false", Tag(.bool))
    case .int(let n): return Node(String(n), Tag(.int))
    case .double(let d): return Node(JSONValue.format(d), Tag(.float))
    case .string(let s):
        // A string that would read back as another type ("2", "true", "null") is quoted.
        let misread = Resolver.default.resolveTag(of: Node(s, Tag(.implicit))) != .str
        return Node.scalar(Node.Scalar(s, Tag(.str), misread ? .singleQuoted : .any))
    case .array(let a): return Node(a.map(yamlNode), Tag(.seq))
    case .object(let o): return Node(o.map { (Node($0.key, Tag(.str)), yamlNode($0.value)) }, Tag(.map))
    }
}
