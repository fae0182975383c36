/// Expressions, closures and calls of the compiled engine (see Compiler.swift).
extension Compiler {
    mutating func expr(_ e: Expr) -> Code {
        let span = e.span
        switch e.kind {
        case .null: return Constant(.null)
        case .bool(let b): return Constant(.bool(b))
        case .int(let n): return Constant(.int(n))
        case .float(let d): return Constant(.float(d))
        case .duration(let ms): return Constant(.duration(ms))
        case .string(let s): return Constant(.string(s))
        case .name(let n):
            return name(n, span)
        case .interpolated(let parts):
            var pieces: [Interpolation.Piece] = []
            for p in parts {
                switch p {
                case .text(let t): pieces.append(.text(t))
                case .expr(let x): pieces.append(.code(expr(x)))
                }
            }
            return Interpolation(pieces, span)
        case .list(let items):
            return ListLiteral(items.map { expr($0) }, span)
        case .map(let entries):
            enum Key {
                case fixed(String)
                case computed(Code, SourceSpan)
            }
            var keys: [Key] = []
            var values: [Code] = []
            for (k, v) in entries {
                switch k {
                case .fixed(let s, _): keys.append(.fixed(s))
                case .computed(let c): keys.append(.computed(expr(c), c.span))
                }
                values.append(expr(v))
            }
            return ClosureCode { x in
                var m = ValueMap()
                m.reserveCapacity(keys.count)
                for n in 0..<keys.count {
                    let k: String
                    switch keys[n] {
                    case .fixed(let s): k = s
                    case .computed(let c, let keySpan): k = try x.i.mapKey(try c(x), keySpan)
                    }
                    m[k] = try values[n](x)
                }
                try x.i.checkNesting(m.values, span)
                return .map(m)
            }
        case .function(let decl):
            return function(decl, name: decl.name ?? "anonymous", selfSlot: nil)
        case .unary(let op, let operand):
            return Unary(op, expr(operand), span)
        case .binary(let op, let l, let r, _):
            return binary(op, l, r, span)
        case .call(let calleeExpr, let args):
            return call(calleeExpr, args, span)
        case .member(let targetExpr, let name, let nameSpan, let optional):
            return Member(expr(targetExpr), name, nameSpan, optional: optional)
        case .method(let targetExpr, let name, let nameSpan, let args, let optional):
            return MethodCall(
                expr(targetExpr), name, nameSpan, arguments(args), optional: optional, span: span)
        case .index(let targetExpr, let indexExpr):
            return Subscript(target: expr(targetExpr), index: expr(indexExpr), span: span)
        }
    }

    mutating func binary(_ op: BinaryOp, _ l: Expr, _ r: Expr, _ span: SourceSpan) -> Code {
        let cl = expr(l)
        let cr = expr(r)
        let lspan = l.span
        let rspan = r.span
        switch op {
        case .and, .or:
            return Logic(op, cl, cr, lspan, rspan)
        case .coalesce:
            return ClosureCode { x in
                let a = try cl(x)
                if case .null = a { return try cr(x) }
                return a
            }
        default:
            if case .int(let k) = r.kind {
                // `x op constant`: the most common shape in loops and conditions.
                if let slot = plainSlot(l) {
                    return SlotIntOperation(slot: slot, op: op, k: k, left: cl, span: span)
                }
                if let g = onlyGlobal(l) {
                    return GlobalIntOperation(global: g, op: op, k: k, left: cl, span: span)
                }
                return IntOperation(op: op, k: k, left: cl, span: span)
            }
            return Operation(op: op, left: cl, right: cr, span: span)
        }
    }

    /// `name op int` where the name is a plain slot (`n - 1`, `i < 10`): the parts, which
    /// the code around it may then evaluate in place (an int in the slot), without a call.
    func slotWithInt(_ e: Expr) -> (slot: Int, op: BinaryOp, k: Int)? {
        guard case .binary(let op, let l, let r, _) = e.kind, op != .and, op != .or, op != .coalesce,
            case .int(let k) = r.kind, let slot = plainSlot(l)
        else { return nil }
        return (slot, op, k)
    }

    /// The global a name expression can only be (no local or captured one of that name).
    func onlyGlobal(_ e: Expr) -> Int? {
        guard case .name(let n) = e.kind else { return nil }
        let ps = places(n)
        guard ps.count == 1, case .global(let g) = ps[0].place else { return nil }
        return g
    }

    /// The frame slot a name expression reads first, when the frame is plain (not boxed).
    func plainSlot(_ e: Expr) -> Int? {
        guard !scope.boxed, case .name(let n) = e.kind, case .local(let k)? = places(n).first?.place else { return nil }
        return k
    }

    /// A closure made where this code runs: it captures the boxes its code reads.
    mutating func function(_ decl: FunctionDecl, name: String, selfSlot: Int?) -> Code {
        let code = compileFunction(decl, selfSlot: selfSlot)
        let sources = code.captureSources
        let globals = self.globals
        if sources.isEmpty {
            return ClosureCode { _ in
                .function(ScriptFunction(compiled: code, captures: [], globals: globals, name: name))
            }
        }
        return ClosureCode { x in
            var captures: [Box] = []
            captures.reserveCapacity(sources.count)
            for s in sources {
                switch s {
                case .slot(let k):
                    let at = x.base &+ k
                    if let b = x.boxes[at] {
                        captures.append(b)
                    } else {
                        // (Every slot of a boxed frame has its box while the frame runs.)
                        let b = Box()
                        x.boxes[at] = b
                        captures.append(b)
                    }
                case .capture(let j): captures.append(x.captures[j])
                }
            }
            return .function(ScriptFunction(compiled: code, captures: captures, globals: globals, name: name))
        }
    }

    /// Compiles a function body in a frame of its own.
    mutating func compileFunction(_ decl: FunctionDecl, selfSlot: Int?) -> CompiledFunction {
        let fs = FunctionScope(
            parent: scope,
            boxed: Compiler.makesClosures(decl.body)
                || decl.params.contains { $0.defaultValue.map { Compiler.exprMakesClosures($0) } ?? false },
            selfSlot: selfSlot, isTopLevel: false)
        var inner = Compiler(i: i, file: file, globals: globals, scope: fs)
        // The call's scope: the parameters (in order; a repeated name is one slot, the last
        // argument wins) and then what the body declares.
        var names: [String: (slot: Int, mutable: Bool)] = [:]
        var paramSlots: [Int] = []
        for p in decl.params {
            if let d = names[p.name] {
                paramSlots.append(d.slot)
                continue
            }
            let k = fs.newSlot()
            names[p.name] = (k, false)
            paramSlots.append(k)
        }
        for s in decl.body {
            guard let (n, m) = Compiler.declaration(s), names[n] == nil else { continue }
            names[n] = (fs.newSlot(), m)
        }
        fs.blocks.append(names)
        var defaults: [Code?] = []
        for p in decl.params { defaults.append(p.defaultValue.map { (inner.expr($0)) }) }
        let body = inner.functionBody(decl.body)
        fs.blocks.removeLast()
        let code = CompiledFunction(
            decl: decl, file: file, frameSize: fs.frameSize, boxed: fs.boxed, body: body, defaults: defaults,
            captureSources: fs.captures, paramSlots: paramSlots, readsItself: fs.readsItself)
        return code
    }

    /// A function's statements. One ending in `return e` (as most do) returns `e` from the
    /// same closure that runs the statements before it, not from one more.
    mutating func functionBody(_ stmts: [Stmt]) -> BlockCode {
        guard let last = stmts.last, case .returnStmt(let returned?) = last.kind else {
            return Compiler.sequence(stmts.map { (stmt($0, replGlobals: false)) })
        }
        let before = Compiler.sequence(stmts.dropLast().map { (stmt($0, replGlobals: false)) })
        let value = expr(returned)
        let span = last.span
        if stmts.count == 1 { return Return(value, span) }
        return BodyThenReturn(before: before, value: value, span: span)
    }

    static func exprMakesClosures(_ e: Expr) -> Bool {
        makesClosures([Stmt(kind: .expr(e), span: e.span)])
    }

    // MARK: Calls

    /// Argument codes, positional and named, in the order written.
    mutating func arguments(_ args: [Argument]) -> [(name: String?, code: Code)] {
        args.map { ($0.name, (expr($0.value))) }
    }

    static func evaluate(_ args: [(name: String?, code: Code)], _ x: Exec) throws
        -> ([Value], [(name: String, value: Value)])
    {
        var positional: [Value] = []
        var named: [(name: String, value: Value)] = []
        for a in args {
            let v = try a.code(x)
            if let n = a.name { named.append((n, v)) } else { positional.append(v) }
        }
        return (positional, named)
    }

    /// `f(args)`. A compiled function called with exactly its parameters, all positional and
    /// none defaulted, is entered directly; everything else takes `callValue`.
    mutating func call(_ calleeExpr: Expr, _ args: [Argument], _ span: SourceSpan) -> Code {
        let callee = expr(calleeExpr)
        let argCodes = arguments(args)
        if args.contains(where: { $0.name != nil }) || args.count > 3 {
            return CallGeneral(arguments: argCodes, callee: callee, span: span)
        }
        let n = args.count
        let none = Constant(.null)
        let a0 = n > 0 ? argCodes[0].code : none
        let a1 = n > 1 ? argCodes[1].code : none
        let a2 = n > 2 ? argCodes[2].code : none
        // A callee that can only be a global (a top-level function, as most are) is read
        // here rather than through its own code.
        var global: Int?
        if case .name(let name) = calleeExpr.kind {
            let ps = places(name)
            if ps.count == 1, case .global(let g) = ps[0].place { global = g }
        }
        switch (global, n) {
        case (let g?, 0): return CallGlobal0(global: g, callee: callee, span: span)
        case (let g?, 1):
            if let (slot, op, k) = slotWithInt(args[0].value) {
                return CallGlobalSlotInt(global: g, slot: slot, op: op, k: k, a0: a0, callee: callee, span: span)
            }
            return CallGlobal1(global: g, a0: a0, callee: callee, span: span)
        case (let g?, 2): return CallGlobal2(global: g, a0: a0, a1: a1, callee: callee, span: span)
        case (_, 1): return Call1(a0: a0, callee: callee, span: span)
        case (_, 2): return Call2(a0: a0, a1: a1, callee: callee, span: span)
        default: return CallN(n: n, a0: a0, a1: a1, a2: a2, callee: callee, span: span)
        }
    }

    /// A call of `f` with `n` (at most 3) positional arguments: a compiled function taking
    /// exactly those is entered directly, anything else takes `callValue`.
    @inline(__always)
    static func call(
        _ f: Value, _ x: Exec, _ span: SourceSpan, _ n: Int, _ v0: consuming Value, _ v1: consuming Value,
        _ v2: consuming Value
    ) throws -> Value {
        if case .function(let fn) = f { return try call(fn, x, span, n, v0, v1, v2) }
        return try callNonFunction(f, x, span, n, v0, v1, v2)
    }

    @inline(never)
    static func callNonFunction(
        _ f: Value, _ x: Exec, _ span: SourceSpan, _ n: Int, _ v0: Value, _ v1: Value, _ v2: Value
    ) throws -> Value {
        let positional: [Value] = n == 0 ? [] : n == 1 ? [v0] : n == 2 ? [v0, v1] : [v0, v1, v2]
        return try x.i.callValue(f, positional: positional, named: [], file: x.i.currentFile, span: span)
    }

    /// Enters a function of plain arity whose arguments are in the slots at `x.top`.
    @inline(__always)
    static func enterPlacedArguments(_ fn: ScriptFunction, _ x: Exec, _ span: SourceSpan) throws -> Value {
        let i = x.i
        if fn.globals === x.globals, fn.file === i.currentFile { return try i.enterPlain(fn, x, span) }
        return try enterSwitching(fn, x, span)
    }

    /// `enterPlacedArguments` for a function of another file (kept out of the common path).
    @inline(never)
    static func enterSwitching(_ fn: ScriptFunction, _ x: Exec, _ span: SourceSpan) throws -> Value {
        // (Only compiled functions have a plain arity.)
        guard let code = fn.code else { throw x.i.err("internal error: '\(fn.name)' has no code", span) }
        return try x.i.enter(fn, code, x, span) { _, _ in }
    }

    /// A call of one argument of a function a global holds (`GlobalTable.function`): the
    /// argument moved into its slot here, and the function never retained.
    @inline(__always)
    static func call(
        held: Unmanaged<ScriptFunction>, _ x: Exec, _ span: SourceSpan, _ v0: consuming Value
    ) throws -> Value {
        let (arity, size) = held._withUnsafeGuaranteedRef { ($0.plainArity, $0.frameSize) }
        guard arity == 1 else {
            return try held._withUnsafeGuaranteedRef { [v0] in try Compiler.call($0, x, span, 1, v0, .null, .null) }
        }
        x.reserve(size)
        let base = x.top
        x.stack.initialize(base, consume v0)
        return try held._withUnsafeGuaranteedRef { fn in
            do {
                try x.i.tick(span)
                try x.i.checkCallDepth(fn, span)
            } catch {
                x.stack.clear(base, base &+ 1)  // (slots above the top stay undefined)
                throw error
            }
            return try Compiler.enterPlacedArguments(fn, x, span)
        }
    }

    @inline(__always)
    static func call(
        _ fn: ScriptFunction, _ x: Exec, _ span: SourceSpan, _ n: Int, _ v0: consuming Value,
        _ v1: consuming Value, _ v2: consuming Value
    ) throws -> Value {
        let i = x.i
        if fn.plainArity == n {
            // The arguments are moved into the slots of the frame `enter` makes next (which
            // are undefined: frames are cleared as they end).
            try i.tick(span)
            try i.checkCallDepth(fn, span)
            x.reserve(fn.frameSize)
            let base = x.top
            if n > 0 { x.stack.initialize(base, consume v0) }
            if n > 1 { x.stack.initialize(base &+ 1, consume v1) }
            if n > 2 { x.stack.initialize(base &+ 2, consume v2) }
            return try enterPlacedArguments(fn, x, span)
        }
        return try callOther(fn, x, span, n, v0, v1, v2)
    }

    /// `call` of anything but a function of plain arity `n` (kept out of the common path).
    @inline(never)
    static func callOther(
        _ fn: ScriptFunction, _ x: Exec, _ span: SourceSpan, _ n: Int, _ v0: Value, _ v1: Value, _ v2: Value
    ) throws -> Value {
        let i = x.i
        if let code = fn.code, code.arity == n, !code.hasDefaults {
            // A function whose variables are boxed, or with a parameter name repeated.
            try i.tick(span)
            try i.checkCallDepth(fn, span)
            return try i.enter(fn, code, x, span) { x, base in
                let boxed = code.boxed
                let slots = code.paramSlots
                if n > 0 { Compiler.store(x, base &+ slots[0], v0, boxed: boxed) }
                if n > 1 { Compiler.store(x, base &+ slots[1], v1, boxed: boxed) }
                if n > 2 { Compiler.store(x, base &+ slots[2], v2, boxed: boxed) }
            }
        }
        let positional: [Value] = n == 0 ? [] : n == 1 ? [v0] : n == 2 ? [v0, v1] : [v0, v1, v2]
        return try i.callValue(.function(fn), positional: positional, named: [], file: i.currentFile, span: span)
    }
}

// MARK: Expression nodes (see `Code`)

final class Constant: Code {
    let value: Value
    init(_ value: Value) { self.value = value }
    override func callAsFunction(_ x: Exec) throws -> Value { value }
}

/// `xs[k]`: a list's item in range read here.
final class Subscript: Code {
    let target: Code
    let index: Code
    let span: SourceSpan
    init(target: Code, index: Code, span: SourceSpan) {
        self.target = target
        self.index = index
        self.span = span
    }
    override func callAsFunction(_ x: Exec) throws -> Value {
        let t = try target(x)
        let k = try index(x)
        if case .list(let xs) = t, case .int(let n) = k, n >= 0, n < xs.count { return xs[n] }
        return try x.i.subscriptValue(t, k, span)
    }
}

/// `a op b`, two ints worked out here.
final class Operation: Code {
    let op: BinaryOp
    let left: Code
    let right: Code
    let span: SourceSpan
    init(op: BinaryOp, left: Code, right: Code, span: SourceSpan) {
        self.op = op
        self.left = left
        self.right = right
        self.span = span
    }
    override func callAsFunction(_ x: Exec) throws -> Value {
        let a = try left(x)
        let b = try right(x)
        if case .int(let n) = a, case .int(let m) = b, let v = Interpreter.intOp(op, n, m) { return v }
        return try x.i.binary(op, a, b, span)
    }
}

/// `a op constant`: the most common shape in loops and conditions.
class IntOperation: Code {
    let op: BinaryOp
    let k: Int
    let left: Code
    let span: SourceSpan
    init(op: BinaryOp, k: Int, left: Code, span: SourceSpan) {
        self.op = op
        self.k = k
        self.left = left
        self.span = span
    }
    override func callAsFunction(_ x: Exec) throws -> Value {
        let a = try left(x)
        if case .int(let n) = a, let v = Interpreter.intOp(op, n, k) { return v }
        return try x.i.binary(op, a, .int(k), span)
    }

    /// The general case, for the subclasses reading their operand in place.
    @inline(never)
    final func general(_ x: Exec) throws -> Value { try x.i.binary(op, try left(x), .int(k), span) }
}

/// `n - 1` on a local: the slot read here (the name's code only when it is not defined yet).
final class SlotIntOperation: IntOperation {
    let slot: Int
    init(slot: Int, op: BinaryOp, k: Int, left: Code, span: SourceSpan) {
        self.slot = slot
        super.init(op: op, k: k, left: left, span: span)
    }
    override func callAsFunction(_ x: Exec) throws -> Value {
        if case .int(let n)? = x.stack[x.base &+ slot], let v = Interpreter.intOp(op, n, k) { return v }
        return try general(x)
    }
}

/// `i % 7` on a global.
final class GlobalIntOperation: IntOperation {
    let global: Int
    init(global: Int, op: BinaryOp, k: Int, left: Code, span: SourceSpan) {
        self.global = global
        super.init(op: op, k: k, left: left, span: span)
    }
    override func callAsFunction(_ x: Exec) throws -> Value {
        if let n = x.globals.int(at: global), let v = Interpreter.intOp(op, n, k) { return v }
        return try general(x)
    }
}

/// A call's callee and place (the subclasses below differ in their arguments).
class CallCode: Code {
    let callee: Code
    let span: SourceSpan
    init(callee: Code, span: SourceSpan) {
        self.callee = callee
        self.span = span
    }
}

/// A call whose callee can only be a global (a top-level function, as most are): read
/// here rather than through its own code.
class GlobalCallCode: CallCode {
    let global: Int
    init(global: Int, callee: Code, span: SourceSpan) {
        self.global = global
        super.init(callee: callee, span: span)
    }

    @inline(__always)
    final func function(_ x: Exec) throws -> Value {
        if let f = x.globals.value(at: global) { return f }
        return try callee(x)
    }
}

final class CallGlobal0: GlobalCallCode {
    override func callAsFunction(_ x: Exec) throws -> Value {
        try Compiler.call(try function(x), x, span, 0, .null, .null, .null)
    }
}

final class CallGlobal1: GlobalCallCode {
    let a0: Code
    init(global: Int, a0: Code, callee: Code, span: SourceSpan) {
        self.a0 = a0
        super.init(global: global, callee: callee, span: span)
    }
    override func callAsFunction(_ x: Exec) throws -> Value {
        if let held = x.globals.function(at: global) { return try Compiler.call(held: held, x, span, try a0(x)) }
        let f = try function(x)
        return try Compiler.call(f, x, span, 1, try a0(x), .null, .null)
    }
}

/// `f(n - 1)`: the recursive step, its argument worked out here.
final class CallGlobalSlotInt: GlobalCallCode {
    let slot: Int
    let op: BinaryOp
    let k: Int
    let a0: Code
    init(global: Int, slot: Int, op: BinaryOp, k: Int, a0: Code, callee: Code, span: SourceSpan) {
        self.slot = slot
        self.op = op
        self.k = k
        self.a0 = a0
        super.init(global: global, callee: callee, span: span)
    }
    override func callAsFunction(_ x: Exec) throws -> Value {
        if let held = x.globals.function(at: global) {
            let v0: Value
            if case .int(let a)? = x.stack[x.base &+ slot], let v = Interpreter.intOp(op, a, k) {
                v0 = v
            } else {
                v0 = try a0(x)
            }
            return try Compiler.call(held: held, x, span, v0)
        }
        let f = try function(x)
        return try Compiler.call(f, x, span, 1, try a0(x), .null, .null)
    }
}

final class CallGlobal2: GlobalCallCode {
    let a0: Code
    let a1: Code
    init(global: Int, a0: Code, a1: Code, callee: Code, span: SourceSpan) {
        self.a0 = a0
        self.a1 = a1
        super.init(global: global, callee: callee, span: span)
    }
    override func callAsFunction(_ x: Exec) throws -> Value {
        let f = try function(x)
        let v0 = try a0(x)
        return try Compiler.call(f, x, span, 2, v0, try a1(x), .null)
    }
}

final class Call1: CallCode {
    let a0: Code
    init(a0: Code, callee: Code, span: SourceSpan) {
        self.a0 = a0
        super.init(callee: callee, span: span)
    }
    override func callAsFunction(_ x: Exec) throws -> Value {
        let f = try callee(x)
        return try Compiler.call(f, x, span, 1, try a0(x), .null, .null)
    }
}

final class Call2: CallCode {
    let a0: Code
    let a1: Code
    init(a0: Code, a1: Code, callee: Code, span: SourceSpan) {
        self.a0 = a0
        self.a1 = a1
        super.init(callee: callee, span: span)
    }
    override func callAsFunction(_ x: Exec) throws -> Value {
        let f = try callee(x)
        let v0 = try a0(x)
        return try Compiler.call(f, x, span, 2, v0, try a1(x), .null)
    }
}

/// Up to 3 positional arguments.
final class CallN: CallCode {
    let n: Int
    let a0: Code
    let a1: Code
    let a2: Code
    init(n: Int, a0: Code, a1: Code, a2: Code, callee: Code, span: SourceSpan) {
        self.n = n
        self.a0 = a0
        self.a1 = a1
        self.a2 = a2
        super.init(callee: callee, span: span)
    }
    override func callAsFunction(_ x: Exec) throws -> Value {
        let f = try callee(x)
        let v0 = n > 0 ? try a0(x) : .null
        let v1 = n > 1 ? try a1(x) : .null
        return try Compiler.call(f, x, span, n, v0, v1, n > 2 ? try a2(x) : .null)
    }
}

/// A function's last statement, `return e`, alone.
final class Return: BlockCode {
    let value: Code
    let span: SourceSpan
    init(_ value: Code, _ span: SourceSpan) {
        self.value = value
        self.span = span
    }
    override func callAsFunction(_ x: Exec) throws -> Flow {
        try x.i.tick(span)
        return .returned(try value(x))
    }
}

/// A function's statements ending in `return e` (as most do): `e` returned from the same
/// node that runs the statements before it.
final class BodyThenReturn: BlockCode {
    let before: BlockCode
    let value: Code
    let span: SourceSpan
    init(before: BlockCode, value: Code, span: SourceSpan) {
        self.before = before
        self.value = value
        self.span = span
    }
    override func callAsFunction(_ x: Exec) throws -> Flow {
        let f = try before(x)
        guard case .normal = f else { return f }
        try x.i.tick(span)
        return .returned(try value(x))
    }
}

final class Interpolation: Code {
    enum Piece {
        case text(String)
        case code(Code)
    }
    let pieces: [Piece]
    let span: SourceSpan
    init(_ pieces: [Piece], _ span: SourceSpan) {
        self.pieces = pieces
        self.span = span
    }
    override func callAsFunction(_ x: Exec) throws -> Value {
        var s = ""
        for p in pieces {
            switch p {
            case .text(let t): s += t
            case .code(let c): try x.i.appendInterpolated(&s, try c(x), span)
            }
        }
        return .string(s)
    }
}

final class ListLiteral: Code {
    let items: [Code]
    let span: SourceSpan
    init(_ items: [Code], _ span: SourceSpan) {
        self.items = items
        self.span = span
    }
    override func callAsFunction(_ x: Exec) throws -> Value {
        var out: [Value] = []
        out.reserveCapacity(items.count)
        for c in items { out.append(try c(x)) }
        try x.i.checkNesting(out, span)
        return .list(out)
    }
}

final class Unary: Code {
    let op: UnaryOp
    let operand: Code
    let span: SourceSpan
    init(_ op: UnaryOp, _ operand: Code, _ span: SourceSpan) {
        self.op = op
        self.operand = operand
        self.span = span
    }
    override func callAsFunction(_ x: Exec) throws -> Value { try x.i.unary(op, try operand(x), span) }
}

/// `a && b`, `a || b`: bools only, the right side evaluated only when it decides.
final class Logic: Code {
    let isAnd: Bool
    let op: BinaryOp
    let left: Code
    let right: Code
    let leftSpan: SourceSpan
    let rightSpan: SourceSpan
    init(_ op: BinaryOp, _ left: Code, _ right: Code, _ leftSpan: SourceSpan, _ rightSpan: SourceSpan) {
        isAnd = op == .and
        self.op = op
        self.left = left
        self.right = right
        self.leftSpan = leftSpan
        self.rightSpan = rightSpan
    }
    override func callAsFunction(_ x: Exec) throws -> Value {
        let a = try left(x)
        guard case .bool(let ab) = a else { throw x.i.logicError(op, a, leftSpan) }
        if isAnd ? !ab : ab { return a }
        let b = try right(x)
        guard case .bool = b else { throw x.i.logicError(op, b, rightSpan) }
        return b
    }
}

/// `t.name`, `t?.name`.
final class Member: Code {
    let target: Code
    let name: String
    let nameSpan: SourceSpan
    let optional: Bool
    init(_ target: Code, _ name: String, _ nameSpan: SourceSpan, optional: Bool) {
        self.target = target
        self.name = name
        self.nameSpan = nameSpan
        self.optional = optional
    }
    override func callAsFunction(_ x: Exec) throws -> Value {
        let t = try target(x)
        if optional, t.isNull { return .null }
        if let v = x.i.member(t, name) { return v }
        if optional { return .null }
        throw x.i.memberError(t, name, nameSpan)
    }
}

/// `t.name(args)`, `t?.name(args)`; the site remembers the method it found.
final class MethodCall: Code {
    let target: Code
    let name: String
    let nameSpan: SourceSpan
    let arguments: [(name: String?, code: Code)]
    let optional: Bool
    let span: SourceSpan
    let site = MethodSite()
    init(
        _ target: Code, _ name: String, _ nameSpan: SourceSpan, _ arguments: [(name: String?, code: Code)],
        optional: Bool, span: SourceSpan
    ) {
        self.target = target
        self.name = name
        self.nameSpan = nameSpan
        self.arguments = arguments
        self.optional = optional
        self.span = span
    }
    override func callAsFunction(_ x: Exec) throws -> Value {
        let t = try target(x)
        if optional, t.isNull { return .null }
        let (positional, named) = try Compiler.evaluate(arguments, x)
        return try x.i.callMethod(
            t, name, nameSpan: nameSpan, positional: positional, named: named,
            span: span, optional: optional, site: site)
    }
}

/// A call with named arguments or more than 3.
final class CallGeneral: CallCode {
    let arguments: [(name: String?, code: Code)]
    init(arguments: [(name: String?, code: Code)], callee: Code, span: SourceSpan) {
        self.arguments = arguments
        super.init(callee: callee, span: span)
    }
    override func callAsFunction(_ x: Exec) throws -> Value {
        let f = try callee(x)
        let (positional, named) = try Compiler.evaluate(arguments, x)
        return try x.i.callValue(f, positional: positional, named: named, file: x.i.currentFile, span: span)
    }
}
