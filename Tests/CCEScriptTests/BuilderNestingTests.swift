import Testing

@testable import CCEScript

/// The nesting limit is checked on a cluster builder's arguments, not on the body it returns
/// (`Builtin.argumentNesting`): sound only if no builder puts its argument deeper than it says.
@Suite struct BuilderNestingTests {
    /// An argument of the kind the builder takes, as nested as that kind allows.
    private func argument(for method: ClusterBuilderMethod) -> String? {
        switch method.argument {
        case .none: nil
        case .map: "{k: {k: {k: [1]}}}"
        case .list: "[[[{k: 1}]]]"
        case .stringList: "[\"eu-de-01\", \"eu-de-02\"]"
        case .string: "\"10.0.0.0/16\""
        case .bool: "true"
        case .int, .intOrString: "3"
        }
    }

    @Test func everyBuilderPutsItsArgumentNoDeeperThanItSays() async throws {
        let base = "cluster(\"c\").flavor(\"cce.s2.small\").version(\"v1.29\").vpc(\"v\").subnet(\"s\")"
        for method in ClusterBuilderMethod.all.values.sorted(by: { $0.name < $1.name }) {
            let arg = argument(for: method)
            let interp = Interpreter(options: InterpreterOptions(limits: Limits(), output: { _ in }))
            let receiver = try await interp.evaluate(base)
            let result = try await interp.evaluate("\(base).\(method.name)(\(arg ?? ""))")
            var argDepth = 0
            if let arg { argDepth = try await interp.evaluate(arg).nestingDepth(cap: 1_000) }
            let bound = max(receiver.nestingDepth(cap: 1_000), argDepth + method.argumentNesting)
            #expect(
                result.nestingDepth(cap: 1_000) <= bound,
                "\(method.name): depth \(result.nestingDepth(cap: 1_000)), said at most \(bound)")
        }
    }

    @Test func aTooDeepArgumentIsStillRefused() async throws {
        // 199 levels of maps, put two levels down by `containerNetwork`: 201 > 200.
        let build = "var v = 1\nfor i in 0..<LEVELS { v = {k: v} }\n"
        let r = await runScript(
            build.replacingOccurrences(of: "LEVELS", with: "199") + "cluster(\"c\").containerNetwork(v)")
        let f = try #require(r.failure)
        #expect(f.kind == .limit)
        #expect(f.message.contains("nested too deeply"))
        // 198 levels fit exactly, as they did when the whole body was measured.
        let fits = await runScript(
            build.replacingOccurrences(of: "LEVELS", with: "198") + "cluster(\"c\").containerNetwork(v)")
        #expect(fits.failure == nil, "\(fits.stderr)")
    }
}
