import Foundation
import GRDB
import Model
import SQLiteStorage

/// The summary service's own SQLite database (GRDB): the session facts it folds (booking,
/// outcome, feedback with its key phrases, scored sentiment, transcript notes, pre-session form,
/// each with the `EventOrder` of the event it came from), the mentor's approved text, and the
/// current summary and agenda of each session with the event that last caused them.
///
/// Every event is applied in one write transaction, so concurrent events of one session see each
/// other's effects and a crash leaves either all or nothing of an event.
public final class SummaryStore: Sendable {
    let database: DatabaseQueue
    /// Where async callers run the engine's blocking store work (see `SummaryEngine.applyOffThePool`).
    let blockingWork = BlockingWorkQueue(label: "mentorflow.summary.store")

    /// Opens (creates, migrates) `<directory>/<name>.sqlite`.
    public init(directory: URL, name: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = try DurableDatabase.queue(path: directory.appendingPathComponent("\(name).sqlite").path)
        try Self.migrator.migrate(database)
    }

    /// A database in memory, for the offline CLI and tests.
    public init() throws {
        database = try DatabaseQueue()
        try Self.migrator.migrate(database)
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try database.write(body)
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try database.read(body)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "booking") { t in
                t.primaryKey("session_id", .text)
                t.column("program", .text).notNull()
                t.column("batch", .text).notNull()
                t.column("mentor_id", .text).notNull()
                t.column("mentor_name", .text).notNull()
                t.column("learner_id", .text).notNull()
                t.column("learner_name", .text).notNull()
                t.column("session_type", .text).notNull()
                t.column("scheduled_at", .double).notNull()
                t.column("scheduled_duration_min", .integer).notNull()
                t.column("pm_cluster", .text).notNull()
            }
            try db.create(index: "booking_learner", on: "booking", columns: ["learner_id", "scheduled_at"])
            try db.create(index: "booking_batch", on: "booking", columns: ["batch", "scheduled_at"])
            try db.create(table: "outcome") { t in
                t.primaryKey("session_id", .text)
                t.column("status", .text).notNull()
                t.column("actual_duration_min", .integer)
                t.column("learner_attended", .text).notNull()
                t.column("mentor_prep", .text).notNull()
                t.column("follow_up", .boolean).notNull()
                t.column("reason", .text)
                t.column("new_scheduled_at", .double)
            }
            try db.create(table: "feedback") { t in
                t.primaryKey("session_id", .text)
                t.column("rating", .integer)
                t.column("comment", .text).notNull()
                t.column("key_phrases", .text).notNull()
            }
            try db.create(table: "sentiment") { t in
                t.primaryKey("session_id", .text)
                t.column("label", .text).notNull()
                t.column("aspects", .text).notNull()
                t.column("feedback_missing", .boolean).notNull()
            }
            try db.create(table: "transcript") { t in
                t.primaryKey("session_id", .text)
                t.column("text", .text).notNull()
                t.column("read_with_names", .boolean).notNull()
                t.column("highlights", .text).notNull()
                t.column("action_items", .text).notNull()
                t.column("key_phrases", .text).notNull()
            }
            try db.create(table: "prework") { t in
                t.primaryKey("session_id", .text)
                t.column("expectations", .text).notNull()
                t.column("topics", .text).notNull()
                t.column("blockers", .text).notNull()
            }
            try db.create(table: "approval") { t in
                t.primaryKey("session_id", .text)
                t.column("mentor_id", .text).notNull()
                t.column("text", .text).notNull()
                t.column("key_phrases", .text).notNull()
                t.column("action_items", .text).notNull()
                t.column("highlights", .text).notNull()
            }
            try db.create(table: "summary") { t in
                t.primaryKey("session_id", .text)
                t.column("version", .integer).notNull()
                t.column("status", .text).notNull()
                t.column("text", .text).notNull()
                t.column("key_phrases", .text).notNull()
                t.column("action_items", .text).notNull()
                t.column("highlights", .text).notNull()
                t.column("cause", .text).notNull()
            }
            try db.create(table: "agenda") { t in
                t.primaryKey("session_id", .text)
                t.column("revision", .integer).notNull()
                t.column("items", .text).notNull()
                t.column("checklist", .text).notNull()
                t.column("first_session", .boolean).notNull()
                t.column("cause", .text).notNull()
            }
        }
        migrator.registerMigration("v2: event order of facts, reviewed version of approvals") { db in
            // Facts are replaced only by an event that sorts later (`FactOrder`); rows from v1 have
            // no order and are replaced by the next event.
            for table in ["outcome", "feedback", "sentiment", "transcript", "prework", "approval"] {
                try db.alter(table: table) { t in
                    t.add(column: "event_time", .double)
                    t.add(column: "event_type", .text)
                    t.add(column: "event_source", .text)
                    t.add(column: "event_id", .text)
                }
            }
            try db.alter(table: "approval") { t in t.add(column: "reviewed_version", .integer) }
        }
        return migrator
    }
}

/// JSON text columns for lists: small, readable with the sqlite3 shell.
enum JSONColumn {
    static func encode(_ strings: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(strings)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func strings(_ text: String?) -> [String] {
        guard let text else { return [] }
        return (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }

    static func encode(_ items: [ActionItem]) -> String {
        String(decoding: (try? JSONEncoder().encode(items)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func actionItems(_ text: String?) -> [ActionItem] {
        guard let text else { return [] }
        return (try? JSONDecoder().decode([ActionItem].self, from: Data(text.utf8))) ?? []
    }
}
