import Foundation
import Testing

@testable import CCEScript

/// Hostile input must end in a clean error, never a trap or a crash.
@Suite struct RobustnessTests {
    @Test func extremeRangesDoNotTrap() async throws {
        #expect(
            await output(
                "print(len(0..<(-9223372036854775807 - 1)), "
                    + "(-9223372036854775807 - 1)..<(-9223372036854775807 - 1) == [])"
            )
                == "0 true\n")
        #expect(
            await output("for i in 9223372036854775806..9223372036854775807 { print(i) }")
                == "9223372036854775806\n9223372036854775807\n")
        #expect(
            await output("print((0..9223372036854775807) == [1], contains(0..9223372036854775807, 5))")
                == "false true\n")
        let f = try #require(await runScript("print(json(0..9223372036854775807))").failure)
        #expect(f.message.contains("too large"))
    }

    /// A small deterministic generator (SplitMix64), so a failure can be replayed.
    private struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func randomTokenSoupNeverCrashes() async {
        let pieces = [
            "let ", "var ", "x", "y", "f", " = ", "+", "-", "*", "/", "%", "(", ")", "[", "]", "{", "}", ",", ":",
            ";", "\n", ".", "?.", "??", "..", "..<", "fn", "(a)", "=>", "return ", "if ", "else ", "for ", " in ",
            "while ", "true", "false", "null", "0", "1", "9223372036854775807", "-1", "2.5", "30s", "\"s\"",
            "\"${x}\"", "\"\"\"", "\\u{", "print(", "len(", "x += [1]", "break", "continue", "try {", "} catch e {",
            "==", "<", "!", "&&", "||", "#c", "é", "import \"z\"", "fail(\"b\")", "sort(", "json(", "m.k", "1..3",
        ]
        var rng = SplitMix(state: 0xC0FFEE)
        let limits = Limits(callDepth: 50, steps: 2_000, wallTime: .seconds(2), outputBytes: 10_000)
        for _ in 0..<1_500 {
            var text = ""
            for _ in 0..<Int.random(in: 1...40, using: &rng) {
                text += pieces[Int.random(in: 0..<pieces.count, using: &rng)]
            }
            _ = Interpreter.inputStatus(text)
            let r = await runScript(text, limits: limits)
            if let f = r.failure { #expect(!f.render(color: false).isEmpty) }
        }
    }
}
