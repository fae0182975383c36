import OrderedCollections
import Testing

@testable import CCECore

/// The validator reuses the findings of the spec it validated last when the next spec is
/// the same: "the same" must be exact, or a body would get another body's findings.
@Suite("Validator: reused spec findings")
struct ValidatorSpecReuseTests {
    static func body(_ spec: JSONValue, specKey: String = "spec", name: String = "ok-name") -> JSONValue {
        var o = OrderedDictionary<String, JSONValue>()
        o["kind"] = "Cluster"
        o["apiVersion"] = "v3"
        o["metadata"] = ["name": .string(name)]
        o[specKey] = spec
        return .object(o)
    }

    static let spec: JSONValue = [
        "type": "VirtualMachine", "flavor": "cce.s1.smal", "billingMode": 2,
        "hostNetwork": ["vpc": "v", "subnet": 1],
        "containerNetwork": ["mode": "overlay_l2", "cidr": "10.0.0.0/8"],
    ]

    /// Specs that `==` on JSON or on strings would call equal to `spec`, but that differ.
    static var lookalikes: [JSONValue] {
        var double = spec
        double["billingMode"] = 2.0
        var reordered = spec
        reordered["hostNetwork"] = ["subnet": 1, "vpc": "v"]
        var decomposed = spec
        decomposed["flavor"] = "cce.s1.sm\u{61}\u{301}l"
        var composed = spec
        composed["flavor"] = "cce.s1.sm\u{e1}l"
        var negativeZero = spec
        negativeZero["billingMode"] = .double(-0.0)
        var zero = spec
        zero["billingMode"] = .double(0.0)
        return [spec, double, reordered, decomposed, composed, negativeZero, zero, [:], ["flavor": nil]]
    }

    @Test func eachSpecGetsItsOwnFindingsWhateverCameBefore() {
        var bodies: [JSONValue] = []
        for s in Self.lookalikes {
            bodies.append(Self.body(s))
            bodies.append(Self.body(s, name: "Other_Name"))
            bodies.append(Self.body(s, specKey: "Spec"))
        }
        expectEveryPairFindsAsFresh(bodies)
    }

    @Test func theFindingsOfASpecArePlacedAmongTheBodysOwn() {
        let b = Self.body(Self.spec, name: "Bad_Name")
        let once = ClusterValidator.validate(b)
        let twice = ClusterValidator.validate(b)
        #expect(once == twice)
        #expect(once == ClusterValidator.validate(b, reusingFindings: false))
        #expect(once.first?.path == "metadata.name")
        #expect(once.contains { $0.path == "spec.hostNetwork.subnet" })
        #expect(once.contains { $0.path == "spec.billingMode" })
    }

    @Test func identicalIsExact() {
        #expect(JSONValue.identical(Self.spec, Self.spec))
        for (i, a) in Self.lookalikes.enumerated() {
            for (j, b) in Self.lookalikes.enumerated() {
                #expect(JSONValue.identical(a, b) == (i == j), "\(i) \(j)")
            }
        }
        #expect(!JSONValue.identical([1, 2], [1]))
        #expect(!JSONValue.identical(nil, false))
        #expect(DiagnosticPath("spec").isIdentical(to: "spec"))
        #expect(!DiagnosticPath("spec").isIdentical(to: "Spec"))
        #expect(!DiagnosticPath([.index(0)]).isIdentical(to: DiagnosticPath([.key("0")])))
    }
}

/// The validator reuses the findings of the body it validated last for a body that differs
/// from it only in `metadata.name`'s value (a batch's copies of one template): every body
/// must still get exactly the findings a fresh validation gives it.
@Suite("Validator: reused body findings")
struct ValidatorBodyReuseTests {
    static func body(
        name: JSONValue = "ok-name", metadataKey: String = "metadata", nameKey: String = "name",
        extraMetadata: [(String, JSONValue)] = [], extraRoot: [(String, JSONValue)] = [],
        kind: JSONValue = "Cluster", spec: JSONValue = ValidatorSpecReuseTests.spec
    ) -> JSONValue {
        var m = OrderedDictionary<String, JSONValue>()
        m[nameKey] = name
        for (k, v) in extraMetadata { m[k] = v }
        var o = OrderedDictionary<String, JSONValue>()
        o["kind"] = kind
        o["apiVersion"] = "v3"
        o[metadataKey] = .object(m)
        o["spec"] = spec
        for (k, v) in extraRoot { o[k] = v }
        return .object(o)
    }

    /// Bodies alike but in one place each, names good and bad included.
    static var variants: [JSONValue] {
        [
            body(), body(name: "other-name"), body(name: "Bad_Name"), body(name: "ab"), body(name: ""),
            body(name: nil), body(name: 7), body(name: "ok-name\u{301}"),
            body(metadataKey: "Metadata"), body(nameKey: "Name"),
            body(extraMetadata: [("alias", "Bad Alias")]), body(extraMetadata: [("alias", "good-alias")]),
            body(extraMetadata: [("NAME", "dup-name")]), body(extraMetadata: [("labels", ["a": 1])]),
            body(extraRoot: [("status", [:])]), body(extraRoot: [("metadata2", 1)]),
            body(kind: "cluster"), body(kind: 1), body(spec: [:]),
            body(spec: ValidatorSpecReuseTests.lookalikes[1]),
            .object(["kind": "Cluster", "apiVersion": "v3", "spec": ValidatorSpecReuseTests.spec]),
            .object(["metadata": ["name": "ok-name"]]), .array([]), .null,
        ]
    }

    @Test func eachBodyGetsItsOwnFindingsWhateverCameBefore() {
        expectEveryPairFindsAsFresh(Self.variants)
    }

    @Test func aBatchOfNamesGetsEachNamesFindings() {
        // As a script makes them: one template, names that pass and fail in turn.
        for name in ["c-1", "cluster-0001", "Cluster-2", "cluster-3-", "cl", "cluster-4", "cluster-4"] {
            let b = Self.body(name: .string(name), extraMetadata: [("alias", "Some_Alias")])
            let reused = ClusterValidator.validate(b)
            #expect(reused == ClusterValidator.validate(b, reusingFindings: false), "\(name)")
            #expect(reused.contains { $0.path == "metadata.alias" })
            #expect(reused.contains { $0.path == "metadata.name" } == !ClusterValidator.isValidClusterName(name))
        }
    }
}

@Suite("Validator: names checked on their bytes")
struct ValidatorNameShortcutTests {
    /// The byte check says valid exactly when the rules find nothing, on every edge.
    @Test func theByteCheckAgreesWithTheRules() {
        var names = [
            "", "a", "abc", "abcd", "abc-", "-abc", "1abc", "Abcd", "ab_d", "ab d", "a-b-", "a--b", "a0-9",
            "zzzz", "cluster-01", "é-abc", "abcé", "ab\u{301}cd", "abc\u{0}", "abcd\n", "ａbcd",
        ]
        for n in [127, 128, 129] { names.append("a" + String(repeating: "b", count: n - 1)) }
        names.append(String(repeating: "a", count: 127) + "-")
        names.append(String(repeating: "é", count: 4))
        for name in names {
            #expect(
                ValidationRun.isValidASCIIName(name) == ValidationRun.ruleProblems(name).isEmpty,
                "\(name.debugDescription)")
            #expect(ValidationRun.nameProblems(name) == ValidationRun.ruleProblems(name), "\(name.debugDescription)")
        }
    }
}

/// Validates every ordered pair of `bodies`, the second after the first (so it may reuse the
/// first's findings), and expects what a fresh validation of the second finds.
private func expectEveryPairFindsAsFresh(_ bodies: [JSONValue], sourceLocation: SourceLocation = #_sourceLocation) {
    for first in bodies {
        for second in bodies {
            _ = ClusterValidator.validate(first)
            let reused = ClusterValidator.validate(second)
            let fresh = ClusterValidator.validate(second, reusingFindings: false)
            #expect(
                reused == fresh, "\(first.serialized()) then \(second.serialized())", sourceLocation: sourceLocation)
        }
    }
}
