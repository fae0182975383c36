import Foundation
import Testing

@testable import CCEScript

@Suite struct ConformanceTests {
    @Test func basicsProgramPrintsExactlyItsExpectedOutput() async throws {
        let dir = conformanceDirectory
        let source = try String(contentsOf: dir.appendingPathComponent("basics.cce"), encoding: .utf8)
        let expected = try String(contentsOf: dir.appendingPathComponent("basics.out"), encoding: .utf8)
        let r = await runScript(source, fileName: "basics.cce")
        #expect(r.failure == nil, "\(r.stderr)")
        #expect(r.output == expected)
    }

    /// The error programs that need no cluster built-ins: each must fail with a diagnostic
    /// starting with one of the prefixes on the first line of its `.err` file.
    @Test(arguments: [
        "arity", "deep-nesting", "index", "runaway-recursion", "undefined-name", "unexpected-token",
        "unterminated-string",
    ])
    func errorProgramReportsTheExpectedPosition(name: String) async throws {
        let dir = conformanceDirectory.appendingPathComponent("errors")
        let source = try String(contentsOf: dir.appendingPathComponent("\(name).cce"), encoding: .utf8)
        let spec = try String(contentsOf: dir.appendingPathComponent("\(name).err"), encoding: .utf8)
        let lines = spec.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let prefixes = lines[0].split(separator: "|").map(String.init)
        let r = await runScript(source, fileName: "errors/\(name).cce")
        if lines.contains("or-success"), r.failure == nil { return }
        let failure = try #require(r.failure, "expected an error")
        let stderr = failure.render(color: false)
        let matched = stderr.split(separator: "\n").contains { line in prefixes.contains { line.hasPrefix($0) } }
        #expect(matched, "stderr was:\n\(stderr)")
        for line in lines where line.hasPrefix("stderr-contains: ") {
            #expect(stderr.contains(line.dropFirst("stderr-contains: ".count)))
        }
    }
}
