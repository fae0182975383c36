extension Interpreter {
    func unary(_ op: UnaryOp, _ v: Value, _ span: SourceSpan) throws -> Value {
        switch (op, v) {
        case (.neg, .int(let n)):
            let (r, o) = (0).subtractingReportingOverflow(n)
            if o { throw err("integer overflow: -(\(n)) is out of range", span, code: "overflow") }
            return .int(r)
        case (.neg, .float(let d)): return .float(-d)
        case (.neg, .duration(let ms)):
            let (r, o) = (0).subtractingReportingOverflow(ms)
            if o { throw err("duration overflow", span, code: "overflow") }
            return .duration(r)
        case (.not, .bool(let b)): return .bool(!b)
        default:
            throw err(
                "cannot apply '\(op.rawValue)' to a \(v.typeName)", span,
                hint: op == .not ? "'!' takes a bool" : "'-' takes a number or a duration", code: "type")
        }
    }

    /// Runs `body`, placing an error it raises without a position at `span`.
    @inline(__always)
    func located(_ span: SourceSpan, _ body: () throws -> Void) throws {
        do { try body() } catch { throw locate(error, span) }
    }

    private func overflow(_ op: BinaryOp, _ a: Int, _ b: Int, _ span: SourceSpan) -> ScriptError {
        err(
            "integer overflow: \(a) \(op.rawValue) \(b) is out of the 64-bit range", span,
            hint: "integers are 64-bit signed; use floats for larger magnitudes", code: "overflow")
    }

    func binary(_ op: BinaryOp, _ a: Value, _ b: Value, _ span: SourceSpan) throws -> Value {
        switch op {
        case .eq, .ne:
            // A limit hit inside the comparison is the `==`'s, not the script's first line.
            do { return .bool(try equals(a, b) == (op == .eq)) } catch { throw locate(error, span) }
        case .lt, .le, .gt, .ge:
            let c = try compare(a, b, span, op: op.rawValue)
            switch op {
            case .lt: return .bool(c < 0)
            case .le: return .bool(c <= 0)
            case .gt: return .bool(c > 0)
            default: return .bool(c >= 0)
            }
        case .range, .rangeHalfOpen:
            guard case .int(let lo) = a, case .int(let hi) = b else {
                throw err("a range needs ints, not \(a.typeName) and \(b.typeName)", span, code: "type")
            }
            return .range(lo, hi, inclusive: op == .range)
        case .add, .sub, .mul, .div, .rem:
            return try arithmetic(op, a, b, span)
        case .and, .or, .coalesce:
            return .null  // handled by the evaluator (short-circuit)
        }
    }

    private func arithmetic(_ op: BinaryOp, _ a: Value, _ b: Value, _ span: SourceSpan) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            switch op {
            case .add:
                let (r, o) = x.addingReportingOverflow(y)
                if o { throw overflow(op, x, y, span) }
                return .int(r)
            case .sub:
                let (r, o) = x.subtractingReportingOverflow(y)
                if o { throw overflow(op, x, y, span) }
                return .int(r)
            case .mul:
                let (r, o) = x.multipliedReportingOverflow(by: y)
                if o { throw overflow(op, x, y, span) }
                return .int(r)
            case .div, .rem:
                if y == 0 { throw err(op == .div ? "division by zero" : "remainder by zero", span, code: "division") }
                let (r, o) =
                    op == .div ? x.dividedReportingOverflow(by: y) : x.remainderReportingOverflow(dividingBy: y)
                if o { throw overflow(op, x, y, span) }
                return .int(r)
            default: break
            }
        case (.int, .float), (.float, .int), (.float, .float):
            let x = a.asDouble!
            let y = b.asDouble!
            switch op {
            case .add: return .float(x + y)
            case .sub: return .float(x - y)
            case .mul: return .float(x * y)
            case .div:
                if y == 0 { throw err("division by zero", span, code: "division") }
                return .float(x / y)
            case .rem:
                if y == 0 { throw err("remainder by zero", span, code: "division") }
                return .float(x.truncatingRemainder(dividingBy: y))
            default: break
            }
        case (.duration(let x), .duration(let y)) where op == .add || op == .sub:
            let (r, o) = op == .add ? x.addingReportingOverflow(y) : x.subtractingReportingOverflow(y)
            if o { throw err("duration overflow", span, code: "overflow") }
            return .duration(r)
        case (.duration(let x), .int(let y)) where op == .mul || op == .div,
            (.int(let y), .duration(let x)) where op == .mul:
            if op == .div {
                if y == 0 { throw err("division by zero", span, code: "division") }
                let (r, o) = x.dividedReportingOverflow(by: y)
                if o { throw err("duration overflow", span, code: "overflow") }
                return .duration(r)
            }
            let (r, o) = x.multipliedReportingOverflow(by: y)
            if o { throw err("duration overflow", span, code: "overflow") }
            return .duration(r)
        case (.string(let x), .string(let y)) where op == .add:
            let bytes = x.utf8.count &+ y.utf8.count
            if bytes > 1 << 16 { try located(span) { try checkAllocation(bytes: bytes, what: "the joined string") } }
            return .string(x + y)
        case (.list(let x), .list(let y)) where op == .add:
            let count = x.count &+ y.count
            if count > 1 << 12 {
                try located(span) {
                    try checkAllocation(bytes: Value.approximateBytes(elements: count), what: "the joined list")
                }
            }
            return .list(x + y)
        case (.list, .range), (.range, .list), (.range, .range):
            guard op == .add else { break }
            for v in [a, b] {
                if case .range(let lo, let hi, let inc) = v, Value.rangeCount(lo, hi, inc) > 10_000_000 {
                    throw err("range too large to expand (more than 10000000 elements)", span, code: "range")
                }
            }
            let count = (a.count ?? 0) &+ (b.count ?? 0)
            try located(span) {
                try checkAllocation(bytes: Value.approximateBytes(elements: count), what: "the joined list")
            }
            return .list((a.elements ?? []) + (b.elements ?? []))
        case (.map(var x), .map(let y)) where op == .add:
            let count = x.count &+ y.count
            if count > 1 << 12 {
                try located(span) {
                    try checkAllocation(bytes: Value.approximateBytes(elements: count) &* 3, what: "the merged map")
                }
            }
            for (k, v) in y { x[k] = v }
            return .map(x)
        default: break
        }
        var hint: String?
        if op == .add, case .string = a { hint = "convert with str(x), or interpolate: \"...${x}\"" }
        if op == .add, case .string = b { hint = "convert with str(x), or interpolate: \"${x}...\"" }
        throw err("cannot apply '\(op.rawValue)' to \(a.typeName) and \(b.typeName)", span, hint: hint, code: "type")
    }

    /// Orders two numbers, strings (by Unicode scalars) or durations.
    func compare(_ a: Value, _ b: Value, _ span: SourceSpan?, op: String) throws -> Int {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.int, .float), (.float, .int), (.float, .float):
            let x = a.asDouble!
            let y = b.asDouble!
            if x.isNaN || y.isNaN { return 1 }
            return x < y ? -1 : x > y ? 1 : 0
        case (.string(let x), .string(let y)):
            return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) ? -1 : x == y ? 0 : 1
        case (.duration(let x), .duration(let y)): return x < y ? -1 : x > y ? 1 : 0
        default:
            var e = ScriptError(.runtime, "cannot compare \(a.typeName) and \(b.typeName) with '\(op)'", code: "type")
            if let span {
                e.file = currentFile
                e.span = span
            }
            throw e
        }
    }
}

extension Value {
    var asDouble: Double? {
        switch self {
        case .int(let n): Double(n)
        case .float(let d): d
        default: nil
        }
    }
}

extension Value {
    /// What a list (or a map's values) of `count` elements takes, roughly: the element
    /// stride, not what the elements themselves hold (they are shared, not copied).
    static func approximateBytes(elements count: Int) -> Int {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<Value>.stride)
        return overflow ? Int.max : bytes
    }

    /// Elements of a list or a range, without building the range.
    var count: Int? {
        switch self {
        case .list(let xs): xs.count
        case .range(let lo, let hi, let inclusive): Value.rangeCount(lo, hi, inclusive)
        default: nil
        }
    }
}
