/// One parameter of a built-in: `.required("x")`, `.optional("x")` (absent unless given),
/// or `.variadic("xs")`, which collects the remaining positional arguments.
public struct BuiltinParameter: Sendable, Equatable {
    public var name: String
    public var isOptional: Bool
    public var isVariadic: Bool

    public static func required(_ name: String) -> BuiltinParameter {
        BuiltinParameter(name: name, isOptional: false, isVariadic: false)
    }

    public static func optional(_ name: String) -> BuiltinParameter {
        BuiltinParameter(name: name, isOptional: true, isVariadic: false)
    }

    public static func variadic(_ name: String) -> BuiltinParameter {
        BuiltinParameter(name: name, isOptional: true, isVariadic: true)
    }
}

/// A function implemented in Swift, declared as data: a name, a parameter list and a body.
/// Arguments are bound uniformly (arity, unknown names with "did you mean", missing
/// arguments) before the body runs, and the body reads them with typed accessors.
///
/// A body is synchronous: it runs on the script's thread. Service I/O inside it goes through
/// `Interpreter.suspendingEvaluation`; an embedder's `async` body runs as a task while the
/// script waits for it.
///
/// A built-in the embedder registers (after the interpreter's own) may re-enter the
/// interpreter while it runs: `evaluate`, `run` and `call` on the same interpreter, from the
/// body or a task it starts, run inside the evaluation in progress (see `Reentry`), and
/// `CallContext.call` calls back a script function (awaited from an `async` body).
public final class Builtin: Sendable {
    public typealias Body = @Sendable (CallContext, Arguments) throws -> Value
    public typealias AsyncBody = @Sendable (CallContext, Arguments) async throws -> Value

    enum Kind: Sendable {
        case sync(Body)
        case async(AsyncBody)
    }

    public let name: String
    public let parameters: [BuiltinParameter]
    let kind: Kind
    /// Registered by the embedder: its body may re-enter the interpreter (see `Reentry`).
    let isHost: Bool
    /// How many positional arguments bind every required parameter in order (one past the
    /// last required one); `Int.max` when there is a `*` parameter (those bind the long way).
    let requiredPositionals: Int
    /// For a method whose result nests its receiver's values no deeper than they were, and
    /// each argument at most this many levels deeper (the cluster builders): the nesting
    /// limit is then checked on the arguments, not on the whole result. nil: on the result.
    let argumentNesting: Int?

    /// - Parameters:
    ///   - name: what scripts call it (for a method, the method name).
    ///   - parameters: e.g. `[.required("job"), .optional("timeout")]`, `[.variadic("values")]`.
    public init(_ name: String, _ parameters: [BuiltinParameter], _ body: @escaping Body) {
        self.name = name
        self.parameters = parameters
        requiredPositionals = Builtin.requiredPositionals(parameters)
        kind = .sync(body)
        isHost = false
        argumentNesting = nil
    }

    init(_ name: String, _ parameters: [BuiltinParameter], argumentNesting: Int, _ body: @escaping Body) {
        self.name = name
        self.parameters = parameters
        requiredPositionals = Builtin.requiredPositionals(parameters)
        kind = .sync(body)
        isHost = false
        self.argumentNesting = argumentNesting
    }

    /// A built-in whose body awaits: the script waits while it runs (other `parallel` items do not).
    public init(_ name: String, _ parameters: [BuiltinParameter], async body: @escaping AsyncBody) {
        self.name = name
        self.parameters = parameters
        requiredPositionals = Builtin.requiredPositionals(parameters)
        kind = .async(body)
        isHost = false
        argumentNesting = nil
    }

    private init(hosting b: Builtin) {
        name = b.name
        parameters = b.parameters
        requiredPositionals = b.requiredPositionals
        kind = b.kind
        isHost = true
        argumentNesting = b.argumentNesting
    }

    static func requiredPositionals(_ parameters: [BuiltinParameter]) -> Int {
        if parameters.contains(where: \.isVariadic) { return Int.max }
        return (parameters.lastIndex { !$0.isOptional } ?? -1) + 1
    }

    /// The same built-in, as the embedder's.
    var hosted: Builtin { isHost ? self : Builtin(hosting: self) }

    func call(_ context: CallContext, _ arguments: Arguments) throws -> Value {
        switch kind {
        case .sync(let body):
            if !isHost { return try body(context, arguments) }
            return try context.interpreter.hostCall(name, context) { try body(context, arguments) }
        case .async(let body):
            return try context.interpreter.hostCall(name, context) { context in try await body(context, arguments) }
        }
    }
}

/// Arguments bound to a built-in's parameters.
public struct Arguments {
    /// The function name used in messages.
    public let function: String
    /// The receiver of a method call (`x` in `x.name(...)`); nil for plain calls.
    public let receiver: Value?
    let parameters: [BuiltinParameter]
    /// One slot per parameter: nil when an optional one was not given.
    public let values: [Value?]
    /// The extra positional arguments gathered by a `*` parameter.
    public let rest: [Value]

    static func bind(
        _ b: Builtin, receiver: Value?, positional: [Value], named: [(name: String, value: Value)]
    ) throws -> Arguments {
        let params = b.parameters
        if named.isEmpty, positional.count <= params.count, positional.count >= b.requiredPositionals {
            // The usual call: arguments in order, every required one given, no `*` parameter.
            var slots: [Value?] = []
            slots.reserveCapacity(params.count)
            for v in positional { slots.append(v) }
            while slots.count < params.count { slots.append(nil) }
            return Arguments(function: b.name, receiver: receiver, parameters: params, values: slots, rest: [])
        }
        var slots = [Value?](repeating: nil, count: params.count)
        var rest: [Value] = []
        for (i, v) in positional.enumerated() {
            if i < params.count, !params[i].isVariadic {
                slots[i] = v
            } else if params.contains(where: \.isVariadic) {
                rest.append(v)
            } else {
                throw arityError(b.name, params: params, given: positional.count)
            }
        }
        for (name, v) in named {
            guard let k = params.firstIndex(where: { $0.name == name && !$0.isVariadic }) else {
                throw ScriptError(
                    .runtime, "\(b.name)() has no parameter named '\(name)'",
                    hint: didYouMean(name, params.map(\.name)) ?? signatureHint(b.name, params), code: "argument")
            }
            if slots[k] != nil {
                throw ScriptError(.runtime, "\(b.name)() got argument '\(name)' twice", code: "argument")
            }
            slots[k] = v
        }
        for (k, p) in params.enumerated() where !p.isOptional && slots[k] == nil {
            throw ScriptError(
                .runtime, "\(b.name)() is missing argument '\(p.name)'", hint: signatureHint(b.name, params),
                code: "argument")
        }
        return Arguments(function: b.name, receiver: receiver, parameters: params, values: slots, rest: rest)
    }

    static func signatureHint(_ name: String, _ params: [BuiltinParameter]) -> String {
        let list = params.map { $0.isVariadic ? "\($0.name)..." : $0.isOptional ? "\($0.name)?" : $0.name }
        return "usage: \(name)(\(list.joined(separator: ", ")))"
    }

    static func arityError(_ name: String, params: [BuiltinParameter], given: Int) -> ScriptError {
        let required = params.filter { !$0.isOptional }.count
        let max = params.count
        let takes = required == max ? "\(max)" : "at most \(max)"
        return ScriptError(
            .runtime,
            "\(name)() takes \(takes) argument\(max == 1 ? "" : "s") but \(given) \(given == 1 ? "was" : "were") given",
            hint: signatureHint(name, params), code: "argument")
    }

    /// The argument for parameter `i`, or null when it was not given.
    public subscript(_ i: Int) -> Value { i < values.count ? values[i] ?? .null : .null }

    /// True when parameter `i` was given.
    public func has(_ i: Int) -> Bool { i < values.count && values[i] != nil }

    /// The argument named `name`, if given.
    public func value(named name: String) -> Value? {
        guard let k = parameters.firstIndex(where: { $0.name == name }) else { return nil }
        return values[k]
    }

    func typeError(_ i: Int, _ want: String, _ got: Value) -> ScriptError {
        let pname = i < parameters.count ? parameters[i].name : "\(i + 1)"
        return ScriptError(
            .runtime, "\(function)(): argument '\(pname)' must be \(want), not \(got.typeName)", code: "type")
    }

    public func string(_ i: Int) throws -> String {
        if case .string(let s) = self[i] { return s }
        throw typeError(i, "a string", self[i])
    }
    public func int(_ i: Int) throws -> Int {
        if case .int(let n) = self[i] { return n }
        throw typeError(i, "an int", self[i])
    }
    public func bool(_ i: Int) throws -> Bool {
        if case .bool(let b) = self[i] { return b }
        throw typeError(i, "a bool", self[i])
    }
    /// A duration in milliseconds.
    public func duration(_ i: Int) throws -> Int {
        if case .duration(let ms) = self[i] { return ms }
        throw typeError(i, "a duration (like 30s)", self[i])
    }
    /// A list; a range is accepted wherever a list is.
    public func list(_ i: Int) throws -> [Value] {
        if case .range(let lo, let hi, let inc) = self[i], Value.rangeCount(lo, hi, inc) > 10_000_000 {
            throw ScriptError(
                .runtime, "\(function)(): range too large to expand (more than 10000000 elements)", code: "range")
        }
        if let xs = self[i].elements { return xs }
        throw typeError(i, "a list", self[i])
    }
    public func map(_ i: Int) throws -> ValueMap {
        if case .map(let m) = self[i] { return m }
        throw typeError(i, "a map", self[i])
    }
    public func function(_ i: Int) throws -> Value {
        if case .function = self[i] { return self[i] }
        throw typeError(i, "a function", self[i])
    }
}

/// What a built-in can reach while it runs: the call's position, the interpreter's
/// output and capabilities, and a way to call script functions back.
public final class CallContext {
    unowned let interpreter: Interpreter
    let file: SourceFile
    let span: SourceSpan
    /// The way back into the evaluation, for a built-in the embedder registered (see `Reentry`).
    var reentry: Reentry?

    init(interpreter: Interpreter, file: SourceFile, span: SourceSpan) {
        self.interpreter = interpreter
        self.file = file
        self.span = span
    }

    /// Calls a script or built-in function with the given arguments, from a synchronous body
    /// (on the script's thread). An `async` body awaits the other `call`.
    public func call(_ function: Value, _ positional: [Value], named: [(name: String, value: Value)] = []) throws
        -> Value
    {
        if let reentry, reentry.servedByScriptThread {
            // The body is async: this thread is not the script's, which is waiting for the body.
            throw ScriptError(
                .runtime,
                "\(reentry.builtin)() called a function back synchronously from its async body, off the "
                    + "script's thread",
                hint: "in an async built-in, call back with `try await context.call(f, args)`: it runs the function "
                    + "on the script's thread", code: "reentrant")
        }
        return try interpreter.callValue(function, positional: positional, named: named, file: file, span: span)
    }

    /// Calls a script or built-in function back from the `async` body of a built-in: the
    /// function runs on the script's thread (with its stack and limits) while the body awaits
    /// it. Errors come back as thrown `ScriptError`s; rethrown, they are the call's error.
    public func call(_ function: Value, _ positional: [Value], named: [(name: String, value: Value)] = [])
        async throws -> Value
    {
        let work = Handoff((self, function, positional, named))
        let outcome = await reentry?.run { () -> EvaluationOutcome in
            let (context, function, positional, named) = work.value
            let interpreter = context.interpreter
            return interpreter.nestedEvaluation(limits: nil, ownThread: !context.servedByScriptThread) {
                try interpreter.callValue(
                    function, positional: positional, named: named, file: context.file, span: context.span)
            }
        }
        guard let outcome else {
            throw ScriptError(
                .runtime, "\(reentry?.builtin ?? "a built-in")() called a function back after it had returned",
                hint: "call back only while the built-in runs: await each `context.call` before returning",
                code: "reentrant")
        }
        if let error = outcome.error { throw error }
        return outcome.value ?? .null
    }

    private var servedByScriptThread: Bool { reentry?.servedByScriptThread ?? false }

    /// Writes text to the print sink, counting it against the output limit.
    public func write(_ text: String) throws { try interpreter.writeOutput(text) }

    /// The environment the embedder granted, or nil when `env` is not allowed.
    public var environment: [String: String]? { interpreter.options.capabilities.environment }

    /// Throws when the task was cancelled or a limit was reached.
    public func checkLimits() throws { try interpreter.checkBudget() }

    /// The wall-clock deadline of the current run, if one is set.
    public var deadline: ContinuousClock.Instant? { interpreter.deadline }

    /// The depth guard: how deep values may nest (`Limits.nesting`).
    public var nesting: Int { interpreter.options.limits.nesting }

    /// Refuses a value nested deeper than the depth guard, at the call.
    func checkNesting(_ v: Value) throws {
        try interpreter.checkNesting(CollectionOfOne(v), span, extra: 0)
    }

    /// Deep equality with the interpreter's depth limit.
    public func equals(_ a: Value, _ b: Value) throws -> Bool { try interpreter.equals(a, b) }

    /// The print form of a value, with the interpreter's depth limit.
    public func printed(_ v: Value) throws -> String { try interpreter.printed(v) }
    /// Refuses to write out a value whose text would not fit (see `Interpreter.checkExpansion`).
    func checkExpansion(_ v: Value, nodeBytes: Int, what: String) throws {
        try interpreter.checkExpansion(v, nodeBytes: nodeBytes, what: what)
    }
    /// Refuses a result of about `bytes` bytes that would not fit the memory limits.
    func checkAllocation(bytes: Int, what: @autoclosure () -> String) throws {
        try interpreter.checkAllocation(bytes: bytes, what: what())
    }
}
