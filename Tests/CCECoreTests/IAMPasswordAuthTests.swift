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
            201, ["token": ["project": ["id": .string(project), "name": "eu-de"], "expires_at": "2099-01-01T00:00:00.000000Z"]],
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
        #expect(requests.map { "\($0.method) \($0.baseURL)\($0.path)" } == [
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
            baseURL: "https://cce.example.com", projectID: "p", region: "eu-de", auth: .password(iam), transport: transport)
        _ = try await client.listClusters(query: [])
        let requests = await transport.requests
        #expect(requests.count == 4)
        #expect(requests[3].header("X-Auth-Token") == "tok-2")
        // The configured project wins over the token's.
        #expect(requests[3].path == "/api/v3/projects/p/clusters")
    }

    @Test func aWrongPasswordIsAClearErrorThatNamesIAM() async throws {
        let transport = ScriptedTransport([
            .json(401, ["error": ["code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"]])
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

@Suite("Service error hints")
struct ServiceErrorHintTests {
    @Test func unauthorizedCCEExplainsTheOneTimeAuthorization() {
        // The body OTC answered in the OTC Terraform provider's issue 996.
        let body = #"{"error_code":"CCE_CM.0201","error_msg":"Request body invalid","message":"Need authorize CCE to operate user resources","errorCode":"E.CFE.4000201","reason":"Request body invalid"}"#
        let e = CCEClientError.fromResponse(TransportResponse(status: 400, body: Array(body.utf8)))
        #expect(e.hint?.contains("authorized once per project") == true)
        let other = CCEClientError.fromResponse(TransportResponse(status: 400, body: Array(#"{"error_msg":"bad flavor"}"#.utf8)))
        #expect(other.hint == nil)
    }
}

@Suite("Error bodies that are not JSON")
struct NonJSONErrorBodyTests {
    @Test func anHTMLPageIsSummarisedByItsTitle() {
        let page = "<!DOCTYPE html>\n<html><head><title>502 Bad\n  Gateway</title><style>body{}</style></head>"
            + "<body>" + String(repeating: "<p>noise</p>", count: 500) + "</body></html>"
        let e = CCEClientError.fromResponse(TransportResponse(status: 502, body: Array(page.utf8)))
        #expect(e.message == "an HTML error page: \u{201C}502 Bad Gateway\u{201D}")
        #expect(e.description.hasPrefix("HTTP 502: an HTML error page"))
        #expect(!e.description.contains("<p>"))
    }

    @Test func controlBytesAreEscaped() {
        let e = CCEClientError.fromResponse(TransportResponse(status: 500, body: [0x1B, 0x5B, 0x32, 0x4A, 0x41, 0x07]))
        #expect(e.message == "\\u{1b}[2JA\\u{7}")
    }
}
