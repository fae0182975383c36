/// Statements and blocks of the compiled engine (see Compiler.swift). Every statement
/// counts its step, checks and fails exactly where the reference engine does.
extension Compiler {
    static func sequence(_ codes: [StmtCode]) -> BlockCode {
        switch codes.count {
        case 0: return { _ in .normal }
        case 1: return codes[0].run
        case 2:
            let c0 = codes[0].run
            let c1 = codes[1].run
            return { x in
                let f = try c0(x)
                guard case .normal = f else { return f }
                return try c1(x)
            }
        default:
            return { x in
                for c in codes {
                    let f = try c.run(x)
                    if case .normal = f { continue }
                    return f
                }
                return .normal
            }
        }
    }

    /// The name a statement declares in the block it runs in.
    static func declaration(_ s: Stmt) -> (name: String, mutable: Bool)? {
        switch s.kind {
        case .binding(let name, _, let mutable, _): (name, mutable)
        case .function(let decl, _): (decl.name ?? "anonymous", false)
        case .importStmt(let path, let alias): (alias ?? Interpreter.moduleName(path), false)
        default: nil
        }
    }

    /// Whether declarations here go to the globals (the outermost level of top-level code).
    var atGlobalLevel: Bool { scope.isTopLevel && scope.blocks.isEmpty }

    /// Compiles `stmts` as a block with a scope of its own holding `prefix` (loop variables,
    /// a catch name) and then the names the statements declare; returns the code (which
    /// expects the prefix already bound) and the slots of the prefix.
    mutating func scoped(_ prefix: [String], _ stmts: [Stmt]) -> (code: BlockCode, prefixSlots: [Int], slots: [Int]) {
        var names: [String: (slot: Int, mutable: Bool)] = [:]
        var slots: [Int] = []
        var prefixSlots: [Int] = []
        for n in prefix {
            if let d = names[n] {
                prefixSlots.append(d.slot)
                continue
            }
            let k = scope.newSlot()
            names[n] = (k, false)
            slots.append(k)
            prefixSlots.append(k)
        }
        for s in stmts {
            guard let (n, m) = Compiler.declaration(s), names[n] == nil else { continue }
            let k = scope.newSlot()
            names[n] = (k, m)
            slots.append(k)
        }
        scope.blocks.append(names)
        let body = Compiler.sequence(stmts.map { StmtCode(run: stmt($0, replGlobals: false)) })
        scope.blocks.removeLast()
        return (body, prefixSlots, slots)
    }

    /// A block (an `if`, `while` or `try` body): its slots start undefined on each entry and
    /// are let go of when it ends.
    mutating func block(_ stmts: [Stmt]) -> BlockCode {
        let (body, _, slots) = scoped([], stmts)
        if slots.isEmpty { return body }
        return Compiler.withSlots(slots, boxed: scope.boxed, body)
    }

    /// Runs `body` with `slots` fresh (undefined) on entry and emptied after.
    static func withSlots(_ slots: [Int], boxed: Bool, _ body: @escaping BlockCode) -> BlockCode {
        { x in
            Compiler.fresh(slots, x, boxed: boxed)
            let f = try body(x)
            Compiler.empty(slots, x, boxed: boxed)
            return f
        }
    }

    @inline(__always)
    static func fresh(_ slots: [Int], _ x: Exec, boxed: Bool) {
        let base = x.base
        if boxed {
            for k in slots { x.boxes[base &+ k] = Box() }
        } else {
            for k in slots { x.stack[base &+ k] = nil }
        }
    }

    @inline(__always)
    static func empty(_ slots: [Int], _ x: Exec, boxed: Bool) {
        let base = x.base
        if boxed {
            for k in slots { x.boxes[base &+ k] = nil }
        } else {
            for k in slots { x.stack[base &+ k] = nil }
        }
    }

    /// Code binding `v` to a declared name (checking it is not defined yet unless `replace`).
    func define(_ name: String, _ nameSpan: SourceSpan, mutable: Bool, replace: Bool, function: Bool)
        -> (Exec, Value) throws -> Void
    {
        if atGlobalLevel {
            let g = globals.slot(name)
            return { x, v in
                if !replace, x.globals.isDefined(g) { throw x.i.alreadyDefined(name, nameSpan, function: function) }
                x.globals.define(at: g, v, mutable: mutable)
            }
        }
        guard let d = declaredHere(name) else {
            // (Every declaration has a slot in its block: `scoped` made it.)
            return { x, _ in throw x.i.err("internal error: '\(name)' has no slot", nameSpan) }
        }
        let k = d.slot
        let boxed = scope.boxed
        return { x, v in
            let at = x.base &+ k
            if !replace, Compiler.load(x, at, boxed: boxed) != nil {
                throw x.i.alreadyDefined(name, nameSpan, function: function)
            }
            Compiler.store(x, at, v, boxed: boxed)
        }
    }

    mutating func stmt(_ s: Stmt, replGlobals: Bool) -> BlockCode {
        let span = s.span
        switch s.kind {
        case .expr(let e):
            let c = expr(e)
            return { x in
                try x.i.tick(span)
                _ = try c(x)
                return .normal
            }
        case .binding(let name, let nameSpan, let mutable, let valueExpr):
            let c = expr(valueExpr)
            let bind = define(name, nameSpan, mutable: mutable, replace: replGlobals, function: false)
            return { x in
                try x.i.tick(span)
                try bind(x, try c(x))
                return .normal
            }
        case .function(let decl, let nameSpan):
            let name = decl.name ?? "anonymous"
            let selfSlot = atGlobalLevel ? nil : declaredHere(name)?.slot
            let make = function(decl, name: name, selfSlot: selfSlot)
            let bind = define(name, nameSpan, mutable: false, replace: replGlobals, function: true)
            return { x in
                try x.i.tick(span)
                try bind(x, make(x))
                return .normal
            }
        case .assign(let name, let nameSpan, let op, let valueExpr):
            return assignment(name, nameSpan, op, valueExpr, span)
        case .returnStmt(let e):
            guard let e else {
                return { x in
                    try x.i.tick(span)
                    return .returned(.null)
                }
            }
            let c = expr(e)
            return { x in
                try x.i.tick(span)
                return .returned(try c(x))
            }
        case .ifStmt(let branches, let elseBody):
            if branches.count == 1, elseBody == nil, branches[0].body.count == 1,
                case .returnStmt(let returned?) = branches[0].body[0].kind
            {
                // `if c { return e }`, the base case of a recursion: one closure, not three
                // (the block declares nothing, so `e` reads what it would read inside it).
                let cond = condition(branches[0].cond, "if")
                let value = expr(returned)
                let returnSpan = branches[0].body[0].span
                if let (slot, op, k) = slotWithInt(branches[0].cond), op.isComparison {
                    return { x in
                        try x.i.tick(span)
                        if case .int(let a)? = x.stack[x.base &+ slot] {
                            guard op.compare(a, k) else { return .normal }
                        } else {
                            guard try cond(x) else { return .normal }
                        }
                        try x.i.tick(returnSpan)
                        return .returned(try value(x))
                    }
                }
                return { x in
                    try x.i.tick(span)
                    guard try cond(x) else { return .normal }
                    try x.i.tick(returnSpan)
                    return .returned(try value(x))
                }
            }
            let conds = branches.map { condition($0.cond, "if") }
            let bodies = branches.map { StmtCode(run: block($0.body)) }
            let elseCode: BlockCode? = elseBody.map { block($0) }
            if conds.count == 1 {
                let cond = conds[0]
                let body = bodies[0].run
                if let elseCode {
                    return { x in
                        try x.i.tick(span)
                        return try cond(x) ? try body(x) : try elseCode(x)
                    }
                }
                return { x in
                    try x.i.tick(span)
                    return try cond(x) ? try body(x) : .normal
                }
            }
            let tests = conds.map { TestHolder(run: $0) }
            return { x in
                try x.i.tick(span)
                for k in 0..<tests.count where try tests[k].run(x) { return try bodies[k].run(x) }
                if let elseCode { return try elseCode(x) }
                return .normal
            }
        case .whileStmt(let condExpr, let bodyStmts):
            let cond = condition(condExpr, "while")
            let body = block(bodyStmts)
            let condSpan = condExpr.span
            return { x in
                try x.i.tick(span)
                while try cond(x) {
                    try x.i.tick(condSpan)
                    let f = try body(x)
                    switch f {
                    case .breakLoop: return .normal
                    case .returned: return f
                    default: continue
                    }
                }
                return .normal
            }
        case .forStmt(let first, let second, let iterableExpr, let bodyStmts):
            return forLoop(first, second, iterableExpr, bodyStmts, span)
        case .breakStmt:
            return { x in
                try x.i.tick(span)
                return .breakLoop
            }
        case .continueStmt:
            return { x in
                try x.i.tick(span)
                return .continueLoop
            }
        case .tryStmt(let bodyStmts, let errorName, let handlerStmts):
            let body = block(bodyStmts)
            let (handler, prefixSlots, slots) = scoped(errorName.map { [$0] } ?? [], handlerStmts)
            let boxed = scope.boxed
            return { x in
                try x.i.tick(span)
                // What the body's calls and blocks changed is put back as they unwind.
                do {
                    return try body(x)
                } catch let e as ScriptError where e.catchable {
                    Compiler.fresh(slots, x, boxed: boxed)
                    if let k = prefixSlots.first {
                        Compiler.store(x, x.base &+ k, .error(ScriptErrorValue(e)), boxed: boxed)
                    }
                    let f = try handler(x)
                    Compiler.empty(slots, x, boxed: boxed)
                    return f
                }
            }
        case .importStmt(let path, let alias):
            let name = alias ?? Interpreter.moduleName(path)
            let bind = define(name, span, mutable: false, replace: true, function: false)
            return { x in
                try x.i.tick(span)
                try bind(x, try x.i.importModule(path, span))
                return .normal
            }
        }
    }

    /// `for a in xs`, `for k, v in m`: a fresh scope per iteration holding the loop
    /// variables and the body's names.
    mutating func forLoop(
        _ first: String, _ second: String?, _ iterableExpr: Expr, _ bodyStmts: [Stmt],
        _ span: SourceSpan
    ) -> BlockCode {
        let iterable = expr(iterableExpr)
        let iterSpan = iterableExpr.span
        let (body, prefixSlots, slots) = scoped([first] + (second.map { [$0] } ?? []), bodyStmts)
        let boxed = scope.boxed
        let k0 = prefixSlots[0]
        let k1 = prefixSlots.count > 1 ? prefixSlots[1] : -1
        let paired = second != nil
        if !paired {
            return { x in
                try x.i.tick(span)
                let items = try iterable(x)
                if case .range(let lo, let hi, let inclusive) = items {
                    // The counting loop, without a closure per iteration.
                    guard Value.rangeCount(lo, hi, inclusive) > 0 else { return .normal }
                    var n = lo
                    while true {
                        try x.i.tick(iterSpan)
                        Compiler.fresh(slots, x, boxed: boxed)
                        Compiler.store(x, x.base &+ k0, .int(n), boxed: boxed)
                        let f = try body(x)
                        switch f {
                        case .breakLoop:
                            Compiler.empty(slots, x, boxed: boxed)
                            return .normal
                        case .returned:
                            Compiler.empty(slots, x, boxed: boxed)
                            return f
                        default: break
                        }
                        if inclusive ? n >= hi : n >= hi - 1 { break }
                        n += 1
                    }
                    Compiler.empty(slots, x, boxed: boxed)
                    return .normal
                }
                let result = try x.i.forEachItem(items, paired: false, iterSpan) { a, _ in
                    try x.i.tick(iterSpan)
                    Compiler.fresh(slots, x, boxed: boxed)
                    Compiler.store(x, x.base &+ k0, a, boxed: boxed)
                    switch try body(x) {
                    case .breakLoop: return .normal
                    case .returned(let v): return .returned(v)
                    default: return nil
                    }
                }
                Compiler.empty(slots, x, boxed: boxed)
                return result ?? .normal
            }
        }
        return { x in
            try x.i.tick(span)
            let items = try iterable(x)
            let result = try x.i.forEachItem(items, paired: true, iterSpan) { a, b in
                try x.i.tick(iterSpan)
                Compiler.fresh(slots, x, boxed: boxed)
                Compiler.store(x, x.base &+ k0, a, boxed: boxed)
                // (`for k, k in m` binds the second value over the first, as the reference does.)
                if let b { Compiler.store(x, x.base &+ k1, b, boxed: boxed) }
                switch try body(x) {
                case .breakLoop: return .normal
                case .returned(let v): return .returned(v)
                default: return nil
                }
            }
            Compiler.empty(slots, x, boxed: boxed)
            return result ?? .normal
        }
    }

    /// `name op= value`: the first defined binding of `name` (found before the value is
    /// evaluated, as the reference does), which must be a `var`.
    mutating func assignment(
        _ name: String, _ nameSpan: SourceSpan, _ op: AssignOp, _ valueExpr: Expr,
        _ span: SourceSpan
    ) -> BlockCode {
        let value = expr(valueExpr)
        let targets = places(name)
        let boxed = scope.boxed
        let lexical = localNames()
        let find: (Exec) throws -> VariableRef = { x in
            for (p, mutable) in targets {
                switch p {
                case .local(let k):
                    let at = x.base &+ k
                    guard Compiler.load(x, at, boxed: boxed) != nil else { continue }
                    guard mutable else { throw x.i.notMutable(name, nameSpan) }
                    if boxed, let b = x.boxes[at] { return .box(b) }
                    return .slot(x, at)
                case .capture(let j):
                    guard x.captures[j].value != nil else { continue }
                    guard mutable else { throw x.i.notMutable(name, nameSpan) }
                    return .box(x.captures[j])
                case .selfFunction:
                    throw x.i.notMutable(name, nameSpan)
                case .global(let g):
                    guard x.globals.isDefined(g) else { continue }
                    guard x.globals.isMutable(g) else { throw x.i.notMutable(name, nameSpan) }
                    return .global(x.globals, g)
                }
            }
            throw x.i.undefinedForAssignment(
                name, nameSpan, Compiler.defined(lexical, x, boxed: boxed) + x.globals.definedNames)
        }
        if op == .add, case .list(let items) = valueExpr.kind, items.count == 1 {
            // `xs += [x]`: appends in place, without making the one-element list.
            let item = expr(items[0])
            let listSpan = valueExpr.span
            return { x in
                try x.i.tick(span)
                let target = try find(x)
                let v = try item(x)
                if v.isContainer { try x.i.checkNesting(CollectionOfOne(v), listSpan) }
                try x.i.appendOne(target, v, span)
                return .normal
            }
        }
        // `i += 1` on an int in a plain local slot or a global: in place. (The variable is
        // read after the value, as `assign` does: a call in the value may change a global.)
        if op != .set, let first = targets.first, first.mutable {
            let bop = op.binaryOp
            switch first.place {
            case .local(let k) where !boxed:
                return { x in
                    try x.i.tick(span)
                    let at = x.base &+ k
                    guard x.stack[at] != nil else {
                        let target = try find(x)
                        try x.i.assign(target, op, try value(x), span)
                        return .normal
                    }
                    let rhs = try value(x)
                    if case .int(let b) = rhs, case .int(let a)? = x.stack[at], let r = Interpreter.intOp(bop, a, b) {
                        x.stack[at] = r
                        return .normal
                    }
                    try x.i.assign(.slot(x, at), op, rhs, span)
                    return .normal
                }
            case .global(let g) where targets.count == 1:
                if case .int(let b) = valueExpr.kind {
                    // `i += 1` on a global int: in place.
                    return { x in
                        try x.i.tick(span)
                        if x.globals.update(g, bop, b) { return .normal }
                        let target = try find(x)
                        try x.i.assign(target, op, try value(x), span)
                        return .normal
                    }
                }
                return { x in
                    try x.i.tick(span)
                    let t = x.globals
                    guard t.isDefined(g), t.isMutable(g) else {
                        let target = try find(x)
                        try x.i.assign(target, op, try value(x), span)
                        return .normal
                    }
                    let rhs = try value(x)
                    if case .int(let b) = rhs, t.update(g, bop, b) { return .normal }
                    try x.i.assign(.global(t, g), op, rhs, span)
                    return .normal
                }
            default: break
            }
        }
        return { x in
            try x.i.tick(span)
            let target = try find(x)
            try x.i.assign(target, op, try value(x), span)
            return .normal
        }
    }

    /// A condition: its bool, or the error for any other value.
    mutating func condition(_ e: Expr, _ what: String) -> TestCode {
        let span = e.span
        if case .binary(let op, let l, let r, _) = e.kind, op.isComparison, case .int(let k) = r.kind,
            case .name = l.kind
        {
            // `i < n` with an int: answered without making a bool value.
            let left = expr(l)
            let general = expr(e)
            if let g = onlyGlobal(l) {
                return { x in
                    if let a = x.globals.int(at: g) { return op.compare(a, k) }
                    let v = try general(x)
                    if case .bool(let b) = v { return b }
                    return try x.i.checkCondition(v, span, what)
                }
            }
            if let slot = plainSlot(l) {
                return { x in
                    if case .int(let a)? = x.stack[x.base &+ slot] { return op.compare(a, k) }
                    let v = try general(x)
                    if case .bool(let b) = v { return b }
                    return try x.i.checkCondition(v, span, what)
                }
            }
            return { x in
                if case .int(let a) = try left(x) { return op.compare(a, k) }
                let v = try general(x)
                if case .bool(let b) = v { return b }
                return try x.i.checkCondition(v, span, what)
            }
        }
        let c = expr(e)
        return { x in
            let v = try c(x)
            if case .bool(let b) = v { return b }
            return try x.i.checkCondition(v, span, what)
        }
    }
}

/// A condition kept in an array (see `ExprCode`).
struct TestHolder { let run: TestCode }

extension BinaryOp {
    /// A comparison (`isComparison`) of two ints.
    @inline(__always)
    func compare(_ x: Int, _ y: Int) -> Bool {
        switch self {
        case .lt: x < y
        case .le: x <= y
        case .gt: x > y
        case .ge: x >= y
        case .eq: x == y
        default: x != y
        }
    }
}
