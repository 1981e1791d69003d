import Codec
import Foundation
import GRDB
@testable import InsightsCore
import Model
import Testing

/// A store written before the settle window (schema v1: every change published by the consume
/// loop as it happened) opens with its last recorded level as the published one, so nothing is
/// published again and the next change is numbered after the old history.
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
}
