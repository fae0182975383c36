import CCETestSupport
import Foundation
import Testing

/// Issue 15 through the command: every shape ends with a located error and the documented
/// exit code, within its memory budget, and never with a signal.
@Suite("Hostile input (end to end)")
struct HostileCommandTests {
    @Test func doublingScriptsStayUnderTheMemoryBudget() throws {
        for source in ["var l = [1]\nwhile true { l = l + l }\n", "var s = \"x\"\nwhile true { s = s + s }\n"] {
            let file = try TempDir.script(source)
            defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
            let r = try Binary.run(["run", "--max-memory", "256M", file.path])
            #expect(r.status == 1, "\(r.stderr)")
            #expect(r.stderr.contains(":2:18: error: memory limit of 256 MiB reached"), "\(r.stderr)")
            // The largest child so far (this suite's children are the only big ones): the
            // budget plus the process's own start-up size.
            var usage = rusage()
            getrusage(RUSAGE_CHILDREN.rawValue, &usage)
            #expect(usage.ru_maxrss < (256 + 200) * 1024, "peak \(usage.ru_maxrss) KiB")
        }
    }

    @Test func stepAndTimeLimitsEndAnEndlessLoop() throws {
        let file = try TempDir.script("var i = 0\nwhile true { i += 1 }\n")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let steps = try Binary.run(["run", "--max-steps", "5000", file.path])
        #expect(steps.status == 1)
        #expect(steps.stderr.contains("step limit of 5000 reached"))
        let time = try Binary.run(["run", "--timeout", "1s", file.path], timeout: .seconds(20))
        #expect(time.status == 1)
        #expect(time.stderr.contains("time limit of"))
        let bad = try Binary.run(["run", "--max-memory", "lots", file.path])
        #expect(bad.status == 2)
    }

    @Test func invalidUTF8AndControlBytesAreLocatedAndEscaped() throws {
        let dir = try TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.cce")
        try Data("print(1)\nprint(\"a".utf8 + [0xFF] + "\")\n".utf8).write(to: bad)
        let r = try Binary.run(["run", bad.path])
        #expect(r.status == 1)
        #expect(
            r.stderr.hasPrefix("\(bad.path):2:9: error: the script is not valid UTF-8: byte 0xFF at offset 17"),
            "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let control = dir.appendingPathComponent("control.cce")
        try Data("x\u{1B}[2J = 1\n".utf8).write(to: control)
        let c = try Binary.run(["run", control.path])
        #expect(c.status == 1)
        #expect(!c.stderr.contains("\u{1B}"), "\(c.stderr)")
        #expect(c.stderr.contains("unexpected character '\\u{1b}'"))
    }

    @Test func serveRefusesADatabaseInAMissingDirectory() throws {
        let r = try Binary.run(["serve", "--db", "/no/such/dir/x.sqlite"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("the directory /no/such/dir does not exist"))
        #expect(!FileManager.default.fileExists(atPath: "/no/such/dir"))
        let dir = try TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let notDB = dir.appendingPathComponent("x.sqlite")
        try Data("not a database".utf8).write(to: notDB)
        let unusable = try Binary.run(["serve", "--db", notDB.path])
        #expect(unusable.status == 2, "\(unusable.stderr)")
    }

    @Test func deeplyNestedInterpolationIsASyntaxErrorNotACrash() throws {
        let n = 50_000
        let source = "print(" + String(repeating: "\"${", count: n) + "1" + String(repeating: "}\"", count: n) + ")\n"
        let file = try TempDir.script(source)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let r = try Binary.run(["run", file.path])
        #expect(r.status == 1, "\(r.stderr.prefix(300))")
        #expect(r.stderr.contains("nesting too deep"))
    }
}
