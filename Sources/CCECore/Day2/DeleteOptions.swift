/// The `delete_*` query options of `DELETE /clusters/{id}` (WIRE.md §3.4, WIRE-LIFECYCLE §6),
/// checked before anything is sent.
public enum ClusterDeleteOptions {
    /// Short name (the language's argument) → query parameter.
    public static let parameters: [(short: String, query: String)] = [
        ("efs", "delete_efs"), ("eni", "delete_eni"), ("evs", "delete_evs"), ("net", "delete_net"),
        ("obs", "delete_obs"), ("sfs", "delete_sfs"), ("sfs30", "delete_sfs30"), ("lts", "lts_reclaim_policy"),
    ]

    /// What each resource option accepts: delete (`true`/`block`), try, or keep (`false`/`skip`).
    public static let resourceValues = ["true", "block", "try", "false", "skip"]
    /// `lts_reclaim_policy` (WIRE-LIFECYCLE §6).
    public static let logPolicies = ["Delete_Log_Group", "Delete_Master_Log_Stream", "Retain"]

    public struct Problem: Error, Sendable, Equatable {
        /// The option, by its short name.
        public var option: String
        public var message: String
        public var hint: String
    }

    /// The values allowed for the option with this short name; nil for an unknown option.
    public static func allowedValues(_ short: String) -> [String]? {
        guard parameters.contains(where: { $0.short == short }) else { return nil }
        return short == "lts" ? logPolicies : resourceValues
    }

    /// Checks `value` for the option `short` and returns the query parameter to send.
    /// Booleans are written as the strings `true`/`false` by the caller.
    public static func query(_ short: String, _ value: String) -> Result<(name: String, value: String), Problem> {
        guard let name = parameters.first(where: { $0.short == short })?.query, let allowed = allowedValues(short)
        else {
            return .failure(
                Problem(
                    option: short, message: "'\(short)' is not a delete option",
                    hint: "the options are " + parameters.map(\.short).joined(separator: ", ")))
        }
        // The service reads these case-sensitively for lts, and lower case for the rest.
        let normalised = short == "lts" ? value : value.lowercased()
        guard allowed.contains(normalised) else {
            return .failure(
                Problem(
                    option: short, message: "\(short): '\(value)' is not an allowed value",
                    hint: "\(short) takes " + allowed.joined(separator: ", ")))
        }
        return .success((name, normalised))
    }
}

/// `POST /clusters/{id}/operation/resize` (WIRE-LIFECYCLE §6): upsizing only, and the number
/// of masters stays (s1 → s1, s2 → s2).
public enum ClusterResize {
    /// Why resizing from `current` to `target` is refused, or nil when it is allowed.
    public static func problem(from current: String, to target: String) -> String? {
        guard let to = ClusterReference.flavor(named: target) else {
            let known = ClusterReference.flavors.map(\.name).joined(separator: ", ")
            return "\"\(target)\" is not a cluster flavor; the flavors are \(known)"
        }
        guard let from = ClusterReference.flavor(named: current) else { return nil }
        if to.masters != from.masters {
            return
                "\(current) has \(from.masters) master\(from.masters == 1 ? "" : "s") and \(target) has \(to.masters); "
                + "a resize keeps the number of masters (s1 → s1, s2 → s2)"
        }
        if to.maxNodes <= from.maxNodes {
            return "\(target) is not larger than \(current); a resize only upsizes"
        }
        return nil
    }
}
