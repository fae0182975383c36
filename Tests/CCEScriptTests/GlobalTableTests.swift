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
}
