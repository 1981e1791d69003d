import Codec
import Foundation
import GRDB
@testable import InsightsCore
import Model
import Testing
import TestSupport

/// A store written before the settle window (schema v1: every change published by the consume
/// loop as it happened) opens with its last recorded level as the published one, so nothing is
/// published again and the next change is numbered after the old history. A store written before
/// the outbox (schema v3: the sweeper published a stored change, then marked it) hands the changes
/// it had not published yet to the outbox, as the events that release would have published.
@Suite struct StoreMigrationTests {
    @Test func aStoreFromBeforeTheSettleWindowKeepsItsPublishedLevels() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("insights-v1-\(UUID().uuidString.prefix(8)).sqlite").path
        let t0 = TestEvents.start + 3600
        do {
            let old = try DatabaseQueue(path: path)
            try StoreSchema.migrator().migrate(old, upTo: "v1")
            try old.write { db in
                // S-1: red (no-show), published at once; S-2: green, never flagged.
                for (id, event) in [("S-1", TestEvents.noShow("S-1")), ("S-2", TestEvents.scheduled("S-2"))] {
                    try db.execute(
                        sql: "INSERT INTO events (source, id, session_id, type, time, body) VALUES (?, ?, ?, ?, ?, ?)",
                        arguments: [event.source, event.id, id, event.eventType.rawValue, event.time.timeIntervalSinceReferenceDate, EventCodec.encode(event)])
                }
                var red = SessionDetail(record: SessionRecord(sessionID: "S-1"))
                red.record.state = .noShow
                red.record.flag = FlagAssessment(level: .red, reasons: [.noShow])
                try RecordRows.write(red, feedbackPendingSince: nil, in: db)
                try RecordRows.write(SessionDetail(record: SessionRecord(sessionID: "S-2")), feedbackPendingSince: nil, in: db)
                try RecordRows.insert(
                    FlagChange(sessionID: "S-1", sequence: 1, level: .red, previousLevel: .green, reasons: [.noShow], pmCluster: nil, at: t0, cause: "event:/test S-1-noshow"),
                    published: true, in: db)
            }
        }
        let clock = ManualClock(t0 + 3600)
        let store = try InsightsStore(path: path, settleWindow: .seconds(60), clock: clock.function)
        clock.advance(by: 600)
        #expect(try store.sweep().isEmpty, "the old history was published already")
        #expect(try store.session(id: "S-1")?.flagHistory.map(\.level) == [.red])
        // S-2 cancelled: yellow, published after the window as S-2's first change.
        try store.apply(TestEvents.cancelled("S-2"))
        clock.advance(by: 60)
        let changes = try store.sweep()
        #expect(changes.map(\.sessionID) == ["S-2"] && changes.map(\.previousLevel) == [.green] && changes.map(\.sequence) == [1])
    }

    @Test func unpublishedChangesOfAStoreFromBeforeTheOutboxGoOutAsThatReleaseWouldHavePublishedThem() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("insights-v3-\(UUID().uuidString.prefix(8)).sqlite").path
        let t0 = TestEvents.start + 3600
        let published = FlagChange(sessionID: "S-1", sequence: 1, level: .red, previousLevel: .green, reasons: [.noShow], pmCluster: "cluster-a", at: t0, cause: "sweep")
        let pending = FlagChange(sessionID: "S-2", sequence: 1, level: .yellow, previousLevel: .green, reasons: [.cancelledOrRescheduled], pmCluster: "cluster-a", at: t0 + 5, cause: "sweep")
        do {
            // The release before the outbox: its sweep had recorded both changes (and made them the
            // published levels); its sweeper had published and marked S-1's, not yet S-2's.
            let old = try DatabasePool(path: path)
            try StoreSchema.migrator().migrate(old, upTo: "v3-store-settings")
            try await old.write { db in
                for (id, event, level) in [("S-1", TestEvents.noShow("S-1"), FlagLevel.red), ("S-2", TestEvents.cancelled("S-2"), .yellow)] {
                    try db.execute(
                        sql: "INSERT INTO events (source, id, session_id, type, time, body) VALUES (?, ?, ?, ?, ?, ?)",
                        arguments: [event.source, event.id, id, event.eventType.rawValue, event.time.timeIntervalSinceReferenceDate, EventCodec.encode(event)])
                    var record = SessionRecord(sessionID: SessionID(id))
                    record.flag = FlagAssessment(level: level, reasons: [])
                    try RecordRows.write(SessionDetail(record: record), feedbackPendingSince: nil, in: db)
                    try db.execute(
                        sql: "INSERT INTO flag_states (session_id, current_level, published_level, level_since) VALUES (?, ?, ?, ?)",
                        arguments: [id, level.rawValue, level.rawValue, t0.timeIntervalSinceReferenceDate])
                }
                try RecordRows.insert(published, published: true, in: db)
                try RecordRows.insert(pending, published: false, in: db)
            }
        }
        let clock = ManualClock(t0 + 600)
        var store = try InsightsStore(path: path, settleWindow: .seconds(60), eventSource: "/mentorflow/insights-a", clock: clock.function)
        // The event that release's sweeper would have published: its id, source, time and payload.
        let expected = CloudEvent(id: InsightsStore.eventID(of: pending), source: "/mentorflow/insights-a", time: pending.at, data: .sessionFlagged(pending.payload))
        let due = try await store.outbox.due(at: clock.now, limit: 10)
        #expect(due.map(\.eventID) == [expected.id] && due.map(\.subject) == ["S-2"])
        #expect(try due.first?.event.get() == expected)
        #expect(try store.sweep() == [pending], "still pending until the broker confirmed it")
        #expect(try store.session(id: "S-2")?.flagHistory == [])
        #expect(try store.session(id: "S-1")?.flagHistory == [published])
        // Opened again: handed over once only.
        store = try InsightsStore(path: path, settleWindow: .seconds(60), eventSource: "/mentorflow/insights-a", clock: clock.function)
        #expect(try await store.outbox.due(at: clock.now, limit: 10).map(\.eventID) == [expected.id])
        // The relay's mark publishes the change: the flag history shows it, the sweep is done.
        try await store.outbox.markPublished([expected.id], at: clock.now)
        #expect(try store.session(id: "S-2")?.flagHistory == [pending])
        #expect(try store.sweep().isEmpty)
        #expect(try store.flagChanges().map(\.sessionID) == ["S-2", "S-1"])
    }
}
