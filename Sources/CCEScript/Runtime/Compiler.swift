/// The compiled engine (in progress on this branch: routed to the reference walker).
final class CompiledFunction {
    let decl: FunctionDecl
    let file: SourceFile
    init(decl: FunctionDecl, file: SourceFile) {
        self.decl = decl
        self.file = file
    }
}

/// The compiled engine's stacks for one thread.
final class Exec {}

extension Interpreter {
    func runCompiledTopLevel(_ stmts: [Stmt], file: SourceFile, repl: Bool) throws -> Value? {
        try ReferenceEvaluator(self).runTopLevel(stmts, repl: repl)
    }

    func runCompiledModule(_ stmts: [Stmt], file: SourceFile, globals: GlobalTable) throws {
        _ = try ReferenceEvaluator(self).run(stmts, in: RefScope(parent: nil, globals: globals), repl: false)
    }

    func callCompiled(_ fn: ScriptFunction, _ code: CompiledFunction, _ positional: [Value],
                      _ named: [(name: String, value: Value)], span: SourceSpan) throws -> Value {
        throw err("not compiled", span)
    }
}
