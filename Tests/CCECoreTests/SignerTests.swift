import Foundation
import Testing

@testable import CCECore

/// One entry of shared/conformance/signing/vectors.json, turned into a request.
private struct SigningVector {
    var name: String
    var request: TransportRequest  // without Authorization
    var sentAuthorization: String
    var canonicalRequest: String
    var stringToSign: String
    var authorization: String
    var date: Date
    var form: AKSKSigner.Form
}

private func loadVectors() throws -> [SigningVector] {
    let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/conformance/signing/vectors.json")
    let data = try Data(contentsOf: url)
    let root = try JSONValue.parse(Array(data))
    let items = try #require(root.arrayValue)
    return try items.map { v in
        let urlText = try #require(v["url"]?.stringValue)
        let (base, path, query) = try splitURL(urlText)
        var headers: [(name: String, value: String)] = []
        var sentAuth = ""
        for (k, hv) in try #require(v["request_headers_sent"]?.objectValue) {
            let value = try #require(hv.stringValue)
            if k.lowercased() == "authorization" { sentAuth = value } else { headers.append((k, value)) }
        }
        let auth = try #require(v["authorization"]?.stringValue)
        let dateText = try #require(headers.first(where: { $0.name == "X-Sdk-Date" })?.value)
        return SigningVector(
            name: try #require(v["name"]?.stringValue),
            request: TransportRequest(
                method: try #require(v["method"]?.stringValue), baseURL: base, path: path, query: query,
                headers: headers, body: Array(try #require(v["body"]?.stringValue).utf8)),
            sentAuthorization: sentAuth,
            canonicalRequest: try #require(v["canonical_request"]?.stringValue),
            stringToSign: try #require(v["string_to_sign"]?.stringValue),
            authorization: auth,
            date: try #require(SDKDate.parse(dateText)),
            form: auth.contains("Credential=") ? .credential(region: "", service: "") : .access)
    }
}

private func splitURL(_ text: String) throws -> (String, String, [(name: String, value: String)]) {
    let schemeEnd = try #require(text.range(of: "://"))
    let afterScheme = text[schemeEnd.upperBound...]
    let pathStart = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
    let base = String(text[..<pathStart])
    var rest = String(text[pathStart...])
    var query: [(name: String, value: String)] = []
    if let q = rest.firstIndex(of: "?") {
        for pair in rest[rest.index(after: q)...].split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            query.append((kv[0], kv.count > 1 ? kv[1] : ""))
        }
        rest = String(rest[..<q])
    }
    return (base, rest, query)
}

@Suite struct SignerTests {
    @Test func everyConformanceVectorIsReproduced() throws {
        let vectors = try loadVectors()
        #expect(vectors.count >= 6)
        for v in vectors {
            let signer = AKSKSigner(accessKey: "AKEXAMPLE", secretKey: "SKEXAMPLE", form: v.form)
            var request = v.request
            let result = signer.sign(&request, date: v.date)
            #expect(result.canonicalRequest == v.canonicalRequest, "\(v.name): canonical request")
            #expect(result.stringToSign == v.stringToSign, "\(v.name): string to sign")
            #expect(result.authorization == v.authorization, "\(v.name): authorization")
            #expect(request.header("Authorization") == v.sentAuthorization, "\(v.name): header sent")
            // Host is added exactly once, from the base URL, and the date is not rewritten.
            #expect(request.headers.filter { $0.name.lowercased() == "host" }.count == 1)
            #expect(request.header("X-Sdk-Date") == SDKDate.format(v.date))
        }
    }

    @Test func signerAddsHostWithPortAndDateWhenAbsent() throws {
        let signer = AKSKSigner(accessKey: "AK", secretKey: "SK")
        let date = try #require(SDKDate.parse("20261129T101010Z"))
        let r = signer.sign(
            TransportRequest(method: "GET", baseURL: "http://127.0.0.1:8443", path: "/api/v3/projects/p/clusters"),
            date: date)
        #expect(r.header("Host") == "127.0.0.1:8443")
        #expect(r.header("X-Sdk-Date") == "20261129T101010Z")
        #expect(r.header("Authorization")?.contains("SignedHeaders=host;x-sdk-date,") == true)
    }

    /// huaweicloud-sdk-python-v3 core tests (`test_signer1`/`test_signer2`): headers with `_` are not signed.
    @Test(arguments: [
        ("GET", "", "cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842"),
        ("POST", #"{"name":"test","id":1}"#, "436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f"),
    ])
    func pythonSDKVectors(method: String, body: String, signature: String) throws {
        let signer = AKSKSigner(accessKey: "AccessKey", secretKey: "SecretKey")
        let request = TransportRequest(
            method: method, baseURL: "https://service.endpoint.myhuaweicloud.com", path: "/resources",
            query: [("size", "1")],
            headers: [
                ("Host", "service.endpoint.myhuaweicloud.com"), ("X-Sdk-Date", "20200608T023900Z"),
                ("TEST_UNDERSCORE", "TEST_VALUE"),
            ],
            body: Array(body.utf8))
        let signed = signer.sign(request, date: Date())
        #expect(
            signed.header("Authorization")
                == "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=\(signature)")
    }

    /// huaweicloud-sdk-go-v3 `signer_test.go`: only `x-sdk-date` signed; the POST body ends in `\n`.
    @Test func goSDKVectors() {
        let signer = AKSKSigner(accessKey: "AccessKey", secretKey: "SecretKey")
        let get = TransportRequest(
            method: "GET", baseURL: "https://example.huaweicloud.com", path: "/path", query: [("limit", "1")],
            headers: [("X-Sdk-Date", "20060102T150405Z")])
        #expect(
            signer.computeSignature(request: get, signedHeaders: ["x-sdk-date"]).signature
                == "5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624")
        let post = TransportRequest(
            method: "POST", baseURL: "https://example.huaweicloud.com", path: "/path", query: [("key", "value")],
            headers: [("X-Sdk-Date", "20060102T150405Z"), ("Content-Type", "application/json")],
            body: Array("{\"Name\":\"test\",\"Id\":1}\n".utf8))
        #expect(
            signer.computeSignature(request: post, signedHeaders: ["x-sdk-date"]).signature
                == "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59")
    }

    @Test func canonicalURIAndQueryQuoting() {
        #expect(SDKSigning.canonicalURI("/a b/c%2Fd/é") == "/a%20b/c/d/%C3%A9/")
        #expect(SDKSigning.canonicalURI("/x/") == "/x/")
        #expect(
            SDKSigning.canonicalQuery([("b", "2"), ("a", "x y/z~"), ("a", "1")], style: .python)
                == "a=1&a=x%20y%2Fz~&b=2")
    }

    @Test func nonJSONContentTypeIsUnsignedPayload() throws {
        let signer = AKSKSigner(accessKey: "AK", secretKey: "SK")
        let r = signer.sign(
            TransportRequest(
                method: "PUT", baseURL: "https://h", path: "/x",
                headers: [("Content-Type", "application/octet-stream")], body: [1, 2, 3]),
            date: try #require(SDKDate.parse("20261129T101010Z")))
        #expect(r.header("X-Sdk-Content-Sha256") == "UNSIGNED-PAYLOAD")
        #expect(r.header("Authorization")?.contains("x-sdk-content-sha256") == true)
    }

    @Test func sdkDateRoundTrips() throws {
        let d = try #require(SDKDate.parse("20240229T235959Z"))
        #expect(SDKDate.format(d) == "20240229T235959Z")
        #expect(SDKDate.format(Date(timeIntervalSince1970: 0)) == "19700101T000000Z")
        #expect(SDKDate.parse("2024-02-29T23:59:59Z") == nil)
        #expect(SDKDate.parse("20241329T000000Z") == nil)
    }

    @Test func sdkDateMatchesTheCLibraryOverCenturies() {
        // From 1601 to 9999, around month, year and leap-day boundaries, and far out.
        var stamps: [Int] = [
            -11_644_473_600, -1, 0, 59, 951_782_399, 951_868_800, 1_709_251_199, 4_102_444_800, 253_402_300_799,
        ]
        for k in 0..<400 { stamps.append(-2_000_000_000 + k * 11_000_017) }
        for t in stamps {
            var seconds = time_t(t)
            var parts = tm()
            gmtime_r(&seconds, &parts)
            let expected = String(
                format: "%04d%02d%02dT%02d%02d%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                Int(parts.tm_mday),
                Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
            #expect(SDKDate.format(Date(timeIntervalSince1970: TimeInterval(t))) == expected, "at \(t)")
        }
        // Beyond year 9999 the digits simply grow.
        #expect(SDKDate.format(Date(timeIntervalSince1970: 253_402_300_800)) == "100000101T000000Z")
    }

    @Test func payloadTypesAndHeaderTrimmingTakeTheirShortCutsFaithfully() {
        for (type, signed) in [
            ("application/json", true), ("Application/JSON;charset=UTF-8", true), ("application/bson", true),
            ("application/jso", false), ("text/json", false), ("", false), (" application/json", false),
        ] {
            #expect(SDKSigning.isSignedPayloadType(type) == signed, "\(type)")
        }
        for (raw, trimmed) in [
            ("a", "a"), (" a\t", "a"), ("\u{3000}x y\u{00A0}", "x y"), ("x\u{200B}", "x\u{200B}"), ("é", "é"), ("", ""),
            ("  ", ""),
            ("x\u{2003}", "x"), ("\u{2003}", ""),
        ] {
            #expect(SDKSigning.trimmingHorizontalSpace(raw) == Substring(trimmed), "\(raw.unicodeScalars.map(\.value))")
        }
        #expect(SDKSigning.emptyPayloadHash == SDKSigning.hexSHA256([UInt8]()))
        #expect(
            SDKSigning.canonicalQuery([], style: .python) == ""
                && SDKSigning.canonicalQuery([], style: .go(bodylessPostQuirk: true)) == "")
    }

    @Test func aKeyedSignerSignsExactlyLikeAFreshOne() throws {
        let date = try #require(SDKDate.parse("20261129T101010Z"))
        let fresh = AKSKSigner(accessKey: "AKEXAMPLE", secretKey: "SKEXAMPLE")
        let keyed = fresh.keyed()
        for v in try loadVectors() where v.form == .access {
            var a = v.request
            var b = v.request
            #expect(
                fresh.sign(&a, date: v.date).authorization == keyed.sign(&b, date: v.date).authorization, "\(v.name)")
        }
        // Copies share the keyed state; each signature starts from it afresh.
        let request = TransportRequest(method: "GET", baseURL: "https://h", path: "/x")
        let first = keyed.sign(request, date: date).header("Authorization")
        let second = keyed.sign(request, date: date).header("Authorization")
        #expect(first != nil && first == second)
        #expect(first == fresh.sign(request, date: date).header("Authorization"))
        #expect(!String(reflecting: keyed).contains("SKEXAMPLE"))
    }

    @Test func descriptionRedactsSecret() {
        let s = AKSKSigner(accessKey: "AKVISIBLE", secretKey: "TOPSECRET")
        #expect(!"\(s)".contains("TOPSECRET"))
        #expect(!String(reflecting: s).contains("TOPSECRET"))
    }

    // MARK: - Verifier

    private func secrets(_ ak: String) -> String? { ak == "AKEXAMPLE" ? "SKEXAMPLE" : nil }

    @Test func verifierAcceptsEveryVector() throws {
        for v in try loadVectors() {
            var r = v.request
            r.headers.append(("Authorization", v.sentAuthorization))
            #expect(
                AKSKVerifier.verify(request: r, secretForAccessKey: secrets, now: v.date + 60)
                    == .accepted(accessKey: "AKEXAMPLE"), "\(v.name)")
        }
    }

    @Test func verifierRejectsTampering() throws {
        for v in try loadVectors() {
            var good = v.request
            good.headers.append(("Authorization", v.sentAuthorization))

            var body = good
            body.body += Array(" ".utf8)
            #expect(
                AKSKVerifier.verify(request: body, secretForAccessKey: secrets, now: v.date)
                    == .rejected(.signatureMismatch), "\(v.name): body")

            var header = good
            header.setHeader("Content-Type", "application/xml")
            #expect(
                AKSKVerifier.verify(request: header, secretForAccessKey: secrets, now: v.date)
                    == .rejected(.signatureMismatch), "\(v.name): header")

            var path = good
            path.path += "x"
            #expect(
                AKSKVerifier.verify(request: path, secretForAccessKey: secrets, now: v.date)
                    == .rejected(.signatureMismatch), "\(v.name): path")

            #expect(
                AKSKVerifier.verify(request: good, secretForAccessKey: secrets, now: v.date + 15 * 60 + 1)
                    == .rejected(.dateSkewed), "\(v.name): late")
            #expect(
                AKSKVerifier.verify(request: good, secretForAccessKey: secrets, now: v.date - 16 * 60)
                    == .rejected(.dateSkewed), "\(v.name): early")
            #expect(
                AKSKVerifier.verify(request: good, secretForAccessKey: { _ in "WRONG" }, now: v.date)
                    == .rejected(.signatureMismatch), "\(v.name): wrong secret")
            #expect(
                AKSKVerifier.verify(request: good, secretForAccessKey: { _ in nil }, now: v.date)
                    == .rejected(.unknownAccessKey("AKEXAMPLE")), "\(v.name): unknown key")
        }
    }

    @Test func verifierRejectsMalformedHeaders() throws {
        let date = try #require(SDKDate.parse("20261129T101010Z"))
        var r = TransportRequest(
            method: "GET", baseURL: "https://h", path: "/x",
            headers: [("X-Sdk-Date", "20261129T101010Z")])
        #expect(
            AKSKVerifier.verify(request: r, secretForAccessKey: secrets, now: date) == .rejected(.missingAuthorization))
        for bad in [
            "Bearer abc", "SDK-HMAC-SHA256", "SDK-HMAC-SHA256 Access=AK, Signature=00",
            "SDK-HMAC-SHA256 Credential=AK/2026, SignedHeaders=x-sdk-date, Signature=00",
        ] {
            r.setHeader("Authorization", bad)
            #expect(!AKSKVerifier.verify(request: r, secretForAccessKey: secrets, now: date).isAccepted, "\(bad)")
        }
        // A signature that does not cover the date could be replayed forever.
        r.setHeader("Authorization", "SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=host, Signature=00")
        if case .rejected(.badDate) = AKSKVerifier.verify(request: r, secretForAccessKey: secrets, now: date) {
        } else {
            Issue.record("expected badDate")
        }
    }

    /// gophertelekomcloud signs a body-less POST by hashing the query as the payload and
    /// leaving the canonical query empty; the verifier must accept that, and still notice a
    /// changed query.
    @Test func credentialFormBodylessPostHashesTheQuery() throws {
        let date = try #require(SDKDate.parse("20261129T101010Z"))
        let signer = AKSKSigner(
            accessKey: "AKEXAMPLE", secretKey: "SKEXAMPLE", form: .credential(region: "", service: ""))
        var request = TransportRequest(
            method: "POST", baseURL: "https://cce.eu-de.otc.t-systems.com",
            path: "/api/v3/projects/p/clusters/c/operation/hibernate",
            query: [("b", "2 3"), ("a", "1")], headers: [("Content-Type", "application/json")])
        let result = signer.sign(&request, date: date)
        let lines = result.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[2].isEmpty)
        #expect(lines.last.map(String.init) == SDKSigning.hexSHA256(Array("a=1&b=2+3".utf8)))
        #expect(AKSKVerifier.verify(request: request, secretForAccessKey: secrets, now: date).isAccepted)
        request.query[0].value = "9"
        #expect(
            AKSKVerifier.verify(request: request, secretForAccessKey: secrets, now: date)
                == .rejected(.signatureMismatch))
    }

    @Test func credentialScopeDateMustMatchTheSdkDate() throws {
        let date = try #require(SDKDate.parse("20261129T235959Z"))
        let signer = AKSKSigner(
            accessKey: "AKEXAMPLE", secretKey: "SKEXAMPLE", form: .credential(region: "eu-de", service: "cce"))
        var request = signer.sign(TransportRequest(method: "GET", baseURL: "https://h", path: "/x"), date: date)
        let auth = try #require(request.header("Authorization"))
        request.setHeader("Authorization", auth.replacingOccurrences(of: "/20261129/", with: "/20261130/"))
        #expect(
            AKSKVerifier.verify(request: request, secretForAccessKey: secrets, now: date) == .rejected(.scopeMismatch))
    }

    @Test func verifierAcceptsSignerOutputWithPortAndQueryEscapes() throws {
        let date = try #require(SDKDate.parse("20261129T101010Z"))
        for form in [AKSKSigner.Form.access, .credential(region: "eu-de", service: "cce")] {
            let signer = AKSKSigner(accessKey: "AKEXAMPLE", secretKey: "SKEXAMPLE", form: form)
            let r = signer.sign(
                TransportRequest(
                    method: "GET", baseURL: "http://localhost:8080", path: "/api/v3/projects/p/clusters",
                    query: [("status", "A b/c"), ("detail", "true")],
                    headers: [("Content-Type", "application/json"), ("User-Agent", "cce  test ")]),
                date: date)
            #expect(AKSKVerifier.verify(request: r, secretForAccessKey: secrets, now: date).isAccepted, "\(form)")
        }
    }
}
