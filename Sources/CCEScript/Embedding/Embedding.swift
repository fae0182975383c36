// The host-facing side of the interpreter: what a Swift program needs to embed it.
//
//     let options = InterpreterOptions(
//         limits: .untrusted,
//         capabilities: Capabilities(service: client),      // nothing else granted
//         output: { text in log.append(text) },
//         progress: { report in ui.show(report) })
//     let interpreter = Interpreter(options: options)
//     interpreter.register(function: "owner", parameters: [.required("team")]) { args in
//         .string(try directory.owner(of: args.string(0)))
//     }
//     let c: Cluster = try await interpreter.evaluate(userScript, as: Cluster.self)
//
// Everything a script may touch is denied unless granted (see `Capabilities`); `Limits`
// bound steps, call depth, wall time and output, and cancelling the task that runs the
// interpreter stops the script at its next step or service call.

extension Limits {
    /// Limits for scripts the host does not trust: 10 million steps, 60 s of wall time,
    /// 1 MiB of output, call depth 200, parser and value nesting 100, 256 MiB of memory
    /// growth. Each can be changed.
    public static let untrusted = Limits(
        nesting: 100, callDepth: 200, steps: 10_000_000, wallTime: .seconds(60), outputBytes: 1 << 20,
        memoryBytes: 256 << 20)
}

extension Interpreter {
    /// Registers a Swift function as a global built-in. `parameters` declares its arguments
    /// as the built-ins do (`.required("x")`, `.optional("x")`, `.variadic("xs")`), so a wrong
    /// count, a missing argument or an unknown named argument (with "did you mean") is
    /// reported before `body` runs, at the call's position in the script.
    ///
    /// `body` reads its arguments with the typed accessors of `Arguments` (`string(0)`,
    /// `int(1)`, `decode(2, as: MyConfig.self)`, …). Anything it throws becomes a script error
    /// at the call (catchable with `try`/`catch`); the message is the error's description.
    /// It runs on the script's thread; use the `async` variant for work that awaits.
    ///
    /// `body` may re-enter this interpreter: `evaluate`, `run` and `call` from a task it starts
    /// with `Task {}` run inside the evaluation that called it (on a script thread of their
    /// own, while the body waits), not after it. To call back a function the script passed
    /// in, register a `Builtin` instead and use `CallContext.call`, which runs on the script's
    /// thread at once.
    public func register(
        function name: String, parameters: [BuiltinParameter] = [],
        _ body: @escaping @Sendable (Arguments) throws -> Value
    ) {
        register(Builtin(name, parameters) { _, args in try body(args) })
    }

    /// Registers a Swift function whose body awaits (a network call, an actor): the script
    /// waits for it as it waits for the service (other items of a `parallel` go on meanwhile).
    ///
    /// `body` may re-enter this interpreter, as Lua's C functions call `lua_call`:
    /// `try await interpreter.call(f, [x])`, `call("name", ...)`, `evaluate` or `run` from the
    /// body (or from tasks it starts with `Task {}`, `async let` or a task group) run inside the
    /// evaluation that called it, on that evaluation's script thread, one at a time, and count
    /// towards its limits (unless given their own). A `Task.detached` carries no trace of the
    /// evaluation: its call waits for the evaluation to end, so the body must not wait for it.
    public func register(
        function name: String, parameters: [BuiltinParameter] = [],
        async body: @escaping @Sendable (Arguments) async throws -> Value
    ) {
        register(Builtin(name, parameters, async: { _, args in try await body(args) }))
    }

    /// Evaluates `source` in this interpreter's global scope (definitions persist between
    /// calls and may be redefined, as in the REPL) and returns the value of its last
    /// expression statement, or `null` when it has none. `fileName` is what diagnostics
    /// show and the base of relative imports (which need `Capabilities.importRoots`); to run
    /// a file, read it and pass its path here. `run(source:fileName:)` runs a whole script
    /// in a fresh top level instead.
    public func evaluate(_ source: String, fileName: String = "<embedded>", limits: Limits? = nil)
        async throws(ScriptFailure)
        -> Value
    {
        switch await evaluateEntry(source, fileName: fileName, limits: limits) {
        case .success(let value): return value ?? .null
        case .failure(let failure): throw failure
        }
    }

    /// Evaluates `source` and decodes its value into `T` (a cluster decodes into CCECore's
    /// `Cluster`). Throws `ScriptFailure`, the one error type of evaluation: when the script
    /// fails (with its place), and when its value does not fit `T` (kind `.runtime`, code
    /// `"conversion"`, the path inside the value in the message).
    public func evaluate<T: Decodable>(
        _ source: String, as type: T.Type, fileName: String = "<embedded>", limits: Limits? = nil
    ) async throws(ScriptFailure) -> T {
        let value = try await evaluate(source, fileName: fileName, limits: limits)
        do {
            return try value.decode(T.self)
        } catch {
            let place = error.path.isEmpty ? "" : " at \(error.path)"
            throw ScriptFailure.fromError(
                ScriptError(
                    .runtime, "the script's value does not fit \(T.self)\(place): \(error.message)",
                    hint: "return a value shaped like \(T.self)", code: "conversion"))
        }
    }

    /// Calls the script-defined global function `name` with Swift-provided arguments (make
    /// them with `Value(encoding:)` or the enum cases). The same limits apply as to a run.
    public func call(
        _ name: String, _ arguments: [Value] = [], named: [(name: String, value: Value)] = [], limits: Limits? = nil
    ) async throws(ScriptFailure) -> Value {
        // The globals are looked up in the evaluation's turn: a running script may be defining them.
        try await call(arguments: arguments, named: named, limits: limits) { [self] in
            guard let function = globalTable.value(of: name), case .function = function else {
                let known = globalTable.orderedBindings.compactMap { binding -> String? in
                    if case .function = binding.value { return binding.name }
                    return nil
                }
                let message =
                    globalTable.value(of: name) == nil
                    ? "no global function named '\(name)'" : "'\(name)' is not a function"
                throw ScriptError(.runtime, message, hint: didYouMean(name, known), code: "name")
            }
            return function
        }
    }

    /// Calls a function value: one a script passed to a registered function (`args.function(0)`)
    /// or returned. The same limits apply as to a run.
    public func call(
        _ function: Value, _ arguments: [Value] = [], named: [(name: String, value: Value)] = [],
        limits: Limits? = nil
    ) async throws(ScriptFailure) -> Value {
        try await call(arguments: arguments, named: named, limits: limits) { function }
    }

    private func call(
        arguments: [Value], named: [(name: String, value: Value)], limits: Limits?,
        function: @escaping () throws -> Value
    ) async throws(ScriptFailure) -> Value {
        // Called from a built-in of this interpreter's, the call comes from where the script
        // called the built-in; otherwise from the host.
        let site = Reentry.current.flatMap { $0.interpreter == ObjectIdentifier(self) ? ($0.file, $0.span) : nil }
        let (file, span) = site ?? (SourceFile(name: "<host>", text: ""), SourceSpan(start: 0, end: 0))
        let result = await evaluation(limits: limits) { [self] in
            let function = try function()
            currentFile = file
            return try callValue(function, positional: arguments, named: named, file: file, span: span)
        }
        if let error = result.error { throw failure(from: error) }
        return result.value ?? .null
    }
}

extension Arguments {
    /// Argument `i` decoded into a Swift type through JSON (maps into structs, a cluster
    /// into CCECore's `Cluster`); a mismatch is reported like any other wrong argument,
    /// naming the parameter and the place inside the value.
    public func decode<T: Decodable>(_ i: Int, as type: T.Type = T.self) throws -> T {
        do {
            return try self[i].decode(T.self)
        } catch {
            let name = i < parameters.count ? parameters[i].name : "\(i + 1)"
            let place = error.path.isEmpty ? "" : " at \(error.path)"
            throw ScriptError(
                .runtime, "\(function)(): argument '\(name)' does not fit \(T.self)\(place): \(error.message)",
                code: "type")
        }
    }
}
