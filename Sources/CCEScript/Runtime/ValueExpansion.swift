// What a full walk of a value would cost, measured without doing the walk. Printing,
// encoding and comparing visit every path through a value, and a value with shared
// structure (`x = [x, x]` forty times) has 2^40 paths through forty lists: writing it out
// would run for hours and fill the memory before any size check saw the result. These
// measures count each list or map storage once, so they cost the size of the value in
// memory, and the callers refuse before they start.

extension Value {
    /// About how many bytes a walk that visits every path produces: `nodeBytes` for each
    /// value visited, plus the UTF-8 length of each string and map key. Saturates at `cap`.
    func expandedBytes(nodeBytes: Int, cap: Int) -> Int {
        // A tree (the common case) is measured by a plain walk; only once the walk has gone
        // past what a tree that size holds does the memoised walk take over.
        var total = 0
        var visits = 0
        var stack: [Value] = [self]
        while let v = stack.popLast() {
            visits &+= 1
            if visits > Value.plainWalkVisits { return sharedExpandedBytes(nodeBytes: nodeBytes, cap: cap) }
            total = Value.saturatingAdd(total, v.ownBytes(nodeBytes: nodeBytes))
            if total >= cap { return cap }
            v.forEachChild { key, x in
                visits &+= 1  // budgeted by work, so a long list of shared lists switches early
                total = Value.saturatingAdd(total, key?.utf8.count ?? 0)
                if x.isContainer {
                    stack.append(x)
                } else {
                    total = Value.saturatingAdd(total, x.ownBytes(nodeBytes: nodeBytes))
                }
            }
            if total >= cap { return cap }
        }
        return total
    }

    /// `expandedBytes` with every storage measured once: its total is remembered by address
    /// and added again for every further path that reaches it.
    private func sharedExpandedBytes(nodeBytes: Int, cap: Int) -> Int {
        sharedFold(
            cap: cap, scalar: { $0.ownBytes(nodeBytes: nodeBytes) }, empty: nodeBytes,
            node: { children in
                var total = nodeBytes
                for (key, bytes) in children {
                    total = Value.saturatingAdd(total, Value.saturatingAdd(key?.utf8.count ?? 0, bytes))
                }
                return total
            })
    }

    /// Folds a value bottom-up, each list, map or resource storage once however many paths
    /// lead to it (iteratively, so a deep value cannot overflow the stack): `scalar` for a
    /// scalar, `empty` for an empty container, `node` from the children's results (with
    /// their keys). Stops at `cap` as soon as a result reaches it.
    func sharedFold(
        cap: Int, scalar: (Value) -> Int, empty: Int, node: ([(key: String?, result: Int)]) -> Int
    ) -> Int {
        enum Step {
            case enter(Value)
            case leave(Value, UInt?)
        }
        var measured: [UInt: Int] = [:]
        func known(_ v: Value) -> Int? {
            guard v.isContainer else { return scalar(v) }
            guard let a = v.storageAddress else { return empty }  // empty: no storage
            return measured[a]
        }
        var stack: [Step] = [.enter(self)]
        while let step = stack.popLast() {
            switch step {
            case .enter(let v):
                guard known(v) == nil else { continue }
                stack.append(.leave(v, v.storageAddress))
                v.forEachChild { _, child in if known(child) == nil { stack.append(.enter(child)) } }
            case .leave(let v, let address):
                var children: [(key: String?, result: Int)] = []
                v.forEachChild { key, child in children.append((key, known(child) ?? cap)) }
                let result = node(children)
                if result >= cap { return cap }
                if let address { measured[address] = result }
            }
        }
        return min(known(self) ?? cap, cap)
    }

    /// The elements of a list, or the members of a map, cluster or resource body, with their keys.
    func forEachChild(_ body: (String?, Value) -> Void) {
        switch self {
        case .list(let xs): for x in xs { body(nil, x) }
        case .map(let m), .cluster(let m): for (k, x) in m { body(k, x) }
        case .resource(let r): for (k, x) in r.body { body(k, x) }
        default: break
        }
    }

    /// What this value alone adds to a walk (its children not included).
    private func ownBytes(nodeBytes: Int) -> Int {
        if case .string(let s) = self { return Value.saturatingAdd(nodeBytes, s.utf8.count) }
        return nodeBytes
    }

    static func saturatingAdd(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }

    /// Deep equality for values whose paths far outnumber their storages: a pair of
    /// storages found equal once is not compared again, so `x == y` for two separately
    /// built `[x, x]` towers costs their size, not their paths.
    func equalsShared(_ other: Value, limit: Int) throws -> Bool {
        var equalPairs: Set<StoragePair> = []
        return try equalsShared(other, depth: 0, limit: limit, equalPairs: &equalPairs)
    }

    private struct StoragePair: Hashable {
        let a: UInt, b: UInt
    }

    private func equalsShared(_ other: Value, depth: Int, limit: Int, equalPairs: inout Set<StoragePair>) throws -> Bool
    {
        if depth > limit { throw ValueTooDeep() }
        guard isContainer, other.isContainer else { return try equals(other, depth: depth, limit: limit) }
        let pair = storageAddress.flatMap { a in other.storageAddress.map { StoragePair(a: a, b: $0) } }
        if let pair, pair.a == pair.b || equalPairs.contains(pair) { return true }
        let equal: Bool
        switch (self, other) {
        case (.list(let a), .list(let b)):
            guard a.count == b.count else { return false }
            var same = true
            for (x, y) in zip(a, b)
            where try !x.equalsShared(y, depth: depth + 1, limit: limit, equalPairs: &equalPairs) {
                same = false
                break
            }
            equal = same
        case (.map(let a), .map(let b)), (.cluster(let a), .cluster(let b)):
            guard a.count == b.count else { return false }
            var same = true
            for (k, v) in a {
                guard let w = b[k], try v.equalsShared(w, depth: depth + 1, limit: limit, equalPairs: &equalPairs)
                else {
                    same = false
                    break
                }
            }
            equal = same
        default:
            return try equals(other, depth: depth, limit: limit)
        }
        if equal, let pair { equalPairs.insert(pair) }
        return equal
    }
}
