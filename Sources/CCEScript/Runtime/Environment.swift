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
/// are two parallel arrays in definition order, searched linearly: cheaper than hashing,
/// and few allocations per call. A scope that grows large (a REPL session's globals)
/// also gets a hash index.
final class Scope {
    private var names: [String] = []
    private var refs: [Ref] = []
    private var index: [String: Int]?
    let parent: Scope?
    private static let indexThreshold = 16

    init(parent: Scope?, keepsOrder: Bool = false) {
        self.parent = parent
    }

    @inline(__always)
    func local(_ name: String) -> Ref? {
        if let index { return index[name].map { refs[$0] } }
        return names.withUnsafeBufferPointer { ns in
            var i = 0
            while i < ns.count {
                if ns[i] == name { return refs[i] }
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

    func define(_ name: String, _ value: Value, mutable: Bool) {
        let ref = Ref(value, mutable: mutable)
        let existing: Int? = if let index { index[name] } else { names.firstIndex(of: name) }
        if let existing {
            refs[existing] = ref
            return
        }
        names.append(name)
        refs.append(ref)
        if var idx = index {
            index = nil  // keep the dictionary uniquely referenced while it changes
            idx[name] = names.count - 1
            index = idx
        } else if names.count > Scope.indexThreshold {
            var idx: [String: Int] = [:]
            for (k, n) in names.enumerated() { idx[n] = k }
            index = idx
        }
    }

    /// Every name visible from here, innermost first.
    var visibleNames: [String] {
        var out: [String] = []
        var s: Scope? = self
        while let c = s {
            out += c.names
            s = c.parent
        }
        return out
    }

    /// The bindings in definition order.
    var orderedBindings: [(name: String, value: Value)] { zip(names, refs).map { ($0, $1.value) } }
}
