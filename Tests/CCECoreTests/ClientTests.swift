import Foundation
import Testing

@testable import CCECore

@Suite struct ClientTests {
    @Test func createSendsExactBytesWithTokenAndContentType() async throws {
        let transport = ScriptedTransport([.json(201, ClientFixtures.cluster())])
        let client = ClientFixtures.client(transport)
        let result = try await client.createCluster(body: ClientFixtures.createBody)
        #expect(result["status"]?["jobID"] == "job-1")
        let sent = try #require(await transport.requests.first)
        #expect(sent.method == "POST")
        #expect(sent.baseURL == ClientFixtures.base)
        #expect(sent.path == "/api/v3/projects/\(ClientFixtures.project)/clusters")
        #expect(sent.header("Content-Type") == "application/json")
        #expect(sent.header("X-Auth-Token") == "TOKEN-SECRET-123")
        #expect(sent.body == ClientFixtures.createBody.serializedBytes())
        #expect(sent.header("Authorization") == nil)
    }

    @Test func akskRequestsVerifyAndCarryProjectAndHostWithPort() async throws {
        let transport = ScriptedTransport([
            .json(201, ClientFixtures.cluster()), .json(200, ClientFixtures.job("Running")),
        ])
        let clock = ClientVirtualClock()
        let client = CCEClient(
            configuration: .init(
                baseURL: "http://127.0.0.1:8443/", projectID: "p1", region: "eu-de",
                auth: .akSK(accessKey: "AKEXAMPLE", secretKey: "SKEXAMPLE")),
            transport: transport, environment: clock.environment)
        _ = try await client.createCluster(body: ClientFixtures.createBody)
        _ = try await client.showJob(id: "job-1")
        for request in await transport.requests {
            #expect(request.header("Host") == "127.0.0.1:8443")
            #expect(request.header("X-Project-Id") == "p1")
            #expect(request.header("X-Sdk-Date") == "20261129T101010Z")
            #expect(request.header("X-Auth-Token") == nil)
            let auth = try #require(request.header("Authorization"))
            #expect(
                auth.hasPrefix(
                    "SDK-HMAC-SHA256 Access=AKEXAMPLE, "
                        + "SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date, Signature="
                ))
            let outcome = AKSKVerifier.verify(
                request: request, secretForAccessKey: { $0 == "AKEXAMPLE" ? "SKEXAMPLE" : nil },
                now: Date(timeIntervalSince1970: 1_795_947_010))
            #expect(outcome == .accepted(accessKey: "AKEXAMPLE"))
        }
    }

    @Test func operationsUseTheDocumentedMethodsPathsAndQueries() async throws {
        let transport = ScriptedTransport([
            .json(200, ClientFixtures.job("Running")),
            .json(200, ClientFixtures.cluster(phase: "Available")),
            .json(
                200,
                ClientFixtures.list([
                    ClientFixtures.cluster(), ClientFixtures.cluster(name: "other", uid: "c-2"),
                ])),
            .json(200, ClientFixtures.cluster(phase: "Available")),
        ])
        let client = ClientFixtures.client(transport)
        _ = try await client.showJob(id: "job-1")
        _ = try await client.getCluster(id: "c-1")
        let items = try await client.listClusters(query: [("status", "Available"), ("detail", "true")])
        #expect(items.count == 2)
        _ = try await client.deleteCluster(id: "c-1", query: [("delete_evs", "true"), ("delete_net", "try")])
        let requests = await transport.requests
        let p = "/api/v3/projects/\(ClientFixtures.project)"
        #expect(
            await transport.methodsAndPaths == [
                "GET \(p)/jobs/job-1", "GET \(p)/clusters/c-1", "GET \(p)/clusters",
                "DELETE \(p)/clusters/c-1",
            ])
        #expect(requests[2].query.map { "\($0.name)=\($0.value)" } == ["status=Available", "detail=true"])
        #expect(requests[3].query.map { "\($0.name)=\($0.value)" } == ["delete_evs=true", "delete_net=try"])
        #expect(requests.allSatisfy { $0.header("Content-Type") == "application/json" && $0.body.isEmpty })
    }

    @Test func typedFormsDecodeTheModels() async throws {
        let transport = ScriptedTransport([
            .json(200, ClientFixtures.list([ClientFixtures.cluster(phase: "Available")])),
            .json(200, ClientFixtures.job("Running", subJobs: [("InstallMaster", "Running")])),
            .json(200, ClientFixtures.cluster(phase: "Deleting")),
        ])
        let client = ClientFixtures.client(transport)
        let clusters = try await client.clusters(status: "Available", detail: true)
        #expect(clusters.first?.metadata?.name == "demo-cluster")
        let job = try await client.job(id: "job-1")
        #expect(job.spec?.subJobs?.first?.spec?.type == "InstallMaster")
        let deleted = try await client.deleteCluster(id: "c-1", options: ["delete_net": "try", "delete_evs": "true"])
        #expect(deleted.status?.jobID == "job-1")
        let q = await transport.requests[2].query.map { "\($0.name)=\($0.value)" }
        #expect(q == ["delete_evs=true", "delete_net=try"])
    }

    @Test func listWithoutItemsIsEmptyButWrongShapeIsAnError() async throws {
        let transport = ScriptedTransport([
            .json(200, ["kind": "Cluster"]), .json(200, ["items": "nope"]), .status(200, "<html>"),
        ])
        let client = ClientFixtures.client(transport)
        #expect(try await client.listClusters(query: []).isEmpty)
        await #expect { try await client.listClusters(query: []) } throws: {
            ($0 as? CCEClientError)?.isInvalidResponse == true
        }
        await #expect { try await client.listClusters(query: []) } throws: {
            ($0 as? CCEClientError)?.isInvalidResponse == true
        }
    }

    @Test func idsThatWouldChangeThePathAreRefusedWithoutARequest() async throws {
        let transport = ScriptedTransport([])
        let client = ClientFixtures.client(transport)
        for bad in ["", "../other", "a/b", "x?y=1", "..", "a b"] {
            await #expect { try await client.getCluster(id: bad) } throws: {
                ($0 as? CCEClientError)?.isInvalidRequest == true
            }
        }
        await #expect { try await client.createCluster(body: ["not", "an", "object"]) } throws: {
            ($0 as? CCEClientError)?.isInvalidRequest == true
        }
        #expect(await transport.requests.isEmpty)
    }

    // MARK: - Errors

    @Test func dualCodeErrorBodyDecodesDocumentedCodeFirst() async throws {
        let transport = ScriptedTransport([
            .json(400, ClientFixtures.dualCodeError, headers: [("X-Request-Id", "req-42")])
        ])
        let client = ClientFixtures.client(transport)
        let error = try await #require(throws: CCEClientError.self) {
            try await client.createCluster(body: ClientFixtures.createBody)
        }
        #expect(error.status == 400)
        #expect(error.code == "CCE.01400001")
        #expect(error.message == "Invalid request.")
        #expect(error.detail == "Eni subnetId and subnetCidr not matched")
        #expect(error.requestID == "req-42")
        #expect(error.isBadRequest)
        #expect(
            error.description
                == "HTTP 400 CCE.01400001: Invalid request. (Eni subnetId and subnetCidr not matched) [request id "
                + "req-42]"
        )
    }

    @Test(
        arguments: [
            (
                #"{"error_msg":"Incorrect IAM authentication information: x-auth-token not "#
                    + #"found","error_code":"APIGW.0301","request_id":"0b67"}"#,
                401, "APIGW.0301", "Incorrect IAM authentication information: x-auth-token not found", "0b67"
            ),
            (
                #"{"errorMessage":"Authorization failed.","errorCode":"CCE.01401001"}"#, 401, "CCE.01401001",
                "Authorization failed.", nil
            ),
            (
                #"{"code":"CCE.01404001","message":"Resource not found"}"#, 404, "CCE.01404001", "Resource not found",
                nil
            ),
            (#"{"error":{"code":"APIGW.0308","message":"throttled"}}"#, 429, "APIGW.0308", "throttled", nil),
            ("<html><body>Bad Gateway</body></html>", 409, nil, "an HTML error page: \u{201C}Bad Gateway\u{201D}", nil),
            ("", 409, nil, "Conflict", nil),
            (#"{"code":409,"message":"exists"}"#, 409, nil, "exists", nil),
        ] as [(String, Int, String?, String, String?)])
    func errorBodiesDecodeLeniently(body: String, status: Int, code: String?, message: String, requestID: String?) {
        let e = CCEClientError.fromResponse(TransportResponse(status: status, body: Array(body.utf8)))
        #expect(e.status == status)
        #expect(e.code == code)
        #expect(e.message == message)
        #expect(e.requestID == requestID)
    }

    @Test func predicatesMatchStatuses() {
        func e(_ s: Int) -> CCEClientError { .fromResponse(TransportResponse(status: s)) }
        #expect(e(401).isUnauthorized && e(403).isForbidden && e(404).isNotFound && e(409).isConflict)
        #expect(e(429).isThrottled && e(503).isServerError && !e(404).isServerError)
        #expect(CCEClientError.timeout("x").isTimeout && CCEClientError.cancelled().isCancelled)
        let failed = CCEClientError.jobFailed(reason: "quota exceeded", jobID: "j")
        #expect(
            failed.isJobFailed && failed.jobFailureReason == "quota exceeded"
                && failed.description.contains("quota exceeded"))
        #expect(CCEClientError.transport(.connectionRefused("x")).isTransport)
        #expect(CCEClientError.transport(.timedOut).isTimeout)
    }

    @Test func secretsNeverAppearInDescriptionsOrErrors() async throws {
        let transport = ScriptedTransport([
            .json(401, ["error_msg": "token expires", "error_code": "APIGW.0307"]),
            .json(401, ["error_msg": "verify aksk signature fail", "error_code": "APIGW.0301"]),
        ])
        let tokenClient = ClientFixtures.client(transport, auth: .token("TOKEN-SECRET-123"))
        let akskClient = ClientFixtures.client(
            transport, auth: .akSK(accessKey: "AKVISIBLE", secretKey: "SK-SECRET-456"))
        let e1 = try await #require(throws: CCEClientError.self) { try await tokenClient.getCluster(id: "c") }
        let e2 = try await #require(throws: CCEClientError.self) { try await akskClient.getCluster(id: "c") }
        let signature = try #require(await transport.requests[1].header("Authorization")?.split(separator: "=").last)
        let texts = [
            "\(tokenClient)", "\(akskClient)", String(reflecting: tokenClient.configuration.auth),
            "\(akskClient.configuration)", "\(e1)", "\(e2)", String(reflecting: e1), String(reflecting: e2),
        ]
        for text in texts {
            #expect(!text.contains("TOKEN-SECRET-123"), "\(text)")
            #expect(!text.contains("SK-SECRET-456"), "\(text)")
            #expect(!text.contains(String(signature)), "\(text)")
        }
        #expect("\(akskClient.configuration.auth)".contains("AKVISIBLE"))
        #expect(e1.code == "APIGW.0307" && e1.isUnauthorized)
    }
}
