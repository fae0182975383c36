import CCECore
import Foundation
import GRDB

/// One node row. `document` is the node as the service keeps it (kind, apiVersion, metadata
/// without timestamps, spec with the defaults); the phase is computed from the times here.
struct NodeRecord: Sendable, Equatable {
    var uid: String
    var project: String
    var clusterUID: String
    /// The owning node pool, if any.
    var poolUID: String?
    var name: String
    var document: String
    var privateIP: String
    var serverID: String
    var createdAt: Double
    /// When the node becomes `Active` (and its creation job ends).
    var readyAt: Double
    var createJob: String
    var deleteJob: String?
    var deleteStarted: Double?
    /// When the deletion ends and the node disappears (404).
    var goneAt: Double?
    var updatedAt: Double?
    /// Why the creation fails (`--job-failure-rate`): the node is `Error` once it ends.
    var failure: String?

    static let columns = """
        uid, project, cluster_uid, pool_uid, name, document, private_ip, server_id, created_at, ready_at, create_job,
        delete_job, delete_started, gone_at, updated_at, failure
        """

    init(row: Row) {
        uid = row[0]
        project = row[1]
        clusterUID = row[2]
        poolUID = row[3]
        name = row[4]
        document = row[5]
        privateIP = row[6]
        serverID = row[7]
        createdAt = row[8]
        readyAt = row[9]
        createJob = row[10]
        deleteJob = row[11]
        deleteStarted = row[12]
        goneAt = row[13]
        updatedAt = row[14]
        failure = row[15]
    }

    init(
        uid: String, project: String, clusterUID: String, poolUID: String?, name: String, document: String,
        privateIP: String, serverID: String, createdAt: Double, readyAt: Double, createJob: String,
        failure: String? = nil
    ) {
        self.uid = uid
        self.project = project
        self.clusterUID = clusterUID
        self.poolUID = poolUID
        self.name = name
        self.document = document
        self.privateIP = privateIP
        self.serverID = serverID
        self.createdAt = createdAt
        self.readyAt = readyAt
        self.createJob = createJob
        self.failure = failure
    }

    /// WIRE-LIFECYCLE §2.3: `Build` while the ECS is made (the first half), `Installing`
    /// while CCE installs it, then `Active`; `Deleting` once a deletion started.
    func phase(at now: Double) -> String {
        if deleteStarted != nil { return "Deleting" }
        if now >= readyAt { return failure == nil ? "Active" : "Error" }
        return now < createdAt + (readyAt - createdAt) / 2 ? "Build" : "Installing"
    }

    /// When the phase at `now` began (`updateTimestamp`).
    func phaseChanged(at now: Double) -> Double {
        if let started = deleteStarted { return started }
        var last = createdAt
        if now >= readyAt {
            last = readyAt
        } else if now >= createdAt + (readyAt - createdAt) / 2 {
            last = createdAt + (readyAt - createdAt) / 2
        }
        return max(last, updatedAt ?? last)
    }

    /// Counts towards the pool and the cluster's node limit: not being deleted.
    var isStaying: Bool { deleteStarted == nil }
}

/// One node-pool row. `target` is the pool's `spec.initialNodeCount` (the live target,
/// WIRE-LIFECYCLE §3.1); the status counts are computed from the pool's nodes.
struct NodePoolRecord: Sendable, Equatable {
    var uid: String
    var project: String
    var clusterUID: String
    var name: String
    var document: String
    var target: Int
    var createdAt: Double
    var updatedAt: Double
    /// The job of the last scaling (`status.jobId`).
    var job: String?
    var deleteJob: String?
    var deleteStarted: Double?
    var goneAt: Double?

    static let columns = """
        uid, project, cluster_uid, name, document, target, created_at, updated_at, job, delete_job, delete_started,
        gone_at
        """

    init(row: Row) {
        uid = row[0]
        project = row[1]
        clusterUID = row[2]
        name = row[3]
        document = row[4]
        target = row[5]
        createdAt = row[6]
        updatedAt = row[7]
        job = row[8]
        deleteJob = row[9]
        deleteStarted = row[10]
        goneAt = row[11]
    }

    init(
        uid: String, project: String, clusterUID: String, name: String, document: String, target: Int,
        createdAt: Double
    ) {
        self.uid = uid
        self.project = project
        self.clusterUID = clusterUID
        self.name = name
        self.document = document
        self.target = target
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}

/// A write transaction over one live cluster's nodes and pools: what the node routes read and
/// change, so that the node limit, IP addresses and pool counts are decided without races.
struct NodeTransaction {
    let db: Database
    let cluster: ClusterRecord
    let now: Double

    /// The cluster's nodes still visible, oldest first.
    func nodes() throws -> [NodeRecord] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT \(NodeRecord.columns) FROM nodes WHERE cluster_uid = ? AND (gone_at IS NULL OR gone_at > ?)
                    ORDER BY created_at, rowid
                    """),
            arguments: [cluster.uid, now]
        ).map(NodeRecord.init(row:))
    }

    func pools() throws -> [NodePoolRecord] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT \(NodePoolRecord.columns) FROM node_pools
                    WHERE cluster_uid = ? AND (gone_at IS NULL OR gone_at > ?) ORDER BY created_at, rowid
                    """),
            arguments: [cluster.uid, now]
        ).map(NodePoolRecord.init(row:))
    }

    func insert(_ node: NodeRecord) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO nodes (uid, project, cluster_uid, pool_uid, name, document, private_ip, server_id,
                    created_at, ready_at, create_job, failure)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            node.uid, node.project, node.clusterUID, node.poolUID, node.name, node.document, node.privateIP,
            node.serverID, node.createdAt, node.readyAt, node.createJob, node.failure,
        ])
    }

    func insert(_ pool: NodePoolRecord) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO node_pools (uid, project, cluster_uid, name, document, target, created_at, updated_at, job)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            pool.uid, pool.project, pool.clusterUID, pool.name, pool.document, pool.target, pool.createdAt,
            pool.updatedAt, pool.job,
        ])
    }

    func insert(_ job: JobRecord) throws { try EmulatorStore.insert(job, db) }

    /// Starts deleting the nodes `uids` (those not already going): Deleting now, gone at `gone`.
    func delete(nodes uids: [String], job: String, gone: Double) throws {
        for uid in uids {
            try db.cachedStatement(
                sql: """
                    UPDATE nodes SET delete_job = ?, delete_started = ?, gone_at = ?
                    WHERE uid = ? AND delete_started IS NULL
                    """
            ).execute(arguments: [job, now, gone, uid])
        }
    }

    func rename(node uid: String, name: String, document: String) throws {
        try db.execute(
            sql: "UPDATE nodes SET name = ?, document = ?, updated_at = ? WHERE uid = ?",
            arguments: [name, document, now, uid])
    }

    func update(_ pool: NodePoolRecord) throws {
        try db.execute(
            sql: """
                UPDATE node_pools SET document = ?, target = ?, updated_at = ?, job = ?, delete_job = ?,
                    delete_started = ?, gone_at = ? WHERE uid = ?
                """,
            arguments: [
                pool.document, pool.target, pool.updatedAt, pool.job, pool.deleteJob, pool.deleteStarted, pool.goneAt,
                pool.uid,
            ])
    }
}

/// A refusal thrown out of a node transaction, so that GRDB rolls back whatever the
/// transaction wrote before it refused.
private struct NodeRefusal: Error {
    var answer: WireAnswer
}

extension EmulatorStore {
    /// Runs `body` in one write transaction over the live cluster `uid`; nil when there is none.
    /// A `.failure` (a refusal) rolls the transaction back: a refused request changes nothing,
    /// whatever it wrote before it found out.
    func nodeWrite<T: Sendable>(
        project: String, cluster uid: String, now: Double,
        _ body: @escaping @Sendable (NodeTransaction) throws -> Result<T, WireAnswer>
    ) async throws -> Result<T, WireAnswer>? {
        do {
            return try await db.write { db -> Result<T, WireAnswer>? in
                guard
                    let row = try Row.fetchOne(
                        db.cachedStatement(
                            sql: "SELECT \(ClusterRecord.columns) FROM clusters WHERE uid = ? AND \(Self.live)"),
                        arguments: [uid, project, now])
                else { return nil }
                switch try body(NodeTransaction(db: db, cluster: ClusterRecord(row: row), now: now)) {
                case .success(let value): return .success(value)
                case .failure(let answer): throw NodeRefusal(answer: answer)
                }
            }
        } catch let refusal as NodeRefusal {
            return .failure(refusal.answer)
        }
    }

    /// The live nodes of cluster `cluster`, oldest first.
    func nodes(project: String, cluster: String, now: Double) throws -> [NodeRecord] {
        try db.unsafeRead { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(NodeRecord.columns) FROM nodes
                        WHERE cluster_uid = ? AND project = ? AND (gone_at IS NULL OR gone_at > ?)
                        ORDER BY created_at, rowid
                        """),
                arguments: [cluster, project, now]
            ).map(NodeRecord.init(row:))
        }
    }

    /// The live node `uid` of cluster `cluster`.
    func node(project: String, cluster: String, uid: String, now: Double) throws -> NodeRecord? {
        try db.unsafeRead { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT \(NodeRecord.columns) FROM nodes
                        WHERE uid = ? AND cluster_uid = ? AND project = ? AND (gone_at IS NULL OR gone_at > ?)
                        """),
                arguments: [uid, cluster, project, now]
            ).map(NodeRecord.init(row:))
        }
    }

    func pools(project: String, cluster: String, now: Double) throws -> [NodePoolRecord] {
        try db.unsafeRead { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(NodePoolRecord.columns) FROM node_pools
                        WHERE cluster_uid = ? AND project = ? AND (gone_at IS NULL OR gone_at > ?)
                        ORDER BY created_at, rowid
                        """),
                arguments: [cluster, project, now]
            ).map(NodePoolRecord.init(row:))
        }
    }

    /// The cluster's CA as (PEM certificate, PEM key), made by `make` the first time and kept.
    /// nil when the cluster is not there.
    func clusterCA(
        project: String, cluster uid: String, now: Double,
        make: @escaping @Sendable () throws -> (certificate: String, key: String)
    ) async throws -> (certificate: String, key: String)? {
        try await db.write { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT ca_certificate, ca_key FROM clusters WHERE uid = ? AND \(Self.live)"),
                    arguments: [uid, project, now])
            else { return nil }
            if let certificate: String = row[0], let key: String = row[1] { return (certificate, key) }
            let made = try make()
            try db.execute(
                sql: "UPDATE clusters SET ca_certificate = ?, ca_key = ? WHERE uid = ?",
                arguments: [made.certificate, made.key, uid])
            return made
        }
    }
}
