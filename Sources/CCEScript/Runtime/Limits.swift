/// Every resource limit of the interpreter, as named constants and per-run settings.
/// Hitting one is a clean `ScriptFailure` of kind `.limit` at the span that hit it.
public struct Limits: Sendable {
    /// Bracket/block/unary nesting the parser accepts. A debug build's recursive-descent
    /// parser overflows its 8 MiB stack near 1,200 levels (STYLE.md 6.1).
    public static let defaultParserNesting = 200
    /// Hard ceiling for `parserNesting`, whatever an embedder asks for.
    public static let maxParserNesting = 400
    /// Binary and postfix operators in one statement (they build deep trees, freed recursively).
    public static let maxOperatorChain = 10_000
    /// Syntax errors reported from one file before the parser gives up.
    public static let maxSyntaxErrors = 20
    /// Script call depth for `cce run` and the REPL. The evaluator is async, so calls
    /// live on task frames rather than the thread stack; the count is still bounded.
    public static let defaultCallDepth = 1_000
    /// Nesting of values that printing, comparison and encoding will walk (they recurse
    /// on the thread stack).
    public static let defaultValueDepth = 200
    /// Nesting of lists and maps a script may build. Swift frees nested arrays
    /// recursively, and a chain about 87,000 deep overflows the stack (STYLE.md 6.1).
    public static let maxValueNesting = 1_000
    /// Frames shown at each end of a long call stack in a diagnostic.
    public static let stackFramesShown = 10
    /// The largest single string, list or map (in approximate bytes) any operation builds,
    /// whatever the memory budget: one allocation of 18 GB aborted the process.
    public static let maxValueBytes = 1 << 30
    /// `cce run` and the REPL: how much the process's resident memory may grow while a
    /// script runs (`--max-memory`). Scripts that create clusters need a few MB.
    public static let defaultCommandMemory = 4 << 30

    /// Maximum nesting accepted by the parser.
    public var parserNesting: Int
    /// Maximum depth of script function calls.
    public var callDepth: Int
    /// Maximum number of evaluation steps (statements, loop iterations, calls); nil = none.
    public var steps: Int?
    /// Maximum wall-clock time for one `run` or REPL entry; nil = none.
    public var wallTime: Duration?
    /// Maximum bytes written by `print`; nil = none.
    public var outputBytes: Int?
    /// Maximum nesting of values walked by printing, comparison and encoding.
    public var valueDepth: Int
    /// How many bytes the process's resident memory may grow during one run; nil = no
    /// budget (single values are still capped at `maxValueBytes`). Approximate: checked
    /// before each operation that builds a large string, list or map (its size estimated),
    /// and every 10 ms of running against the resident set size (Linux `/proc/self/statm`).
    public var memoryBytes: Int?

    public init(
        parserNesting: Int = Limits.defaultParserNesting, callDepth: Int = Limits.defaultCallDepth,
        steps: Int? = nil, wallTime: Duration? = nil, outputBytes: Int? = nil,
        valueDepth: Int = Limits.defaultValueDepth, memoryBytes: Int? = nil
    ) {
        self.memoryBytes = memoryBytes.map { max(1 << 20, $0) }
        self.parserNesting = min(max(1, parserNesting), Limits.maxParserNesting)
        self.callDepth = max(1, callDepth)
        self.steps = steps
        self.wallTime = wallTime
        self.outputBytes = outputBytes
        self.valueDepth = max(1, valueDepth)
    }
}
