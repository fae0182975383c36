import CCECore
import OrderedCollections
import Testing

@testable import CCEScript

/// Cluster builders edit the language value in place of a JSON round trip, and `validate`
/// converts the body without `requestJSON`'s bookkeeping: both must give exactly what the
/// JSON path gave, and a copy must leave its original alone.
@Suite struct ClusterBodyEditTests {
    static let template: JSONValue = [
        "kind": "Cluster", "apiVersion": "v3", "metadata": ["name": "placeholder"],
        "spec": [
            "type": "VirtualMachine", "flavor": "cce.s2.small", "version": "v1.29",
            "hostNetwork": ["vpc": "v", "subnet": "s"],
            "containerNetwork": ["mode": "vpc-router", "cidrs": [["cidr": "10.0.0.0/16"]]],
            "extendParam": ["clusterAZ": "multi_az"],
        ],
    ]

    /// One argument each builder accepts.
    static func sampleArgument(for method: ClusterBuilderMethod) -> JSONValue {
        switch method.argument {
        case .none: return .null
        case .string: return "10.1.0.0/16"
        case .bool: return true
        case .int: return 3
        case .map: return ["spec": ["description": "merged", "hostNetwork": ["subnet": "t"]], "extra": [1, 2.5]]
        case .list: return ["a", "b"]
        case .stringList: return ["eu-de-01", "eu-de-02", "eu-de-03"]
        case .intOrString: return 25
        }
    }

    /// A body's text with its key order (the language's `==` ignores order).
    static func text(_ v: Value) -> String { v.literalDescription }

    @Test func everyBuilderGivesTheBodyTheJSONPathGave() throws {
        for name in ClusterBuilderMethod.names {
            let method = try #require(ClusterBuilderMethod.all[name])
            let argument = Self.sampleArgument(for: method)
            #expect(method.accepts(argument) || method.argument == .none, "\(name)")
            for body in [Self.template, ClusterBody.named("x")] {
                let viaJSON = try method.apply(body, argument)
                let direct = try method.apply(Value(json: body), Value(json: argument))
                #expect(Self.text(direct) == Self.text(Value(json: viaJSON)), "\(name)")
            }
        }
    }

    @Test func aNonMapInTheWayIsTheSameErrorBothWays() throws {
        let cases: [(JSONValue, String)] = [
            (.int(1), "number"), ("s", "string"), ([1], "array"), (true, "boolean"), (1.5, "number"),
        ]
        for (value, typeName) in cases {
            try Self.checkNonMap(value, typeName)
        }
    }

    static func checkNonMap(_ value: JSONValue, _ typeName: String) throws {
        let key = "spec"
        var body = template
        body[key] = value
        let method = try #require(ClusterBuilderMethod.all["vpc"])
        var viaJSON: ClusterBuildError?
        var direct: ClusterBuildError?
        do { _ = try method.apply(body, "v2") } catch { viaJSON = error }
        do { _ = try method.apply(Value(json: body), Value.string("v2")) } catch { direct = error }
        #expect(viaJSON != nil)
        #expect(viaJSON == direct)
        #expect(direct?.message == "spec is a \(typeName), not a map, so hostNetwork cannot be set in it")
    }

    @Test func aNullOnThePathIsReplacedByAMapBothWays() throws {
        var body = Self.template
        body["spec"] = ["hostNetwork": nil, "containerNetwork": ["cidrs": nil]]
        for name in ["vpc", "containerCidr"] {
            let method = try #require(ClusterBuilderMethod.all[name])
            let viaJSON = try method.apply(body, "10.2.0.0/16")
            let direct = try method.apply(Value(json: body), Value.string("10.2.0.0/16"))
            #expect(Self.text(direct) == Self.text(Value(json: viaJSON)), "\(name)")
        }
    }

    @Test func theAddonAndCIDRListErrorsAreTheSameBothWays() throws {
        var body = Self.template
        body["metadata"] = ["name": "x", "annotations": [ClusterBody.addonAnnotation: 7]]
        body["spec"] = ["containerNetwork": ["cidrs": "10.0.0.0/16"]]
        for (name, argument) in [("addon", JSONValue.string("icagent")), ("containerCidr", "10.1.0.0/16")] {
            let method = try #require(ClusterBuilderMethod.all[name])
            var viaJSON: ClusterBuildError?
            var direct: ClusterBuildError?
            do { _ = try method.apply(body, argument) } catch { viaJSON = error }
            do { _ = try method.apply(Value(json: body), Value(json: argument)) } catch { direct = error }
            #expect(viaJSON != nil, "\(name)")
            #expect(viaJSON == direct, "\(name)")
        }
    }

    @Test func aCopySharesWhatItDoesNotChangeAndLeavesTheOriginalAlone() async throws {
        let interpreter = Interpreter()
        let base = try await interpreter.evaluate(
            """
            let base = cluster("placeholder").flavor("cce.s2.small").vpc("v").containerCidr("10.0.0.0/16")
            base
            """)
        let before = Self.text(base)
        let copy = try await interpreter.evaluate(
            """
            let c = base.name("c-1").vpc("w").containerCidr("10.1.0.0/16").multiAZ().addon("icagent")
            print(base.name, c.name, base.spec.hostNetwork.vpc, c.spec.hostNetwork.vpc)
            base.name("c-2")
            """)
        #expect(Self.text(base) == before)
        let after = try await interpreter.evaluate("base")
        #expect(Self.text(after) == before)
        guard case .cluster(let original) = base, case .cluster(let named) = copy,
            case .map(let spec1)? = original["spec"], case .map(let spec2)? = named["spec"]
        else {
            Issue.record("not clusters with specs: \(base) \(copy)")
            return
        }
        // `.name()` copies the root and metadata maps only: the spec is the same storage.
        #expect(Value.sameStorage(spec1.values.elements, spec2.values.elements))
        #expect(named["metadata"] == .map(["name": .string("c-2")]))
        #expect(original["metadata"] == .map(["name": .string("placeholder")]))
    }

    @Test func aBaseIsUnchangedAfterItsCopiesInAScript() async {
        let out = await output(
            """
            let base = cluster("placeholder").flavor("cce.s2.small").vpc("v").containerCidr("10.0.0.0/16")
            let before = json(base)
            let a = base.name("c-1").vpc("w").containerCidr("10.1.0.0/16").multiAZ().addon("icagent")
              .with({spec: {description: "d"}})
            print(json(base) == before, a.name, base.name, a.spec.hostNetwork.vpc, base.spec.hostNetwork.vpc)
            print(len(a.spec.containerNetwork.cidrs), len(base.spec.containerNetwork.cidrs), base?.spec?.extendParam)
            """)
        #expect(out == "true c-1 placeholder w v\n2 1 null\n")
    }

    /// An embedder's cluster value may hold more than JSON; builders then go through JSON
    /// as before: a range becomes a list, a duration is refused where it sits.
    @Test func anEmbeddersBodyWithMoreThanJSONIsNormalizedOrRefusedAsBefore() async {
        let interpreter = Interpreter()
        interpreter.register(function: "odd") { _ in
            .cluster([
                "kind": .string("Cluster"), "metadata": .map(["name": .string("x")]),
                "spec": .map(["r": .range(1, 3, inclusive: true), "c": .cluster(["a": .int(1)])]),
            ])
        }
        interpreter.register(function: "timed") { _ in
            .cluster(["kind": .string("Cluster"), "spec": .map(["t": .duration(30_000)])])
        }
        let normalized = try? await interpreter.evaluate(
            "let o = odd().vpc(\"v\"); [o.spec.r, type(o.spec.r), type(o.spec.c), o.spec.hostNetwork.vpc]")
        #expect(normalized.map { Self.text($0) } == "[[1, 2, 3], \"list\", \"map\", \"v\"]")
        do {
            _ = try await interpreter.evaluate("timed().vpc(\"v\")")
            Issue.record("a duration in the body was accepted")
        } catch {
            #expect(error.render(color: false).contains("spec.t in the request body cannot be a duration"))
        }
    }

    // MARK: - The conversion behind validate, check and create

    static let values: [Value] = [
        Value(json: template),
        .map(["a": .list([.int(1), .float(2.5), .null, .bool(false), .string("s")]), "b": .map([:])]),
        .cluster(["spec": .map(["inner": .cluster(["x": .int(1)])])]),
        .list([]),
    ]

    static let nonJSON: [Value] = [
        .map(["r": .range(1, 3, inclusive: false)]),
        .map(["d": .duration(5)]),
        .map(["f": .float(.infinity)]),
        .map(["n": .float(.nan)]),
        .list([.map(["deep": .list([.duration(1)])])]),
        .map(["res": .resource(ScriptResource(.node, body: ["kind": .string("Node")]))]),
    ]

    @Test func plainJSONIsWhatRequestJSONGives() throws {
        for v in Self.values {
            let plain = try #require(Interpreter.plainJSON(v))
            let slow = try Interpreter.requestJSON(v, path: [])
            #expect(plain.serialized() == slow.serialized())
        }
        // Clusters inside come back from JSON as maps: not plain, so a builder normalizes them.
        #expect(Self.values.map { Interpreter.isPlainJSON($0) } == [true, true, false, true])
    }

    /// A spec converted before is reused by storage: an edited spec, which no longer shares
    /// it, must be converted afresh, and an equal spec elsewhere converts to the same JSON.
    @Test func aReusedConversionFollowsEveryEditOfTheSpec() throws {
        guard case .map(var body) = Value(json: Self.template), case .map(var spec)? = body["spec"] else {
            Issue.record("the template is not a map with a spec")
            return
        }
        let first = try #require(Interpreter.plainJSON(.cluster(body)))
        let again = try #require(Interpreter.plainJSON(.cluster(body)))
        #expect(again.serialized() == first.serialized())
        #expect(first.serialized() == Self.template.serialized())
        for (key, value) in [("flavor", Value.string("cce.s1.small")), ("version", .int(3)), ("added", .null)] {
            spec[key] = value
            body["spec"] = .map(spec)
            let converted = try #require(Interpreter.plainJSON(.cluster(body)))
            #expect(converted.serialized() == (try Interpreter.requestJSON(.cluster(body), path: [])).serialized())
            #expect(
                converted["spec"]?[key]?.serialized() == (try Interpreter.requestJSON(value, path: [])).serialized())
        }
        // A spec found plain before, then given a value that is not JSON.
        #expect(Interpreter.isPlainJSON(.map(body)))
        spec["late"] = .duration(1)
        body["spec"] = .map(spec)
        #expect(!Interpreter.isPlainJSON(.map(body)))
        #expect(Interpreter.plainJSON(.cluster(body)) == nil)
        // A copy of one spec that no conversion has seen.
        let fresh = Value(json: Self.template)
        #expect(Interpreter.plainJSON(fresh)?.serialized() == Self.template.serialized())
    }

    @Test func plainJSONDeclinesWhatRequestJSONRefusesOrReshapes() {
        for v in Self.nonJSON {
            #expect(Interpreter.plainJSON(v) == nil, "\(v)")
            #expect(!Interpreter.isPlainJSON(v), "\(v)")
        }
    }

    @Test func plainJSONStopsAtTheSameDepthAsRequestJSON() {
        var deep = Value.int(1)
        for _ in 0..<Limits.defaultNesting { deep = .list([deep]) }
        #expect(Interpreter.plainJSON(deep) != nil)
        #expect((try? Interpreter.requestJSON(deep, path: [])) != nil)
        #expect(Interpreter.isPlainJSON(deep))
        deep = .list([deep])
        #expect(Interpreter.plainJSON(deep) == nil)
        #expect((try? Interpreter.requestJSON(deep, path: [])) == nil)
        #expect(!Interpreter.isPlainJSON(deep))
    }

    /// Valid and invalid bodies (misspelled, mis-cased, read-only and response-only keys,
    /// bad CIDRs, keys that print quoted in paths): the same diagnostics, in the same order.
    static let bodies: [JSONValue] = [
        template,
        [
            "Kind": "cluster", "apiversion": "v3",
            "metadata": ["name": "Bad_Name", "uid": "u", "labels": ["a": 1], "annotations": ["x.y/z": "w"]],
            "spec": [
                "flavor": "cce.s1.smal", "Type": "BareMetal", "version": "1.29", "status": "x",
                "hostNetwork": ["vpc": 7, "subnett": "s"],
                "containerNetwork": [
                    "mode": "vpc_router", "cidrs": [["cidr": "10.0.0.0/8"], ["cidr": "10.1.0.0/16"], "x"],
                ],
                "kubernetesSvcIpRange": "10.0.0.1/12",
                "extendParam": ["alpha.cce/fixPoolMask": "29", "periodNum": "1"],
                "masters": [["availabilityZone": "a"]], "clusterTags": [["key": "_sys_a", "value": "v"]],
            ],
        ],
        ["kind": "Cluster", "spec": 1],
        JSONValue.array([]),
    ]

    @Test func validateGivesTheSameDiagnosticsThroughEitherConversion() throws {
        for body in Self.bodies {
            let value = Value(json: body)
            let expected = ClusterValidator.validate(try Interpreter.requestJSON(value, path: []))
            let direct = try #require(Interpreter.plainJSON(value))
            #expect(ClusterValidator.validate(direct) == expected)
            #expect(ClusterValidator.validate(body) == expected)
        }
        let invalid = ClusterValidator.validate(Self.bodies[1])
        #expect(invalid.count > 15)
        #expect(invalid.contains { $0.path == "spec.extendParam[\"alpha.cce/fixPoolMask\"]" })
        #expect(invalid.contains { $0.path == "spec.containerNetwork.cidrs[2]" && $0.severity == .error })
    }

    @Test func validateInAScriptListsTheFindingsWithTheirPaths() async {
        let out = await output(
            """
            let c = cluster({kind: "Cluster", apiVersion: "v3", metadata: {name: "ok-name"}, spec: {
              type: "VirtualMachine", flavor: "cce.s2.small", hostNetwork: {vpc: "v", subnet: "s"},
              containerNetwork: {mode: "vpc-router", cidrs: [{cidr: "10.0.0.0/16"}, {cidr: "10.0.0.0/24"}]},
              extendParam: {"alpha.cce/fixPoolMask": "23"}}})
            for d in validate(c) { print(d.severity, d.path, d.code) }
            print(len(validate(c.name("x"))))
            """)
        #expect(
            out == """
                warning spec.containerNetwork.cidrs[1].cidr cidr.notRecommended
                error spec.containerNetwork.cidrs[1].cidr cidr.overlap
                error spec.extendParam["alpha.cce/fixPoolMask"] fixPoolMask.range
                4

                """)
    }
}
