import CCECore
import Testing

/// A valid and an invalid case for every rule of the validator.
@Suite("Validator: rules")
struct ValidatorRuleTests {
    enum Expect: Sendable, CustomStringConvertible {
        /// No error at all (warnings allowed).
        case noErrors
        case error(String, at: String)
        case warning(String, at: String)
        /// No diagnostic of this code anywhere.
        case without(String)
        /// Exactly these error paths (sorted), as validation.cce prints them.
        case errorPaths(String)

        var description: String {
            switch self {
            case .noErrors: return "no errors"
            case .error(let c, let p): return "error \(c) at \(p)"
            case .warning(let c, let p): return "warning \(c) at \(p)"
            case .without(let c): return "no \(c)"
            case .errorPaths(let s): return "errors at \(s)"
            }
        }

        func holds(for body: Body) -> Bool {
            switch self {
            case .noErrors: return body.errors == "none"
            case .error(let c, let p): return body.has(.error, c, at: p)
            case .warning(let c, let p): return body.has(.warning, c, at: p)
            case .without(let c): return !body.diagnostics.contains { $0.code == c }
            case .errorPaths(let s): return body.errors == s
            }
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let body: Body
        let expect: [Expect]
        init(_ label: String, _ body: Body, _ expect: Expect...) {
            self.label = label
            self.body = body
            self.expect = expect
        }
        var testDescription: String { label }
    }

    static let base = Body.base
    static let pem = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo="
    static let plainKey = "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFCi0tLS0tRU5EIFJTQSBQUklWQVRFIEtFWS0tLS0tCg=="
    static let encryptedKey =
        "LS0tLS1CRUdJTiBFTkNSWVBURUQgUFJJVkFURSBLRVktLS0tLQpNSUlFCi0tLS0tRU5EIEVOQ1JZUFRFRCBQUklWQVRFIEtFWS0tLS0tCg=="
    static let vpcRouter = base.containerNetwork(["mode": "vpc-router"])
    static let mask = "spec.extendParam[\"alpha.cce/fixPoolMask\"]"
    static let cpu = "spec.extendParam[\"kubernetes.io/cpuManagerPolicy\"]"
    static let addonPath = "metadata.annotations[\"cluster.install.addons.external/install\"]"

    static let cases: [Case] = [
        // Root
        Case("kind valid", base, .errorPaths("none")),
        Case("kind lowercase", base.with(["kind": "cluster"]), .error("kind.value", at: "kind")),
        Case("kind missing", base.removing(["kind"]), .error("field.required", at: "kind")),
        Case("kind not a string", base.with(["kind": 3]), .error("field.type", at: "kind")),
        Case("apiVersion v2", base.with(["apiVersion": "v2"]), .error("apiVersion.value", at: "apiVersion")),
        Case(
            "apiversion lowercase key accepted", base.removing(["apiVersion"]).with(["apiversion": "v3"]),
            .noErrors, .warning("field.case", at: "apiversion")),
        Case(
            "apiversion lowercase key, wrong value", base.removing(["apiVersion"]).with(["apiversion": "v1"]),
            .errorPaths("apiversion")),
        Case("metadata missing", base.removing(["metadata"]), .errorPaths("metadata")),
        Case("spec missing", base.removing(["spec"]), .errorPaths("spec")),
        Case("spec not an object", base.with(["spec": [1, 2]]), .errorPaths("spec"), .error("field.type", at: "spec")),
        Case(
            "status is response-only", base.with(["status": ["phase": "Creating"]]),
            .noErrors, .warning("field.responseOnly", at: "status")),

        // metadata
        Case("name 4 chars", base.name("abcd"), .noErrors),
        Case("name 128 chars", base.name("a" + String(repeating: "b", count: 127)), .noErrors),
        Case(
            "name 129 chars", base.name("a" + String(repeating: "b", count: 128)),
            .error("name.pattern", at: "metadata.name")),
        Case("name with underscore", base.name("bad_name"), .error("name.pattern", at: "metadata.name")),
        Case("name missing", base.removing(["metadata", "name"]), .error("field.required", at: "metadata.name")),
        Case("name empty", base.name(""), .errorPaths("metadata.name")),
        Case("uid cannot be set", base.with(["metadata": ["uid": "x"]]), .error("field.readOnly", at: "metadata.uid")),
        Case(
            "labels ignored", base.with(["metadata": ["labels": ["foo": "bar"]]]),
            .noErrors, .warning("labels.ignored", at: "metadata.labels")),
        Case(
            "labels with a number", base.with(["metadata": ["labels": ["foo": 1]]]),
            .error("field.type", at: "metadata.labels.foo")),
        Case(
            "annotations string map", base.annotations(["foo2": "bar2"]), .errorPaths("none"), .without("field.type"),
            .warning("annotations.notStored", at: "metadata.annotations.foo2")),
        Case("addon annotation alone is not a finding", base.addon("icagent"), .without("annotations.notStored")),
        Case(
            "addon annotation mis-cased", base.annotations(["Cluster.Install.Addons.External/Install": "[]"]),
            .noErrors,
            .warning("annotations.addons", at: "metadata.annotations[\"Cluster.Install.Addons.External/Install\"]")),
        Case(
            "annotations with a bool", base.annotations(["a-b": true]),
            .error("field.type", at: "metadata.annotations[\"a-b\"]")),
        Case("annotations not a map", base.annotations(["x"]), .error("field.type", at: "metadata.annotations")),
        Case("addon annotation valid", base.addon("icagent"), .errorPaths("none")),
        Case(
            "addon annotation not JSON", base.annotations(["cluster.install.addons.external/install": "icagent"]),
            .error("annotations.addons", at: addonPath)),
        Case(
            "addon annotation not an array",
            base.annotations(["cluster.install.addons.external/install": "{\"addonTemplateName\":\"icagent\"}"]),
            .error("annotations.addons", at: addonPath)),
        Case(
            "addon annotation without addonTemplateName",
            base.annotations(["cluster.install.addons.external/install": "[{\"name\":\"icagent\"}]"]),
            .error("annotations.addons", at: addonPath)),
        Case(
            "addon annotation with a number name",
            base.annotations(["cluster.install.addons.external/install": "[{\"addonTemplateName\":1}]"]),
            .error("annotations.addons", at: addonPath)),
        Case(
            "alias valid", base.with(["metadata": ["alias": "my-alias"]]),
            .noErrors, .warning("field.notInReference", at: "metadata.alias")),
        Case(
            "alias invalid", base.with(["metadata": ["alias": "My Alias"]]),
            .error("alias.pattern", at: "metadata.alias")),
        Case(
            "creationTimestamp is response-only",
            base.with(["metadata": ["creationTimestamp": "2020-04-23 06:15:32.974281119 +0000 UTC"]]),
            .noErrors, .warning("field.responseOnly", at: "metadata.creationTimestamp")),

        // spec.type / flavor / category / version
        Case("type missing", base.removing(["spec", "type"]), .errorPaths("spec.type")),
        Case("type ARM64", base.type("ARM64"), .error("type.value", at: "spec.type")),
        Case("type BareMetal", base.type("BareMetal"), .error("type.value", at: "spec.type")),
        Case("flavor s1.medium", base.flavor("cce.s1.medium"), .noErrors),
        Case("flavor s2.xlarge", base.flavor("cce.s2.xlarge"), .noErrors),
        Case(
            "flavor s1.large is not in the reference", base.flavor("cce.s1.large"),
            .error("flavor.unknown", at: "spec.flavor")),
        Case(
            "flavor t2 is legacy", base.flavor("cce.t2.small"), .noErrors,
            .warning("flavor.legacy", at: "spec.flavor")),
        Case("flavor not a string", base.setting("spec.flavor", 42), .error("field.type", at: "spec.flavor")),
        Case("category CCE", base.setting("spec.category", "CCE"), .noErrors, .without("category.version")),
        Case("category Turbo", base.setting("spec.category", "Turbo"), .error("category.value", at: "spec.category")),
        Case(
            "category before v1.17.17", base.version("v1.17.9-r0").setting("spec.category", "CCE"),
            .noErrors, .warning("category.version", at: "spec.category")),
        Case("version vX.Y", base.version("v1.25"), .noErrors),
        Case("version vX.Y.Z", base.version("v1.25.3"), .noErrors),
        Case("version vX.Y.Z-rN", base.version("v1.19.8-r0"), .noErrors),
        Case("version without v", base.version("1.25"), .error("version.format", at: "spec.version")),
        Case("version vX.Y-rN", base.version("v1.25-r0"), .error("version.format", at: "spec.version")),
        Case("version word", base.version("latest"), .error("version.format", at: "spec.version")),
        Case(
            "platformVersion cannot be set", base.setting("spec.platformVersion", "cce.4.0"),
            .error("field.readOnly", at: "spec.platformVersion")),

        // description / customSan
        Case(
            "description 200 bytes", base.setting("spec.description", .string(String(repeating: "é", count: 100))),
            .noErrors),
        Case(
            "description 202 bytes", base.setting("spec.description", .string(String(repeating: "é", count: 101))),
            .error("description.length", at: "spec.description")),
        Case(
            "customSan valid", base.customSan(["example.com", "*.example.com", "93.184.216.34", "2001:db8::1"]),
            .noErrors),
        Case("customSan CIDR", base.customSan(["10.0.0.0/8"]), .error("customSan.format", at: "spec.customSan[0]")),
        Case("customSan bad IP", base.customSan(["example.com", "1.2.3.999"]), .errorPaths("spec.customSan[1]")),
        Case(
            "customSan duplicate DNS differing in case", base.customSan(["Example.com", "example.COM"]),
            .error("customSan.duplicate", at: "spec.customSan[1]")),
        Case(
            "customSan duplicate IPv6 written two ways", base.customSan(["2001:db8::1", "a.b", "2001:DB8:0:0::1"]),
            .errorPaths("spec.customSan[2]")),
        Case(
            "customSan each later duplicate", base.customSan(["a.io", "a.io", "a.io"]),
            .errorPaths("spec.customSan[1] spec.customSan[2]")),
        Case(
            "customSan not an array", base.setting("spec.customSan", "example.com"),
            .error("field.type", at: "spec.customSan")),
        Case(
            "customSan element a number", base.setting("spec.customSan", [1]),
            .error("field.type", at: "spec.customSan[0]")),

        // version-gated booleans
        Case("ipv6enable on v1.25", base.version("v1.25").ipv6enable(true), .noErrors),
        Case("ipv6enable without version", base.ipv6enable(true), .noErrors),
        Case("ipv6enable false on v1.23", base.version("v1.23").ipv6enable(false), .noErrors),
        Case(
            "ipv6enable on v1.23", base.version("v1.23").ipv6enable(true),
            .error("ipv6enable.version", at: "spec.ipv6enable")),
        Case(
            "ipv6enable as a string", base.setting("spec.ipv6enable", "true"),
            .error("field.type", at: "spec.ipv6enable")),
        Case("encryption on v1.27", base.version("v1.27.1-r0").enableMasterVolumeEncryption(true), .noErrors),
        Case(
            "encryption on v1.21", base.version("v1.21").enableMasterVolumeEncryption(true),
            .error("enableMasterVolumeEncryption.version", at: "spec.enableMasterVolumeEncryption")),

        // hostNetwork
        Case("hostNetwork with SecurityGroup", base.setting("spec.hostNetwork.SecurityGroup", "sg"), .noErrors),
        Case("hostNetwork missing", base.removing(["spec", "hostNetwork"]), .errorPaths("spec.hostNetwork")),
        Case("vpc missing", base.removing(["spec", "hostNetwork", "vpc"]), .errorPaths("spec.hostNetwork.vpc")),
        Case("vpc empty", base.vpc(""), .errorPaths("spec.hostNetwork.vpc")),
        Case("subnet null", base.setting("spec.hostNetwork.subnet", nil), .errorPaths("spec.hostNetwork.subnet")),

        // containerNetwork
        Case("mode vpc-router", vpcRouter, .noErrors),
        Case(
            "mode eni", base.containerNetwork(["mode": "eni"]),
            .error("containerNetwork.mode", at: "spec.containerNetwork.mode")),
        Case("mode missing", base.containerNetwork([:]), .errorPaths("spec.containerNetwork.mode")),
        Case(
            "containerNetwork missing", base.removing(["spec", "containerNetwork"]),
            .errorPaths("spec.containerNetwork")),
        Case(
            "cidr valid", base.containerNetwork(["mode": "overlay_l2", "cidr": "172.16.0.0/16"]),
            .noErrors, .without("cidr.notRecommended")),
        Case(
            "cidr malformed", base.containerNetwork(["mode": "overlay_l2", "cidr": "172.16.0.0/33"]),
            .error("cidr.invalid", at: "spec.containerNetwork.cidr")),
        Case(
            "cidrs entry malformed", base.containerCidr("abc"),
            .error("cidr.invalid", at: "spec.containerNetwork.cidrs[0].cidr")),
        Case(
            "cidrs entry without cidr", base.setting("spec.containerNetwork.cidrs", [[:]]),
            .error("field.required", at: "spec.containerNetwork.cidrs[0].cidr")),
        Case(
            "cidr with host bits", base.containerNetwork(["mode": "overlay_l2", "cidr": "172.16.5.0/16"]),
            .noErrors, .warning("cidr.hostBits", at: "spec.containerNetwork.cidr")),
        Case(
            "cidr outside recommended", base.containerNetwork(["mode": "overlay_l2", "cidr": "100.64.0.0/16"]),
            .noErrors, .warning("cidr.notRecommended", at: "spec.containerNetwork.cidr")),
        Case(
            "cidr prefix too long for recommended", base.containerCidr("10.0.0.0/20"),
            .noErrors, .warning("cidr.notRecommended", at: "spec.containerNetwork.cidrs[0].cidr")),
        Case("cidr in 192.168/18", base.containerCidr("192.168.64.0/18"), .noErrors, .without("cidr.notRecommended")),
        Case(
            "cidr overlapping default Service range", base.containerCidr("10.247.0.0/16"),
            .error("cidr.overlapsServiceRange", at: "spec.containerNetwork.cidrs[0].cidr")),
        Case(
            "cidr overlapping custom Service range",
            base.setting("spec.kubernetesSvcIpRange", "172.16.0.0/12").containerCidr("172.16.0.0/16"),
            .errorPaths("spec.containerNetwork.cidrs[0].cidr")),
        Case(
            "10.247 fine when the Service range moved",
            base.setting("spec.kubernetesSvcIpRange", "10.248.0.0/16").containerCidr("10.247.0.0/16"),
            .noErrors),
        Case(
            "cidrs overlapping each other", vpcRouter.containerCidr("10.0.0.0/16").containerCidr("10.0.128.0/17"),
            .error("cidr.overlap", at: "spec.containerNetwork.cidrs[1].cidr")),
        Case(
            "twenty cidrs", (0..<20).reduce(vpcRouter) { $0.containerCidr("10.\($1).0.0/16") },
            .noErrors, .without("containerNetwork.cidrs.count")),
        Case(
            "twenty-one cidrs", (0..<21).reduce(vpcRouter) { $0.containerCidr("10.\($1).0.0/16") },
            .errorPaths("spec.containerNetwork.cidrs")),
        Case(
            "several cidrs before v1.21",
            vpcRouter.version("v1.19.10-r0").containerCidr("10.0.0.0/16").containerCidr("10.1.0.0/16"),
            .noErrors, .warning("containerNetwork.cidrs.version", at: "spec.containerNetwork.cidrs")),
        Case(
            "cidr and cidrs together",
            base.containerNetwork(["mode": "overlay_l2", "cidr": "172.16.0.0/16", "cidrs": [["cidr": "172.18.0.0/16"]]]
            ),
            .noErrors, .warning("containerNetwork.cidrIgnored", at: "spec.containerNetwork.cidr")),
        Case(
            "cidr mirroring cidrs[0], as responses do",
            base.containerNetwork(["mode": "overlay_l2", "cidr": "172.16.0.0/16", "cidrs": [["cidr": "172.16.0.0/16"]]]
            ),
            .noErrors, .without("containerNetwork.cidrIgnored")),
        Case(
            "ignored cidr is not checked further",
            base.containerNetwork(["mode": "overlay_l2", "cidr": "10.247.0.0/16", "cidrs": [["cidr": "172.16.0.0/16"]]]
            ),
            .noErrors, .warning("containerNetwork.cidrIgnored", at: "spec.containerNetwork.cidr")),
        Case("empty cidr is unset", base.containerNetwork(["mode": "overlay_l2", "cidr": ""]), .noErrors),
        Case(
            "publicAccess duplicate", base.setting("spec.publicAccess.cidrs", ["10.0.0.0/8", "10.0.0.0/8"]),
            .noErrors, .warning("publicAccess.duplicate", at: "spec.publicAccess.cidrs[1]")),
        Case(
            "kubernetesSvcIpRange malformed", base.setting("spec.kubernetesSvcIpRange", "10.247.0.0"),
            .error("cidr.invalid", at: "spec.kubernetesSvcIpRange")),
        Case(
            "malformed Service range: no overlap error with the default",
            base.setting("spec.kubernetesSvcIpRange", "bad").containerCidr("10.247.0.0/16"),
            .errorPaths("spec.kubernetesSvcIpRange")),
        Case(
            "kubernetesSvcIpRange on v1.11.7",
            base.version("v1.11.7-r0").setting("spec.kubernetesSvcIpRange", "10.247.0.0/16"), .noErrors),
        Case(
            "kubernetesSvcIpRange on v1.9",
            base.version("v1.9.10-r0").setting("spec.kubernetesSvcIpRange", "10.247.0.0/16"),
            .error("kubernetesSvcIpRange.version", at: "spec.kubernetesSvcIpRange")),
        Case(
            "eniNetwork empty is silent", base.setting("spec.eniNetwork", [:]), .noErrors, .without("eniNetwork.unused")
        ),
        Case(
            "eniNetwork without mode eni",
            base.setting("spec.eniNetwork", ["eniSubnetId": "s", "eniSubnetCIDR": "192.168.0.0/24"]),
            .noErrors, .warning("eniNetwork.unused", at: "spec.eniNetwork")),
        Case(
            "eniNetwork IPv6 CIDR",
            base.setting("spec.eniNetwork", ["eniSubnetId": "s", "eniSubnetCIDR": "fd00::/64"]),
            .error("cidr.family", at: "spec.eniNetwork.eniSubnetCIDR")),

        // publicAccess
        Case(
            "publicAccess cidrs valid", base.setting("spec.publicAccess.cidrs", ["0.0.0.0/0", "2001:db8::/32"]),
            .noErrors),
        Case(
            "publicAccess bare address", base.setting("spec.publicAccess.cidrs", ["203.0.113.7"]),
            .error("cidr.invalid", at: "spec.publicAccess.cidrs[0]")),
        Case(
            "publicAccess number", base.setting("spec.publicAccess.cidrs", [7]),
            .error("field.type", at: "spec.publicAccess.cidrs[0]")),

        // authentication
        Case("rbac", base.authentication(["mode": "rbac"]), .noErrors),
        Case("x509 on v1.11", base.version("v1.11.7-r2").authentication(["mode": "x509"]), .noErrors),
        Case(
            "x509 on v1.12", base.version("v1.12").authentication(["mode": "x509"]),
            .error("authentication.mode", at: "spec.authentication.mode")),
        Case(
            "x509 without version", base.authentication(["mode": "x509"]),
            .error("authentication.mode", at: "spec.authentication.mode")),
        Case(
            "x509 with an unreadable version: only the version is reported",
            base.version("1.11").authentication(["mode": "x509"]),
            .errorPaths("spec.version")),
        Case("mode RBAC", base.authentication(["mode": "RBAC"]), .errorPaths("spec.authentication.mode")),
        Case(
            "authenticating_proxy complete",
            base.authentication([
                "mode": "authenticating_proxy",
                "authenticatingProxy": ["ca": .string(pem), "cert": .string(pem), "privateKey": .string(plainKey)],
            ]),
            .noErrors),
        Case(
            "authenticating_proxy without ca",
            base.authentication([
                "mode": "authenticating_proxy",
                "authenticatingProxy": ["cert": .string(pem), "privateKey": .string(plainKey)],
            ]),
            .errorPaths("spec.authentication.authenticatingProxy.ca")),
        Case(
            "authenticating_proxy bad base64",
            base.authentication([
                "mode": "authenticating_proxy",
                "authenticatingProxy": ["ca": "not base64!", "cert": .string(pem), "privateKey": .string(plainKey)],
            ]),
            .error("authenticatingProxy.base64", at: "spec.authentication.authenticatingProxy.ca")),
        Case(
            "authenticating_proxy encrypted key",
            base.authentication([
                "mode": "authenticating_proxy",
                "authenticatingProxy": ["ca": .string(pem), "cert": .string(pem), "privateKey": .string(encryptedKey)],
            ]),
            .error("authenticatingProxy.encryptedKey", at: "spec.authentication.authenticatingProxy.privateKey")),
        Case(
            "authenticatingProxy with rbac",
            base.authentication(["mode": "rbac", "authenticatingProxy": ["ca": .string(pem)]]),
            .noErrors, .warning("authenticatingProxy.unused", at: "spec.authentication.authenticatingProxy")),

        // kube-proxy
        Case("kubeProxyMode ipvs", base.kubeProxyMode("ipvs"), .noErrors),
        Case(
            "kubeProxyMode typo", base.kubeProxyMode("ipvs2"), .error("kubeProxyMode.value", at: "spec.kubeProxyMode")),
        Case(
            "extendParam.kubeProxyMode deprecated", base.setting("spec.extendParam.kubeProxyMode", "ipvs"),
            .noErrors, .warning("extendParam.kubeProxyMode.deprecated", at: "spec.extendParam.kubeProxyMode")),
        Case(
            "extendParam.kubeProxyMode invalid", base.setting("spec.extendParam.kubeProxyMode", "nftables"),
            .error("kubeProxyMode.value", at: "spec.extendParam.kubeProxyMode")),

        // extendParam
        Case("multi_az on s2.xlarge", base.flavor("cce.s2.xlarge").multiAZ(), .noErrors),
        Case("multi_az on t2.large", base.flavor("cce.t2.large").multiAZ(), .noErrors),
        Case(
            "multi_az on s1.medium", base.flavor("cce.s1.medium").multiAZ(), .errorPaths("spec.extendParam.clusterAZ")),
        Case(
            "clusterAZ typo", base.flavor("cce.s2.small").setting("spec.extendParam.clusterAZ", "multi-az"),
            .error("clusterAZ.value", at: "spec.extendParam.clusterAZ")),
        Case("fixPoolMask 28", vpcRouter.fixPoolMask(28), .noErrors),
        Case("fixPoolMask 23", vpcRouter.fixPoolMask(23), .error("fixPoolMask.range", at: mask)),
        Case(
            "fixPoolMask not a number", vpcRouter.setting(["spec", "extendParam", "alpha.cce/fixPoolMask"], "big"),
            .errorPaths(mask)),
        Case(
            "fixPoolMask as a JSON number", vpcRouter.setting(["spec", "extendParam", "alpha.cce/fixPoolMask"], 25),
            .error("field.type", at: mask)),
        Case("cpuManagerPolicy static", base.cpuManagerPolicy("static"), .noErrors),
        Case("cpuManagerPolicy empty", base.cpuManagerPolicy(""), .noErrors),
        Case("cpuManagerPolicy none", base.cpuManagerPolicy("none"), .noErrors),
        Case("cpuManagerPolicy Static", base.cpuManagerPolicy("Static"), .error("cpuManagerPolicy.value", at: cpu)),
        Case("clusterExternalIP IPv4", base.clusterExternalIP("80.158.1.2"), .noErrors),
        Case(
            "clusterExternalIP IPv6", base.clusterExternalIP("2001:db8::1"),
            .error("clusterExternalIP.format", at: "spec.extendParam.clusterExternalIP")),
        Case(
            "clusterExternalIP an ID", base.clusterExternalIP("eip-1234"),
            .error("clusterExternalIP.format", at: "spec.extendParam.clusterExternalIP")),
        Case(
            "upgradefrom is query-only", base.setting("spec.extendParam.upgradefrom", ""),
            .noErrors, .warning("field.responseOnly", at: "spec.extendParam.upgradefrom")),
        Case(
            "extendParam keys are case-sensitive", base.setting("spec.extendParam.clusteraz", "multi_az"),
            .noErrors, .warning("field.unknown", at: "spec.extendParam.clusteraz")),
        Case(
            "enterpriseProjectId known", base.setting("spec.extendParam.enterpriseProjectId", "0"),
            .noErrors, .without("field.unknown")),

        // masters
        Case("one master for s1", base.masterAZs(["eu-de-01"]), .noErrors),
        Case(
            "three masters for s1", base.masterAZs(["eu-de-01", "eu-de-02", "eu-de-03"]), .errorPaths("spec.masters")),
        Case(
            "three masters for s2 with duplicates",
            base.flavor("cce.s2.medium").masterAZs(["eu-de-01", "eu-de-01", "eu-de-02"]), .noErrors),
        Case(
            "two masters for s2", base.flavor("cce.s2.medium").masterAZs(["eu-de-01", "eu-de-02"]),
            .error("masters.count", at: "spec.masters")),
        Case("four masters", base.flavor("cce.s2.large").masterAZs(["a", "b", "c", "d"]), .errorPaths("spec.masters")),
        Case(
            "master not an object", base.setting("spec.masters", ["eu-de-01"]),
            .error("field.type", at: "spec.masters[0]")),

        // clusterTags / billingMode
        Case(
            "clusterTags valid", base.setting("spec.clusterTags", [["key": "env", "value": "prod"]]),
            .noErrors, .warning("field.notInReference", at: "spec.clusterTags")),
        Case(
            "clusterTags key too long",
            base.setting("spec.clusterTags", [["key": .string(String(repeating: "k", count: 129)), "value": "v"]]),
            .error("clusterTags.key", at: "spec.clusterTags[0].key")),
        Case(
            "clusterTags _sys_ key", base.setting("spec.clusterTags", [["key": "_sys_x", "value": "v"]]),
            .error("clusterTags.key", at: "spec.clusterTags[0].key")),
        Case(
            "clusterTags value too long",
            base.setting("spec.clusterTags", [["key": "k", "value": .string(String(repeating: "v", count: 256))]]),
            .error("clusterTags.value", at: "spec.clusterTags[0].value")),
        Case(
            "clusterTags duplicate key",
            base.setting("spec.clusterTags", [["key": "k", "value": "1"], ["key": "k", "value": "2"]]),
            .errorPaths("spec.clusterTags[1].key")),
        Case("billingMode 0", base.setting("spec.billingMode", 0), .noErrors, .without("billingMode.value")),
        Case(
            "billingMode 1", base.setting("spec.billingMode", 1), .noErrors,
            .warning("billingMode.unsupported", at: "spec.billingMode")),
        Case("billingMode 2", base.setting("spec.billingMode", 2), .error("billingMode.value", at: "spec.billingMode")),
        Case("billingMode string", base.setting("spec.billingMode", "0"), .error("field.type", at: "spec.billingMode")),

        // Empty strings where Go clients mean "unset"
        Case("empty version is the latest", base.version(""), .noErrors, .warning("version.empty", at: "spec.version")),
        Case("empty version still allows v1.25+ features", base.version("").ipv6enable(true), .noErrors),
        Case("empty fixPoolMask", base.setting(["spec", "extendParam", "alpha.cce/fixPoolMask"], ""), .noErrors),
        Case(
            "empty kubeProxyMode", base.kubeProxyMode("").setting("spec.extendParam.kubeProxyMode", ""),
            .noErrors, .without("extendParam.kubeProxyMode.deprecated")),
        Case("empty authentication mode", base.authentication(["mode": ""]), .noErrors),
        Case("empty category", base.setting("spec.category", ""), .noErrors),

        // Unknown, mis-cased and response-only fields
        Case(
            "unknown spec field", base.setting("spec.descripton", "x"),
            .noErrors, .warning("field.unknown", at: "spec.descripton")),
        Case("unknown root field", base.with(["extra": 1]), .noErrors, .warning("field.unknown", at: "extra")),
        Case(
            "mis-cased SecurityGroup", base.setting("spec.hostNetwork.securityGroup", "sg"),
            .noErrors, .warning("field.case", at: "spec.hostNetwork.securityGroup")),
        Case(
            "mis-cased flavor key", base.removing(["spec", "flavor"]).setting("spec.Flavor", "cce.s1.small"),
            .noErrors, .warning("field.case", at: "spec.Flavor")),
        Case(
            "mis-cased key still checked", base.removing(["spec", "flavor"]).setting("spec.FLAVOR", "cce.s9"),
            .errorPaths("spec.FLAVOR")),
        Case(
            "duplicate keys differing in case", base.setting("spec.Flavor", "cce.s9"),
            .noErrors, .warning("field.duplicate", at: "spec.Flavor")),
        Case(
            "response-only spec fields", base.setting("spec.az", "eu-de-01").setting("spec.supportIstio", true),
            .noErrors, .warning("field.responseOnly", at: "spec.az"),
            .warning("field.responseOnly", at: "spec.supportIstio")),
        Case(
            "serviceNetwork valid",
            base.setting("spec.serviceNetwork.IPv4CIDR", "10.247.0.0/16").containerCidr("172.16.0.0/16"),
            .noErrors, .warning("field.notInReference", at: "spec.serviceNetwork")),
        Case(
            "serviceNetwork IPv6CIDR given an IPv4 block", base.setting("spec.serviceNetwork.IPv6CIDR", "10.0.0.0/16"),
            .error("cidr.family", at: "spec.serviceNetwork.IPv6CIDR")),
        Case(
            "serviceNetwork differing from kubernetesSvcIpRange",
            base.setting("spec.kubernetesSvcIpRange", "10.247.0.0/16").setting(
                "spec.serviceNetwork.IPv4CIDR", "10.248.0.0/16"),
            .noErrors, .warning("serviceNetwork.conflict", at: "spec.serviceNetwork.IPv4CIDR")),
        Case(
            "timezone not a string", base.with(["metadata": ["timezone": 8]]),
            .error("field.type", at: "metadata.timezone")),
        Case(
            "serviceNetwork range used for overlap",
            base.setting("spec.serviceNetwork.IPv4CIDR", "172.16.0.0/16").containerCidr("172.16.0.0/16"),
            .error("cidr.overlapsServiceRange", at: "spec.containerNetwork.cidrs[0].cidr")),
    ]

    @Test(arguments: cases)
    func rule(_ c: Case) {
        for e in c.expect {
            #expect(e.holds(for: c.body), "\(c.label): expected \(e); got \(c.body.diagnostics)")
        }
    }

    // MARK: Messages and hints

    func only(_ body: Body, _ code: String) throws -> Diagnostic {
        let found = body.diagnostics.filter { $0.code == code }
        try #require(found.count == 1, "\(body.diagnostics)")
        return found[0]
    }

    @Test func nameMessageSaysWhichPartFailed() throws {
        #expect(try only(Body.base.name("abc"), "name.pattern").message.contains("4 to 128"))
        #expect(try only(Body.base.name("1cluster"), "name.pattern").message.contains("start with a lowercase letter"))
        #expect(try only(Body.base.name("ends-with-"), "name.pattern").message.contains("not end with a hyphen"))
        let upper = try only(Body.base.name("Bad-Name"), "name.pattern")
        #expect(upper.message.contains("start with a lowercase letter"))
        #expect(upper.message.contains("\"B\""))
        #expect(upper.hint == "try \"bad-name\"")
        #expect(try only(Body.base.name("bad_name"), "name.pattern").message.contains("\"_\""))
    }

    @Test func unknownFieldHintNamesNearestField() throws {
        let d = try only(Body.base.setting("spec.flavour", "cce.s1.small"), "field.unknown")
        #expect(d.severity == .warning)
        #expect(d.hint == "did you mean `flavor`?")
        let e = try only(Body.base.setting("spec.descripton", "x"), "field.unknown")
        #expect(e.hint == "did you mean `description`?")
        let far = try only(Body.base.setting("spec.zzzzzzzzzz", 1), "field.unknown")
        #expect(far.hint?.contains("the fields of spec are") == true)
    }

    @Test func fieldInTheWrongObjectNamesItsHome() throws {
        let vpc = try only(Body.base.setting("spec.vpc", "v"), "field.unknown")
        #expect(vpc.hint == "`vpc` belongs in spec.hostNetwork")
        let az = try only(Body.base.setting("spec.clusterAZ", "multi_az"), "field.unknown")
        #expect(az.hint == "`clusterAZ` belongs in spec.extendParam")
        let name = try only(Body.base.setting("spec.name", "x"), "field.unknown")
        #expect(name.hint == "`name` belongs in metadata")
    }

    @Test func flavorDidYouMean() throws {
        let d = try only(Body.base.flavor("cce.s2.smal"), "flavor.unknown")
        #expect(d.hint == "did you mean \"cce.s2.small\"?")
        let large = try only(Body.base.flavor("cce.s1.large"), "flavor.unknown")
        #expect(large.message.contains("Huawei"))
    }

    @Test func typeMessagesNameLegacyAndHuaweiValues() throws {
        #expect(try only(Body.base.type("ARM64"), "type.value").message.contains("Huawei"))
        #expect(try only(Body.base.type("BareMetal"), "type.value").message.contains("legacy"))
    }

    @Test func missingRequiredFieldsHaveHints() throws {
        let d = try only(Body.base.removing(["spec", "flavor"]), "field.required")
        #expect(d.path == "spec.flavor")
        #expect(d.hint?.contains("cce.s1.small") == true)
        let s = try only(Body.base.removing(["spec", "hostNetwork", "subnet"]), "field.required")
        #expect(s.hint?.contains("network ID") == true)
    }

    @Test func valueHintsSuggestNearValues() throws {
        let cpu = try only(Body.base.cpuManagerPolicy("statics"), "cpuManagerPolicy.value")
        #expect(cpu.hint?.hasPrefix("did you mean \"static\"? ") == true)
        let auth = try only(Body.base.authentication(["mode": "rbca"]), "authentication.mode")
        #expect(auth.hint?.hasPrefix("did you mean \"rbac\"? ") == true)
        let mode = try only(Body.base.containerNetwork(["mode": "vpc_router"]), "containerNetwork.mode")
        #expect(mode.hint?.hasPrefix("did you mean \"vpc-router\"? ") == true)
        let proxy = try only(Body.base.kubeProxyMode("IPVS"), "kubeProxyMode.value")
        #expect(proxy.hint?.hasPrefix("did you mean \"ipvs\"? ") == true)
    }

    @Test func versionHintAddsTheV() throws {
        #expect(try only(Body.base.version("1.25"), "version.format").hint == "did you mean \"v1.25\"?")
    }

    @Test func typeErrorSaysExpectedType() throws {
        let d = try only(Body.base.setting("spec.flavor", 42), "field.type")
        #expect(d.message == "expected a string, found the number 42")
        let b = try only(Body.base.setting("spec.ipv6enable", "true"), "field.type")
        #expect(b.hint == "write true without quotes")
    }

    @Test func secretsNeverAppearInDiagnostics() {
        let secret = "c2VjcmV0LWtleS1tYXRlcmlhbA" + "!!"  // not valid base64
        let body = Body.base.authentication([
            "mode": "authenticating_proxy",
            "authenticatingProxy": ["ca": .string(secret), "cert": .string(secret), "privateKey": .string(secret)],
        ])
        let diagnostics = body.diagnostics
        #expect(diagnostics.count == 3)
        for d in diagnostics {
            #expect(!d.message.contains("c2VjcmV0"))
            #expect(!(d.hint ?? "").contains("c2VjcmV0"))
        }
    }

    @Test func caLargerThanOneMegabyte() {
        // 1 MiB + 3 bytes of zeros, base64-encoded.
        let big = String(repeating: "AAAA", count: (1 << 20) / 3 + 2)
        let tooBig = Body.base.authentication([
            "mode": "authenticating_proxy",
            "authenticatingProxy": [
                "ca": .string(big), "cert": .string(Self.pem), "privateKey": .string(Self.plainKey),
            ],
        ])
        #expect(tooBig.has(.error, "authenticatingProxy.size", at: "spec.authentication.authenticatingProxy.ca"))
        let small = String(repeating: "AAAA", count: 1000)
        let fine = Body.base.authentication([
            "mode": "authenticating_proxy",
            "authenticatingProxy": [
                "ca": .string(small), "cert": .string(Self.pem), "privateKey": .string(Self.plainKey),
            ],
        ])
        #expect(fine.errors == "none")
    }

    @Test func diagnosticsFollowTheBodyOrder() {
        // The body's own key order: metadata before spec; inside spec, flavor before version.
        let body = Body.cluster("X").setting("spec.flavor", "nope").setting("spec.version", "bad")
            .setting("spec.type", "VirtualMachine")
        let paths = body.diagnostics.map(\.path)
        let expected = ["metadata.name", "spec.flavor", "spec.version", "spec.hostNetwork", "spec.containerNetwork"]
        #expect(paths == expected, "\(body.diagnostics)")
    }

    @Test func longValuesAreShortenedInMessages() throws {
        let long = String(repeating: "x", count: 10_000)
        let d = try only(Body.base.flavor(long), "flavor.unknown")
        #expect(d.message.count < 200)
    }

    @Test func rootMustBeAnObject() {
        let d = ClusterValidator.validate([1, 2, 3])
        #expect(d.count == 1)
        #expect(d.first?.code == "body.type")
        #expect(d.first?.path == "")
        #expect(d.first?.severity == .error)
    }

    @Test func publicNameCheck() {
        #expect(ClusterValidator.isValidClusterName("my-cluster"))
        #expect(!ClusterValidator.isValidClusterName("my-cluster-"))
    }
}
