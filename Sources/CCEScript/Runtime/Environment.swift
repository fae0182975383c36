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
final class Scope {
    private(set) var vars: [String: Ref] = [:]
    let parent: Scope?
    /// Definition order, kept only where it is reported (globals, modules).
    private(set) var order: [String]?

    init(parent: Scope?, keepsOrder: Bool = false) {
        self.parent = parent
        order = keepsOrder ? [] : nil
    }

    func lookup(_ name: String) -> Ref? {
        var s: Scope? = self
        while let c = s {
            if let r = c.vars[name] { return r }
            s = c.parent
        }
        return nil
    }

    func local(_ name: String) -> Ref? { vars[name] }

    func define(_ name: String, _ value: Value, mutable: Bool) {
        if vars.updateValue(Ref(value, mutable: mutable), forKey: name) == nil {
            order?.append(name)
        }
    }

    /// Every name visible from here, innermost first.
    var visibleNames: [String] {
        var out: [String] = []
        var s: Scope? = self
        while let c = s {
            out += c.vars.keys
            s = c.parent
        }
        return out
    }

    /// The bindings in definition order (or by name when order is not kept).
    var orderedBindings: [(name: String, value: Value)] {
        let names = order ?? vars.keys.sorted()
        return names.compactMap { n in vars[n].map { (n, $0.value) } }
    }
}
