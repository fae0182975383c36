import CCECore
import Foundation
import GRDB

/// One cluster row. `document` is the canonical cluster body (metadata + spec, no status);
/// phases are not stored but computed from the times here and the clock.
struct ClusterRecord: Sendable, Equatable {
    var uid: String
    var project: String
    var name: String
    var alias: String
    var type: String
    var version: String
    var document: String
    var createdAt: Double
    /// When the creation job ends (success or failure).
    var readyAt: Double
    var createJob: String
    /// Why creation fails, decided when the cluster is created (`--job-failure-rate`).
    var failure: String?
    var deletionProtection: Bool
    var deleteJob: String?
    var deleteStarted: Double?
    /// When the deletion job ends and the cluster disappears (404).
    var goneAt: Double?
    /// The DELETE response's `deleteOption` object, as JSON text.
    var deleteOptions: String?
    /// The last day-2 operation (`hibernate`, `awake`, `resize`; see ClusterPhase.swift) and
    /// when it started and ends.
    var operation: String?
    var operationStarted: Double?
    var operationEnds: Double?
    /// When an update last changed the document.
    var updatedAt: Double?

    /// The columns `init(row:)` reads, by position (name lookups cost more than the query).
    static let columns = """
        uid, project, name, alias, type, version, document, created_at, ready_at, create_job, failure,
        deletion_protection, delete_job, delete_started, gone_at, delete_options,
        operation, operation_started, operation_ends, updated_at
        """

    init(row: Row) {
        uid = row[0]
        project = row[1]
        name = row[2]
        alias = row[3]
        type = row[4]
        version = row[5]
        document = row[6]
        createdAt = row[7]
        readyAt = row[8]
        createJob = row[9]
        failure = row[10]
        deletionProtection = row[11]
        deleteJob = row[12]
        deleteStarted = row[13]
        goneAt = row[14]
        deleteOptions = row[15]
        operation = row[16]
        operationStarted = row[17]
        operationEnds = row[18]
        updatedAt = row[19]
    }

    init(
        uid: String, project: String, name: String, alias: String, type: String, version: String, document: String,
        createdAt: Double, readyAt: Double, createJob: String, failure: String?, deletionProtection: Bool
    ) {
        self.uid = uid
        self.project = project
        self.name = name
        self.alias = alias
        self.type = type
        self.version = version
        self.document = document
        self.createdAt = createdAt
        self.readyAt = readyAt
        self.createJob = createJob
        self.failure = failure
        self.deletionProtection = deletionProtection
    }
}

/// One job row. Sub-jobs are `[{"type":…,"uid":…}]` as JSON text; their phases are computed too.
struct JobRecord: Sendable, Equatable {
    var uid: String
    var project: String
    var type: String
    var clusterUID: String
    var resourceName: String
    var startedAt: Double
    var finishAt: Double
    var failure: String?
    var subJobs: String
    /// The parent job (`spec.ownerJob`, §7) of a sub-job kept as a job of its own.
    var ownerJob: String? = nil

    static let columns =
        "uid, project, type, cluster_uid, resource_name, started_at, finish_at, failure, sub_jobs, owner_job"

    init(row: Row) {
        uid = row[0]
        project = row[1]
        type = row[2]
        clusterUID = row[3]
        resourceName = row[4]
        startedAt = row[5]
        finishAt = row[6]
        failure = row[7]
        subJobs = row[8]
        ownerJob = row[9]
    }

    init(
        uid: String, project: String, type: String, clusterUID: String, resourceName: String, startedAt: Double,
        finishAt: Double, failure: String?, subJobs: String, ownerJob: String? = nil
    ) {
        self.ownerJob = ownerJob
        self.uid = uid
        self.project = project
        self.type = type
        self.clusterUID = clusterUID
        self.resourceName = resourceName
        self.startedAt = startedAt
        self.finishAt = finishAt
        self.failure = failure
        self.subJobs = subJobs
    }
}

/// The emulator's state in SQLite. Reads are synchronous (an indexed lookup takes
/// microseconds, less than a thread hop); writes go through GRDB's async writer so a busy
/// writer never blocks the few cooperative threads.
/// Files use a WAL `DatabasePool` (a committed create
/// survives `kill -9`); `:memory:` a `DatabaseQueue`. Every decision that must not race
/// (quota, duplicate names, delete) runs inside one write transaction, and SQLite serialises
/// writers, so parallel creates can neither exceed the quota nor lose a row.
final class EmulatorStore: Sendable {
    let db: any DatabaseWriter

    init(storage: EmulatorConfiguration.Storage) throws {
        var config = Configuration()
        config.label = "cce-emulator"
        // Another process (a second `cce serve`, the REPL) may hold the file briefly.
        config.busyMode = .timeout(10)
        switch storage {
        case .memory:
            db = try DatabaseQueue(configuration: config)
        case .file(let path):
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            config.prepareDatabase { db in
                // WAL + NORMAL: a commit survives a process crash; only power loss can undo the last ones.
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            db = try DatabasePool(path: path, configuration: config)
        }
        try Self.migrator.migrate(db)
    }

    private static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE clusters (
                        id INTEGER PRIMARY KEY,
                        uid TEXT NOT NULL UNIQUE,
                        project TEXT NOT NULL,
                        name TEXT NOT NULL,
                        alias TEXT NOT NULL,
                        type TEXT NOT NULL,
                        version TEXT NOT NULL,
                        document TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        ready_at REAL NOT NULL,
                        create_job TEXT NOT NULL,
                        failure TEXT,
                        deletion_protection INTEGER NOT NULL DEFAULT 0,
                        delete_job TEXT,
                        delete_started REAL,
                        gone_at REAL,
                        delete_options TEXT
                    );
                    CREATE INDEX clusters_project ON clusters(project, gone_at);
                    CREATE TABLE jobs (
                        uid TEXT PRIMARY KEY,
                        project TEXT NOT NULL,
                        type TEXT NOT NULL,
                        cluster_uid TEXT NOT NULL,
                        resource_name TEXT NOT NULL,
                        started_at REAL NOT NULL,
                        finish_at REAL NOT NULL,
                        failure TEXT,
                        sub_jobs TEXT NOT NULL
                    );
                    """)
        }
        // Lookups that stay O(log n) however many clusters a load test leaves behind: names,
        // aliases, and a per-project count of clusters not being deleted (the quota).
        m.registerMigration("v2-indexes-and-usage") { db in
            try db.execute(
                sql: """
                    CREATE INDEX clusters_name ON clusters(name);
                    CREATE INDEX clusters_alias ON clusters(alias);
                    CREATE TABLE project_usage (project TEXT PRIMARY KEY, active INTEGER NOT NULL);
                    INSERT INTO project_usage (project, active)
                        SELECT project, COUNT(*) FROM clusters WHERE delete_job IS NULL GROUP BY project;
                    """)
        }
        // (project, name) rather than (name): with only the latter, SQLite preferred the
        // project index and scanned every cluster of the project on each create.
        m.registerMigration("v3-project-name-indexes") { db in
            try db.execute(
                sql: """
                    DROP INDEX IF EXISTS clusters_name;
                    DROP INDEX IF EXISTS clusters_alias;
                    CREATE INDEX clusters_project_name ON clusters(project, name);
                    CREATE INDEX clusters_project_alias ON clusters(project, alias);
                    """)
        }
        // Day 2: the running or last operation (hibernate/awake/resize) and the update time.
        m.registerMigration("v4-day2-operations") { db in
            try db.execute(
                sql: """
                    ALTER TABLE clusters ADD COLUMN operation TEXT;
                    ALTER TABLE clusters ADD COLUMN operation_started REAL;
                    ALTER TABLE clusters ADD COLUMN operation_ends REAL;
                    ALTER TABLE clusters ADD COLUMN updated_at REAL;
                    """)
        }
        // Nodes and node pools (WIRE-LIFECYCLE §1–3). Like clusters, phases are computed from
        // these times; a deletion sets `gone_at`, after which the row is invisible.
        m.registerMigration("v5-nodes-and-pools") { db in
            try db.execute(
                sql: """
                    CREATE TABLE nodes (
                        uid TEXT PRIMARY KEY,
                        project TEXT NOT NULL,
                        cluster_uid TEXT NOT NULL,
                        pool_uid TEXT,
                        name TEXT NOT NULL,
                        document TEXT NOT NULL,
                        private_ip TEXT NOT NULL,
                        server_id TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        ready_at REAL NOT NULL,
                        create_job TEXT NOT NULL,
                        delete_job TEXT,
                        delete_started REAL,
                        gone_at REAL,
                        updated_at REAL
                    );
                    CREATE INDEX nodes_cluster ON nodes(cluster_uid, gone_at);
                    CREATE INDEX nodes_pool ON nodes(pool_uid, gone_at);
                    CREATE TABLE node_pools (
                        uid TEXT PRIMARY KEY,
                        project TEXT NOT NULL,
                        cluster_uid TEXT NOT NULL,
                        name TEXT NOT NULL,
                        document TEXT NOT NULL,
                        target INTEGER NOT NULL,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        job TEXT,
                        delete_job TEXT,
                        delete_started REAL,
                        gone_at REAL
                    );
                    CREATE INDEX node_pools_cluster ON node_pools(cluster_uid, gone_at);
                    """)
        }
        // The cluster's own CA (PEM certificate and PKCS#8 key), made at the first clustercert
        // request and kept for the cluster's life, so every kubeconfig it hands out verifies
        // against the same authority.
        m.registerMigration("v6-cluster-ca") { db in
            try db.execute(
                sql: """
                    ALTER TABLE clusters ADD COLUMN ca_certificate TEXT;
                    ALTER TABLE clusters ADD COLUMN ca_key TEXT;
                    """)
        }
        // Why a node's creation fails (`--job-failure-rate`), decided when it is created.
        m.registerMigration("v7-node-failures") { db in
            try db.execute(sql: "ALTER TABLE nodes ADD COLUMN failure TEXT")
        }
        // The parent of a sub-job kept as a job of its own (a node batch's `CreateNode`), which
        // `GET /jobs/{id}` shows as `spec.ownerJob` (WIRE-LIFECYCLE §7).
        m.registerMigration("v8-job-owner") { db in
            try db.execute(sql: "ALTER TABLE jobs ADD COLUMN owner_job TEXT")
        }
        return m
    }

    /// Rows still visible at `now`: not deleted, or deleted but the deletion job is still running.
    static let live = "project = ? AND (gone_at IS NULL OR gone_at > ?)"

    enum CreateOutcome: Sendable, Equatable {
        case created
        /// A live cluster already uses this name or alias.
        case duplicate(String)
        case quotaExceeded(used: Int, limit: Int)
        /// `check` refused it (a container CIDR conflict).
        case refused(status: Int, body: JSONValue)
        /// `check` changed it (a container CIDR reselected): the row as written.
        case createdAs(ClusterRecord)
    }

    /// Inserts the cluster and its creation job unless the name is taken or the project is full.
    /// `check`, when given, sees the project's other live clusters inside the transaction and
    /// may refuse the cluster or change it.
    func create(
        cluster proposed: ClusterRecord, job: JobRecord, quota: Int, now: Double,
        check: (@Sendable (ClusterRecord, [ClusterRecord]) -> Result<ClusterRecord, Refusal>)? = nil
    ) async throws -> CreateOutcome {
        try await db.write { db in
            var cluster = proposed
            for column in ["name", "alias"] {
                let taken = try String.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT name FROM clusters WHERE \(column) IN (?, ?) AND \(Self.live) LIMIT 1"),
                    arguments: [cluster.name, cluster.alias, cluster.project, now])
                if let taken { return .duplicate(taken) }
            }
            let used = try Self.used(project: cluster.project, now: now, db)
            if used >= quota { return .quotaExceeded(used: used, limit: quota) }
            if let check {
                let others = try Row.fetchAll(
                    db.cachedStatement(
                        sql: "SELECT \(ClusterRecord.columns) FROM clusters WHERE \(Self.live) AND delete_job IS NULL"),
                    arguments: [cluster.project, now]
                ).map(ClusterRecord.init(row:))
                switch check(cluster, others) {
                case .failure(let refusal): return .refused(status: refusal.status, body: refusal.body)
                case .success(let checked): cluster = checked
                }
            }
            try db.cachedStatement(
                sql: """
                    INSERT INTO clusters (uid, project, name, alias, type, version, document, created_at, ready_at,
                        create_job, failure, deletion_protection)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(
                arguments: [
                    cluster.uid, cluster.project, cluster.name, cluster.alias, cluster.type, cluster.version,
                    cluster.document,
                    cluster.createdAt, cluster.readyAt, cluster.createJob, cluster.failure, cluster.deletionProtection,
                ])
            try Self.insert(job, db)
            try db.cachedStatement(
                sql:
                    "INSERT INTO project_usage (project, active) VALUES (?, 1) ON CONFLICT(project) DO UPDATE SET "
                    + "active = active + 1"
            ).execute(arguments: [cluster.project])
            return cluster == proposed ? .created : .createdAs(cluster)
        }
    }

    /// Clusters that count against the quota at `now`: those not being deleted, plus those
    /// whose deletion has not finished yet.
    private static func used(project: String, now: Double, _ db: Database) throws -> Int {
        let active =
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT active FROM project_usage WHERE project = ?"), arguments: [project])
            ?? 0
        let leaving =
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM clusters WHERE project = ? AND gone_at > ?"),
                arguments: [project, now]) ?? 0
        return active + leaving
    }

    /// How many clusters count against the quota at `now`.
    func used(project: String, now: Double) throws -> Int {
        try db.read { db in try Self.used(project: project, now: now, db) }
    }

    static func insert(_ job: JobRecord, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO jobs (uid, project, type, cluster_uid, resource_name, started_at, finish_at, failure,
                    sub_jobs, owner_job)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                job.uid, job.project, job.type, job.clusterUID, job.resourceName, job.startedAt, job.finishAt,
                job.failure,
                job.subJobs, job.ownerJob,
            ])
    }

    /// The cluster `uid` of `project`, unless it is gone at `now`.
    func cluster(project: String, uid: String, now: Double) throws -> ClusterRecord? {
        // One statement is atomic on its own; skipping the BEGIN/COMMIT pair of `read` halves the cost.
        try db.unsafeRead { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(ClusterRecord.columns) FROM clusters WHERE uid = ? AND \(Self.live)"),
                arguments: [uid, project, now]
            )
            .map(ClusterRecord.init(row:))
        }
    }

    /// Every cluster of `project` visible at `now`, oldest first.
    func clusters(project: String, now: Double) throws -> [ClusterRecord] {
        // One statement is atomic on its own; skipping the BEGIN/COMMIT pair of `read` halves the cost.
        try db.unsafeRead { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT \(ClusterRecord.columns) FROM clusters WHERE \(Self.live) ORDER BY id"),
                arguments: [project, now]
            )
            .map(ClusterRecord.init(row:))
        }
    }

    func job(project: String, uid: String) throws -> JobRecord? {
        // One statement is atomic on its own; skipping the BEGIN/COMMIT pair of `read` halves the cost.
        try db.unsafeRead { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(JobRecord.columns) FROM jobs WHERE uid = ? AND project = ?"),
                arguments: [uid, project]
            )
            .map(JobRecord.init(row:))
        }
    }

    enum DeleteOutcome: Sendable, Equatable {
        /// The deletion started; the record as it was just before.
        case started(ClusterRecord)
        /// A deletion is already running; nothing changed.
        case alreadyDeleting(ClusterRecord)
        case notFound
        case protected(ClusterRecord)
        /// Hibernating or hibernated: the service refuses to delete it (WIRE-LIFECYCLE §6).
        case hibernated(ClusterRecord, phase: String)
    }

    /// Starts deleting the cluster: records the deletion job and when the cluster disappears.
    func beginDelete(project: String, uid: String, job: JobRecord, options: String, now: Double) async throws
        -> DeleteOutcome
    {
        try await db.write { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT \(ClusterRecord.columns) FROM clusters WHERE uid = ? AND \(Self.live)"),
                    arguments: [uid, project, now])
            else { return .notFound }
            let record = ClusterRecord(row: row)
            if record.deleteJob != nil { return .alreadyDeleting(record) }
            if record.deletionProtection { return .protected(record) }
            let phase = record.phase(at: now)
            if phase == "Hibernating" || phase == "Hibernation" { return .hibernated(record, phase: phase) }
            // The CA's private key goes at once: nothing signs for a cluster being deleted, and
            // the row outlives it. The certificate is public and stays.
            try db.execute(
                sql: """
                    UPDATE clusters SET delete_job = ?, delete_started = ?, gone_at = ?, delete_options = ?,
                        ca_key = NULL
                    WHERE uid = ?
                    """,
                arguments: [job.uid, job.startedAt, job.finishAt, options, uid])
            try db.execute(sql: "UPDATE project_usage SET active = active - 1 WHERE project = ?", arguments: [project])
            try Self.insert(job, db)
            // The cluster takes its nodes and pools with it: they are Deleting now and gone
            // when it is (unless already going sooner).
            for table in ["nodes", "node_pools"] {
                try db.execute(
                    sql: """
                        UPDATE \(table) SET delete_job = COALESCE(delete_job, ?),
                            delete_started = COALESCE(delete_started, ?), gone_at = MIN(COALESCE(gone_at, ?), ?)
                        WHERE cluster_uid = ? AND (gone_at IS NULL OR gone_at > ?)
                        """,
                    arguments: [job.uid, job.startedAt, job.finishAt, job.finishAt, uid, now])
            }
            return .started(record)
        }
    }
}
