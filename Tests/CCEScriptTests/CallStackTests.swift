import Foundation
import Testing

@testable import CCEScript

/// The stack of a failure is written as the error leaves each call (`ScriptError.unwind`),
/// not kept while calls run: these check it across every way into a function.
@Suite struct CallStackTests {
    @Test func aCallbackOfABuiltinShowsTheBuiltinsCallSite() async throws {
        let src = """
            fn bad(x) { return x.nope }
            fn each(xs) { return map(xs, bad) }
            each([{}])
            """
        let f = try #require(await runScript(src, fileName: "m.cce").failure)
        #expect(f.stack.map(\.line) == ["m.cce:1:22: in bad", "m.cce:2:22: in each", "m.cce:3:1: in <script>"])
    }

    @Test func aFunctionOfAnImportedFileIsPlacedInThatFile() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cce-stack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "fn half(x) {\n  return x / 0\n}\n".write(
            to: dir.appendingPathComponent("lib.cce"), atomically: true, encoding: .utf8)
        let main = dir.appendingPathComponent("main.cce").path
        let src = "import \"./lib.cce\" as lib\nfn use(n) { return lib.half(n) }\nuse(4)"
        let f = try #require(
            await runScript(src, fileName: main, capabilities: Capabilities(importRoots: [dir.path])).failure)
        #expect(f.stack.map(\.function) == ["half", "use", "<script>"])
        #expect(f.stack.first?.file.hasSuffix("lib.cce") == true)
        #expect(f.stack.first?.location.line == 2)
        #expect(f.stack.dropFirst().allSatisfy { $0.file == main })
        // The file switched for the call is put back: an error after it is in the script.
        let after = try #require(
            await runScript(
                "import \"./lib.cce\" as lib\nlet ok = lib.half\nfn two() { return 2 }\nprint(two())\nprint(1 + \"a\")",
                fileName: main, capabilities: Capabilities(importRoots: [dir.path])
            ).failure)
        #expect(after.stack.map(\.line) == ["\(main):5:7: in <script>"])
    }

    @Test func anErrorInAParallelItemShowsItsCallsAndTheParallelCall() async throws {
        let src = """
            fn item(x) { return x + "a" }
            fn all(xs) { return parallel(xs, item) }
            all([1])
            """
        let f = try #require(await runScript(src, fileName: "p.cce").failure)
        #expect(f.stack.map(\.line) == ["p.cce:1:21: in item", "p.cce:2:21: in all", "p.cce:3:1: in <script>"])
    }

    @Test func aCaughtErrorLeavesNothingBehind() async throws {
        let src = """
            fn deep(n) { if n == 0 { return {}.nope } return deep(n - 1) }
            fn guarded() { try { deep(50) } catch e { return e.message } }
            print(guarded())
            fn later(x) { return x * "b" }
            later(2)
            """
        let r = await runScript(src, fileName: "c.cce")
        #expect(r.output.contains("nope"))
        let f = try #require(r.failure)
        #expect(f.stack.map(\.line) == ["c.cce:4:22: in later", "c.cce:5:1: in <script>"])
    }

    @Test func aMissingArgumentIsPlacedAtTheCall() async throws {
        let src = "fn two(a, b) { return a }\nfn call() { return two(b: 2) }\ncall()"
        let f = try #require(await runScript(src, fileName: "a.cce").failure)
        #expect(f.message.contains("missing argument 'a'"))
        #expect(f.stack.map(\.line) == ["a.cce:2:20: in two", "a.cce:2:20: in call", "a.cce:3:1: in <script>"])
    }

    @Test func depthIsCountedAgainAfterADeepFailure() async throws {
        let src = """
            fn down(n) { return down(n + 1) }
            fn up(n) { if n == 0 { return 0 } return 1 + up(n - 1) }
            try { down(0) } catch e { print("caught") }
            """
        // The depth limit is not catchable; so the second evaluation shows the count starts
        // from nothing again.
        let interp = Interpreter(options: InterpreterOptions(limits: Limits(callDepth: 100)))
        let first = await interp.execute(source: src, fileName: "d.cce")
        guard case .failure(let f) = first else {
            Issue.record("no failure")
            return
        }
        #expect(f.kind == .limit)
        let second = await interp.execute(source: "print(up(99))", fileName: "d2.cce")
        guard case .success = second else {
            Issue.record("\(second)")
            return
        }
    }

    @Test func aHostCallShowsTheFunctionsFrames() async throws {
        let interp = Interpreter()
        try await interp.run(source: "fn f(x) { return g(x) }\nfn g(x) { return x.y }", fileName: "h.cce")
        do {
            _ = try await interp.call("f", [.int(1)])
            Issue.record("no failure")
        } catch {
            #expect(error.stack.map(\.function) == ["g", "f", "<script>"])
            #expect(error.stack.first?.location.line == 2)
        }
    }

    @Test func aFunctionAGlobalVarHoldsMayBeReboundWhileItRuns() async throws {
        // Calls through names bound by `fn` do not retain the function (a `var` is read as
        // any value): rebinding the `var` inside the call must not free what runs.
        let src = """
            var g = fn(n) { g = null; let s = "xxx"; return "${s}${n}" }
            print(g(1))
            print(g)
            """
        #expect(await output(src) == "xxx1\nnull\n")
    }
}
