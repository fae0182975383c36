import Foundation
import Testing

@testable import cce

@Suite("Service resolution")
struct ServiceResolutionTests {
    static let home = "/home/u"

    func resolve(
        _ flags: ServiceFlags = ServiceFlags(), env: [String: String] = [:], files: [String: String] = [:]
    ) throws(ServiceConfigurationError) -> ServiceChoice {
        var environment = env
        environment["HOME"] = environment["HOME"] ?? Self.home
        return try ServiceResolver(flags: flags, environment: environment, readFile: { files[$0] }).resolve()
    }

    func cloud(_ choice: ServiceChoice) throws -> CloudTarget {
        guard case .cloud(let t) = choice else {
            Issue.record("expected a cloud target, got \(choice)")
            throw ServiceConfigurationError(message: "not cloud")
        }
        return t
    }

    @Test func nothingConfiguredMeansTheEmulatorUnderXDGData() throws {
        #expect(try resolve() == .emulator(statePath: "/home/u/.local/share/cce/emulator.sqlite"))
        #expect(try resolve(env: ["XDG_DATA_HOME": "/d"]) == .emulator(statePath: "/d/cce/emulator.sqlite"))
        #expect(try resolve(env: ["CCE_EMULATOR_DB": ":memory:"]) == .emulator(statePath: ":memory:"))
    }

    @Test func environmentTokenAndEndpoint() throws {
        let t = try cloud(
            resolve(env: [
                "CCE_ENDPOINT": "https://cce.example.com/", "CCE_PROJECT_ID": "p1", "CCE_TOKEN": "tok-secret-1",
            ]))
        #expect(t.endpoint == "https://cce.example.com")
        #expect(t.projectID == "p1")
        #expect(t.credential == .token("tok-secret-1"))
        #expect(t.origin == "environment")
        #expect(!t.description.contains("tok-secret-1"))
    }

    @Test func flagsBeatEnvironmentFieldByField() throws {
        let flags = ServiceFlags(endpoint: "https://flag.example.com", projectID: "pf")
        let t = try cloud(
            resolve(
                flags,
                env: ["CCE_ENDPOINT": "https://env.example.com", "CCE_PROJECT_ID": "pe", "OS_AUTH_TOKEN": "tok-os"]))
        #expect(t.endpoint == "https://flag.example.com")
        #expect(t.projectID == "pf")
        #expect(t.credential == .token("tok-os"))
        #expect(t.origin == "flags")
    }

    @Test func regionImpliesTheEndpoint() throws {
        let otc = try cloud(resolve(env: ["OS_REGION_NAME": "eu-de", "OS_PROJECT_ID": "p", "CCE_TOKEN": "tttt"]))
        #expect(otc.endpoint == "https://cce.eu-de.otc.t-systems.com")
        #expect(otc.region == "eu-de")
        let hw = try cloud(
            resolve(
                ServiceFlags(region: "ap-southeast-1"), env: ["HUAWEICLOUD_SDK_PROJECT_ID": "p", "CCE_TOKEN": "tttt"]))
        #expect(hw.endpoint == "https://cce.ap-southeast-1.myhuaweicloud.com")
    }

    @Test func accessKeyPairFromEnvironment() throws {
        let t = try cloud(
            resolve(env: [
                "CCE_REGION": "eu-de", "CCE_PROJECT_ID": "p", "HUAWEICLOUD_SDK_AK": "AKAKAKAKAKAK",
                "HUAWEICLOUD_SDK_SK": "SKSKSKSKSKSKSK",
            ]))
        #expect(t.credential == .accessKey(ak: "AKAKAKAKAKAK", sk: "SKSKSKSKSKSKSK"))
        #expect(!t.credential.description.contains("SKSKSKSKSKSKSK"))
        #expect(!t.credential.description.contains("AKAKAKAKAKAK"))
        #expect(throws: ServiceConfigurationError.self) {
            try resolve(env: ["CCE_REGION": "eu-de", "CCE_PROJECT_ID": "p", "HUAWEICLOUD_SDK_AK": "AK"])
        }
    }

    @Test func tokenFileIsReadAndTrimmed() throws {
        let t = try cloud(
            resolve(
                ServiceFlags(endpoint: "https://x.example.com", projectID: "p", tokenFile: "~/tok"),
                files: ["/home/u/tok": "  file-token-value\n"]))
        #expect(t.credential == .token("file-token-value"))
        #expect(throws: ServiceConfigurationError.self) {
            try resolve(ServiceFlags(endpoint: "https://x.example.com", projectID: "p", tokenFile: "/missing"))
        }
        #expect(throws: ServiceConfigurationError.self) {
            try resolve(
                ServiceFlags(endpoint: "https://x.example.com", projectID: "p", tokenFile: "/empty"),
                files: ["/empty": "\n"])
        }
    }

    static let profileText = """
        # my clouds
        [default]
        endpoint = https://cce.eu-de.otc.t-systems.com
        project_id = pdef
        token_file = ~/.config/cce/token   # trailing comment

        [lab]
        region = eu-nl
        project_id = plab
        access_key = LABAKLABAK
        secret_key = LABSKLABSK
        """

    @Test func defaultProfileIsUsedWhenNothingElseIs() throws {
        let files = ["/home/u/.config/cce/config": Self.profileText, "/home/u/.config/cce/token": "ptok\n"]
        let t = try cloud(resolve(files: files))
        #expect(t.endpoint == "https://cce.eu-de.otc.t-systems.com")
        #expect(t.projectID == "pdef")
        #expect(t.credential == .token("ptok"))
        #expect(t.origin == "profile default")
    }

    @Test func namedProfileFromFlagOrEnvironment() throws {
        let files = ["/x/cce/config": Self.profileText]
        let byFlag = try cloud(resolve(ServiceFlags(profile: "lab"), env: ["XDG_CONFIG_HOME": "/x"], files: files))
        #expect(byFlag.endpoint == "https://cce.eu-nl.otc.t-systems.com")
        #expect(byFlag.credential == .accessKey(ak: "LABAKLABAK", sk: "LABSKLABSK"))
        let byEnv = try cloud(resolve(env: ["XDG_CONFIG_HOME": "/x", "CCE_PROFILE": "lab"], files: files))
        #expect(byEnv.projectID == "plab")
        // The environment still beats the profile, field by field.
        let mixed = try cloud(
            resolve(
                ServiceFlags(profile: "lab"), env: ["XDG_CONFIG_HOME": "/x", "CCE_PROJECT_ID": "penv"], files: files))
        #expect(mixed.projectID == "penv")
    }

    @Test func missingOrBrokenProfilesAreClearErrors() throws {
        do {
            _ = try resolve(
                ServiceFlags(profile: "nope"), env: ["XDG_CONFIG_HOME": "/x"],
                files: ["/x/cce/config": Self.profileText])
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("no profile [nope]"))
            #expect(error.message.contains("default, lab"))
        }
        do {
            _ = try resolve(env: ["XDG_CONFIG_HOME": "/x"], files: ["/x/cce/config": "[a]\nendpont = https://x\n"])
            Issue.record("expected an error")
        } catch {
            #expect(error.message.hasPrefix("/x/cce/config:2: unknown key `endpont`"))
        }
        #expect(throws: ServiceConfigurationError.self) { try resolve(ServiceFlags(profile: "p")) }
        #expect(throws: ServiceConfigurationError.self) {
            try resolve(env: ["XDG_CONFIG_HOME": "/x"], files: ["/x/cce/config": "endpoint = https://x\n"])
        }
    }

    @Test func incompleteCloudConfigurationsAreErrorsNotTheEmulator() throws {
        // Credentials without anywhere to send them.
        #expect(throws: ServiceConfigurationError.self) { try resolve(env: ["CCE_TOKEN": "tttt"]) }
        // An endpoint without a project.
        #expect(throws: ServiceConfigurationError.self) {
            try resolve(env: ["CCE_ENDPOINT": "https://x.example.com", "CCE_TOKEN": "t"])
        }
        // An endpoint without credentials (not loopback).
        #expect(throws: ServiceConfigurationError.self) {
            try resolve(env: ["CCE_ENDPOINT": "https://x.example.com", "CCE_PROJECT_ID": "p"])
        }
        // Not a URL.
        #expect(throws: ServiceConfigurationError.self) {
            try resolve(ServiceFlags(endpoint: "cce.example.com", projectID: "p"))
        }
    }

    @Test func loopbackEndpointNeedsNoCredentials() throws {
        let t = try cloud(resolve(ServiceFlags(endpoint: "http://127.0.0.1:8080", projectID: "p")))
        #expect(t.credential == .none)
        #expect(ServiceResolver.isLoopback("http://localhost:1"))
        #expect(!ServiceResolver.isLoopback("http://example.com"))
        for url in ["http://LOCALHOST", "http://[::1]:8080/x", "http://127.1.2.3", "https://127.0.0.1:443"] {
            #expect(ServiceResolver.isLoopback(url), "\(url)")
        }
        for url in [
            "http://128.0.0.1", "http://localhost.example.com", "http://xn--bcher-kva.example", "http://", "nonsense",
        ] {
            #expect(!ServiceResolver.isLoopback(url), "\(url)")
        }
    }

    @Test func regionsImplyTheirCloudsHosts() throws {
        func endpoint(_ region: String) throws(ServiceConfigurationError) -> String {
            let choice = try resolve(ServiceFlags(region: region), env: ["CCE_PROJECT_ID": "p", "CCE_TOKEN": "tttt"])
            guard case .cloud(let t) = choice else { throw ServiceConfigurationError(message: "not cloud") }
            return t.endpoint
        }
        #expect(try endpoint("eu-nl") == "https://cce.eu-nl.otc.t-systems.com")
        #expect(try endpoint("eu-ch2") == "https://cce.eu-ch2.sc.otc.t-systems.com")
        #expect(try endpoint("eu-west-101") == "https://cce.eu-west-101.myhuaweicloud.eu")
        #expect(try endpoint("eu-west-0") == "https://cce.eu-west-0.myhuaweicloud.com")
        #expect(try endpoint("cn-north-4") == "https://cce.cn-north-4.myhuaweicloud.com")
        do {
            _ = try endpoint("eu-xx-9")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("unknown region \"eu-xx-9\""))
            #expect(error.message.contains("eu-de") && error.message.contains("ap-southeast-1"))
        }
        #expect(Regions.endpoints(for: "eu-ch2")?.iam == "https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3")
        #expect(Regions.endpoints(for: "eu-west-101")?.iam == "https://iam.eu-west-101.myhuaweicloud.eu/v3")
    }

    @Test func passwordFromTheOpenrcVariables() throws {
        let env = [
            "OS_USERNAME": "alice", "OS_PASSWORD": "pw-secret-1", "OS_USER_DOMAIN_NAME": "OTC0001",
            "OS_PROJECT_NAME": "eu-de_lab", "OS_REGION_NAME": "eu-de",
        ]
        let t = try cloud(resolve(env: env))
        #expect(t.endpoint == "https://cce.eu-de.otc.t-systems.com")
        #expect(t.projectID == "")  // from the token
        #expect(
            t.credential
                == .password(
                    PasswordLogin(
                        authURL: "https://iam.eu-de.otc.t-systems.com/v3", username: "alice", password: "pw-secret-1",
                        domainName: "OTC0001", projectID: nil, projectName: "eu-de_lab")))
        #expect(!t.description.contains("pw-secret-1"))
        #expect(t.credential.secrets == ["pw-secret-1"])
        #expect(t.sources["auth"] == "environment" && t.sources["projectID"] == "the IAM token")
        // OS_DOMAIN_NAME stands in for OS_USER_DOMAIN_NAME; OS_AUTH_URL wins over the region's IAM.
        var other = env
        other["OS_USER_DOMAIN_NAME"] = nil
        other["OS_DOMAIN_NAME"] = "D2"
        other["OS_AUTH_URL"] = "https://iam.example.com/v3"
        guard case .password(let p) = try cloud(resolve(env: other)).credential else {
            Issue.record("expected a password login")
            return
        }
        #expect(p.domainName == "D2" && p.authURL == "https://iam.example.com/v3")
        // Half a login, or no domain, is a usage error.
        #expect(throws: ServiceConfigurationError.self) {
            try resolve(env: ["OS_USERNAME": "a", "OS_REGION_NAME": "eu-de"])
        }
        #expect(throws: ServiceConfigurationError.self) {
            try resolve(env: ["OS_USERNAME": "a", "OS_PASSWORD": "b", "OS_REGION_NAME": "eu-de"])
        }
    }

    @Test func profileTakesPasswordKeysAndCommentsAfterHeaders() throws {
        let text = """
            [default]    # the README's snippet has a comment here
            region = eu-de ; and here
            username = bob
            password = p#ss-w0rd
            user_domain_name = OTC0002
            """
        let t = try cloud(resolve(files: ["/home/u/.config/cce/config": text]))
        guard case .password(let p) = t.credential else {
            Issue.record("expected a password login, got \(t.credential)")
            return
        }
        #expect(p.username == "bob" && p.password == "p#ss-w0rd" && p.projectName == "eu-de")
        #expect(t.sources["auth"] == "profile default")
    }

    @Test func cloudsYAMLIsSearchedAndMergedWithSecureYAML() throws {
        let clouds = """
            clouds:
              otc:
                region_name: eu-nl
                auth:
                  auth_url: https://iam.eu-nl.otc.t-systems.com/v3
                  username: carol
                  project_id: 0123abcd
                  user_domain_name: OTC0003
              keys:
                region_name: eu-de
                auth: {project_id: p9, ak: AKCLOUDS01, sk: SKCLOUDS01}
            """
        let files = [
            "/home/u/.config/openstack/clouds.yaml": clouds,
            "/etc/openstack/secure.yaml": "clouds:\n  otc:\n    auth:\n      password: from-secure\n",
        ]
        let t = try cloud(resolve(ServiceFlags(cloud: "otc"), files: files))
        #expect(t.endpoint == "https://cce.eu-nl.otc.t-systems.com")
        #expect(t.projectID == "0123abcd")
        guard case .password(let p) = t.credential else {
            Issue.record("expected a password login")
            return
        }
        #expect(p.password == "from-secure" && p.projectID == "0123abcd")
        #expect(
            t.sources["auth"]?.hasPrefix(
                "clouds.yaml otc (/home/u/.config/openstack/clouds.yaml + /etc/openstack/secure.yaml)") == true)
        let keys = try cloud(resolve(env: ["OS_CLOUD": "keys"], files: files))
        #expect(keys.credential == .accessKey(ak: "AKCLOUDS01", sk: "SKCLOUDS01"))
        // ./clouds.yaml comes first.
        var here = files
        here["/work/clouds.yaml"] =
            "clouds:\n  otc:\n    region_name: eu-de\n    auth: {token: tok-here, project_id: p}\n"
        let local = try cloud(
            ServiceResolver(
                flags: ServiceFlags(cloud: "otc"), environment: ["HOME": Self.home], readFile: { here[$0] },
                currentDirectory: "/work"
            ).resolve())
        #expect(local.credential == .token("tok-here"))
        #expect(throws: ServiceConfigurationError.self) { try resolve(ServiceFlags(cloud: "otc")) }
        #expect(throws: ServiceConfigurationError.self) {
            try resolve(ServiceFlags(cloud: "x"), files: ["/etc/openstack/clouds.yaml": "clouds: [1, 2"])
        }
    }

    @Test func byteSearchFindsSecretsAnywhere() {
        for (text, part, found) in [
            ("abcdef", "cde", true), ("abcdef", "def", true), ("abcdef", "abc", true), ("abc", "abcd", false),
            ("", "a", false), ("x", "", true), ("aaab", "aab", true), ("TOKEN=s3cr3t!", "s3cr3t", true),
            ("grüße", "üß", true), ("abcdef", "cdf", false),
        ] {
            #expect(Session.bytes(of: text, contain: part) == found, "\(text) / \(part)")
        }
        let session = Session(
            choice: .emulator(statePath: ":memory:"),
            environment: ["CCE_TOKEN": "tok-123456", "HOME": "/h", "COPY": "x-tok-123456-y", "SHORT": "abc"])
        let visible = session.scriptEnvironment
        #expect(visible["HOME"] == "/h" && visible["SHORT"] == "abc")
        #expect(visible["CCE_TOKEN"] == nil && visible["COPY"] == nil)
    }

    @Test func pathArithmeticMatchesFoundation() throws {
        let cwd = FileManager.default.currentDirectoryPath
        for path in [
            "/a/b/c.cce", "/c.cce", "/a/b/", "rel/x.cce", "x.cce", "./x.cce", "../up/x.cce", "/a//b/./c/../d.cce",
        ] {
            let url = URL(fileURLWithPath: path)
            // As imports see them: standardized (`Interpreter.absolute`), where URL's own
            // `standardized` keeps `//` and cannot climb above a relative URL's base.
            #expect(
                Paths.standardized(Paths.directory(of: Paths.absolute(path)))
                    == (url.deletingLastPathComponent().path as NSString).standardizingPath, "\(path)")
            #expect(Paths.standardized(path) == (url.path as NSString).standardizingPath, "\(path)")
        }
        #expect(Paths.directory(of: "/") == "/")
        #expect(Paths.absolute("x") == cwd + "/x")
        // Symbolic links resolve; a missing file is only made absolute.
        let dir = try TempDir.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("real")
        try "".write(to: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: dir.appendingPathComponent("link").path, withDestinationPath: target.path)
        #expect(Paths.resolved(dir.appendingPathComponent("link").path) == target.resolvingSymlinksInPath().path)
        #expect(Paths.resolved("/no/such/dir/../cce") == "/no/such/cce")
        #expect(Paths.currentDirectory() == cwd)
        #expect(Paths.exists(target.path) && Paths.exists(dir.appendingPathComponent("link").path))
        #expect(Paths.exists(dir.path))
        #expect(!Paths.exists(dir.appendingPathComponent("missing").path))
    }

    /// The command reads the environment from `environ` itself (start-up time); it must see
    /// what Foundation sees.
    @Test func theEnvironmentIsWhatFoundationReads() {
        let ours = ProcessEnvironment.current()
        #expect(ours == ProcessInfo.processInfo.environment)
        #expect(ours["PATH"] != nil)
    }
}
