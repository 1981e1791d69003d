import GRDB

/// The inbox's table and statements on a `Database`, for a store that keeps its inbox inside its
/// own database so that an event's effect and its inbox mark commit in one transaction (the
/// insights store does). The SQL is the `Inbox`'s: plain, portable to PostgreSQL.
public enum InboxTable {
    /// Creates the `inbox` table (the same columns as the `Inbox` file's).
    public static func create(in db: Database) throws {
        try db.create(table: "inbox", options: .ifNotExists) { table in
            table.column("source", .text).notNull()
            table.column("id", .text).notNull()
            table.column("type", .text).notNull()
            table.column("attempts", .integer).notNull().defaults(to: 0)
            table.column("processed_at", .datetime)
            table.primaryKey(["source", "id"])
        }
    }

    /// True when this event was handled to the end before.
    public static func isProcessed(source: String, id: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT processed_at IS NOT NULL FROM inbox WHERE source = ? AND id = ?", arguments: [source, id]) ?? false
    }

    /// Notes one more try of a redelivered event; returns how many unfinished tries there were.
    public static func recordRedelivery(source: String, id: String, type: String, in db: Database) throws -> Int {
        try db.execute(sql: """
            INSERT INTO inbox (source, id, type, attempts) VALUES (?, ?, ?, 1)
            ON CONFLICT (source, id) DO UPDATE SET attempts = attempts + 1
            """, arguments: [source, id, type])
        return try Int.fetchOne(db, sql: "SELECT attempts FROM inbox WHERE source = ? AND id = ?", arguments: [source, id]) ?? 1
    }

    /// Notes that this event was handled to the end.
    public static func markProcessed(source: String, id: String, type: String, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO inbox (source, id, type, processed_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)
            ON CONFLICT (source, id) DO UPDATE SET processed_at = CURRENT_TIMESTAMP
            """, arguments: [source, id, type])
    }
}
