import Foundation

/// Frees chains of closures without recursion.
///
/// A closure holds its environment (a reference scope, or the compiled engine's boxes),
/// whose values may hold closures, and so on: a chain as long as the script likes
/// (`f = fn() { g() }` in a loop). Freeing its head the plain way would recurse once per
/// link in nested `deinit`s and overflow the stack. So a dying scope or box does not free
/// its values itself: it queues them on its thread's reaper, and only the outermost `deinit`
/// on the thread frees them, one at a time; whatever that frees queues its own values and
/// returns at once. Values are never walked (a shared structure has far more paths than
/// values): reference counting decides what goes.
final class Reaper {
    private var pending: [Value] = []
    private var draining = false

    /// This thread's reaper (each thread frees what dies on it; nothing is shared).
    private static var current: Reaper {
        let key = "cce.reaper"
        let dictionary = Thread.current.threadDictionary
        if let r = dictionary[key] as? Reaper { return r }
        let r = Reaper()
        dictionary[key] = r
        return r
    }

    /// Takes over `values`, leaving it empty, and frees them (see the type's comment).
    static func bury(_ values: inout [Value]) {
        guard values.contains(where: \.mayHoldScopes) else { return }
        let r = current
        r.pending.append(contentsOf: values)
        values = []
        if r.draining { return }
        r.draining = true
        while !r.pending.isEmpty {
            _ = r.pending.removeLast()  // may free scopes, which queue their values and return
        }
        r.draining = false
    }

    static func bury(_ value: Value) {
        guard value.mayHoldScopes else { return }
        var one = [value]
        bury(&one)
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
    deinit {
        if let v = value {
            value = nil
            Reaper.bury(v)
        }
    }
}
