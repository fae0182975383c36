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
        for first in bodies {
            for second in bodies {
                _ = ClusterValidator.validate(first)
                let reused = ClusterValidator.validate(second)
                let fresh = ClusterValidator.validate(second, reusingSpecFindings: false)
                #expect(reused == fresh, "\(first.serialized()) then \(second.serialized())")
            }
        }
    }

    @Test func theFindingsOfASpecArePlacedAmongTheBodysOwn() {
        let b = Self.body(Self.spec, name: "Bad_Name")
        let once = ClusterValidator.validate(b)
        let twice = ClusterValidator.validate(b)
        #expect(once == twice)
        #expect(once == ClusterValidator.validate(b, reusingSpecFindings: false))
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
