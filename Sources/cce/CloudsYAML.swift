import Yams

/// One entry of an OpenStack `clouds.yaml`, as the OpenStack client, Ansible and the OTC
/// Terraform provider read it, with `secure.yaml`'s entry of the same name merged over it.
struct CloudEntry: Equatable {
    var name: String
    /// The file the entry came from.
    var path: String
    /// `auth.*` keys, flattened: `auth_url`, `username`, `password`, `project_name`,
    /// `project_id`, `user_domain_name`, `domain_name`, `token`, `ak`, `sk`, … and the
    /// top-level `region_name`, `access_key`, `secret_key`.
    var values: [String: String]
}

enum CloudsYAML {
    /// The standard search path (openstacksdk's `config/loader.py`): the working directory,
    /// the user's config directory, then the system's.
    static func searchPath(currentDirectory: String, configHome: String) -> [String] {
        ["\(currentDirectory)", "\(configHome)/openstack", "/etc/openstack"]
    }

    /// Finds `name` in the first clouds.yaml (or .yml) on the search path and merges the
    /// first secure.yaml's entry of the same name over it.
    static func load(
        name: String, currentDirectory: String, configHome: String, readFile: (String) throws -> String?
    ) throws(ServiceConfigurationError) -> CloudEntry {
        let dirs = searchPath(currentDirectory: currentDirectory, configHome: configHome)
        guard let (cloudsPath, cloudsText) = try first(["clouds.yaml", "clouds.yml"], in: dirs, readFile: readFile)
        else {
            throw ServiceConfigurationError(
                message: "cloud \"\(name)\" requested (OS_CLOUD or --cloud) but no clouds.yaml was found in "
                    + dirs.joined(separator: ", "))
        }
        let clouds = try entries(cloudsText, path: cloudsPath)
        guard var entry = clouds[name] else {
            let names = clouds.keys.sorted().joined(separator: ", ")
            throw ServiceConfigurationError(
                message: "\(cloudsPath) has no cloud \"\(name)\" (it has: \(names.isEmpty ? "none" : names))")
        }
        var path = cloudsPath
        if let (securePath, secureText) = try first(["secure.yaml", "secure.yml"], in: dirs, readFile: readFile),
            let secure = try entries(secureText, path: securePath)[name]
        {
            entry.merge(secure) { _, new in new }
            path += " + \(securePath)"
        }
        return CloudEntry(name: name, path: path, values: entry)
    }

    private static func first(
        _ names: [String], in dirs: [String], readFile: (String) throws -> String?
    ) throws(ServiceConfigurationError) -> (String, String)? {
        for dir in dirs {
            for file in names {
                let path = "\(dir)/\(file)"
                do {
                    if let text = try readFile(path) { return (path, text) }
                } catch {
                    throw ServiceConfigurationError(message: "cannot read \(path): \(error)")
                }
            }
        }
        return nil
    }

    /// Every cloud of a file, flattened to the keys `CloudEntry.values` describes.
    static func entries(_ text: String, path: String) throws(ServiceConfigurationError) -> [String: [String: String]] {
        let root: Any?
        do {
            root = try Yams.load(yaml: text)
        } catch let error as YamlError {
            throw ServiceConfigurationError(message: "\(path): not valid YAML: \(describe(error))")
        } catch {
            throw ServiceConfigurationError(message: "\(path): not valid YAML: \(error)")
        }
        guard let top = root as? [String: Any], let clouds = top["clouds"] as? [String: Any] else {
            throw ServiceConfigurationError(message: "\(path): expected a top-level `clouds:` mapping of named clouds")
        }
        var out: [String: [String: String]] = [:]
        for (name, value) in clouds {
            guard let cloud = value as? [String: Any] else {
                throw ServiceConfigurationError(message: "\(path): clouds.\(name) must be a mapping")
            }
            var flat: [String: String] = [:]
            for (key, v) in cloud where key != "auth" {
                if let text = scalar(v) { flat[key] = text }
            }
            if let auth = cloud["auth"] {
                guard let auth = auth as? [String: Any] else {
                    throw ServiceConfigurationError(message: "\(path): clouds.\(name).auth must be a mapping")
                }
                for (key, v) in auth {
                    if let text = scalar(v) { flat[key] = text }
                }
            }
            out[name] = flat
        }
        return out
    }

    private static func scalar(_ value: Any) -> String? {
        switch value {
        case let s as String: return s
        case let i as Int: return String(i)
        case let b as Bool: return b ? "true" : "false"
        case let d as Double: return String(d)
        default: return nil
        }
    }

    /// A YAML error without echoing the file's text (it may hold a password).
    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            return "line \(mark.line), column \(mark.column): \(problem)\(context.map { " \($0.text)" } ?? "")"
        default:
            return "the file does not parse"
        }
    }
}
