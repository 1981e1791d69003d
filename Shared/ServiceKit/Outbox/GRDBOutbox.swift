import Codec
import Foundation
import GRDB
import SQLiteStorage

/// The outbox in SQLite (GRDB): table `outbox` in the database of the store whose changes cause
/// the events, so a change and its events commit in one transaction. A store registers the
/// table's migrations in its own `DatabaseMigrator` (`registerMigrations(in:)`), which adds the
/// table in place to an existing database; a service without a store of its own opens one with
/// `init(path:)`.
///
/// The SQL is standard where a standard form exists (`ON CONFLICT … DO NOTHING`, partial indexes,
/// `LIMIT`), so the PostgreSQL implementation (see `OutboxStore`) differs in column types and in
/// how several relays claim rows, not in the statements.
public struct GRDBOutbox: OutboxStore {
    public typealias Transaction = Database

    public let database: any DatabaseWriter
    private let onPublished: (@Sendable (Database, [String]) throws -> Void)?

    /// An outbox in `database`, whose migrations have run (`registerMigrations(in:)`).
    /// `onPublished` runs inside the transaction that marks rows published, with their event ids:
    /// a store that keeps its own record of what went out (insights' flag history) updates it
    /// atomically with the outbox.
    public init(database: any DatabaseWriter, onPublished: (@Sendable (Database, [String]) throws -> Void)? = nil) {
        self.database = database
        self.onPublished = onPublished
    }

    /// Opens (creating or migrating) an outbox database of its own at `path`, in WAL mode with
    /// `synchronous=FULL`: a row the relay marks, or a state change the caller commits, is on
    /// disk before anything is acknowledged.
    public init(path: String) throws {
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        let pool = try DurableDatabase.pool(path: path)
        var migrator = DatabaseMigrator()
        Self.registerMigrations(in: &migrator)
        try migrator.migrate(pool)
        self.init(database: pool)
    }

    /// Registers the `outbox` table's migrations (named `outbox-…`, so they sit beside a store's
    /// own) in the store's migrator, after the store's existing ones.
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("outbox-v1") { db in
            try db.create(table: "outbox") { table in
                table.autoIncrementedPrimaryKey("position")
                table.column("event_id", .text).notNull().unique()
                table.column("event_type", .text).notNull()
                table.column("subject", .text).notNull()
                table.column("body", .blob).notNull()
                // Seconds since 1970.
                table.column("created_at", .double).notNull()
                table.column("not_before", .double)
                table.column("published_at", .double)
            }
            try db.execute(sql: "CREATE INDEX outbox_pending ON outbox (position) WHERE published_at IS NULL")
            try db.execute(sql: "CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL")
        }
    }

    public func append(_ messages: [OutboxMessage], at now: Date, in db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO outbox (event_id, event_type, subject, body, created_at, not_before) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (event_id) DO NOTHING
            """)
        for message in messages {
            try statement.execute(arguments: [
                message.event.id, message.event.routingKey, message.subject, EventCodec.encode(message.event),
                now.timeIntervalSince1970, message.notBefore?.timeIntervalSince1970,
            ])
        }
    }

    public func due(at now: Date, limit: Int) async throws -> [OutboxRecord] {
        try await database.read { db in try due(at: now, limit: limit, in: db) }
    }

    /// `due(at:limit:)` inside a transaction of the caller's.
    public func due(at now: Date, limit: Int, in db: Database) throws -> [OutboxRecord] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT position, event_id, event_type, subject, body, created_at, not_before FROM outbox
                WHERE published_at IS NULL AND (not_before IS NULL OR not_before <= ?)
                ORDER BY position LIMIT ?
                """,
            arguments: [now.timeIntervalSince1970, max(0, limit)]
        ).map { row in
            OutboxRecord(
                position: row["position"], eventID: row["event_id"], eventType: row["event_type"], subject: row["subject"], body: row["body"],
                createdAt: Date(timeIntervalSince1970: row["created_at"]), notBefore: (row["not_before"] as Double?).map(Date.init(timeIntervalSince1970:)))
        }
    }

    public func markPublished(_ eventIDs: [String], at now: Date) async throws {
        guard !eventIDs.isEmpty else { return }
        try await database.write { db in try markPublished(eventIDs, at: now, in: db) }
    }

    /// `markPublished(_:at:)` inside a transaction of the caller's (also runs `onPublished`).
    public func markPublished(_ eventIDs: [String], at now: Date, in db: Database) throws {
        let statement = try db.cachedStatement(sql: "UPDATE outbox SET published_at = ? WHERE event_id = ? AND published_at IS NULL")
        for id in eventIDs {
            try statement.execute(arguments: [now.timeIntervalSince1970, id])
        }
        try onPublished?(db, eventIDs)
    }

    public func prunePublished(before date: Date) async throws -> Int {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < ?", arguments: [date.timeIntervalSince1970])
            return db.changesCount
        }
    }
}
