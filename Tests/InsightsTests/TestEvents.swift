import Codec
import Foundation
import InsightsCore
import Model
import TestSupport

/// Small builders of the events a session goes through.
enum TestEvents {
    static let start = Date(timeIntervalSince1970: 1_750_000_000)

    static func event(_ id: String, _ data: EventData, at time: Date = start, source: String = "/test") -> CloudEvent {
        CloudEvent(id: id, source: source, time: time, data: data)
    }

    static func scheduled(_ session: String, cluster: String = "cluster-a", mentor: String = "M-001", at time: Date = start) -> CloudEvent {
        let booking = SessionBooking(
            sessionID: SessionID(session), program: "Data Science", batch: "DS-1", mentor: Mentor(id: MentorID(mentor), name: "Mentor \(mentor)"),
            learner: Learner(id: "L-1", name: "Learner One", email: "l1@example.com"), sessionType: .mockInterview, scheduledAt: time,
            scheduledDurationMin: 45, pmCluster: PMClusterID(cluster))
        return event("\(session)-scheduled", .sessionScheduled(SessionScheduled(booking: booking)), at: time)
    }

    static func outcome(prep: MentorPrep = .yes, followUp: Bool = true, attended: Attendance = .attended) -> SessionOutcome {
        SessionOutcome(learnerAttended: attended, mentorPrep: prep, followUpScheduled: followUp)
    }

    static func completed(_ session: String, prep: MentorPrep = .yes, followUp: Bool = true, at time: Date = start + 2700) -> CloudEvent {
        event("\(session)-completed", .sessionCompleted(SessionCompleted(sessionID: SessionID(session), actualDurationMin: 45, outcome: outcome(prep: prep, followUp: followUp))), at: time)
    }

    static func noShow(_ session: String, at time: Date = start + 2700) -> CloudEvent {
        event("\(session)-noshow", .sessionNoShow(SessionNoShow(sessionID: SessionID(session), outcome: outcome(attended: .absent))), at: time)
    }

    static func cancelled(_ session: String, at time: Date = start) -> CloudEvent {
        event("\(session)-cancelled", .sessionCancelled(SessionCancelled(sessionID: SessionID(session), outcome: outcome(attended: .absent))), at: time)
    }

    static func rescheduled(_ session: String, at time: Date = start) -> CloudEvent {
        event("\(session)-rescheduled", .sessionRescheduled(SessionRescheduled(sessionID: SessionID(session), outcome: outcome(attended: .absent))), at: time)
    }

    static func feedback(_ session: String, rating: Int?, comment: String, id: String? = nil, at time: Date = start + 3000) -> CloudEvent {
        event(id ?? "\(session)-feedback", .feedbackSubmitted(FeedbackSubmitted(sessionID: SessionID(session), learnerID: "L-1", feedback: Feedback(rating: rating, comment: comment))), at: time)
    }

    static func scored(_ session: String, _ label: SentimentLabel, missing: Bool = false, at time: Date = start + 3001) -> CloudEvent {
        let result = SentimentResult(
            label: label, score: label == .negative ? -0.8 : 0.5, confidence: 0.9, language: .en, aspects: [label == .negative ? .punctuality : .helpfulness],
            evidence: [], analyzerVersion: "test")
        return event("\(session)-scored", .feedbackScored(FeedbackScored(sessionID: SessionID(session), result: result, feedbackMissing: missing)), at: time, source: "/mentorflow/sentiment")
    }

    static func followUpBooked(_ session: String, at time: Date = start + 4000) -> CloudEvent {
        let followUp = FollowUp(sessionID: SessionID("\(session)-F"), scheduledAt: time + 86_400 * 7, durationMin: 30, icsInvite: "BEGIN:VCALENDAR\r\nEND:VCALENDAR")
        return event("\(session)-followup", .followUpBooked(FollowUpBooked(sessionID: SessionID(session), followUp: followUp)), at: time, source: "/mentorflow/scheduler")
    }

    static func summary(_ session: String, version: Int, text: String, at time: Date = start + 5000) -> CloudEvent {
        let summary = SessionSummary(text: text, keyPhrases: ["graphs"], actionItems: [ActionItem(text: "practise BFS", owner: .learner, dueHint: "Friday")], version: version, status: .draft)
        return event("\(session)-summary-\(version)", .summaryGenerated(SummaryGenerated(sessionID: SessionID(session), summary: summary)), at: time, source: "/mentorflow/summary")
    }

    static func approved(_ session: String, text: String, at time: Date = start + 5500) -> CloudEvent {
        event("\(session)-approved", .summaryApproved(SummaryApproved(sessionID: SessionID(session), mentorID: "M-001", text: text, edited: true, reviewedVersion: 2)), at: time)
    }

    static func notification(_ session: String, failed: Bool, at time: Date) -> CloudEvent {
        let note = Notification(id: NotificationID("N-\(session)"), sessionID: SessionID(session), trigger: .sessionFlagged, recipientRole: .pm, channel: .slack, maskedRecipient: "p***@example.com")
        let data: EventData = failed
            ? .notificationFailed(NotificationFailed(notification: note, error: "timeout", attempts: 1, willRetry: true))
            : .notificationSent(NotificationSent(notification: note))
        return event("\(session)-note-\(failed)", data, at: time, source: "/mentorflow/alert")
    }

    static func escalation(_ session: String, at time: Date) -> [CloudEvent] {
        let escalation = Escalation(id: EscalationID("E-\(session)"), sessionID: SessionID(session), pmCluster: "cluster-a", openedAt: time, dueAt: time + 48 * 3600, reasons: [.negativeFeedback])
        return [
            event("\(session)-esc-open", .escalationOpened(EscalationOpened(escalation: escalation)), at: time, source: "/mentorflow/scheduler"),
            event("\(session)-esc-ack", .escalationAcknowledged(EscalationAcknowledged(escalationID: escalation.id, sessionID: SessionID(session), acknowledgedBy: "pm-a", acknowledgedAt: time + 3600)), at: time + 3600),
        ]
    }
}
