import Testing

@testable import CCECore

@Suite("Error bodies")
struct ModelErrorBodyTests {
    @Test func realDualCodeBody() {
        // WIRE.md §4.1 (1): a real OTC 400.
        let text = """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","code":400,
             "errorCode":"CCE.01400001","errorMessage":"Invalid request.",
             "error_code":"CCE_CM.0004","error_msg":"Request is invalid",
             "message":"Eni subnetId and subnetCidr not matched","reason":"BadRequest"}
            """
        let body = ServiceErrorBody(bytes: Array(text.utf8))
        #expect(body.code == "CCE.01400001")
        #expect(body.message == "Invalid request.")
        #expect(body.errorCode == "CCE.01400001")
        #expect(body.legacyCode == "CCE_CM.0004")
        #expect(body.legacyMessage == "Request is invalid")
        #expect(body.detail == "Eni subnetId and subnetCidr not matched")
        #expect(body.reason == "BadRequest")
        #expect(body.statusCode == 400)
        #expect(body.rawText == nil)
        #expect(body.summary == "Invalid request. (Eni subnetId and subnetCidr not matched)")
    }

    @Test func documentedMinimalBody() {
        let body = ServiceErrorBody(
            bytes: Array(#"{"errorMessage":"Authorization failed.","errorCode":"CCE.01401001"}"#.utf8))
        #expect(body.code == "CCE.01401001")
        #expect(body.message == "Authorization failed.")
        #expect(body.detail == nil)
        #expect(body.summary == "Authorization failed.")
    }

    @Test func apiGatewayBody() {
        let text =
            #"{"error_msg":"Incorrect IAM authentication information: x-auth-token not "#
            + #"found","error_code":"APIGW.0301","request_id":"0b67bf0abe6d9a8844030ded87109c9f"}"#
        let body = ServiceErrorBody(bytes: Array(text.utf8))
        #expect(body.code == "APIGW.0301")
        #expect(body.message == "Incorrect IAM authentication information: x-auth-token not found")
        #expect(body.requestID == "0b67bf0abe6d9a8844030ded87109c9f")
        #expect(body.errorCode == nil)
    }

    @Test func codeFallsBackToStringCodeOnly() {
        let stringCode = ServiceErrorBody(json: ["code": "SomeCode", "message": "m"])
        #expect(stringCode.code == "SomeCode")
        #expect(stringCode.message == "m")
        #expect(stringCode.statusCode == nil)
        let numericCode = ServiceErrorBody(json: ["code": 404, "message": "not here"])
        #expect(numericCode.code == nil)
        #expect(numericCode.statusCode == 404)
        #expect(numericCode.message == "not here")
    }

    @Test func nonJSONBodyKeepsRawText() {
        let html = "<html><body>502 Bad Gateway</body></html>\n"
        let body = ServiceErrorBody(bytes: Array(html.utf8))
        #expect(body.code == nil)
        #expect(body.message == nil)
        #expect(body.json == nil)
        // An HTML page is summarised by its text, not echoed (issue 15).
        #expect(body.rawText == "an HTML error page: \u{201C}502 Bad Gateway\u{201D}")
        #expect(body.summary == "an HTML error page: \u{201C}502 Bad Gateway\u{201D}")
        #expect(ServiceErrorBody(bytes: [UInt8]()).summary == nil)
        // Invalid UTF-8 and long bodies do not trap.
        let junk = ServiceErrorBody(bytes: [0xFF, 0xFE] + Array(repeating: UInt8(ascii: "x"), count: 5000))
        #expect((junk.rawText?.count ?? 0) <= ServiceErrorBody.rawTextLimit + 1)
        // A JSON array or string is not an error object: treated as text.
        #expect(ServiceErrorBody(bytes: Array("[1]".utf8)).rawText == "[1]")
    }

    @Test func emitsTheDualCodeStatusBody() throws {
        let body = ServiceErrorBody.statusBody(
            httpStatus: 400, errorCode: "CCE.01400001", errorMessage: "Invalid request.",
            legacyCode: "CCE_CM.0004", legacyMessage: "Request is invalid",
            message: "Eni subnetId and subnetCidr not matched")
        #expect(
            body.serialized()
                == #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","code":400,"#
                + #""errorCode":"CCE.01400001","errorMessage":"Invalid request.","error_code":"CCE_CM.0004","#
                + #""error_msg":"Request is invalid","message":"Eni subnetId and subnetCidr not matched","#
                + #""reason":"BadRequest"}"#
        )
        // Defaults: legacy pair mirrors the documented one; reason from the status.
        let notFound = ServiceErrorBody.statusBody(
            httpStatus: 404, errorCode: "CCE.01404001", errorMessage: "Resource not found.")
        let decoded = ServiceErrorBody(json: notFound)
        #expect(decoded.code == "CCE.01404001")
        #expect(decoded.legacyCode == "CCE.01404001")
        #expect(decoded.reason == "NotFound")
        #expect(decoded.detail == "Resource not found.")
        #expect(decoded.statusCode == 404)
    }

    @Test func emitsTheGatewayBody() {
        let body = ServiceErrorBody.apiGatewayBody(
            code: "APIGW.0308", message: "The throttling threshold has been reached", requestID: "r1")
        #expect(
            body.serialized()
                == #"{"error_msg":"The throttling threshold has been "#
                + #"reached","error_code":"APIGW.0308","request_id":"r1"}"#
        )
        let back = ServiceErrorBody(json: body)
        #expect(back.code == "APIGW.0308")
        #expect(back.requestID == "r1")
    }
}

@Suite("Service error hints")
struct ServiceErrorHintTests {
    @Test func unauthorizedCCEExplainsTheOneTimeAuthorization() {
        // The body OTC answered in the OTC Terraform provider's issue 996.
        let body =
            #"{"error_code":"CCE_CM.0201","error_msg":"Request body invalid","message":"Need authorize CCE to "#
            + #"operate user resources","errorCode":"E.CFE.4000201","reason":"Request body invalid"}"#
        let e = CCEClientError.fromResponse(TransportResponse(status: 400, body: Array(body.utf8)))
        #expect(e.hint?.contains("authorized once per project") == true)
        let other = CCEClientError.fromResponse(
            TransportResponse(status: 400, body: Array(#"{"error_msg":"bad flavor"}"#.utf8)))
        #expect(other.hint == nil)
    }
}

@Suite("Error bodies that are not JSON")
struct NonJSONErrorBodyTests {
    @Test func anHTMLPageIsSummarisedByItsTitle() {
        let page =
            "<!DOCTYPE html>\n<html><head><title>502 Bad\n  Gateway</title><style>body{}</style></head>"
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
