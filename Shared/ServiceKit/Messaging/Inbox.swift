import EventHandling
import Foundation
import GRDB

/// The service's record of events it has finished handling, keyed by CloudEvents `source` + `id`,
/// so a redelivered event has no second effect. It also counts redeliveries that never finished,
/// which catches an event that crashes the service every time (classic queues have no delivery
/// limit): after `poisonLimit` unfinished tries it goes to the dead-letter queue.
///
/// The SQLite `InboxStore`: one table, three statements in SQL that PostgreSQL runs as well.
public final class Inbox: InboxStore {
    private let database: DatabaseQueue

    /// Opens (and creates or migrates) `<directory>/<name>.inbox.sqlite`.
    public init(directory: URL, name: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.journalMode = .wal
        database = try DatabaseQueue(path: directory.appendingPathComponent("\(name).inbox.sqlite").path, configuration: configuration)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "inbox") { table in
                table.column("source", .text).notNull()
                table.column("id", .text).notNull()
                table.column("type", .text).notNull()
                table.column("attempts", .integer).notNull().defaults(to: 0)
                table.column("processed_at", .datetime)
                table.primaryKey(["source", "id"])
            }
        }
        try migrator.migrate(database)
    }

    /// True when this event was handled to the end before.
    public func isProcessed(source: String, id: String) throws -> Bool {
        try database.read { db in
            try Bool.fetchOne(db, sql: "SELECT processed_at IS NOT NULL FROM inbox WHERE source = ? AND id = ?", arguments: [source, id]) ?? false
        }
    }

    /// Notes one more try of an event the broker redelivered; returns how many unfinished tries there were.
    public func recordRedelivery(source: String, id: String, type: String) throws -> Int {
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO inbox (source, id, type, attempts) VALUES (?, ?, ?, 1)
                ON CONFLICT (source, id) DO UPDATE SET attempts = attempts + 1
                """, arguments: [source, id, type])
            return try Int.fetchOne(db, sql: "SELECT attempts FROM inbox WHERE source = ? AND id = ?", arguments: [source, id]) ?? 1
        }
    }

    public func markProcessed(source: String, id: String, type: String) throws {
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO inbox (source, id, type, processed_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)
                ON CONFLICT (source, id) DO UPDATE SET processed_at = CURRENT_TIMESTAMP
                """, arguments: [source, id, type])
        }
    }
}
