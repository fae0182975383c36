/// A variable's storage. Closures hold the scope, so they see and may rebind a `var`
/// of an enclosing function, as in Swift.
final class Ref {
    var value: Value
    let mutable: Bool
    init(_ value: Value, mutable: Bool) {
        self.value = value
        self.mutable = mutable
    }
}

/// One lexical scope: a block, a function call, a module or the globals.
///
/// Most scopes hold a handful of names (a call's parameters, a loop variable), so they
/// are one array in definition order, searched linearly: cheaper than hashing, and one
/// allocation per call. A scope that grows large (a REPL session's globals)
/// also gets a hash index.
final class Scope {
    private var entries: [(name: String, ref: Ref)] = []
    private var index: [String: Int]?
    let parent: Scope?
    private static let indexThreshold = 16

    init(parent: Scope?, keepsOrder: Bool = false) {
        self.parent = parent
    }

    @inline(__always)
    func local(_ name: String) -> Ref? {
        if let index { return index[name].map { entries[$0].ref } }
        return entries.withUnsafeBufferPointer { es in
            var i = 0
            while i < es.count {
                if es[i].name == name { return es[i].ref }
                i += 1
            }
            return nil
        }
    }

    /// Walks the scope chain without retaining each scope: `self` keeps its parents alive.
    func lookup(_ name: String) -> Ref? {
        var cur = Unmanaged.passUnretained(self)
        while true {
            var next: Unmanaged<Scope>?
            let found: Ref? = cur._withUnsafeGuaranteedRef { s in
                if let r = s.local(name) { return r }
                if let p = s.parent { next = Unmanaged.passUnretained(p) }
                return nil
            }
            if let found { return found }
            guard let n = next else { return nil }
            cur = n
        }
    }

    /// The value bound to `name` here or in an enclosing scope, without retaining its `Ref`.
    func lookupValue(_ name: String) -> Value? {
        var cur = Unmanaged.passUnretained(self)
        while true {
            var next: Unmanaged<Scope>?
            var found: Value?
            cur._withUnsafeGuaranteedRef { s in
                if let index = s.index {
                    if let k = index[name] { found = s.entries[k].ref.value }
                } else {
                    s.entries.withUnsafeBufferPointer { es in
                        var i = 0
                        while i < es.count {
                            if es[i].name == name { found = es[i].ref.value; return }
                            i += 1
                        }
                    }
                }
                if found == nil, let p = s.parent { next = Unmanaged.passUnretained(p) }
            }
            if let found { return found }
            guard let n = next else { return nil }
            cur = n
        }
    }

    func define(_ name: String, _ value: Value, mutable: Bool) {
        let ref = Ref(value, mutable: mutable)
        let existing: Int? = if let index { index[name] } else if entries.isEmpty { nil } else { entries.firstIndex { $0.name == name } }
        if let existing {
            entries[existing].ref = ref
            return
        }
        entries.append((name, ref))
        if var idx = index {
            index = nil  // keep the dictionary uniquely referenced while it changes
            idx[name] = entries.count - 1
            index = idx
        } else if entries.count > Scope.indexThreshold {
            var idx: [String: Int] = [:]
            for (k, e) in entries.enumerated() { idx[e.name] = k }
            index = idx
        }
    }

    /// Every name visible from here, innermost first.
    var visibleNames: [String] {
        var out: [String] = []
        var s: Scope? = self
        while let c = s {
            out += c.entries.map(\.name)
            s = c.parent
        }
        return out
    }

    /// The bindings in definition order.
    var orderedBindings: [(name: String, value: Value)] { entries.map { ($0.name, $0.ref.value) } }
}
