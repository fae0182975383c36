/// Frees chains of closures without recursion.
///
/// A closure holds its environment (a reference scope, or the compiled engine's boxes),
/// whose values may hold closures, and so on: a chain as long as the script likes
/// (`f = fn() { g() }` in a loop). Freeing its head the plain way would recurse once per
/// link in nested `deinit`s and overflow the stack. So the `deinit` of a closure, scope or
/// box takes out what it holds alone and frees it here, from a work list: each object found
/// uniquely held is emptied before it is dropped, so its own `deinit` has nothing to do.
/// The list lives on the stack of the `deinit` that started it; nothing is global.
enum Reaper {
    private struct Work {
        var functions: [ScriptFunction] = []
        var scopes: [RefScope] = []
        var boxes: [Box] = []

        mutating func add(_ v: Value) {
            switch v {
            case .function(let f): functions.append(f)
            case .list(let xs): for x in xs where x.mayHoldScopes { add(x) }
            case .map(let m), .cluster(let m): for x in m.values where x.mayHoldScopes { add(x) }
            case .resource(let r): for x in r.body.values where x.mayHoldScopes { add(x) }
            default: break
            }
        }

        mutating func drain() {
            while true {
                if var f = functions.popLast() {
                    if isKnownUniquelyReferenced(&f) { take(from: f) }
                } else if var s = scopes.popLast() {
                    if isKnownUniquelyReferenced(&s) { take(from: s) }
                } else if var b = boxes.popLast() {
                    if isKnownUniquelyReferenced(&b), let v = b.value {
                        b.value = nil
                        add(v)
                    }
                } else {
                    return
                }
            }
        }

        mutating func take(from f: ScriptFunction) {
            if let s = f.scope {
                f.scope = nil
                scopes.append(s)
            }
            if !f.captures.isEmpty {
                boxes.append(contentsOf: f.captures)
                f.captures = []
            }
        }

        mutating func take(from s: RefScope) {
            for v in s.takeValues() where v.mayHoldScopes { add(v) }
            if let p = s.takeParent() { scopes.append(p) }
        }
    }

    static func reapFunction(_ f: ScriptFunction) {
        guard f.scope != nil || !f.captures.isEmpty else { return }
        var w = Work()
        w.take(from: f)
        w.drain()
    }

    static func reapScope(_ s: RefScope) {
        var w = Work()
        w.take(from: s)
        w.drain()
    }

    static func reapBox(_ b: Box) {
        guard let v = b.value, v.mayHoldScopes else { return }
        b.value = nil
        var w = Work()
        w.add(v)
        w.drain()
    }

    /// Frees `values` (a table being emptied) the same way.
    static func release(_ values: inout [Value?]) {
        var w = Work()
        for case let v? in values where v.mayHoldScopes { w.add(v) }
        values = []
        w.drain()
    }
}

extension Value {
    /// Whether freeing this value may free a closure's environment (through a function, or
    /// a container that may hold one).
    var mayHoldScopes: Bool {
        switch self {
        case .function, .list, .map, .cluster, .resource: true
        default: false
        }
    }
}

/// A variable of the compiled engine that a closure captured: the closure and the frame
/// that declared it share the box (see Compiler.swift). nil until its declaration runs.
final class Box {
    var value: Value?
    init(_ value: Value? = nil) { self.value = value }
    deinit { Reaper.reapBox(self) }
}
