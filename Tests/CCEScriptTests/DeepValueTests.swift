import Testing
@testable import CCEScript

/// Values (and chains of closures) nested deeper than the stack can walk must be refused
/// with a clear limit error, or be taken apart without recursion; never crash the process
/// when they are built, printed, compared, encoded or freed.
@Suite struct DeepValueTests {
    /// A nested list exactly at the bound can be built and freed; one more level cannot.
    @Test func listNestingStopsAtTheBound() async {
        let cap = Limits.maxValueNesting
        let ok = await runScript("""
            var x = []
            for i in 0..<\(cap - 1) { x = [x] }
            x = null
            print("ok")
            """)
        #expect(ok.failure == nil)
        #expect(ok.output == "ok\n")
        let r = await runScript("""
            var x = []
            for i in 0..<100000 { x = [x] }
            """)
        let f = try? #require(r.failure)
        #expect(f?.kind == .limit)
        #expect(f?.message == "value nested too deeply: more than \(cap) levels of lists and maps")
    }

    @Test func mapNestingStopsAtTheBound() async {
        let r = await runScript("""
            var x = {}
            for i in 0..<100000 { x = {"a": x} }
            """)
        #expect(r.failure?.kind == .limit)
        #expect(r.failure?.message.contains("nested too deeply") == true)
    }

    /// A built-in that wraps what a function returns (`map`) is held to the same bound as
    /// a literal: this used to build a 100,000-deep list that crashed when freed.
    @Test func builtInsCannotNestPastTheBound() async {
        let cap = Limits.maxValueNesting
        let r = await runScript("""
            var x = [0]
            for i in 0..<100000 { x = map([0], fn(v) { return x }) }
            """)
        #expect(r.failure?.kind == .limit)
        #expect(r.failure?.message == "value nested too deeply: more than \(cap) levels of lists and maps")
        // The method form too.
        let m = await runScript("""
            var x = [0]
            for i in 0..<100000 { x = [0].map(fn(v) { return x }) }
            """)
        #expect(m.failure?.kind == .limit)
        // Just under the bound is fine (the literal [0] is level 1 of each step).
        let ok = await runScript("""
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
        let r = await runScript("""
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
        let again = await runScript("""
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

    /// Printing, comparing and encoding stop at `valueDepth` with a limit error.
    @Test func deepValuesArePrintedComparedAndEncodedOnlyToTheDepthLimit() async {
        let limits = Limits(valueDepth: 50)
        let build = """
            var x = []
            for i in 0..<60 { x = [x] }
            """
        let printed = await runScript(build + "\nprint(x)", limits: limits)
        #expect(printed.failure?.kind == .limit)
        #expect(printed.failure?.message == "value nested more than 50 levels deep cannot be printed")
        // Two values built apart: identical storage would compare without a walk.
        let compared = await runScript(build + "\nvar y = []\nfor i in 0..<60 { y = [y] }\nprint(x == y)", limits: limits)
        #expect(compared.failure?.kind == .limit)
        #expect(compared.failure?.message == "values nested more than 50 levels deep cannot be compared")
        let encoded = await runScript(build + "\nprint(json(x))", limits: limits)
        #expect(encoded.failure?.kind == .limit)
        #expect(encoded.failure?.message == "value nested more than 50 levels deep cannot be encoded")
        let yaml = await runScript(build + "\nprint(yaml(x))", limits: limits)
        #expect(yaml.failure?.kind == .limit)
        // At the limit all of them work.
        let fine = await runScript("""
            var x = []
            for i in 0..<49 { x = [x] }
            let y = x
            assert(x == y)
            let s = json(x)
            print(len(str(x)) > 0)
            """, limits: limits)
        #expect(fine.failure == nil)
        #expect(fine.output == "true\n")
    }

    /// Deep JSON text is refused by the parser with a position, not decoded recursively.
    @Test func deeplyNestedJSONTextIsRefused() async {
        let r = await runScript("""
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
        for _ in 0..<(Limits.defaultValueDepth + 10) { deep = .list([deep]) }
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
        #expect(await output("print(false && \(Array(repeating: "1 / 0 == 1", count: 200).joined(separator: " && ")))") == "false\n")
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
