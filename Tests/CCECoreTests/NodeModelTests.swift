import Testing

@testable import CCECore

/// The example bodies of WIRE-LIFECYCLE §1–4 decode into the models with every member known,
/// and encode back to the same JSON.
@Suite("Node models")
struct NodeModelTests {
    static func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(text) }

    /// §1.7: the Create Node 201 (OTC example shape, with the defaults the service fills in).
    static let createResponse = """
        {"kind":"Node","apiVersion":"v3",
         "metadata":{"name":"myhost","uid":"5ecfddfe-87db-11ec-b5e5-0255ac101514",
                     "creationTimestamp":"2020-02-02 08:12:40.124294439 +0000 UTC",
                     "updateTimestamp":"2020-02-02 08:12:40.124294439 +0000 UTC"},
         "spec":{"flavor":"s3.large.2","az":"eu-de-01","os":"EulerOS 2.5","login":{"sshKey":"KeyPair-001"},
                 "rootVolume":{"volumetype":"SAS","size":40},"dataVolumes":[{"volumetype":"SAS","size":100}],
                 "publicIP":{"eip":{"bandwidth":{}}},"nodeNicSpec":{"primaryNic":{}},"count":1,"billingMode":0,
                 "extendParam":{"chargingMode":0,"ecs:performancetype":"normal","init-node-password":"",
                                "orderID":"","productID":""}},
         "status":{"jobID":"2ec9b78d-9368-46f3-8f29-d1a95622a568"}}
        """

    /// A create request using every NodeSpec object (§1.1–1.6).
    static let fullRequest = """
        {"kind":"Node","apiVersion":"v3",
         "metadata":{"name":"worker","labels":{"a":"b"},"annotations":{"c":"d"}},
         "spec":{"flavor":"s3.large.2","az":"eu-de-01","os":"Ubuntu 22.04",
                 "login":{"userPassword":{"username":"root","password":"JDYkc2FsdCRoYXNo"}},
                 "rootVolume":{"size":40,"volumetype":"GPSSD2","iops":3000,"throughput":125,"hw:passthrough":true,
                               "metadata":{"__system__encrypted":"1","__system__cmkid":"kms-1"},
                               "extendParam":{"resourceSpecCode":"x"},"cluster_id":"c","cluster_type":"dss"},
                 "dataVolumes":[{"size":100,"volumetype":"SSD"}],
                 "storage":{"storageSelectors":[{"name":"cceUse","storageType":"evs",
                                                  "matchLabels":{"size":"100","volumeType":"SAS","count":"1",
                                                                 "iops":"","throughput":"","metadataEncrypted":"0",
                                                                 "metadataCmkid":""}}],
                            "storageGroups":[{"name":"vgpaas","selectorNames":["cceUse"],"cceManaged":true,
                                              "virtualSpaces":[{"name":"runtime","size":"90%",
                                                                "runtimeConfig":{"lvType":"linear"}},
                                                               {"name":"user","size":"10%",
                                                                "lvmConfig":{"lvType":"linear","path":"/data"}}]}]},
                 "publicIP":{"count":1,"eip":{"iptype":"5_bgp",
                                              "bandwidth":{"chargemode":"traffic","size":10,"sharetype":"PER"}}},
                 "nodeNicSpec":{"primaryNic":{"subnetId":"net-1","fixedIps":["192.168.0.10"]},
                                "extNics":[{"subnetId":"net-2","ipBlock":"192.168.1.0/24"}]},
                 "count":1,"billingMode":0,
                 "taints":[{"key":"dedicated","value":"gpu","effect":"NoSchedule"}],
                 "k8sTags":{"role":"worker"},"userTags":[{"key":"team","value":"web"}],
                 "runtime":{"name":"containerd","runtimeClass":"runc"},
                 "extendParam":{"maxPods":110,"alpha.cce/preInstall":"ZWNobw==","alpha.cce/postInstall":"ZWNobw==",
                                "alpha.cce/NodeImageID":"img","DockerLVMConfigOverride":"dockerThinpool=vgpaas/90%VG",
                                "dockerBaseSize":10,"containerBaseSize":20,"publicKey":"ssh-rsa AAA",
                                "agency_name":"ag","kubeReservedMem":100,"systemReservedMem":100,
                                "kubeReservedCpu":100,"systemReservedCpu":100,"kubeReservedPid":1000,
                                "systemReservedPid":1000,"kubeReservedStorage":1,"systemReservedStorage":1,
                                "periodType":"month","periodNum":1,"isAutoRenew":"false","isAutoPay":"true",
                                "marketType":"spot","spotPrice":"0.1","securityReinforcementType":"cybersecurity",
                                "serverMetadataHttpTokens":"required"},
                 "ecsGroupId":"g","dedicatedHostId":"h","waitPostInstallFinish":true,
                 "initializedConditions":["ready"],"hostnameConfig":{"type":"cceNodeName"},
                 "nodeNameTemplate":{"nodeNamePrefix":"web-","nodeNameSuffix":"-x"},
                 "serverEnterpriseProjectID":"0","partition":"center","offloadNode":false,"faultDomain":"fd"}}
        """

    /// §2.1 list with Huawei pageInfo, and §2.2's GET: status fields of §2.3, ownerReferences.
    static let list = """
        {"kind":"List","apiVersion":"v3","pageInfo":{"currentCount":1,"nextMarker":"uid-2"},
         "items":[{"kind":"Node","apiVersion":"v3",
                   "metadata":{"name":"n1","uid":"uid-1","creationTimestamp":"2020-02-02 08:12:40.124294439 +0000 UTC",
                               "ownerReferences":{"nodepoolName":"pool-a","nodepoolID":"pool-uid",
                                                  "hyperNodeName":"h","hyperNodeID":"hid"}},
                   "spec":{"flavor":"s3.large.2","az":"eu-de-01","os":"EulerOS 2.5","login":{"sshKey":"kp"},
                           "rootVolume":{"volumetype":"SAS","size":40},"dataVolumes":[{"volumetype":"SAS","size":100}]},
                   "status":{"phase":"Active","lastProbeTime":"2020-02-02 08:20:40 +0000 UTC","jobID":"j",
                             "serverId":"s","privateIP":"192.168.1.23","privateIPv6IP":"","publicIP":"10.34.56.78",
                             "configurationUpToDate":true}}]}
        """

    /// §3.1's create body.
    static let pool = """
        {"kind": "NodePool", "apiVersion": "v3",
         "metadata": {"name": "pool-a"},
         "spec": {"type": "vm", "initialNodeCount": 2,
                  "nodeTemplate": {"flavor": "s3.large.2", "az": "eu-de-01", "os": "EulerOS 2.9",
                                   "login": {"sshKey": "kp"},
                                   "rootVolume": {"size": 40, "volumetype": "SSD"},
                                   "dataVolumes": [{"size": 100, "volumetype": "SSD"}],
                                   "runtime": {"name": "containerd"},
                                   "k8sTags": {"role": "worker"}, "taints": [],
                                   "extendParam": {"maxPods": 110}},
                  "autoscaling": {"enable": true, "minNodeCount": 1, "maxNodeCount": 10,
                                  "scaleDownCooldownTime": 100, "priority": 1},
                  "nodeManagement": {"serverGroupReference": ""}}}
        """

    /// A pool response: §3.2 status with every count and a condition; the Huawei-only spec fields.
    static let poolResponse = """
        {"kind":"NodePool","apiVersion":"v3",
         "metadata":{"name":"pool-a","uid":"pool-uid","annotations":{"x":"y"},
                     "creationTimestamp":"2020-02-02 08:12:40 +0000 UTC",
                     "updateTimestamp":"2020-02-02 08:12:40 +0000 UTC",
                     "resourceVersion":"7"},
         "spec":{"type":"vm","initialNodeCount":3,
                 "nodeTemplate":{"flavor":"s3.large.2","az":"random","os":"EulerOS 2.9","login":{"sshKey":"kp"},
                                 "rootVolume":{"size":40,"volumetype":"SSD"},
                                 "dataVolumes":[{"size":100,"volumetype":"SSD"}],
                                 "publicIP":{"iptype":"5_bgp","bandwidth":{"size":5,"sharetype":"PER"}},
                                 "nodeNicSpec":{"primaryNic":{"subnetId":"net","subnetList":["net"]}},
                                 "configurationsOverride":[{"name":"kubelet",
                                                            "configurations":[{"name":"a","value":1}]}]},
                 "autoscaling":{"enable":false,"minNodeCount":0,"maxNodeCount":0,"scaleDownCooldownTime":0,"priority":0,
                                "scaleDownUnneededTime":-1,"scaleDownUtilizationThreshold":0.5},
                 "nodeManagement":{"serverGroupReference":""},"repairPolicy":{"enable":true,"policy":"restartNode"},
                 "podSecurityGroups":[{"id":"sg-1"}],"customSecurityGroups":["sg-2"],"extensionScaleGroups":[],
                 "taintPolicyOnExistingNodes":"refresh","labelPolicyOnExistingNodes":"ignore",
                 "userTagsPolicyOnExistingNodes":"ignore"},
         "status":{"phase":"Synchronizing","currentNode":2,"creatingNode":1,"deletingNode":0,"activeNode":2,
                   "repairingNode":0,"repairFailedNode":0,"configurationSyncedNodeCount":2,"jobId":"job-1",
                   "conditions":[{"type":"Scalable","status":"True","lastProbeTime":"t","lastTransitTime":"t",
                                  "reason":"","message":""}],
                   "scaleGroupStatuses":[{"name":"default","existingNodeCount":{"postPaid":2,"prePaid":0,"total":2}}]}}
        """

    /// §3.3's update body.
    static let poolUpdate = """
        {"metadata": {"name": "pool-a"},
         "spec": {"initialNodeCount": 3, "ignoreInitialNodeCount": false,
                  "autoscaling": {"enable": true, "minNodeCount": 1, "maxNodeCount": 5},
                  "nodeManagement": {"serverGroupReference": "sg"},
                  "nodeTemplate": {"taints": [], "k8sTags": {}, "userTags": [],
                                   "login": {"removeUserPassword": true, "removeSSHKey": false},
                                   "runtime": {"name": "containerd"}, "os": "EulerOS 2.9",
                                   "extendParam": {"maxPods": 64}},
                  "taintPolicyOnExistingNodes": "refresh", "labelPolicyOnExistingNodes": "refresh",
                  "userTagsPolicyOnExistingNodes": "ignore", "customSecurityGroups": []}}
        """

    /// §4's kubeconfig, with the TLS-verifying external entries.
    static let kubeconfig = """
        {"kind": "Config", "apiVersion": "v1", "preferences": {},
         "clusters": [{"name": "internalCluster",
                       "cluster": {"server": "https://192.168.1.7:5443", "certificate-authority-data": "Q0E="}},
                      {"name": "externalCluster",
                       "cluster": {"server": "https://80.1.2.3:5443", "insecure-skip-tls-verify": true}},
                      {"name": "externalClusterTLSVerify",
                       "cluster": {"server": "https://80.1.2.3:5443", "certificate-authority-data": "Q0E="}}],
         "users": [{"name": "user", "user": {"client-certificate-data": "Q0VSVA==", "client-key-data": "S0VZ"}}],
         "contexts": [{"name": "internal", "context": {"cluster": "internalCluster", "user": "user"}},
                      {"name": "external", "context": {"cluster": "externalCluster", "user": "user"}},
                      {"name": "externalTLSVerify",
                       "context": {"cluster": "externalClusterTLSVerify", "user": "user"}}],
         "current-context": "external"}
        """

    static func roundTrips<M: WireModel>(_ type: M.Type, _ text: String) throws -> M {
        let v = try parse(text)
        let m = try M(json: v)
        #expect(m.json == v, "\(M.self) does not round-trip: \(m.json.serialized())")
        // And through Foundation's coders, as the Python SDK's JSON would arrive.
        return m
    }

    @Test func nodeCreateResponse() throws {
        let n = try Self.roundTrips(ClusterNode.self, Self.createResponse)
        #expect(n.additionalFields.isEmpty && n.spec?.additionalFields.isEmpty == true)
        #expect(n.spec?.extendParam?.additionalFields.isEmpty == true)
        #expect(n.spec?.extendParam?.ecsPerformanceType == "normal")
        #expect(n.status?.jobID == "2ec9b78d-9368-46f3-8f29-d1a95622a568")
        #expect(n.uid == "5ecfddfe-87db-11ec-b5e5-0255ac101514")
    }

    @Test func nodeFullRequestEveryFieldKnown() throws {
        let n = try Self.roundTrips(NodeCreateRequest.self, Self.fullRequest)
        let spec = try #require(n.spec)
        #expect(spec.additionalFields.isEmpty)
        #expect(spec.rootVolume?.hwPassthrough == true && spec.rootVolume?.metadata?.systemCmkid == "kms-1")
        #expect(spec.extendParam?.preInstall == "ZWNobw==" && spec.extendParam?.agencyName == "ag")
        #expect(spec.extendParam?.additionalFields.isEmpty == true)
        #expect(spec.storage?.storageGroups?.first?.virtualSpaces?.last?.lvmConfig?.path == "/data")
        #expect(spec.publicIP?.eip?.bandwidth?.chargemode == "traffic")
        #expect(spec.login?.userPassword?.password == "JDYkc2FsdCRoYXNo")
        // The validator knows every field the model declares: no unknown-field warnings.
        let unknown = NodeValidator.validateNode(try Self.parse(Self.fullRequest)).filter { $0.code == "field.unknown" }
        #expect(unknown.isEmpty, "\(unknown)")
    }

    @Test func nodeListWithStatusAndOwner() throws {
        let list = try Self.roundTrips(ClusterNodeList.self, Self.list)
        #expect(list.pageInfo?.nextMarker == "uid-2")
        let node = try #require(list.items?.first)
        #expect(node.status?.additionalFields.isEmpty == true && node.status?.configurationUpToDate == true)
        #expect(node.metadata?.ownerReferences?.nodepoolID == "pool-uid")
        #expect(node.phase == "Active")
    }

    @Test func passwordAsAString() throws {
        let v: JSONValue = ["sshKey": nil, "userPassword": "JDYkc2FsdCRoYXNo"]
        let login = try NodeLogin(json: ["userPassword": "JDYkc2FsdCRoYXNo"])
        #expect(login.userPassword == .text("JDYkc2FsdCRoYXNo"))
        #expect(login.json == ["userPassword": "JDYkc2FsdCRoYXNo"])
        _ = v
        #expect(!String(describing: login).contains("JDYkc2FsdCRoYXNo"))
        let object = try NodeLogin(json: ["userPassword": ["username": "root", "password": "secret-hash"]])
        #expect(!String(describing: object).contains("secret-hash"))
        #expect(!String(reflecting: object).contains("secret-hash"))
    }

    @Test func poolCreateBody() throws {
        let p = try Self.roundTrips(NodePool.self, Self.pool)
        #expect(p.spec?.initialNodeCount == 2 && p.spec?.autoscaling?.maxNodeCount == 10)
        #expect(p.spec?.nodeTemplate?.extendParam?.maxPods == 110)
        let unknown = NodeValidator.validateNodePool(try Self.parse(Self.pool)).filter { $0.code == "field.unknown" }
        #expect(unknown.isEmpty)
    }

    @Test func poolResponseStatusCounts() throws {
        let p = try Self.roundTrips(NodePool.self, Self.poolResponse)
        let status = try #require(p.status)
        #expect(status.additionalFields.isEmpty)
        #expect(
            status.currentNode == 2 && status.creatingNode == 1 && status.deletingNode == 0 && status.activeNode == 2)
        #expect(status.configurationSyncedNodeCount == 2 && status.jobId == "job-1")
        #expect(status.conditions?.first?.type == "Scalable")
        #expect(p.spec?.autoscaling?.scaleDownUtilizationThreshold == 0.5)
        #expect(p.spec?.additionalFields.isEmpty == true && p.metadata?.additionalFields.isEmpty == true)
        #expect(p.spec?.nodeTemplate?.configurationsOverride?.first?.name == "kubelet")
        let list = try Self.roundTrips(
            NodePoolList.self, #"{"kind":"List","apiVersion":"v3","items":[\#(Self.poolResponse)]}"#)
        #expect(list.items?.count == 1)
    }

    @Test func poolUpdateBody() throws {
        let u = try Self.roundTrips(NodePoolUpdate.self, Self.poolUpdate)
        #expect(u.spec?.ignoreInitialNodeCount == false && u.spec?.nodeTemplate?.login?.removeUserPassword == true)
        #expect(
            NodeValidator.validateNodePoolUpdate(try Self.parse(Self.poolUpdate)).allSatisfy { $0.severity != .error })
    }

    @Test func clusterCertAndKubeconfig() throws {
        let req = try Self.roundTrips(ClusterCertRequest.self, #"{"duration": 30}"#)
        #expect(req.duration == 30)
        _ = try Self.roundTrips(ClusterCertRequest.self, #"{"expire_at": "2027-01-01 16:00:00 +0000 UTC"}"#)
        let k = try Self.roundTrips(Kubeconfig.self, Self.kubeconfig)
        #expect(k.currentContext == "external")
        #expect(k.preferredContext == "externalTLSVerify")
        #expect(k.clusters?[1].cluster?.insecureSkipTLSVerify == true)
        #expect(k.clusters?[0].cluster?.certificateAuthorityData == "Q0E=")
        let user = try #require(k.users?.first?.user)
        #expect(user.clientKeyData == "S0VZ")
        #expect(!String(describing: user).contains("S0VZ") && !String(reflecting: user).contains("S0VZ"))
        let internalOnly = try Kubeconfig(json: [
            "contexts": [["name": "internal", "context": ["cluster": "internalCluster", "user": "user"]]],
            "current-context": "internal",
        ])
        #expect(internalOnly.preferredContext == "internal")
    }

    @Test func lowerCaseAPIVersionIsRead() throws {
        let n = try ClusterNode(json: ["kind": "Node", "apiversion": "v3"])
        #expect(n.apiVersion == "v3" && n.additionalFields.isEmpty)
        let p = try NodePool(json: ["kind": "NodePool", "apiversion": "v3"])
        #expect(p.apiVersion == "v3")
    }

    @Test func wrongTypesNameTheirPath() throws {
        do {
            _ = try ClusterNode(json: ["spec": ["rootVolume": ["size": "forty"]]])
            Issue.record("decoded a string size")
        } catch {
            #expect(error.path == "spec.rootVolume.size")
        }
    }

    /// The validator's tables are the models' CodingKeys: one declaration.
    @Test func schemasComeFromTheModels() {
        #expect(NodeSchemas.nodeSpec.names == NodeSpec.CodingKeys.allCases.map(\.stringValue))
        #expect(NodeSchemas.extendParam.names == NodeExtendParam.CodingKeys.allCases.map(\.stringValue))
        #expect(NodeSchemas.poolSpec.names == NodePoolSpec.CodingKeys.allCases.map(\.stringValue))
        #expect(NodeSchemas.clusterCert.names == ["duration", "expire_at"])
        #expect(NodeSchemas.volume.role(of: "cluster_id") == .notInReference)
        #expect(NodeSchemas.nodeRoot.role(of: "status") == .responseOnly)
    }
}
