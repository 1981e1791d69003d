import Codec
import Foundation
import GRDB
import Model
import Synchronization
import Testing
import ServiceKit

/// The SQLite outbox on real files: rows exist only if the writer's transaction commits, come
/// back due in write order and at their not-before time, stop being due once marked, are pruned
/// after the retention, and an existing database gains the table in place.
@Suite struct GRDBOutboxTests {
    let start = OutboxFixtures.start

    func flagged(_ id: String, _ session: String, level: FlagLevel = .red) -> CloudEvent {
        OutboxFixtures.flagged(id, session: session, level: level)
    }

    @Test func aRolledBackTransactionLeavesNoRow() throws {
        let outbox = try GRDBOutbox(path: OutboxFixtures.temporaryPath())
        struct StateChangeFailed: Error {}
        #expect(throws: StateChangeFailed.self) {
            try outbox.database.write { db in
                try db.execute(sql: "CREATE TABLE state (value TEXT)")
                try db.execute(sql: "INSERT INTO state VALUES ('changed')")
                try outbox.append([OutboxMessage(flagged("e-1", "S-1"))], at: start, in: db)
                throw StateChangeFailed()
            }
        }
        #expect(try outbox.database.read { db in try outbox.due(at: .distantFuture, limit: 10, in: db) }.isEmpty)
        #expect(try outbox.database.read { db in try db.tableExists("state") } == false)
    }

    @Test func dueRowsComeInWriteOrderUpToTheLimitAndWaitForTheirNotBeforeTime() throws {
        let outbox = try GRDBOutbox(path: OutboxFixtures.temporaryPath())
        try outbox.database.write { db in
            try outbox.append([OutboxMessage(flagged("b-1", "S-B")), OutboxMessage(flagged("a-1", "S-A"))], at: start, in: db)
            try outbox.append([OutboxMessage(flagged("timer", "S-A"), notBefore: start + 60)], at: start, in: db)
            try outbox.append([OutboxMessage(flagged("a-2", "S-A")), OutboxMessage(flagged("b-2", "S-B"))], at: start + 1, in: db)
        }
        let now = try outbox.database.read { db in try outbox.due(at: start + 59, limit: 10, in: db) }
        #expect(now.map(\.eventID) == ["b-1", "a-1", "a-2", "b-2"], "written order; the timer is not due")
        #expect(now.map(\.subject) == ["S-B", "S-A", "S-A", "S-B"] && Set(now.map(\.eventType)) == ["session.flagged"])
        #expect(now[0].createdAt == start && now[2].createdAt == start + 1 && now[0].notBefore == nil)
        #expect(try now[1].event.get() == flagged("a-1", "S-A"), "the event as written")
        let later = try outbox.database.read { db in try outbox.due(at: start + 60, limit: 10, in: db) }
        #expect(later.map(\.eventID) == ["b-1", "a-1", "timer", "a-2", "b-2"], "due at its time, in its written place")
        #expect(later[2].notBefore == start + 60)
        let firstTwo = try outbox.database.read { db in try outbox.due(at: start + 60, limit: 2, in: db) }
        #expect(firstTwo.map(\.eventID) == ["b-1", "a-1"])
    }

    @Test func anIDAppendedAgainKeepsItsFirstRow() throws {
        let outbox = try GRDBOutbox(path: OutboxFixtures.temporaryPath())
        try outbox.database.write { db in
            try outbox.append([OutboxMessage(flagged("e-1", "S-1", level: .red))], at: start, in: db)
            try outbox.append([OutboxMessage(flagged("e-1", "S-1", level: .yellow))], at: start + 5, in: db)
        }
        let due = try outbox.database.read { db in try outbox.due(at: start + 5, limit: 10, in: db) }
        #expect(due.count == 1 && due.first?.createdAt == start)
        #expect(try due.first?.event.get() == flagged("e-1", "S-1", level: .red))
    }

    @Test func markedRowsAreNoLongerDueAndArePrunedAfterTheRetentionButPendingOnesNever() async throws {
        let marked = Mutex<[String]>([])
        let file = try GRDBOutbox(path: OutboxFixtures.temporaryPath())
        let outbox = GRDBOutbox(database: file.database) { _, ids in marked.withLock { $0 += ids } }
        try await outbox.database.write { db in
            try outbox.append(["e-1", "e-2", "e-3"].map { OutboxMessage(flagged($0, "S-1")) }, at: start, in: db)
        }
        try await outbox.markPublished(["e-1", "e-2"], at: start + 10)
        #expect(marked.withLock { $0 } == ["e-1", "e-2"], "the store's own record is updated in the marking transaction")
        #expect(try await outbox.due(at: start + 10, limit: 10).map(\.eventID) == ["e-3"])
        #expect(try await outbox.prunePublished(before: start + 10) == 0, "published at start + 10, not before")
        #expect(try await outbox.prunePublished(before: start + 11) == 2)
        #expect(try await outbox.prunePublished(before: .distantFuture) == 0, "an unpublished row is never pruned")
        #expect(try await outbox.due(at: start + 10, limit: 10).map(\.eventID) == ["e-3"])
        // Ids keep increasing after a prune: a new row never takes an old position.
        try await outbox.database.write { db in try outbox.append([OutboxMessage(flagged("e-4", "S-1"))], at: start + 20, in: db) }
        let positions = try await outbox.due(at: start + 20, limit: 10).map(\.position)
        #expect(positions.count == 2 && positions[1] == 4)
    }

    /// A store that already exists (its own tables, migrations and data) gains the outbox in place
    /// through its own migrator; pending rows survive closing and reopening.
    @Test func anExistingDatabaseGainsTheOutboxInPlaceAndKeepsPendingRowsAcrossReopening() throws {
        let path = OutboxFixtures.temporaryPath()
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        func storeMigrator(withOutbox: Bool) -> DatabaseMigrator {
            var migrator = DatabaseMigrator()
            migrator.registerMigration("v1") { db in try db.execute(sql: "CREATE TABLE things (name TEXT NOT NULL)") }
            if withOutbox { GRDBOutbox.registerMigrations(in: &migrator) }
            return migrator
        }
        do {
            let old = try DatabasePool(path: path)
            try storeMigrator(withOutbox: false).migrate(old)
            try old.write { db in try db.execute(sql: "INSERT INTO things VALUES ('kept')") }
        }
        do {
            let upgraded = try DatabasePool(path: path)
            try storeMigrator(withOutbox: true).migrate(upgraded)
            let outbox = GRDBOutbox(database: upgraded)
            try upgraded.write { db in
                try db.execute(sql: "INSERT INTO things VALUES ('new')")
                try outbox.append([OutboxMessage(flagged("e-1", "S-1")), OutboxMessage(flagged("e-2", "S-1"))], at: start, in: db)
            }
            try upgraded.write { db in try outbox.markPublished(["e-1"], at: start, in: db) }
        }
        let reopened = try DatabasePool(path: path)
        try storeMigrator(withOutbox: true).migrate(reopened)
        #expect(try reopened.read { db in try String.fetchAll(db, sql: "SELECT name FROM things ORDER BY rowid") } == ["kept", "new"])
        let outbox = GRDBOutbox(database: reopened)
        #expect(try reopened.read { db in try outbox.due(at: start, limit: 10, in: db) }.map(\.eventID) == ["e-2"])
    }

    @Test func anOutboxOfItsOwnCommitsWithSynchronousFull() throws {
        let outbox = try GRDBOutbox(path: OutboxFixtures.temporaryPath())
        #expect(try outbox.database.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 2)
        #expect(try outbox.database.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
    }
}
