import Codec
import Foundation
import MentorFlowTesting
import Model
import ServiceKit
import SummaryCore

/// The events the summary engine reads, as the summary tests name them (their payloads from
/// `EventFixtures`): one resume review of Asha Rao with Vikram Singh, on 2025-05-23.
enum Fixture {
    static let start = Date(timeIntervalSince1970: 1_748_000_000)  // 2025-05-23

    static func booking(
        _ session: String, learner: String = "L-1", learnerName: String = "Asha Rao", mentorName: String = "Vikram Singh",
        type: SessionType = .resumeReview, batch: String = "B-1", daysFromStart: Double = 0, minutes: Int = 60
    ) -> SessionBooking {
        EventFixtures.booking(
            session: session, batch: batch, mentor: "M-1", mentorName: mentorName, learner: learner, learnerName: learnerName,
            email: "asha@example.com", type: type, at: start.addingTimeInterval(daysFromStart * 86_400), minutes: minutes, cluster: "cluster-a")
    }

    static func event(_ data: EventData, id: String? = nil) -> CloudEvent {
        EventFixtures.event(data, id: id, source: "/test/ingest", time: start)
    }

    static func scheduled(_ booking: SessionBooking, id: String? = nil) -> CloudEvent {
        event(.sessionScheduled(EventFixtures.sessionScheduled(booking)), id: id)
    }

    static let attended = EventFixtures.outcome()
    static let absent = EventFixtures.outcome(attended: .absent, followUp: false)

    static func completed(_ session: String, minutes: Int = 60, outcome: SessionOutcome = attended, id: String? = nil) -> CloudEvent {
        event(.sessionCompleted(EventFixtures.sessionCompleted(session: session, minutes: minutes, outcome: outcome)), id: id)
    }

    static func feedback(_ session: String, rating: Int?, _ comment: String, id: String? = nil) -> CloudEvent {
        event(.feedbackSubmitted(EventFixtures.feedbackSubmitted(session: session, rating: rating, comment: comment)), id: id)
    }

    static func scored(_ session: String, _ label: SentimentLabel, aspects: [Aspect] = [.none], missing: Bool = false, id: String? = nil) -> CloudEvent {
        event(.feedbackScored(EventFixtures.feedbackScored(session: session, EventFixtures.sentiment(label, score: 0, aspects: aspects), missing: missing)), id: id)
    }

    static func transcript(_ session: String, _ text: String, id: String? = nil) -> CloudEvent {
        event(.transcriptSubmitted(EventFixtures.transcriptSubmitted(session: session, text: text)), id: id)
    }

    static func engine() throws -> SummaryEngine {
        SummaryEngine(store: try SummaryStore())
    }
}

extension [Emission] {
    var summaries: [SummaryGenerated] {
        compactMap { if case .summaryGenerated(let payload) = $0.data { payload } else { nil } }
    }

    var agendas: [AgendaGenerated] {
        compactMap { if case .agendaGenerated(let payload) = $0.data { payload } else { nil } }
    }
}
