import CCEScript
import Foundation
import Testing

@testable import cce

@Suite("REPL completion and history")
struct CompletionAndHistoryTests {
    /// A stand-in for `Interpreter.completions(for:)`: whole prefix with the word completed.
    static func names(_ prefix: String) -> [String] {
        var start = prefix.endIndex
        while start > prefix.startIndex,
            prefix[prefix.index(before: start)].isLetter || prefix[prefix.index(before: start)] == "_"
        {
            start = prefix.index(before: start)
        }
        let head = prefix[..<start]
        let word = prefix[start...]
        let pool = head.hasSuffix(".") ? ["flavor", "fixPoolMask", "vpc"] : ["cluster", "clusters", "create", "let"]
        return pool.filter { $0.hasPrefix(word) }.map { head + $0 }
    }

    let engine = CompletionEngine(names: names)

    @Test func namesAndMethods() {
        #expect(engine.complete("let c = clu") == CompletionResult(wordLength: 3, candidates: ["cluster", "clusters"]))
        #expect(engine.complete("c.f") == CompletionResult(wordLength: 1, candidates: ["fixPoolMask", "flavor"]))
        #expect(engine.complete("c.") == CompletionResult(wordLength: 0, candidates: ["fixPoolMask", "flavor", "vpc"]))
        #expect(engine.complete("").candidates.isEmpty)
    }

    @Test func enumValuesInsideStrings() {
        #expect(
            engine.complete("c.flavor(\"cce.s2.")
                == CompletionResult(
                    wordLength: 7, candidates: ["cce.s2.large", "cce.s2.medium", "cce.s2.small", "cce.s2.xlarge"]))
        #expect(engine.complete("c.kubeProxyMode(\"ip").candidates == ["iptables", "ipvs"])
        #expect(engine.complete("{mode: \"vpc").candidates == ["vpc-router"])
        // A closed string is code again.
        #expect(engine.complete("\"x\" + clu").candidates == ["cluster", "clusters"])
        // Escaped quotes do not close the string.
        #expect(CompletionEngine.openStringStart("\"a\\\"b") != nil)
        // Inside a comment, nothing.
        #expect(CompletionEngine.openStringStart("x # \"cce") == nil)
    }

    @Test func historySkipsSecretsAndBlankLines() {
        let h = HistoryFile(path: "/tmp/unused", secrets: ["sekret-token-123"])
        #expect(h.shouldRecord("let x = 1"))
        #expect(!h.shouldRecord("print(\"sekret-token-123\")"))
        #expect(!h.shouldRecord("env(\"CCE_TOKEN\", \"\")"))
        #expect(!h.shouldRecord("   "))
        #expect(HistoryFile.defaultPath(environment: ["XDG_STATE_HOME": "/s"]) == "/s/cce/history")
        #expect(HistoryFile.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/state/cce/history")
    }

    @Test func completionColumnsAndCommonPrefix() {
        #expect(EditLineReader.commonPrefix(["cluster", "clusters", "clu"]) == "clu")
        #expect(EditLineReader.columns(["ab", "cd", "ef"], width: 8) == "ab  cd\nef\n")
    }

    @Test func colorizerMarksStringsNumbersKeywords() {
        let s = LiteralColorizer.colorize("{name: \"x\", n: 12, ok: true}")
        #expect(s.contains("\u{1B}[32m\"x\"\u{1B}[0m"))
        #expect(s.contains("\u{1B}[36m12\u{1B}[0m"))
        #expect(s.contains("\u{1B}[33mtrue\u{1B}[0m"))
        #expect(s.contains("name: "))
    }

    @Test func exitStatusRanking() {
        #expect(Session.worse(.ok, .scriptError) == .scriptError)
        #expect(Session.worse(.validationFailed, .scriptError) == .validationFailed)
        #expect(Session.worse(.scriptError, .validationFailed) == .validationFailed)
    }
}

@Suite("REPL completion and help for nodes and pools")
struct NodeCompletionTests {
    @Test func methodsValuesAndHelp() async {
        let interpreter = Interpreter(options: InterpreterOptions(output: { _ in }))
        _ = await interpreter.evaluateEntry("let n = node(\"a\")\nlet p = nodePool(\"b\")")
        let engine = CompletionEngine(names: { interpreter.completions(for: $0) })
        #expect(engine.complete("n.root").candidates == ["rootVolume"])
        #expect(engine.complete("n.ta").candidates == ["taints"])
        #expect(engine.complete("p.init").candidates == ["initialNodeCount"])
        #expect(engine.complete("nodeP").candidates.contains("nodePool"))
        #expect(engine.complete("nodeP").candidates.contains("nodePools"))
        #expect(engine.complete("n.rootVolume({size: 40, volumetype: \"GP").candidates == ["GPSSD", "GPSSD2"])
        #expect(engine.complete("n.taints([{key: \"k\", effect: \"No").candidates == ["NoExecute", "NoSchedule"])
        #expect(engine.complete("n.os(\"Eul").candidates == ["EulerOS 2.5", "EulerOS 2.9"])
        let taints = HelpTopics.text(for: "taints", interpreter: interpreter)
        #expect(taints.contains("node method .taints(a list)"))
        #expect(taints.contains("NoSchedule, PreferNoSchedule, NoExecute"))
        let flavor = HelpTopics.text(for: ".flavor", interpreter: interpreter)
        #expect(flavor.contains("cluster method .flavor") && flavor.contains("node method .flavor"))
        #expect(HelpTopics.text(for: "kubeconfig", interpreter: interpreter).hasPrefix("kubeconfig(c, duration: 30)"))
    }
}
