// The cluster-certificate request and the kubeconfig it returns (WIRE-LIFECYCLE §4).
// As in NodeModels.swift, each CodingKeys is the one declaration of its fields.

/// The body of `POST /clusters/{cid}/clustercert` (§4).
public struct ClusterCertRequest: WireModel {
    /// Days, 1–1827, or -1 for the maximum.
    public var duration: Int?
    /// Huawei: an expiry time; wins over duration.
    public var expireAt: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        duration: Int? = nil,
        expireAt: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.duration = duration
        self.expireAt = expireAt
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case duration
        case expireAt = "expire_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        duration = try c.decodeIfPresent(Int.self, forKey: .duration)
        expireAt = try c.decodeIfPresent(String.self, forKey: .expireAt)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(duration, forKey: .duration)
        try c.encodeIfPresent(expireAt, forKey: .expireAt)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// The clustercert response: a kubeconfig in JSON (§4). JSON is YAML, so kubectl reads it as is.
public struct Kubeconfig: WireModel {
    /// `Config`.
    public var kind: String?
    /// `v1`.
    public var apiVersion: String?
    /// `{}`.
    public var preferences: JSONValue?
    /// `internalCluster`, `externalCluster`, `externalClusterTLSVerify`.
    public var clusters: [KubeconfigNamedCluster]?
    /// `user`.
    public var users: [KubeconfigNamedUser]?
    /// `internal`, `external`, `externalTLSVerify`.
    public var contexts: [KubeconfigNamedContext]?
    /// `external` with a master EIP, else `internal`.
    public var currentContext: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        kind: String? = nil,
        apiVersion: String? = nil,
        preferences: JSONValue? = nil,
        clusters: [KubeconfigNamedCluster]? = nil,
        users: [KubeconfigNamedUser]? = nil,
        contexts: [KubeconfigNamedContext]? = nil,
        currentContext: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.kind = kind
        self.apiVersion = apiVersion
        self.preferences = preferences
        self.clusters = clusters
        self.users = users
        self.contexts = contexts
        self.currentContext = currentContext
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind
        case apiVersion
        case preferences
        case clusters
        case users
        case contexts
        case currentContext = "current-context"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        apiVersion = try c.decodeIfPresent(String.self, forKey: .apiVersion)
        preferences = try c.decodeIfPresent(JSONValue.self, forKey: .preferences)
        clusters = try c.decodeIfPresent([KubeconfigNamedCluster].self, forKey: .clusters)
        users = try c.decodeIfPresent([KubeconfigNamedUser].self, forKey: .users)
        contexts = try c.decodeIfPresent([KubeconfigNamedContext].self, forKey: .contexts)
        currentContext = try c.decodeIfPresent(String.self, forKey: .currentContext)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(kind, forKey: .kind)
        try c.encodeIfPresent(apiVersion, forKey: .apiVersion)
        try c.encodeIfPresent(preferences, forKey: .preferences)
        try c.encodeIfPresent(clusters, forKey: .clusters)
        try c.encodeIfPresent(users, forKey: .users)
        try c.encodeIfPresent(contexts, forKey: .contexts)
        try c.encodeIfPresent(currentContext, forKey: .currentContext)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// An entry of `clusters`.
public struct KubeconfigNamedCluster: WireModel {
    public var name: String?
    public var cluster: KubeconfigCluster?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        name: String? = nil,
        cluster: KubeconfigCluster? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.cluster = cluster
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case cluster
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        cluster = try c.decodeIfPresent(KubeconfigCluster.self, forKey: .cluster)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(cluster, forKey: .cluster)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// A kubeconfig cluster.
public struct KubeconfigCluster: WireModel {
    /// `https://<ip>:5443`.
    public var server: String?
    /// base64 PEM of the cluster CA.
    public var certificateAuthorityData: String?
    /// `externalCluster` only.
    public var insecureSkipTLSVerify: Bool?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        server: String? = nil,
        certificateAuthorityData: String? = nil,
        insecureSkipTLSVerify: Bool? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.server = server
        self.certificateAuthorityData = certificateAuthorityData
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case server
        case certificateAuthorityData = "certificate-authority-data"
        case insecureSkipTLSVerify = "insecure-skip-tls-verify"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        server = try c.decodeIfPresent(String.self, forKey: .server)
        certificateAuthorityData = try c.decodeIfPresent(String.self, forKey: .certificateAuthorityData)
        insecureSkipTLSVerify = try c.decodeIfPresent(Bool.self, forKey: .insecureSkipTLSVerify)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(server, forKey: .server)
        try c.encodeIfPresent(certificateAuthorityData, forKey: .certificateAuthorityData)
        try c.encodeIfPresent(insecureSkipTLSVerify, forKey: .insecureSkipTLSVerify)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// An entry of `users`.
public struct KubeconfigNamedUser: WireModel {
    public var name: String?
    public var user: KubeconfigUser?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        name: String? = nil,
        user: KubeconfigUser? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.user = user
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case user
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        user = try c.decodeIfPresent(KubeconfigUser.self, forKey: .user)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(user, forKey: .user)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// A kubeconfig user: the client certificate and its private key (a secret).
public struct KubeconfigUser: WireModel {
    /// base64 PEM.
    public var clientCertificateData: String?
    /// base64 PEM private key.
    public var clientKeyData: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        clientCertificateData: String? = nil,
        clientKeyData: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.clientCertificateData = clientCertificateData
        self.clientKeyData = clientKeyData
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case clientCertificateData = "client-certificate-data"
        case clientKeyData = "client-key-data"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        clientCertificateData = try c.decodeIfPresent(String.self, forKey: .clientCertificateData)
        clientKeyData = try c.decodeIfPresent(String.self, forKey: .clientKeyData)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(clientCertificateData, forKey: .clientCertificateData)
        try c.encodeIfPresent(clientKeyData, forKey: .clientKeyData)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// An entry of `contexts`.
public struct KubeconfigNamedContext: WireModel {
    public var name: String?
    public var context: KubeconfigContext?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        name: String? = nil,
        context: KubeconfigContext? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.context = context
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case context
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        context = try c.decodeIfPresent(KubeconfigContext.self, forKey: .context)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(context, forKey: .context)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}

/// A kubeconfig context.
public struct KubeconfigContext: WireModel {
    public var cluster: String?
    public var user: String?
    public var namespace: String?
    /// Members this model does not declare, kept so the body round-trips.
    public var additionalFields: [String: JSONValue]

    public init(
        cluster: String? = nil,
        user: String? = nil,
        namespace: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.cluster = cluster
        self.user = user
        self.namespace = namespace
        self.additionalFields = additionalFields
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case cluster
        case user
        case namespace
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cluster = try c.decodeIfPresent(String.self, forKey: .cluster)
        user = try c.decodeIfPresent(String.self, forKey: .user)
        namespace = try c.decodeIfPresent(String.self, forKey: .namespace)
        additionalFields = try decoder.unknownFields(besides: CodingKeys.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(cluster, forKey: .cluster)
        try c.encodeIfPresent(user, forKey: .user)
        try c.encodeIfPresent(namespace, forKey: .namespace)
        try encoder.encodeUnknownFields(additionalFields, besides: CodingKeys.self)
    }
}
