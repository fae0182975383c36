/// Storage for variables: the compiled engine's stack of frames and a file's globals.
///
/// A fixed-capacity buffer of optional values (nil: not defined yet) held in one object.
/// The engine reads and writes a slot at nearly every step; as an `Array` in a class each
/// write paid a uniqueness check and each test of definedness a copy of the value, which
/// measured at a third of a call's cost (fib, scripts/tools/bench). The unsafe access is
/// confined to this type: every index is checked against the capacity.
final class Slots {
    private let storage: ManagedBuffer<Int, Value?>

    /// Room for `capacity` slots, all undefined.
    init(capacity: Int) {
        let cap = max(1, capacity)
        storage = ManagedBuffer<Int, Value?>.create(minimumCapacity: cap) { _ in cap }
        storage.withUnsafeMutablePointerToElements { $0.initialize(repeating: nil, count: cap) }
    }

    deinit {
        // Values that may hold closures go through the reaper (deep chains; Reaper.swift).
        var values: [Value] = []
        storage.withUnsafeMutablePointerToElements { p in
            for k in 0..<capacity {
                if let v = p[k], v.mayHoldScopes { values.append(v) }
            }
            p.deinitialize(count: capacity)
        }
        Reaper.bury(&values)
    }

    var capacity: Int { storage.header }

    @inline(__always)
    subscript(k: Int) -> Value? {
        get {
            precondition(k >= 0 && k < storage.header, "slot out of range")
            return storage.withUnsafeMutablePointerToElements { $0[k] }
        }
        set {
            precondition(k >= 0 && k < storage.header, "slot out of range")
            storage.withUnsafeMutablePointerToElements { $0[k] = newValue }
        }
    }

    /// Whether slot `k` holds a value, without copying it.
    @inline(__always)
    func isDefined(_ k: Int) -> Bool {
        precondition(k >= 0 && k < storage.header, "slot out of range")
        return storage.withUnsafeMutablePointerToElements { p in
            if case .none = p[k] { return false }
            return true
        }
    }

    /// A copy with room for `capacity` slots (the new ones undefined).
    func grown(to newCapacity: Int) -> Slots {
        let bigger = Slots(capacity: newCapacity)
        for k in 0..<capacity { bigger[k] = self[k] }
        return bigger
    }
}
