import ArgumentParser
import Testing

@testable import cce

/// `QuickInvocation` must read every command line it accepts exactly as argument-parser
/// does, and leave every other one to argument-parser.
@Suite("Quick invocation (start-up path without argument-parser)")
struct QuickInvocationTests {
    /// What argument-parser makes of `arguments`, in `QuickInvocation`'s terms; nil when it
    /// parses to something else (help, another subcommand) or fails.
    static func viaArgumentParser(_ arguments: [String]) -> QuickInvocation? {
        guard let command = try? CCE.parseAsRoot(arguments) else { return nil }
        if let run = command as? RunCommand {
            return .run(flags: run.service.flags, output: run.output, file: run.file, arguments: run.arguments)
        }
        if let repl = command as? ReplCommand {
            return .repl(flags: repl.service.flags, expression: repl.expression)
        }
        return nil
    }

    static let accepted: [[String]] = [
        [],
        ["-e", "1"],
        ["-e", "1 + 2 * 3"],
        ["-e", "print(\"a b\")"],
        ["-e", "run"],
        ["-e", "x", "--endpoint", "http://127.0.0.1:1"],
        ["--endpoint", "http://127.0.0.1:1", "--project-id", "p", "-e", "1"],
        ["--region=eu-de", "-e", "1"],
        ["--endpoint", "http://h"],
        ["run", "a.cce"],
        ["run", "a.cce", "1", "two", "3 4"],
        ["run", "a.cce", "help"],
        ["run", "run", "a.cce"],
        ["run", "--endpoint", "http://127.0.0.1:8080", "--project-id", "0123", "a.cce", "100"],
        ["run", "--endpoint=http://h:1", "--project-id=p=q", "a.cce"],
        ["run", "--output", "json", "a.cce", "x"],
        ["run", "--output=text", "--region", "eu-de", "--profile", "work", "--token-file", "/t", "a.cce"],
        ["run", "--max-memory", "512M", "--max-steps", "100", "--timeout", "30s", "a.cce"],
        ["run", "--cloud", "otc", "--progress", "plain", "a.cce"],
        ["--cloud=otc", "--progress", "off", "-e", "1"],
    ]

    static let leftToArgumentParser: [[String]] = [
        ["--help"], ["-h"], ["help"], ["run", "--help"], ["run", "-h"], ["help", "run"],
        ["--generate-completion-script", "bash"], ["---completion", "run", "--", "a"],
        ["run"], ["run", "-"], ["run", "a.cce", "-x"], ["run", "a.cce", "--endpoint", "h"], ["run", "a.cce", "--"],
        ["run", "--output", "xml", "a.cce"], ["run", "--output", "json"], ["run", "--bogus", "v", "a.cce"],
        ["run", "--endpoint", "a", "--endpoint", "b", "f.cce"], ["run", "--endpoint", "", "f.cce"],
        ["run", "--endpoint", "-e", "f.cce"], ["run", "--endpoint"], ["run", "-e", "1", "f.cce"],
        ["-e"], ["-e", ""], ["-e", "-1"], ["-e", "1", "-e", "2"], ["-e", "1", "extra"], ["-e1"], ["-e=1"],
        ["--output", "json", "-e", "1"], ["check", "a.cce"], ["serve"], ["repl"], ["repl", "-e", "1"], ["x.cce"],
        ["--version"], ["-"], ["run", "--max-memory", "lots", "a.cce"], ["run", "--progress", "loud", "a.cce"],
    ]

    @Test(arguments: accepted)
    func acceptedShapesReadAsArgumentParserReadsThem(_ arguments: [String]) throws {
        let quick = try #require(QuickInvocation.parse(arguments))
        #expect(quick == Self.viaArgumentParser(arguments))
    }

    @Test(arguments: leftToArgumentParser)
    func everythingElseGoesThroughArgumentParser(_ arguments: [String]) {
        #expect(QuickInvocation.parse(arguments) == nil)
    }

    @Test func theBenchmarkShapeIsQuick() {
        let line = [
            "run", "--endpoint", "http://127.0.0.1:41234", "--project-id", "0123456789abcdef", "batch100.cce", "100",
        ]
        #expect(
            QuickInvocation.parse(line)
                == .run(
                    flags: ServiceFlags(endpoint: "http://127.0.0.1:41234", projectID: "0123456789abcdef"),
                    output: .text,
                    file: "batch100.cce", arguments: ["100"]))
        #expect(QuickInvocation.parse(line)?.isRun == true)
        #expect(QuickInvocation.parse(["-e", "1"])?.isRun == false)
    }
}
