import CLibCrypt
import Foundation

/// The node login password as the service takes it (WIRE-LIFECYCLE §1.2): salted and
/// hashed with SHA-512 crypt, `crypt(pw, "$6$<16-char salt>$")`, then base64-encoded — what
/// the Terraform providers' `PasswordEncrypt` sends. The plain password never leaves the
/// machine. The hashing is the system's libxcrypt (`crypt_r`), not our own.
public enum NodePassword {
    static let cryptAlphabet = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// base64 of `$6$<salt>$<hash>` with a fresh 16-character salt.
    public static func saltedHash(_ password: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = String(
            decoding: (0..<16).map { _ in cryptAlphabet.randomElement(using: &generator) ?? 0x2E }, as: UTF8.self)
        // A salt from the crypt alphabet is always accepted.
        return saltedHash(password, salt: salt) ?? ""
    }

    /// The same with a given salt (crypt uses at most 16 of its characters); nil when the
    /// salt has characters outside `[./0-9A-Za-z]` or the password holds a NUL byte.
    public static func saltedHash(_ password: String, salt: String) -> String? {
        sha512Crypt(password, salt: salt).map { Data($0.utf8).base64EncodedString() }
    }

    /// Whether `text` is already in the salted form (TFHW `TryPasswordEncrypt` skips those).
    public static func isSaltedHash(_ text: String) -> Bool { NodeValidationRun.isSaltedHash(text) }

    /// SHA-512 crypt with the default 5,000 rounds: `$6$<salt>$<86 characters>`; nil when
    /// libxcrypt refuses the input.
    public static func sha512Crypt(_ password: String, salt: String) -> String? {
        guard !password.utf8.contains(0), salt.utf8.allSatisfy({ cryptAlphabet.contains($0) }) else { return nil }
        // `crypt_data` is 32 KiB: on the heap, zeroed as crypt_r requires, and wiped afterwards.
        let data = UnsafeMutablePointer<crypt_data>.allocate(capacity: 1)
        data.initialize(to: crypt_data())
        defer {
            data.initialize(to: crypt_data())
            data.deallocate()
        }
        guard let out = crypt_r(password, "$6$" + salt, data) else { return nil }
        let text = String(cString: out)
        return text.hasPrefix("$6$") ? text : nil  // failures come back as "*0" or "*1"
    }
}
