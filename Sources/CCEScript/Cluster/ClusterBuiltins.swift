import CCECore
import OrderedCollections
import Synchronization

/// A job value: what `create` and `delete` return and `job(id)` makes.
final class ClusterJob: ScriptJob {
    /// What the job is known to be; `job.status()` may learn its kind and cluster later.
    private let known: Mutex<JobReference>
    var reference: JobReference { known.withLock { $0 } }

    init(_ reference: JobReference) { known = Mutex(reference) }

    var jobID: String { reference.id }
    var clusterName: String { reference.clusterName }

    func member(_ name: String) -> Value? {
        switch name {
        case "id": return .string(reference.id)
        case "cluster": return .string(reference.clusterName)
        case "type": return .string(reference.kind.rawValue)
        case "uid": return reference.clusterUID.map { .string($0) } ?? .null
        default: return nil
        }
    }

    /// What `job.status()` learned, kept so that a later `wait` knows the job's kind.
    func learn(from body: JSONValue) {
        known.withLock { Self.learn(&$0, from: body) }
    }

    private static func learn(_ reference: inout JobReference, from body: JSONValue) {
        if reference.kind == .unknown, let type = body["spec"]?["type"]?.stringValue {
            reference.kind =
                JobReference.Kind(rawValue: type) == .delete
                ? .delete
                : JobReference.Kind(rawValue: type) == .resize ? .resize : .create
        }
        if reference.clusterUID == nil { reference.clusterUID = body["spec"]?["clusterUID"]?.stringValue }
        if reference.clusterName.isEmpty, let n = body["spec"]?["resourceName"]?.stringValue {
            reference.clusterName = n
        }
    }
}

extension Interpreter {
    /// The default of `wait`'s and `ensure`'s `timeout` (LANGUAGE.md).
    static let defaultWaitTimeoutMilliseconds = 30 * 60 * 1000
    /// The default of `parallel`'s `limit`.
    static let defaultParallelLimit = 4

    /// Registers `cluster`, the cluster builders, `validate`, `check`, `create`, `wait`,
    /// `ensure`, `clusters`, `get`, `delete`, `job`, `job.status()` and `parallel`.
    func registerClusterBuiltins() {
        register(
            Builtin("cluster", [.required("name_or_body")]) { _, args in
                switch args[0] {
                case .string(let name):
                    return Interpreter.clusterValue(ClusterBody.named(name))
                case .map(let m):
                    let json = try Interpreter.requestJSON(.map(m), path: [])
                    do throws(ClusterBuildError) {
                        return Interpreter.clusterValue(try ClusterBody.from(json))
                    } catch {
                        throw ScriptError(.runtime, error.message, hint: error.hint, code: "argument")
                    }
                case .cluster:
                    return args[0]
                default:
                    throw ScriptError(
                        .runtime,
                        "cluster(): argument 'name_or_body' must be a string or a map, not \(args[0].typeName)",
                        hint: "write cluster(\"my-cluster\") or cluster({...request body...})", code: "type")
                }
            })

        for method in ClusterBuilderMethod.all.values {
            let signature: [BuiltinParameter] =
                method.argument == .none ? [] : [.required(method.name == "with" ? "map" : method.name)]
            register(
                method: Builtin(method.name, signature, argumentNesting: method.argumentNesting) {
                    _, args in
                    guard case .cluster(var body)? = args.receiver else {
                        throw ScriptError(.runtime, "\(method.name)() is a cluster builder", code: "type")
                    }
                    // The body is edited as the language value it is: only the maps on the
                    // edited path are copied. A body holding more than JSON values (an
                    // embedder's) goes through JSON as before, which refuses or normalizes it.
                    if !Interpreter.isPlainJSON(.map(body)),
                        case .cluster(let normalized) = Interpreter.clusterValue(
                            try Interpreter.requestJSON(.cluster(body), path: []))
                    {
                        body = normalized
                    }
                    var argument = Value.null
                    if method.argument != .none {
                        let json = try Interpreter.requestJSON(
                            args[0], path: [], what: "the argument of .\(method.name)()")
                        guard method.accepts(json) else {
                            throw ScriptError(
                                .runtime,
                                "\(method.name)(): the argument must be "
                                    + "\(method.argument.noun), not \(args[0].typeName)",
                                hint: method.summary, code: "type")
                        }
                        argument = Value(json: json)
                    }
                    do throws(ClusterBuildError) {
                        guard case .map(let edited) = try method.apply(Value.map(body), argument) else {
                            return .cluster([:])
                        }
                        return .cluster(edited)
                    } catch {
                        throw ScriptError(.runtime, error.message, hint: error.hint, code: "argument")
                    }
                }, for: "cluster")
        }

        register(
            Builtin("validate", [.required("cluster")]) { _, args in
                if case .resource(let r) = args[0] {
                    let body = try Interpreter.requestJSON(args[0], path: [])
                    let found = NodeBody.validate(body, kind: r.kind)
                    return .list(found.map { .diagnostic(Interpreter.scriptDiagnostic($0)) })
                }
                let body = try Interpreter.clusterBody(args, function: "validate")
                return .list(ClusterValidator.validate(body).map { .diagnostic(Interpreter.scriptDiagnostic($0)) })
            })

        register(
            Builtin("check", [.required("cluster")]) { _, args in
                if case .resource(let r) = args[0] {
                    let body = try Interpreter.requestJSON(args[0], path: [])
                    try Interpreter.requireValid(body, doing: "check()", kind: r.kind)
                    return args[0]
                }
                let body = try Interpreter.clusterBody(args, function: "check")
                try Interpreter.requireValid(body, doing: "check()")
                return args[0]
            })

        register(
            Builtin("create", [.required("body"), .optional("cluster")]) { ctx, args in
                if case .resource(let r) = args[0] {
                    return try ctx.interpreter.createResource(r, cluster: args.has(1) ? args[1] : nil, context: ctx)
                }
                if args.has(1) {
                    throw ScriptError(
                        .runtime,
                        "create(): cluster: is for nodes and node pools; a \(args[0].typeName) takes no cluster",
                        hint: "create(c) for a cluster, create(pool, cluster: c) for a pool", code: "argument")
                }
                let body = try Interpreter.clusterBody(args, function: "create")
                try Interpreter.requireValid(body, doing: "create()", collector: ctx.interpreter.validationCollector)
                let ops = try ctx.interpreter.clusterOperations(for: "create")
                let job = try ctx.interpreter.suspendingEvaluation { try await ops.create(body) }
                return .job(ClusterJob(job))
            })

        register(
            Builtin("wait", [.required("job"), .optional("timeout")]) { ctx, args in
                let timeout = try Interpreter.timeout(args, index: 1, function: "wait")
                let interpreter = ctx.interpreter
                let ops = try interpreter.clusterOperations(for: "wait")
                let deadline = interpreter.deadline
                if case .job(let j) = args[0], let n = j as? NodeJob {
                    let outcome = try interpreter.suspendingEvaluation {
                        try await ops.wait(.node(n.target), timeout: timeout, deadline: deadline)
                    }
                    return Interpreter.outcomeValue(outcome)
                }
                if case .job(let j) = args[0] {
                    let job = try Interpreter.clusterJob(j)
                    let result = try interpreter.suspendingEvaluation {
                        try await ops.wait(job.reference, timeout: timeout, deadline: deadline)
                    }
                    return result.map(Interpreter.clusterValue) ?? .null
                }
                guard let items = args[0].elements else {
                    throw ScriptError(
                        .runtime, "wait(): argument 'job' must be a job or a list of jobs, not \(args[0].typeName)",
                        hint: "wait(create(c)) or wait([job1, job2])", code: "type")
                }
                var jobs: [JobReference] = []
                var pending: [PendingWait] = []
                for (i, item) in items.enumerated() {
                    guard case .job(let j) = item else {
                        throw ScriptError(
                            .runtime, "wait(): element \(i) of the list is a \(item.typeName), not a job", code: "type")
                    }
                    let p = try Interpreter.pendingWait(j)
                    pending.append(p)
                    if case .cluster(let reference) = p { jobs.append(reference) }
                }
                if jobs.count != pending.count {
                    let outcomes = try interpreter.suspendingEvaluation {
                        try await ops.waitAll(pending, timeout: timeout, deadline: deadline)
                    }
                    return .list(outcomes.map(Interpreter.outcomeValue))
                }
                let results = try interpreter.suspendingEvaluation {
                    try await ops.waitAll(jobs, timeout: timeout, deadline: deadline)
                }
                return .list(results.map { $0.map(Interpreter.clusterValue) ?? .null })
            })

        register(
            Builtin("ensure", [.required("body"), .optional("timeout"), .optional("update"), .optional("cluster")]) {
                ctx, args in
                let timeout = try Interpreter.timeout(args, index: 1, function: "ensure")
                var update = false
                if args.has(2) {
                    guard case .bool(let b) = args[2] else {
                        throw ScriptError(
                            .runtime, "ensure(): update must be true or false, not \(args[2].typeName)", code: "type")
                    }
                    update = b
                }
                if case .resource(let r) = args[0] {
                    return try ctx.interpreter.ensurePool(
                        r, cluster: args.has(3) ? args[3] : nil, timeout: timeout, update: update)
                }
                if args.has(3) {
                    throw ScriptError(
                        .runtime, "ensure(): cluster: is for node pools; a \(args[0].typeName) takes no cluster",
                        hint: "ensure(c) for a cluster, ensure(pool, cluster: c) for a pool", code: "argument")
                }
                let body = try Interpreter.clusterBody(args, function: "ensure")
                let interpreter = ctx.interpreter
                let ops = try interpreter.clusterOperations(for: "ensure")
                let deadline = interpreter.deadline
                let collector = interpreter.validationCollector
                let ready = try interpreter.suspendingEvaluation {
                    try await ops.ensure(body, timeout: timeout, deadline: deadline, update: update) {
                        try Interpreter.requireValid(body, doing: "ensure()", collector: collector)
                    }
                }
                return Interpreter.clusterValue(ready)
            })

        register(
            Builtin("clusters", []) { ctx, _ in
                let ops = try ctx.interpreter.clusterOperations(for: "clusters")
                let all = try ctx.interpreter.suspendingEvaluation { try await ops.list() }
                return .list(all.map(Interpreter.clusterValue))
            })

        register(
            Builtin("get", [.required("name_or_id")]) { ctx, args in
                let key = try args.string(0)
                let ops = try ctx.interpreter.clusterOperations(for: "get")
                let found = try ctx.interpreter.suspendingEvaluation { try await ops.find(key) }
                return found.map(Interpreter.clusterValue) ?? .null
            })

        register(
            Builtin("delete", [.required("cluster")] + ClusterDeleteOptions.parameters.map { .optional($0.short) }) {
                ctx, args in
                if case .resource(let r) = args[0] {
                    if (1..<(1 + ClusterDeleteOptions.parameters.count)).contains(where: { args.has($0) }) {
                        throw ScriptError(
                            .runtime, "delete(): the delete options are for clusters, not a \(r.kind.noun)",
                            code: "argument")
                    }
                    return try ctx.interpreter.deleteResource(r)
                }
                let query = try Interpreter.deleteQuery(args, firstOption: 1)
                let key: String
                switch args[0] {
                case .string(let s): key = s
                case .cluster(let m):
                    let body = try Interpreter.requestJSON(.cluster(m), path: [])
                    guard let k = body["metadata"]?["uid"]?.stringValue ?? ClusterBody.name(of: body) else {
                        throw ScriptError(
                            .runtime, "delete(): the cluster has neither metadata.uid nor metadata.name",
                            code: "argument")
                    }
                    key = k
                default:
                    throw ScriptError(
                        .runtime,
                        "delete(): argument 'cluster' must be a name, an id or a cluster, not \(args[0].typeName)",
                        code: "type")
                }
                let ops = try ctx.interpreter.clusterOperations(for: "delete")
                let job = try ctx.interpreter.suspendingEvaluation { () async throws -> JobReference in
                    guard let cluster = try await ops.find(key) else {
                        throw ScriptError(
                            .service, "delete(): there is no cluster named or with id \(Value.quote(key))",
                            hint: "clusters() lists the clusters that exist", code: "CCE.01404001", status: 404)
                    }
                    let uid = cluster["metadata"]?["uid"]?.stringValue ?? key
                    return try await ops.delete(uid: uid, name: ClusterBody.name(of: cluster) ?? key, query: query)
                }
                return .job(ClusterJob(job))
            })

        register(
            Builtin("job", [.required("id")]) { ctx, args in
                let id = try args.string(0)
                guard !id.isEmpty else { throw ScriptError(.runtime, "job(): the id is empty", code: "argument") }
                let ops = try ctx.interpreter.clusterOperations(for: "job")
                let body = try ctx.interpreter.suspendingEvaluation { try await ops.showJob(id) }
                let job = ClusterJob(JobReference(id: id, clusterName: "", clusterUID: nil, kind: .unknown))
                job.learn(from: body)
                return .job(job)
            })

        register(
            method: Builtin("status", []) { ctx, args in
                guard case .job(let j)? = args.receiver else {
                    throw ScriptError(.runtime, "status() is a job method", code: "type")
                }
                if let n = j as? NodeJob { return try ctx.interpreter.nodeJobStatus(n) }
                let job = try Interpreter.clusterJob(j)
                let ops = try ctx.interpreter.clusterOperations(for: "job.status")
                if job.reference.kind == .hibernate || job.reference.kind == .awake, let uid = job.reference.clusterUID
                {
                    // No job on the service: the cluster's phase is the status.
                    let cluster = try ctx.interpreter.suspendingEvaluation {
                        try await ops.call("read cluster \(job.clusterName)") {
                            try await ops.service.getCluster(id: uid)
                        }
                    }
                    var status = ValueMap()
                    status["phase"] = .string(cluster["status"]?["phase"]?.stringValue ?? "Unknown")
                    status["reason"] = .string(cluster["status"]?["reason"]?.stringValue ?? "")
                    status["type"] = .string(job.reference.kind.rawValue)
                    status["cluster"] = .string(job.clusterName)
                    status["subJob"] = .null
                    return .map(status)
                }
                let id = job.jobID
                let body = try ctx.interpreter.suspendingEvaluation { try await ops.showJob(id) }
                job.learn(from: body)
                var status = ValueMap()
                status["phase"] = .string(body["status"]?["phase"]?.stringValue ?? "Unknown")
                status["reason"] = .string(body["status"]?["reason"]?.stringValue ?? "")
                status["type"] = .string(body["spec"]?["type"]?.stringValue ?? job.reference.kind.rawValue)
                status["cluster"] = .string(job.clusterName)
                status["subJob"] = ClusterOperations.runningSubJob(body).map { .string($0) } ?? .null
                return .map(status)
            }, for: "job")

        register(
            Builtin("parallel", [.required("items"), .required("fn"), .optional("limit")]) { ctx, args in
                let items = try args.list(0)
                let fn = try args.function(1)
                var limit = Interpreter.defaultParallelLimit
                if args.has(2) {
                    limit = try args.int(2)
                    guard limit >= 1 else {
                        throw ScriptError(
                            .runtime, "parallel(): limit must be 1 or more, got \(limit)", code: "argument")
                    }
                }
                return .list(try ctx.interpreter.runParallel(items, fn, limit: limit, context: ctx))
            })

        registerDay2Builtins()
        registerNodeBuilders()
        registerNodeBuiltins()
    }

    // MARK: - Helpers

    /// The service operations, or the capability error naming what was not granted.
    func clusterOperations(for function: String) throws -> ClusterOperations {
        guard let service = options.capabilities.service else {
            throw ScriptError(
                .runtime, "\(function)() needs the 'service' capability, which this interpreter was not given",
                hint: "the host must pass a cluster service (Capabilities.service) to let scripts reach CCE",
                code: "capability")
        }
        return ClusterOperations(service: service, progress: options.progress)
    }

    static func clusterValue(_ json: JSONValue) -> Value {
        if case .map(let m) = Value(json: json) { return .cluster(m) }
        return .cluster([:])
    }

    static func clusterJob(_ job: any ScriptJob) throws -> ClusterJob {
        guard let j = job as? ClusterJob else {
            throw ScriptError(.runtime, "this job was not made by the cluster built-ins", code: "type")
        }
        return j
    }

    /// The request body of the cluster in argument 0.
    static func clusterBody(_ args: Arguments, function: String) throws -> JSONValue {
        guard case .cluster(let m) = args[0] else {
            let hint = args[0].typeName == "map" ? "make it a cluster first: \(function)(cluster(m))" : nil
            throw ScriptError(
                .runtime, "\(function)(): argument 'cluster' must be a cluster, not \(args[0].typeName)",
                hint: hint, code: "type")
        }
        return try plainJSON(.cluster(m)) ?? requestJSON(.cluster(m), path: [])
    }

    /// Whether `value` is exactly what `Value(json: requestJSON(value))` gives back: only
    /// null, bools, numbers (finite), strings, lists and maps, no deeper than `requestJSON`
    /// allows. Walks the value without copying it.
    static func isPlainJSON(_ value: Value, depth: Int = 0) -> Bool {
        if depth > Limits.defaultNesting { return false }
        switch value {
        case .null, .bool, .int, .string: return true
        case .float(let d): return d.isFinite
        case .list(let xs): return xs.allSatisfy { isPlainJSON($0, depth: depth + 1) }
        case .map(let m):
            // A template's spec, shared by every copy, is walked once (see `convertedMaps`).
            if depth == 1, m.count >= convertedMapMinimum {
                if knownPlainMaps.withLock({ $0.contains { sameMap($0, m) } }) { return true }
                guard m.values.allSatisfy({ isPlainJSON($0, depth: depth + 1) }) else { return false }
                knownPlainMaps.withLock {
                    if $0.count >= 4 { $0.removeFirst() }
                    $0.append(m)
                }
                return true
            }
            return m.values.allSatisfy { isPlainJSON($0, depth: depth + 1) }
        case .duration, .range, .function, .error, .diagnostic, .cluster, .resource, .job: return false
        }
    }

    /// `requestJSON` without the bookkeeping for its error messages, for a value that has
    /// none to give: nil when the value holds anything but JSON values (the caller then asks
    /// `requestJSON`, which says what and where). Objects share the map's key storage.
    static func plainJSON(_ value: Value, depth: Int = 0) -> JSONValue? {
        if depth > Limits.defaultNesting { return nil }
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let n): return .int(n)
        case .float(let d): return d.isFinite ? .double(d) : nil
        case .string(let s): return .string(s)
        case .list(let xs):
            var out: [JSONValue] = []
            out.reserveCapacity(xs.count)
            for x in xs {
                guard let j = plainJSON(x, depth: depth + 1) else { return nil }
                out.append(j)
            }
            return .array(out)
        case .map(let m), .cluster(let m):
            if depth == 1, m.count >= convertedMapMinimum {
                if let json = convertedMaps.withLock({ $0.first { sameMap($0.map, m) }?.json }) { return json }
                guard let json = plainJSON(map: m, depth: depth) else { return nil }
                convertedMaps.withLock {
                    if $0.count >= 4 { $0.removeFirst() }
                    $0.append((m, json))
                }
                return json
            }
            return plainJSON(map: m, depth: depth)
        case .duration, .range, .function, .error, .diagnostic, .resource, .job: return nil
        }
    }

    /// Copies of a template share its spec (copy-on-write): the spec converted last is kept
    /// with its map, and a map in the same storage gets the same JSON without a walk. The
    /// cache holds the map, so its storage can neither be freed and reused for another map
    /// nor change while shared. Only maps under the root with a few members are kept (specs,
    /// not the small metadata that differs in each copy), the last four.
    static let convertedMaps = Mutex<[(map: ValueMap, json: JSONValue)]>([])
    static let convertedMapMinimum = 4
    /// Maps under a root that `isPlainJSON` found plain, kept as `convertedMaps` are.
    static let knownPlainMaps = Mutex<[ValueMap]>([])

    static func sameMap(_ a: ValueMap, _ b: ValueMap) -> Bool {
        a.count == b.count && Value.sameStorage(a.keys.elements, b.keys.elements)
            && Value.sameStorage(a.values.elements, b.values.elements)
    }

    private static func plainJSON(map m: ValueMap, depth: Int) -> JSONValue? {
        var values: [JSONValue] = []
        values.reserveCapacity(m.count)
        for v in m.values {
            guard let j = plainJSON(v, depth: depth + 1) else { return nil }
            values.append(j)
        }
        return .object(OrderedDictionary(uncheckedUniqueKeys: m.keys.elements, values: values))
    }

    /// The service, when it collects invalid bodies instead of refusing them (`cce check`).
    var validationCollector: (any ValidationCollecting)? {
        (options.capabilities.service as? any ValidationCollecting).flatMap { $0.collectsInvalidBodies ? $0 : nil }
    }

    /// Throws a validation error listing the diagnostics when `body` has errors; with a
    /// collector, hands them to it instead and lets the body through.
    static func requireValid(
        _ body: JSONValue, doing what: String, collector: (any ValidationCollecting)? = nil,
        kind: ScriptResource.Kind? = nil
    ) throws {
        let diagnostics = kind.map { NodeBody.validate(body, kind: $0) } ?? ClusterValidator.validate(body)
        let errors = diagnostics.filter { $0.severity == .error }
        guard !errors.isEmpty else { return }
        if let collector {
            collector.noteInvalid(body, diagnostics: diagnostics)
            return
        }
        let noun = kind?.noun ?? "cluster"
        let name = ClusterBody.name(of: body).map { "\(noun) \(Value.quote($0))" } ?? "the \(noun)"
        let count = errors.count == 1 ? "1 error" : "\(errors.count) errors"
        let sent = what == "check()" ? "" : "; nothing was sent"
        throw ScriptError(
            .validation, "\(what): \(name) is not valid (\(count)\(sent))",
            hint: "validate(c) lists the findings; e.diagnostics holds them in a catch block",
            code: "validation", diagnostics: diagnostics.map(scriptDiagnostic))
    }

    static func scriptDiagnostic(_ d: Diagnostic) -> ScriptDiagnostic {
        ScriptDiagnostic(severity: d.severity.rawValue, path: d.path, code: d.code, message: d.message, hint: d.hint)
    }

    static func timeout(_ args: Arguments, index: Int, function: String) throws -> Duration {
        guard args.has(index) else { return .milliseconds(defaultWaitTimeoutMilliseconds) }
        guard case .duration(let ms) = args[index] else {
            throw ScriptError(
                .runtime, "\(function)(): timeout must be a duration (like 30m), not \(args[index].typeName)",
                code: "type")
        }
        guard ms > 0 else {
            throw ScriptError(.runtime, "\(function)(): timeout must be longer than 0", code: "argument")
        }
        return .milliseconds(ms)
    }

    /// A value as part of a request body: JSON only. Durations, functions, jobs, errors
    /// and diagnostics have no place on the wire, and saying so beats sending `"30s"`.
    static func requestJSON(
        _ value: Value, path: [DiagnosticPath.Component], what: String? = nil, depth: Int = 0
    ) throws(ScriptError) -> JSONValue {
        if depth > Limits.defaultNesting {
            throw ScriptError(
                .limit, "a request body nested more than \(Limits.defaultNesting) levels deep", code: "limit")
        }
        func reject() -> ScriptError {
            let place =
                path.isEmpty ? (what ?? "a request body") : "\(DiagnosticPath(path)) in \(what ?? "the request body")"
            return ScriptError(
                .runtime, "\(place) cannot be a \(value.typeName): request bodies hold only JSON values",
                code: "type")
        }
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let n): return .int(n)
        case .float(let d):
            guard d.isFinite else { throw reject() }
            return .double(d)
        case .string(let s): return .string(s)
        case .list, .range:
            guard let xs = value.elements else { throw reject() }
            var out: [JSONValue] = []
            out.reserveCapacity(xs.count)
            for (i, x) in xs.enumerated() {
                out.append(try requestJSON(x, path: path + [.index(i)], what: what, depth: depth + 1))
            }
            return .array(out)
        case .map(let m), .cluster(let m):
            var out = OrderedDictionary<String, JSONValue>()
            out.reserveCapacity(m.count)
            for (k, v) in m { out[k] = try requestJSON(v, path: path + [.key(k)], what: what, depth: depth + 1) }
            return .object(out)
        case .resource(let r):
            return try requestJSON(.map(r.body), path: path, what: what, depth: depth)
        case .duration, .function, .error, .diagnostic, .job:
            throw reject()
        }
    }
}
