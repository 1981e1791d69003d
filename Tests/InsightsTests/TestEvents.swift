import Codec
import Foundation
import InsightsCore
import MentorFlowTesting
import Model
import TestSupport

/// The events a session goes through, as the insights tests name them: a session's events with
/// ids and times derived from the session, their payloads from `EventFixtures`.
enum TestEvents {
    static let start = EventFixtures.start

    static func event(_ id: String, _ data: EventData, at time: Date = start, source: String = "/test") -> CloudEvent {
        EventFixtures.event(data, id: id, source: source, time: time)
    }

    static func scheduled(_ session: String, cluster: String = "cluster-a", mentor: String = "M-001", at time: Date = start) -> CloudEvent {
        let booking = EventFixtures.booking(session: session, mentor: mentor, mentorName: "Mentor \(mentor)", at: time, cluster: cluster)
        return event("\(session)-scheduled", .sessionScheduled(EventFixtures.sessionScheduled(booking)), at: time)
    }

    static func outcome(prep: MentorPrep = .yes, followUp: Bool = true, attended: Attendance = .attended) -> SessionOutcome {
        EventFixtures.outcome(attended: attended, prep: prep, followUp: followUp)
    }

    static func completed(_ session: String, prep: MentorPrep = .yes, followUp: Bool = true, at time: Date = start + 2700) -> CloudEvent {
        event("\(session)-completed", .sessionCompleted(EventFixtures.sessionCompleted(session: session, outcome: outcome(prep: prep, followUp: followUp))), at: time)
    }

    static func noShow(_ session: String, at time: Date = start + 2700) -> CloudEvent {
        event("\(session)-noshow", .sessionNoShow(EventFixtures.sessionNoShow(session: session)), at: time)
    }

    static func cancelled(_ session: String, at time: Date = start) -> CloudEvent {
        event("\(session)-cancelled", .sessionCancelled(EventFixtures.sessionCancelled(session: session)), at: time)
    }

    static func rescheduled(_ session: String, at time: Date = start) -> CloudEvent {
        event("\(session)-rescheduled", .sessionRescheduled(EventFixtures.sessionRescheduled(session: session)), at: time)
    }

    static func feedback(_ session: String, rating: Int?, comment: String, id: String? = nil, at time: Date = start + 3000) -> CloudEvent {
        event(id ?? "\(session)-feedback", .feedbackSubmitted(EventFixtures.feedbackSubmitted(session: session, rating: rating, comment: comment)), at: time)
    }

    static func scored(_ session: String, _ label: SentimentLabel, missing: Bool = false, at time: Date = start + 3001) -> CloudEvent {
        event(
            "\(session)-scored", .feedbackScored(EventFixtures.feedbackScored(session: session, EventFixtures.sentiment(label), missing: missing)), at: time,
            source: "/mentorflow/sentiment")
    }

    static func followUpBooked(_ session: String, at time: Date = start + 4000) -> CloudEvent {
        event("\(session)-followup", .followUpBooked(EventFixtures.followUpBooked(session: session, at: time + 86_400 * 7)), at: time, source: "/mentorflow/scheduler")
    }

    static func summary(_ session: String, version: Int, text: String, at time: Date = start + 5000) -> CloudEvent {
        event(
            "\(session)-summary-\(version)", .summaryGenerated(EventFixtures.summaryGenerated(session: session, version: version, text: text)), at: time,
            source: "/mentorflow/summary")
    }

    static func approved(_ session: String, text: String, at time: Date = start + 5500) -> CloudEvent {
        event("\(session)-approved", .summaryApproved(EventFixtures.summaryApproved(session: session, mentor: "M-001", text: text, reviewedVersion: 2)), at: time)
    }

    static func notification(_ session: String, failed: Bool, at time: Date) -> CloudEvent {
        let note = EventFixtures.notification(session: session)
        let data: EventData = failed
            ? .notificationFailed(EventFixtures.notificationFailed(note, error: "timeout", attempts: 1, willRetry: true))
            : .notificationSent(EventFixtures.notificationSent(note))
        return event("\(session)-note-\(failed)", data, at: time, source: "/mentorflow/alert")
    }

    static func escalation(_ session: String, at time: Date) -> [CloudEvent] {
        let escalation = EventFixtures.escalation(session: session, openedAt: time, reasons: [.negativeFeedback])
        return [
            event("\(session)-esc-open", .escalationOpened(EventFixtures.escalationOpened(escalation)), at: time, source: "/mentorflow/scheduler"),
            event("\(session)-esc-ack", .escalationAcknowledged(EventFixtures.escalationAcknowledged(escalation)), at: time + 3600),
        ]
    }
}
