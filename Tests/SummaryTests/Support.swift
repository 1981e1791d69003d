import Codec
import Foundation
import Model
import ServiceKit
import SummaryCore

/// Builders for the events the summary engine reads.
enum Fixture {
    static let start = Date(timeIntervalSince1970: 1_748_000_000)  // 2025-05-23

    static func booking(
        _ session: String, learner: String = "L-1", learnerName: String = "Asha Rao", mentorName: String = "Vikram Singh",
        type: SessionType = .resumeReview, batch: String = "B-1", daysFromStart: Double = 0, minutes: Int = 60
    ) -> SessionBooking {
        SessionBooking(
            sessionID: SessionID(rawValue: session), program: "Data Science", batch: batch, mentor: Mentor(id: "M-1", name: mentorName),
            learner: Learner(id: LearnerID(rawValue: learner), name: learnerName, email: "asha@example.com"), sessionType: type,
            scheduledAt: start.addingTimeInterval(daysFromStart * 86_400), scheduledDurationMin: minutes, pmCluster: "cluster-a")
    }

    static func event(_ data: EventData, id: String? = nil) -> CloudEvent {
        CloudEvent(id: id ?? UUID().uuidString, source: "/test/ingest", time: start, subject: data.sessionID?.rawValue, data: data)
    }

    static func scheduled(_ booking: SessionBooking, id: String? = nil) -> CloudEvent {
        event(.sessionScheduled(SessionScheduled(booking: booking)), id: id)
    }

    static let attended = SessionOutcome(learnerAttended: .attended, mentorPrep: .yes, followUpScheduled: true)
    static let absent = SessionOutcome(learnerAttended: .absent, mentorPrep: .yes, followUpScheduled: false)

    static func completed(_ session: String, minutes: Int = 60, outcome: SessionOutcome = attended, id: String? = nil) -> CloudEvent {
        event(.sessionCompleted(SessionCompleted(sessionID: SessionID(rawValue: session), actualDurationMin: minutes, outcome: outcome)), id: id)
    }

    static func feedback(_ session: String, rating: Int?, _ comment: String, id: String? = nil) -> CloudEvent {
        event(.feedbackSubmitted(FeedbackSubmitted(sessionID: SessionID(rawValue: session), learnerID: "L-1", feedback: Feedback(rating: rating, comment: comment))), id: id)
    }

    static func scored(_ session: String, _ label: SentimentLabel, aspects: [Aspect] = [.none], missing: Bool = false, id: String? = nil) -> CloudEvent {
        let result = SentimentResult(label: label, score: 0, confidence: 0.9, language: .en, aspects: aspects, evidence: [], analyzerVersion: "test")
        return event(.feedbackScored(FeedbackScored(sessionID: SessionID(rawValue: session), result: result, feedbackMissing: missing)), id: id)
    }

    static func transcript(_ session: String, _ text: String, id: String? = nil) -> CloudEvent {
        event(.transcriptSubmitted(TranscriptSubmitted(sessionID: SessionID(rawValue: session), transcript: Transcript(source: .notes, text: text))), id: id)
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
