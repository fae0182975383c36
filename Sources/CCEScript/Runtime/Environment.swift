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
/// are two parallel arrays searched linearly — cheaper than hashing. Scopes that keep
/// their definition order (globals, modules) may grow large and use a dictionary.
final class Scope {
    /// Small scopes: searched linearly. One array, so a call's scope costs one allocation.
    private var entries: [(name: String, ref: Ref)] = []
    /// Definition order of a scope with a `table`.
    private var names: [String] = []
    private var table: [String: Ref]?
    let parent: Scope?

    init(parent: Scope?, keepsOrder: Bool = false) {
        self.parent = parent
        if keepsOrder { table = [:] }
    }

    @inline(__always)
    func local(_ name: String) -> Ref? {
        if let table { return table[name] }
        var i = 0
        while i < entries.count {
            if entries[i].name == name { return entries[i].ref }
            i += 1
        }
        return nil
    }

    func lookup(_ name: String) -> Ref? {
        var s: Scope? = self
        while let c = s {
            if let r = c.local(name) { return r }
            s = c.parent
        }
        return nil
    }

    func define(_ name: String, _ value: Value, mutable: Bool) {
        let ref = Ref(value, mutable: mutable)
        if var t = table {
            table = nil  // keep the dictionary uniquely referenced while it changes
            if t.updateValue(ref, forKey: name) == nil { names.append(name) }
            table = t
            return
        }
        if let i = entries.firstIndex(where: { $0.name == name }) {
            entries[i].ref = ref
        } else {
            entries.append((name, ref))
        }
    }

    /// Every name visible from here, innermost first.
    var visibleNames: [String] {
        var out: [String] = []
        var s: Scope? = self
        while let c = s {
            out += c.table == nil ? c.entries.map(\.name) : c.names
            s = c.parent
        }
        return out
    }

    /// The bindings in definition order.
    var orderedBindings: [(name: String, value: Value)] {
        if table == nil { return entries.map { ($0.name, $0.ref.value) } }
        return names.compactMap { n in local(n).map { (n, $0.value) } }
    }
}
