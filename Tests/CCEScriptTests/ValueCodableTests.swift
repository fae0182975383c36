import CCECore
import Foundation
import Testing

@testable import CCEScript

/// `Value` as Swift code uses it: `==` is the language's, and `Codable` writes the JSON a
/// user expects for data, tagged objects for the other data kinds, and refuses the rest.
@Suite struct ValueCodableTests {
    private func json(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private func decode(_ text: String) throws -> Value {
        try JSONDecoder().decode(Value.self, from: Data(text.utf8))
    }

    private func roundTrip(_ value: Value) throws -> Value {
        try JSONDecoder().decode(Value.self, from: JSONEncoder().encode(value))
    }

    @Test func dataKindsAreTheJSONAUserExpects() throws {
        let value = Value.map([
            "name": .string("a \"quoted\" name"), "count": .int(3), "ratio": .float(2.5), "ok": .bool(true),
            "none": .null, "items": .list([.int(1), .string("b"), .list([]), .map([:])]),
        ])
        #expect(
            try json(value)
                == #"{"count":3,"items":[1,"b",[],{}],"name":"a \"quoted\" name","none":null,"ok":true,"ratio":2.5}"#)
        let back = try roundTrip(value)
        #expect(back == value)
        guard case .map(let m) = back else {
            Issue.record("not a map: \(back)")
            return
        }
        // JSON numbers come back as the kinds they were: integers ints, others floats.
        #expect(m["count"]?.typeName == "int" && m["ratio"]?.typeName == "float")
        #expect(m["items"]?.typeName == "list" && m["none"]?.isNull == true)
        #expect(
            try decode("[1e300, -0.5, 9223372036854775807]") == .list([.float(1e300), .float(-0.5), .int(Int.max)]))
    }

    @Test func anOrderKeepingEncoderKeepsMapOrderAndDecodingSortsKeys() throws {
        let value = Value.map(["zeta": .int(1), "alpha": .map(["y": .null, "b": .null]), "mid": .int(3)])
        let json = try JSONValueEncoder.encodeOrThrow(value)
        #expect(json.objectValue?.keys.elements == ["zeta", "alpha", "mid"])
        #expect(json["alpha"]?.objectValue?.keys.elements == ["y", "b"])
        // JSONDecoder lists keys in no defined order: decoding sorts them, so the result is stable.
        guard case .map(let m) = try decode(#"{"zeta": 1, "alpha": 2, "mid": 3}"#) else {
            Issue.record("not a map")
            return
        }
        #expect(m.keys.elements == ["alpha", "mid", "zeta"])
    }

    @Test func anIntegralFloatComesBackAsAnEqualInt() throws {
        let back = try roundTrip(.float(5.0))
        #expect(back == .float(5.0))
        #expect(back.typeName == "int")
    }

    @Test func taggedKindsRoundTrip() throws {
        #expect(try json(.duration(90_000)) == #"{"$cce":"duration","milliseconds":90000}"#)
        #expect(try json(.range(1, 5, inclusive: false)) == #"{"$cce":"range","inclusive":false,"lower":1,"upper":5}"#)
        let cluster = Value.cluster(["kind": .string("Cluster"), "metadata": .map(["name": .string("c")])])
        #expect(try json(cluster) == #"{"$cce":"cluster","body":{"kind":"Cluster","metadata":{"name":"c"}}}"#)
        let diagnostic = Value.diagnostic(
            ScriptDiagnostic(severity: "error", path: "spec.flavor", code: "flavor", message: "bad", hint: "use x"))
        let plain = Value.diagnostic(ScriptDiagnostic(severity: "warning", path: "", code: "c", message: "m"))
        for value in [
            Value.duration(90_000), .duration(-1), .range(1, 5, inclusive: true),
            .range(Int.min, Int.max, inclusive: false),
            cluster, diagnostic, plain, .list([.duration(1), .map(["r": .range(0, 0, inclusive: true)])]),
        ] {
            let back = try roundTrip(value)
            #expect(back == value, "\(value.literalDescription)")
            #expect(back.typeName == value.typeName)
        }
        // A range equals the list of its elements under ==; the round trip keeps the kind.
        guard case .range(1, 5, inclusive: true) = try roundTrip(.range(1, 5, inclusive: true)) else {
            Issue.record("the range did not come back as a range")
            return
        }
    }

    @Test func nodesAndPoolsKeepTheirKindAndCluster() throws {
        let node = Value.resource(
            ScriptResource(.node, body: ["metadata": .map(["name": .string("n")])], clusterID: "u-1", clusterName: "c"))
        #expect(
            try json(node) == #"{"$cce":"node","body":{"metadata":{"name":"n"}},"clusterID":"u-1","clusterName":"c"}"#)
        guard case .resource(let r) = try roundTrip(node) else {
            Issue.record("not a resource")
            return
        }
        #expect(r.kind == .node && r.clusterID == "u-1" && r.clusterName == "c")
        #expect(Value.resource(r) == node)

        let pool = Value.resource(ScriptResource(.nodePool, body: ["spec": .map(["initialNodeCount": .int(2)])]))
        #expect(try json(pool) == #"{"$cce":"nodePool","body":{"spec":{"initialNodeCount":2}}}"#)
        guard case .resource(let p) = try roundTrip(pool) else {
            Issue.record("not a resource")
            return
        }
        #expect(p.kind == .nodePool && p.clusterID == nil && p.clusterName == nil)
        #expect(Value.resource(p) == pool)
        #expect(Value.resource(p) != node)
    }

    @Test func aMapWithTheTagKeyIsWrappedNotMistakenForATaggedValue() throws {
        let tricky = Value.map(["$cce": .string("duration"), "milliseconds": .int(5)])
        #expect(try json(tricky) == #"{"$cce":"map","entries":{"$cce":"duration","milliseconds":5}}"#)
        let back = try roundTrip(tricky)
        #expect(back == tricky && back.typeName == "map")
        let nested = Value.cluster(["metadata": .map(["$cce": .int(1)])])
        #expect(try roundTrip(nested) == nested)
    }

    /// `Value(encoding:)` of a value, or of Swift data holding values, gives them back exactly:
    /// kinds, and the order of map and body keys.
    @Test func valueEncodingKeepsTheTaggedKinds() throws {
        let cluster = Value.cluster([
            "kind": .string("Cluster"), "metadata": .map(["name": .string("c"), "$cce": .int(1)]),
            "spec": .map(["type": .string("VirtualMachine")]),
        ])
        let values: [Value] = [
            .duration(90_000), .range(1, 5, inclusive: true), .range(-3, 0, inclusive: false), cluster,
            .cluster(["$cce": .string("cluster"), "body": .map([:])]),
            .resource(
                ScriptResource(
                    .node, body: ["metadata": .map(["name": .string("n")])], clusterID: "u-1", clusterName: "c")),
            .resource(ScriptResource(.nodePool, body: ["spec": .map(["initialNodeCount": .int(2)])])),
            .diagnostic(
                ScriptDiagnostic(severity: "error", path: "spec.flavor", code: "flavor", message: "m", hint: "h")),
            .diagnostic(ScriptDiagnostic(severity: "warning", path: "", code: "c", message: "m")),
            .map(["$cce": .string("duration"), "milliseconds": .int(5)]),
            .map(["z": .duration(1), "a": .list([.range(0, 2, inclusive: true), .float(2.0), cluster])]),
        ]
        for value in values {
            let back = try Value(encoding: value)
            #expect(back.typeName == value.typeName && back == value, "\(value.literalDescription)")
            #expect(back.literalDescription == value.literalDescription)
            // Inside Swift data, through its JSON: the same.
            let held = try Value(encoding: Holder(name: "x", value: value, list: [value]))
            let expected = Value.map(["name": .string("x"), "value": value, "list": .list([value])])
            #expect(held == expected && held.literalDescription == expected.literalDescription)
            guard case .map(let m) = held else {
                Issue.record("not a map: \(held.literalDescription)")
                continue
            }
            #expect(m["value"]?.typeName == value.typeName)
        }
        // A value whose kind has no JSON form comes back as itself too.
        let function = Value.function(ScriptFunction(builtin: Builtin("f", []) { _, _ in .null }))
        #expect(try Value(encoding: function) == function)
        // Swift data with a "$cce" key that is not shaped like a tag stays a map.
        let plain = try Value(encoding: ["$cce": "duration", "milliseconds": "soon"])
        #expect(plain.typeName == "map")
        #expect(try Value(encoding: ["$cce": 1]) == .map(["$cce": .int(1)]))
    }

    private struct Holder: Encodable {
        var name: String
        var value: Value
        var list: [Value]
    }

    @Test func functionsJobsAndErrorsAreRefusedWithWhatToDo() async throws {
        let function = try await Interpreter().evaluate("len")
        let job = Value.job(TestJob(jobID: "job-1", clusterName: "c"))
        let error = Value.error(ScriptErrorValue(ScriptError(.runtime, "boom", code: "x")))
        for (value, advice) in [
            (function, "encode the values it returns"), (job, "encode its id (job.id)"),
            (error, "encode its fields instead (e.message"),
        ] {
            do {
                _ = try JSONEncoder().encode(Value.map(["inner": .list([.int(1), value])]))
                Issue.record("\(value.typeName) was encoded")
            } catch EncodingError.invalidValue(_, let context) {
                #expect(context.debugDescription.contains(advice), "\(context.debugDescription)")
                #expect(context.codingPath.map(\.stringValue).first == "inner", "\(context.codingPath)")
                #expect(context.codingPath.count == 2)
            }
        }
    }

    @Test func hostileDepthIsAnErrorNotACrash() throws {
        // Foundation's parser stops at its own depth limit; nothing deeper reaches `Value`.
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: DecodingError.self) { try decode(deep) }
        // Deeper than `Limits.maxNesting` but within the parser's limit: refused by `Value` itself.
        let over = Limits.maxNesting + 50
        do {
            _ = try decode(String(repeating: "[", count: over) + String(repeating: "]", count: over))
            Issue.record("a value \(over) levels deep was decoded")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.debugDescription.contains("nested more than \(Limits.maxNesting) levels"))
        }
        let fine = Limits.maxNesting - 10
        #expect(throws: Never.self) {
            try decode(String(repeating: "[", count: fine) + String(repeating: "]", count: fine))
        }
        // A value built in Swift, deeper than the limit, is refused when encoding.
        var built = Value.list([])
        for _ in 0..<(Limits.maxNesting + 50) { built = .list([built]) }
        #expect(throws: EncodingError.self) { try JSONEncoder().encode(built) }
    }

    @Test func malformedTagsAreNamed() throws {
        do {
            _ = try decode(#"{"$cce": "widget"}"#)
            Issue.record("an unknown tag was decoded")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.debugDescription.contains("unknown tagged kind \"widget\""))
            #expect(context.debugDescription.contains("duration, range, cluster"))
        }
        do {
            _ = try decode(#"{"$cce": 7}"#)
            Issue.record("a non-string tag was decoded")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.debugDescription.contains(#"wrap it as {"$cce": "map""#))
        }
        #expect(throws: DecodingError.self) { try decode(#"{"$cce": "duration", "milliseconds": "soon"}"#) }
        #expect(throws: DecodingError.self) { try decode(#"{"$cce": "cluster", "body": [1]}"#) }
    }

    @Test func equalityIsTheLanguagesDeepEquality() async throws {
        #expect(Value.int(1) == .float(1.0))
        #expect(Value.float(1.5) != .int(1))
        #expect(Value.int(Int.max) != .float(Double(Int.max)))  // 2^63 as a double is not Int.max
        #expect(Value.string("1") != .int(1))
        #expect(Value.null == .null && Value.null != .bool(false))
        // Maps and clusters ignore key order; a cluster is not a map.
        let ab = Value.map(["a": .int(1), "b": .list([.int(2), .float(3)])])
        let ba = Value.map(["b": .list([.float(2), .int(3)]), "a": .int(1)])
        #expect(ab == ba)
        #expect(Value.map(["a": .int(1)]) != .map(["a": .int(1), "b": .null]))
        #expect(Value.cluster(["a": .int(1)]) == .cluster(["a": .int(1)]))
        #expect(Value.cluster(["a": .int(1)]) != .map(["a": .int(1)]))
        #expect(Value.list([.int(1), .int(2)]) != .list([.int(2), .int(1)]))
        #expect(Value.range(1, 3, inclusive: true) == .list([.int(1), .int(2), .int(3)]))
        #expect(Value.duration(90_000) == .duration(90_000) && Value.duration(1) != .int(1))
        // Functions compare by identity.
        let interpreter = Interpreter()
        let len = try await interpreter.evaluate("len")
        #expect(len == len)
        #expect(len != (try await interpreter.evaluate("str")))
        // Too deep to compare is unequal, even to an identical value (built apart, so that
        // no shared storage short-cuts the walk).
        func deep() -> Value {
            var v = Value.list([])
            for _ in 0..<(Limits.maxNesting + 5) { v = .list([v, .int(0)]) }
            return v
        }
        #expect(deep() != deep())
        var shallow = Value.list([])
        for _ in 0..<(Limits.maxNesting - 5) { shallow = .list([shallow, .int(0)]) }
        var same = Value.list([])
        for _ in 0..<(Limits.maxNesting - 5) { same = .list([same, .int(0)]) }
        #expect(shallow == same)
    }
}

private final class TestJob: ScriptJob {
    let jobID: String
    let clusterName: String
    init(jobID: String, clusterName: String) {
        self.jobID = jobID
        self.clusterName = clusterName
    }
}
