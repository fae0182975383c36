import CCEScript
import Foundation

/// The interactive loop (`cce` with no arguments).
///
/// One entry is one complete statement: lines accumulate while `Interpreter.inputStatus`
/// says the text is incomplete. On a terminal: libedit, a banner, prompts, history and
/// colour. Piped: no prompt, no banner, no escape codes; only values and printed output on
/// stdout, errors on stderr, and the session goes on after an error.
final class REPL {
    private let session: Session
    private let environment: [String: String]
    private let interactive: Bool
    private let colorValues: Bool
    private let interpreter: Interpreter
    private var reader: LineReader
    private var failures = 0

    static let prompt = "cce> "
    static let continuationPrompt = "...> "

    init(session: Session, environment: [String: String]) {
        self.session = session
        self.environment = environment
        interactive = Terminal.isTTY(0) && Terminal.isTTY(1)
        colorValues = Terminal.wantsColor(fd: 1, environment: environment)
        interpreter = session.makeInterpreter(
            importRoots: [Paths.currentDirectory()], output: session.standardOutputSink,
            service: session.service)
        reader = PlainLineReader()
        if interactive {
            let history = HistoryFile(path: HistoryFile.defaultPath(environment: environment), secrets: session.secrets)
            let interpreter = self.interpreter
            let engine = CompletionEngine(names: { interpreter.completions(for: $0) })
            if let edit = EditLineReader(historyFile: history, complete: engine.complete) { reader = edit }
        }
    }

    /// Runs until Ctrl-D, `:quit` or the end of piped input.
    func run() async -> ExitStatus {
        if interactive {
            FDStream.standardOutput.write("cce — type :help for help, Ctrl-D to quit\n")
        }
        var buffer = ""
        loop: while true {
            switch reader.read(prompt: interactive ? (buffer.isEmpty ? Self.prompt : Self.continuationPrompt) : "") {
            case .endOfInput:
                if !buffer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    reader.addHistory(buffer)
                    await evaluate(buffer)
                }
                if interactive { FDStream.standardOutput.write("\n") }
                break loop
            case .interrupted:
                buffer = ""
            case .line(let line):
                if buffer.isEmpty, line.trimmingCharacters(in: .whitespaces).hasPrefix(":") {
                    reader.addHistory(line)
                    if await command(line.trimmingCharacters(in: .whitespaces)) == .quit { break loop }
                    continue
                }
                // A blank line ends a continued entry: it is evaluated as it stands, so an
                // unclosed bracket is reported instead of waiting for ever.
                let endsEntry = !buffer.isEmpty && line.trimmingCharacters(in: .whitespaces).isEmpty
                buffer += buffer.isEmpty ? line : "\n" + line
                if buffer.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    buffer = ""
                    continue
                }
                if !endsEntry && Interpreter.inputStatus(buffer) == .incomplete { continue }
                reader.addHistory(buffer)
                let entry = buffer
                buffer = ""
                await evaluate(entry)
            }
        }
        reader.saveHistory()
        // Piped sessions report whether every entry succeeded; Ctrl-D at a terminal is success.
        return interactive || failures == 0 ? .ok : .scriptError
    }

    private func evaluate(_ source: String) async {
        let outcome = await session.evaluate { [interpreter] in
            await interpreter.evaluateEntry(source, fileName: "<repl>")
        }
        session.progress.reset()
        switch outcome {
        case .success(let value):
            // As in Python: a statement whose value is null (a print, a null) echoes nothing.
            if let value, value.typeName != "null" { show(value) }
        case .failure(let failure):
            failures += 1
            if failure.kind == .cancelled {
                // On a terminal the echoed ^C leaves the cursor mid-line.
                printError(interactive ? "\ninterrupted" : "interrupted")
            } else {
                session.report(failure)
            }
        }
    }

    private func show(_ value: Value) {
        let text = session.scrub(value.literalDescription)
        FDStream.standardOutput.write((colorValues ? LiteralColorizer.colorize(text) : text) + "\n")
    }

    private enum CommandResult { case next, quit }

    private func command(_ line: String) async -> CommandResult {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let name = parts[0]
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        switch name {
        case ":q", ":quit", ":exit":
            return .quit
        case ":h", ":help":
            FDStream.standardOutput.write(help(argument))
        case ":vars":
            for (n, v) in interpreter.globals() where n != "_" {
                FDStream.standardOutput.write("\(n) = \(session.scrub(v.literalDescription))\n")
            }
        case ":reset":
            interpreter.reset()
            if interactive { FDStream.standardOutput.write("(all bindings forgotten)\n") }
        case ":load", ":l":
            guard !argument.isEmpty else {
                printError(":load needs a file: :load path/to/script.cce")
                failures += 1
                return .next
            }
            do {
                let source = try ScriptSource.read(argument)
                let outcome = await session.evaluate { [interpreter] in
                    await interpreter.evaluateEntry(source, fileName: argument)
                }
                session.progress.reset()
                if case .failure(let f) = outcome {
                    failures += 1
                    session.report(f)
                }
            } catch {
                failures += 1
                printError(":load: \(error)")
            }
        default:
            failures += 1
            let known = [":help", ":vars", ":load", ":reset", ":quit"]
            let suggestion = nearestName(to: name, in: known).map { " (did you mean \($0)?)" } ?? ""
            printError("unknown command \(name)\(suggestion); :help lists the commands")
        }
        return .next
    }

    private func help(_ topic: String) -> String {
        if topic.isEmpty {
            let names = interpreter.completions(for: "").filter { $0.first?.isLetter == true }
            return """
                Enter statements or expressions; values print in literal syntax and `_` holds the last one.
                An unfinished statement continues on the next line (...>). Ctrl-C cancels a running
                evaluation or clears the line; Ctrl-D quits.

                  :help [name]   this text, or about one name
                  :vars          the bindings you made
                  :load FILE     run a script in this session (its definitions stay)
                  :reset         forget every binding
                  :quit          leave (also Ctrl-D)

                Names: \(names.joined(separator: " "))

                """
        }
        return HelpTopics.text(for: topic, interpreter: interpreter)
    }
}

/// `:help NAME`: the built-in's signature where known.
enum HelpTopics {
    static func text(for name: String, interpreter: Interpreter) -> String {
        if let doc = docs[name] { return doc + "\n" }
        let method = name.hasPrefix(".") ? String(name.dropFirst()) : name
        let cluster = Interpreter.clusterMethodHelp(method)
        let node = Interpreter.nodeMethodHelp(method)
        if cluster != nil || node != nil {
            var text = ""
            if let cluster {
                text = cluster
                if let values = methodValues[method] { text += "\n  values: " + values.joined(separator: ", ") }
            }
            if let node {
                text += (text.isEmpty ? "" : "\n") + node
                if let values = nodeMethodValues[method] { text += "\n  values: " + values.joined(separator: ", ") }
            }
            return text + "\n"
        }
        if let (_, v) = interpreter.globals().first(where: { $0.name == name }) {
            return "\(name) is a \(v.typeName) you defined: \(v.literalDescription)\n"
        }
        let all = interpreter.completions(for: "")
        if all.contains(name) { return "\(name): a built-in; see LANGUAGE.md for its contract\n" }
        let hint = nearestName(to: name, in: all).map { " (did you mean \($0)?)" } ?? ""
        return "no help for \(name)\(hint)\n"
    }

    /// The enumerated values a cluster builder method takes (the seed reference's tables), for `:help`.
    static let methodValues: [String: [String]] = [
        "flavor": [
            "cce.s1.small", "cce.s1.medium", "cce.s2.small", "cce.s2.medium", "cce.s2.large", "cce.s2.xlarge",
            "cce.t2.small", "cce.t2.medium", "cce.t2.large",
        ],
        "type": ["VirtualMachine", "ARM64"],
        "category": ["CCE"],
        "kubeProxyMode": ["iptables", "ipvs"],
        "containerNetwork": ["mode: overlay_l2", "mode: vpc-router"],
        "authentication": ["mode: rbac", "mode: authenticating_proxy"],
        "cpuManagerPolicy": ["none", "static"],
        "multiAZ": ["writes clusterAZ: multi_az"],
    ]

    /// The enumerated values of the node and node-pool builders (WIRE-LIFECYCLE §1–3), for `:help`.
    static let nodeMethodValues: [String: [String]] = [
        "flavor": ["s3.large.2", "s3.xlarge.2", "c4.large.2", "c4.xlarge.2", "m3.xlarge.8 (at least 2 vCPU, 4 GiB)"],
        "os": ["EulerOS 2.9", "EulerOS 2.5", "Ubuntu 22.04", "HCE OS 2.0"],
        "rootVolume": ["size: 40..1024", "volumetype: SATA, SAS, SSD, GPSSD, ESSD, GPSSD2, ESSD2"],
        "dataVolumes": ["size: 100..32768", "volumetype: SATA, SAS, SSD, GPSSD, ESSD, GPSSD2, ESSD2"],
        "taints": ["effect: NoSchedule, PreferNoSchedule, NoExecute", "at most 20"],
        "k8sTags": ["at most 20 labels; key ≤ 63 characters (optional DNS prefix), value ≤ 63"],
        "login": ["{sshKey: \"keypair-name\"}", "{userPassword: {username: \"root\", password: …}}"],
        "runtime": ["name: containerd, docker"],
        "extendParam": ["maxPods: 16..256", "alpha.cce/preInstall, alpha.cce/postInstall (base64)"],
        "type": ["vm", "ElasticBMS", "pm"],
        "autoscaling": ["enable", "minNodeCount ≤ maxNodeCount", "scaleDownCooldownTime", "priority"],
        "count": ["1 or more"],
        "billingMode": ["0 (pay-per-use)"],
    ]

    /// One line per built-in, from the language contract.
    static let docs: [String: String] = [
        "cluster": "cluster(name) or cluster(map): a Create Cluster request body; builder methods return new clusters",
        "validate": "validate(c): the list of diagnostics for a cluster (no I/O)",
        "check": "check(c): returns c when it has no errors, else raises an error holding the diagnostics",
        "create": "create(c) or create(node_or_pool, cluster: c): validates, sends, returns a job at once",
        "wait": "wait(job_or_jobs, timeout: 30m): waits for jobs; gives the cluster, the new nodes or the pool back",
        "ensure":
            "ensure(c, timeout: 30m, update: false) or ensure(pool, cluster: c): created if missing; drift raises",
        "clusters": "clusters(): the project's clusters",
        "get": "get(name_or_id): one cluster",
        "delete": "delete(c, evs:, net:, eni:, obs:, sfs:, efs:, sfs30:, lts:) or delete(node_or_pool): returns a job",
        "update": "update(c_or_name, {description: …}): changes the updatable fields, returns the cluster",
        "hibernate": "hibernate(c): a handle; wait(h) gives the cluster in Hibernation",
        "awake": "awake(c): a handle; wait(h) gives the cluster Available",
        "resize": "resize(c, flavor): upsizes the masters (s1 → s1, s2 → s2); returns a job",
        "diff": "diff(c): [{path, want, have}] against the cluster of that name; [] when equal, null when none",
        "job": "job(id): a job handle; .status() polls once",
        "node": "node(name): a Create Node body; .flavor .az .os .login .rootVolume .dataVolumes .count .taints …",
        "nodePool": "nodePool(name): a Create Node Pool body; .nodeTemplate(node) .initialNodeCount(n) .autoscaling …",
        "nodes": "nodes(c): the nodes of a cluster (a cluster, its name or its id)",
        "nodePools": "nodePools(c): the node pools of a cluster",
        "scale": "scale(pool, n): sets the pool's node count; wait(job) gives the pool once n nodes are Active",
        "kubeconfig": "kubeconfig(c, duration: 30): the kubeconfig document (a map) with a client certificate",
        "write_kubeconfig":
            "write_kubeconfig(c, path, duration: 30): merges c's kubeconfig into a file (mode 0600); returns the path",
        "parallel": "parallel(list, fn, limit: 4): fn on each item, at most `limit` at once, results in order",
        "print": "print(a, b, ...): writes the arguments separated by spaces and a newline",
        "sleep": "sleep(d): pauses for a duration (Ctrl-C cancels)",
        "env": "env(name, default): an environment variable (secrets are not visible)",
        "json": "json(v): JSON text", "yaml": "yaml(v): YAML text", "parse_json": "parse_json(s): a value from JSON",
        "type": "type(x): the name of x's type", "len": "len(x): the length of a string, list or map",
    ]
}

/// Colours literal-syntax text for a terminal: strings, numbers and keywords.
enum LiteralColorizer {
    static let green = "\u{1B}[32m", cyan = "\u{1B}[36m", yellow = "\u{1B}[33m", reset = "\u{1B}[0m"

    static func colorize(_ text: String) -> String {
        var out = ""
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\"" {
                var j = i + 1
                while j < chars.count, chars[j] != "\"" { j += chars[j] == "\\" ? 2 : 1 }
                j = min(j + 1, chars.count)
                out += green + String(chars[i..<j]) + reset
                i = j
            } else if c.isNumber, i == 0 || !(chars[i - 1].isLetter || chars[i - 1] == "_" || chars[i - 1] == ".") {
                var j = i
                while j < chars.count, chars[j].isNumber || chars[j] == "." || chars[j] == "e" || chars[j].isLetter {
                    j += 1
                }
                out += cyan + String(chars[i..<j]) + reset
                i = j
            } else if c.isLetter || c == "_" {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                let word = String(chars[i..<j])
                out += ["true", "false", "null"].contains(word) ? yellow + word + reset : word
                i = j
            } else {
                out.append(c)
                i += 1
            }
        }
        return out
    }
}
