import Codec
import Foundation
import InsightsCore
@testable import InsightsService
import Logging
import Model
@testable import ServiceKit
import Testing

/// The handler without a broker: what it emits for a level change, and the same emission again
/// when the event is handled a second time (a redelivery after a crash between publish and ack),
/// so the consume loop derives the same output id (it depends only on input and emission).
@Suite struct InsightsHandlerTests {
    let context = HandlerContext(attempt: 0, logger: Logger(label: "test"))

    func event(_ id: String, _ data: EventData) -> CloudEvent {
        CloudEvent(id: id, source: "/test", time: Date(timeIntervalSince1970: 1_750_000_000), data: data)
    }

    @Test func aRedeliveredEventEmitsTheSameFlagChange() async throws {
        let handler = InsightsHandler(store: try InsightsStore(path: nil, clock: { Date(timeIntervalSince1970: 1_750_003_600) }))
        #expect(handler.subscriptions == Set(EventType.allCases))
        let noShow = event("e-1", .sessionNoShow(SessionNoShow(
            sessionID: "S-1", outcome: SessionOutcome(learnerAttended: .absent, mentorPrep: .yes, followUpScheduled: true))))
        let first = try await handler.handle(noShow, context: context)
        let expected = Emission(.sessionFlagged(SessionFlagged(sessionID: "S-1", flag: Flag(level: .red, previousLevel: .green, reasons: [.noShow]))), key: "flag")
        #expect(first == [expected])
        #expect(try await handler.handle(noShow, context: context) == [expected])
        // An event that changes no level emits nothing.
        let again = event("e-2", .feedbackSubmitted(FeedbackSubmitted(sessionID: "S-1", learnerID: "L-1", feedback: Feedback(rating: nil, comment: "no one came"))))
        #expect(try await handler.handle(again, context: context).isEmpty)
    }
}
