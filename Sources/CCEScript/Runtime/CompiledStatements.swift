/// Statements and blocks of the compiled engine (see Compiler.swift). Every statement
/// counts its step, checks and fails exactly where the reference engine does.
extension Compiler {
    static func sequence(_ codes: [BlockCode]) -> BlockCode {
        switch codes.count {
        case 0: return Nothing()
        case 1: return codes[0]
        case 2: return Sequence2(codes[0], codes[1])
        default: return Statements(codes)
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
        let body = Compiler.sequence(stmts.map { (stmt($0, replGlobals: false)) })
        scope.blocks.removeLast()
        return (body, prefixSlots, slots)
    }

    /// A block (an `if`, `while` or `try` body): its slots start undefined on each entry and
    /// are let go of when it ends.
    mutating func block(_ stmts: [Stmt]) -> BlockCode {
        let (body, _, slots) = scoped([], stmts)
        if slots.isEmpty { return body }
        return WithSlots(slots, boxed: scope.boxed, body)
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
            return Evaluation(expr(e), span)
        case .binding(let name, let nameSpan, let mutable, let valueExpr):
            let c = expr(valueExpr)
            if !replGlobals, !atGlobalLevel, !scope.boxed, let d = declaredHere(name) {
                return LocalBinding(slot: d.slot, c, name, nameSpan, span)
            }
            let bind = define(name, nameSpan, mutable: mutable, replace: replGlobals, function: false)
            return ClosureBlock { x in
                try x.i.tick(span)
                try bind(x, try c(x))
                return .normal
            }
        case .function(let decl, let nameSpan):
            let name = decl.name ?? "anonymous"
            let selfSlot = atGlobalLevel ? nil : declaredHere(name)?.slot
            let make = function(decl, name: name, selfSlot: selfSlot)
            let bind = define(name, nameSpan, mutable: false, replace: replGlobals, function: true)
            return ClosureBlock { x in
                try x.i.tick(span)
                try bind(x, make(x))
                return .normal
            }
        case .assign(let name, let nameSpan, let op, let valueExpr):
            return assignment(name, nameSpan, op, valueExpr, span)
        case .returnStmt(let e):
            guard let e else { return Return(Constant(.null), span) }
            return Return(expr(e), span)
        case .ifStmt(let branches, let elseBody):
            if branches.count == 1, elseBody == nil, branches[0].body.count == 1,
                case .returnStmt(let returned?) = branches[0].body[0].kind
            {
                // `if c { return e }`, the base case of a recursion: one node, not three
                // (the block declares nothing, so `e` reads what it would read inside it).
                let cond = condition(branches[0].cond, "if")
                let value = expr(returned)
                let returnSpan = branches[0].body[0].span
                if let (slot, op, k) = slotWithInt(branches[0].cond), op.isComparison {
                    return IfSlotReturn(slot: slot, op: op, k: k, cond, value, span, returnSpan)
                }
                return IfReturn(cond, value, span, returnSpan)
            }
            let conds = branches.map { condition($0.cond, "if") }
            let bodies = branches.map { block($0.body) }
            let elseCode: BlockCode? = elseBody.map { block($0) }
            if conds.count == 1 {
                let cond = conds[0]
                return If(cond, bodies[0], elseCode ?? Nothing(), span)
            }
            let tests = conds.map { $0 }
            return ClosureBlock { x in
                try x.i.tick(span)
                for k in 0..<tests.count where try tests[k](x) { return try bodies[k](x) }
                if let elseCode { return try elseCode(x) }
                return .normal
            }
        case .whileStmt(let condExpr, let bodyStmts):
            let cond = condition(condExpr, "while")
            let body = block(bodyStmts)
            let condSpan = condExpr.span
            return While(cond, body, span, condSpan)
        case .forStmt(let first, let second, let iterableExpr, let bodyStmts):
            return forLoop(first, second, iterableExpr, bodyStmts, span)
        case .breakStmt:
            return ClosureBlock { x in
                try x.i.tick(span)
                return .breakLoop
            }
        case .continueStmt:
            return ClosureBlock { x in
                try x.i.tick(span)
                return .continueLoop
            }
        case .tryStmt(let bodyStmts, let errorName, let handlerStmts):
            let body = block(bodyStmts)
            let (handler, prefixSlots, slots) = scoped(errorName.map { [$0] } ?? [], handlerStmts)
            let boxed = scope.boxed
            return ClosureBlock { x in
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
            return ClosureBlock { x in
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
        // The body's own names, which start undefined in each iteration.
        let bodySlots = slots.filter { !prefixSlots.contains($0) }
        if !paired {
            return ClosureBlock { x in
                try x.i.tick(span)
                let items = try iterable(x)
                if case .range(let lo, let hi, let inclusive) = items {
                    // The counting loop, without `forEachItem` calling back per iteration.
                    guard Value.rangeCount(lo, hi, inclusive) > 0 else { return .normal }
                    var n = lo
                    while true {
                        try x.i.tick(iterSpan)
                        if boxed {
                            Compiler.fresh(slots, x, boxed: true)
                            Compiler.store(x, x.base &+ k0, .int(n), boxed: true)
                        } else {
                            // The variable's int written over the last one's (a loop variable
                            // cannot be rebound: no other value is there after the body).
                            Compiler.fresh(bodySlots, x, boxed: false)
                            let at = x.base &+ k0
                            if case .int? = x.stack[at] { x.stack.overwriteInt(at, n) } else { x.stack[at] = .int(n) }
                        }
                        switch try body(x) {
                        case .normal, .continueLoop: break
                        case .breakLoop:
                            Compiler.empty(slots, x, boxed: boxed)
                            return .normal
                        case .returned(let v):
                            Compiler.empty(slots, x, boxed: boxed)
                            return .returned(v)
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
        return ClosureBlock { x in
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
        let general = Assignment(op: op, find: find, value: value, span: span)
        if op == .add, case .list(let items) = valueExpr.kind, items.count == 1 {
            // `xs += [x]`: appends in place, without making the one-element list.
            var place = AppendOne.Place.found
            if let first = targets.first, first.mutable {
                switch first.place {
                case .local(let k) where !boxed: place = .slot(k)
                case .global(let g) where targets.count == 1: place = .global(g)
                default: break
                }
            }
            return AppendOne(item: expr(items[0]), listSpan: valueExpr.span, place: place, general)
        }
        // `i += 1` on an int in a plain local slot or a global: in place. (The variable is
        // read after the value, as `assign` does: a call in the value may change a global.)
        if op != .set, let first = targets.first, first.mutable {
            switch first.place {
            case .local(let k) where !boxed:
                return SlotUpdate(slot: k, general)
            case .global(let g) where targets.count == 1:
                if case .int(let b) = valueExpr.kind {
                    // `i += 1` on a global int: in place.
                    return GlobalUpdateByConstant(global: g, by: b, general)
                }
                return GlobalUpdate(global: g, general)
            default: break
            }
        }
        return general
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
            let test = Test(general, span, what)
            if let g = onlyGlobal(l) { return GlobalComparison(global: g, op: op, k: k, test) }
            if let slot = plainSlot(l) { return SlotComparison(slot: slot, op: op, k: k, test) }
            return NameComparison(left: left, op: op, k: k, test)
        }
        return Test(expr(e), span, what)
    }
}

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

// MARK: Statement and condition nodes (see `Code`)

final class Nothing: BlockCode {
    override func callAsFunction(_ x: Exec) throws -> Flow { .normal }
}

final class Sequence2: BlockCode {
    let first: BlockCode
    let second: BlockCode
    init(_ first: BlockCode, _ second: BlockCode) {
        self.first = first
        self.second = second
    }
    override func callAsFunction(_ x: Exec) throws -> Flow {
        let f = try first(x)
        guard case .normal = f else { return f }
        return try second(x)
    }
}

final class Statements: BlockCode {
    let codes: [BlockCode]
    init(_ codes: [BlockCode]) { self.codes = codes }
    override func callAsFunction(_ x: Exec) throws -> Flow {
        for c in codes {
            let f = try c(x)
            if case .normal = f { continue }
            return f
        }
        return .normal
    }
}

/// An expression statement.
final class Evaluation: BlockCode {
    let value: Code
    let span: SourceSpan
    init(_ value: Code, _ span: SourceSpan) {
        self.value = value
        self.span = span
    }
    override func callAsFunction(_ x: Exec) throws -> Flow {
        try x.i.tick(span)
        _ = try value(x)
        return .normal
    }
}

/// `if c { return e }`, the base case of a recursion: one node, not three (the block
/// declares nothing, so `e` reads what it would read inside it).
class IfReturn: BlockCode {
    let cond: TestCode
    let value: Code
    let span: SourceSpan
    let returnSpan: SourceSpan
    init(_ cond: TestCode, _ value: Code, _ span: SourceSpan, _ returnSpan: SourceSpan) {
        self.cond = cond
        self.value = value
        self.span = span
        self.returnSpan = returnSpan
    }
    override func callAsFunction(_ x: Exec) throws -> Flow {
        try x.i.tick(span)
        guard try cond(x) else { return .normal }
        return try returning(x)
    }

    /// The `return e` step, the condition held.
    @inline(__always)
    final func returning(_ x: Exec) throws -> Flow {
        try x.i.tick(returnSpan)
        return .returned(try value(x))
    }
}

/// `if n < 2 { return e }` on a local: its int compared here.
final class IfSlotReturn: IfReturn {
    let slot: Int
    let op: BinaryOp
    let k: Int
    init(
        slot: Int, op: BinaryOp, k: Int, _ cond: TestCode, _ value: Code, _ span: SourceSpan,
        _ returnSpan: SourceSpan
    ) {
        self.slot = slot
        self.op = op
        self.k = k
        super.init(cond, value, span, returnSpan)
    }
    override func callAsFunction(_ x: Exec) throws -> Flow {
        try x.i.tick(span)
        if case .int(let a)? = x.stack[x.base &+ slot] {
            guard op.compare(a, k) else { return .normal }
        } else {
            guard try cond(x) else { return .normal }
        }
        return try returning(x)
    }
}

/// `if c { ... } else { ... }` (an empty `else` is `Nothing`).
final class If: BlockCode {
    let cond: TestCode
    let body: BlockCode
    let otherwise: BlockCode
    let span: SourceSpan
    init(_ cond: TestCode, _ body: BlockCode, _ otherwise: BlockCode, _ span: SourceSpan) {
        self.cond = cond
        self.body = body
        self.otherwise = otherwise
        self.span = span
    }
    override func callAsFunction(_ x: Exec) throws -> Flow {
        try x.i.tick(span)
        return try cond(x) ? try body(x) : try otherwise(x)
    }
}

final class While: BlockCode {
    let cond: TestCode
    let body: BlockCode
    let span: SourceSpan
    let condSpan: SourceSpan
    init(_ cond: TestCode, _ body: BlockCode, _ span: SourceSpan, _ condSpan: SourceSpan) {
        self.cond = cond
        self.body = body
        self.span = span
        self.condSpan = condSpan
    }
    override func callAsFunction(_ x: Exec) throws -> Flow {
        try x.i.tick(span)
        while try cond(x) {
            try x.i.tick(condSpan)
            // (Every case named: one that carries nothing is then let go of without a call.)
            switch try body(x) {
            case .normal, .continueLoop: continue
            case .breakLoop: return .normal
            case .returned(let v): return .returned(v)
            }
        }
        return .normal
    }
}

/// `name op= value` in general: the first defined binding of the name (`find`), assigned
/// by `Interpreter.assign`. The subclasses first try a shape they do in place.
class Assignment: BlockCode {
    let op: AssignOp
    /// The operator of `op=` (in-place updates apply it).
    let bop: BinaryOp
    let find: (Exec) throws -> VariableRef
    let value: Code
    let span: SourceSpan
    init(op: AssignOp, find: @escaping (Exec) throws -> VariableRef, value: Code, span: SourceSpan) {
        self.op = op
        bop = op.binaryOp
        self.find = find
        self.value = value
        self.span = span
    }
    init(_ general: Assignment) {
        op = general.op
        bop = general.bop
        find = general.find
        value = general.value
        span = general.span
    }
    override func callAsFunction(_ x: Exec) throws -> Flow {
        try x.i.tick(span)
        try assign(x)
        return .normal
    }

    /// The assignment, its step counted.
    @inline(never)
    final func assign(_ x: Exec) throws {
        let target = try find(x)
        try x.i.assign(target, op, try value(x), span)
    }
}

/// `xs += [x]`: appends in place, without making the one-element list.
final class AppendOne: Assignment {
    /// Where the list is when the variable is what it is in most programs (a `var` of a plain
    /// slot, or a global `var`), or `found` by `find`.
    enum Place {
        case slot(Int)
        case global(Int)
        case found
    }
    let item: Code
    let listSpan: SourceSpan
    let place: Place
    init(item: Code, listSpan: SourceSpan, place: Place, _ general: Assignment) {
        self.item = item
        self.listSpan = listSpan
        self.place = place
        super.init(general)
    }
    override func callAsFunction(_ x: Exec) throws -> Flow {
        try x.i.tick(span)
        let target: VariableRef
        switch place {
        case .slot(let k) where x.stack[x.base &+ k] != nil: target = .slot(x, x.base &+ k)
        case .global(let g) where x.globals.isDefined(g) && x.globals.isMutable(g): target = .global(x.globals, g)
        default: target = try find(x)
        }
        let v = try item(x)
        if v.isContainer { try x.i.checkNesting(CollectionOfOne(v), listSpan) }
        try x.i.appendOne(target, v, span)
        return .normal
    }
}

/// `i += n` on a plain local slot: an int updated in place.
final class SlotUpdate: Assignment {
    let slot: Int
    init(slot: Int, _ general: Assignment) {
        self.slot = slot
        super.init(general)
    }
    override func callAsFunction(_ x: Exec) throws -> Flow {
        try x.i.tick(span)
        let at = x.base &+ slot
        guard x.stack[at] != nil else {
            try assign(x)
            return .normal
        }
        let rhs = try value(x)
        if case .int(let b) = rhs, case .int(let a)? = x.stack[at], case .int(let r)? = Interpreter.intOp(bop, a, b) {
            x.stack.overwriteInt(at, r)
            return .normal
        }
        try x.i.assign(.slot(x, at), op, rhs, span)
        return .normal
    }
}

/// `i += 1` on a global int: in place.
final class GlobalUpdateByConstant: Assignment {
    let global: Int
    let by: Int
    init(global: Int, by: Int, _ general: Assignment) {
        self.global = global
        self.by = by
        super.init(general)
    }
    override func callAsFunction(_ x: Exec) throws -> Flow {
        try x.i.tick(span)
        if x.globals.update(global, bop, by) { return .normal }
        try assign(x)
        return .normal
    }
}

/// `total += e` on a global.
final class GlobalUpdate: Assignment {
    let global: Int
    init(global: Int, _ general: Assignment) {
        self.global = global
        super.init(general)
    }
    override func callAsFunction(_ x: Exec) throws -> Flow {
        try x.i.tick(span)
        guard x.globals.isDefined(global), x.globals.isMutable(global) else {
            try assign(x)
            return .normal
        }
        let rhs = try value(x)
        // (The table read again, not held across the value's code: holding it is a retain
        // and a release per step. The value's calls leave the running file's table in place.)
        if case .int(let b) = rhs, x.globals.update(global, bop, b) { return .normal }
        try x.i.assign(.global(x.globals, global), op, rhs, span)
        return .normal
    }
}

/// A condition: its bool, or the error for any other value.
final class Test: TestCode {
    let value: Code
    let span: SourceSpan
    let what: String
    init(_ value: Code, _ span: SourceSpan, _ what: String) {
        self.value = value
        self.span = span
        self.what = what
    }
    override func callAsFunction(_ x: Exec) throws -> Bool {
        let v = try value(x)
        if case .bool(let b) = v { return b }
        return try x.i.checkCondition(v, span, what)
    }
}

/// `a < k` with an int: answered without making a bool value (`test` otherwise). The
/// subclasses differ in where they read `a`.
class Comparison: TestCode {
    let op: BinaryOp
    let k: Int
    let test: Test
    init(op: BinaryOp, k: Int, _ test: Test) {
        self.op = op
        self.k = k
        self.test = test
    }
}

/// `name < k` on a name's code.
final class NameComparison: Comparison {
    let left: Code
    init(left: Code, op: BinaryOp, k: Int, _ test: Test) {
        self.left = left
        super.init(op: op, k: k, test)
    }
    override func callAsFunction(_ x: Exec) throws -> Bool {
        if case .int(let a) = try left(x) { return op.compare(a, k) }
        return try test(x)
    }
}

/// `i < k` on a plain local slot.
final class SlotComparison: Comparison {
    let slot: Int
    init(slot: Int, op: BinaryOp, k: Int, _ test: Test) {
        self.slot = slot
        super.init(op: op, k: k, test)
    }
    override func callAsFunction(_ x: Exec) throws -> Bool {
        if case .int(let a)? = x.stack[x.base &+ slot] { return op.compare(a, k) }
        return try test(x)
    }
}

/// `i < k` on a global.
final class GlobalComparison: Comparison {
    let global: Int
    init(global: Int, op: BinaryOp, k: Int, _ test: Test) {
        self.global = global
        super.init(op: op, k: k, test)
    }
    override func callAsFunction(_ x: Exec) throws -> Bool {
        if let a = x.globals.int(at: global) { return op.compare(a, k) }
        return try test(x)
    }
}

/// A block declaring names: its slots fresh (undefined) on entry and emptied after.
final class WithSlots: BlockCode {
    let slots: [Int]
    let boxed: Bool
    let body: BlockCode
    init(_ slots: [Int], boxed: Bool, _ body: BlockCode) {
        self.slots = slots
        self.boxed = boxed
        self.body = body
    }
    override func callAsFunction(_ x: Exec) throws -> Flow {
        Compiler.fresh(slots, x, boxed: boxed)
        let f = try body(x)
        Compiler.empty(slots, x, boxed: boxed)
        return f
    }
}

/// `let name = value` of a plain local slot (`define` has the other cases).
final class LocalBinding: BlockCode {
    let slot: Int
    let value: Code
    let name: String
    let nameSpan: SourceSpan
    let span: SourceSpan
    init(slot: Int, _ value: Code, _ name: String, _ nameSpan: SourceSpan, _ span: SourceSpan) {
        self.slot = slot
        self.value = value
        self.name = name
        self.nameSpan = nameSpan
        self.span = span
    }
    override func callAsFunction(_ x: Exec) throws -> Flow {
        try x.i.tick(span)
        let v = try value(x)
        let at = x.base &+ slot
        if x.stack[at] != nil { throw x.i.alreadyDefined(name, nameSpan, function: false) }
        x.stack[at] = v
        return .normal
    }
}
