import Foundation
import Testing

@testable import CCECore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-thread HTTP/1.1 server on 127.0.0.1 for exercising the real transport: it reads one
/// request per connection, records it, and answers with a canned response (or never, to test
/// timeouts).
final class LoopbackServer: @unchecked Sendable {
    struct Received: Sendable {
        var method: String
        var target: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]
    }

    let port: UInt16
    private let fd: Int32
    private let lock = NSLock()
    private var _received: [Received] = []
    private let respond: @Sendable (Received) -> String?

    var received: [Received] { lock.withLock { _received } }

    init(respond: @escaping @Sendable (Received) -> String?) throws {
        self.respond = respond
        let sock = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard sock >= 0 else { throw TransportFailure.invalidRequest("socket") }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(sock, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(sock, 16) == 0 else { throw TransportFailure.invalidRequest("bind/listen") }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(sock, $0, &len) }
        }
        fd = sock
        port = UInt16(bigEndian: addr.sin_port)
        let thread = Thread { [self] in self.serve() }
        thread.start()
    }

    func close() {
        shutdown(fd, Int32(SHUT_RDWR))
        _ = Glibc.close(fd)
    }

    private func serve() {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 { return }
            var data: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            var request: Received? = nil
            while request == nil {
                let n = read(client, &buffer, buffer.count)
                if n <= 0 { break }
                data += buffer[0..<n]
                request = Self.parse(data)
            }
            guard let request else {
                _ = Glibc.close(client)
                continue
            }
            lock.withLock { _received.append(request) }
            if let response = respond(request) {
                let bytes = Array(response.utf8)
                _ = bytes.withUnsafeBytes { write(client, $0.baseAddress, bytes.count) }
                _ = Glibc.close(client)
            } else {
                // Hold the connection open without answering; the client must time out.
                Thread.sleep(forTimeInterval: 2)
                _ = Glibc.close(client)
            }
        }
    }

    static func parse(_ data: [UInt8]) -> Received? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = data.indices.first(where: { data[$0...].starts(with: separator) }) else { return nil }
        let head = String(decoding: data[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = head[0].split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append(
                (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let length = Int(headers.first { $0.name.lowercased() == "content-length" }?.value ?? "0") ?? 0
        let body = Array(data[(end + 4)...])
        guard body.count >= length else { return nil }
        return Received(
            method: String(requestLine[0]), target: String(requestLine[1]), headers: headers,
            body: Array(body.prefix(length)))
    }
}

extension Result where Failure == any Error {
    init(asyncCatching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

@Suite(.serialized) struct HTTPTransportTests {
    @Test func droppingAnUnusedTransportDoesNotTrap() {
        _ = HTTPTransport()
    }

    @Test func signedRequestRoundTripsOverLoopbackAndVerifies() async throws {
        let server = try LoopbackServer { _ in
            let body = #"{"kind":"Cluster","metadata":{"uid":"c-1"},"status":{"jobID":"job-1"}}"#
            return "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Request-Id: r-1\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
        }
        defer { server.close() }
        let transport = HTTPTransport(connectTimeout: .seconds(2))
        let client = CCEClient(
            configuration: .init(
                baseURL: "http://127.0.0.1:\(server.port)", projectID: "p1", region: "eu-de",
                auth: .akSK(accessKey: "AKEXAMPLE", secretKey: "SKEXAMPLE")),
            transport: transport)
        let created = await Result(asyncCatching: { try await client.createCluster(body: ClientFixtures.createBody) })
        try await transport.shutdown()
        let result = try created.get()
        #expect(result["status"]?["jobID"] == "job-1")

        let got = try #require(server.received.first)
        #expect(got.method == "POST")
        #expect(got.target == "/api/v3/projects/p1/clusters")
        #expect(got.body == ClientFixtures.createBody.serializedBytes())
        #expect(got.headers.first { $0.name.lowercased() == "host" }?.value == "127.0.0.1:\(server.port)")
        // Rebuild the request from the wire, as the emulator would, and verify it.
        let received = TransportRequest(
            method: got.method, baseURL: "http://127.0.0.1:\(server.port)", path: got.target,
            headers: got.headers, body: got.body)
        #expect(
            AKSKVerifier.verify(request: received, secretForAccessKey: { _ in "SKEXAMPLE" }, now: Date())
                == .accepted(accessKey: "AKEXAMPLE"))
    }

    @Test func queryAndStatusAndHeadersComeBack() async throws {
        let server = try LoopbackServer { _ in
            let body = #"{"errorCode":"CCE.01404001","errorMessage":"Resource not found."}"#
            return "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nX-Request-Id: r-404\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
        }
        defer { server.close() }
        let transport = HTTPTransport()
        let sent = await Result(asyncCatching: {
            try await transport.send(
                TransportRequest(
                    method: "GET", baseURL: "http://127.0.0.1:\(server.port)", path: "/a b/c",
                    query: [("status", "Available"), ("q", "x/y z")]),
                timeout: .seconds(5))
        })
        try await transport.shutdown()
        let response = try sent.get()
        #expect(response.status == 404)
        #expect(response.header("x-request-id") == "r-404")
        #expect(server.received.first?.target == "/a%20b/c?status=Available&q=x%2Fy%20z")
        let error = CCEClientError.fromResponse(response)
        #expect(error.isNotFound && error.code == "CCE.01404001" && error.requestID == "r-404")
    }

    @Test func refusedConnectionIsReportedAsRefused() async throws {
        // Bind a port, then close it: nothing listens there any more.
        let server = try LoopbackServer { _ in nil }
        let port = server.port
        server.close()
        let transport = HTTPTransport(connectTimeout: .seconds(2))
        let start = ContinuousClock.now
        let outcome = await Result(asyncCatching: {
            try await transport.send(
                TransportRequest(method: "GET", baseURL: "http://127.0.0.1:\(port)", path: "/x"), timeout: .seconds(5))
        })
        try await transport.shutdown()
        guard case .failure(let error) = outcome, case .connectionRefused? = error as? TransportFailure else {
            Issue.record("expected connectionRefused, got \(outcome)")
            return
        }
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test func silentServerTimesOut() async throws {
        let server = try LoopbackServer { _ in nil }
        defer { server.close() }
        let transport = HTTPTransport()
        let outcome = await Result(asyncCatching: {
            try await transport.send(
                TransportRequest(method: "GET", baseURL: "http://127.0.0.1:\(server.port)", path: "/x"),
                timeout: .milliseconds(200))
        })
        try await transport.shutdown()
        guard case .failure(let error) = outcome else {
            Issue.record("expected a timeout")
            return
        }
        #expect(error as? TransportFailure == .timedOut, "\(error)")
    }

    @Test func cancellationIsHonoured() async throws {
        let server = try LoopbackServer { _ in nil }
        defer { server.close() }
        let transport = HTTPTransport()
        let task = Task {
            try await transport.send(
                TransportRequest(method: "GET", baseURL: "http://127.0.0.1:\(server.port)", path: "/x"),
                timeout: .seconds(30))
        }
        try await Task.sleep(for: .milliseconds(100))
        let start = ContinuousClock.now
        task.cancel()
        let result = await task.result
        try await transport.shutdown()
        #expect(ContinuousClock.now - start < .milliseconds(500))
        guard case .failure(let error) = result else {
            Issue.record("expected cancellation")
            return
        }
        #expect(error is CancellationError, "\(error)")
    }

    @Test func urlEncodesPathSegmentsAndQuery() {
        let r = TransportRequest(
            method: "GET", baseURL: "https://h:8443", path: "/api/v3/projects/p/clusters/ü",
            query: [("a", "1 2"), ("b", "~x&y")])
        #expect(HTTPTransport.url(for: r) == "https://h:8443/api/v3/projects/p/clusters/%C3%BC?a=1%202&b=~x%26y")
    }
}
