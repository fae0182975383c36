// A Swift program that embeds the .cce interpreter: the in-process emulator as the
// service, one host function of its own, a script that creates a cluster, and the
// result back in Swift as CCECore's `Cluster` model.
//
//     swift run cce-embed-example
import CCECore
import CCEEmulator
import CCEScript
import Foundation

/// What the host knows and scripts do not: here, which network each team owns.
struct TeamNetwork: Codable {
    var vpc: String
    var subnet: String
    var cidr: String
}

let networks = [
    "payments": TeamNetwork(
        vpc: "23d3725f-6ffe-400e-8fb6-b4f9a7b3e8c1", subnet: "c90b3ce5-e1f1-4c87-a006-644d78846438",
        cidr: "172.16.0.0/16")
]

struct UnknownTeam: Error, CustomStringConvertible {
    var team: String
    var description: String { "no network is registered for team '\(team)'" }
}

let script = """
    # The user's script: everything but the network comes from them.
    let net = team_network("payments")
    let c = cluster("payments-dev")
      .type("VirtualMachine")
      .flavor("cce.s1.small")
      .vpc(net.vpc)
      .subnet(net.subnet)
      .containerNetwork({mode: "overlay_l2", cidr: net.cidr})
    print("creating", c.name, "in", net.vpc)
    wait(create(c), timeout: 1m)
    """

func main() async -> Int32 {
    // 1. The service: the emulator in-process (no sockets), jobs that take 50 ms.
    let emulator: Emulator
    do {
        emulator = try Emulator(
            configuration: EmulatorConfiguration(storage: .memory, createSeconds: 0.05, deleteSeconds: 0.05))
    } catch {
        FileHandle.standardError.write(Data("cannot start the emulator: \(error)\n".utf8))
        return 1
    }
    let client = CCEClient(
        baseURL: "http://emulator.invalid", projectID: "0123456789abcdef0123456789abcdef", region: "eu-de", auth: .none,
        transport: EmulatorTransport(emulator: emulator))

    // 2. The interpreter: only the service is granted; limits for an untrusted script.
    let interpreter = Interpreter(
        options: InterpreterOptions(
            limits: .untrusted,
            capabilities: Capabilities(service: client),
            output: { text in print("script: \(text)", terminator: "") },
            progress: { report in
                if report.finished { print("progress: \(report.clusterName) done after \(report.elapsed)") }
            }))

    // 3. A host function, with typed argument unpacking and a Codable result.
    interpreter.register(function: "team_network", parameters: [.required("team")]) { args in
        let team = try args.string(0)
        guard let network = networks[team] else { throw UnknownTeam(team: team) }
        return try Value(encoding: network)
    }

    // 4. Run the script and take its result back as CCECore's model.
    do {
        let cluster = try await interpreter.evaluate(script, as: Cluster.self, fileName: "user.cce")
        print(
            "created \(cluster.metadata?.name ?? "?") (uid \(cluster.metadata?.uid ?? "?")), "
                + "phase \(cluster.status?.phase?.rawValue ?? "?")"
        )
        print("flavor \(cluster.spec?.flavor ?? "?"), service CIDR \(cluster.spec?.kubernetesSvcIpRange ?? "?")")
    } catch let failure as ScriptFailure {
        FileHandle.standardError.write(Data(failure.render(color: false).utf8))
        return 1
    } catch {
        FileHandle.standardError.write(Data("\(error)\n".utf8))
        return 1
    }

    // 5. A script error comes back with its position in the script.
    do {
        _ = try await interpreter.evaluate("team_network(\"marketing\")", fileName: "user.cce")
        return 1
    } catch {
        print("as expected: " + error.render(color: false).split(separator: "\n")[0])
    }
    return 0
}

exit(await main())
