import CCECore
import Foundation

/// Writes a cluster's kubeconfig document to a file (`Capabilities.kubeconfigWriter`).
public typealias KubeconfigWriter =
    @Sendable (_ document: JSONValue, _ clusterName: String, _ path: String?) throws -> String

/// What a script may touch. Everything is denied unless granted.
public struct Capabilities: Sendable {
    /// Variables `env(name, default)` may read; nil means `env` is not allowed.
    public var environment: [String: String]?
    /// Directories from which `import "./file.cce"` may load files (absolute or relative
    /// to the working directory); empty means file imports are not allowed.
    public var importRoots: [String]
    /// The directory of the standard library (`import "presets"`); nil means none.
    public var stdlibPath: String?
    /// The cluster service `create`, `wait`, `clusters`… talk to (a `CCEClient`, the
    /// in-process emulator, or `DryRunClusterService`); nil means no service access.
    public var service: (any ClusterService)?
    /// Writes a kubeconfig document (WIRE-LIFECYCLE §4) of the named cluster for
    /// `write_kubeconfig(c, path)`: merges it into the file at `path` (nil: the host's default,
    /// as kubectl chooses it) with mode 0600, and returns the path written. Nil means scripts
    /// may not write kubeconfigs. The host owns the file rules (which paths, merging), so a
    /// script never names bytes to write.
    public var kubeconfigWriter: KubeconfigWriter?

    public init(
        environment: [String: String]? = nil, importRoots: [String] = [], stdlibPath: String? = nil,
        service: (any ClusterService)? = nil,
        kubeconfigWriter: KubeconfigWriter? = nil
    ) {
        self.environment = environment
        self.importRoots = importRoots
        self.stdlibPath = stdlibPath
        self.service = service
        self.kubeconfigWriter = kubeconfigWriter
    }
}

/// How an interpreter is set up. The defaults are safe for a script the host does not
/// trust: `Limits.untrusted` (steps, wall time, output and depth bounded) and no
/// capabilities (no environment, no files, no service). `cce run` and the REPL pass
/// `Limits()` — no step or time limit — as LANGUAGE.md specifies for them.
public struct InterpreterOptions: Sendable {
    public var limits: Limits
    public var capabilities: Capabilities
    /// Where `print` writes (each call receives complete lines, newline included).
    public var output: @Sendable (String) -> Void
    /// Receives progress reports of `wait` and `ensure`, from several tasks at once when a
    /// script waits on many jobs; nil means nobody is told.
    public var progress: (@Sendable (WaitProgress) -> Void)?
    /// The engine; leave it at `.default` outside tests.
    public var engine: Engine
    /// Where the tasks that do a script's I/O run (service calls and waits, async built-ins):
    /// their task executor preference (SE-0417). Nil: the global concurrent executor. A host
    /// whose own tasks run on an executor of theirs (an event loop, say) passes it, so that an
    /// HTTP response resumes its task on the thread that read it, and so that cancelling a
    /// script's wait does not queue behind whatever fills the global executor's threads.
    public var ioExecutor: (any TaskExecutor)?

    public init(
        limits: Limits = .untrusted, capabilities: Capabilities = Capabilities(),
        output: @escaping @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) },
        progress: (@Sendable (WaitProgress) -> Void)? = nil, engine: Engine = .default,
        ioExecutor: (any TaskExecutor)? = nil
    ) {
        self.engine = engine
        self.ioExecutor = ioExecutor
        self.limits = limits
        self.capabilities = capabilities
        self.output = output
        self.progress = progress
    }
}

/// The result of running a whole script (for the command and tests; embedders get a
/// throwing `run`).
package enum ScriptOutcome: Sendable {
    case success
    case failure(ScriptFailure)
}

/// The result of one REPL entry: the value of its last expression statement (also bound
/// to `_`), nil when the entry had none, or a failure.
package enum EntryOutcome: Sendable {
    case success(Value?)
    case failure(ScriptFailure)
}

/// Whether some text is a complete entry, the start of one, or wrong (for the REPL).
package enum InputStatus: Sendable, Equatable {
    case complete, incomplete, invalid
}

/// How one evaluation ended: its value (a REPL entry's last one, a call's result), or why not.
struct EvaluationOutcome {
    var value: Value?
    var error: (any Error)?
}

/// Which engine runs scripts. `.compiled` is the engine; `.reference` is the plain tree
/// walker that defines what the compiled engine must do, for differential tests and fuzzing.
public enum Engine: Sendable {
    case compiled
    case reference

    /// `.compiled`, unless the environment variable `CCE_SCRIPT_ENGINE` is `reference` (how
    /// the test suite and the fuzzer run everything a second time on the reference walker).
    public static let `default`: Engine =
        // getenv, not ProcessInfo's environment: that builds a dictionary of every variable.
        getenv("CCE_SCRIPT_ENGINE").map { String(cString: $0) } == "reference" ? .reference : .compiled
}

/// The `.cce` interpreter. Safe to share across tasks: evaluations (runs, entries, host
/// calls) take turns, one at a time, and each runs on a script thread of its own (see
/// `ScriptThread`).
///
/// `@unchecked Sendable` because its evaluation state is touched only by the thread that
/// holds the current evaluation's `EvaluationLock`, which `turnstile` hands out one
/// evaluation at a time; the lock's semaphore orders the accesses of successive holders.
public final class Interpreter: @unchecked Sendable {
    // The state every call and step touches comes first: fields after one of a resilient
    // type (the options, a clock instant) are found through offsets read at run time.
    /// The file whose code runs now (errors are placed in it); `placeholder` between
    /// evaluations.
    var currentFile: SourceFile
    /// The file current outside any run.
    let placeholder = SourceFile(name: "<none>", text: "")
    /// How many script calls are in progress (their frames are written only for an error:
    /// `ScriptError.unwind`).
    var callDepth = 0
    /// `limits.callDepth` of the evaluation in progress, here where a call finds it at once.
    var callDepthLimit = Limits.defaultCallDepth
    /// Steps taken in this evaluation, and the count at which `tick` next looks at the limits.
    var steps = 0
    var nextCheck = 0

    public let options: InterpreterOptions
    let engine: Engine
    var builtins: [String: Value] = [:]
    /// Methods by receiver type name (`"string"`, `"list"`, `"cluster"`...).
    var methods: [String: [String: Builtin]] = [:] {
        didSet { methodsVersion &+= 1 }
    }
    /// Changes with `methods` (see `MethodSite`).
    var methodsVersion = 0
    /// The script's globals (a module's are its own table).
    var globalTable = GlobalTable()
    /// The limits of the evaluation in progress (`options.limits` unless it was given others).
    var limits: Limits
    var deadline: ContinuousClock.Instant?
    var outputBytes = 0
    /// Resident memory when the run started, and when it was last measured (see `Limits.memoryBytes`).
    var memoryBaseline = 0
    var lastMemoryCheck = ContinuousClock.now
    var modules: [String: Value] = [:]
    var importing: Set<String> = []
    /// The global tables of imported modules, and tables that `reset` replaced: emptied when
    /// the interpreter goes (see `deinit`).
    var ownedTables: [GlobalTable] = []
    /// The evaluation in progress: its cancellation and I/O tasks, and its turn-taking lock.
    var control = RunControl()
    var lock = EvaluationLock()
    /// The compiled engine's stacks for the thread evaluating now (see `Exec`).
    var exec: Exec?
    /// Evaluations wait here for their turn.
    let turnstile = Turnstile()
    /// Set once the interpreter's own built-ins are in: later ones are the embedder's, which
    /// may re-enter the interpreter (see `Reentry`).
    private var registeringHostBuiltins = false

    public init(options: InterpreterOptions = InterpreterOptions()) {
        self.options = options
        engine = options.engine
        limits = options.limits
        currentFile = placeholder
        registerCoreBuiltins()
        registerClusterBuiltins()
        registeringHostBuiltins = true
    }

    deinit {
        // A top-level function is held by the globals it reads: a cycle that reference
        // counting never frees. Nothing can run here any more, so the tables are emptied,
        // which frees them (a function value the host still holds keeps its own code, but
        // finds no globals).
        globalTable.removeAll()
        for t in ownedTables { t.removeAll() }
    }

    /// Enters a call of the script function `fn`: counts it and makes its file the current
    /// one; returns the caller's file, which `popCall` restores.
    @inline(__always)
    func pushCall(_ fn: ScriptFunction) -> SourceFile {
        let saved = currentFile
        callDepth &+= 1
        if let f = fn.file { currentFile = f }
        return saved
    }

    @inline(__always)
    func popCall(_ saved: SourceFile) {
        currentFile = saved
        callDepth &-= 1
    }

    /// Adds (or replaces) a global built-in function.
    public func register(_ builtin: Builtin) {
        builtins[builtin.name] = .function(ScriptFunction(builtin: registeringHostBuiltins ? builtin.hosted : builtin))
    }

    /// Adds (or replaces) a method on values of `typeName` (as `type(x)` names it); the
    /// receiver arrives as `Arguments.receiver`. Methods on `"list"` also serve ranges.
    public func register(method: Builtin, for typeName: String) {
        methods[typeName, default: [:]][method.name] = registeringHostBuiltins ? method.hosted : method
    }

    /// The names of the methods values of `typeName` answer.
    public func methodNames(for typeName: String) -> [String] {
        var names = Array((methods[typeName] ?? [:]).keys)
        if typeName == "range" { names += (methods["list"] ?? [:]).keys }
        return names.sorted()
    }

    /// Forgets every global binding and loaded module (built-ins stay).
    public func reset() {
        // Not emptied now: a function value the host holds may still read them.
        ownedTables.append(globalTable)
        globalTable = GlobalTable()
        modules = [:]
        importing = []
    }

    /// The script's global bindings in definition order.
    public func globals() -> [(name: String, value: Value)] { globalTable.orderedBindings }

    /// Runs a whole script in the global scope. `arguments` are bound to `args`. `limits`
    /// replaces `options.limits` for this run. Throws the script's failure: where, what, the
    /// stack, and a hint.
    public func run(source: String, fileName: String, arguments: [String] = [], limits: Limits? = nil)
        async throws(ScriptFailure)
    {
        if case .failure(let f) = await execute(
            source: source, fileName: fileName, arguments: arguments, limits: limits)
        {
            throw f
        }
    }

    /// `run`, with the outcome as a value (the command and the tests switch over it).
    package func execute(source: String, fileName: String, arguments: [String] = [], limits: Limits? = nil) async
        -> ScriptOutcome
    {
        let file = SourceFile(name: fileName, text: source)
        let parsed = Parser.parse(file, maxNesting: (limits ?? options.limits).nesting)
        if !parsed.diagnostics.isEmpty { return .failure(syntaxFailure(parsed)) }
        let result = await evaluation(limits: limits) { [self] in
            globalTable.define("args", .list(arguments.map { .string($0) }), mutable: false)
            return try runTopLevel(parsed.statements, file: file, repl: false)
        }
        if let error = result.error { return .failure(failure(from: error)) }
        return .success
    }

    /// Evaluates one REPL entry in the persistent global scope. The value of each
    /// expression statement is bound to `_`; the last one is returned.
    package func evaluateEntry(_ source: String, fileName: String = "<repl>", limits: Limits? = nil) async
        -> EntryOutcome
    {
        let file = SourceFile(name: fileName, text: source)
        let parsed = Parser.parse(file, maxNesting: (limits ?? options.limits).nesting)
        if !parsed.diagnostics.isEmpty { return .failure(syntaxFailure(parsed)) }
        let result = await evaluation(limits: limits) { [self] in
            try runTopLevel(parsed.statements, file: file, repl: true)
        }
        if let error = result.error { return .failure(failure(from: error)) }
        return .success(result.value)
    }

    /// Runs `work` as one evaluation: it waits for its turn (one evaluation at a time), then
    /// runs on a script thread with fresh evaluation state; cancelling the calling task
    /// stops it at its next step or service call.
    ///
    /// (Not generic, and no `Result`: each generic type the first evaluation instantiates
    /// costs run-time look-ups at start-up; with the turnstile's fast path, `cce -e 1` went
    /// from 3.75 to 3.20 ms, interleaved medians of 21.)
    func evaluation(limits: Limits?, _ work: @escaping () throws -> Value?) async -> EvaluationOutcome {
        // Called from inside one of this interpreter's evaluations, by an embedder's built-in:
        // it runs in that evaluation, which is waiting for it (see `Reentry`).
        if let reentry = Reentry.current, reentry.interpreter == ObjectIdentifier(self),
            let outcome = await reentry.run({ [self] in
                nestedEvaluation(limits: limits, ownThread: !reentry.servedByScriptThread, work)
            })
        {
            return outcome
        }
        await turnstile.enter()
        defer { turnstile.leave() }
        let control = RunControl(ioExecutor: options.ioExecutor)
        let limits = limits ?? options.limits
        return await withTaskCancellationHandler {
            await ScriptThread.run { [self] in
                self.control = control
                self.lock = EvaluationLock()
                self.limits = limits
                callDepthLimit = limits.callDepth
                callDepth = 0
                steps = 0
                nextCheck = 0
                outputBytes = 0
                deadline = limits.wallTime.map { ContinuousClock.now + $0 }
                if limits.memoryBytes != nil {
                    memoryBaseline = ResidentMemory.bytes() ?? 0
                    lastMemoryCheck = ContinuousClock.now
                }
                defer {
                    currentFile = placeholder  // the evaluated file goes away after it
                    exec = nil
                    globalTable.releaseReplaced()
                }
                do { return EvaluationOutcome(value: try work(), error: nil) } catch {
                    return EvaluationOutcome(value: nil, error: error)
                }
            }
        } onCancel: {
            control.cancel()
        }
    }

    /// Tells whether `source` is complete, could be completed by more lines, or is wrong.
    package static func inputStatus(_ source: String) -> InputStatus {
        let parsed = Parser.parse(SourceFile(name: "<repl>", text: source))
        if parsed.diagnostics.isEmpty { return .complete }
        return parsed.incomplete ? .incomplete : .invalid
    }

    /// Completions for the word at the end of `prefix`: names in scope and built-ins, or
    /// after `expr.` the methods (and, for maps and clusters held in globals, the keys).
    /// Each result is the whole `prefix` with the word completed.
    package func completions(for prefix: String) -> [String] {
        var wordStart = prefix.endIndex
        while wordStart > prefix.startIndex {
            let c = prefix[prefix.index(before: wordStart)]
            guard c.isLetter || c.isNumber || c == "_" else { break }
            wordStart = prefix.index(before: wordStart)
        }
        let word = String(prefix[wordStart...])
        let head = String(prefix[..<wordStart])
        var candidates: Set<String> = []
        if head.hasSuffix(".") {
            // Find the receiver: a global name right before the dot, if any.
            var recvStart = head.index(before: head.endIndex)
            while recvStart > head.startIndex {
                let c = head[head.index(before: recvStart)]
                guard c.isLetter || c.isNumber || c == "_" else { break }
                recvStart = head.index(before: recvStart)
            }
            let recv = String(head[recvStart..<head.index(before: head.endIndex)])
            if let v = globalTable.value(of: recv) {
                candidates.formUnion(methodNames(for: v.typeName))
                if case .map(let m) = v { candidates.formUnion(m.keys) }
                if case .cluster(let m) = v {
                    candidates.formUnion(m.keys)
                    candidates.insert("name")
                }
                if case .resource(let r) = v {
                    candidates.formUnion(r.body.keys)
                    candidates.insert("name")
                }
            } else {
                for (_, ms) in methods { candidates.formUnion(ms.keys) }
            }
        } else {
            candidates.formUnion(globalTable.definedNames)
            candidates.formUnion(builtins.keys)
            candidates.formUnion(Keyword.allCases.map(\.rawValue))
        }
        return candidates.filter { $0.hasPrefix(word) }.sorted().map { head + $0 }
    }

    // MARK: Internals

    func syntaxFailure(_ parsed: ParseResult) -> ScriptFailure {
        ScriptFailure(
            kind: .syntax, message: parsed.diagnostics.first?.message ?? "syntax error",
            diagnostics: parsed.diagnostics, stack: [], validation: [], code: nil, status: nil,
            incomplete: parsed.incomplete)
    }

    func failure(from error: any Error) -> ScriptFailure {
        if let e = error as? ScriptError { return ScriptFailure.fromError(e) }
        if error is CancellationError {
            return ScriptFailure.fromError(ScriptError(.cancelled, "the script was cancelled"))
        }
        return ScriptFailure.fromError(ScriptError(.runtime, "\(error)"))
    }

    private func runTopLevel(_ stmts: [Stmt], file: SourceFile, repl: Bool) throws -> Value? {
        currentFile = file
        do {
            switch engine {
            case .reference: return try ReferenceEvaluator(self).runTopLevel(stmts, repl: repl)
            case .compiled: return try runCompiledTopLevel(stmts, file: file, repl: repl)
            }
        } catch var e as ScriptError {
            if e.stack == nil {
                e.stack = [
                    RawFrame(function: "<script>", file: e.file ?? file, span: e.span ?? SourceSpan(start: 0, end: 0))
                ]
            }
            e.stackOpen = false  // its last frame is the outermost call's, from the script
            throw e
        }
    }

    /// Counts one evaluation step and, every so often, checks cancellation and the clock.
    @inline(__always)
    func tick(_ span: SourceSpan) throws {
        steps &+= 1
        if steps >= nextCheck { try checkLimits(span) }
    }

    /// The step limit at every step, and the budget every 256 steps: `tick` comes here only
    /// at `nextCheck`, the next of those two points.
    @inline(never)
    func checkLimits(_ span: SourceSpan) throws {
        if let max = limits.steps, steps > max {
            throw err(
                "step limit of \(max) reached", span, hint: "the embedder limits how many steps a script may take",
                code: "limit", kind: .limit)
        }
        if steps & 255 == 0 {
            do { try checkBudget() } catch { throw locate(error, span) }
        }
        var next = (steps | 255) &+ 1
        // (steps <= max here, so max + 1 does not overflow when it is below `next`.)
        if let max = limits.steps, max < next &- 1 { next = max &+ 1 }
        nextCheck = next
    }

    func checkBudget() throws {
        if control.isCancelled { throw ScriptError(.cancelled, "the script was cancelled", code: "cancelled") }
        let now = ContinuousClock.now
        if let deadline, now >= deadline {
            throw ScriptError(.limit, "time limit of \(limits.wallTime.map { "\($0)" } ?? "") reached", code: "limit")
        }
        // Reading the resident size is a system call: at most every 10 ms.
        if let budget = limits.memoryBytes, now - lastMemoryCheck > .milliseconds(10) {
            lastMemoryCheck = now
            if let resident = ResidentMemory.bytes(), resident - memoryBaseline > budget {
                throw memoryError(budget: budget, what: "the script's values")
            }
        }
    }

    func memoryError(budget: Int, what: String) -> ScriptError {
        ScriptError(
            .limit, "memory limit of \(Interpreter.byteText(budget)) reached by \(what)",
            hint: "raise it with --max-memory (or Limits.memoryBytes), or keep less data alive", code: "limit")
    }

    /// Refuses, before it is allocated, a value of about `bytes` bytes that would not fit:
    /// larger than `Limits.maxValueBytes`, or than what the memory budget has left.
    func checkAllocation(bytes: Int, what: @autoclosure () -> String) throws {
        if bytes > Limits.maxValueBytes {
            throw ScriptError(
                .limit,
                "\(what()) would be \(Interpreter.byteText(bytes)), more than the "
                    + "\(Interpreter.byteText(Limits.maxValueBytes)) a single value may hold",
                hint: "build smaller values", code: "limit")
        }
        guard let budget = limits.memoryBytes, bytes > 1 << 20 else { return }
        let used = (ResidentMemory.bytes() ?? memoryBaseline) - memoryBaseline
        if used + bytes > budget { throw memoryError(budget: budget, what: what()) }
    }

    static func byteText(_ n: Int) -> String {
        if n >= 1 << 30 && n % (1 << 30) == 0 { return "\(n >> 30) GiB" }
        if n >= 1 << 20 { return "\(n >> 20) MiB" }
        return "\(n) bytes"
    }

    func writeOutput(_ text: String) throws {
        outputBytes += text.utf8.count
        if let max = limits.outputBytes, outputBytes > max {
            throw ScriptError(.limit, "output limit of \(max) bytes reached", code: "limit")
        }
        options.output(text)
    }

    func equals(_ a: Value, _ b: Value) throws -> Bool {
        do {
            // Values with far more paths than storages compare pairwise-memoised.
            if a.isContainer, b.isContainer,
                a.expandedBytes(nodeBytes: 1, cap: Interpreter.plainCompareNodes)
                    >= Interpreter.plainCompareNodes
            {
                return try a.equalsShared(b, limit: limits.nesting)
            }
            return try a.equals(b, limit: limits.nesting)
        } catch is ValueTooDeep {
            throw ScriptError(
                .limit, "values nested more than \(limits.nesting) levels deep cannot be compared", code: "limit")
        }
    }

    /// The longest text printing or `str` may build: a shared structure prints every path.
    var maxTextBytes: Int { min(Limits.maxValueBytes, (limits.memoryBytes ?? Int.max) / 2) }

    func printed(_ v: Value) throws -> String {
        if case .string(let s) = v { return s }
        return try literal(v)
    }

    /// Above this many values (and string bytes), equality keeps a memo of compared storages.
    static let plainCompareNodes = 1 << 20

    /// Refuses, before the walk starts, to write out a value whose text (`nodeBytes` per
    /// value, plus its strings) would pass `maxTextBytes` or the memory budget.
    func checkExpansion(_ v: Value, nodeBytes: Int, what: String) throws {
        guard v.isContainer else { return }
        let cap = Value.saturatingAdd(maxTextBytes, 1)
        let bytes = v.expandedBytes(nodeBytes: nodeBytes, cap: cap)
        if bytes >= cap {
            throw ScriptError(
                .limit, "\(what) would be longer than \(Interpreter.byteText(maxTextBytes))",
                hint: "a list or map that holds the same value many times is written out once per path; "
                    + "write a part of it, or len() of it", code: "limit")
        }
        try checkAllocation(bytes: bytes, what: what)
    }

    func literal(_ v: Value) throws -> String {
        try checkExpansion(v, nodeBytes: 2, what: "the value's text")
        do { return try v.literal(limit: limits.nesting, maxBytes: maxTextBytes) } catch is ValueTooDeep {
            throw ScriptError(
                .limit, "value nested more than \(limits.nesting) levels deep cannot be printed", code: "limit")
        } catch is ValueTooLarge {
            throw ScriptError(
                .limit, "the value's text would be longer than \(Interpreter.byteText(maxTextBytes))",
                hint: "print a part of it, or len() of it", code: "limit")
        }
    }
}

/// The process's resident set size, from `/proc/self/statm` (Linux); nil elsewhere.
enum ResidentMemory {
    static func bytes() -> Int? {
        #if os(Linux)
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        // "size resident shared …" in pages: the second field.
        let fields = buffer[0..<n].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return pages &* Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
        return nil
        #endif
    }
}
