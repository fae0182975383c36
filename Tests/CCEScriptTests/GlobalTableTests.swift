import Testing

@testable import CCEScript

@Suite struct GlobalTableTests {
    /// Calls of a function bound by `fn` do not retain it (`GlobalTable.function(at:)`), so a
    /// binding replaced while it may run is kept until the evaluation ends.
    @Test func aReplacedValueLivesUntilItIsReleased() {
        let table = GlobalTable()
        weak var old: ScriptFunction?
        do {
            let f = ScriptFunction(builtin: Builtin("f", []) { _, _ in .null })
            old = f
            table.define("f", .function(f), mutable: false)
        }
        #expect(old != nil)
        let k = table.slot("f")
        #expect(table.function(at: k) != nil)
        table.define("f", .int(1), mutable: false)
        #expect(old != nil, "the replaced function was freed while a call of it could still run")
        #expect(table.function(at: k) == nil)
        table.releaseReplaced()
        #expect(old == nil)
    }

    @Test func onlyNamesBoundByFnOrLetAreCalledUnretained() {
        let table = GlobalTable()
        let f = ScriptFunction(builtin: Builtin("f", []) { _, _ in .null })
        table.define("v", .function(f), mutable: true)
        table.define("l", .function(f), mutable: false)
        #expect(table.function(at: table.slot("v")) == nil)
        #expect(table.function(at: table.slot("l")) != nil)
        #expect(table.function(at: table.slot("undefined")) == nil)
    }

    @Test func manyNamesGrowTheTableAndKeepTheirValues() async {
        let table = GlobalTable()
        for k in 0..<1_000 { table.define("g\(k)", .int(k), mutable: k % 2 == 0) }
        let wrong = (0..<1_000).filter { k in
            let slot = table.slot("g\(k)")
            return table.int(at: slot) != k
        }
        #expect(wrong.isEmpty, "names whose value was lost: \(wrong.prefix(5))")
        #expect(table.update(table.slot("g10"), .add, 5))
        #expect(!table.update(table.slot("g11"), .add, 5), "a let is not updated in place")
        #expect(table.int(at: table.slot("g10")) == 15)
        table.removeAll()
        #expect(!table.isDefined(table.slot("g10")))
        // And a script with more top-level names than the first storage holds.
        let src = (0..<300).map { "var v\($0) = \($0)" }.joined(separator: "\n") + "\nprint(v0 + v299)"
        #expect(await output(src) == "299\n")
    }
}
