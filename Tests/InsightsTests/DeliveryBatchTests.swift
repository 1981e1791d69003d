import Codec
import Foundation
import GRDB
@testable import InsightsCore
import Model
import Testing

/// `apply(deliveries:)`, the consume loop's batch: one transaction for the batch and its inbox
/// marks, dedupe per event, and one failing event rolled back alone, never its batch-mates. And
/// every commit durable (`synchronous=FULL` on the writer and the readers).
@Suite struct DeliveryBatchTests {
    func temporaryPath(_ name: String = #function) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("insights-\(UUID().uuidString.prefix(8))/\(name.prefix(30)).sqlite").path
    }

    @Test func aBatchWithOneBadEventStillAppliesTheOthers() async throws {
        let path = temporaryPath()
        let store = try InsightsStore(path: path, settleWindow: .seconds(60), clock: { TestEvents.start + 3600 })
        // A real SQLite failure for one event only: a trigger refuses its insert, as a full disk or
        // a constraint would.
        let other = try DatabaseQueue(path: path)
        try await other.write { db in
            try db.execute(sql: """
                CREATE TRIGGER refuse_bad BEFORE INSERT ON events WHEN NEW.id = 'S-2-completed'
                BEGIN SELECT RAISE(ABORT, 'refused for the test'); END
                """)
        }
        let batch = [TestEvents.scheduled("S-1"), TestEvents.scheduled("S-2"), TestEvents.completed("S-2"), TestEvents.noShow("S-1")]
        let outcomes = try await store.write(.apply(deliveries: batch))
        #expect(outcomes.count == 4)
        #expect(outcomes.enumerated().filter { if case .applied = $0.element { true } else { false } }.map(\.offset) == [0, 1, 3])
        guard case .failed(let message) = outcomes[2] else {
            Issue.record("the refused event is reported failed, got \(outcomes[2])")
            return
        }
        #expect(message.contains("refused for the test"))
        #expect(try await store.read(.session(id: "S-1"))?.record.flag.level == .red, "a batch-mate after the failure applied")
        #expect(try await store.read(.session(id: "S-2"))?.record.state == .scheduled, "the failed event left no trace")
        #expect(try await store.read(.eventCount) == 3)

        // The same batch again (a redelivery after a crash before the ack): the applied ones are in
        // the inbox and change nothing; the failed one is tried again and now applies.
        try await other.write { db in try db.execute(sql: "DROP TRIGGER refuse_bad") }
        let again = try await store.write(.apply(deliveries: batch))
        #expect(again[0] == .duplicate && again[1] == .duplicate && again[3] == .duplicate)
        guard case .applied(let retried) = again[2] else {
            Issue.record("the event that failed before applies on its redelivery, got \(again[2])")
            return
        }
        #expect(!retried.duplicate)
        #expect(try await store.read(.session(id: "S-2"))?.record.state == .completed)
        #expect(try await store.read(.eventCount) == 4)
    }

    @Test func everyConnectionCommitsDurably() throws {
        let store = try InsightsStore(path: temporaryPath())
        let settings = try store.synchronousSettings()
        #expect(settings.writer == 2, "PRAGMA synchronous = FULL on the writer")
        #expect(settings.reader == 2, "PRAGMA synchronous = FULL on a reader")
    }
}
