import Foundation
import Testing

@testable import CCEScript

@Suite struct EvaluatorTests {
    @Test func arithmeticFollowsSwift() async {
        #expect(
            await output("print(7 / 2, -7 / 2, 7 % 2, -7 % 2, 7 % -2, 7.0 / 2, 1 + 2.5, 2 * 3)")
                == "3 -3 1 -1 1 3.5 3.5 6\n")
        #expect(
            await output("print(1 == 1.0, [1, 2] == [1.0, 2], {a: 1, b: 2} == {b: 2, a: 1}, 1 != 2)")
                == "true true true true\n")
        #expect(
            await output("print(90s > 1m, 1m + 30s == 90s, 1m + 30s, 2 * 30s, 1500ms, 0s)")
                == "true true 90s 1m 1500ms 0s\n")
        #expect(
            await output("print(\"b\" > \"a\", 2 >= 2.0, 1.0, 1e-05, 1e+20, 2e3)")
                == "true true 1.0 1e-05 1e+20 2000.0\n")
        #expect(await output("print(-9223372036854775808)") == "-9223372036854775808\n")
        #expect(await output("print((1..3) + [4], [0] + (1..<3), (1..2) == [1, 2])") == "[1, 2, 3, 4] [0, 1, 2] true\n")
    }

    @Test(arguments: [
        "9223372036854775807 + 1", "-9223372036854775807 - 2", "4611686018427387904 * 2",
        "(-9223372036854775807 - 1) / -1", "(-9223372036854775807 - 1) % -1", "-(-9223372036854775807 - 1)",
    ])
    func integerOverflowIsAnError(expr: String) async throws {
        let r = await runScript("let x = \(expr)")
        let f = try #require(r.failure)
        #expect(f.kind == .runtime)
        #expect(f.message.contains("overflow"))
        #expect(f.diagnostics.first?.location?.line == 1)
    }

    @Test(arguments: ["1 / 0", "1 % 0", "1.0 / 0", "1.5 % 0.0"])
    func divisionByZeroIsAnError(expr: String) async throws {
        let r = await runScript("print(\(expr))")
        #expect(try #require(r.failure).message.contains("by zero"))
    }

    @Test func overflowIsCatchable() async {
        #expect(
            await output("try { let b = 9223372036854775807 + 1 } catch e { print(e.code, type(e)) }")
                == "overflow error\n")
    }

    @Test func stringsAndInterpolation() async {
        #expect(
            await output(#"let n = 3; print("n=${n} ${[1, "a"]} ${ {a: "b"} } \${x}")"#)
                == "n=3 [1, \"a\"] {a: \"b\"} ${x}\n")
        #expect(await output(#"print(str(1.5) + "x", len("héllo👍🏽"), "abc"[1])"#) == "1.5x 6 b\n")
        #expect(await output("print(\"\"\"a\n  ${1 + 1}\"\"\")") == "a\n  2\n")
    }

    @Test func printingUsesLiteralSyntax() async {
        let src = #"""
            print([1, "two", null, true, 1.0, 30s, 1..3, 1..<3], {name: "x", "with-dash": 1, "if": 2, "1a": 3})
            print(["a\"b\\c\n"], fn(x) => x, print)
            fn fib(n) { return n }
            print(fib)
            """#
        #expect(
            await output(src) == """
                [1, "two", null, true, 1.0, 30s, 1..3, 1..<3] {name: "x", "with-dash": 1, "if": 2, "1a": 3}
                ["a\\"b\\\\c\\n"] <function anonymous> <function print>
                <function fib>

                """)
    }

    @Test func literalDescriptionQuotesStrings() {
        #expect(Value.string("still alive").literalDescription == "\"still alive\"")
        #expect(Value.string("x").printDescription == "x")
        #expect(Value.duration(5_400_000).literalDescription == "90m")
    }

    @Test func closuresCaptureVariablesByReference() async {
        let src = """
            var x = 1
            let get = fn() => x
            x = 5
            fn bump() { x += 1 }
            bump()
            print(get(), x)
            """
        #expect(await output(src) == "6 6\n")
    }

    @Test func builtinsCanBeShadowed() async {
        #expect(await output("let len = 3\nprint(len)\nfn type(x) { return \"mine\" }\nprint(type(1))") == "3\nmine\n")
    }

    @Test func loopsOverListsRangesMapsAndStrings() async {
        let src = """
            for i, x in ["a", "b"] { print(i, x) }
            for k, v in ({a: 1, b: 2}) { print(k, v) }
            let zm = {z: 1}
            for k in zm { print(k) }
            for c in "hé" { print(c) }
            var s = 0
            for i in 10..<10 { s += 1 }
            for i in 3..1 { s += 1 }
            print(s)
            """
        let out = await output(src)
        #expect(out == "0 a\n1 b\na 1\nb 2\nz\nh\né\n0\n", "\(out)")
    }

    @Test func conditionsMustBeBooleans() async throws {
        let r = await runScript("if 1 { print(1) }")
        #expect(try #require(r.failure).message.contains("must be a bool"))
    }

    @Test func letCannotBeReassigned() async throws {
        let r = await runScript("let a = 1\na = 2")
        let f = try #require(r.failure)
        #expect(f.message.contains("declared with 'let'"))
        #expect(f.diagnostics.first?.location == SourceLocation(line: 2, column: 1))
    }

    @Test func namedArgumentsAndDefaults() async {
        let src = """
            fn f(a, b = a * 2, c = 3) { return [a, b, c] }
            print(f(1), f(1, c: 9), f(a: 2, b: 0))
            """
        #expect(await output(src) == "[1, 2, 3] [1, 2, 9] [2, 0, 3]\n")
    }

    @Test func unknownNamedArgumentSuggestsTheNearest() async throws {
        let r = await runScript("fn wait_for(job, timeout = 1) { return job }\nwait_for(1, timeot: 2)")
        let f = try #require(r.failure)
        #expect(f.message.contains("no parameter named 'timeot'"))
        #expect(f.diagnostics.first?.hint == "did you mean 'timeout'?")
        #expect(f.diagnostics.first?.location == SourceLocation(line: 2, column: 1))
        let b = await runScript("print(sort([1], revers: true))")
        #expect(try #require(b.failure).message.contains("no parameter named 'revers'"))
    }

    @Test func unknownNamesAndMethodsSuggestTheNearest() async throws {
        let r = await runScript("let total = 1\nprint(totl)")
        #expect(r.failure?.diagnostics.first?.hint == "did you mean 'total'?")
        let m = await runScript("print(\"abc\".uper())")
        let f = try #require(m.failure)
        #expect(f.message == "a string has no method 'uper'")
        #expect(f.diagnostics.first?.hint == "did you mean 'upper'?")
        #expect(f.diagnostics.first?.location == SourceLocation(line: 1, column: 13))
    }

    @Test func optionalMemberAndCoalescing() async {
        #expect(
            await output("let m = {a: {b: 1}}\nprint(m?.x ?? 0, m.a?.b, null?.x, m?.a?.zz ?? \"d\")") == "0 1 null d\n")
    }

    @Test func missingKeyAndIndexAreErrors() async throws {
        #expect(
            try #require(await runScript("let m = {name: 1}\nprint(m.nmae)").failure).diagnostics.first?.hint
                == "did you mean 'name'?")
        #expect(try #require(await runScript("print([1][1])").failure).message.contains("out of range"))
        #expect(try #require(await runScript("print({a: 1}[\"b\"])").failure).message.contains("no key"))
    }

    @Test func mapsMergeAndKeepOrder() async {
        #expect(
            await output("print({a: 1, b: 2} + {c: 3, a: 9}, {a: {x: 1, y: 2}, l: [1]}.with({a: {y: 3}, l: [2]}))")
                == "{a: 9, b: 2, c: 3} {a: {x: 1, y: 3}, l: [2]}\n")
    }

    @Test func appendingToAVarIsLinear() async {
        // 200,000 appends would take minutes if each copied the list.
        let clock = ContinuousClock()
        let start = clock.now
        #expect(
            await output("var xs = []\nfor i in 0..<200000 { xs += [i] }\nprint(len(xs), xs[199999])")
                == "200000 199999\n")
        #expect(clock.now - start < .seconds(30))
    }

    @Test func stringMethodsAndBuiltins() async {
        let src = #"""
            print("a,b".split(","), ["x", 1].join("-"), " t ".trim(), "abc".ends_with("c"), "aXa".replace("a", "b"))
            print(int("42"), int(3.9), int(-3.9), float(2), float("2.5"), type(now()))
            print(keys({a: 1}), values({a: 1}), contains({a: 1}, "a"), contains(1..3, 3), contains("abc", "bc"))
            print(sort(["b", "a", "B"]), sort([2, 1.5, 3]), sort([2m, 30s]), [3, 1].sort())
            print(json({a: [1, 2.0, "x", null, true]}), parse_json("{\"b\": 5.0, \"a\": [1]}"))
            print(parse_json(json({x: 1.0, y: [1, 2]})) == {x: 1.0, y: [1, 2]})
            print(cidr_contains("10.0.0.0/16", "10.0.3.0/24"), cidr_contains("10.0.0.0/24", "10.0.0.0/16"))
            print(cidr_overlaps("10.0.0.0/16", "10.0.255.0/24"), cidr_overlaps("10.0.0.0/16", "10.1.0.0/16"),
              cidr_contains("fd00::/8", "fd00:1::/32"))
            print(map(1..3, fn(x) => x * x), (1..4).filter(fn(x) => x % 2 == 0), len(1..<10), (1..3).len())
            print(yaml({a: 1, b: ["x", "2"]}))
            """#
        let out = await output(src)
        #expect(
            out == #"""
                ["a", "b"] x-1 t true bXb
                42 3 -3 2.0 2.5 float
                ["a"] [1] true true true
                ["B", "a", "b"] [1.5, 2, 3] [30s, 2m] [1, 3]
                {"a":[1,2.0,"x",null,true]} {b: 5.0, a: [1]}
                true
                true false
                true false true
                [1, 4, 9] [2, 4] 9 3
                a: 1
                b:
                - x
                - '2'


                """#, "\(out)")
    }

    @Test func sortRejectsMixedValues() async throws {
        #expect(try #require(await runScript("print(sort([1, \"a\"]))").failure).message.contains("mix"))
    }

    @Test func assertAndFail() async throws {
        let f = try #require(await runScript("assert(1 == 2, \"numbers differ\")").failure)
        #expect(f.message == "assertion failed: numbers differ")
        #expect(
            await output("try { fail(\"x\") } catch e { try { fail(e) } catch e2 { print(e2.message, e2.code) } }")
                == "x fail\n")
    }

    @Test func envNeedsTheCapability() async throws {
        let denied = try #require(await runScript("print(env(\"HOME\", \"none\"))").failure)
        #expect(denied.message.contains("not allowed"))
        #expect(denied.diagnostics.first?.hint?.contains("environment") == true)
        let granted = await runScript(
            "print(env(\"A\"), env(\"B\", \"dflt\"), env(\"C\"))",
            capabilities: Capabilities(environment: ["A": "1"]))
        #expect(granted.output == "1 dflt null\n")
    }

    @Test func runtimeErrorsCarryTheCallStack() async throws {
        let src = """
            fn inner(x) { return x.nope }
            fn outer(x) { return inner(x) }
            outer({})
            """
        let f = try #require(await runScript(src, fileName: "s.cce").failure)
        #expect(f.diagnostics.first?.place == "s.cce:1:24")
        #expect(f.stack.map(\.line) == ["s.cce:1:24: in inner", "s.cce:2:22: in outer", "s.cce:3:1: in <script>"])
        #expect(f.render(color: false).contains("  s.cce:2:22: in outer\n"))
    }

    @Test func longStacksAreElidedInTheMiddle() async throws {
        let f = try #require(await runScript("fn down(n) { return down(n + 1) }\ndown(0)", fileName: "r.cce").failure)
        #expect(f.kind == .limit)
        #expect(f.diagnostics.first?.place == "r.cce:1:21")
        let text = f.render(color: false)
        #expect(text.contains("frames omitted"))
        #expect(text.split(separator: "\n").count < 40)
    }

    @Test func breakOutsideLoopIsASyntaxError() async throws {
        let f = try #require(await runScript("break").failure)
        #expect(f.kind == .syntax)
    }

    @Test func importsNeedCapabilitiesAndResolveRelatively() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cce-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("lib"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "let greeting = \"hi\"\nfn twice(x) { return x * 2 }\n".write(
            to: dir.appendingPathComponent("lib/mine.cce"), atomically: true, encoding: .utf8)
        try "fn hello(n) { return \"hello ${n}\" }\n".write(
            to: dir.appendingPathComponent("std.cce"), atomically: true, encoding: .utf8)
        let main = dir.appendingPathComponent("main.cce").path
        let src = "import \"./lib/mine.cce\" as m\nimport \"std\"\nprint(m.greeting, m.twice(4), std.hello(1))"
        let denied = try #require(await runScript(src, fileName: main).failure)
        #expect(denied.message.contains("not granted"))
        let ok = await runScript(
            src, fileName: main, capabilities: Capabilities(importRoots: [dir.path], stdlibPath: dir.path))
        #expect(ok.output == "hi 8 hello 1\n", "\(ok.stderr)")
        let outside = await runScript(
            "import \"../../etc/passwd\" as p", fileName: main, capabilities: Capabilities(importRoots: [dir.path]))
        #expect(try #require(outside.failure).message.contains("outside"))
    }
}
