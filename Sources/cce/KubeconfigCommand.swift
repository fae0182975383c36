import ArgumentParser
import CCECore
import CCEScript
import Foundation

/// `cce kubeconfig CLUSTER [--duration DAYS] [--output FILE]`: the cluster's kubeconfig
/// (WIRE-LIFECYCLE §4), merged into the file kubectl reads.
struct KubeconfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kubeconfig",
        abstract: "Write a cluster's kubeconfig (a client certificate from the service) where kubectl reads it.",
        discussion: """
            The file is the first path of $KUBECONFIG, else ~/.kube/config, unless --output \
            names one; the command says which it chose. The cluster's entries are named after \
            it (CLUSTER-internal, CLUSTER-externalTLSVerify, …) and merged in: the file's other \
            clusters, users and contexts stay, same-named ones are replaced. The current context \
            becomes the cluster's TLS-verifying one when it has a public address \
            (CLUSTER-externalTLSVerify), else CLUSTER-internal. The file is written with mode \
            0600. `--output -` prints the kubeconfig, client key included, on stdout instead; \
            nothing else ever prints the key.
            """
    )

    @OptionGroup var service: ServiceOptions

    @Option(
        help: ArgumentHelp(
            "How long the client certificate is valid, in days: 1 to 1827, or -1 for the longest.",
            valueName: "days"))
    var duration: Int = 30

    @Option(
        name: [.customShort("o"), .long],
        help: ArgumentHelp(
            "The kubeconfig file to merge into ('-': print it on stdout, client key included).", valueName: "file"),
        completion: .file())
    var output: String?

    @Argument(help: ArgumentHelp("The cluster's name or id.", valueName: "cluster"))
    var cluster: String

    func validate() throws {
        let problems = NodeValidator.validateClusterCert(["duration": .int(duration)]).filter { $0.severity == .error }
        if let first = problems.first {
            throw ValidationError("--duration \(duration): \(first.message)")
        }
        if cluster.isEmpty { throw ValidationError("the cluster's name or id is empty") }
    }

    func run() async throws {
        let environment = ProcessEnvironment.current()
        let session = try Session.make(flags: service.flags, environment: environment)
        let code = await session.kubeconfig(cluster: cluster, duration: duration, output: output)
        throw ExitCode(code.rawValue)
    }
}

extension Session {
    func kubeconfig(cluster key: String, duration: Int, output: String?) async -> ExitStatus {
        let document: JSONValue
        let name: String
        do {
            let clusters = try await service.listClusters(query: [])
            guard
                let found = clusters.first(where: { $0["metadata"]?["uid"]?.stringValue == key })
                    ?? clusters.first(where: { $0["metadata"]?["name"]?.stringValue == key })
            else {
                printError("cce kubeconfig: there is no cluster named or with id \(Value.quote(scrub(key)))")
                printError("hint: `cce -e 'clusters().map(fn(c) => c.name)'` lists the clusters")
                return .serviceError
            }
            name = found["metadata"]?["name"]?.stringValue ?? key
            let uid = found["metadata"]?["uid"]?.stringValue ?? key
            let phase = found["status"]?["phase"]?.stringValue ?? ""
            if phase == "Hibernation" || phase == "Hibernating" || phase == "Creating" {
                printError("cce kubeconfig: cluster \(name) is \(phase)")
                printError(
                    phase == "Creating"
                        ? "hint: wait until it is Available, then run this again"
                        : "hint: wake it first: cce -e 'wait(awake(\"\(name)\"))'")
                return .serviceError
            }
            document = try await service.createClusterCert(clusterID: uid, body: ["duration": .int(duration)])
        } catch let e as CCEClientError {
            printError("cce kubeconfig: could not obtain the kubeconfig of \(scrub(key)): \(scrub(e.description))")
            if let hint = e.hint { printError("hint: \(scrub(hint))") }
            return e.isTimeout ? .timeout : .serviceError
        } catch {
            printError("cce kubeconfig: could not obtain the kubeconfig of \(scrub(key)): \(scrub("\(error)"))")
            return .serviceError
        }

        if output == "-" {
            do {
                FDStream.standardOutput.write(
                    try KubeconfigFile.yaml(KubeconfigFile.prepared(document, clusterName: name)))
            } catch {
                printError("cce kubeconfig: cannot encode the kubeconfig: \(error)")
                return .scriptError
            }
            return .ok
        }
        let (path, reason) = output.map { ($0, "--output") } ?? KubeconfigFile.defaultPath(environment: environment)
        do {
            let written = try KubeconfigFile.write(document, clusterName: name, to: path)
            let prepared = KubeconfigFile.prepared(document, clusterName: name)
            let context = prepared["current-context"]?.stringValue ?? ""
            printError(
                "cce: wrote the kubeconfig of cluster \(name) to \(written) (\(reason)); "
                    + "current context \(context), certificate valid "
                    + (duration == -1 ? "as long as allowed" : "\(duration) days")
            )
            if KubeconfigFile.currentContextSkipsVerification(prepared) {
                printError("cce: warning: context \(context) does not verify the server's TLS certificate")
            }
            return .ok
        } catch {
            printError("cce kubeconfig: \(error)")
            return .scriptError
        }
    }
}
