import Foundation
import Testing

@testable import cce

/// The README's snippets work exactly as printed (issue 13: a new user meets no error the
/// README does not mention).
@Suite("README snippets")
struct ReadmeTests {
    static let readme: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    /// The first fenced block after `heading` whose fence line is `fence`.
    static func block(after heading: String, fence: String) -> [String] {
        let lines = readme.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix(heading) }) else { return [] }
        guard let open = lines[start...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == fence }) else {
            return []
        }
        let body = lines[(open + 1)...].prefix { $0.trimmingCharacters(in: .whitespaces) != "```" }
        return Array(body)
    }

    @Test func theREPLTourRunsAsPrinted() throws {
        let tour = Self.block(after: "## A five-minute REPL tour", fence: "```")
        #expect(tour.count > 10)
        let input = tour.filter { $0.hasPrefix("> ") }.map { String($0.dropFirst(2)) }.joined(separator: "\n") + "\n"
        // What the tour shows on stdout: every line that is not an entry, the `$ cce` line or
        // the emulator's notice (stderr).
        let expected = tour.filter { !$0.hasPrefix("> ") && !$0.hasPrefix("$ ") && !$0.hasPrefix("cce: ") }
        let r = try Binary.run([], stdin: input, env: ["CCE_EMULATOR_CREATE_SECONDS": "0.3"])
        #expect(r.status == 0, "\(r.stderr)")
        let got = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(got.count == expected.count, "\(r.stdout)")
        for (line, want) in zip(got, expected) {
            if want.hasPrefix("<job ") {
                #expect(line.hasPrefix("<job ") && line.hasSuffix(" (cluster demo-cluster)>"), "\(line)")
            } else {
                #expect(line == want)
            }
        }
        #expect(r.stderr.contains("using the embedded emulator"))
    }

    @Test func theProfileAndCloudsYAMLSnippetsParse() throws {
        let ini = Self.block(after: "## Configuration", fence: "```ini").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(!ini.isEmpty)
        let profiles = try ProfileFile.parse(ini.joined(separator: "\n"), path: "README")
        #expect(profiles.map(\.name) == ["default"])
        #expect(profiles.first?.values["token_file"] == "~/.config/cce/token")
        let yaml = Self.block(after: "**clouds.yaml**", fence: "```yaml").joined(separator: "\n")
        let clouds = try CloudsYAML.entries(yaml, path: "README")
        #expect(clouds["otc"]?["user_domain_name"] == "OTC00000000001000012345")
        #expect(clouds["otc"]?["region_name"] == "eu-de")
    }
}
