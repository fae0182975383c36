import CCETestSupport
import Foundation
import Testing

/// Issue 13 end to end: IAM password, clouds.yaml, regions, `cce config`, script-path runs,
/// against the IAM door of a `cce serve` on loopback. No secret may appear in any output.
@Suite("Configuration and authentication (end to end)")
struct ConfigurationCommandTests {
    static let password = "Pa55-word!for-IAM"
    static let user = "alice"
    static let domain = "OTC00000000001000099999"

    /// A `cce serve` with one IAM user; stopped when the returned value goes.
    final class Server {
        let process: ChildProcess
        let url: String
        let home: URL

        init() throws {
            home = try TempDir.make()
            var env = Binary.environment(
                [
                    "CCE_EMULATOR_IAM_USER": ConfigurationCommandTests.user,
                    "CCE_EMULATOR_IAM_PASSWORD": ConfigurationCommandTests.password,
                    "CCE_EMULATOR_IAM_DOMAIN": ConfigurationCommandTests.domain,
                ], home: home)
            env["CCE_EMULATOR_DB"] = ":memory:"
            process = try ChildProcess(
                Binary.url.path, ["serve", "--db", ":memory:", "--create-seconds", "0.2", "--quiet"], environment: env)
            guard let line = process.readLine(timeout: .seconds(30)),
                let range = line.range(of: #"http://[0-9.]+:[0-9]+"#, options: .regularExpression)
            else {
                _ = process.kill9()
                throw SpawnError(message: "cce serve printed no URL")
            }
            url = String(line[range])
        }

        deinit {
            process.signal(SIGTERM)
            _ = process.wait(timeout: .seconds(10))
            try? FileManager.default.removeItem(at: home)
        }
    }

    func passwordEnvironment(_ server: Server, password: String = ConfigurationCommandTests.password) -> [String:
        String]
    {
        [
            "OS_AUTH_URL": server.url + "/v3", "OS_USERNAME": Self.user, "OS_PASSWORD": password,
            "OS_USER_DOMAIN_NAME": Self.domain, "OS_PROJECT_NAME": "eu-de", "CCE_ENDPOINT": server.url,
        ]
    }

    static let script = """
        let c = cluster("iam-demo").type("VirtualMachine").flavor("cce.s1.small")
          .vpc("23d3725f-6ffe-400e-8fb6-b4f9a7b3e8c1").subnet("c90b3ce5-e1f1-4c87-a006-644d78846438")
          .containerNetwork({mode: "overlay_l2"})
        print(ensure(c, timeout: 1m).status.phase, len(clusters()))
        """

    @Test func passwordLoginCreatesThroughTheIAMDoor() throws {
        let server = try Server()
        let file = try TempDir.script(Self.script)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        // The script by its path (as its shebang line runs it), logged in through the IAM door.
        let r = try Binary.run([file.path], env: passwordEnvironment(server))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Available 1\n")
        // `cce config` shows the same login, sends nothing, and never the password.
        let config = try Binary.run(["config", "--output", "json"], env: passwordEnvironment(server))
        #expect(config.status == 0, "\(config.stderr)")
        #expect(config.stdout.contains(#""auth":"password""#))
        #expect(config.stdout.contains(#""projectID":null"#))
        #expect(config.stdout.contains(#""authURL":"\#(server.url)/v3""#))
        #expect(!config.stdout.contains(Self.password) && !config.stderr.contains(Self.password))
        #expect(!r.stdout.contains(Self.password) && !r.stderr.contains(Self.password))
        // A script cannot read the password from its environment either.
        let peek = try Binary.run(["-e", #"env("OS_PASSWORD", "hidden")"#], env: passwordEnvironment(server))
        #expect(peek.stdout == "\"hidden\"\n", "\(peek.stderr)")
        // A wrong password: a clear error naming IAM, exit 4, and the password nowhere.
        let wrong = "Wr0ng-password-xyz"
        let bad = try Binary.run(["-e", "clusters()"], env: passwordEnvironment(server, password: wrong))
        #expect(bad.status == 4, "\(bad.stderr)")
        #expect(bad.stderr.contains("IAM refused the login of user alice"))
        #expect(!bad.stderr.contains(wrong) && !bad.stdout.contains(wrong))
    }

    @Test func aRegionScopesTheLoginWhenNoProjectIsNamed() throws {
        // OS_REGION_NAME without OS_PROJECT_NAME: the login is scoped to the project named
        // after the region (OTC's convention), and the IAM door answers with that name.
        let server = try Server()
        var env = passwordEnvironment(server)
        env["OS_PROJECT_NAME"] = nil
        env["OS_REGION_NAME"] = "eu-nl"
        let r = try Binary.run(["-e", "len(clusters())"], env: env)
        #expect(r.status == 0, "\(r.stderr)")
        let config = try Binary.run(["config"], env: env)
        #expect(config.stdout.contains("iam.project:   eu-nl"), "\(config.stdout)")
        #expect(config.stdout.contains("region:        eu-nl    (from environment)"), "\(config.stdout)")
    }

    @Test func cloudsYAMLWithSecureYAMLSelectsTheCloud() throws {
        let server = try Server()
        let dir = try TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The password lives in secure.yaml, merged over the clouds.yaml entry.
        try """
        clouds:
          other:
            auth: {auth_url: "http://127.0.0.1:9/v3", username: x, password: y}
          lab:
            region_name: eu-de
            auth:
              auth_url: \(server.url)/v3
              username: \(Self.user)
              user_domain_name: \(Self.domain)
              project_name: eu-de
        """.write(to: dir.appendingPathComponent("clouds.yaml"), atomically: true, encoding: .utf8)
        try "clouds:\n  lab:\n    auth:\n      password: \"\(Self.password)\"\n".write(
            to: dir.appendingPathComponent("secure.yaml"), atomically: true, encoding: .utf8)
        let env = ["OS_CLOUD": "lab", "CCE_ENDPOINT": server.url]
        let r = try Binary.run(["-e", "len(clusters())"], env: env, cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "0\n")
        let config = try Binary.run(
            ["config", "--output", "json", "--cloud", "lab"], env: ["CCE_ENDPOINT": server.url], cwd: dir)
        #expect(config.status == 0, "\(config.stderr)")
        #expect(config.stdout.contains(#""auth":"password""#))
        #expect(config.stdout.contains("clouds.yaml lab"))
        #expect(!config.stdout.contains(Self.password))
        let missing = try Binary.run(["--cloud", "nope", "-e", "1"], env: [:], cwd: dir)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("has no cloud \"nope\" (it has: lab, other)"))
    }

    @Test func configShowsSourcesAndNeverASecret() throws {
        let token = "tok-\(UUID().uuidString)"
        let r = try Binary.run(
            ["config", "--output", "json", "--project-id", "p1"], env: ["CCE_TOKEN": token, "OS_REGION_NAME": "eu-ch2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#""endpoint":"https://cce.eu-ch2.sc.otc.t-systems.com""#))
        #expect(r.stdout.contains(#""auth":"token""#))
        #expect(r.stdout.contains(#""projectID":"flag""#))
        #expect(r.stdout.contains(#""region":"environment""#))
        #expect(!r.stdout.contains(token) && !r.stderr.contains(token))
        let text = try Binary.run(["config"], env: [:])
        #expect(text.status == 0)
        #expect(text.stdout.contains("emulator:      yes"))
        let unknown = try Binary.run(
            ["config", "--region", "mars-1"], env: ["CCE_TOKEN": token, "CCE_PROJECT_ID": "p"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown region \"mars-1\""))
        #expect(unknown.stderr.contains("eu-west-101"))
    }

    @Test func scriptRunsByItsPathAndVersionPrints() throws {
        let file = try TempDir.script("#!/usr/bin/env cce\nprint(\"hello\", args)\n", name: "hello.cce")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let r = try Binary.run([file.path, "a", "b"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "hello [\"a\", \"b\"]\n")
        let version = try Binary.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("0."))
        // The shortcut in `CCE.main` prints what argument-parser prints for a version request.
        let viaParser = try Binary.run(["--version", "--version"])
        #expect(viaParser.status == 0)
        #expect(version.stdout == viaParser.stdout)
    }

    @Test func replEchoesNothingForNullAndABlankLineEndsAnEntry() throws {
        let r = try Binary.run([], stdin: "print(\"x\")\nnull\n1\nlet l = [1,\n\n:help flavor\n")
        #expect(r.stdout.hasPrefix("x\n1\n"), "\(r.stdout)")
        #expect(r.stdout.contains("cluster method .flavor(a string)"))
        #expect(r.stdout.contains("values: cce.s1.small"))
        #expect(r.stderr.contains("<repl>:"), "\(r.stderr)")
    }
}
