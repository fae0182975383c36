import CCECore
import CCEScript
import Foundation
import Synchronization

/// The chosen service, built on first use: `cce -e '1 + 1'` opens no database and no
/// connection, and the emulator announcement appears only when a script really uses it.
final class LazyService: ClusterService {
    private let choice: ServiceChoice
    private let connected = Mutex<Result<any ClusterService, ServiceSetupError>?>(nil)

    init(choice: ServiceChoice) {
        self.choice = choice
    }

    /// The line printed on stderr, once, when the embedded emulator is used.
    static func announcement(statePath: String) -> String {
        "cce: no cloud configured; using the embedded emulator (state: \(statePath))"
    }

    private func service() throws -> any ClusterService {
        let result = connected.withLock { slot -> Result<any ClusterService, ServiceSetupError> in
            if let slot { return slot }
            let made: Result<any ClusterService, ServiceSetupError>
            do { made = .success(try ServiceFactory.make(choice)) } catch let e as ServiceSetupError {
                made = .failure(e)
            } catch {
                made = .failure(ServiceSetupError(message: "\(error)"))
            }
            if case .emulator(let path) = choice, case .success = made {
                printError(Self.announcement(statePath: path))
            }
            slot = made
            return made
        }
        return try result.get()
    }

    func createCluster(body: JSONValue) async throws -> JSONValue { try await service().createCluster(body: body) }
    func showJob(id: String) async throws -> JSONValue { try await service().showJob(id: id) }
    func getCluster(id: String) async throws -> JSONValue { try await service().getCluster(id: id) }
    func listClusters(query: [(name: String, value: String)]) async throws -> [JSONValue] {
        try await service().listClusters(query: query)
    }
    func deleteCluster(id: String, query: [(name: String, value: String)]) async throws -> JSONValue {
        try await service().deleteCluster(id: id, query: query)
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
    static func make(_ choice: ServiceChoice) throws -> any ClusterService {
        // TODO(wiring): CCEClient over HTTPTransport (cloud) / EmulatorTransport (emulator)
        // once CCECore's client and the emulator land.
        throw ServiceSetupError(message: "the cluster service is not available in this build yet")
    }
}

/// Installs the cluster built-ins and routes their progress to the renderer.
enum ClusterWiring {
    static func install(into interpreter: Interpreter, service: any ClusterService, progress: ProgressRenderer) {
        // TODO(wiring): the cluster built-ins from CCEScript, with a progress hook feeding
        // `progress.update(ProgressUpdate(...))`.
    }
}
