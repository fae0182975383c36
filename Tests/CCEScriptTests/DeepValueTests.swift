import Testing

@testable import CCEScript

/// Values (and chains of closures) nested deeper than the stack can walk must be refused
/// with a clear limit error, or be taken apart without recursion; never crash the process
/// when they are built, printed, compared, encoded or freed.
@Suite struct DeepValueTests {
    /// A nested list exactly at the bound can be built and freed; one more level cannot.
    @Test func listNestingStopsAtTheBound() async {
        let cap = Limits.defaultNesting
        let ok = await runScript(
            """
            var x = []
            for i in 0..<\(cap - 1) { x = [x] }
            x = null
            print("ok")
            """)
        #expect(ok.failure == nil)
        #expect(ok.output == "ok\n")
        let r = await runScript(
            """
            var x = []
            for i in 0..<100000 { x = [x] }
            """)
        let f = try? #require(r.failure)
        #expect(f?.kind == .limit)
        #expect(f?.message == "value nested too deeply: more than \(cap) levels of lists and maps")
    }

    @Test func mapNestingStopsAtTheBound() async {
        let r = await runScript(
            """
            var x = {}
            for i in 0..<100000 { x = {"a": x} }
            """)
        #expect(r.failure?.kind == .limit)
        #expect(r.failure?.message.contains("nested too deeply") == true)
    }

    /// A built-in that wraps what a function returns (`map`) is held to the same bound as
    /// a literal: this used to build a 100,000-deep list that crashed when freed.
    @Test func builtInsCannotNestPastTheBound() async {
        let cap = Limits.defaultNesting
        let r = await runScript(
            """
            var x = [0]
            for i in 0..<100000 { x = map([0], fn(v) { return x }) }
            """)
        #expect(r.failure?.kind == .limit)
        #expect(r.failure?.message == "value nested too deeply: more than \(cap) levels of lists and maps")
        // The method form too.
        let m = await runScript(
            """
            var x = [0]
            for i in 0..<100000 { x = [0].map(fn(v) { return x }) }
            """)
        #expect(m.failure?.kind == .limit)
        // Just under the bound is fine (the literal [0] is level 1 of each step).
        let ok = await runScript(
            """
            var x = 0
            for i in 0..<\(cap) { x = map([0], fn(v) { return x }) }
            x = null
            print("ok")
            """)
        #expect(ok.failure == nil)
    }

    /// Each closure holds the scope holding the previous one: freeing a 200,000-long chain
    /// must not recurse once per link.
    @Test func longClosureChainsAreFreedWithoutRecursion() async {
        let r = await runScript(
            """
            var f = fn() { return 0 }
            for i in 0..<200000 {
              let g = f
              f = fn() { return g() }
            }
            f = null
            print("freed")
            """)
        #expect(r.failure == nil)
        #expect(r.output == "freed\n")
        // And when the whole interpreter goes away with the chain still bound.
        let again = await runScript(
            """
            var fs = []
            var f = fn() { return 0 }
            for i in 0..<200000 {
              let g = f
              f = fn() { return g() }
            }
            fs += [f]
            """)
        #expect(again.failure == nil)
    }

    /// One depth guard (`Limits.nesting`): a value deeper than it cannot be built, parsed or
    /// returned by a host function, so printing, comparing and encoding, which walk on the
    /// stack to that same depth, always finish; a host value handed to them directly is
    /// refused by the walk.
    @Test func oneDepthGuardForBuildingParsingPrintingComparingAndEncoding() async throws {
        let limits = Limits(nesting: 50)
        let built = await runScript("var x = []\nfor i in 0..<60 { x = [x] }", limits: limits)
        #expect(built.failure?.kind == .limit)
        #expect(built.failure?.message == "value nested too deeply: more than 50 levels of lists and maps")
        #expect(built.failure?.diagnostics.first?.location?.line == 2)
        let parsed = await runScript(
            "let t = \"\(String(repeating: "[", count: 60) + String(repeating: "]", count: 60))\"\n"
                + "let v = parse_json(t)",
            limits: limits)
        #expect(parsed.failure?.kind == .limit, "\(parsed.stderr)")
        #expect(parsed.failure?.diagnostics.first?.location?.line == 2)
        let sourceNesting = await runScript(
            "let v = " + String(repeating: "[", count: 60) + String(repeating: "]", count: 60), limits: limits)
        #expect(sourceNesting.failure?.kind == .syntax)
        // From the host: a built-in returning a 60-deep value is refused at its call.
        let interp = Interpreter(options: InterpreterOptions(limits: limits, output: { _ in }))
        var deep = Value.list([])
        for _ in 0..<60 { deep = .list([deep]) }
        let hostDeep = deep
        interp.register(function: "deep") { _ in hostDeep }
        guard case .failure(let f) = await interp.execute(source: "let v = deep()", fileName: "host.cce") else {
            Issue.record("a host value past the guard was accepted")
            return
        }
        #expect(f.kind == .limit)
        #expect(f.diagnostics.first?.location?.column == 9)
        // The walks refuse it too, without recursing past the limit.
        #expect(throws: ValueTooDeep.self) { _ = try deep.literal(limit: 50) }
        #expect(throws: ValueTooDeep.self) { _ = try deep.equals(.list([deep]), limit: 50) }
        #expect(throws: ScriptError.self) { _ = try deep.toJSON(depthLimit: 50) }
        // At the limit everything works.
        let fine = await runScript(
            """
            var x = []
            for i in 0..<49 { x = [x] }
            var y = []
            for i in 0..<49 { y = [y] }
            assert(x == y)
            let s = json(x)
            let t = yaml(x)
            print(len(str(x)) > 0, parse_json(s) == x)
            """, limits: limits)
        #expect(fine.failure == nil, "\(fine.stderr)")
        #expect(fine.output == "true true\n")
    }

    /// Deep JSON text is refused by the parser with a position, not decoded recursively.
    @Test func deeplyNestedJSONTextIsRefused() async {
        let r = await runScript(
            """
            var t = ""
            for i in 0..<100000 { t += "[" }
            for i in 0..<100000 { t += "]" }
            let v = parse_json(t)
            """)
        #expect(r.failure?.message.contains("parse_json()") == true)
        #expect(r.failure?.message.contains("nesting deeper than") == true)
    }

    /// A cluster body deeper than the depth limit is refused when converted for the service.
    @Test func deepValuesAreRefusedWhenConvertedForTheHost() async throws {
        var deep = Value.list([])
        for _ in 0..<(Limits.defaultNesting + 10) { deep = .list([deep]) }
        #expect(throws: ValueConversionError.self) { _ = try deep.decode([JSONAny].self) }
        #expect(throws: ScriptError.self) { _ = try deep.toJSON() }
    }
}

/// Decodes anything (the shape does not matter for the depth check).
private struct JSONAny: Decodable {
    init(from decoder: any Decoder) throws {}
}

/// Expressions as long as the parser allows (`Limits.maxOperatorChain` operators) compile
/// and run without using stack in proportion to their length, with the same results and
/// errors as short ones. These used to overflow the stack (a debug build even at `+`).
@Suite struct LongChainTests {
    static let n = Limits.maxOperatorChain - 1

    @Test func longArithmeticAndComparisonChainsRun() async {
        let sum = Array(repeating: "1", count: Self.n).joined(separator: " + ")
        #expect(await output("print(\(sum))") == "\(Self.n)\n")
        let inFunction = Array(repeating: "a", count: Self.n).joined(separator: " - ")
        #expect(await output("fn f(a) {\n  return \(inFunction)\n}\nprint(f(1))") == "\(2 - Self.n)\n")
    }

    @Test func longShortCircuitChainsRun() async {
        let ands = Array(repeating: "true", count: Self.n).joined(separator: " && ")
        #expect(await output("print(\(ands))") == "true\n")
        let ors = Array(repeating: "false", count: Self.n).joined(separator: " || ") + " || true"
        #expect(await output("print(\(ors))") == "true\n")
        let coalesce = Array(repeating: "null", count: Self.n).joined(separator: " ?? ")
        #expect(await output("print(\(coalesce) ?? 3)") == "3\n")
        // The right side of a decided `&&` is not evaluated, however long the chain.
        #expect(
            await output("print(false && \(Array(repeating: "1 / 0 == 1", count: 200).joined(separator: " && ")))")
                == "false\n")
    }

    @Test func longMemberAndIndexChainsRun() async {
        #expect(await output("let m = {a: {}}\nprint(m.a\(String(repeating: "?.b", count: Self.n - 2)))") == "null\n")
        let r = await runScript("let xs = [0]\nprint(xs\(String(repeating: "[0]", count: Self.n - 1)))")
        #expect(r.failure?.message == "cannot index a int with a int")
        #expect(r.failure?.diagnostics.first?.span?.start == 19)  // where `xs[0][0]` starts
    }

    /// An error in the middle of a long chain is reported where the nested form reports it.
    @Test func errorsInLongChainsKeepTheirPlace() async {
        let terms = (0..<300).map { $0 == 150 ? "\"x\"" : "1" }
        let r = await runScript("let v = " + terms.joined(separator: " + "))
        #expect(r.failure?.message == "cannot apply '+' to int and string")
        let short = await runScript("let v = 1 + \"x\"")
        #expect(short.failure?.message == r.failure?.message)
        let bad = await runScript("let v = " + Array(repeating: "true", count: 100).joined(separator: " && ") + " && 1")
        #expect(bad.failure?.message == "'&&' needs bools, not int")
    }
}
