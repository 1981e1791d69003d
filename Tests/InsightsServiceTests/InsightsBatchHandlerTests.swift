import Codec
import Foundation
import GRDB
import InsightsCore
@testable import InsightsService
import Logging
import Model
@testable import ServiceKit
import Testing

/// The handler's batch form: one bad event comes back `failed` (to be retried alone), its
/// batch-mates are handled, and a redelivered batch is all duplicates.
@Suite struct InsightsBatchHandlerTests {
    let context = HandlerContext(attempt: 0, logger: Logger(label: "test"))

    func event(_ id: String, _ data: EventData) -> CloudEvent {
        CloudEvent(id: id, source: "/test", time: Date(timeIntervalSince1970: 1_750_000_000), data: data)
    }

    func noShow(_ session: SessionID) -> EventData {
        .sessionNoShow(SessionNoShow(sessionID: session, outcome: SessionOutcome(learnerAttended: .absent, mentorPrep: .yes, followUpScheduled: true)))
    }

    @Test func oneBadEventFailsAloneAndTheOthersAreHandled() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("insights-batch-\(UUID().uuidString.prefix(8))/insights.sqlite").path
        let store = try InsightsStore(path: path, clock: { Date(timeIntervalSince1970: 1_750_003_600) })
        let handler = InsightsHandler(store: store)
        try await DatabaseQueue(path: path).write { db in
            try db.execute(sql: "CREATE TRIGGER refuse_bad BEFORE INSERT ON events WHEN NEW.id = 'bad' BEGIN SELECT RAISE(ABORT, 'refused'); END")
        }
        let batch = [event("a", noShow("S-1")), event("bad", noShow("S-2")), event("c", noShow("S-3"))]
        let results = try await handler.handle(batch: batch, context: context)
        #expect(results.count == 3)
        guard case .handled(let first) = results[0], case .failed(.transient) = results[1], case .handled(let third) = results[2] else {
            Issue.record("expected handled, failed (transient), handled; got \(results)")
            return
        }
        #expect(first.isEmpty && third.isEmpty, "insights emits nothing from the consume loop")
        #expect(try store.session(id: "S-1")?.record.flag.level == .red)
        #expect(try store.session(id: "S-2") == nil)
        #expect(try store.session(id: "S-3")?.record.flag.level == .red)

        let again = try await handler.handle(batch: [batch[0], batch[2]], context: context)
        guard case .duplicate = again[0], case .duplicate = again[1] else {
            Issue.record("a redelivered batch is all duplicates; got \(again)")
            return
        }
    }
}
