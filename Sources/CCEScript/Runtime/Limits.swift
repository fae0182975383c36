/// Every resource limit of the interpreter, as named constants and per-run settings.
/// Hitting one is a clean `ScriptFailure` of kind `.limit` at the span that hit it.
public struct Limits: Sendable {
    /// The one depth guard, as Lua's `LUAI_MAXCCALLS`: how deep string interpolation (lexer),
    /// brackets, blocks and unary operators (parser), the lists and maps a script builds, and
    /// the walks that print, compare and encode values may nest. One number, so a value that
    /// can be built can be printed, compared and encoded, and no walk can overflow the stack:
    /// a debug build's recursive descent overflows its 8 MiB stack near 1,200 levels, and
    /// Swift frees nested arrays recursively (STYLE.md 6.1).
    public static let defaultNesting = 200
    /// Hard ceiling for `nesting`, whatever an embedder asks for.
    public static let maxNesting = 400
    /// Binary and postfix operators in one statement (they build deep trees, freed recursively).
    public static let maxOperatorChain = 10_000
    /// Syntax errors reported from one file before the parser gives up.
    public static let maxSyntaxErrors = 20
    /// Script call depth for `cce run` and the REPL.
    public static let defaultCallDepth = 1_000
    /// Hard ceiling for `callDepth`, whatever an embedder asks for: script calls nest on the
    /// script thread's stack (`ScriptThread`), which is sized for this many (tested in a debug
    /// build, whose frames are the largest, on the main script thread and on a `parallel` one).
    public static let maxCallDepth = 10_000
    /// Frames shown at each end of a long call stack in a diagnostic.
    public static let stackFramesShown = 10
    /// The largest single string, list or map (in approximate bytes) any operation builds,
    /// whatever the memory budget: one allocation of 18 GB aborted the process.
    public static let maxValueBytes = 1 << 30
    /// `cce run` and the REPL: how much the process's resident memory may grow while a
    /// script runs (`--max-memory`). Scripts that create clusters need a few MB.
    public static let defaultCommandMemory = 4 << 30

    /// The depth guard (`defaultNesting`), for source and values alike.
    public var nesting: Int
    /// Maximum depth of script function calls.
    public var callDepth: Int
    /// Maximum number of evaluation steps (statements, loop iterations, calls); nil = none.
    public var steps: Int?
    /// Maximum wall-clock time for one `run` or REPL entry; nil = none.
    public var wallTime: Duration?
    /// Maximum bytes written by `print`; nil = none.
    public var outputBytes: Int?
    /// How many bytes the process's resident memory may grow during one run; nil = no
    /// budget (single values are still capped at `maxValueBytes`). Approximate: checked
    /// before each operation that builds a large string, list or map (its size estimated),
    /// and every 10 ms of running against the resident set size (Linux `/proc/self/statm`).
    public var memoryBytes: Int?

    public init(
        nesting: Int = Limits.defaultNesting, callDepth: Int = Limits.defaultCallDepth,
        steps: Int? = nil, wallTime: Duration? = nil, outputBytes: Int? = nil, memoryBytes: Int? = nil
    ) {
        self.memoryBytes = memoryBytes.map { max(1 << 20, $0) }
        self.nesting = min(max(1, nesting), Limits.maxNesting)
        self.callDepth = min(max(1, callDepth), Limits.maxCallDepth)
        self.steps = steps
        self.wallTime = wallTime
        self.outputBytes = outputBytes
    }
}
