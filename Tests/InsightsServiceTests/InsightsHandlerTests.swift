import Codec
import Foundation
import InsightsCore
@testable import InsightsService
import Logging
import MentorFlowTesting
import Model
@testable import ServiceKit
import Testing

/// The handler without a broker: it applies every event to the read model (the live level changes
/// at once) and emits nothing itself, not for a level change and not for a redelivery; the
/// `FlagSweeper` publishes a level once it has held for the settle window.
@Suite struct InsightsHandlerTests {
    let context = HandlerContext(attempt: 0, logger: Logger(label: "test"))

    func event(_ id: String, _ data: EventData) -> CloudEvent {
        EventFixtures.event(data, id: id)
    }

    @Test func aLevelChangeUpdatesTheReadModelAndEmitsNothing() async throws {
        let store = try InsightsStore(path: nil, settleWindow: .seconds(60), clock: { Date(timeIntervalSince1970: 1_750_003_600) })
        let handler = InsightsHandler(store: store)
        #expect(handler.subscriptions == Set(EventType.allCases))
        #expect(handler.publishes.isEmpty, "session.flagged comes from the sweeper, declared as an emitter")
        #expect(ServiceContract.insights.publishes == [.sessionFlagged, .escalationAcknowledged])
        let noShow = event("e-1", .sessionNoShow(SessionNoShow(
            sessionID: "S-1", outcome: SessionOutcome(learnerAttended: .absent, mentorPrep: .yes, followUpScheduled: true))))
        #expect(try await handler.handle(noShow, context: context).isEmpty)
        #expect(try store.session(id: "S-1")?.record.flag == FlagAssessment(level: .red, reasons: [.noShow]))
        let before = try store.session(id: "S-1")
        #expect(try await handler.handle(noShow, context: context).isEmpty)
        #expect(try store.session(id: "S-1") == before, "a redelivery changes nothing")
        #expect(try store.sweep().isEmpty, "not settled yet: the sweeper publishes it later")
    }
}
