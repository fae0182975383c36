import CCECore
import Testing

/// Every line of shared/conformance/programs/validation.cce / .out, as unit tests.
@Suite("Validator: validation.cce conformance")
struct ValidatorConformanceTests {
    struct Line: Sendable, CustomTestStringConvertible {
        let label: String
        let body: Body
        let expected: String
        var testDescription: String { label }
    }

    static let base = Body.base
    static let noSubnet = Body.cluster("valid-name").type("VirtualMachine").flavor("cce.s1.small")
        .vpc("23d3725f-6ffe-400e-8fb6-b4f9a7b3e8c1").containerNetwork(["mode": "overlay_l2"])
    static let noFlavor = Body.cluster("valid-name").type("VirtualMachine")
        .hostNetwork(["vpc": "23d3725f-6ffe-400e-8fb6-b4f9a7b3e8c1", "subnet": "c90b3ce5-e1f1-4c87-a006-644d78846438"])
        .containerNetwork(["mode": "overlay_l2"])

    static let lines: [Line] = [
        Line(label: "base", body: base, expected: "none"),
        Line(label: "upper", body: base.name("Bad-Name"), expected: "metadata.name"),
        Line(label: "short", body: base.name("abc"), expected: "metadata.name"),
        Line(label: "hyphen", body: base.name("ends-with-"), expected: "metadata.name"),
        Line(label: "digit", body: base.name("1cluster"), expected: "metadata.name"),
        Line(label: "flavor", body: base.flavor("cce.s9.huge"), expected: "spec.flavor"),
        Line(label: "az", body: base.multiAZ(), expected: "spec.extendParam.clusterAZ"),
        Line(label: "proxy", body: base.kubeProxyMode("nftables"), expected: "spec.kubeProxyMode"),
        Line(label: "mode", body: base.containerNetwork(["mode": "flannel"]), expected: "spec.containerNetwork.mode"),
        Line(label: "mask", body: base.fixPoolMask(25), expected: "spec.extendParam[\"alpha.cce/fixPoolMask\"]"),
        Line(
            label: "mask-range", body: base.containerNetwork(["mode": "vpc-router"]).fixPoolMask(30),
            expected: "spec.extendParam[\"alpha.cce/fixPoolMask\"]"),
        Line(
            label: "cpu", body: base.cpuManagerPolicy("dynamic"),
            expected: "spec.extendParam[\"kubernetes.io/cpuManagerPolicy\"]"),
        Line(label: "ipv6", body: base.version("v1.23").ipv6enable(true), expected: "spec.ipv6enable"),
        Line(label: "kind", body: base.with(["kind": "Node"]), expected: "kind"),
        Line(label: "api", body: base.with(["apiVersion": "v2"]), expected: "apiVersion"),
        Line(
            label: "uid", body: base.with(["metadata": ["uid": "d6a883a1-8529-11ea-8e34-0255ac101108"]]),
            expected: "metadata.uid"),
        Line(label: "no-subnet", body: noSubnet, expected: "spec.hostNetwork.subnet"),
        Line(label: "no-flavor", body: noFlavor, expected: "spec.flavor"),
        Line(
            label: "two-cidrs", body: base.containerCidr("172.16.0.0/16").containerCidr("172.17.0.0/16"),
            expected: "spec.containerNetwork.cidrs"),
        Line(
            label: "san-dup", body: base.customSan(["example.com", "93.184.216.34", "example.com"]),
            expected: "spec.customSan[2]"),
        Line(label: "san-bad", body: base.customSan(["not a name!"]), expected: "spec.customSan[0]"),
        Line(
            label: "proxy-auth", body: base.authentication(["mode": "authenticating_proxy"]),
            expected: "spec.authentication.authenticatingProxy"),
        Line(
            label: "x509-new", body: base.version("v1.25").authentication(["mode": "x509"]),
            expected: "spec.authentication.mode"),
        Line(
            label: "encrypt-old", body: base.version("v1.23").enableMasterVolumeEncryption(true),
            expected: "spec.enableMasterVolumeEncryption"),
        Line(label: "ha-az", body: base.flavor("cce.s2.small").multiAZ(), expected: "none"),
        Line(
            label: "vpc-router-cidrs",
            body: base.containerNetwork(["mode": "vpc-router"]).containerCidr("10.0.0.0/16").containerCidr(
                "10.1.0.0/16"),
            expected: "none"),
        Line(label: "mask-ok", body: base.containerNetwork(["mode": "vpc-router"]).fixPoolMask(24), expected: "none"),
    ]

    @Test(arguments: lines)
    func line(_ line: Line) {
        #expect(line.body.errors == line.expected, "\(line.label): \(line.body.diagnostics)")
    }

    @Test func checkFailsProgramNamesMetadataName() {
        let c = Body.cluster("Bad_Name").type("VirtualMachine").flavor("cce.s1.small")
            .vpc("v").subnet("s").containerNetwork(["mode": "overlay_l2"])
        #expect(c.errors == "metadata.name")
    }

    /// The reference's own example request, parsed from its text (minus the trailing comma
    /// the page has after `"mode": "rbac"`, which strict JSON refuses).
    @Test func seedExampleRequestHasNoErrors() throws {
        let text = """
            {
                "kind": "Cluster",
                "apiVersion": "v3",
                "metadata": {
                    "name": "mycluster",
                    "labels": { "foo": "bar" },
                    "annotations": { "foo2": "bar2" }
                },
                "spec": {
                    "type": "VirtualMachine",
                    "flavor": "cce.s2.small",
                    "version": "v1.19.8-r0",
                    "description": "this is a demo cluster",
                    "hostNetwork": {
                        "vpc": "23d3725f-6ffe-400e-8fb6-b4f9a7b3e8c1",
                        "subnet": "c90b3ce5-e1f1-4c87-a006-644d78846438"
                    },
                    "containerNetwork": { "mode": "overlay_l2", "cidr": "172.16.0.0/16" },
                    "authentication": { "mode": "rbac" },
                    "kubeProxyMode": "iptables",
                    "billingMode": 0,
                    "extendParam": { "clusterAZ": "multi_az" }
                }
            }
            """
        let body = try JSONValue.parse(text)
        let diagnostics = ClusterValidator.validate(body)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        // The only findings: the labels the service ignores and the annotation it does not store.
        #expect(diagnostics.map(\.code) == ["labels.ignored", "annotations.notStored"])
        #expect(diagnostics.map(\.path) == ["metadata.labels", "metadata.annotations.foo2"])
    }

    /// WIRE.md §1.2: what gophertelekomcloud's acceptance tests send (lowercase
    /// `apiversion`, an always-present empty `authenticatingProxy`).
    @Test func gopherBodyHasNoErrors() throws {
        let body = try JSONValue.parse(
            """
            {"kind":"Cluster","apiversion":"v3","metadata":{"name":"cce-acc-test"},
             "spec":{"type":"VirtualMachine","flavor":"cce.s1.small","version":"v1.25",
                     "hostNetwork":{"vpc":"vpc-id","subnet":"net-id"},
                     "containerNetwork":{"mode":"overlay_l2"},
                     "authentication":{"mode":"rbac","authenticatingProxy":{}},
                     "kubernetesSvcIpRange":"10.247.0.0/16","enableMasterVolumeEncryption":true,
                     "extendParam":{"kubernetes.io/cpuManagerPolicy":"static"}}}
            """)
        let diagnostics = ClusterValidator.validate(body)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        #expect(diagnostics.map(\.code) == ["field.case"])
    }

    /// WIRE.md §1.3: a 201 response body sent back as a request. Only the two fields the
    /// reference says cannot be specified are errors; the rest is at most a warning.
    @Test func responseBodyAsRequest() throws {
        let body = try JSONValue.parse(
            """
            {"kind": "Cluster", "apiVersion": "v3",
             "metadata": {"name": "cluster", "uid": "1df09f9a-5b9e-11ef-8f52-0255ac10003e",
               "creationTimestamp": "2024-08-16 07:06:53.704389459 +0000 UTC",
               "updateTimestamp": "2024-08-16 07:06:53.704389529 +0000 UTC",
               "annotations": {"jobid": "1e50bfbe-5b9e-11ef-8f52-0255ac10003e", "resourceJobId": \
            "1df0ec6b-5b9e-11ef-8f52-0255ac10003e"},
               "timezone": ""},
             "spec": {"publicAccess": {}, "category": "CCE", "type": "VirtualMachine", "enableAutopilot": false,
               "flavor": "cce.s1.small", "version": "v1.29", "platformVersion": "cce.4.0",
               "configurationsOverride": [{"name": "kube-apiserver", "configurations": [{"name": "support-overload", \
            "value": true}]}],
               "hostNetwork": {"vpc": "0538a5d0-9a65-4c1d-a8bf-e9acee237980", "subnet": \
            "bc81be88-6e34-4b02-83bd-df0a1f7672c5"},
               "containerNetwork": {"mode": "vpc-router", "cidr": "172.17.0.0/16", "cidrs": [{"cidr": \
            "172.17.0.0/16"}]},
               "eniNetwork": {}, "serviceNetwork": {"IPv4CIDR": "10.247.0.0/16"},
               "authentication": {"mode": "rbac", "authenticatingProxy": {}}, "billingMode": 0,
               "kubernetesSvcIpRange": "10.247.0.0/16", "kubeProxyMode": "iptables",
               "extendParam": {"alpha.cce/fixPoolMask": "25", "enterpriseProjectId": "0", "orderID": ""}},
             "status": {"phase": "Creating", "jobID": "1e50bfbe-5b9e-11ef-8f52-0255ac10003e"}}
            """)
        let errors = ClusterValidator.validate(body).filter { $0.severity == .error }
        #expect(errors.map(\.path) == ["metadata.uid", "spec.platformVersion"], "\(errors)")
    }

    /// WIRE.md §1.2: the minimal body the Python SDK sends.
    @Test func minimalSDKBodyIsClean() throws {
        let body = try JSONValue.parse(
            """
            {"kind": "Cluster", "apiVersion": "v3", "metadata": {"name": "demo-cluster"},
             "spec": {"type": "VirtualMachine", "flavor": "cce.s1.small",
                      "hostNetwork": {"vpc": "vpc-id", "subnet": "net-id"},
                      "containerNetwork": {"mode": "overlay_l2"}}}
            """)
        #expect(ClusterValidator.validate(body).isEmpty)
    }
}
