// Hand-written parts of the node and kubeconfig models: the two shapes of
// `login.userPassword`, the names the wire operations use, and keeping secrets out of
// descriptions.

/// The Create Node request body is a `ClusterNode` without `status` (§1.1).
public typealias NodeCreateRequest = ClusterNode
/// The Update Node Pool body is a `NodePool` with only `metadata` and `spec` (§3.3).
public typealias NodePoolUpdate = NodePool

/// `login.userPassword`: an object `{username, password}` (Huawei SDK, TFHW), or a bare string
/// (the OTC doc types the field as a String). Written back in the shape it came in.
public enum NodeLoginPassword: WireModel {
    case user(NodeUserPassword)
    case text(String)

    /// The password (salted hash) whichever the shape.
    public var password: String? {
        switch self {
        case .user(let u): return u.password
        case .text(let s): return s
        }
    }

    public init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if let s = try? single.decode(String.self) {
            self = .text(s)
        } else {
            self = .user(try NodeUserPassword(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .user(let u): try u.encode(to: encoder)
        case .text(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        }
    }
}

extension NodeLoginPassword: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        switch self {
        case .user(let u): return "NodeLoginPassword(\(u))"
        case .text: return "NodeLoginPassword(<redacted>)"
        }
    }

    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["password": "<redacted>"]) }
}

extension NodeUserPassword: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Shows the user name, never the password.
    public var description: String {
        "NodeUserPassword(username: \(username ?? "nil"), password: \(password == nil ? "nil" : "<redacted>"))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self, children: ["username": username as Any, "password": (password == nil ? nil : "<redacted>") as Any])
    }
}

extension KubeconfigUser: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Shows whether each part is set, never the private key.
    public var description: String {
        let key = clientKeyData == nil ? "nil" : "<redacted>"
        return "KubeconfigUser(client-certificate-data: \(clientCertificateData == nil ? "nil" : "set"), "
            + "client-key-data: \(key))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "clientCertificateData": clientCertificateData as Any,
                "clientKeyData": (clientKeyData == nil ? nil : "<redacted>") as Any,
            ])
    }
}

extension Kubeconfig {
    /// The context a client should use (§4): `externalTLSVerify` when the cluster has a
    /// master EIP (it checks the server's certificate, unlike `external`), else
    /// `current-context`.
    public var preferredContext: String? {
        let names = (contexts ?? []).compactMap(\.name)
        if names.contains("externalTLSVerify") { return "externalTLSVerify" }
        return currentContext ?? names.first
    }
}

extension ClusterNode {
    /// The node's uid, name and phase, the three things a caller waits on.
    public var uid: String? { metadata?.uid }
    public var name: String? { metadata?.name }
    public var phase: String? { status?.phase }
}

extension NodePool {
    public var uid: String? { metadata?.uid }
    public var name: String? { metadata?.name }
    /// Empty means available (§3.2); `nil` when the body has no status.
    public var phase: String? { status?.phase }
}
