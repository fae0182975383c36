import CCECore
import Foundation
import Testing

@testable import CCEEmulator

/// PUT /clusters/{id}, hibernate/awake/resize, delete options and the response fields of
/// WIRE.md §1.3/§3.2 (Day2Routes.swift).
@Suite("Emulator day 2") struct EmulatorDay2Tests {
    /// A harness with one Available cluster (create takes 10 s on its manual clock).
    func ready(_ name: String = "day-two") async throws -> (Harness, String) {
        let h = try Harness()
        let (uid, _) = try await h.create(name)
        h.clock.advance(by: 11)
        return (h, uid)
    }

    @Test("PUT: updatable fields change, 200 with the full cluster; the change shows on GET")
    func updateAppliesTheUpdatableFields() async throws {
        let (h, uid) = try await ready()
        let reply = await h.send(
            "PUT", "/clusters/\(uid)",
            body: [
                "spec": [
                    "description": "new words", "customSan": ["example.com", "10.1.2.3"],
                    "containerNetwork": ["cidrs": [["cidr": "172.30.0.0/16"]]],
                    "hostNetwork": ["SecurityGroup": "sg-new"], "deletionProtection": true,
                    "secretConfig": ["disableDefaultAddonCredSecret": true],
                ],
                "metadata": ["alias": "day-two-alias"],
            ])
        #expect(reply.status == 200, "\(reply.json)")
        #expect(reply.json["kind"] == "Cluster" && reply.json["status"]?["phase"] == "Available")
        let shown = await h.send("GET", "/clusters/\(uid)").json
        #expect(shown["spec"]?["description"] == "new words")
        #expect(shown["spec"]?["customSan"] == ["example.com", "10.1.2.3"])
        #expect(shown["spec"]?["containerNetwork"]?["cidrs"] == [["cidr": "172.16.0.0/16"], ["cidr": "172.30.0.0/16"]])
        #expect(shown["spec"]?["hostNetwork"]?["SecurityGroup"] == "sg-new")
        #expect(shown["spec"]?["hostNetwork"]?["vpc"] != nil, "the rest of hostNetwork is kept")
        #expect(shown["spec"]?["deletionProtection"] == true)
        #expect(shown["spec"]?["secretConfig"]?["disableDefaultAddonCredSecret"] == true)
        #expect(shown["metadata"]?["alias"] == "day-two-alias")
        // deletionProtection is enforced from now on.
        #expect(await h.send("DELETE", "/clusters/\(uid)").status == 403)
    }

    @Test("PUT: anything else is the service's 400 and the cluster is unchanged")
    func updateRefusesOtherFields() async throws {
        let (h, uid) = try await ready()
        let before = await h.send("GET", "/clusters/\(uid)").json
        for body: JSONValue in [
            ["spec": ["flavor": "cce.s2.small"]],
            ["spec": ["description": "ok", "version": "v1.30"]],
            ["spec": ["hostNetwork": ["vpc": "other"]]],
            ["metadata": ["alias": "fine-alias"]],
            ["spec": ["description": "bad <chars>"]],
            ["spec": [:], "metadata": ["name": "renamed"]],
        ] {
            let reply = await h.send("PUT", "/clusters/\(uid)", body: body)
            #expect(reply.status == 400 && reply.errorCode == "CCE.01400001", "\(body): \(reply.status) \(reply.json)")
        }
        let message = await h.send("PUT", "/clusters/\(uid)", body: ["spec": ["flavor": "cce.s2.small"]]).json[
            "message"]
        #expect(message?.stringValue?.contains("spec.flavor") == true)
        #expect(await h.send("GET", "/clusters/\(uid)").json == before)
    }

    @Test("PUT: container CIDRs only grow and may not overlap; ENI subnets keep the old ones; aliases are unique")
    func updateChecksState() async throws {
        let (h, uid) = try await ready()
        let overlap = await h.send(
            "PUT", "/clusters/\(uid)", body: ["spec": ["containerNetwork": ["cidrs": [["cidr": "172.16.128.0/17"]]]]])
        #expect(overlap.status == 400 && overlap.errorCode == "CCE.01400005", "\(overlap.json)")
        _ = try await h.create("other-one")
        h.clock.advance(by: 11)
        let taken = await h.send("PUT", "/clusters/\(uid)", body: ["spec": [:], "metadata": ["alias": "other-one"]])
        #expect(taken.status == 409)
        _ = await h.send("PUT", "/clusters/\(uid)", body: ["spec": ["eniNetwork": ["subnets": [["subnetID": "s-1"]]]]])
        let dropped = await h.send(
            "PUT", "/clusters/\(uid)", body: ["spec": ["eniNetwork": ["subnets": [["subnetID": "s-2"]]]]])
        #expect(dropped.status == 400, "\(dropped.json)")
        let unknown = await h.send(
            "PUT", "/clusters/00000000-0000-1000-8000-000000000000", body: ["spec": ["description": "x"]])
        #expect(unknown.status == 404)
    }

    @Test("hibernate → 200 no body, Hibernating → Hibernation; no delete; awake → Awaking → Available")
    func hibernateAndAwake() async throws {
        let (h, uid) = try await ready()
        let hib = await h.send("POST", "/clusters/\(uid)/operation/hibernate")
        #expect(hib.status == 200 && hib.response.body.isEmpty)
        #expect(await h.send("GET", "/clusters/\(uid)").json["status"]?["phase"] == "Hibernating")
        #expect(await h.send("POST", "/clusters/\(uid)/operation/hibernate").status == 403)
        h.clock.advance(by: 11)
        let hibernated = await h.send("GET", "/clusters/\(uid)").json
        #expect(hibernated["status"]?["phase"] == "Hibernation")
        #expect(hibernated["status"]?["endpoints"] == nil)
        let delete = await h.send("DELETE", "/clusters/\(uid)")
        #expect(delete.status == 403 && delete.json["message"]?.stringValue?.contains("Hibernation") == true)
        #expect(try h.router.clusterAcceptsNodeOperations(project: testProject, clusterID: uid)?.0 == 403)
        let awake = await h.send("POST", "/clusters/\(uid)/operation/awake")
        #expect(awake.status == 200 && awake.response.body.isEmpty)
        #expect(await h.send("GET", "/clusters/\(uid)").json["status"]?["phase"] == "Awaking")
        h.clock.advance(by: 11)
        #expect(await h.send("GET", "/clusters/\(uid)").json["status"]?["phase"] == "Available")
        #expect(try h.router.clusterAcceptsNodeOperations(project: testProject, clusterID: uid) == nil)
        #expect(await h.send("POST", "/clusters/\(uid)/operation/awake").status == 403)
        #expect(await h.send("POST", "/clusters/\(uid)/operation/reboot").status == 404)
    }

    @Test(
        "resize: 201 {jobID, orderID}, Resizing, job Success, new flavor; only upsizing, same masters"
    )
    func resize() async throws {
        let (h, uid) = try await ready()
        for target in ["cce.s2.large", "cce.s1.small", "cce.x9.huge"] {
            let refused = await h.send(
                "POST", "/clusters/\(uid)/operation/resize", body: ["flavorResize": .string(target)])
            #expect(refused.status == 400, "\(target): \(refused.json)")
        }
        #expect(await h.send("POST", "/clusters/\(uid)/operation/resize", body: [:]).status == 400)
        let reply = await h.send("POST", "/clusters/\(uid)/operation/resize", body: ["flavorResize": "cce.s1.medium"])
        #expect(reply.status == 201)
        let jobID = try #require(reply.json["jobID"]?.stringValue)
        #expect(reply.json["orderID"] == "")
        let during = await h.send("GET", "/clusters/\(uid)").json
        #expect(during["status"]?["phase"] == "Resizing" && during["spec"]?["flavor"] == "cce.s1.medium")
        h.clock.advance(by: 11)
        let job = await h.send("GET", "/jobs/\(jobID)").json
        #expect(job["status"]?["phase"] == "Success" && job["spec"]?["clusterUID"]?.stringValue == uid)
        #expect(await h.send("GET", "/clusters/\(uid)").json["status"]?["phase"] == "Available")
    }

    @Test("delete options are echoed as delete-<value>; lts_reclaim_policy is accepted")
    func deleteOptionsAreEchoed() async throws {
        let (h, uid) = try await ready()
        let reply = await h.send(
            "DELETE", "/clusters/\(uid)",
            query: [
                ("delete_evs", "true"), ("delete_net", "false"), ("delete_eni", "try"), ("delete_obs", "block"),
                ("delete_sfs", "skip"), ("lts_reclaim_policy", "Retain"),
            ])
        #expect(reply.status == 200)
        let options = reply.json["status"]?["deleteOption"]
        #expect(options?["delete_evs"] == "delete-true" && options?["delete_net"] == "delete-false")
        #expect(options?["delete_eni"] == "delete-try" && options?["delete_obs"] == "delete-block")
        #expect(options?["delete_sfs"] == "delete-skip" && options?["delete_efs"] == "delete-skip")
    }

    @Test(
        "responses: labels, ipv6enable, SecurityGroup, publicAccess, cpuManagerPolicy; GET adds az, supportIstio"
    )
    func responseFields() async throws {
        let h = try Harness()
        var body = minimalCluster("fields-one")
        body["metadata"]?["labels"] = ["team": "a"]
        let created = await h.send("POST", "/clusters", body: body).json
        #expect(created["metadata"]?["labels"] == ["team": "a"])
        let spec = try #require(created["spec"])
        #expect(spec["ipv6enable"] == false)
        #expect(spec["publicAccess"] == ["cidrs": ["0.0.0.0/0"]])
        #expect(spec["extendParam"]?["kubernetes.io/cpuManagerPolicy"] == "none")
        #expect((spec["hostNetwork"]?["SecurityGroup"]?.stringValue ?? "").count == 36)
        #expect(spec["az"] == nil, "az is returned only for a query")
        let uid = try #require(created["metadata"]?["uid"]?.stringValue)
        h.clock.advance(by: 11)
        let shown = await h.send("GET", "/clusters/\(uid)").json
        #expect(shown["spec"]?["az"] == "eu-de-01" && shown["spec"]?["supportIstio"] == true)
        #expect(shown["metadata"]?["labels"] == ["team": "a"])
    }

    @Test(
        "a container CIDR overlapping another cluster's in the VPC: allowed by default, 400 CCE.01400005 or reselected")
    func containerCIDRConflicts() async throws {
        func body(_ name: String, _ cidr: String, vpc: String = "vpc-a") -> JSONValue {
            var b = minimalCluster(name)
            b["spec"]?["hostNetwork"]?["vpc"] = .string(vpc)
            b["spec"]?["containerNetwork"] = ["mode": "vpc-router", "cidr": .string(cidr)]
            return b
        }
        let strict = try Harness { $0.containerCIDRConflicts = .reject }
        #expect(await strict.send("POST", "/clusters", body: body("first-one", "10.0.0.0/16")).status == 201)
        let clash = await strict.send("POST", "/clusters", body: body("second-one", "10.0.128.0/17"))
        #expect(clash.status == 400 && clash.errorCode == "CCE.01400005", "\(clash.json)")
        #expect(
            await strict.send("POST", "/clusters", body: body("third-one", "10.0.0.0/16", vpc: "vpc-b")).status == 201)
        #expect(await strict.send("POST", "/clusters", body: body("fourth-one", "10.1.0.0/16")).status == 201)
        let open = try Harness()
        #expect(await open.send("POST", "/clusters", body: body("first-one", "172.16.0.0/16")).status == 201)
        let same = await open.send("POST", "/clusters", body: body("second-one", "172.16.0.0/16"))
        #expect(same.status == 201 && same.json["spec"]?["containerNetwork"]?["cidr"] == "172.16.0.0/16")
        let relaxed = try Harness { $0.containerCIDRConflicts = .reselect }
        #expect(await relaxed.send("POST", "/clusters", body: body("first-one", "172.16.0.0/16")).status == 201)
        let moved = await relaxed.send("POST", "/clusters", body: body("second-one", "172.16.0.0/16"))
        #expect(moved.status == 201)
        #expect(moved.json["spec"]?["containerNetwork"]?["cidr"] == "172.17.0.0/16")
        #expect(moved.json["spec"]?["containerNetwork"]?["cidrs"] == [["cidr": "172.17.0.0/16"]])
        #expect(
            EmulatorConfiguration.fromEnvironment(["CCE_EMULATOR_CIDR_CONFLICTS": "reject"]).containerCIDRConflicts
                == .reject)
    }
}
