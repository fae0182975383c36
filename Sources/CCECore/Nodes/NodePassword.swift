import Crypto

/// The node login password as the service takes it (WIRE-LIFECYCLE §1.2): salted and
/// hashed with SHA-512 crypt, `crypt(pw, "$6$<16-char salt>$")`, then base64-encoded — what
/// the Terraform providers' `PasswordEncrypt` sends. The plain password never leaves the
/// machine.
public enum NodePassword {
    static let cryptAlphabet = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    static let rounds = 5000

    /// base64 of `$6$<salt>$<hash>` with a fresh 16-character salt.
    public static func saltedHash(_ password: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = String(
            decoding: (0..<16).map { _ in cryptAlphabet.randomElement(using: &generator) ?? 0x2E }, as: UTF8.self)
        return saltedHash(password, salt: salt)
    }

    /// The same with a given salt (at most 16 characters are used, as crypt does).
    public static func saltedHash(_ password: String, salt: String) -> String {
        base64(Array(sha512Crypt(password, salt: salt).utf8))
    }

    /// Whether `text` is already in the salted form (TFHW `TryPasswordEncrypt` skips those).
    public static func isSaltedHash(_ text: String) -> Bool { NodeValidationRun.isSaltedHash(text) }

    /// SHA-512 crypt (Drepper's "Unix crypt using SHA-256 and SHA-512", default rounds):
    /// `$6$<salt>$<86 characters>`.
    public static func sha512Crypt(_ password: String, salt saltText: String) -> String {
        let p = Array(password.utf8)
        let s = Array(saltText.utf8.prefix(16))

        var altCtx = SHA512()
        altCtx.update(data: p)
        altCtx.update(data: s)
        altCtx.update(data: p)
        let alt = Array(altCtx.finalize())

        var ctx = SHA512()
        ctx.update(data: p)
        ctx.update(data: s)
        var n = p.count
        while n > 64 {
            ctx.update(data: alt)
            n -= 64
        }
        ctx.update(data: alt.prefix(n))
        var bits = p.count
        while bits > 0 {
            if bits & 1 != 0 { ctx.update(data: alt) } else { ctx.update(data: p) }
            bits >>= 1
        }
        var a = Array(ctx.finalize())

        var dpCtx = SHA512()
        for _ in 0..<p.count { dpCtx.update(data: p) }
        let dp = Array(dpCtx.finalize())
        let pBytes = repeated(dp, to: p.count)

        var dsCtx = SHA512()
        for _ in 0..<(16 + Int(a[0])) { dsCtx.update(data: s) }
        let ds = Array(dsCtx.finalize())
        let sBytes = repeated(ds, to: s.count)

        for i in 0..<rounds {
            var c = SHA512()
            if i & 1 != 0 { c.update(data: pBytes) } else { c.update(data: a) }
            if i % 3 != 0 { c.update(data: sBytes) }
            if i % 7 != 0 { c.update(data: pBytes) }
            if i & 1 != 0 { c.update(data: a) } else { c.update(data: pBytes) }
            a = Array(c.finalize())
        }

        var out = "$6$" + String(decoding: s, as: UTF8.self) + "$"
        var encoded: [UInt8] = []
        func put(_ b2: UInt8, _ b1: UInt8, _ b0: UInt8, _ count: Int) {
            var w = (UInt32(b2) << 16) | (UInt32(b1) << 8) | UInt32(b0)
            for _ in 0..<count {
                encoded.append(cryptAlphabet[Int(w & 0x3F)])
                w >>= 6
            }
        }
        // The byte order SHA-512 crypt encodes its digest in.
        for k in 0..<21 {
            let i = k, j = (k + 21) % 63, l = (k + 42) % 63
            // Triples rotate: (0,21,42), (22,43,1), (44,2,23), …
            switch k % 3 {
            case 0: put(a[i], a[j], a[l], 4)
            case 1: put(a[j], a[l], a[i], 4)
            default: put(a[l], a[i], a[j], 4)
            }
        }
        put(0, 0, a[63], 2)
        out += String(decoding: encoded, as: UTF8.self)
        return out
    }

    private static func repeated(_ block: [UInt8], to count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count { out += block.prefix(count - out.count) }
        return out
    }

    private static func base64(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i]
            let b1 = i + 1 < bytes.count ? bytes[i + 1] : 0
            let b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(table[Int(b0 >> 2)])
            out.append(table[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(i + 1 < bytes.count ? table[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? table[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
