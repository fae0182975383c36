import Foundation

/// One variable of a scope.
struct Binding {
    let name: String
    var value: Value
    let mutable: Bool
}

/// The mutable part of a scope, kept in the object's header (see `Scope`).
struct ScopeHeader {
    let parent: Scope?
    /// Bindings defined so far; slot `k` is the `k`-th name defined.
    var count: Int
    /// Slots holding an initialized `Binding` (at least `count`): a recycled scope keeps
    /// the names of its last use, with null values, in the slots after `count`.
    var initialized: Int
    /// How many bindings fit in the object itself.
    let inlineCapacity: Int
    /// Where the bindings live once they outgrew the object (a REPL session's globals).
    var spill: UnsafeMutablePointer<Binding>?
    var spillCapacity: Int
    /// Slot by name, built once a scope holds many names.
    var index: [String: Int]?
    /// Functions that a redefinition replaced (the REPL's), kept for as long as the scope:
    /// a call may be running one without holding a reference (see `constantFunction`).
    var retired: [Value] = []
    /// Whether a binding holds a closure made in this very scope (see `release`).
    var holdsOwnClosures = false
}

/// One lexical scope: a block, a function call, a module or the globals.
///
/// A variable lives in its scope, at a fixed slot (the order of definition): closures
/// hold the scope, so they see, and may rebind, a `var` of an enclosing function, as in
/// Swift. The resolver (Resolver.swift) numbers the slots of local names at parse time,
/// so that most reads are a walk of a known number of parents and an index; the by-name
/// search stays for globals, the REPL and everything the resolver leaves alone.
///
/// The bindings are tail-allocated in the object (one allocation per call), and all
/// mutable state is reached through `withUnsafeMutablePointers`, which keeps the
/// dynamic exclusivity checks of class properties off the hottest path.
final class Scope: ManagedBuffer<ScopeHeader, Binding> {
    private static let indexThreshold = 16

    /// A new, empty scope with room for `capacity` bindings before it must spill.
    static func make(parent: Scope?, capacity: Int = 4) -> Scope {
        let cap = max(1, capacity)
        let b = Scope.create(minimumCapacity: cap) { _ in
            ScopeHeader(parent: parent, count: 0, initialized: 0, inlineCapacity: cap, spill: nil, spillCapacity: 0, index: nil)
        }
        return unsafeDowncast(b, to: Scope.self)
    }

    deinit { dropBindings(freeSpill: true) }

    /// Empties the scope for another round (a loop iteration whose scope nobody kept):
    /// the same as a new scope under the same parent.
    func removeAll() { dropBindings(freeSpill: false) }

    /// Notes that `value`, just bound here, is a closure made in this scope: the two now
    /// hold each other, which `release` undoes when the scope is done with.
    @inline(__always)
    func noteBinding(_ value: Value) {
        if case .function(let f) = value, f.captured === self {
            withUnsafeMutablePointerToHeader { $0.pointee.holdsOwnClosures = true }
        }
    }

    /// A scope that the code it was made for is done with (a call, a block, a loop
    /// iteration). If closures made in it are bound in it (`fn helper() {…}` or
    /// `let f = fn…` inside a function), it and they hold each other, and reference
    /// counting alone would never free them. When none of those closures is held from
    /// outside and nothing else holds the scope, the cycle is broken and all of it is freed;
    /// otherwise (a closure escaped, or the scope was captured) it is left as it is.
    ///
    /// Exact, with no reference counts read: the closures are taken out of the scope and
    /// must be uniquely held by this function; they then let go of the scope, which must
    /// then be uniquely held too. If not, everything is put back.
    static func release(_ scope: consuming Scope) {
        var s = scope
        guard s.holdsOwnClosures, !isKnownUniquelyReferenced(&s) else { return }
        var slots: [Int] = []
        var closures: [ScriptFunction] = []
        for k in 0..<s.count where s.capturesItself(at: k) {
            if case .function(let f) = s.take(k) {
                slots.append(k)
                closures.append(f)
            }
        }
        var held = false
        for k in closures.indices where !isKnownUniquelyReferenced(&closures[k]) {
            held = true
            break
        }
        if !held {
            for f in closures { f.detach() }
            if isKnownUniquelyReferenced(&s) {
                s.removeAll()  // its other values, through the reaper; then `s` and `closures` go
                return
            }
            for f in closures { f.attach(s) }
        }
        for (k, f) in zip(slots, closures) { s.set(k, .function(f)) }
    }

    /// Whether a binding holds a closure made in this scope (`noteBinding`).
    @inline(__always)
    var holdsOwnClosures: Bool { withUnsafeMutablePointerToHeader { $0.pointee.holdsOwnClosures } }

    /// Whether the value in `slot` is a closure made in this scope.
    private func capturesItself(at slot: Int) -> Bool {
        withBindings { p, _ in
            if case .function(let f) = p[slot].value { return f.captured === self }
            return false
        }
    }

    /// Empties the scope for the next call of the same function (or the next iteration of
    /// the same loop), keeping the names in their slots: `bind(_:_:_:)` then only stores
    /// values. Values that may hold scopes take the careful path of `removeAll`.
    @inline(__always)
    func recycle() {
        let careful: Bool = withUnsafeMutablePointers { h, e in
            let p = h.pointee.spill ?? e
            let n = h.pointee.count
            var k = 0
            while k < n {
                switch p[k].value {
                case .null, .bool, .int, .float, .duration, .range: break
                case .string: p[k].value = .null
                default: return true
                }
                k &+= 1
            }
            if n > h.pointee.initialized { h.pointee.initialized = n }
            h.pointee.count = 0
            h.pointee.index = nil
            h.pointee.holdsOwnClosures = false
            return false
        }
        if careful { removeAll() }
    }

    /// Defines slot `slot`, the next one (`count`), as `name`: a call's parameter or a
    /// loop's variable. In a recycled scope the slot usually still holds that very name.
    @inline(__always)
    func bind(_ slot: Int, _ name: String, _ value: consuming Value, mutable: Bool) {
        let reuse: Bool = withUnsafeMutablePointers { h, e in
            assert(slot == h.pointee.count, "bind(_:_:_:) defines the next slot")
            guard slot < h.pointee.initialized else { return false }
            let b = (h.pointee.spill ?? e) + slot
            if b.pointee.mutable != mutable || b.pointee.name != name { return false }
            h.pointee.count = slot &+ 1
            return true
        }
        if reuse {
            let p = withUnsafeMutablePointers { h, e in h.pointee.spill ?? e }
            p[slot].value = value  // over a null: nothing to release
        } else {
            append(name, value, mutable: mutable)
        }
    }

    private func dropBindings(freeSpill: Bool) {
        withUnsafeMutablePointers { h, e in
            let n = h.pointee.initialized > h.pointee.count ? h.pointee.initialized : h.pointee.count
            let p = h.pointee.spill ?? e
            var holdsScopes = false
            for k in 0..<n where p[k].value.mayHoldScopes {
                holdsScopes = true
                break
            }
            if holdsScopes {
                // A closure holds its scope, whose variables may hold closures, and so on:
                // a chain as long as the script likes. Freeing it recursively would
                // overflow the stack, so the values go to the reaper instead.
                var values: [Value] = []
                values.reserveCapacity(n)
                for k in 0..<n { values.append(p[k].value) }
                p.deinitialize(count: n)
                ScopeReaper.shared.bury(&values)
            } else {
                p.deinitialize(count: n)
            }
            h.pointee.count = 0
            h.pointee.initialized = 0
            h.pointee.index = nil
            h.pointee.holdsOwnClosures = false
            if !h.pointee.retired.isEmpty {
                var retired = h.pointee.retired
                h.pointee.retired = []
                ScopeReaper.shared.bury(&retired)
            }
            if freeSpill, let s = h.pointee.spill { s.deallocate() }
        }
    }

    /// (Read through the header pointer: `header` itself is a class property, and each
    /// access would pay a dynamic exclusivity check.)
    @inline(__always)
    var parent: Scope? { withUnsafeMutablePointerToHeader { $0.pointee.parent } }

    /// The parent, not retained (`self` keeps it alive).
    @inline(__always)
    var parentUnmanaged: Unmanaged<Scope>? {
        withUnsafeMutablePointerToHeader { h in h.pointee.parent.map { Unmanaged.passUnretained($0) } }
    }

    /// The name bound in `slot` (for checks of the resolver in debug builds).
    func name(at slot: Int) -> String? {
        withBindings { p, n in slot < n ? p[slot].name : nil }
    }

    @inline(__always)
    var count: Int { withUnsafeMutablePointerToHeader { $0.pointee.count } }

    /// Runs `body` on the bindings defined so far.
    @inline(__always)
    func withBindings<R>(_ body: (UnsafeMutablePointer<Binding>, Int) throws -> R) rethrows -> R {
        try withUnsafeMutablePointers { h, e in try body(h.pointee.spill ?? e, h.pointee.count) }
    }

    /// The value in `slot`, or nil when the scope has not defined that many names yet.
    @inline(__always)
    func value(at slot: Int) -> Value? {
        withUnsafeMutablePointers { h, e in
            slot < h.pointee.count ? (h.pointee.spill ?? e)[slot].value : nil
        }
    }

    /// The slot of `name` in this scope itself.
    @inline(__always)
    func local(_ name: String) -> Int? {
        withUnsafeMutablePointers { h, e in Scope.find(name, h, e) }
    }

    private static func find(_ name: String, _ h: UnsafeMutablePointer<ScopeHeader>, _ e: UnsafeMutablePointer<Binding>) -> Int? {
        if let index = h.pointee.index { return index[name] }
        let p = h.pointee.spill ?? e
        var i = 0
        let n = h.pointee.count
        while i < n {
            if p[i].name == name { return i }
            i += 1
        }
        return nil
    }

    /// The slot of `name` in this scope itself, trying the slot in `guess` first and
    /// leaving the answer there (the cache of one reading site of a global).
    @inline(__always)
    func local(_ name: String, guess: SlotCache) -> Int? {
        withUnsafeMutablePointers { h, e in Scope.find(name, guess, h, e) }
    }

    @inline(__always)
    private static func find(_ name: String, _ guess: SlotCache, _ h: UnsafeMutablePointer<ScopeHeader>,
                             _ e: UnsafeMutablePointer<Binding>) -> Int? {
        let g = guess.cell.pointee
        if g < h.pointee.count, (h.pointee.spill ?? e)[g].name == name { return g }
        guard let k = find(name, h, e) else { return nil }
        guess.cell.pointee = k
        return k
    }

    /// The value of `name` in this scope itself, found as `local(_:guess:)` finds it.
    @inline(__always)
    func value(of name: String, guess: SlotCache) -> Value? {
        withUnsafeMutablePointers { h, e in
            guard let k = Scope.find(name, guess, h, e) else { return nil }
            return (h.pointee.spill ?? e)[k].value
        }
    }

    /// The slot of `name` in this scope itself when it is a `var` (see `local(_:guess:)`).
    @inline(__always)
    func mutableSlot(of name: String, guess: SlotCache) -> Int? {
        withUnsafeMutablePointers { h, e in
            guard let k = Scope.find(name, guess, h, e) else { return nil }
            let p = h.pointee.spill ?? e
            return p[k].mutable ? k : nil
        }
    }

    /// The function bound by a `let` or `fn` to `name` in this scope itself (found as
    /// `value(of:guess:)` finds it), not retained, so that a call of a global function
    /// costs no reference counting on it. It stays alive for as long as any code can run
    /// it: such a binding is never assigned, and a redefinition (`define`) retires the
    /// function it replaces into the scope instead of freeing it.
    @inline(__always)
    func constantFunction(of name: String, guess: SlotCache) -> Unmanaged<ScriptFunction>? {
        withUnsafeMutablePointers { h, e in
            guard let k = Scope.find(name, guess, h, e) else { return nil }
            let p = h.pointee.spill ?? e
            guard !p[k].mutable, case .function(let fn) = p[k].value else { return nil }
            return Unmanaged.passUnretained(fn)
        }
    }

    /// The int in `slot`, if the slot is defined and holds an int.
    @inline(__always)
    func intValue(at slot: Int) -> Int? {
        withUnsafeMutablePointers { h, e in
            guard slot < h.pointee.count, case .int(let x) = (h.pointee.spill ?? e)[slot].value else { return nil }
            return x
        }
    }

    /// The int bound to `name` in this scope itself, found as `value(of:guess:)` finds it.
    @inline(__always)
    func intValue(of name: String, guess: SlotCache) -> Int? {
        withUnsafeMutablePointers { h, e in
            guard let k = Scope.find(name, guess, h, e) else { return nil }
            let p = h.pointee.spill ?? e
            if case .int(let x) = p[k].value { return x }
            return nil
        }
    }

    /// Whether this is an outermost scope (the globals or a module's top level).
    @inline(__always)
    var isRoot: Bool { withUnsafeMutablePointerToHeader { $0.pointee.parent == nil } }

    /// The scope, here or enclosing, that binds `name`, and the slot there.
    func lookup(_ name: String) -> (scope: Scope, slot: Int)? {
        var cur = Unmanaged.passUnretained(self)
        while true {
            var next: Unmanaged<Scope>?
            let found: Int? = cur._withUnsafeGuaranteedRef { s in
                if let k = s.local(name) { return k }
                if let p = s.parent { next = Unmanaged.passUnretained(p) }
                return nil
            }
            if let found { return (cur.takeUnretainedValue(), found) }
            guard let n = next else { return nil }
            cur = n
        }
    }

    /// The value bound to `name` here or in an enclosing scope.
    func lookupValue(_ name: String) -> Value? {
        var cur = Unmanaged.passUnretained(self)
        while true {
            var next: Unmanaged<Scope>?
            let found: Value? = cur._withUnsafeGuaranteedRef { s in
                if let k = s.local(name) { return s.value(at: k) }
                if let p = s.parent { next = Unmanaged.passUnretained(p) }
                return nil
            }
            if let found { return found }
            guard let n = next else { return nil }
            cur = n
        }
    }

    /// The outermost scope (the globals or a module's top level).
    @inline(__always)
    var root: Unmanaged<Scope> {
        var cur = Unmanaged.passUnretained(self)
        while let p = cur._withUnsafeGuaranteedRef({ $0.parentUnmanaged }) { cur = p }
        return cur
    }

    /// Binds `name`, replacing a binding of the same name in this scope (the REPL may
    /// redefine globals; elsewhere the evaluator refuses a second definition first).
    func define(_ name: String, _ value: Value, mutable: Bool) {
        if let k = local(name) {
            withUnsafeMutablePointers { h, e in
                let p = h.pointee.spill ?? e
                let old = p[k].value
                p[k] = Binding(name: name, value: value, mutable: mutable)
                if case .function = old { h.pointee.retired.append(old) }
            }
            return
        }
        append(name, value, mutable: mutable)
    }

    /// Binds a name this scope does not hold yet (a call's distinct parameters).
    @inline(__always)
    func append(_ name: String, _ value: Value, mutable: Bool) {
        let needsIndex: Bool = withUnsafeMutablePointers { h, e in
            let n = h.pointee.count
            if let s = h.pointee.spill {
                if n == h.pointee.spillCapacity {
                    let cap = n * 2
                    let bigger = UnsafeMutablePointer<Binding>.allocate(capacity: cap)
                    bigger.moveInitialize(from: s, count: n)
                    s.deallocate()
                    h.pointee.spill = bigger
                    h.pointee.spillCapacity = cap
                }
            } else if n == h.pointee.inlineCapacity {
                let cap = max(8, n * 2)
                let bigger = UnsafeMutablePointer<Binding>.allocate(capacity: cap)
                bigger.moveInitialize(from: e, count: n)
                h.pointee.spill = bigger
                h.pointee.spillCapacity = cap
            }
            let slot = (h.pointee.spill ?? e).advanced(by: n)
            if n < h.pointee.initialized {
                slot.pointee = Binding(name: name, value: value, mutable: mutable)  // a recycled slot
            } else {
                slot.initialize(to: Binding(name: name, value: value, mutable: mutable))
                h.pointee.initialized = n + 1
            }
            h.pointee.count = n + 1
            if h.pointee.index != nil {
                h.pointee.index![name] = n
                return false
            }
            return n + 1 > Scope.indexThreshold
        }
        if needsIndex {
            var idx: [String: Int] = [:]
            withBindings { p, n in
                for k in 0..<n { idx[p[k].name] = k }
            }
            withUnsafeMutablePointerToHeader { $0.pointee.index = idx }
        }
    }

    /// Replaces the value in `slot` (which must be defined).
    @inline(__always)
    func set(_ slot: Int, _ value: consuming Value) {
        // Through the pointer, not `withBindings`: a closure would copy `value` (a retain
        // and release of a list's buffer on every `xs += [x]`).
        let p = withUnsafeMutablePointers { h, e in h.pointee.spill ?? e }
        p[slot].value = value
    }

    /// Takes the value out of `slot`, leaving null, so that the caller holds the only
    /// reference and may grow it in place (`xs += [x]`).
    @inline(__always)
    func take(_ slot: Int) -> Value {
        withBindings { p, _ in
            let v = p[slot].value
            p[slot].value = .null
            return v
        }
    }

    @inline(__always)
    func isMutable(_ slot: Int) -> Bool {
        withBindings { p, _ in p[slot].mutable }
    }

    /// Every name visible from here, innermost first.
    var visibleNames: [String] {
        var out: [String] = []
        var s: Scope? = self
        while let c = s {
            c.withBindings { p, n in
                for k in 0..<n { out.append(p[k].name) }
            }
            s = c.parent
        }
        return out
    }

    /// The bindings in definition order.
    var orderedBindings: [(name: String, value: Value)] {
        withBindings { p, n in (0..<n).map { (p[$0].name, p[$0].value) } }
    }
}

/// The slot where one reading site last found its global (slots never move).
final class SlotCache {
    let cell: UnsafeMutablePointer<Int>
    init() {
        cell = .allocate(capacity: 1)
        cell.initialize(to: 0)
    }
    deinit { cell.deallocate() }
}

extension Value {
    /// Whether freeing this value may free a scope (through a function, or a container
    /// that may hold one).
    var mayHoldScopes: Bool {
        switch self {
        case .function, .list, .map, .cluster, .resource: true
        default: false
        }
    }
}

/// Frees the values of dying scopes one at a time instead of recursively: a value freed
/// here may free a function, its scope and so the next values, which are queued rather
/// than freed inside the current deinit. So the stack depth stays constant however long
/// the chain of closures is. One queue for the process: whichever thread drains it frees
/// what other threads queue meanwhile.
final class ScopeReaper: @unchecked Sendable {
    static let shared = ScopeReaper()
    private let lock = NSLock()
    private var pending: [Value] = []
    private var draining = false

    /// Takes over `values` (leaving it empty, so that the caller frees nothing itself).
    func bury(_ values: inout [Value]) {
        lock.lock()
        pending.append(contentsOf: values)
        values = []
        if draining {
            lock.unlock()
            return
        }
        draining = true
        while true {
            var next: Value? = pending.popLast()
            if next == nil {
                draining = false
                lock.unlock()
                return
            }
            lock.unlock()
            next = nil  // may free scopes, which queue their values and return at once
            _ = next
            lock.lock()
        }
    }
}
