/// The compiled engine: the one that runs scripts.
///
/// Each function (and each top level: a script, a REPL entry, a module) is compiled once,
/// when the code containing it is compiled, into a tree of nodes (objects, see `Code`) that hold
/// their operands. Names are resolved here, once, and the resolution is authoritative:
///
/// - a name a function declares (parameter, `let`/`var`/`fn`/`import`, loop variable, catch
///   name) lives at a fixed *slot* of the function's frame on the thread's stack (`Exec`);
///   blocks get slots of their own in the same frame;
/// - a function that makes closures keeps its variables in `Box`es instead, and a closure
///   holds the boxes it reads (not whole scopes): so a closure keeps alive only what it
///   uses, and a local function calling itself reads itself (no box, no cycle);
/// - top-level names live in the file's `GlobalTable`, by index.
///
/// A name may be read before the statement declaring it has run (a closure reading a `var`
/// its function declares later, a name read before its own `let` in the same block). The
/// reference engine then finds the next binding outwards by name; here the compiler lists
/// those candidates, innermost first, and the read takes the first one that is defined.
/// Both engines agree on every program (the suite and the fuzzer compare them).

/// Compiled code is a tree of nodes, each an object whose parent calls it: an expression
/// (`Code`), a statement or block (`BlockCode`), a condition (`TestCode`). A node is a class
/// whose method the parent calls, not a closure: a closure's call goes through a thunk that
/// first copies every captured operand out of its context (on fib, 24% of the time was in
/// those thunks), while a method reads from its node only the operands it uses. The common
/// shapes have classes of their own; the others wrap a closure (`ClosureCode`...).
class Code {
    func callAsFunction(_ x: Exec) throws -> Value { throw x.i.internalError("an expression without code") }
}

class BlockCode {
    func callAsFunction(_ x: Exec) throws -> Flow { throw x.i.internalError("a statement without code") }
}

class TestCode {
    func callAsFunction(_ x: Exec) throws -> Bool { throw x.i.internalError("a condition without code") }
}

extension Interpreter {
    /// (Every node the compiler makes overrides its class's method: this is never reached.)
    func internalError(_ what: String) -> ScriptError {
        err("internal error: \(what)", SourceSpan(start: 0, end: 0))
    }
}

final class ClosureCode: Code {
    let run: (Exec) throws -> Value
    init(_ run: @escaping (Exec) throws -> Value) { self.run = run }
    override func callAsFunction(_ x: Exec) throws -> Value { try run(x) }
}

final class ClosureBlock: BlockCode {
    let run: (Exec) throws -> Flow
    init(_ run: @escaping (Exec) throws -> Flow) { self.run = run }
    override func callAsFunction(_ x: Exec) throws -> Flow { try run(x) }
}

final class ClosureTest: TestCode {
    let run: (Exec) throws -> Bool
    init(_ run: @escaping (Exec) throws -> Bool) { self.run = run }
    override func callAsFunction(_ x: Exec) throws -> Bool { try run(x) }
}

/// A function as compiled: its code, its frame, and where its captured variables come from.
/// Immutable, so a call reads its parts without retaining them.
final class CompiledFunction {
    let decl: FunctionDecl
    let file: SourceFile
    let name: String
    /// Slots in a frame of this function.
    let frameSize: Int
    /// Whether its variables live in boxes (it makes closures).
    let boxed: Bool
    /// How many parameters, and whether any has a default (which needs the general entry).
    let arity: Int
    let hasDefaults: Bool
    /// Runs the body (the parameters bound).
    let body: BlockCode
    let defaults: [Code?]
    /// For each captured variable: a slot of the enclosing frame, or one of its captures.
    let captureSources: [CaptureSource]
    /// The slot of each parameter (a repeated name shares one: the last argument wins).
    let paramSlots: [Int]
    /// Whether the body reads the running function itself (a local `fn` calling itself).
    let readsItself: Bool
    /// Whether a call switches nothing but the frame: no captures, no self.
    let plainEntry: Bool
    /// The number of arguments a call may move straight into the first slots of the frame
    /// (parameters plain, none defaulted) and then `enterPlain`, or -1.
    let plainArity: Int

    init(
        decl: FunctionDecl, file: SourceFile, frameSize: Int, boxed: Bool, body: BlockCode,
        defaults: [Code?], captureSources: [CaptureSource], paramSlots: [Int], readsItself: Bool
    ) {
        self.decl = decl
        self.file = file
        name = decl.name ?? "anonymous"
        self.frameSize = frameSize
        self.boxed = boxed
        arity = decl.params.count
        hasDefaults = decl.params.contains { $0.defaultValue != nil }
        self.body = body
        self.defaults = defaults
        self.captureSources = captureSources
        self.paramSlots = paramSlots
        // Parameter `k` in slot `k` (no name repeated) of a plain frame: a call moves the
        // arguments into the first slots.
        let plainParams = !boxed && paramSlots == Array(0..<paramSlots.count)
        self.readsItself = readsItself
        plainEntry = captureSources.isEmpty && !readsItself
        plainArity = plainParams && !hasDefaults && plainEntry ? arity : -1
    }
}

enum CaptureSource {
    case slot(Int)
    case capture(Int)
}

/// The compiled engine's state for the thread evaluating now: its stack of frames and the
/// running function's captured variables and globals.
final class Exec {
    /// The interpreter owns this object (`Interpreter.exec`) only while an evaluation runs,
    /// so holding it back is no cycle.
    let i: Interpreter
    /// Slots of the frames of functions whose variables are not boxed; nil is "not defined yet".
    private(set) var stack = SlotStack(capacity: 256)
    /// The boxes of the frames of functions that make closures.
    var boxes = ContiguousArray<Box?>(repeating: nil, count: 256)
    /// The running frame's first slot, and the first slot above it.
    var base = 0
    var top = 0
    var captures: [Box] = []
    var globals: GlobalTable
    var function: ScriptFunction?

    init(_ interpreter: Interpreter, globals: GlobalTable) {
        i = interpreter
        self.globals = globals
    }

    deinit { stack.free() }

    /// Makes room for a frame of `size` slots at `top`.
    @inline(__always)
    func reserve(_ size: Int) {
        let need = top &+ size
        if need > stack.count {
            let more = max(need - stack.count, stack.count)
            stack.grow(to: stack.count + more)
            boxes.append(contentsOf: repeatElement(nil, count: more))
        }
    }

    /// Lets go of the values of slots `from..<to` (a frame or a block that ended).
    @inline(__always)
    func clear(_ from: Int, _ to: Int, boxed: Bool) {
        var k = from
        if boxed {
            while k < to {
                boxes[k] = nil
                k &+= 1
            }
        } else {
            stack.clear(from, to)
        }
    }
}

/// The slots of a thread's frames.
///
/// Unsafe storage, for speed: a call moves its arguments in and clears its frame through
/// it, and an array there checks its uniqueness on every write and its bounds on every
/// access (an array with the same interface measured fib(30) 0.167 s against 0.156 s,
/// interleaved medians of 21). Sound because every index is below `count`: a frame is
/// reserved (`Exec.reserve`) before its slots are touched, blocks' slots are in their
/// function's frame, a global's index is made with room for it (`GlobalTable.slot`), and
/// every access asserts it in debug builds (the suite runs those).
/// One owner, the `Exec` of one thread, which frees it (`free`); copies of it are only read
/// and written through, never grown. (A non-copyable struct measured 8% slower on fib(30).)
struct SlotStack {
    private(set) var count: Int
    private var slots: UnsafeMutablePointer<Value?>

    init(capacity: Int) {
        count = capacity
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: nil, count: capacity)
    }

    func free() {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    /// (Addressed in place, as an array's elements are, so a read that only looks at a slot
    /// does not copy its value.)
    subscript(k: Int) -> Value? {
        @inline(__always) unsafeAddress {
            assert(k >= 0 && k < count, "slot \(k) outside the stack of \(count)")
            return UnsafePointer(slots + k)
        }
        @inline(__always) nonmutating unsafeMutableAddress {
            assert(k >= 0 && k < count, "slot \(k) outside the stack of \(count)")
            return slots + k
        }
    }

    /// Defines slot `k`, which must be undefined (nil): the value is moved in, and there is
    /// nothing to let go of.
    @inline(__always)
    func initialize(_ k: Int, _ v: consuming Value) {
        assert(k >= 0 && k < count && slots[k] == nil, "slot \(k) is not an undefined slot of \(count)")
        (slots + k).initialize(to: .some(v))
    }

    /// Writes `n` over the int in slot `k` (an int holds nothing to let go of, and the call
    /// to let go of any value was 5% of a loop updating ints).
    @inline(__always)
    func overwriteInt(_ k: Int, _ n: Int) {
        assert(k >= 0 && k < count, "slot \(k) outside the stack of \(count)")
        assert({ if case .int? = slots[k] { true } else { false } }(), "slot \(k) holds no int")
        (slots + k).initialize(to: .some(.int(n)))
    }

    /// Lets go of the values of slots `from..<to`.
    @inline(__always)
    func clear(_ from: Int, _ to: Int) {
        var k = from
        while k < to {
            slots[k] = nil
            k &+= 1
        }
    }

    /// Moves the slots to storage of `n` (more), the new ones undefined.
    mutating func grow(to n: Int) {
        let bigger = UnsafeMutablePointer<Value?>.allocate(capacity: n)
        bigger.moveInitialize(from: slots, count: count)
        (bigger + count).initialize(repeating: nil, count: n - count)
        slots.deallocate()
        slots = bigger
        count = n
    }
}

extension Interpreter {
    /// The compiled engine's stacks for this thread (a fiber of `parallel` gets its own).
    @inline(__always)
    func currentExec(_ globals: GlobalTable) -> Exec {
        if let x = exec { return x }
        let x = Exec(self, globals: globals)
        exec = x
        return x
    }

    func runCompiledTopLevel(_ stmts: [Stmt], file: SourceFile, repl: Bool) throws -> Value? {
        let program = Compiler.topLevel(stmts, file: file, globals: globalTable, interpreter: self, repl: repl)
        return try runProgram(program, globals: globalTable)
    }

    func runCompiledModule(_ stmts: [Stmt], file: SourceFile, globals: GlobalTable) throws {
        let program = Compiler.topLevel(stmts, file: file, globals: globals, interpreter: self, repl: false)
        _ = try runProgram(program, globals: globals)
    }

    private func runProgram(_ p: CompiledProgram, globals: GlobalTable) throws -> Value? {
        let x = currentExec(globals)
        let saved = (x.base, x.top, x.captures, x.globals, x.function)
        x.base = x.top
        x.reserve(p.frameSize)
        x.top = x.base &+ p.frameSize
        x.captures = []
        x.globals = globals
        x.function = nil
        defer {
            x.clear(x.base, x.top, boxed: p.boxed)
            (x.base, x.top, x.captures, x.globals, x.function) = saved
        }
        p.lastValue = nil
        _ = try p.body(x)
        return p.lastValue
    }

    /// A call of a compiled closure with any arguments (named ones, defaults): what built-ins
    /// calling back, hosts, and calls with named arguments use.
    func callCompiled(
        _ fn: ScriptFunction, _ code: CompiledFunction, _ positional: [Value],
        _ named: [(name: String, value: Value)], span: SourceSpan
    ) throws -> Value {
        try checkCallDepth(fn, span)
        let given = try bindArguments(fn.name, code.decl.params, positional, named, span)
        let x = currentExec(fn.globals ?? globalTable)
        let callerFile = currentFile
        return try enter(fn, code, x, span) { x, base in
            for k in 0..<code.arity {
                let at = base &+ code.paramSlots[k]
                if let v = given[k] {
                    Compiler.store(x, at, v, boxed: code.boxed)
                } else if let d = code.defaults[k] {
                    let v = try d(x)
                    Compiler.store(x, at, v, boxed: code.boxed)
                } else {
                    var e = self.missingArgument(fn.name, code.decl.params, code.decl.params[k].name, span)
                    e.file = callerFile
                    throw e
                }
            }
        }
    }

    /// `enter` for the common call: a function of plain slots that reads no captures nor
    /// itself, of the running code's file and globals, its arguments already in the first
    /// slots of its frame at `x.top`.
    @inline(__always)
    func enterPlain(_ fn: ScriptFunction, _ x: Exec, _ span: SourceSpan) throws -> Value {
        let savedBase = x.base
        let base = x.top
        let end = base &+ fn.frameSize
        x.base = base
        x.top = end
        callDepth &+= 1
        defer {
            callDepth &-= 1
            x.stack.clear(base, end)
            x.base = savedBase
            x.top = base
        }
        do {
            if case .returned(let v) = try fn.body(x) { return v }
            return .null
        } catch {
            throw unwinding(error, fn, callerFile: currentFile, span)
        }
    }

    /// `error` as it leaves a call of `fn` (`ScriptError.unwind`). Not inlined: the error's
    /// room would make every call's frame larger.
    @inline(never)
    func unwinding(_ error: any Error, _ fn: ScriptFunction, callerFile: SourceFile, _ span: SourceSpan) -> any Error {
        guard var e = error as? ScriptError else { return error }
        e.unwind(through: fn.name, callerFile: callerFile, span: span)
        return e
    }

    /// Enters a frame for `fn`, binds its parameters (`bind`), runs its body and leaves:
    /// the one way into compiled code. Depth was checked and arguments counted by the caller.
    @inline(__always)
    func enter(
        _ fn: ScriptFunction, _ code: CompiledFunction, _ x: Exec, _ span: SourceSpan,
        _ bind: (Exec, Int) throws -> Void
    ) throws -> Value {
        let savedBase = x.base
        let savedTop = x.top
        let base = x.top
        let size = code.frameSize
        x.reserve(size)
        x.base = base
        x.top = base &+ size
        callDepth &+= 1
        // Only what the callee reads is switched (and put back): its captures, its globals
        // when they are another file's, itself when it calls itself, the current file when
        // the callee was written in another.
        let plain = code.plainEntry
        var savedCaptures: [Box] = []
        var savedFunction: ScriptFunction?
        if !plain {
            savedCaptures = x.captures
            x.captures = fn.captures
            savedFunction = x.function
            x.function = fn
        }
        var savedGlobals: GlobalTable?
        if let g = fn.globals, g !== x.globals {
            savedGlobals = x.globals
            x.globals = g
        }
        let callerFile: SourceFile? = code.file === currentFile ? nil : currentFile
        if callerFile != nil { currentFile = code.file }
        defer {
            if let callerFile { currentFile = callerFile }
            callDepth &-= 1
            x.clear(base, base &+ size, boxed: code.boxed)
            x.base = savedBase
            x.top = savedTop
            if !plain {
                x.captures = savedCaptures
                x.function = savedFunction
            }
            if let savedGlobals { x.globals = savedGlobals }
        }
        if code.boxed {
            for k in 0..<size { x.boxes[base &+ k] = Box() }
        }
        do {
            try bind(x, base)
            if case .returned(let v) = try code.body(x) { return v }
            return .null
        } catch {
            throw unwinding(error, fn, callerFile: callerFile ?? code.file, span)
        }
    }
}

/// A compiled top level: the code, its frame (names its blocks declare), and the value of
/// the last expression statement (REPL).
final class CompiledProgram {
    var body: BlockCode = Nothing()
    var frameSize = 0
    var boxed = false
    var lastValue: Value?
}

/// Where a name lives, as the compiler resolved it.
enum Place {
    /// A slot of the running frame.
    case local(Int)
    /// One of the running closure's captured boxes.
    case capture(Int)
    /// The running function itself (a local `fn` calling itself).
    case selfFunction
    /// The file's globals, by index.
    case global(Int)
}

/// What the compiler knows about one function (or top level) while it compiles it.
final class FunctionScope {
    let parent: FunctionScope?
    /// Whether the variables live in boxes: the function contains a function literal or
    /// statement, which may capture them.
    let boxed: Bool
    /// Blocks enclosing the current point, outermost first: name → (slot, mutable).
    var blocks: [[String: (slot: Int, mutable: Bool)]] = []
    var frameSize = 0
    var captures: [CaptureSource] = []
    private var captureIndex: [Int: Int] = [:]
    private var captureOfCapture: [Int: Int] = [:]
    /// The slot of the enclosing frame that holds this very function (`fn name` in a block).
    let selfSlot: Int?
    /// Top-level code: names its outermost level declares are globals.
    let isTopLevel: Bool
    /// Whether the code reads the running function itself (`Place.selfFunction`).
    var readsItself = false

    init(parent: FunctionScope?, boxed: Bool, selfSlot: Int?, isTopLevel: Bool) {
        self.parent = parent
        self.boxed = boxed
        self.selfSlot = selfSlot
        self.isTopLevel = isTopLevel
    }

    func newSlot() -> Int {
        frameSize += 1
        return frameSize - 1
    }

    /// The index among this function's captures of slot `k` of the parent frame.
    func capture(parentSlot k: Int) -> Int {
        if let j = captureIndex[k] { return j }
        captures.append(.slot(k))
        captureIndex[k] = captures.count - 1
        return captures.count - 1
    }

    /// The index among this function's captures of the parent's capture `j`.
    func capture(parentCapture j: Int) -> Int {
        if let m = captureOfCapture[j] { return m }
        captures.append(.capture(j))
        captureOfCapture[j] = captures.count - 1
        return captures.count - 1
    }
}

struct Compiler {
    let i: Interpreter
    let file: SourceFile
    let globals: GlobalTable
    var scope: FunctionScope

    /// Compiles top-level code (a script, a REPL entry, a module).
    static func topLevel(
        _ stmts: [Stmt], file: SourceFile, globals: GlobalTable, interpreter: Interpreter,
        repl: Bool
    ) -> CompiledProgram {
        let fs = FunctionScope(parent: nil, boxed: makesClosures(stmts), selfSlot: nil, isTopLevel: true)
        var c = Compiler(i: interpreter, file: file, globals: globals, scope: fs)
        let program = CompiledProgram()
        var codes: [BlockCode] = []
        for s in stmts {
            if repl, case .expr(let e) = s.kind {
                let value = c.expr(e)
                let span = e.span
                codes.append(
                    ClosureBlock { [unowned program] x in
                        try x.i.tick(span)
                        let v = try value(x)
                        x.globals.define("_", v, mutable: true)
                        program.lastValue = v
                        return .normal
                    })
            } else {
                codes.append((c.stmt(s, replGlobals: repl)))
            }
        }
        program.body = Compiler.sequence(codes)
        program.frameSize = fs.frameSize
        program.boxed = fs.boxed
        return program
    }

    /// Whether code makes closures (contains a function literal or statement, at any depth).
    static func makesClosures(_ stmts: [Stmt]) -> Bool {
        var w = ClosureFinder()
        for s in stmts { w.stmt(s) }
        return w.found
    }

    // MARK: Names

    /// Every binding `name` may refer to from here, innermost first, each with whether its
    /// declaration is a `var` (globals decide that when they are read).
    func places(_ name: String) -> [(place: Place, mutable: Bool)] {
        var out: [(place: Place, mutable: Bool)] = []
        for b in scope.blocks.reversed() {
            if let d = b[name] { out.append((.local(d.slot), d.mutable)) }
        }
        // Enclosing functions: their blocks as they stand at this point of the text.
        var inner = scope
        var chain: [FunctionScope] = [scope]
        while let outer = inner.parent {
            for b in outer.blocks.reversed() {
                guard let d = b[name] else { continue }
                if chain.count == 1, scope.selfSlot == d.slot {
                    scope.readsItself = true
                    out.append((.selfFunction, false))
                } else {
                    out.append((.capture(Compiler.captureIndex(slot: d.slot, through: chain)), d.mutable))
                }
            }
            chain.append(outer)
            inner = outer
        }
        out.append((.global(globals.slot(name)), true))
        return out
    }

    /// The capture index, in `chain[0]`, of slot `slot` of the frame of the function that
    /// encloses `chain.last` (adding the captures along the way).
    private static func captureIndex(slot: Int, through chain: [FunctionScope]) -> Int {
        var j = chain[chain.count - 1].capture(parentSlot: slot)
        var k = chain.count - 2
        while k >= 0 {
            j = chain[k].capture(parentCapture: j)
            k -= 1
        }
        return j
    }

    /// Whether `name` is declared by a block of this function (not its enclosing ones).
    func declaredHere(_ name: String) -> (slot: Int, mutable: Bool)? {
        scope.blocks.last?[name]
    }

    @inline(__always)
    static func load(_ x: Exec, _ k: Int, boxed: Bool) -> Value? {
        boxed ? x.boxes[k]?.value : x.stack[k]
    }

    @inline(__always)
    static func store(_ x: Exec, _ k: Int, _ v: Value, boxed: Bool) {
        if boxed {
            if let b = x.boxes[k] { b.value = v } else { x.boxes[k] = Box(v) }
        } else {
            x.stack[k] = v
        }
    }

    /// Reads one place; nil when it is not defined (yet).
    @inline(__always)
    static func read(_ p: Place, _ x: Exec, boxed: Bool) -> Value? {
        switch p {
        case .local(let k): return load(x, x.base &+ k, boxed: boxed)
        case .capture(let j): return x.captures[j].value
        case .selfFunction: return x.function.map { .function($0) }
        case .global(let g): return x.globals.value(at: g)
        }
    }

    /// Code reading `name`: the first defined place, else the built-in, else the error.
    func name(_ name: String, _ span: SourceSpan) -> Code {
        let ps = places(name).map(\.place)
        let builtin = i.builtins[name]
        let boxed = scope.boxed
        let lexical = localNames()
        // What the name is when none of its places is defined: the built-in of that name
        // (as a constant: the call of a built-in reads it so), else the error.
        let missing: Code =
            builtin.map { Constant($0) }
            ?? ClosureCode { x in
                throw x.i.undefinedName(name, span, Compiler.defined(lexical, x, boxed: boxed) + x.globals.definedNames)
            }
        if ps.count == 1, case .global(let g) = ps[0] { return GlobalName(global: g, missing) }
        if ps.count == 2, case .local(let k) = ps[0], case .global(let g) = ps[1] {
            if boxed { return BoxOrGlobalName(slot: k, global: g, missing) }
            return LocalOrGlobalName(slot: k, global: g, missing)
        }
        if ps.count == 2, case .capture(let j) = ps[0], case .global(let g) = ps[1] {
            return CaptureOrGlobalName(capture: j, global: g, missing)
        }
        return Name(ps, boxed: boxed, missing)
    }

    /// The running function's names visible here, with their slots (for "did you mean":
    /// those defined when the hint is given, then the globals, as the reference offers).
    func localNames() -> [(name: String, slot: Int)] {
        var out: [(name: String, slot: Int)] = []
        for b in scope.blocks.reversed() {
            for (n, d) in b.sorted(by: { $0.value.slot > $1.value.slot }) { out.append((n, d.slot)) }
        }
        return out
    }

    static func defined(_ names: [(name: String, slot: Int)], _ x: Exec, boxed: Bool) -> [String] {
        names.compactMap { load(x, x.base &+ $0.slot, boxed: boxed) != nil ? $0.name : nil }
    }
}

/// Finds function literals and statements in code.
private struct ClosureFinder {
    var found = false

    mutating func stmts(_ ss: [Stmt]) { for s in ss where !found { stmt(s) } }

    mutating func stmt(_ s: Stmt) {
        switch s.kind {
        case .expr(let e): expr(e)
        case .binding(_, _, _, let v), .assign(_, _, _, let v): expr(v)
        case .function: found = true
        case .returnStmt(let e): if let e { expr(e) }
        case .ifStmt(let branches, let elseBody):
            for b in branches {
                expr(b.cond)
                stmts(b.body)
            }
            if let elseBody { stmts(elseBody) }
        case .forStmt(_, _, let iterable, let body):
            expr(iterable)
            stmts(body)
        case .whileStmt(let cond, let body):
            expr(cond)
            stmts(body)
        case .tryStmt(let body, _, let handler):
            stmts(body)
            stmts(handler)
        case .breakStmt, .continueStmt, .importStmt: break
        }
    }

    /// Iterative: operator chains may be thousands long.
    mutating func expr(_ root: Expr) {
        var work: [Expr] = [root]
        while let e = work.popLast(), !found {
            switch e.kind {
            case .null, .bool, .int, .float, .duration, .string, .name: break
            case .function: found = true
            case .interpolated(let parts): for case .expr(let x) in parts { work.append(x) }
            case .list(let items): work.append(contentsOf: items)
            case .map(let entries):
                for (k, v) in entries {
                    if case .computed(let x) = k { work.append(x) }
                    work.append(v)
                }
            case .unary(_, let x): work.append(x)
            case .binary(_, let l, let r, _):
                work.append(l)
                work.append(r)
            case .call(let callee, let args):
                work.append(callee)
                for a in args { work.append(a.value) }
            case .member(let t, _, _, _): work.append(t)
            case .method(let t, _, _, let args, _):
                work.append(t)
                for a in args { work.append(a.value) }
            case .index(let t, let ix):
                work.append(t)
                work.append(ix)
            }
        }
    }
}

/// A name that can only be a global (the built-in or the error when it is not defined);
/// the subclasses read another place first.
class GlobalName: Code {
    let global: Int
    let missing: Code
    init(global: Int, _ missing: Code) {
        self.global = global
        self.missing = missing
    }
    override func callAsFunction(_ x: Exec) throws -> Value { try orGlobal(x) }

    @inline(__always)
    final func orGlobal(_ x: Exec) throws -> Value {
        if let v = x.globals.value(at: global) { return v }
        return try missing(x)
    }
}

/// A name of a plain local slot, or else of a global (read before the local is defined).
final class LocalOrGlobalName: GlobalName {
    let slot: Int
    init(slot: Int, global: Int, _ missing: Code) {
        self.slot = slot
        super.init(global: global, missing)
    }
    override func callAsFunction(_ x: Exec) throws -> Value {
        if let v = x.stack[x.base &+ slot] { return v }
        return try orGlobal(x)
    }
}

/// A name of a boxed local slot, or else of a global.
final class BoxOrGlobalName: GlobalName {
    let slot: Int
    init(slot: Int, global: Int, _ missing: Code) {
        self.slot = slot
        super.init(global: global, missing)
    }
    override func callAsFunction(_ x: Exec) throws -> Value {
        if let v = x.boxes[x.base &+ slot]?.value { return v }
        return try orGlobal(x)
    }
}

/// A name a closure captured, or else a global.
final class CaptureOrGlobalName: GlobalName {
    let capture: Int
    init(capture: Int, global: Int, _ missing: Code) {
        self.capture = capture
        super.init(global: global, missing)
    }
    override func callAsFunction(_ x: Exec) throws -> Value {
        if let v = x.captures[capture].value { return v }
        return try orGlobal(x)
    }
}

/// Any name: the first of its places that is defined.
final class Name: Code {
    let places: [Place]
    let boxed: Bool
    let missing: Code
    init(_ places: [Place], boxed: Bool, _ missing: Code) {
        self.places = places
        self.boxed = boxed
        self.missing = missing
    }
    override func callAsFunction(_ x: Exec) throws -> Value {
        for p in places {
            if let v = Compiler.read(p, x, boxed: boxed) { return v }
        }
        return try missing(x)
    }
}
