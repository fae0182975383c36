import Foundation
import Testing

@testable import CCECore

/// Bodies from the reference and WIRE.md, as Swift literals (no resource files).
enum ModelFixtures {
    /// The reference's "Example Request" exactly as printed: note the trailing comma after
    /// `"mode": "rbac",`, which is not JSON.
    static let referenceRequestAsPrinted = """
        {
            "kind": "Cluster",
            "apiVersion": "v3",
            "metadata": {
                "name": "mycluster",
                "labels": {
                    "foo": "bar"
                },
                "annotations": {
                    "foo2": "bar2"
                }
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
                "containerNetwork": {
                    "mode": "overlay_l2",
                    "cidr": "172.16.0.0/16"
                },
                "authentication": {
                    "mode": "rbac",
                },
                "kubeProxyMode": "iptables",
                "billingMode": 0,
                "extendParam": {
                    "clusterAZ": "multi_az"
                }
            }
        }
        """

    /// The same request with the trailing comma removed: the version the tests decode.
    static let referenceRequest = referenceRequestAsPrinted.replacingOccurrences(
        of: "\"mode\": \"rbac\",\n", with: "\"mode\": \"rbac\"\n")

    /// The reference's example response (Table 15), whose opening brace the page lost.
    static let referenceResponse = """
        {
            "kind": "Cluster",
            "apiVersion": "v3",
            "metadata": {
                "name": "test-create-cluster",
                "uid": "d6a883a1-8529-11ea-8e34-0255ac101108",
                "creationTimestamp": "2020-04-23 06:15:32.974281119 +0000 UTC",
                "updateTimestamp": "2020-04-23 06:15:32.974281688 +0000 UTC",
                "labels": {"foo": "bar"},
                "annotations": {"foo2": "bar2"}
            },
            "spec": {
                "type": "VirtualMachine",
                "flavor": "cce.s2.small",
                "version": "v1.17.9-r0",
                "description": "this is a demo cluster",
                "ipv6enable": false,
                "hostNetwork": {
                    "vpc": "23d3725f-6ffe-400e-8fb6-b4f9a7b3e8c1",
                    "subnet": "c90b3ce5-e1f1-4c87-a006-644d78846438"
                },
                "containerNetwork": {"mode": "overlay_l2", "cidr": "172.16.0.0/16"},
                "eniNetwork": {},
                "authentication": {"mode": "rbac", "authenticatingProxy": {}},
                "billingMode": 0,
                "extendParam": {"clusterAZ": "multi_az"},
                "kubernetesSvcIpRange": "10.247.0.0/16",
                "kubeProxyMode": "iptables"
            },
            "status": {"phase": "Creating", "jobID": "d6bcbb0b-8529-11ea-8e34-0255ac101108"}
        }
        """

    /// WIRE.md §1.3: the real OTC 201 response (2024).
    static let otcCreateResponse = """
        {
          "kind": "Cluster", "apiVersion": "v3",
          "metadata": {
            "name": "cluster", "uid": "1df09f9a-5b9e-11ef-8f52-0255ac10003e",
            "creationTimestamp": "2024-08-16 07:06:53.704389459 +0000 UTC",
            "updateTimestamp": "2024-08-16 07:06:53.704389529 +0000 UTC",
            "annotations": {"jobid": "1e50bfbe-5b9e-11ef-8f52-0255ac10003e",
                            "resourceJobId": "1df0ec6b-5b9e-11ef-8f52-0255ac10003e"},
            "timezone": ""
          },
          "spec": {
            "publicAccess": {}, "category": "CCE", "type": "VirtualMachine", "enableAutopilot": false,
            "flavor": "cce.s1.small", "version": "v1.29", "platformVersion": "cce.4.0",
            "configurationsOverride": [
              {"name": "kube-apiserver", "configurations": [{"name": "support-overload", "value": true}]},
              {"name": "eni", "configurations": [{"name": "dataplane-v2", "value": true}]}],
            "hostNetwork": {"vpc": "0538a5d0-9a65-4c1d-a8bf-e9acee237980", "subnet": \
        "bc81be88-6e34-4b02-83bd-df0a1f7672c5"},
            "containerNetwork": {"mode": "vpc-router", "cidr": "172.17.0.0/16", "cidrs": [{"cidr": "172.17.0.0/16"}]},
            "eniNetwork": {},
            "serviceNetwork": {"IPv4CIDR": "10.247.0.0/16"},
            "authentication": {"mode": "rbac", "authenticatingProxy": {}},
            "billingMode": 0,
            "kubernetesSvcIpRange": "10.247.0.0/16",
            "kubeProxyMode": "iptables",
            "extendParam": {"alpha.cce/fixPoolMask": "25", "enterpriseProjectId": "0", "orderID": ""}
          },
          "status": {"phase": "Creating", "jobID": "1e50bfbe-5b9e-11ef-8f52-0255ac10003e"}
        }
        """

    /// WIRE.md §3.4: the DELETE 200 response (OTC endpoints object, deleteOption, deleteStatus).
    static let deleteResponse = """
        {"kind": "Cluster", "apiVersion": "v3",
         "metadata": {"name": "mycluster", "uid": "7a661f82-90d9-11ea-9f85-0255ac10110d",
                      "creationTimestamp": "2020-05-08 03:10:32.403757 +0000 UTC",
                      "updateTimestamp": "2020-05-08 03:18:29.238331 +0000 UTC"},
         "spec": { "...": "as GET" },
         "status": {"phase": "Available", "jobID": "f5fd8cbf-90db-11ea-9f85-0255ac10110d",
                    "endpoints": {"internal": "https://192.168.0.61:5443", "external": "https://10.185.69.54:5443",
                                  "external_otc": \
        "https://a140174a-2f3e-11e9-9f91-0255ac101405.cce.eu-de.otc.t-systems.com"},
                    "deleteOption": {"delete_eni": "delete-skip", "delete_net": "delete-block", "delete_evs": \
        "delete-skip",
                                     "delete_sfs": "delete-skip", "delete_obs": "delete-skip", "delete_efs": \
        "delete-skip"},
                    "deleteStatus": {"previous_total": 0, "current_total": 15, "updated": 0, "added": 15, "deleted": \
        0}}}
        """

    /// A GET-one body in the Huawei shape: endpoints as a list, plus the Huawei-only members.
    static let huaweiGetResponse = """
        {"kind": "Cluster", "apiVersion": "v3",
         "metadata": {"name": "hw-cluster", "uid": "a1", "alias": "hw-cluster",
                      "creationTimestamp": "2025-01-02 03:04:05 +0000 UTC", "updateTimestamp": \
        "2025-01-02 03:04:05.1 +0000 UTC"},
         "spec": {"category": "CCE", "type": "VirtualMachine", "flavor": "cce.s2.medium", "version": "v1.31",
                  "hostNetwork": {"vpc": "v", "subnet": "s", "SecurityGroup": "sg-1", "controlPlaneSecurityGroup": \
        "sg-cp"},
                  "containerNetwork": {"mode": "eni"},
                  "eniNetwork": {"eniSubnetId": "sub-1", "eniSubnetCIDR": "192.168.0.0/24", "subnets": [{"subnetID": \
        "sub-1"}]},
                  "serviceNetwork": {"IPv4CIDR": "10.247.0.0/16", "IPv6CIDR": "fc00::/112"},
                  "publicAccess": {"cidrs": ["0.0.0.0/0"]},
                  "masters": [{"availabilityZone": "ap-southeast-1a"}, {"availabilityZone": "ap-southeast-1b"}, \
        {"availabilityZone": "ap-southeast-1c"}],
                  "clusterTags": [{"key": "env", "value": "dev"}],
                  "az": "multi_az", "supportIstio": true, "deletionProtection": false,
                  "clusterOps": {"alarm": {"topics": [{"topicUrn": "urn:smn:1"}], "alarmRuleTemplateId": "t1"}},
                  "encryptionConfig": {"mode": "Default"},
                  "certificateAuthority": {"data": "LS0tLS1CRUdJTg=="},
                  "secretConfig": {"disableDefaultAddonCredSecret": true},
                  "extendParam": {"kubernetes.io/cpuManagerPolicy": "static", "periodNum": 3}},
         "status": {"phase": "Available",
                    "endpoints": [{"url": "https://192.168.0.68:5443", "type": "Internal"},
                                  {"url": "https://1.2.3.4:5443", "type": "External"}],
                    "isLocked": false,
                    "conditions": [{"type": "AgencyAvailable", "status": "True", "reason": "", "message": ""}]}}
        """
}

private func roundTrip<T: WireModel>(_ type: T.Type, _ text: String) throws -> (T, JSONValue) {
    let value = try JSONValue.parse(text)
    let model = try T(json: value)
    return (model, value)
}

@Suite("Cluster models")
struct ModelClusterTests {
    @Test func referenceRequestAsPrintedIsNotJSON() {
        // The reference page's example has a trailing comma; our parser (RFC 8259) refuses it,
        // so the tests use the corrected text below.
        #expect(throws: JSONParseError.self) { try JSONValue.parse(ModelFixtures.referenceRequestAsPrinted) }
    }

    @Test func referenceRequestRoundTrips() throws {
        let (cluster, value) = try roundTrip(Cluster.self, ModelFixtures.referenceRequest)
        #expect(cluster.json == value)
        #expect(cluster.kind == "Cluster")
        #expect(cluster.apiVersion == "v3")
        #expect(cluster.metadata?.name == "mycluster")
        #expect(cluster.metadata?.labels?["foo"] == "bar")
        #expect(cluster.metadata?.annotations?["foo2"] == "bar2")
        #expect(cluster.spec?.flavor == "cce.s2.small")
        #expect(cluster.spec?.hostNetwork?.vpc == "23d3725f-6ffe-400e-8fb6-b4f9a7b3e8c1")
        #expect(cluster.spec?.containerNetwork?.cidr == "172.16.0.0/16")
        #expect(cluster.spec?.authentication?.mode == "rbac")
        #expect(cluster.spec?.billingMode == 0)
        #expect(cluster.spec?.extendParam?.clusterAZ == "multi_az")
        #expect(cluster.additionalFields.isEmpty)
        #expect(cluster.spec?.additionalFields.isEmpty == true)
    }

    @Test func referenceResponseRoundTrips() throws {
        let (cluster, value) = try roundTrip(Cluster.self, ModelFixtures.referenceResponse)
        #expect(cluster.json == value)
        #expect(cluster.status?.phase == .creating)
        #expect(cluster.spec?.eniNetwork == EniNetwork())
        #expect(cluster.spec?.authentication?.authenticatingProxy == AuthenticatingProxy())
        #expect(cluster.spec?.ipv6enable == false)
        #expect(cluster.metadata?.creationTime == GoTimestamp(seconds: 1_587_622_532, nanoseconds: 974_281_119))
    }

    @Test func otcCreateResponseRoundTrips() throws {
        let (cluster, value) = try roundTrip(Cluster.self, ModelFixtures.otcCreateResponse)
        #expect(cluster.json == value)
        #expect(cluster.metadata?.annotations?["jobid"] == cluster.status?.jobID)
        #expect(cluster.metadata?.timezone == "")
        #expect(cluster.spec?.publicAccess == PublicAccess())
        #expect(cluster.spec?.enableAutopilot == false)
        #expect(cluster.spec?.platformVersion == "cce.4.0")
        #expect(cluster.spec?.configurationsOverride?.first?.configurations?.first?.value == .bool(true))
        #expect(cluster.spec?.containerNetwork?.cidrs == [ContainerCIDR(cidr: "172.17.0.0/16")])
        #expect(cluster.spec?.serviceNetwork?.ipv4CIDR == "10.247.0.0/16")
        #expect(cluster.spec?.extendParam?.fixPoolMask == "25")
        #expect(cluster.spec?.extendParam?.enterpriseProjectId == "0")
        #expect(cluster.spec?.extendParam?.orderID == "")
        #expect(cluster.spec?.extendParam?.additionalFields.isEmpty == true)
        #expect(cluster.metadata?.creationTime?.nanoseconds == 704_389_459)
    }

    @Test func deleteResponseRoundTrips() throws {
        let (response, value) = try roundTrip(DeleteClusterResponse.self, ModelFixtures.deleteResponse)
        #expect(response.json == value)
        let status = try #require(response.status)
        #expect(status.phase == .available)
        #expect(status.deleteOption?.deleteNet == "delete-block")
        #expect(status.deleteOption?.deleteEFS == "delete-skip")
        #expect(status.deleteOption?.deleteSFS30 == nil)
        #expect(status.deleteStatus?.currentTotal == 15)
        #expect(status.deleteStatus?.added == 15)
        #expect(response.spec?.additionalFields["..."] == "as GET")
        guard case .object(let endpoints) = status.endpoints else {
            Issue.record("expected the OTC object shape")
            return
        }
        #expect(endpoints.externalOTC == "https://a140174a-2f3e-11e9-9f91-0255ac101405.cce.eu-de.otc.t-systems.com")
        #expect(status.endpoints?.internalURL == "https://192.168.0.61:5443")
        #expect(status.endpoints?.externalURL == "https://10.185.69.54:5443")
    }

    @Test func huaweiBodyWithListEndpointsRoundTrips() throws {
        let (cluster, value) = try roundTrip(Cluster.self, ModelFixtures.huaweiGetResponse)
        #expect(cluster.json == value)
        let status = try #require(cluster.status)
        guard case .list(let list) = status.endpoints else {
            Issue.record("expected the Huawei list shape")
            return
        }
        #expect(list.count == 2)
        #expect(status.endpoints?.internalURL == "https://192.168.0.68:5443")
        #expect(status.endpoints?.externalURL == "https://1.2.3.4:5443")
        // Re-encoded in the shape it came in.
        #expect(cluster.json["status"]?["endpoints"]?.arrayValue?.count == 2)
        #expect(cluster.spec?.hostNetwork?.securityGroup == "sg-1")
        #expect(cluster.spec?.masters?.count == 3)
        #expect(cluster.spec?.clusterTags == [ResourceTag(key: "env", value: "dev")])
        #expect(cluster.spec?.eniNetwork?.subnets == [NetworkSubnet(subnetID: "sub-1")])
        #expect(cluster.spec?.serviceNetwork?.ipv6CIDR == "fc00::/112")
        #expect(cluster.spec?.extendParam?.cpuManagerPolicy == "static")
        #expect(cluster.spec?.extendParam?.periodNum == 3)
        #expect(cluster.spec?.secretConfig?.disableDefaultAddonCredSecret == true)
        #expect(cluster.spec?.clusterOps?.alarm?.topics?.count == 1)
        #expect(status.conditions?.first?.type == "AgencyAvailable")
        #expect(cluster.metadata?.creationTime?.nanoseconds == 0)
        #expect(cluster.metadata?.updateTime?.nanoseconds == 100_000_000)
    }

    @Test func listResponseRoundTrips() throws {
        let text = """
            {"kind": "Cluster", "apiVersion": "v3",
             "items": [\(ModelFixtures.otcCreateResponse), \(ModelFixtures.huaweiGetResponse)]}
            """
        let (list, value) = try roundTrip(ClusterList.self, text)
        #expect(list.json == value)
        #expect(list.items?.map { $0.metadata?.name } == ["cluster", "hw-cluster"])
        let empty = try ClusterList(json: ["kind": "Cluster", "apiVersion": "v3", "items": []])
        #expect(empty.items == [])
    }

    @Test func unknownFieldsAtEveryDepthArePreserved() throws {
        let text = """
            {"kind": "Cluster", "apiVersion": "v3", "x-top": {"nested": [1, 2.5, null]},
             "metadata": {"name": "abcd", "x-meta": true},
             "spec": {"type": "VirtualMachine", "x-spec": "s",
                      "hostNetwork": {"vpc": "v", "subnet": "s", "x-host": 1},
                      "containerNetwork": {"mode": "vpc-router", "cidrs": [{"cidr": "10.0.0.0/16", "x-cidr": "c"}]},
                      "authentication": {"mode": "authenticating_proxy",
                                         "authenticatingProxy": {"ca": "Y2E=", "x-proxy": {}}},
                      "extendParam": {"clusterAZ": "multi_az", "x-ext": "e", "alpha.cce/fixPoolMask": 25}},
             "status": {"phase": "Hibernation2", "x-status": [],
                        "endpoints": {"internal": "https://i", "x-endpoint": "e"}}}
            """
        let (cluster, value) = try roundTrip(Cluster.self, text)
        #expect(cluster.json == value)
        #expect(cluster.additionalFields["x-top"] == ["nested": [1, 2.5, nil]])
        #expect(cluster.metadata?.additionalFields["x-meta"] == true)
        #expect(cluster.spec?.additionalFields["x-spec"] == "s")
        #expect(cluster.spec?.hostNetwork?.additionalFields["x-host"] == 1)
        #expect(cluster.spec?.containerNetwork?.cidrs?.first?.additionalFields["x-cidr"] == "c")
        #expect(cluster.spec?.authentication?.authenticatingProxy?.additionalFields["x-proxy"] == [:])
        #expect(cluster.spec?.extendParam?.additionalFields == ["x-ext": "e"])
        // A number where a string is expected is read as text and written back as a number.
        #expect(cluster.spec?.extendParam?.fixPoolMask == "25")
        #expect(cluster.json["spec"]?["extendParam"]?["alpha.cce/fixPoolMask"] == .int(25))
        // Unknown phases are kept, not refused.
        #expect(cluster.status?.phase == ClusterPhase("Hibernation2"))
        #expect(cluster.status?.phase?.isKnown == false)
        #expect(cluster.status?.additionalFields["x-status"] == [])
        guard case .object(let endpoints) = cluster.status?.endpoints else {
            Issue.record("expected the object shape")
            return
        }
        #expect(endpoints.additionalFields["x-endpoint"] == "e")
    }

    @Test func encodingKeepsDeclarationOrderThenUnknownSorted() throws {
        let input: JSONValue = [
            "zeta": 1, "spec": ["zz": 1, "flavor": "cce.s1.small", "aa": 2, "type": "VirtualMachine"],
            "alpha": 2, "metadata": ["name": "abcd"], "kind": "Cluster",
            "apiVersion": "v3",
        ]
        let cluster = try Cluster(json: input)
        let out = cluster.json
        #expect(out.objectValue.map { Array($0.keys) } == ["kind", "apiVersion", "metadata", "spec", "alpha", "zeta"])
        #expect(out["spec"]?.objectValue.map { Array($0.keys) } == ["type", "flavor", "aa", "zz"])
        #expect(
            out.serialized()
                == #"{"kind":"Cluster","apiVersion":"v3","metadata":{"name":"abcd"},"#
                + #""spec":{"type":"VirtualMachine","flavor":"cce.s1.small","aa":2,"zz":1},"alpha":2,"zeta":1}"#
        )
        // extendParam: documented keys in table order, then the others sorted.
        let ext = try ClusterExtendParam(
            json: ["zz": "1", "kubernetes.io/cpuManagerPolicy": "static", "aa": "2", "clusterAZ": "multi_az"])
        #expect(
            ext.json.objectValue.map { Array($0.keys) } == ["clusterAZ", "kubernetes.io/cpuManagerPolicy", "aa", "zz"])
    }

    @Test func absentFieldsAreOmitted() {
        let cluster = Cluster(
            kind: "Cluster", apiVersion: "v3", metadata: ClusterMetadata(name: "demo-cluster"),
            spec: ClusterSpec(
                type: "VirtualMachine", flavor: "cce.s1.small",
                hostNetwork: HostNetwork(vpc: "vpc-id", subnet: "net-id"),
                containerNetwork: ContainerNetwork(mode: "overlay_l2")))
        // WIRE.md §1.2: the minimal request the SDKs send.
        #expect(
            cluster.json.serialized()
                == #"{"kind":"Cluster","apiVersion":"v3","metadata":{"name":"demo-cluster"},"#
                + #""spec":{"type":"VirtualMachine","flavor":"cce.s1.small","#
                + #""hostNetwork":{"vpc":"vpc-id","subnet":"net-id"},"#
                + #""containerNetwork":{"mode":"overlay_l2"}}}"#
        )
    }

    @Test func lowercaseApiversionIsAccepted() throws {
        let cluster = try Cluster(json: ["kind": "Cluster", "apiversion": "v3", "metadata": ["name": "abcd"]])
        #expect(cluster.apiVersion == "v3")
        #expect(cluster.additionalFields.isEmpty)
        #expect(cluster.json == ["kind": "Cluster", "apiVersion": "v3", "metadata": ["name": "abcd"]])
        // When both are present the documented spelling wins and the other is kept as unknown.
        let both = try Cluster(json: ["apiVersion": "v3", "apiversion": "v2"])
        #expect(both.apiVersion == "v3")
        #expect(both.additionalFields["apiversion"] == "v2")
        #expect(try Job(json: ["kind": "Job", "apiversion": "v3"]).apiVersion == "v3")
        #expect(try ClusterList(json: ["apiversion": "v3", "items": []]).apiVersion == "v3")
    }

    @Test func decodingErrorsNameTheJSONPath() {
        func message(_ v: JSONValue) -> String {
            do {
                _ = try Cluster(json: v)
                return "decoded"
            } catch {
                return error.description
            }
        }
        #expect(
            message(["spec": ["hostNetwork": ["vpc": 5]]]) == "spec.hostNetwork.vpc: expected a string, found a number")
        #expect(
            message(["spec": ["containerNetwork": ["cidrs": [["cidr": "10.0.0.0/16"], ["cidr": false]]]]])
                == "spec.containerNetwork.cidrs[1].cidr: expected a string, found a boolean")
        #expect(message(["spec": ["masters": ["eu-de-01"]]]) == "spec.masters[0]: expected an object, found a string")
        #expect(message(["spec": ["billingMode": 1.5]]) == "spec.billingMode: expected an integer, found a number")
        #expect(
            message(["spec": ["billingMode": 1e30]])
                == "spec.billingMode: expected an integer in the range of Int, found 1e+30")
        #expect(message(["metadata": "x"]) == "metadata: expected an object, found a string")
        #expect(message(["status": ["endpoints": "x"]]) == "status.endpoints: expected an object, found a string")
        #expect(message(["spec": ["ipv6enable": "true"]]) == "spec.ipv6enable: expected a boolean, found a string")
        #expect(message([1]) == "expected an object, found an array")
        // Text that is not JSON at all.
        #expect(throws: ModelDecodingError.self) { try Cluster(jsonBytes: Array("{".utf8)) }
    }

    @Test func nullKnownFieldsDecodeAsAbsent() throws {
        let cluster = try Cluster(json: ["kind": nil, "spec": ["flavor": nil]])
        #expect(cluster.kind == nil)
        #expect(cluster.spec?.flavor == nil)
    }

    @Test func foundationCodersWorkToo() throws {
        let data = Data(ModelFixtures.otcCreateResponse.utf8)
        let cluster = try JSONDecoder().decode(Cluster.self, from: data)
        #expect(cluster == (try Cluster(json: JSONValue.parse(ModelFixtures.otcCreateResponse))))
        let encoded = try JSONEncoder().encode(cluster)
        #expect(try JSONValue.parse(Array(encoded)) == JSONValue.parse(ModelFixtures.otcCreateResponse))
        // Foundation gives members in hash order; maps sort them so the result is stable.
        let meta = try JSONDecoder().decode(
            ClusterMetadata.self, from: Data(#"{"annotations":{"b":"1","a":"2","c":"3"}}"#.utf8))
        #expect(meta.annotations?.keys == ["a", "b", "c"])
        // And a Foundation error still becomes a path-naming one.
        do {
            _ = try JSONDecoder().decode(Cluster.self, from: Data(#"{"spec":{"hostNetwork":{"vpc":5}}}"#.utf8))
            Issue.record("decoded a number as a string")
        } catch let error as DecodingError {
            #expect(ModelDecodingError(error).path == "spec.hostNetwork.vpc")
        }
    }

    @Test func privateKeyNeverPrinted() {
        let proxy = AuthenticatingProxy(ca: "Q0E=", cert: "Q0VSVA==", privateKey: "U0VDUkVUS0VZ")
        let cluster = Cluster(
            spec: ClusterSpec(authentication: Authentication(mode: "authenticating_proxy", authenticatingProxy: proxy)))
        for text in [
            proxy.description, String(describing: proxy), String(reflecting: proxy), String(describing: cluster),
            String(reflecting: cluster),
        ] {
            #expect(!text.contains("U0VDUkVUS0VZ"))
        }
        var dumped = ""
        dump(cluster, to: &dumped)
        #expect(!dumped.contains("U0VDUkVUS0VZ"))
        // The wire form still carries it, of course.
        #expect(cluster.json["spec"]?["authentication"]?["authenticatingProxy"]?["privateKey"] == "U0VDUkVUS0VZ")
    }

    @Test func stringMapKeepsNonStringValues() throws {
        let meta = try ClusterMetadata(json: ["annotations": ["a": "1", "b": 2, "c": ["x"]]])
        let annotations = try #require(meta.annotations)
        #expect(annotations["a"] == "1")
        #expect(annotations["b"] == "2")
        #expect(annotations["c"] == nil)
        #expect(annotations.nonStringKeys == ["b", "c"])
        #expect(meta.json == ["annotations": ["a": "1", "b": 2, "c": ["x"]]])
        // Decoding keeps the wire order.
        #expect(annotations.keys == ["a", "b", "c"])
    }

    @Test func legacySingleConditionObjectDecodes() throws {
        let value: JSONValue = [
            "status": ["phase": "Available", "conditions": ["type": "ClusterCertificate", "status": "False"]]
        ]
        let cluster = try Cluster(json: value)
        #expect(cluster.status?.conditions?.count == 1)
        #expect(cluster.status?.conditions?.first?.type == "ClusterCertificate")
        #expect(cluster.json == value)
    }

    @Test func quotasDecodeInBothShapes() throws {
        // PYCCE schema: a list.
        let list: JSONValue = ["quotas": [["quotaKey": "cluster", "quotaLimit": 20, "used": 13, "unit": "count"]]]
        let a = try QuotaList(json: list)
        #expect(a.quotas?.resources.first?.quotaLimit == 20)
        #expect(a.json == list)
        // OTC documentation example: wrapped in `resources`.
        let wrapped: JSONValue = [
            "quotas": [
                "resources": [
                    ["quotaKey": "cluster", "quotaLimit": 5, "used": 1, "unit": "count", "regionId": "eu-de"]
                ]
            ]
        ]
        let b = try QuotaList(json: wrapped)
        #expect(b.quotas?.resources.first?.used == 1)
        #expect(b.quotas?.resources.first?.regionId == "eu-de")
        #expect(b.json == wrapped)
    }

    @Test func malformedDocEndpointsListStillYieldsURLs() throws {
        // The OTC docs' example shows `[{"Internal": …}, {"External": …}]`; WIRE.md says ignore
        // it, but reading it costs nothing and it round-trips either way.
        let value: JSONValue = [
            "endpoints": [["Internal": "https://10.0.0.1:5443"], ["External": "https://1.2.3.4:5443"]]
        ]
        let status = try ClusterStatus(json: value)
        #expect(status.endpoints?.internalURL == "https://10.0.0.1:5443")
        #expect(status.endpoints?.externalURL == "https://1.2.3.4:5443")
        #expect(status.json == value)
    }
}
