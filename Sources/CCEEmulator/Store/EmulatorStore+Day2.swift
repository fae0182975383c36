import CCECore
import Foundation
import GRDB

/// Day-2 writes: updates and operations, each decided inside one write transaction so that
/// two concurrent requests cannot both pass a phase or uniqueness check.
extension EmulatorStore {
    /// What a change decided.
    enum ChangeOutcome: Sendable {
        /// The row as written, and whether it changed (`before` is the row as it was).
        case changed(before: ClusterRecord, after: ClusterRecord)
        case refused(status: Int, body: JSONValue)
        case notFound
    }

    /// What a change sees besides the row: the other live clusters of the project.
    struct ChangeContext {
        let others: [ClusterRecord]
    }

    /// Applies `change` to the live cluster `uid` and writes the result (with `job`, when the
    /// change starts one). `change` returns the new row, or a refusal.
    func change(
        project: String, uid: String, now: Double, job: JobRecord? = nil,
        _ change: @escaping @Sendable (ClusterRecord, ChangeContext) -> Result<ClusterRecord, Refusal>
    ) async throws -> ChangeOutcome {
        try await db.write { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT \(ClusterRecord.columns) FROM clusters WHERE uid = ? AND \(Self.live)"),
                    arguments: [uid, project, now])
            else { return .notFound }
            let record = ClusterRecord(row: row)
            let others = try Row.fetchAll(
                db.cachedStatement(
                    sql:
                        "SELECT \(ClusterRecord.columns) FROM clusters "
                        + "WHERE \(Self.live) AND uid != ? AND delete_job IS NULL"
                ),
                arguments: [project, now, uid]
            ).map(ClusterRecord.init(row:))
            switch change(record, ChangeContext(others: others)) {
            case .failure(let refusal):
                return .refused(status: refusal.status, body: refusal.body)
            case .success(let after):
                try db.execute(
                    sql: """
                        UPDATE clusters SET document = ?, alias = ?, version = ?, deletion_protection = ?,
                            operation = ?,
                            operation_started = ?, operation_ends = ?, updated_at = ? WHERE uid = ?
                        """,
                    arguments: [
                        after.document, after.alias, after.version, after.deletionProtection, after.operation,
                        after.operationStarted, after.operationEnds, after.updatedAt, uid,
                    ])
                if let job { try Self.insert(job, db) }
                return .changed(before: record, after: after)
            }
        }
    }

    /// A change refused with the service's error answer.
    struct Refusal: Error, Sendable {
        var status: Int
        var body: JSONValue
        init(_ answer: (Int, JSONValue)) {
            status = answer.0
            body = answer.1
        }
    }
}
