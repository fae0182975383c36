import CCECore
import Foundation
import Synchronization

/// The emulator's IAM door (WIRE.md §6, WIRE-LIFECYCLE §8), so that password authentication
/// runs offline and in tests: `POST /v3/auth/tokens` (password method, project scope by name
/// or id) answers 201 with `X-Subject-Token`, and `GET /v3/projects?name=` lists the one
/// project. Tokens it issues are accepted by the CCE routes for 24 hours, as IAM's are.
final class IAMDoor: Sendable {
    /// token → expiry (seconds since 1970).
    private let issued = Mutex<[String: Double]>([:])

    func accepts(_ token: String, now: Double) -> Bool {
        issued.withLock { tokens in
            guard let expiry = tokens[token] else { return false }
            return expiry > now
        }
    }

    func issue(now: Double) -> (token: String, expiresAt: Double) {
        // 64 random bytes, hex: IAM tokens are long opaque strings too.
        var bytes = [UInt8](repeating: 0, count: 64)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        let token = "MII" + bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        let expiry = now + 24 * 3600
        issued.withLock { tokens in
            tokens = tokens.filter { $0.value > now }
            tokens[token] = expiry
        }
        return (token, expiry)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

extension EmulatorRouter {
    /// The project id the IAM door scopes tokens to.
    var iamProjectID: String { configuration.projectID ?? "0123456789abcdef0123456789abcdef" }

    /// Answers `/v3/...` (IAM) requests: (status, body, extra headers).
    func handleIAM(_ request: TransportRequest, parts: [String], now: Double) -> (Int, JSONValue, [(String, String)]) {
        let method = request.method.uppercased()
        switch (method, parts) {
        case ("POST", ["v3", "auth", "tokens"]):
            return passwordLogin(request, now: now)
        case ("GET", ["v3", "projects"]):
            guard let token = request.header("X-Auth-Token"), iam.accepts(token, now: now) else {
                return (401, Self.iamError(401, "The request you have made requires authentication."), [])
            }
            let wanted = request.query.first(where: { $0.name == "name" })?.value
            let name = wanted ?? "eu-de"
            let project: JSONValue = [
                "id": .string(iamProjectID), "name": .string(name), "enabled": true, "domain_id": "emulator-domain",
            ]
            return (200, ["projects": [project], "links": ["self": .string(request.baseURL + "/v3/projects")]], [])
        default:
            return (404, Self.iamError(404, "The resource could not be found."), [])
        }
    }

    private func passwordLogin(_ request: TransportRequest, now: Double) -> (Int, JSONValue, [(String, String)]) {
        guard let body = try? JSONValue.parse(request.body), body.objectValue != nil else {
            return (400, Self.iamError(400, "The request body is not a JSON object."), [])
        }
        let identity = body["auth"]?["identity"]
        guard identity?["methods"]?.arrayValue?.contains(where: { $0.stringValue == "password" }) == true,
            let user = identity?["password"]?["user"], let name = user["name"]?.stringValue,
            let password = user["password"]?.stringValue
        else {
            return (
                400, Self.iamError(400, "auth.identity must use the password method with user.name and user.password"),
                []
            )
        }
        let domain = user["domain"]?["name"]?.stringValue
        guard let expected = configuration.iamUser, expected.name == name,
            constantTimeEqual(expected.password, password),
            expected.domain == nil || expected.domain == domain
        else {
            return (401, Self.iamError(401, "The request you have made requires authentication."), [])
        }
        let scope = body["auth"]?["scope"]?["project"]
        if let id = scope?["id"]?.stringValue, id != iamProjectID {
            return (401, Self.iamError(401, "The project \(id) does not exist or the user has no role in it."), [])
        }
        let projectName = scope?["name"]?.stringValue ?? "eu-de"
        let (token, expiry) = iam.issue(now: now)
        let expires = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: expiry))
        let response: JSONValue = [
            "token": [
                "methods": ["password"],
                "expires_at": .string(expires),
                "issued_at": .string(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: now))),
                "user": ["name": .string(name), "id": "emulator-user", "domain": ["name": .string(domain ?? "")]],
                "project": [
                    "id": .string(iamProjectID), "name": .string(projectName),
                    "domain": ["name": .string(domain ?? ""), "id": "emulator-domain"],
                ],
                "catalog": [],
            ]
        ]
        return (201, response, [("X-Subject-Token", token)])
    }

    /// Keystone's error shape, as IAM answers it.
    static func iamError(_ code: Int, _ message: String) -> JSONValue {
        let title: String =
            switch code {
            case 400: "Bad Request"
            case 401: "Unauthorized"
            default: "Not Found"
            }
        return ["error": ["code": .int(code), "message": .string(message), "title": .string(title)]]
    }
}
