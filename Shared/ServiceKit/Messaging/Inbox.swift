import EventHandling
import Foundation
import GRDB
import SQLiteStorage

/// The service's record of events it has finished handling, keyed by CloudEvents `source` + `id`,
/// so a redelivered event has no second effect. It also counts redeliveries that never finished,
/// which catches an event that crashes the service every time (classic queues have no delivery
/// limit): after `poisonLimit` unfinished tries it goes to the dead-letter queue.
///
/// The SQLite `InboxStore`: one table, three statements in SQL that PostgreSQL runs as well.
/// Every call goes through GRDB's async API (its own thread, never a cooperative one), and every
/// commit is durable (`DurableDatabase`). The statements are `InboxTable`'s, which a store that
/// keeps its inbox in its own database (insights) runs inside its transactions.
public final class Inbox: InboxStore {
    private let database: DatabaseQueue

    /// Opens (and creates or migrates) `<directory>/<name>.inbox.sqlite`.
    public init(directory: URL, name: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = try DurableDatabase.queue(path: directory.appendingPathComponent("\(name).inbox.sqlite").path)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in try InboxTable.create(in: db) }
        try migrator.migrate(database)
    }

    /// True when this event was handled to the end before.
    public func isProcessed(source: String, id: String) async throws -> Bool {
        try await database.read { db in try InboxTable.isProcessed(source: source, id: id, in: db) }
    }

    /// Notes one more try of an event the broker redelivered; returns how many unfinished tries there were.
    public func recordRedelivery(source: String, id: String, type: String) async throws -> Int {
        try await database.write { db in try InboxTable.recordRedelivery(source: source, id: id, type: type, in: db) }
    }

    public func markProcessed(source: String, id: String, type: String) async throws {
        try await database.write { db in try InboxTable.markProcessed(source: source, id: id, type: type, in: db) }
    }
}
