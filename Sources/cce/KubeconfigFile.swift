import CCECore
import Foundation
import Yams

/// Turns the service's kubeconfig (WIRE-LIFECYCLE §4, JSON) into a file kubectl reads, and
/// merges it into an existing one the way `kubectl config` would keep it: other clusters,
/// users and contexts stay; entries of the same name are replaced.
enum KubeconfigFile {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Where kubectl looks when told nothing: the first path of `$KUBECONFIG`, else
    /// `~/.kube/config`. The reason is said to the user.
    static func defaultPath(environment: [String: String]) -> (path: String, reason: String) {
        if let list = environment["KUBECONFIG"], !list.isEmpty,
            let first = list.split(separator: ":", omittingEmptySubsequences: true).first
        {
            return (String(first), "the first path of $KUBECONFIG")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home + "/.kube/config", "kubectl's default, as $KUBECONFIG is not set")
    }

    /// The service names its entries the same for every cluster (`internalCluster`, `user`,
    /// `internal`, …), so two clusters in one file would replace each other: each name gets
    /// the cluster's name in front (`demo-internal`). The current context becomes the
    /// TLS-verifying one when the document has it (§4: `externalTLSVerify`, not `external`,
    /// which skips verification).
    static func prepared(_ document: JSONValue, clusterName: String) -> JSONValue {
        let prefix = clusterName + "-"
        func renamed(_ list: JSONValue?, refs: [String]) -> JSONValue {
            .array(
                (list?.arrayValue ?? []).map { item in
                    guard case .object(var entry) = item else { return item }
                    if let name = entry["name"]?.stringValue { entry["name"] = .string(prefix + name) }
                    if case .object(var inner)? = entry["context"] {
                        for key in refs { if let v = inner[key]?.stringValue { inner[key] = .string(prefix + v) } }
                        entry["context"] = .object(inner)
                    }
                    return .object(entry)
                })
        }
        guard case .object(var doc) = document else { return document }
        doc["clusters"] = renamed(doc["clusters"], refs: [])
        doc["users"] = renamed(doc["users"], refs: [])
        doc["contexts"] = renamed(doc["contexts"], refs: ["cluster", "user"])
        let contexts = (doc["contexts"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        let current = doc["current-context"]?.stringValue.map { prefix + $0 }
        if contexts.contains(prefix + "externalTLSVerify") {
            doc["current-context"] = .string(prefix + "externalTLSVerify")
        } else if let current, contexts.contains(current) {
            doc["current-context"] = .string(current)
        } else if let first = contexts.first {
            doc["current-context"] = .string(first)
        }
        return .object(doc)
    }

    /// Whether the current context skips TLS verification (worth a warning).
    static func currentContextSkipsVerification(_ doc: JSONValue) -> Bool {
        guard let current = doc["current-context"]?.stringValue,
            let context = doc["contexts"]?.arrayValue?.first(where: { $0["name"]?.stringValue == current }),
            let clusterName = context["context"]?["cluster"]?.stringValue,
            let cluster = doc["clusters"]?.arrayValue?.first(where: { $0["name"]?.stringValue == clusterName })
        else { return false }
        return cluster["cluster"]?["insecure-skip-tls-verify"]?.boolValue == true
    }

    /// `new` merged into `existing`: its clusters, users and contexts replace same-named ones
    /// in place and are appended otherwise; its current context becomes the file's.
    static func merge(_ new: JSONValue, into existing: JSONValue?) -> JSONValue {
        guard case .object(var base)? = existing, !base.isEmpty else { return new }
        for key in ["clusters", "users", "contexts"] {
            var list = base[key]?.arrayValue ?? []
            for item in new[key]?.arrayValue ?? [] {
                if let name = item["name"]?.stringValue,
                    let k = list.firstIndex(where: { $0["name"]?.stringValue == name })
                {
                    list[k] = item
                } else {
                    list.append(item)
                }
            }
            base[key] = .array(list)
        }
        if base["apiVersion"] == nil { base["apiVersion"] = "v1" }
        if base["kind"] == nil { base["kind"] = "Config" }
        if let current = new["current-context"] { base["current-context"] = current }
        return .object(base)
    }

    // MARK: YAML

    static func yaml(_ document: JSONValue) throws -> String {
        try Yams.serialize(node: node(document))
    }

    private static func node(_ value: JSONValue) -> Node {
        switch value {
        case .null: return Node("null", Tag(.null))
        case .bool(let b): return Node(b ? "true" : "false", Tag(.bool))
        case .int(let n): return Node(String(n), Tag(.int))
        case .double(let d): return Node(String(d), Tag(.float))
        // Quoted, so that a string such as "true" or "1.10" stays a string for kubectl.
        case .string(let s): return Node(s, Tag(.str), .doubleQuoted)
        case .array(let items): return Node(items.map(node))
        case .object(let members): return Node(members.map { (Node($0.key, Tag(.str)), node($0.value)) })
        }
    }

    /// An existing kubeconfig (YAML, or JSON, which is YAML) as JSON; nil for an empty file.
    static func parse(_ text: String, path: String) throws -> JSONValue? {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw Failure(description: "\(path) is not a YAML kubeconfig (\(error)); nothing was written")
        }
        guard let root else { return nil }
        let json = value(root)
        guard case .object = json else {
            throw Failure(description: "\(path) does not hold a kubeconfig map; nothing was written")
        }
        return json
    }

    private static func value(_ node: Node) -> JSONValue {
        switch node {
        case .mapping(let m):
            var out: JSONValue = .object([:])
            for (k, v) in m { out[k.string ?? "\(k.any)"] = value(v) }
            return out
        case .sequence(let s): return .array(s.map(value))
        case .scalar:
            switch node.any {
            case let b as Bool: return .bool(b)
            case let n as Int: return .int(n)
            case let d as Double: return .double(d)
            case let s as String: return .string(s)
            case is NSNull: return .null
            default: return .string(node.string ?? "")
            }
        }
    }

    // MARK: Files

    /// Merges the cluster's document into the file at `path` (created with its directory
    /// when missing), written whole to a temporary file of mode 0600 that then replaces it,
    /// so the key is never readable by others, not even for a moment. Returns the path
    /// written (a symlink's target).
    @discardableResult
    static func write(_ document: JSONValue, clusterName: String, to path: String) throws -> String {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: (path as NSString).expandingTildeInPath).resolvingSymlinksInPath().path
        let directory = (target as NSString).deletingLastPathComponent
        if !fm.fileExists(atPath: directory) {
            do {
                try fm.createDirectory(
                    atPath: directory, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
            } catch {
                throw Failure(description: "cannot create \(directory): \(error.localizedDescription)")
            }
        }
        var existing: JSONValue?
        if fm.fileExists(atPath: target) {
            guard let data = fm.contents(atPath: target) else {
                throw Failure(description: "cannot read \(target); nothing was written")
            }
            existing = try parse(String(decoding: data, as: UTF8.self), path: target)
        }
        let merged = merge(prepared(document, clusterName: clusterName), into: existing)
        let text = try yaml(merged)
        let temporary =
            directory + "/.\((target as NSString).lastPathComponent).cce-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            throw Failure(description: "cannot write in \(directory): \(String(cString: strerror(errno)))")
        }
        var ok = true
        text.utf8CString.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else {
                ok = false
                return
            }
            var offset = 0
            let count = buffer.count - 1  // not the terminating NUL
            while offset < count {
                let n = Foundation.write(fd, base + offset, count - offset)
                if n <= 0 {
                    ok = false
                    return
                }
                offset += n
            }
        }
        ok = fsync(fd) == 0 && ok
        close(fd)
        guard ok, rename(temporary, target) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: "cannot write \(target): \(why)")
        }
        return target
    }
}
