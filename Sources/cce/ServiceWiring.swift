import CCECore
import CCEEmulator
import CCEScript
import Foundation
import Synchronization

/// The chosen service, built on first use: `cce -e '1 + 1'` opens no database and no
/// connection, and the emulator announcement appears only when a script really uses it.
final class LazyService: ClusterService {
    private let choice: ServiceChoice
    private let environment: [String: String]
    private let connected = Mutex<Connection>(.notYet)

    /// What `connected` holds. Not `Result<any ClusterService, ServiceSetupError>?`: making
    /// that generic type's metadata checks `ServiceSetupError: Error` at run time, a scan of
    /// all 12k protocol conformances in the binary (~0.15 ms), and every `cce -e` paid it when
    /// the session went away, connected or not.
    private enum Connection {
        case notYet
        case made(any ClusterService)
        case failed(ServiceSetupError)
    }

    init(choice: ServiceChoice, environment: [String: String]) {
        self.choice = choice
        self.environment = environment
    }

    /// The line printed on stderr, once, when the embedded emulator is used.
    static func announcement(statePath: String) -> String {
        "cce: no cloud configured; using the embedded emulator (state: \(statePath))"
    }

    private func service() throws -> any ClusterService {
        let connection = connected.withLock { slot -> Connection in
            if case .notYet = slot {} else { return slot }
            do {
                slot = .made(try ServiceFactory.make(choice, environment: environment))
                if case .emulator(let path) = choice { printError(Self.announcement(statePath: path)) }
            } catch let e as ServiceSetupError {
                slot = .failed(e)
            } catch {
                slot = .failed(ServiceSetupError(message: "\(error)"))
            }
            return slot
        }
        switch connection {
        case .made(let service): return service
        case .failed(let error): throw error
        case .notYet:
            throw ServiceSetupError(message: "the service was not set up (an internal error: please report it)")
        }
    }

    var jobTiming: JobTimingMemory? { (try? service())?.jobTiming }
    func createCluster(body: JSONValue) async throws -> JSONValue { try await service().createCluster(body: body) }
    func showJob(id: String) async throws -> JSONValue { try await service().showJob(id: id) }
    func getCluster(id: String) async throws -> JSONValue { try await service().getCluster(id: id) }
    func listClusters(query: [(name: String, value: String)]) async throws -> [JSONValue] {
        try await service().listClusters(query: query)
    }
    func deleteCluster(id: String, query: [(name: String, value: String)]) async throws -> JSONValue {
        try await service().deleteCluster(id: id, query: query)
    }
    func createNode(clusterID: String, body: JSONValue, query: [(name: String, value: String)]) async throws
        -> JSONValue
    {
        try await service().createNode(clusterID: clusterID, body: body, query: query)
    }
    func listNodes(clusterID: String) async throws -> [JSONValue] {
        try await service().listNodes(clusterID: clusterID)
    }
    func getNode(clusterID: String, nodeID: String) async throws -> JSONValue {
        try await service().getNode(clusterID: clusterID, nodeID: nodeID)
    }
    func deleteNode(clusterID: String, nodeID: String, query: [(name: String, value: String)]) async throws -> JSONValue
    {
        try await service().deleteNode(clusterID: clusterID, nodeID: nodeID, query: query)
    }
    func createNodePool(clusterID: String, body: JSONValue) async throws -> JSONValue {
        try await service().createNodePool(clusterID: clusterID, body: body)
    }
    func listNodePools(clusterID: String, query: [(name: String, value: String)]) async throws -> [JSONValue] {
        try await service().listNodePools(clusterID: clusterID, query: query)
    }
    func getNodePool(clusterID: String, poolID: String) async throws -> JSONValue {
        try await service().getNodePool(clusterID: clusterID, poolID: poolID)
    }
    func updateNodePool(clusterID: String, poolID: String, body: JSONValue) async throws -> JSONValue {
        try await service().updateNodePool(clusterID: clusterID, poolID: poolID, body: body)
    }
    func deleteNodePool(clusterID: String, poolID: String) async throws -> JSONValue {
        try await service().deleteNodePool(clusterID: clusterID, poolID: poolID)
    }
    func createClusterCert(clusterID: String, body: JSONValue) async throws -> JSONValue {
        try await service().createClusterCert(clusterID: clusterID, body: body)
    }
    func updateCluster(id: String, body: JSONValue) async throws -> JSONValue {
        try await service().updateCluster(id: id, body: body)
    }
    func clusterOperation(id: String, operation: String, body: JSONValue?) async throws -> JSONValue? {
        try await service().clusterOperation(id: id, operation: operation, body: body)
    }
}

/// The service could not be set up (the emulator's database cannot be opened, …).
struct ServiceSetupError: Error, Sendable, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Builds the real service for a choice. The only place that knows the concrete client and
/// transports.
enum ServiceFactory {
    /// The project the in-process emulator serves when the environment names none.
    static let emulatorProjectID = "local"

    static func make(_ choice: ServiceChoice, environment: [String: String]) throws -> any ClusterService {
        switch choice {
        case .cloud(let target):
            // The transport lives as long as the process: the command exits without tearing it down.
            let transport = HTTPTransport()
            let auth: CCEClient.Auth =
                switch target.credential {
                case .token(let t): .token(t)
                case .accessKey(let ak, let sk): .akSK(accessKey: ak, secretKey: sk)
                case .password(let p):
                    .password(
                        IAMPasswordAuth(
                            credentials: .init(
                                authURL: p.authURL, username: p.username, password: p.password,
                                domainName: p.domainName,
                                projectID: p.projectID, projectName: p.projectName),
                            transport: transport))
                case .none: .none
                }
            return CCEClient(
                baseURL: target.endpoint, projectID: target.projectID, region: target.region ?? "", auth: auth,
                transport: transport)
        case .emulator(let statePath):
            var configuration = EmulatorConfiguration.fromEnvironment(environment)
            configuration.storage = EmulatorConfiguration.Storage(statePath)
            let emulator: Emulator
            do { emulator = try Emulator(configuration: configuration) } catch {
                throw ServiceSetupError(message: "cannot start the embedded emulator (state: \(statePath)): \(error)")
            }
            let projectID = environment["CCE_PROJECT_ID"].flatMap { $0.isEmpty ? nil : $0 } ?? emulatorProjectID
            return CCEClient(
                baseURL: "http://emulator.invalid", projectID: projectID, region: "local", auth: .none,
                transport: EmulatorTransport(emulator: emulator))
        }
    }
}
