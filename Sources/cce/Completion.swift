/// Tab completion for the REPL: names and methods come from the interpreter; inside a string
/// literal, the enumerated values of the Create Cluster reference.
struct CompletionEngine {
    /// Values offered inside a string. They mirror CCECore's `ClusterReference` (internal
    /// to that module) and the seed reference's value tables.
    static let stringValues: [String] = [
        // spec.flavor (Table 5)
        "cce.s1.small", "cce.s1.medium", "cce.s2.small", "cce.s2.medium", "cce.s2.large", "cce.s2.xlarge",
        "cce.t2.small", "cce.t2.medium", "cce.t2.large",
        // spec.containerNetwork.mode
        "overlay_l2", "vpc-router",
        // spec.kubeProxyMode
        "iptables", "ipvs",
        // spec.type, spec.category
        "VirtualMachine", "ARM64", "CCE",
        // spec.authentication.mode
        "rbac", "authenticating_proxy",
        // spec.extendParam.clusterAZ
        "multi_az",
        // Nodes and pools (WIRE-LIFECYCLE §1–3): volumetype, taint effects, os, runtime, pool type
        "SATA", "SAS", "SSD", "GPSSD", "ESSD", "GPSSD2", "ESSD2",
        "NoSchedule", "PreferNoSchedule", "NoExecute",
        "EulerOS 2.9", "EulerOS 2.5", "Ubuntu 22.04", "HCE OS 2.0",
        "containerd", "docker", "vm", "ElasticBMS",
        // kubeconfig contexts (§4)
        "internal", "external", "externalTLSVerify",
    ]

    /// `(prefix) -> whole prefix with the word completed`, as `Interpreter.completions(for:)`.
    var names: (String) -> [String]

    func complete(_ before: String) -> CompletionResult {
        if let open = Self.openStringStart(before) {
            let word = String(before[open...])
            let matches = Self.stringValues.filter { $0.hasPrefix(word) }
            return CompletionResult(wordLength: word.count, candidates: Array(Set(matches)).sorted())
        }
        var wordStart = before.endIndex
        while wordStart > before.startIndex {
            let c = before[before.index(before: wordStart)]
            guard c.isLetter || c.isNumber || c == "_" else { break }
            wordStart = before.index(before: wordStart)
        }
        let head = before[..<wordStart]
        let word = before[wordStart...]
        // Nothing typed and not after a dot: completing every name would flood the screen.
        if word.isEmpty && !head.hasSuffix(".") { return CompletionResult(wordLength: 0, candidates: []) }
        let candidates = names(before).compactMap { full -> String? in
            full.hasPrefix(head) ? String(full.dropFirst(head.count)) : nil
        }
        return CompletionResult(wordLength: word.count, candidates: Array(Set(candidates)).sorted())
    }

    /// Where the text of an unterminated string literal starts, if the cursor is inside one
    /// (after an odd number of unescaped `"` on the line, outside comments).
    static func openStringStart(_ s: String) -> String.Index? {
        var inString = false
        var escaped = false
        var start: String.Index?
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if inString {
                if escaped {
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == "\"" {
                    inString = false
                }
            } else if c == "#" {
                return nil
            } else if c == "\"" {
                inString = true
                start = s.index(after: i)
            }
            i = s.index(after: i)
        }
        guard inString, let start else { return nil }
        // Interpolation `${…}` is code, not string text.
        if s[start...].contains("${") { return nil }
        return start
    }
}
