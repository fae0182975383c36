import Crypto
import Foundation
import X509

/// The emulator's per-cluster certificate authority and the kubeconfig client certificates it
/// signs (WIRE-LIFECYCLE §4): real X.509, so `openssl verify` and kubectl accept them. P-256
/// keys: kubectl and openssl take ECDSA, and a key is made in microseconds, not the
/// hundreds of milliseconds an RSA key costs.
enum ClusterCertificates {
    /// The largest `duration` accepted (§4 and the TF data source: 1–1827). The longest span the
    /// service issues is 5 calendar years (`longestDays`), 1827 days only when it holds two
    /// leap days; a `duration` between that and 1827 is accepted as the validator does.
    static let maximumDays = 1827

    /// `duration: -1`: five calendar years from `now` (UTC), 1826 or 1827 days by the leap
    /// days the span holds (§4).
    static func longestDays(from now: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        guard let end = calendar.date(byAdding: .year, value: 5, to: now),
            let days = calendar.dateComponents([.day], from: now, to: end).day
        else { return maximumDays }
        return days
    }
    /// The CA outlives any client certificate it signs within a cluster's life; a client
    /// certificate never ends after its CA (see `issueClient`).
    static let authorityDays = 30 * 365
    /// Both certificates start a little in the past, so a client whose clock runs slightly
    /// behind does not see them as not yet valid.
    static let backdate: TimeInterval = 300

    struct PEMPair: Sendable, Equatable {
        var certificate: String
        var key: String
    }

    /// A self-signed CA for the cluster `name` (`uid`), valid from `now` for `authorityDays`.
    static func makeAuthority(clusterName: String, clusterUID: String, now: Date) throws -> PEMPair {
        let key = P256.Signing.PrivateKey()
        let certificateKey = Certificate.PrivateKey(key)
        let subject = try DistinguishedName {
            OrganizationName("CCE Emulator")
            OrganizationalUnitName(clusterUID)
            CommonName("cce-\(clusterName)-ca")
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: certificateKey.publicKey,
            notValidBefore: now - backdate, notValidAfter: now + Double(authorityDays) * 86_400,
            issuer: subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: certificateKey.publicKey)
            },
            issuerPrivateKey: certificateKey)
        return PEMPair(certificate: try certificate.serializeAsPEM().pemString, key: key.pemRepresentation)
    }

    /// A client certificate for `user` (in the Kubernetes `system:masters` group, as the
    /// console's administrator kubeconfig is), signed by `authority`, valid from `now` until
    /// `notAfter` (clamped to the CA's own end), with its new key.
    static func issueClient(authority: PEMPair, user: String, now: Date, notAfter: Date) throws -> PEMPair {
        let caCertificate = try Certificate(pemEncoded: authority.certificate)
        let caKey = try Certificate.PrivateKey(pemEncoded: authority.key)
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PrivateKey(key).publicKey
        let subject = try DistinguishedName {
            OrganizationName("system:masters")
            CommonName(user)
        }
        var extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            // ECDSA keys only sign: RFC 5480 §3 forbids keyEncipherment on them.
            Critical(KeyUsage(digitalSignature: true))
            try ExtendedKeyUsage([.clientAuth])
            SubjectKeyIdentifier(hash: publicKey)
        }
        if let authorityKey = try caCertificate.extensions.subjectKeyIdentifier {
            try extensions.append(
                Certificate.Extension(
                    AuthorityKeyIdentifier(keyIdentifier: authorityKey.keyIdentifier), critical: false))
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
            notValidBefore: now - backdate, notValidAfter: min(notAfter, caCertificate.notValidAfter),
            issuer: caCertificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions, issuerPrivateKey: caKey)
        return PEMPair(certificate: try certificate.serializeAsPEM().pemString, key: key.pemRepresentation)
    }
}
