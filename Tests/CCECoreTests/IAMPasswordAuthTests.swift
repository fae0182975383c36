import Foundation
import Testing

@testable import CCECore

@Suite("IAM password authentication")
struct IAMPasswordAuthTests {
    static let credentials = IAMPasswordAuth.Credentials(
        authURL: "https://iam.eu-de.otc.t-systems.com/v3/", username: "alice", password: "Secret-Pa55!",
        domainName: "OTC0001", projectID: nil, projectName: "eu-de")

    static func tokenResponse(_ token: String, project: String = "proj-1") -> ScriptedTransport.Step {
        .json(
            201,
            [
                "token": [
                    "project": ["id": .string(project), "name": "eu-de"], "expires_at": "2099-01-01T00:00:00.000000Z",
                ]
            ],
            headers: [("X-Subject-Token", token)])
    }

    @Test func logsInWithTheDocumentedBodyAndUsesTheTokensProject() async throws {
        let transport = ScriptedTransport([
            Self.tokenResponse("tok-1"), .json(200, ["items": []]),
        ])
        let iam = IAMPasswordAuth(credentials: Self.credentials, transport: transport)
        let client = CCEClient(
            baseURL: "https://cce.eu-de.otc.t-systems.com", projectID: "", region: "eu-de", auth: .password(iam),
            transport: transport)
        _ = try await client.listClusters(query: [])
        let requests = await transport.requests
        #expect(
            requests.map { "\($0.method) \($0.baseURL)\($0.path)" } == [
                "POST https://iam.eu-de.otc.t-systems.com/v3/auth/tokens",
                "GET https://cce.eu-de.otc.t-systems.com/api/v3/projects/proj-1/clusters",
            ])
        let body = try JSONValue.parse(requests[0].body)
        #expect(body["auth"]?["identity"]?["methods"] == ["password"])
        #expect(body["auth"]?["identity"]?["password"]?["user"]?["domain"]?["name"] == "OTC0001")
        #expect(body["auth"]?["scope"]?["project"]?["name"] == "eu-de")
        #expect(requests[1].header("X-Auth-Token") == "tok-1")
        #expect(!"\(client)".contains("Secret-Pa55!"))
        #expect(!iam.description.contains("Secret-Pa55!"))
    }

    @Test func a401LogsInAgainOnceAndResends() async throws {
        let transport = ScriptedTransport([
            Self.tokenResponse("tok-1"), .json(401, ["error_code": "APIGW.0301", "error_msg": "token expired"]),
            Self.tokenResponse("tok-2"), .json(200, ["items": []]),
        ])
        let iam = IAMPasswordAuth(credentials: Self.credentials, transport: transport)
        let client = CCEClient(
            baseURL: "https://cce.example.com", projectID: "p", region: "eu-de", auth: .password(iam),
            transport: transport)
        _ = try await client.listClusters(query: [])
        let requests = await transport.requests
        #expect(requests.count == 4)
        #expect(requests[3].header("X-Auth-Token") == "tok-2")
        // The configured project wins over the token's.
        #expect(requests[3].path == "/api/v3/projects/p/clusters")
    }

    @Test func aWrongPasswordIsAClearErrorThatNamesIAM() async throws {
        let transport = ScriptedTransport([
            .json(
                401,
                [
                    "error": [
                        "code": 401, "message": "The request you have made requires authentication.",
                        "title": "Unauthorized",
                    ]
                ])
        ])
        let iam = IAMPasswordAuth(credentials: Self.credentials, transport: transport)
        await #expect {
            _ = try await iam.token()
        } throws: { error in
            guard let e = error as? CCEClientError else { return false }
            return e.isUnauthorized && e.message.contains("IAM refused the login of user alice")
                && !e.message.contains("Secret-Pa55!")
        }
    }

    @Test func expiryIsParsed() {
        #expect(IAMPasswordAuth.parseISO8601("1970-01-02T00:00:01.000000Z") == .seconds(86401))
        #expect(IAMPasswordAuth.parseISO8601("2026-12-04T01:02:03Z") == .seconds(1_796_346_123))
        #expect(IAMPasswordAuth.parseISO8601("nonsense") == nil)
    }
}
