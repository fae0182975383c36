import Foundation

/// How a statement ended.
enum Flow {
    case normal
    case breakLoop
    case continueLoop
    case returned(Value)
}

/// A variable an assignment writes (found by the reference engine by name, or by the
/// compiled engine when it must fall back to a global).
enum VariableRef {
    case reference(RefScope, Int)
    case global(GlobalTable, Int)
    /// A slot of a compiled frame whose variables are not boxed.
    case slot(Exec, Int)
    /// A compiled variable in a box.
    case box(Box)

    var value: Value {
        switch self {
        case .reference(let s, let k): s.value(at: k)
        case .global(let t, let k): t.value(at: k) ?? .null
        case .slot(let x, let k): x.stack[k] ?? .null
        case .box(let b): b.value ?? .null
        }
    }

    func set(_ v: Value) {
        switch self {
        case .reference(let s, let k): s.set(k, v)
        case .global(let t, let k): t.set(k, v)
        case .slot(let x, let k): x.stack[k] = v
        case .box(let b): b.value = v
        }
    }

    /// Takes the value out (leaving null: still defined), so that the caller holds the only
    /// reference and may grow it in place.
    func take() -> Value {
        switch self {
        case .reference(let s, let k):
            let v = s.value(at: k)
            s.set(k, .null)
            return v
        case .global(let t, let k): return t.take(k)
        case .slot(let x, let k):
            let v = x.stack[k] ?? .null
            x.stack[k] = .null
            return v
        case .box(let b):
            let v = b.value ?? .null
            b.value = .null
            return v
        }
    }
}

/// What both engines share: calls of built-ins and closures, members, methods, indexing,
/// assignment operators, loops over values, imports, and the errors they raise.
extension Interpreter {
    func err(
        _ message: String, _ span: SourceSpan, hint: String? = nil, code: String? = nil,
        kind: ScriptError.Kind = .runtime
    ) -> ScriptError {
        var e = ScriptError(kind, message, hint: hint, code: code)
        e.file = currentFile
        e.span = span
        return e
    }

    /// Places an error raised without a position (by a built-in) at `span`.
    func locate(_ error: any Error, _ span: SourceSpan) -> any Error {
        if var e = error as? ScriptError {
            if e.span == nil {
                e.file = currentFile
                e.span = span
            }
            return e
        }
        if error is CancellationError {
            return err("the script was cancelled", span, code: "cancelled", kind: .cancelled)
        }
        return err("\(error)", span)
    }

    // MARK: Errors both engines raise

    func alreadyDefined(_ name: String, _ span: SourceSpan, function: Bool) -> ScriptError {
        function
            ? err("'\(name)' is already defined in this scope", span)
            : err(
                "'\(name)' is already defined in this scope", span,
                hint: "use another name, or declare it once with 'var' and assign to it")
    }

    func undefinedName(_ name: String, _ span: SourceSpan, _ visible: [String]) -> ScriptError {
        err("undefined name '\(name)'", span, hint: didYouMean(name, visible + builtins.keys.sorted()), code: "name")
    }

    func undefinedForAssignment(_ name: String, _ span: SourceSpan, _ visible: [String]) -> ScriptError {
        err(
            "undefined name '\(name)'", span,
            hint: didYouMean(name, visible) ?? "declare it first with 'var \(name) = ...'")
    }

    func notMutable(_ name: String, _ span: SourceSpan) -> ScriptError {
        err("cannot assign to '\(name)': it was declared with 'let'", span, hint: "declare it with 'var' to rebind it")
    }

    func logicError(_ op: BinaryOp, _ v: Value, _ span: SourceSpan) -> ScriptError {
        err("'\(op.rawValue)' needs bools, not \(v.typeName)", span, hint: "compare explicitly, e.g. x != null")
    }

    func mapKey(_ v: Value, _ span: SourceSpan) throws -> String {
        guard case .string(let s) = v else { throw err("a map key must be a string", span) }
        return s
    }

    /// Appends one `${…}` piece to an interpolated string being built.
    func appendInterpolated(_ s: inout String, _ v: Value, _ span: SourceSpan) throws {
        let piece = try printed(v)
        // `s = "${s}${s}"` doubles a string as surely as `s + s` does.
        if s.utf8.count &+ piece.utf8.count > 1 << 16 {
            do { try checkAllocation(bytes: s.utf8.count &+ piece.utf8.count, what: "the string") } catch {
                throw locate(error, span)
            }
        }
        s += piece
    }

    func checkCondition(_ v: Value, _ span: SourceSpan, _ what: String) throws -> Bool {
        guard case .bool(let b) = v else {
            throw err(
                "the '\(what)' condition must be a bool, not \(v.typeName)", span,
                hint: "there is no truthiness: compare explicitly, e.g. x != null or len(xs) > 0")
        }
        return b
    }

    /// Refuses to build a list or map nested deeper than the depth guard (`Limits.nesting`).
    /// (`extra` is the level the new container adds around `elements`.)
    func checkNesting(_ elements: some Collection<Value>, _ span: SourceSpan, extra: Int = 1) throws {
        let cap = limits.nesting
        for x in elements where x.isContainer && x.nestingDepth(cap: cap + 1) + extra > cap {
            throw err(
                "value nested too deeply: more than \(cap) levels of lists and maps", span,
                hint: "build flatter data", code: "limit", kind: .limit)
        }
    }

    // MARK: Loops and assignment

    /// Calls `visit` with each element of a `for` loop's iterable (index and element when
    /// `paired`), until it returns a flow that ends the loop.
    func forEachItem(_ iterable: Value, paired: Bool, _ span: SourceSpan, _ visit: (Value, Value?) throws -> Flow?)
        throws -> Flow?
    {
        switch iterable {
        case .list(let xs):
            for (i, x) in xs.enumerated() {
                if let f = try (paired ? visit(.int(i), x) : visit(x, nil)) { return f }
            }
        case .range(let lo, let hi, let inclusive):
            if Value.rangeCount(lo, hi, inclusive) > 0 {
                var i = lo
                var k = 0
                while true {
                    if let f = try (paired ? visit(.int(k), .int(i)) : visit(.int(i), nil)) { return f }
                    if inclusive ? i >= hi : i >= hi - 1 { break }
                    i += 1
                    k += 1
                }
            }
        case .map(let m), .cluster(let m):
            for (k, v) in m {
                if let f = try visit(.string(k), paired ? v : nil) { return f }
            }
        case .resource(let r):
            for (k, v) in r.body {
                if let f = try visit(.string(k), paired ? v : nil) { return f }
            }
        case .string(let s):
            for (i, ch) in s.enumerated() {
                if let f = try (paired ? visit(.int(i), .string(String(ch))) : visit(.string(String(ch)), nil)) {
                    return f
                }
            }
        default:
            throw err("cannot loop over a \(iterable.typeName)", span, hint: "'for' takes a list, range, map or string")
        }
        return nil
    }

    /// `x += y` on a large string or list: refused before it allocates when the result
    /// would not fit (`checkAllocation`). Measuring the memory is a system call, so growth by
    /// small pieces is checked when it crosses a 64 Ki boundary (elements or bytes), which
    /// keeps an endless `xs += [x]` linear and still bounded.
    func checkGrowth(of current: Value, by rhs: Value, _ span: SourceSpan) throws {
        switch (current, rhs) {
        case (.list(let xs), .list(let ys)):
            let total = xs.count &+ ys.count
            guard total > 1 << 12, ys.count > 1 << 12 || xs.count >> 16 != total >> 16 else { return }
            do {
                try checkAllocation(bytes: Value.approximateBytes(elements: total), what: "the list")
            } catch { throw locate(error, span) }
        case (.string(let a), .string(let b)):
            let x = a.utf8.count
            let y = b.utf8.count
            let total = x &+ y
            guard total > 1 << 16, y > 1 << 12 || x >> 16 != total >> 16 else { return }
            do { try checkAllocation(bytes: total, what: "the string") } catch {
                throw locate(error, span)
            }
        default: break
        }
    }

    /// `xs += [v]`: `assign` without the one-element list.
    func appendOne(_ target: VariableRef, _ v: Value, _ span: SourceSpan) throws {
        var current = target.take()
        if case .list(var xs) = current {
            current = .null
            let total = xs.count &+ 1
            if total > 1 << 12, xs.count >> 16 != total >> 16 {
                do {
                    try checkAllocation(bytes: Value.approximateBytes(elements: total), what: "the list")
                } catch {
                    target.set(.list(xs))
                    throw locate(error, span)
                }
            }
            xs.append(v)
            target.set(.list(xs))
            return
        }
        target.set(current)
        try assign(target, .add, .list([v]), span)
    }

    /// `name op= rhs` on a variable. `xs += ys` and `s += t` grow the value in place: with
    /// it taken out of the variable, this holds the only reference (unless the script keeps
    /// another), so appending stays amortised O(1).
    func assign(_ target: VariableRef, _ op: AssignOp, _ rhs: Value, _ span: SourceSpan) throws {
        if op == .set {
            target.set(rhs)
            return
        }
        if op == .add {
            try checkGrowth(of: target.value, by: rhs, span)
            switch rhs {
            case .list(let ys):
                var current = target.take()
                if case .list(var xs) = current {
                    current = .null
                    xs.append(contentsOf: ys)
                    target.set(.list(xs))
                    return
                }
                target.set(current)
            case .string(let t):
                var current = target.take()
                if case .string(var str) = current {
                    current = .null
                    str += t
                    target.set(.string(str))
                    return
                }
                target.set(current)
            default: break
            }
        }
        let old = target.value
        if case .int(let a) = old, case .int(let b) = rhs, let v = Interpreter.intOp(op.binaryOp, a, b) {
            target.set(v)
            return
        }
        target.set(try binary(op.binaryOp, old, rhs, span))
    }

    /// The int-and-int cases of `binary` without its general dispatch; nil when the result
    /// overflows or the operator is another (`binary` then reports or handles it).
    @inline(__always)
    static func intOp(_ op: BinaryOp, _ x: Int, _ y: Int) -> Value? {
        switch op {
        case .lt: return .bool(x < y)
        case .le: return .bool(x <= y)
        case .gt: return .bool(x > y)
        case .ge: return .bool(x >= y)
        case .eq: return .bool(x == y)
        case .ne: return .bool(x != y)
        case .add:
            let (r, o) = x.addingReportingOverflow(y)
            return o ? nil : .int(r)
        case .sub:
            let (r, o) = x.subtractingReportingOverflow(y)
            return o ? nil : .int(r)
        case .mul:
            let (r, o) = x.multipliedReportingOverflow(by: y)
            return o ? nil : .int(r)
        case .rem:
            guard y != 0 else { return nil }
            let (r, o) = x.remainderReportingOverflow(dividingBy: y)
            return o ? nil : .int(r)
        default: return nil
        }
    }

    // MARK: Calls

    /// Calls any function value: a built-in, or a closure of either engine.
    func callValue(
        _ callee: Value, positional: [Value], named: [(name: String, value: Value)], file: SourceFile,
        span: SourceSpan
    ) throws -> Value {
        guard case .function(let fn) = callee else {
            throw err("cannot call a value of type \(callee.typeName)", span, code: "type")
        }
        try tick(span)
        if let b = fn.builtin {
            return try callBuiltin(b, receiver: nil, positional: positional, named: named, span: span)
        }
        // The caller's file is the current one, except for a host call (`Interpreter.call`).
        if file !== currentFile { currentFile = file }
        if let code = fn.code { return try callCompiled(fn, code, positional, named, span: span) }
        guard let decl = fn.decl else { throw err("cannot call this function", span) }  // (every closure has one)
        return try ReferenceEvaluator(self).call(fn, decl, positional, named, span: span)
    }

    func callBuiltin(
        _ b: Builtin, receiver: Value?, positional: [Value], named: [(name: String, value: Value)],
        span: SourceSpan
    ) throws -> Value {
        do {
            let args = try Arguments.bind(b, receiver: receiver, positional: positional, named: named)
            let result = try b.call(CallContext(interpreter: self, file: currentFile, span: span), args)
            // A built-in may nest the values it is given one level deeper (`map` over a
            // list whose function returns the list): the same bound as for literals. A
            // builder keeps its receiver's depths, so only its arguments can end deeper.
            if result.isContainer {
                if let extra = b.argumentNesting, receiver != nil {
                    try checkNesting(positional, span, extra: extra)
                    try checkNesting(named.lazy.map(\.value), span, extra: extra)
                } else {
                    try checkNesting(CollectionOfOne(result), span, extra: 0)
                }
            }
            return result
        } catch {
            throw locate(error, span)
        }
    }

    /// The arguments of a closure call by parameter (nil: not given), after the checks every
    /// call makes: not too many, named ones known and given once.
    func bindArguments(
        _ name: String, _ params: [Parameter], _ positional: [Value],
        _ named: [(name: String, value: Value)], _ span: SourceSpan
    ) throws -> [Value?] {
        if positional.count > params.count { throw tooManyArguments(name, params, positional.count, span) }
        var slots = [Value?](repeating: nil, count: params.count)
        for k in 0..<positional.count { slots[k] = positional[k] }
        for (n, v) in named {
            guard let k = params.firstIndex(where: { $0.name == n }) else {
                throw err(
                    "\(name)() has no parameter named '\(n)'", span,
                    hint: didYouMean(n, params.map(\.name))
                        ?? "usage: \(name)(\(params.map(\.name).joined(separator: ", ")))",
                    code: "argument")
            }
            if slots[k] != nil { throw err("\(name)() got argument '\(n)' twice", span, code: "argument") }
            slots[k] = v
        }
        return slots
    }

    /// The call-depth limit, checked before a call of `fn` is entered.
    @inline(__always)
    func checkCallDepth(_ fn: ScriptFunction, _ span: SourceSpan) throws {
        if callDepth >= callDepthLimit { throw callDepthError(fn, span) }
    }

    @inline(never)
    func callDepthError(_ fn: ScriptFunction, _ span: SourceSpan) -> ScriptError {
        err(
            "call depth limit of \(limits.callDepth) reached in '\(fn.name)'", span,
            hint: "is a recursion missing its base case?", code: "limit", kind: .limit)
    }

    /// Runs the body of a call of `fn` made from `callerFile` at `span`: its `return` value,
    /// or null; an error leaving it adds the call to its stack.
    @inline(__always)
    func runBody(_ fn: ScriptFunction, callerFile: SourceFile, span: SourceSpan, _ body: () throws -> Flow) throws
        -> Value
    {
        do {
            if case .returned(let v) = try body() { return v }
            return .null
        } catch var e as ScriptError {
            e.unwind(through: fn.name, callerFile: callerFile, span: span)
            throw e
        }
    }

    func missingArgument(_ name: String, _ params: [Parameter], _ missing: String, _ span: SourceSpan) -> ScriptError {
        err(
            "\(name)() is missing argument '\(missing)'", span,
            hint: "usage: \(name)(\(params.map(\.name).joined(separator: ", ")))", code: "argument")
    }

    func tooManyArguments(_ name: String, _ params: [Parameter], _ given: Int, _ span: SourceSpan) -> ScriptError {
        let required = params.filter { $0.defaultValue == nil }.count
        let takes = required == params.count ? "\(params.count)" : "at most \(params.count)"
        return err(
            "\(name)() takes \(takes) argument\(params.count == 1 ? "" : "s") "
                + "but \(given) \(given == 1 ? "was" : "were") given",
            span, hint: "usage: \(name)(\(params.map(\.name).joined(separator: ", ")))", code: "argument")
    }

    // MARK: Members, methods, indexing

    func member(_ target: Value, _ name: String) -> Value? {
        switch target {
        case .map(let m): return m[name]
        case .cluster(let body):
            if let v = body[name] { return v }
            if name == "name", case .map(let meta) = body["metadata"] ?? .null { return meta["name"] }
            return nil
        case .resource(let r): return r.member(name)
        case .error(let e): return e.member(name)
        case .diagnostic(let d): return d.member(name)
        case .job(let j): return j.member(name)
        default: return nil
        }
    }

    func memberError(_ target: Value, _ name: String, _ span: SourceSpan) -> ScriptError {
        switch target {
        case .map(let m):
            return err(
                "the map has no key '\(name)'", span,
                hint: didYouMean(name, m.keys)
                    ?? "use \(name == "" ? "m" : "m")?.\(name) ?? default for a key that may be missing", code: "key")
        case .cluster(let m):
            return err(
                "the cluster has no field '\(name)'", span,
                hint: didYouMean(name, Array(m.keys) + ["name"]) ?? "use c?.\(name) for a field that may be missing",
                code: "key")
        case .resource(let r):
            return err(
                "the \(r.kind.noun) has no field '\(name)'", span,
                hint: didYouMean(name, Array(r.body.keys) + ["name", "cluster"])
                    ?? "use x?.\(name) for a field that may be missing", code: "key")
        case .null:
            return err("cannot read '\(name)' of null", span, hint: "use x?.\(name) to get null instead", code: "null")
        default:
            let methodsHint =
                methodNames(for: target.typeName).contains(name) ? "'\(name)' is a method: call it with \(name)()" : nil
            return err("a \(target.typeName) has no field '\(name)'", span, hint: methodsHint, code: "key")
        }
    }

    func callMethod(
        _ target: Value, _ name: String, nameSpan: SourceSpan, positional: [Value],
        named: [(name: String, value: Value)],
        span: SourceSpan, optional: Bool, site: MethodSite? = nil
    ) throws -> Value {
        let type = target.typeName
        let found: Builtin?
        if let site, site.version == methodsVersion, site.type == type {
            found = site.method
        } else {
            found = methods[type]?[name] ?? (type == "range" ? methods["list"]?[name] : nil)
            if let site { (site.type, site.method, site.version) = (type, found, methodsVersion) }
        }
        if let m = found {
            try tick(nameSpan)
            return try callBuiltin(m, receiver: target, positional: positional, named: named, span: nameSpan)
        }
        // A module (or any map) holding a function: `lib.helper(x)`.
        if case .map(let m) = target, let f = m[name], case .function = f {
            return try callValue(f, positional: positional, named: named, file: currentFile, span: span)
        }
        if optional { return .null }
        var candidates = methodNames(for: type)
        if case .map(let m) = target { candidates += m.keys }
        throw err("a \(type) has no method '\(name)'", nameSpan, hint: didYouMean(name, candidates), code: "method")
    }

    func subscriptValue(_ target: Value, _ index: Value, _ span: SourceSpan) throws -> Value {
        switch (target, index) {
        case (.list(let xs), .int(let i)):
            guard i >= 0, i < xs.count else {
                throw err(
                    "index \(i) out of range for a list of \(xs.count) element\(xs.count == 1 ? "" : "s")", span,
                    hint: xs.isEmpty ? "the list is empty" : "valid indexes are 0 to \(xs.count - 1)", code: "index")
            }
            return xs[i]
        case (.range(let lo, let hi, let inclusive), .int(let i)):
            let n = Value.rangeCount(lo, hi, inclusive)
            guard i >= 0, i < n else {
                throw err("index \(i) out of range for a range of \(n) elements", span, code: "index")
            }
            return .int(lo + i)
        case (.string(let s), .int(let i)):
            let chars = Array(s)
            guard i >= 0, i < chars.count else {
                throw err(
                    "index \(i) out of range for a string of \(chars.count) character\(chars.count == 1 ? "" : "s")",
                    span, code: "index")
            }
            return .string(String(chars[i]))
        case (.resource(let r), .string(let k)):
            guard let v = r.body[k] else {
                throw err(
                    "the \(r.kind.noun) has no key \(Value.quote(k))", span, hint: didYouMean(k, r.body.keys),
                    code: "key")
            }
            return v
        case (.map(let m), .string(let k)), (.cluster(let m), .string(let k)):
            guard let v = m[k] else {
                throw err(
                    "the \(target.typeName) has no key \(Value.quote(k))", span,
                    hint: didYouMean(k, m.keys)
                        ?? "use m?.key ?? default, or contains(m, key), for keys that may be missing", code: "key")
            }
            return v
        default:
            throw err("cannot index a \(target.typeName) with a \(index.typeName)", span, code: "type")
        }
    }

    // MARK: Imports

    static func moduleName(_ path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        let stem = last.hasSuffix(".cce") ? String(last.dropLast(4)) : last
        var out = ""
        for c in stem.unicodeScalars {
            out.unicodeScalars.append(CharacterSet.alphanumerics.contains(c) && c.isASCII ? c : "_")
        }
        return out.isEmpty ? "module" : out
    }

    func importModule(_ path: String, _ span: SourceSpan) throws -> Value {
        let caps = options.capabilities
        let resolved: String
        if path.hasPrefix("./") || path.hasPrefix("../") || path.hasPrefix("/") {
            guard !caps.importRoots.isEmpty else {
                throw err(
                    "cannot import \(Value.quote(path)): file imports were not granted", span,
                    hint: "the embedder must grant the 'importRoots' capability", code: "capability")
            }
            let base = (currentFile.name as NSString).deletingLastPathComponent
            let joined = path.hasPrefix("/") ? path : (base.isEmpty ? path : base + "/" + path)
            resolved = Interpreter.absolute(joined)
            let roots = caps.importRoots.map { Interpreter.absolute($0) }
            guard roots.contains(where: { resolved == $0 || resolved.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") })
            else {
                throw err(
                    "cannot import \(Value.quote(path)): \(resolved) is outside the allowed directories", span,
                    hint: "allowed: \(roots.joined(separator: ", "))", code: "capability")
            }
        } else {
            guard let lib = caps.stdlibPath else {
                throw err(
                    "cannot import \(Value.quote(path)): no standard library is configured", span, code: "capability")
            }
            guard path.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw err("invalid module name \(Value.quote(path))", span, hint: "a file import starts with ./ or ../")
            }
            resolved = Interpreter.absolute(lib + "/" + path + ".cce")
        }
        if let m = modules[resolved] { return m }
        if importing.contains(resolved) {
            throw err("import cycle: \(Value.quote(path)) is already being imported", span, code: "import")
        }
        guard let data = FileManager.default.contents(atPath: resolved) else {
            var hint: String?
            if let lib = caps.stdlibPath, !path.contains("/"),
                let names = try? FileManager.default.contentsOfDirectory(atPath: lib)
            {
                hint = didYouMean(path, names.filter { $0.hasSuffix(".cce") }.map { String($0.dropLast(4)) })
            }
            throw err("cannot import \(Value.quote(path)): no file at \(resolved)", span, hint: hint, code: "import")
        }
        let displayName =
            path.hasPrefix(".")
            ? (((currentFile.name as NSString).deletingLastPathComponent as NSString)
                .appendingPathComponent(path) as NSString).standardizingPath : resolved
        let file = SourceFile(name: displayName, text: String(decoding: data, as: UTF8.self))
        let parsed = Parser.parse(file, maxNesting: limits.nesting)
        if !parsed.diagnostics.isEmpty {
            var e = err("syntax errors in imported module \(Value.quote(path))", span, code: "import")
            e.related = parsed.diagnostics
            throw e
        }
        importing.insert(resolved)
        let savedFile = currentFile
        currentFile = file
        defer {
            currentFile = savedFile
            importing.remove(resolved)
        }
        let table = GlobalTable()
        ownedTables.append(table)
        switch engine {
        case .reference:
            _ = try ReferenceEvaluator(self).run(
                parsed.statements, in: RefScope(parent: nil, globals: table), repl: false)
        case .compiled: try runCompiledModule(parsed.statements, file: file, globals: table)
        }
        var exports = ValueMap()
        for (n, v) in table.orderedBindings where !n.hasPrefix("_") { exports[n] = v }
        let module = Value.map(exports)
        modules[resolved] = module
        return module
    }

    static func absolute(_ path: String) -> String {
        let p = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return ((p as NSString).standardizingPath as NSString).resolvingSymlinksInPath
    }
}

/// What a method call in compiled code found last: the method of that name for receivers of
/// one type (`base.name(...)` in a loop looks it up once, not in two dictionaries a call).
/// Used by the one thread evaluating at a time, as all compiled code is.
final class MethodSite {
    var type = ""
    var method: Builtin?
    /// `Interpreter.methodsVersion` when it was found (registering a method changes it).
    var version = -1
}
