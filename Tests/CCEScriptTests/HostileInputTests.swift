import Foundation
import Testing

@testable import CCEScript

/// Issue 15: scripts written the way an attacker, or a careless user, writes them end with a
/// located error or the right answer — never a signal, never an unbounded allocation.
@Suite("Hostile input")
struct HostileInputTests {
    @Test func interpolationNestedFiftyThousandDeepIsALocatedError() async throws {
        let n = 50_000
        let source = "print(" + String(repeating: "\"${", count: n) + "1" + String(repeating: "}\"", count: n) + ")"
        let r = await runScript(source)
        let f = try #require(r.failure)
        #expect(f.kind == .syntax)
        #expect(f.diagnostics.first?.message.contains("nesting too deep") == true, "\(r.stderr)")
        #expect(f.diagnostics.first?.location?.line == 1)
        #expect(f.diagnostics.count <= 3, "\(r.stderr)")
        // Within the limit, nested interpolation still works.
        #expect(await output(#"print("a${"b${"c${1 + 1}"}"}")"#) == "abc2\n")
    }

    @Test func sharedStructureComparesAndNestsInItsSizeNotItsPaths() async throws {
        // 2^60 paths, sixty lists: building, comparing and measuring are all quick.
        let r = await runScript(
            """
            var x = []
            for i in 1..60 { x = [x, x] }
            var m = {}
            for i in 1..60 { m = {a: m, b: m} }
            print(x == x, m == m, len(x))
            """)
        #expect(r.output == "true true 2\n", "\(r.stderr)")
    }

    @Test func doublingAListOrAStringStopsAtTheMemoryBudget() async throws {
        let limits = Limits(memoryBytes: 64 << 20)
        for (source, what) in [
            ("var l = [1]\nwhile true { l = l + l }", "the joined list"),
            ("var s = \"x\"\nwhile true { s = s + s }", "the joined string"),
            ("var s = \"x\"\nwhile true { s += s }", "the string"),
            ("var l = []\nwhile true { l += [1] }", "the list"),
            ("var s = \"x\"\nwhile true { s = \"${s}${s}\" }", "the string"),
            ("var s = \"xxxxxxxxxxxxxxxx\"\nwhile true { s = [s, s, s].join(s) }", "the joined string"),
        ] {
            let r = await runScript(source, limits: limits)
            let f = try #require(r.failure, "\(source)")
            #expect(f.kind == .limit, "\(r.stderr)")
            #expect(f.message.contains("memory limit of 64 MiB reached by \(what)"), "\(r.stderr)")
            #expect(f.diagnostics.first?.location?.line == 2, "\(r.stderr)")
        }
    }

    @Test func printingASharedStructureIsBoundedAndLocated() async throws {
        let r = await runScript(
            "var x = [1]\nfor i in 1..40 { x = [x, x] }\nprint(len(x))\nprint(x)",
            limits: Limits(nesting: 100, memoryBytes: 8 << 20))
        #expect(r.output == "2\n")
        let f = try #require(r.failure)
        #expect(f.kind == .limit)
        #expect(f.message.contains("text would be longer than 4 MiB"), "\(r.stderr)")
        #expect(f.diagnostics.first?.location?.line == 4)
    }

    @Test func encodingASharedStructureIsRefusedBeforeItStarts() async throws {
        // 2^41 values through 41 lists: json, yaml, str and print are refused at once, at the call,
        // instead of filling the memory (7.6 GB, then killed) or running for hours.
        for (column, call) in [(9, "json(x)"), (9, "yaml(x)"), (9, "str(x)"), (9, "print(x)")] {
            let r = await runScript(
                "var x = [1]\nfor i in 1..40 { x = [x, x] }\nlet s = \(call)", limits: Limits(memoryBytes: 256 << 20))
            let f = try #require(r.failure, "\(call)")
            #expect(f.kind == .limit, "\(call): \(r.stderr)")
            #expect(f.message.contains("would be longer than 128 MiB"), "\(call): \(r.stderr)")
            #expect(f.diagnostics.first?.location?.line == 3, "\(call): \(r.stderr)")
            #expect(f.diagnostics.first?.location?.column == column, "\(call): \(r.stderr)")
        }
        // A shared structure that is small when written out still encodes.
        #expect(
            await output("var x = [1]\nfor i in 1..3 { x = [x, x] }\nprint(json(x))")
                == "[[[[1],[1]],[[1],[1]]],[[[1],[1]],[[1],[1]]]]\n")
    }

    @Test func equalSharedStructuresBuiltApartCompareInTheirSize() async throws {
        // Two towers with 2^60 paths each and no storage in common: the memo of storage pairs
        // already found equal keeps this to sixty comparisons a side.
        let r = await runScript(
            """
            var x = [1]
            var y = [1]
            var z = [1]
            for i in 1..60 { x = [x, x]; y = [y, y]; z = [z, [z]] }
            print(x == y, x == z, x != y)
            """)
        #expect(r.output == "true false false\n", "\(r.stderr)")
    }

    @Test func appendingAListToItselfStopsAtTheDepthGuard() async throws {
        // `l += [l]` shares every earlier list, so its paths double each round: measuring the
        // nesting of each new element must cost its storages, and the guard ends it, located.
        let rounds = Limits.defaultNesting - 5
        let r = await runScript(
            "var l = []\nfor i in 1..\(rounds) { l += [l] }\nprint(len(l))\nfor i in 1..20 { l += [l] }")
        #expect(r.output == "\(rounds)\n", "\(r.stderr)")
        let f = try #require(r.failure)
        #expect(f.message.contains("nested too deeply"), "\(r.stderr)")
        #expect(f.diagnostics.first?.location?.line == 4)
    }

    @Test func splittingReplacingAndExpandingCheckTheBudgetFirst() async throws {
        let limits = Limits(memoryBytes: 16 << 20)
        for (source, what) in [
            ("var s = \"ab\"\nfor i in 1..20 { s = s + s }\nlet l = s.split(\"\")", "split()'s list"),
            (
                "var s = \"ab\"\nfor i in 1..20 { s = s + s }\n"
                    + "let t = s.replace(\"a\", \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\")",
                "replace()'s result"
            ),
            ("var s = \"ab\"\nfor i in 1..2 { s = s + s }\nlet l = (0..9000000).map(fn(i) { i })", "the range's list"),
            ("var s = \"1,\"\nfor i in 1..20 { s = s + s }\nlet l = parse_json(\"[${s}1]\")", "parse_json()'s value"),
        ] {
            let r = await runScript(source, limits: limits)
            let f = try #require(r.failure, "\(source)")
            #expect(f.kind == .limit, "\(r.stderr)")
            #expect(f.message.contains("reached by \(what)"), "\(r.stderr)")
            #expect(f.diagnostics.first?.location?.line == 3, "\(r.stderr)")
        }
    }

    @Test func deepValuesAreRefusedWhereTheyAreBuiltNotWhereTheyAreUsed() async throws {
        // Before the one depth guard, a 300-deep value was built and then refused by ==, print
        // and json with `<unknown>` and 1:1 as the place. Now it cannot be built.
        for code in ["let z = x == y", "print(1, x)", "let s = json(x)"] {
            let r = await runScript("var x = []\nfor i in 0..<300 { x = [x] }\nvar y = []\n" + code)
            let f = try #require(r.failure, "\(code)")
            #expect(f.kind == .limit)
            #expect(f.diagnostics.first?.location?.line == 2, "\(code): \(r.stderr)")
            #expect(f.diagnostics.first?.location?.column == 24, "\(code): \(r.stderr)")
            #expect(!r.stderr.contains("<unknown>"))
        }
    }

    @Test func didYouMeanIsLinearInTheKeyLength() async throws {
        let key = String(repeating: "a", count: 100_000)
        let typo = String(key.dropLast()) + "b"
        let start = ContinuousClock.now
        let r = await runScript("let m = {\"\(key)\": 1}\nprint(m[\"\(typo)\"])")
        let f = try #require(r.failure)
        #expect(r.stderr.contains("did you mean"), "\(r.stderr)")
        // A bound far above the linear cost (14.6 s before): a check of the complexity, not a benchmark.
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(nearestName(to: "flavour", in: ["flavor", "version"]) == "flavor")
        #expect(nearestName(to: "x", in: ["completely-different"]) == nil)
    }
}

/// Every input the fuzzer (or a report) found dangerous, kept under FuzzRegressions/, runs
/// to an end (a value or an error) under the fuzz harness's limits.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("FuzzRegressions")

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
    }

    @Test func theRegressionsAreThere() {
        #expect(Self.inputs.count >= 9)
    }

    @Test(arguments: FuzzRegressionTests.inputs)
    func runsToAnEnd(_ name: String) async throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(name))
        let source = String(decoding: data, as: UTF8.self)
        let limits = Limits(
            callDepth: 200, steps: 20_000, wallTime: .seconds(5), outputBytes: 1 << 16, memoryBytes: 64 << 20)
        let start = ContinuousClock.now
        let r = await runScript(source, fileName: name, limits: limits)
        #expect(ContinuousClock.now - start < .seconds(30))
        if let f = r.failure { #expect(!f.render(color: false).isEmpty) }
    }
}

/// A kubeconfig's client key and node passwords stay data: json() keeps them for files, but
/// print, str and the REPL echo never show them.
@Suite("Secrets in printed values")
struct PrintedSecretTests {
    @Test func printingRedactsKeysAndPasswordsButJSONKeepsThem() async {
        let r = await runScript(
            """
            let kc = {users: [{name: "u", user: {"client-key-data": "S3CR3T", "client-certificate-data": "cert"}}]}
            print(kc)
            print(str({login: {userPassword: {username: "root", password: "pw-S3CR3T"}}}))
            print(json(kc))
            """)
        #expect(r.failure == nil, "\(r.stderr)")
        let lines = r.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].contains("\"client-key-data\": \"<redacted>\"") && !lines[0].contains("S3CR3T"))
        #expect(lines[0].contains("\"client-certificate-data\": \"cert\""))
        #expect(lines[1].contains("password: \"<redacted>\"") && !lines[1].contains("S3CR3T"))
        #expect(lines[2].contains("S3CR3T"))
    }
}
