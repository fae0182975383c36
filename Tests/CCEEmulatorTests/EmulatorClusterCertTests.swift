import CCECore
import CCETestSupport
import Crypto
import Foundation
import GRDB
import Testing
import X509

@testable import CCEEmulator

/// POST /clustercert (WIRE-LIFECYCLE §4): a kubeconfig whose certificates are real.
@Suite("Emulator cluster certificate") struct EmulatorClusterCertTests {
    struct Decoded {
        var authorityPEM: String
        var clientPEM: String
        var keyPEM: String
        var authority: Certificate
        var client: Certificate
    }

    func decode(_ config: JSONValue, cluster: String = "internalCluster") throws -> Decoded {
        func text(_ value: JSONValue?) throws -> String {
            let b64 = try #require(value?.stringValue)
            return String(decoding: try #require(Data(base64Encoded: b64)), as: UTF8.self)
        }
        let entry = try #require(config["clusters"]?.arrayValue?.first { $0["name"]?.stringValue == cluster })
        let authorityPEM = try text(entry["cluster"]?["certificate-authority-data"])
        let clientPEM = try text(config["users"]?[0]?["user"]?["client-certificate-data"])
        let keyPEM = try text(config["users"]?[0]?["user"]?["client-key-data"])
        return Decoded(
            authorityPEM: authorityPEM, clientPEM: clientPEM, keyPEM: keyPEM,
            authority: try Certificate(pemEncoded: authorityPEM), client: try Certificate(pemEncoded: clientPEM))
    }

    func certificate(_ h: Harness, _ cluster: String, _ body: JSONValue = ["duration": 30]) async throws -> JSONValue {
        let reply = await h.send("POST", "/clusters/\(cluster)/clustercert", body: body)
        try #require(reply.status == 200, "\(reply.json)")
        return reply.json
    }

    @Test("200 with a kubeconfig: internal context, a CA, a client certificate it signed, and the matching key")
    func kubeconfigVerifies() async throws {
        let (h, cluster) = try await Harness.withCluster()
        let config = try await certificate(h, cluster)
        #expect(config["kind"] == "Config" && config["apiVersion"] == "v1" && config["current-context"] == "internal")
        #expect(
            config["contexts"] == [["name": "internal", "context": ["cluster": "internalCluster", "user": "user"]]])
        let server = config["clusters"]?[0]?["cluster"]?["server"]?.stringValue
        let endpoint = await h.send("GET", "/clusters/\(cluster)").json["status"]?["endpoints"]?["internal"]
        #expect(server != nil && endpoint?.stringValue == server, "the server is the cluster's internal endpoint")

        let decoded = try decode(config)
        #expect(decoded.client.issuer == decoded.authority.subject)
        #expect(decoded.authority.publicKey.isValidSignature(decoded.client.signature, for: decoded.client))
        #expect(decoded.authority.publicKey.isValidSignature(decoded.authority.signature, for: decoded.authority))
        let constraints = try decoded.authority.extensions.basicConstraints
        #expect(constraints == .isCertificateAuthority(maxPathLength: 0))
        #expect(try decoded.client.extensions.extendedKeyUsage?.contains(.clientAuth) == true)
        // The key matches the certificate.
        let key = try P256.Signing.PrivateKey(pemRepresentation: decoded.keyPEM)
        #expect(Certificate.PublicKey(key.publicKey) == decoded.client.publicKey)
        // Valid for 30 days from now (backdated by a few minutes for clock skew).
        let now = h.clock.now()
        #expect(abs(decoded.client.notValidAfter.timeIntervalSince(now) - 30 * 86_400) < 2)
        #expect(decoded.client.notValidBefore <= now)
    }

    @Test("duration -1 is the longest validity, 5 years; the CA is the same for every request of a cluster")
    func longestAndStableAuthority() async throws {
        let (h, cluster) = try await Harness.withCluster()
        let first = try decode(try await certificate(h, cluster, ["duration": -1]))
        // The harness starts in November 2026: five years to 2031 hold one leap day (2028).
        #expect(abs(first.client.notValidAfter.timeIntervalSince(h.clock.now()) - 1826 * 86_400) < 2)
        h.clock.advance(by: 60)
        let second = try decode(try await certificate(h, cluster, ["duration": 1]))
        #expect(second.authorityPEM == first.authorityPEM)
        #expect(second.clientPEM != first.clientPEM && second.keyPEM != first.keyPEM)
        #expect(abs(second.client.notValidAfter.timeIntervalSince(h.clock.now()) - 86_400) < 2)
        // Another cluster has its own authority.
        let other = await h.send("POST", "/clusters", body: minimalCluster("other-ca"))
        h.clock.advance(by: 11)
        let otherID = try #require(other.json["metadata"]?["uid"]?.stringValue)
        let third = try decode(try await certificate(h, otherID))
        #expect(third.authorityPEM != first.authorityPEM)
        #expect(!third.authority.publicKey.isValidSignature(first.client.signature, for: first.client))
    }

    @Test("the CA is kept in the SQLite store: a restarted emulator signs with the same one")
    func authoritySurvivesRestart() async throws {
        let path = temporaryDatabasePath()
        defer { removeDatabase(path) }
        let clock = ManualClock()
        let h = try Harness(clock: clock) { $0.storage = .file(path) }
        let (cluster, _) = try await h.create("kept-ca")
        clock.advance(by: 11)
        let before = try decode(try await certificate(h, cluster))
        let restarted = try Harness(clock: clock) { $0.storage = .file(path) }
        let after = try decode(try await certificate(restarted, cluster))
        #expect(after.authorityPEM == before.authorityPEM)
        #expect(before.authority.publicKey.isValidSignature(after.client.signature, for: after.client))
    }

    @Test("with a master EIP: external (insecure-skip-tls-verify) and externalTLSVerify (verified); current external")
    func externalContexts() async throws {
        let h = try Harness()
        var body = minimalCluster("with-eip")
        body["spec"]?["extendParam"] = ["clusterExternalIP": "80.158.1.2"]
        let created = await h.send("POST", "/clusters", body: body)
        let cluster = try #require(created.json["metadata"]?["uid"]?.stringValue)
        h.clock.advance(by: 11)
        let config = try await certificate(h, cluster)
        #expect(config["current-context"] == "external")
        let names = config["contexts"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["internal", "external", "externalTLSVerify"])
        let clusters = config["clusters"]?.arrayValue ?? []
        let insecure = clusters.first { $0["name"] == "externalCluster" }
        #expect(insecure?["cluster"]?["insecure-skip-tls-verify"] == true)
        #expect(insecure?["cluster"]?["certificate-authority-data"] == nil)
        #expect(insecure?["cluster"]?["server"] == "https://80.158.1.2:5443")
        let verified = try decode(config, cluster: "externalClusterTLSVerify")
        #expect(verified.authority.publicKey.isValidSignature(verified.client.signature, for: verified.client))
    }

    @Test("a bad duration is 400 at duration; a creating cluster 403; an unknown cluster 404")
    func refusals() async throws {
        let (h, cluster) = try await Harness.withCluster()
        for duration: JSONValue in [0, 1828, -2, "30"] {
            let reply = await h.send("POST", "/clusters/\(cluster)/clustercert", body: ["duration": duration])
            #expect(reply.status == 400 && reply.errorCode == "CCE.01400001", "\(duration): \(reply.json)")
            #expect(reply.json["message"]?.stringValue?.contains("duration") == true)
        }
        let (creating, _) = try await h.create("still-creating")
        #expect(await h.send("POST", "/clusters/\(creating)/clustercert", body: ["duration": 1]).status == 403)
        let expiry = await h.send(
            "POST", "/clusters/\(cluster)/clustercert", body: ["expire_at": "2099-01-01 00:00:00 +0000 UTC"])
        #expect(expiry.status == 400 && expiry.json["message"]?.stringValue?.contains("expire_at") == true)
    }

    @Test("openssl verify accepts the client certificate against the kubeconfig's CA")
    func opensslVerify() async throws {
        let openssl = "/usr/bin/openssl"
        guard FileManager.default.isExecutableFile(atPath: openssl) else { return }  // nothing to run
        let (h, cluster) = try await Harness.withCluster()
        // openssl checks validity against the real time: the harness clock is moved there.
        h.clock.set(Date())
        let decoded = try decode(try await certificate(h, cluster, ["duration": 2]))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cce-cert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let ca = directory.appendingPathComponent("ca.pem").path
        let client = directory.appendingPathComponent("client.pem").path
        let key = directory.appendingPathComponent("client.key").path
        try decoded.authorityPEM.write(toFile: ca, atomically: true, encoding: .utf8)
        try decoded.clientPEM.write(toFile: client, atomically: true, encoding: .utf8)
        try decoded.keyPEM.write(toFile: key, atomically: true, encoding: .utf8)
        let verify = try ChildProcess(openssl, ["verify", "-CAfile", ca, "-purpose", "sslclient", client]).finish()
        #expect(verify.status == 0 && verify.stdout.contains("OK"), "\(verify.stdout) \(verify.stderr)")
        // And the key is the certificate's, by openssl's reckoning too.
        let fromCertificate = try ChildProcess(openssl, ["x509", "-in", client, "-noout", "-pubkey"]).finish()
        let fromKey = try ChildProcess(openssl, ["pkey", "-in", key, "-pubout"]).finish()
        #expect(fromCertificate.status == 0 && fromCertificate.stdout == fromKey.stdout)
        // A certificate from another cluster's CA does not verify against this one.
        let other = await h.send("POST", "/clusters", body: minimalCluster("stranger"))
        h.clock.advance(by: 11)
        let strangerID = try #require(other.json["metadata"]?["uid"]?.stringValue)
        let stranger = try decode(try await certificate(h, strangerID, ["duration": 2]))
        try stranger.clientPEM.write(toFile: client, atomically: true, encoding: .utf8)
        let refused = try ChildProcess(openssl, ["verify", "-CAfile", ca, client]).finish()
        #expect(refused.status != 0)
    }

    @Test("duration -1 spans 5 calendar years: 1827 days over two leap days, 1826 over one")
    func fiveYears() throws {
        func day(_ text: String) throws -> Date { try #require(ISO8601DateFormatter().date(from: text)) }
        #expect(ClusterCertificates.longestDays(from: try day("2027-03-01T00:00:00Z")) == 1827)
        #expect(ClusterCertificates.longestDays(from: try day("2025-03-01T00:00:00Z")) == 1826)
        #expect(ClusterCertificates.longestDays(from: try day("2026-11-18T12:00:00Z")) == 1826)
    }

    @Test("an empty expire_at is absent: duration decides")
    func emptyExpiry() async throws {
        let (h, cluster) = try await Harness.withCluster()
        let decoded = try decode(try await certificate(h, cluster, ["duration": 30, "expire_at": ""]))
        #expect(abs(decoded.client.notValidAfter.timeIntervalSince(h.clock.now()) - 30 * 86_400) < 2)
    }

    @Test("the client certificate's ECDSA key may only sign: digitalSignature, no keyEncipherment (RFC 5480)")
    func clientKeyUsage() async throws {
        let (h, cluster) = try await Harness.withCluster()
        let decoded = try decode(try await certificate(h, cluster))
        let usage = try #require(try decoded.client.extensions.keyUsage)
        #expect(usage.digitalSignature && !usage.keyEncipherment)
    }

    @Test("deleting the cluster drops its CA private key from the store at once")
    func keyGoesWithTheCluster() async throws {
        let (h, cluster) = try await Harness.withCluster()
        _ = try await certificate(h, cluster)
        func stored() throws -> (certificate: String?, key: String?) {
            try h.router.store.db.read { db in
                let row = try Row.fetchOne(
                    db, sql: "SELECT ca_certificate, ca_key FROM clusters WHERE uid = ?", arguments: [cluster])
                return (row?["ca_certificate"], row?["ca_key"])
            }
        }
        #expect(try stored().key?.isEmpty == false)
        #expect(await h.send("DELETE", "/clusters/\(cluster)").status == 200)
        #expect(try stored().key == nil, "the key is gone while the cluster is Deleting")
        #expect(try stored().certificate != nil)
    }
}
