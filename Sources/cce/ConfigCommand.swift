import ArgumentParser
import CCECore
import Foundation

/// `cce config [--output json]`: which service the other commands would use, and where each
/// value came from. Never a secret: the credential shows as its kind only.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the resolved service (endpoint, project, region, auth) and where each value came from.",
        discussion: "Sends nothing: IAM is not asked for a token. Secrets are never printed."
    )

    @OptionGroup var service: ServiceOptions

    @Option(help: "text, or json: one JSON object.")
    var output: OutputFormat = .text

    func run() throws {
        let environment = ProcessEnvironment.current()
        let resolver = ServiceResolver(
            flags: service.flags, environment: environment, readFile: ServiceResolver.readFileFromDisk)
        let report = Self.report(try resolver.resolve())
        switch output {
        case .json:
            FileHandle.standardOutput.write(Data(report.serializedBytes() + [UInt8(ascii: "\n")]))
        case .text:
            FileHandle.standardOutput.write(Data(Self.text(report).utf8))
        }
    }

    /// The object both formats print.
    static func report(_ choice: ServiceChoice) -> JSONValue {
        switch choice {
        case .emulator(let statePath):
            return [
                "endpoint": "embedded emulator", "projectID": .string(ServiceFactory.emulatorProjectID),
                "region": "local", "auth": "none", "emulator": true, "emulatorState": .string(statePath),
                "sources": ["endpoint": "default (nothing configured)"],
            ]
        case .cloud(let target):
            var object: JSONValue = [
                "endpoint": .string(target.endpoint),
                "projectID": target.projectID.isEmpty ? .null : .string(target.projectID),
                "region": target.region.map { .string($0) } ?? .null,
                "auth": .string(target.credential.kind),
                "emulator": false,
            ]
            if case .password(let login) = target.credential {
                object["iam"] = [
                    "authURL": .string(login.authURL), "username": .string(login.username),
                    "domain": .string(login.domainName),
                    "project": login.projectID.map { .string($0) } ?? login.projectName.map { .string($0) } ?? .null,
                ]
            }
            if case .accessKey(let ak, _) = target.credential {
                object["accessKey"] = .string(Credential.mask(ak))
            }
            var sources = JSONValue.object([:])
            for key in ["endpoint", "projectID", "region", "auth"] {
                if let source = target.sources[key] { sources[key] = .string(source) }
            }
            object["sources"] = sources
            return object
        }
    }

    static func text(_ report: JSONValue) -> String {
        var lines: [String] = []
        func show(_ value: JSONValue?) -> String {
            switch value {
            case .string(let s)?: return s
            case .bool(let b)?: return b ? "yes" : "no"
            case nil, .null?: return "-"
            case let other?: return String(decoding: other.serializedBytes(), as: UTF8.self)
            }
        }
        let sources = report["sources"]
        for key in ["endpoint", "projectID", "region", "auth", "emulator", "emulatorState", "accessKey"] {
            guard let value = report[key] else { continue }
            var line = "\(key):".padding(toLength: 15, withPad: " ", startingAt: 0) + show(value)
            if let source = sources?[key]?.stringValue { line += "    (from \(source))" }
            lines.append(line)
        }
        if let iam = report["iam"] {
            for key in ["authURL", "username", "domain", "project"] {
                lines.append("iam.\(key):".padding(toLength: 15, withPad: " ", startingAt: 0) + show(iam[key]))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
