import Testing

@testable import CCEScript

/// `if`/`while` conditions comparing an int variable with a constant skip building a bool
/// value, and `if c { return x }` runs as one step pair: results, errors and step counts
/// must be those of the general path.
@Suite struct CompiledConditionTests {
    @Test func everyComparisonAgreesWithTheGeneralOperator() async {
        // Inside a function (local slots) and at the top level (globals), each comparison
        // as a condition and as a value.
        let ops = ["<", "<=", ">", ">=", "==", "!="]
        for op in ops {
            let src = """
                fn f(n) {
                  var hits = 0
                  var k = -2
                  while k \(op) 2 {
                    if k \(op) 0 { hits += 1 }
                    k += 1
                    if k > 5 { return hits }
                  }
                  return hits
                }
                var viaValue = 0
                var j = -2
                while j <= 5 {
                  let b = j \(op) 0
                  if b { viaValue += 1 }
                  j += 1
                }
                var g = -2
                var top = 0
                while g \(op) 2 {
                  if g \(op) 0 { top += 1 }
                  g += 1
                  if g > 5 { break }
                }
                print(f(0), top)
                """
            let r = await runScript(src)
            #expect(r.failure == nil, "\(op): \(r.stderr)")
            #expect(r.output.split(separator: " ").count == 2, "\(op)")
            let general = await runScript(
                src.replacingOccurrences(of: "k \(op) 2", with: "(k \(op) 2) == true")
                    .replacingOccurrences(of: "k \(op) 0", with: "(k \(op) 0) == true")
                    .replacingOccurrences(of: "g \(op) 2", with: "(g \(op) 2) == true")
                    .replacingOccurrences(of: "g \(op) 0", with: "(g \(op) 0) == true"))
            #expect(r.output == general.output, "\(op)")
        }
    }

    @Test func aNonIntVariableTakesTheGeneralPathAndItsErrors() async {
        let r = await runScript(
            """
            fn f(n) {
              if n < 2 { return 1 }
              return 2
            }
            print(f(1))
            print(f("x"))
            """)
        #expect(r.output == "1\n")
        let asValue = await runScript(
            """
            fn f(n) { return n < 2 }
            print(f("x"))
            """)
        // The same message as the operator gives outside a condition.
        #expect(r.failure?.message == asValue.failure?.message)
        #expect(r.failure?.message.isEmpty == false)
    }

    @Test func aConditionThatIsNotABoolIsStillAnError() async {
        let r = await runScript(
            """
            fn f(n) {
              if n { return 1 }
              return 2
            }
            print(f(3))
            """)
        #expect(r.failure?.message.contains("the 'if' condition must be a bool, not int") == true)
        #expect(r.stderr.contains("test.cce:2:6"))
    }

    /// The smallest step limit under which `source` finishes.
    func stepsNeeded(_ source: String) async -> Int {
        var lo = 1
        var hi = 4096
        while lo < hi {
            let mid = (lo + hi) / 2
            if await runScript(source, limits: Limits(steps: mid)).failure == nil { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    @Test func theBaseCaseReturnCountsItsSteps() async {
        // fib(10) makes 177 calls, 89 of them base cases. The written-in `if … { return n }`
        // must count the same steps as the statement-by-statement form, and each call
        // exactly 3: the call, the `if` and one `return`.
        let fused = """
            fn fib(n) {
              if n < 2 { return n }
              return fib(n - 1) + fib(n - 2)
            }
            print(fib(10))
            """
        let plain = fused.replacingOccurrences(
            of: "if n < 2 { return n }", with: "if n < 2 {\n    let m = n\n    return m\n  }")
        let deeper = fused.replacingOccurrences(of: "fib(10))", with: "fib(11))")
        let a = await stepsNeeded(fused)
        let b = await stepsNeeded(plain)
        let c = await stepsNeeded(deeper)
        #expect(b - a == 89)  // one more step (the `let`) per base case
        #expect(c - a == 3 * (287 - 177))  // fib(11) makes 287 calls
    }
}
