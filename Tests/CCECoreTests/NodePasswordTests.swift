import Foundation
import Testing

@testable import CCECore

/// SHA-512 crypt against `openssl passwd -6` (OpenSSL 3), and the base64 wrapping the service takes.
@Suite("Node password")
struct NodePasswordTests {
    @Test func matchesOpenSSL() {
        #expect(
            NodePassword.sha512Crypt("Secr3t!pw", salt: "abcdefghijklmnop")
                == "$6$abcdefghijklmnop$"
                + "rJrl1HTEIh.LIspnNXd5YlZoeG5MHkqZ2k3mcFozG5xyGXSYYmPoFy9Sn6arT5CdMztb8ZZEgjNJrsB3wh0J71")
        #expect(
            NodePassword.sha512Crypt("a", salt: "short")
                == "$6$short$H.b6NeQvCMQ5GOPvzn5zXXcNUM2w0yE5a8Oal0EJetFKvqFQ6m2H7Mqzyppvg98IIRXVxUXmgh7oCMe8z/7hP0")
        // A password longer than one digest exercises the 64-byte loop.
        #expect(
            NodePassword.sha512Crypt(String(repeating: "x", count: 100), salt: "saltsaltsaltsalt")
                == "$6$saltsaltsaltsalt$"
                + ".1EZzog1wcpq5JIvV/WT92D.QlINyy6tvU1yafc6nBj5ZGWbzJr6R8/b3LyvPLfO6XPaCrkn5TU0aah/u95/F.")
    }

    @Test func refusesWhatCryptCannotTake() {
        #expect(NodePassword.sha512Crypt("pw", salt: "bad$salt") == nil)
        #expect(NodePassword.sha512Crypt("p\u{0}w", salt: "saltsalt") == nil)
        #expect(NodePassword.saltedHash("pw", salt: "") != nil)  // an empty salt is crypt's to take
    }

    @Test func saltedHashIsBase64OfTheCryptString() throws {
        let hash = try #require(NodePassword.saltedHash("Secr3t!pw", salt: "abcdefghijklmnop"))
        let decoded = try #require(Data(base64Encoded: hash))
        let crypt = try #require(NodePassword.sha512Crypt("Secr3t!pw", salt: "abcdefghijklmnop"))
        #expect(String(decoding: decoded, as: UTF8.self) == crypt)
        #expect(NodePassword.isSaltedHash(hash))
        let fresh = NodePassword.saltedHash("Secr3t!pw")
        #expect(fresh != NodePassword.saltedHash("Secr3t!pw"))  // a new salt each time
        #expect(!fresh.contains("Secr3t"))
        // The validator takes it without a warning.
        let login: JSONValue = ["userPassword": ["username": "root", "password": .string(fresh)]]
        let body = NodeBodies.node.at("spec", "login", value: login)
        #expect(NodeValidator.validateNode(body.json).isEmpty)
    }
}
