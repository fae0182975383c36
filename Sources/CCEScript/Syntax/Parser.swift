/// The outcome of parsing one source file.
struct ParseResult: Sendable {
    var statements: [Stmt]
    var diagnostics: [SourceDiagnostic]
    /// True when the input is a prefix of something valid: more lines could complete it.
    var incomplete: Bool
}

// The grammar (terminators are newlines or ';'; see LANGUAGE.md for where newlines are
// ignored):
//
//   program    = { stmt terminator } EOF
//   stmt       = ("let" | "var") NAME "=" expr
//              | "fn" NAME function-rest
//              | "return" [ expr ] | "break" | "continue"
//              | "if" expr block { "else" "if" expr block } [ "else" block ]
//              | "for" NAME [ "," NAME ] "in" expr block
//              | "while" expr block
//              | "try" block "catch" [ NAME ] block
//              | "import" STRING [ "as" NAME ]
//              | NAME ("=" | "+=" | "-=" | "*=" | "/=" | "%=") expr
//              | expr
//   block      = "{" { stmt terminator } "}"
//   function-rest = "(" [ param { "," param } [ "," ] ] ")" ( block | "=>" expr )
//   param      = NAME [ "=" expr ]
//   expr       = or { "??" or }
//   or         = and { "||" and }
//   and        = comparison { "&&" comparison }
//   comparison = range { ("==" | "!=" | "<" | "<=" | ">" | ">=") range }
//   range      = additive [ (".." | "..<") additive ]
//   additive   = multiplicative { ("+" | "-") multiplicative }
//   multiplicative = unary { ("*" | "/" | "%") unary }
//   unary      = ("-" | "!") unary | postfix
//   postfix    = primary { "(" args ")" | ("." | "?.") NAME [ "(" args ")" ] | "[" expr "]" }
//   args       = [ arg { "," arg } [ "," ] ]      arg = [ NAME ":" ] expr (positional first)
//   primary    = INT | FLOAT | DURATION | STRING | "true" | "false" | "null" | NAME
//              | "(" expr ")" | "[" [ expr { "," expr } [ "," ] ] "]"
//              | "{" [ key ":" expr { "," key ":" expr } [ "," ] ] "}"   (not in a block head)
//              | "fn" function-rest
//   key        = NAME | keyword | STRING | INT

/// Recursive-descent parser with one function per precedence level. The grammar is
/// written above each production; newline handling follows LANGUAGE.md "Lexical structure".
///
/// Nesting is counted explicitly (`Limits.nesting`): a debug build overflows its
/// stack at roughly 1,200 levels of a parser like this one, and a stack overflow cannot be
/// caught, so we stop long before with a clean diagnostic.
final class Parser {
    struct Failure: Error {}

    let file: SourceFile
    private var tokens: [Token]
    private var pos = 0
    /// Newline significance per bracket level: true inside `()`, `[]` and map `{}`,
    /// false at statement level and inside blocks.
    private var ignoreNewlines: [Bool] = [false]
    /// Set while parsing the head of `if`/`while`/`for`, where `{` starts the block.
    private var noMapLiteral = false
    private var depth = 0
    /// Binary and postfix operators in the current statement; long chains build deep trees.
    private var chainLength = 0
    private var inInterpolation = false
    /// Loops enclosing the current statement within the current function.
    private var loopDepth = 0
    private(set) var diagnostics: [SourceDiagnostic] = []
    private var firstErrorAtEOF = false
    let maxNesting: Int

    init(file: SourceFile, tokens: [Token], maxNesting: Int) {
        self.file = file
        self.tokens = tokens
        self.maxNesting = maxNesting
    }

    /// Lexes and parses a whole file, reporting up to `Limits.maxSyntaxErrors` errors.
    static func parse(_ file: SourceFile, maxNesting: Int = Limits.defaultNesting) -> ParseResult {
        let lexed = Lexer.tokenize(file)
        let p = Parser(file: file, tokens: lexed.tokens, maxNesting: maxNesting)
        let stmts = p.parseProgram()
        // Lexer errors come first in the source order only roughly; sort them all by offset.
        var all = lexed.diagnostics + p.diagnostics
        all.sort { ($0.span?.start ?? 0) < ($1.span?.start ?? 0) }
        if all.count > Limits.maxSyntaxErrors { all = Array(all.prefix(Limits.maxSyntaxErrors)) }
        let lexerInvalid = !lexed.diagnostics.isEmpty && !lexed.endedEarly
        let incomplete = !lexerInvalid && (lexed.endedEarly || (p.firstErrorAtEOF && lexed.diagnostics.isEmpty))
        return ParseResult(statements: stmts, diagnostics: all, incomplete: incomplete)
    }

    // MARK: Tokens

    private var ignoring: Bool { ignoreNewlines[ignoreNewlines.count - 1] }

    private func cur() -> Token {
        if ignoring { while tokens[pos].isNewline { pos += 1 } }
        return tokens[pos]
    }

    @discardableResult
    private func advance() -> Token {
        let t = cur()
        if !t.isEOF { pos += 1 }
        return t
    }

    private func peekPastNewlines() -> Token {
        var k = pos
        while tokens[k].isNewline { k += 1 }
        return tokens[k]
    }

    private func skipNewlines() { while tokens[pos].isNewline { pos += 1 } }

    private func accept(_ p: Punct) -> Bool {
        if cur().is(p) {
            advance()
            return true
        }
        return false
    }

    private func fail(_ message: String, at token: Token, hint: String? = nil) -> Failure {
        fail(message, span: token.span, hint: hint, atEOF: token.isEOF && !inInterpolation)
    }

    private func fail(_ message: String, span: SourceSpan, hint: String? = nil, atEOF: Bool = false) -> Failure {
        if diagnostics.isEmpty { firstErrorAtEOF = atEOF }
        diagnostics.append(SourceDiagnostic(message: message, file: file, span: span, hint: hint))
        return Failure()
    }

    private func expect(_ p: Punct, _ context: String, hint: String? = nil) throws -> Token {
        let t = cur()
        guard t.is(p) else {
            throw fail("expected '\(p.rawValue)' \(context), found \(t.display)", at: t, hint: hint)
        }
        return advance()
    }

    private func identifier(_ context: String) throws -> (String, SourceSpan) {
        let t = cur()
        if case .identifier(let s) = t.kind {
            advance()
            return (s, t.span)
        }
        if case .keyword(let k) = t.kind {
            throw fail(
                "'\(k.rawValue)' is a keyword and cannot be used as \(context)", at: t,
                hint: "choose another name, e.g. '\(k.rawValue)_'")
        }
        throw fail("expected \(context), found \(t.display)", at: t)
    }

    private func enter(_ t: Token) throws {
        depth += 1
        if depth > maxNesting {
            throw fail(
                "nesting too deep: more than \(maxNesting) levels", at: t,
                hint: "split the expression into several 'let' bindings")
        }
    }

    private func leave() { depth -= 1 }

    private func withNewlines<T>(ignored: Bool, _ body: () throws -> T) rethrows -> T {
        ignoreNewlines.append(ignored)
        let savedNoMap = noMapLiteral
        noMapLiteral = false
        defer {
            ignoreNewlines.removeLast()
            noMapLiteral = savedNoMap
        }
        return try body()
    }

    // MARK: Statements

    // program = { stmt terminator } EOF
    func parseProgram() -> [Stmt] {
        var stmts: [Stmt] = []
        while diagnostics.count < Limits.maxSyntaxErrors {
            while cur().isNewline || cur().is(.semicolon) { advance() }
            if cur().isEOF { break }
            if cur().is(.rbrace) {
                let t = advance()
                _ = fail("unexpected '}' with no block to close", at: t)
                continue
            }
            parseStatementRecovering(into: &stmts, inBlock: false)
        }
        return stmts
    }

    private func parseStatementRecovering(into stmts: inout [Stmt], inBlock: Bool) {
        let savedLevels = ignoreNewlines.count
        let savedDepth = depth
        chainLength = 0
        do {
            let s = try parseStatement()
            stmts.append(s)
            let t = cur()
            if t.isNewline || t.is(.semicolon) {
                advance()
                return
            }
            if t.isEOF || (inBlock && t.is(.rbrace)) { return }
            // A statement that ends with its own block needs no separator: `if c { return 0 } f()`.
            if endsWithBlock(s), pos > 0, tokens[pos - 1].is(.rbrace) { return }
            throw fail(
                "expected a newline or ';' after the statement, found \(t.display)", at: t,
                hint: binaryHint(t))
        } catch {
            ignoreNewlines.removeSubrange(savedLevels...)
            depth = savedDepth
            noMapLiteral = false
            synchronize(inBlock: inBlock)
        }
    }

    private func endsWithBlock(_ s: Stmt) -> Bool {
        switch s.kind {
        case .ifStmt, .forStmt, .whileStmt, .tryStmt, .function: true
        default: false
        }
    }

    private func binaryHint(_ t: Token) -> String? {
        if case .identifier = t.kind { return "put each statement on its own line, or separate them with ';'" }
        return nil
    }

    /// Skips to the start of the next statement: past a newline or ';' at this level, or up
    /// to the '}' that closes the current block.
    private func synchronize(inBlock: Bool) {
        var braces = 0
        while true {
            let t = tokens[pos]
            if t.isEOF { return }
            if braces == 0, t.isNewline || t.is(.semicolon) {
                pos += 1
                return
            }
            if t.is(.lbrace) { braces += 1 }
            if t.is(.rbrace) {
                if braces == 0 {
                    if inBlock { return }
                } else {
                    braces -= 1
                }
            }
            pos += 1
        }
    }

    private func parseStatement() throws -> Stmt {
        let t = cur()
        let start = t.span.start
        func span() -> SourceSpan { SourceSpan(start: start, end: tokens[max(pos - 1, 0)].span.end) }
        if case .keyword(let k) = t.kind {
            switch k {
            case .let, .var:
                advance()
                let (name, nameSpan) = try identifier("a name after '\(k.rawValue)'")
                _ = try expect(
                    .equal, "after the name in '\(k.rawValue) \(name)'", hint: "write '\(k.rawValue) \(name) = value'")
                skipNewlines()
                let value = try parseExpr()
                return Stmt(
                    kind: .binding(name: name, nameSpan: nameSpan, mutable: k == .var, value: value), span: span())
            case .fn:
                if case .identifier = tokens[pos + 1].kind {
                    advance()
                    let (name, nameSpan) = try identifier("a function name")
                    let decl = try parseFunctionRest(name: name, start: start)
                    return Stmt(kind: .function(decl, nameSpan: nameSpan), span: span())
                }
            case .return:
                advance()
                let n = cur()
                if n.isNewline || n.isEOF || n.is(.semicolon) || n.is(.rbrace) {
                    return Stmt(kind: .returnStmt(nil), span: span())
                }
                return Stmt(kind: .returnStmt(try parseExpr()), span: span())
            case .if:
                return try parseIf()
            case .for:
                advance()
                let (first, _) = try identifier("a loop variable after 'for'")
                var second: String?
                if accept(.comma) { second = try identifier("a second loop variable").0 }
                guard cur().is(.in) else {
                    throw fail(
                        "expected 'in' after the loop variable, found \(cur().display)", at: cur(),
                        hint: "write 'for x in list { ... }'")
                }
                advance()
                let iterable = try parseCondition()
                let body = try parseLoopBody("after the 'for' header")
                return Stmt(kind: .forStmt(first: first, second: second, iterable: iterable, body: body), span: span())
            case .while:
                advance()
                let cond = try parseCondition()
                let body = try parseLoopBody("after the 'while' condition")
                return Stmt(kind: .whileStmt(cond: cond, body: body), span: span())
            case .break, .continue:
                advance()
                if loopDepth == 0 {
                    throw fail(
                        "'\(k.rawValue)' outside a loop", at: t,
                        hint: "'\(k.rawValue)' may only appear inside 'for' or 'while'")
                }
                return Stmt(kind: k == .break ? .breakStmt : .continueStmt, span: span())
            case .try:
                advance()
                let body = try parseBlock("after 'try'")
                if peekPastNewlines().is(.catch) { skipNewlines() }
                guard cur().is(.catch) else {
                    throw fail(
                        "expected 'catch' after the 'try' block, found \(cur().display)", at: cur(),
                        hint: "write 'try { ... } catch e { ... }'")
                }
                advance()
                var name: String?
                if case .identifier(let n) = cur().kind {
                    name = n
                    advance()
                }
                let handler = try parseBlock("after 'catch'")
                return Stmt(kind: .tryStmt(body: body, errorName: name, handler: handler), span: span())
            case .import:
                advance()
                let pt = cur()
                guard case .string(let parts) = pt.kind else {
                    throw fail(
                        "expected a module name in quotes after 'import', found \(pt.display)", at: pt,
                        hint: "import \"presets\" or import \"./lib.cce\" as lib")
                }
                var path = ""
                for part in parts {
                    guard case .text(let s) = part else { throw fail("an import path cannot be interpolated", at: pt) }
                    path += s
                }
                advance()
                var alias: String?
                if cur().is(.as) {
                    advance()
                    alias = try identifier("a name after 'as'").0
                }
                return Stmt(kind: .importStmt(path: path, alias: alias), span: span())
            case .else:
                throw fail(
                    "'else' without a matching 'if'", at: t, hint: "put 'else' after the closing '}' of an 'if' block")
            case .catch:
                throw fail("'catch' without a matching 'try'", at: t)
            default:
                break
            }
        }
        let e = try parseExpr()
        let op = cur()
        if case .punct(let p) = op.kind, let aop = assignOp(p) {
            guard case .name(let name) = e.kind else {
                throw fail(
                    "cannot assign to this expression", span: e.span,
                    hint: "values are immutable: rebind a 'var' instead, e.g. m = m + {key: value}")
            }
            advance()
            skipNewlines()
            let value = try parseExpr()
            return Stmt(kind: .assign(name: name, nameSpan: e.span, op: aop, value: value), span: span())
        }
        return Stmt(kind: .expr(e), span: e.span)
    }

    private func assignOp(_ p: Punct) -> AssignOp? {
        switch p {
        case .equal: .set
        case .plusEqual: .add
        case .minusEqual: .sub
        case .starEqual: .mul
        case .slashEqual: .div
        case .percentEqual: .rem
        default: nil
        }
    }

    // if = "if" cond block { "else" "if" cond block } [ "else" block ]
    private func parseIf() throws -> Stmt {
        let start = advance().span.start
        var branches: [(cond: Expr, body: [Stmt])] = []
        var elseBody: [Stmt]?
        let cond = try parseCondition()
        branches.append((cond, try parseBlock("after the 'if' condition")))
        while peekPastNewlines().is(.else) {
            skipNewlines()
            advance()
            if cur().is(.if) {
                advance()
                let c = try parseCondition()
                branches.append((c, try parseBlock("after the 'else if' condition")))
            } else {
                elseBody = try parseBlock("after 'else'")
                break
            }
        }
        return Stmt(
            kind: .ifStmt(branches: branches, elseBody: elseBody),
            span: SourceSpan(start: start, end: tokens[max(pos - 1, 0)].span.end))
    }

    private func parseCondition() throws -> Expr {
        let saved = noMapLiteral
        noMapLiteral = true
        defer { noMapLiteral = saved }
        let t = cur()
        if t.is(.lbrace) || t.isNewline {
            throw fail("expected an expression before the block, found \(t.display)", at: t)
        }
        return try parseExpr()
    }

    private func parseLoopBody(_ context: String) throws -> [Stmt] {
        loopDepth += 1
        defer { loopDepth -= 1 }
        return try parseBlock(context)
    }

    // block = "{" { stmt terminator } "}"
    private func parseBlock(_ context: String) throws -> [Stmt] {
        let open = cur()
        guard open.is(.lbrace) else {
            throw fail(
                "expected '{' \(context), found \(open.display)", at: open,
                hint: open.isNewline ? "put '{' on the same line" : nil)
        }
        advance()
        try enter(open)
        defer { leave() }
        ignoreNewlines.append(false)
        defer { ignoreNewlines.removeLast() }
        var stmts: [Stmt] = []
        while true {
            while cur().isNewline || cur().is(.semicolon) { advance() }
            let t = cur()
            if t.is(.rbrace) {
                advance()
                return stmts
            }
            if t.isEOF {
                throw fail("expected '}' to close the block opened at \(file.location(of: open.span.start))", at: t)
            }
            if diagnostics.count >= Limits.maxSyntaxErrors { throw Failure() }
            parseStatementRecovering(into: &stmts, inBlock: true)
        }
    }

    // function-rest = "(" [ param { "," param } [","] ] ")" ( block | "=>" expr )
    private func parseFunctionRest(name: String?, start: Int) throws -> FunctionDecl {
        let savedLoops = loopDepth
        loopDepth = 0
        defer { loopDepth = savedLoops }
        _ = try expect(.lparen, "to start the parameter list")
        var params: [Parameter] = []
        try withNewlines(ignored: true) {
            while !cur().is(.rparen) {
                let (pname, pspan) = try identifier("a parameter name")
                if params.contains(where: { $0.name == pname }) {
                    throw fail("duplicate parameter '\(pname)'", span: pspan)
                }
                var def: Expr?
                if accept(.equal) {
                    def = try parseExpr()
                } else if let last = params.last, last.defaultValue != nil {
                    throw fail("parameter '\(pname)' needs a default because '\(last.name)' has one", span: pspan)
                }
                params.append(Parameter(name: pname, span: pspan, defaultValue: def))
                if !accept(.comma) { break }
            }
            _ = try expect(.rparen, "to close the parameter list")
        }
        let body: [Stmt]
        if cur().is(.arrow) {
            let arrow = advance()
            skipNewlines()
            let e = try parseExpr()
            body = [Stmt(kind: .returnStmt(e), span: arrow.span.through(e.span))]
        } else {
            body = try parseBlock("for the function body")
        }
        return FunctionDecl(
            name: name, params: params, body: body,
            span: SourceSpan(start: start, end: tokens[max(pos - 1, 0)].span.end))
    }

    // MARK: Expressions

    // expr = coalesce
    func parseExpr() throws -> Expr {
        try enter(cur())
        defer { leave() }
        return try parseCoalesce()
    }

    private func noteChain(_ t: Token) throws {
        chainLength += 1
        if chainLength > Limits.maxOperatorChain {
            throw fail(
                "expression too long: more than \(Limits.maxOperatorChain) operators", at: t,
                hint: "split it into several statements")
        }
    }

    /// The precedence levels of the binary operators parsed by `binaryLevel`.
    private enum Level { case coalesce, or, and, comparison, additive, multiplicative }

    /// The operator `p` is at `level`, if it is one. (A switch, not a dictionary literal per
    /// level: building one allocated at every level of every expression, and the first
    /// one cost a scan of the binary's conformance records at start-up.)
    private static func binaryOp(_ p: Punct, at level: Level) -> BinaryOp? {
        switch (level, p) {
        case (.coalesce, .questionQuestion): .coalesce
        case (.or, .pipePipe): .or
        case (.and, .ampAmp): .and
        case (.comparison, .equalEqual): .eq
        case (.comparison, .bangEqual): .ne
        case (.comparison, .less): .lt
        case (.comparison, .lessEqual): .le
        case (.comparison, .greater): .gt
        case (.comparison, .greaterEqual): .ge
        case (.additive, .plus): .add
        case (.additive, .minus): .sub
        case (.multiplicative, .star): .mul
        case (.multiplicative, .slash): .div
        case (.multiplicative, .percent): .rem
        default: nil
        }
    }

    private func binaryLevel(_ level: Level, next: () throws -> Expr) throws -> Expr {
        var left = try next()
        while true {
            let t = cur()
            guard case .punct(let p) = t.kind, let op = Parser.binaryOp(p, at: level) else { return left }
            try noteChain(t)
            advance()
            skipNewlines()
            let right = try next()
            left = Expr(kind: .binary(op, left, right, opSpan: t.span), span: left.span.through(right.span))
        }
    }

    // coalesce = or { "??" or }
    private func parseCoalesce() throws -> Expr { try binaryLevel(.coalesce, next: parseOr) }
    // or = and { "||" and }
    private func parseOr() throws -> Expr { try binaryLevel(.or, next: parseAnd) }
    // and = comparison { "&&" comparison }
    private func parseAnd() throws -> Expr { try binaryLevel(.and, next: parseComparison) }
    // comparison = range { ("=="|"!="|"<"|"<="|">"|">=") range }
    private func parseComparison() throws -> Expr {
        try binaryLevel(.comparison, next: parseRange)
    }
    // range = additive [ (".." | "..<") additive ]
    private func parseRange() throws -> Expr {
        let left = try parseAdditive()
        let t = cur()
        let op: BinaryOp
        if t.is(.dotDot) { op = .range } else if t.is(.dotDotLess) { op = .rangeHalfOpen } else { return left }
        advance()
        skipNewlines()
        let right = try parseAdditive()
        return Expr(kind: .binary(op, left, right, opSpan: t.span), span: left.span.through(right.span))
    }
    // additive = multiplicative { ("+"|"-") multiplicative }
    private func parseAdditive() throws -> Expr {
        try binaryLevel(.additive, next: parseMultiplicative)
    }
    // multiplicative = unary { ("*"|"/"|"%") unary }
    private func parseMultiplicative() throws -> Expr {
        try binaryLevel(.multiplicative, next: parseUnary)
    }

    // unary = ("-" | "!") unary | postfix
    private func parseUnary() throws -> Expr {
        let t = cur()
        if t.is(.minus) || t.is(.bang) {
            advance()
            try enter(t)
            defer { leave() }
            if t.is(.minus), case .intMinMagnitude = cur().kind {
                let lit = advance()
                return Expr(kind: .int(Int.min), span: t.span.through(lit.span))
            }
            let operand = try parseUnary()
            // Fold negative literals so that -9223372036854775808 is representable.
            if t.is(.minus) {
                switch operand.kind {
                case .int(let n): return Expr(kind: .int(-n), span: t.span.through(operand.span))
                case .float(let d): return Expr(kind: .float(-d), span: t.span.through(operand.span))
                default: break
                }
            }
            return Expr(kind: .unary(t.is(.minus) ? .neg : .not, operand), span: t.span.through(operand.span))
        }
        return try parsePostfix()
    }

    // postfix = primary { call | "." name [call] | "?." name [call] | "[" expr "]" }
    private func parsePostfix() throws -> Expr {
        var e = try parsePrimary()
        while true {
            var t = cur()
            if t.isNewline {
                let n = peekPastNewlines()
                guard n.is(.dot) || n.is(.questionDot) else { return e }
                skipNewlines()
                t = cur()
            }
            guard case .punct(let p) = t.kind else { return e }
            switch p {
            case .lparen:
                try noteChain(t)
                let (args, end) = try parseArguments()
                e = Expr(kind: .call(e, args), span: e.span.through(end))
            case .dot, .questionDot:
                try noteChain(t)
                advance()
                let nt = cur()
                let name: String
                switch nt.kind {
                case .identifier(let s): name = s
                case .keyword(let k): name = k.rawValue
                default: throw fail("expected a member name after '\(p.rawValue)', found \(nt.display)", at: nt)
                }
                advance()
                if cur().is(.lparen) {
                    let (args, end) = try parseArguments()
                    e = Expr(
                        kind: .method(e, name, nameSpan: nt.span, args, optional: p == .questionDot),
                        span: e.span.through(end))
                } else {
                    e = Expr(
                        kind: .member(e, name, nameSpan: nt.span, optional: p == .questionDot),
                        span: e.span.through(nt.span))
                }
            case .lbracket:
                try noteChain(t)
                advance()
                let idx = try withNewlines(ignored: true) { () throws -> Expr in
                    let i = try parseExpr()
                    _ = try expect(.rbracket, "to close the index")
                    return i
                }
                e = Expr(kind: .index(e, idx), span: e.span.through(tokens[pos - 1].span))
            default:
                return e
            }
        }
    }

    // arguments = "(" [ arg { "," arg } [","] ] ")" ; arg = [ name ":" ] expr
    private func parseArguments() throws -> ([Argument], SourceSpan) {
        advance()
        return try withNewlines(ignored: true) {
            var args: [Argument] = []
            while !cur().is(.rparen) {
                let t = cur()
                if case .identifier(let name) = t.kind, tokens[pos + 1].is(.colon) {
                    advance()
                    advance()
                    if args.contains(where: { $0.name == name }) {
                        throw fail("argument '\(name)' given twice", at: t)
                    }
                    args.append(Argument(name: name, nameSpan: t.span, value: try parseExpr()))
                } else {
                    if args.contains(where: { $0.name != nil }) {
                        throw fail(
                            "positional argument after a named one", at: t, hint: "put positional arguments first")
                    }
                    args.append(Argument(name: nil, nameSpan: nil, value: try parseExpr()))
                }
                if !accept(.comma) { break }
            }
            let close = try expect(.rparen, "to close the argument list")
            return (args, close.span)
        }
    }

    private func parsePrimary() throws -> Expr {
        let t = cur()
        switch t.kind {
        case .int(let n):
            advance()
            return Expr(kind: .int(n), span: t.span)
        case .float(let d):
            advance()
            return Expr(kind: .float(d), span: t.span)
        case .duration(let ms):
            advance()
            return Expr(kind: .duration(ms), span: t.span)
        case .string(let parts):
            advance()
            return try stringExpr(parts, t.span)
        case .identifier(let s):
            advance()
            return Expr(kind: .name(s), span: t.span)
        case .keyword(.true):
            advance()
            return Expr(kind: .bool(true), span: t.span)
        case .keyword(.false):
            advance()
            return Expr(kind: .bool(false), span: t.span)
        case .keyword(.null):
            advance()
            return Expr(kind: .null, span: t.span)
        case .keyword(.fn):
            advance()
            let decl = try parseFunctionRest(name: nil, start: t.span.start)
            return Expr(kind: .function(decl), span: decl.span)
        case .punct(.lparen):
            advance()
            return try withNewlines(ignored: true) {
                let e = try parseExpr()
                let close = try expect(.rparen, "to close the parenthesis opened at \(file.location(of: t.span.start))")
                return Expr(kind: e.kind, span: t.span.through(close.span))
            }
        case .punct(.lbracket):
            advance()
            return try withNewlines(ignored: true) {
                var items: [Expr] = []
                while !cur().is(.rbracket) {
                    items.append(try parseExpr())
                    if !accept(.comma) { break }
                }
                let close = try expect(
                    .rbracket, "to close the list opened at \(file.location(of: t.span.start))",
                    hint: "separate list items with ','")
                return Expr(kind: .list(items), span: t.span.through(close.span))
            }
        case .punct(.lbrace) where !noMapLiteral:
            advance()
            return try withNewlines(ignored: true) { try parseMapRest(open: t) }
        case .invalid:
            throw Failure()  // already reported by the lexer
        case .intMinMagnitude:
            throw fail("integer literal too large", at: t, hint: "integers are 64-bit: at most 9223372036854775807")
        default:
            var hint: String?
            if case .punct(let p) = t.kind,
                [.star, .slash, .percent, .plus, .equalEqual, .ampAmp, .pipePipe].contains(p)
            {
                hint = "'\(p.rawValue)' needs an expression on each side"
            }
            if t.is(.lbrace) {
                hint = "a condition is followed by its block; wrap a map literal in parentheses: ({...})"
            }
            throw fail("expected an expression, found \(t.display)", at: t, hint: hint)
        }
    }

    // map = "{" [ key ":" expr { "," key ":" expr } [","] ] "}"
    private func parseMapRest(open: Token) throws -> Expr {
        var entries: [(key: MapKey, value: Expr)] = []
        while !cur().is(.rbrace) {
            let k = cur()
            let key: MapKey
            switch k.kind {
            case .identifier(let s): key = .fixed(s, k.span)
            case .keyword(let kw): key = .fixed(kw.rawValue, k.span)
            case .string(let parts):
                let e = try stringExpr(parts, k.span)
                if case .string(let s) = e.kind { key = .fixed(s, k.span) } else { key = .computed(e) }
            case .int(let n): key = .fixed(String(n), k.span)
            default:
                throw fail(
                    "expected a map key, found \(k.display)", at: k,
                    hint: "keys are names or strings: {name: 1, \"any key\": 2}")
            }
            advance()
            _ = try expect(.colon, "after the map key", hint: "write {key: value}")
            entries.append((key, try parseExpr()))
            if !accept(.comma) { break }
        }
        let close = try expect(
            .rbrace, "to close the map opened at \(file.location(of: open.span.start))",
            hint: "separate map entries with ','")
        return Expr(kind: .map(entries), span: open.span.through(close.span))
    }

    private func stringExpr(_ parts: [StringPart], _ span: SourceSpan) throws -> Expr {
        var out: [InterpolationPart] = []
        var allText = true
        for part in parts {
            switch part {
            case .text(let s): out.append(.text(s))
            case .interpolation(let toks, let ispan):
                allText = false
                // Counted like a bracket: a string inside `${…}` is one more level of recursion.
                try enter(toks.first ?? Token(kind: .eof, span: ispan))
                defer { leave() }
                out.append(.expr(try parseInterpolation(toks, ispan)))
            }
        }
        if allText {
            var s = ""
            for case .text(let t) in out { s += t }
            return Expr(kind: .string(s), span: span)
        }
        return Expr(kind: .interpolated(out), span: span)
    }

    private func parseInterpolation(_ toks: [Token], _ span: SourceSpan) throws -> Expr {
        let savedTokens = tokens
        let savedPos = pos
        let savedInterp = inInterpolation
        tokens =
            toks.isEmpty || !toks[toks.count - 1].isEOF
            ? toks + [Token(kind: .eof, span: SourceSpan(start: span.end, end: span.end))] : toks
        pos = 0
        inInterpolation = true
        defer {
            tokens = savedTokens
            pos = savedPos
            inInterpolation = savedInterp
        }
        return try withNewlines(ignored: true) {
            if cur().isEOF { throw fail("empty interpolation", span: span, hint: "write an expression inside ${...}") }
            let e = try parseExpr()
            let t = cur()
            if !t.isEOF { throw fail("expected '}' to end the interpolation, found \(t.display)", at: t) }
            return e
        }
    }
}
