import Codec
import Foundation
import Model

/// One builder per event type, with sensible defaults, so a test names only what it is about
/// (the session, a rating, a label) and every suite builds events the same way.
///
/// Payload builders are named after their payload type; `event(_:id:source:time:)` wraps any
/// payload in a CloudEvent. Defaults describe one ordinary completed session: S-1, mentor M-1,
/// learner L-1, cluster-a, starting at `start`.
public enum EventFixtures {
    /// 2025-06-15T15:06:40Z: the default time of every fixture.
    public static let start = Date(timeIntervalSince1970: 1_750_000_000)
    public static let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    // MARK: Envelope

    /// `data` as a CloudEvent; its subject is the payload's session.
    public static func event(
        _ data: EventData, id: String? = nil, source: String = "/test", time: Date = start, traceparent: String? = nil
    ) -> CloudEvent {
        CloudEvent(id: id ?? UUID().uuidString, source: source, time: time, traceparent: traceparent, data: data)
    }

    // MARK: Session lifecycle

    public static func booking(
        session: String = "S-1", program: String = "Data Science", batch: String = "DS-1", mentor: String = "M-1",
        mentorName: String = "Mentor One", learner: String = "L-1", learnerName: String = "Learner One",
        email: String = "l1@example.com", type: SessionType = .mockInterview, at time: Date = start, minutes: Int = 45,
        cluster: String = "cluster-a"
    ) -> SessionBooking {
        SessionBooking(
            sessionID: SessionID(session), program: program, batch: batch, mentor: Mentor(id: MentorID(mentor), name: mentorName),
            learner: Learner(id: LearnerID(learner), name: learnerName, email: email), sessionType: type, scheduledAt: time,
            scheduledDurationMin: minutes, pmCluster: PMClusterID(cluster))
    }

    public static func outcome(attended: Attendance = .attended, prep: MentorPrep = .yes, followUp: Bool = true) -> SessionOutcome {
        SessionOutcome(learnerAttended: attended, mentorPrep: prep, followUpScheduled: followUp)
    }

    public static func sessionScheduled(_ booking: SessionBooking = booking()) -> SessionScheduled {
        SessionScheduled(booking: booking)
    }

    public static func sessionCompleted(session: String = "S-1", minutes: Int = 45, outcome: SessionOutcome = outcome()) -> SessionCompleted {
        SessionCompleted(sessionID: SessionID(session), actualDurationMin: minutes, outcome: outcome)
    }

    public static func sessionNoShow(session: String = "S-1", outcome: SessionOutcome = outcome(attended: .absent)) -> SessionNoShow {
        SessionNoShow(sessionID: SessionID(session), outcome: outcome)
    }

    public static func sessionCancelled(
        session: String = "S-1", reason: String? = nil, outcome: SessionOutcome = outcome(attended: .absent)
    ) -> SessionCancelled {
        SessionCancelled(sessionID: SessionID(session), reason: reason, outcome: outcome)
    }

    public static func sessionRescheduled(
        session: String = "S-1", to newTime: Date? = nil, reason: String? = nil, outcome: SessionOutcome = outcome(attended: .absent)
    ) -> SessionRescheduled {
        SessionRescheduled(sessionID: SessionID(session), newScheduledAt: newTime, reason: reason, outcome: outcome)
    }

    // MARK: Submissions

    public static func feedbackSubmitted(
        session: String = "S-1", learner: String = "L-1", rating: Int? = 4, comment: String = "Clear and helpful session"
    ) -> FeedbackSubmitted {
        FeedbackSubmitted(sessionID: SessionID(session), learnerID: LearnerID(learner), feedback: Feedback(rating: rating, comment: comment))
    }

    public static func transcriptSubmitted(
        session: String = "S-1", text: String = "Mentor: Let's start with two pointers.\nLearner: Sure.", source: TranscriptSource = .notes
    ) -> TranscriptSubmitted {
        TranscriptSubmitted(sessionID: SessionID(session), transcript: Transcript(source: source, text: text))
    }

    public static func preworkSubmitted(
        session: String = "S-1", learner: String = "L-1", expectations: String = "Get unblocked on sliding window",
        topics: [String] = ["Sliding window"], blockers: [String] = []
    ) -> PreworkSubmitted {
        PreworkSubmitted(
            sessionID: SessionID(session), learnerID: LearnerID(learner),
            prework: Prework(expectations: expectations, topics: topics, blockers: blockers))
    }

    // MARK: Analysis

    public static func sentiment(
        _ label: SentimentLabel = .positive, score: Double? = nil, confidence: Double = 0.9, aspects: [Aspect]? = nil
    ) -> SentimentResult {
        SentimentResult(
            label: label, score: score ?? (label == .negative ? -0.8 : 0.5), confidence: confidence, language: .en,
            aspects: aspects ?? [label == .negative ? .punctuality : .helpfulness], evidence: [], analyzerVersion: "test")
    }

    public static func feedbackScored(
        session: String = "S-1", _ result: SentimentResult = sentiment(), missing: Bool = false
    ) -> FeedbackScored {
        FeedbackScored(sessionID: SessionID(session), result: result, feedbackMissing: missing)
    }

    public static func summaryGenerated(
        session: String = "S-1", version: Int = 1, text: String = "Covered graphs; learner to practise BFS.", status: SummaryStatus = .draft
    ) -> SummaryGenerated {
        SummaryGenerated(sessionID: SessionID(session), summary: SessionSummary(
            text: text, keyPhrases: ["graphs"], actionItems: [ActionItem(text: "practise BFS", owner: .learner, dueHint: "Friday")],
            version: version, status: status))
    }

    public static func summaryApproved(
        session: String = "S-1", mentor: String = "M-1", text: String = "Covered graphs.", edited: Bool = true, reviewedVersion: Int? = 1
    ) -> SummaryApproved {
        SummaryApproved(sessionID: SessionID(session), mentorID: MentorID(mentor), text: text, edited: edited, reviewedVersion: reviewedVersion)
    }

    public static func agendaGenerated(session: String = "S-1", items: [String] = ["Recap last session"], firstSession: Bool = false) -> AgendaGenerated {
        AgendaGenerated(sessionID: SessionID(session), agenda: Agenda(items: items, checklist: [], firstSession: firstSession))
    }

    public static func sessionFlagged(
        session: String = "S-1", level: FlagLevel = .red, reasons: [FlagReason] = [.lowRating], cluster: String? = nil
    ) -> SessionFlagged {
        SessionFlagged(sessionID: SessionID(session), flag: Flag(level: level, reasons: reasons), pmCluster: cluster.map { PMClusterID($0) })
    }

    // MARK: Scheduling and notifications

    public static func followUpBooked(session: String = "S-1", at time: Date = start + 7 * 86_400) -> FollowUpBooked {
        FollowUpBooked(sessionID: SessionID(session), followUp: FollowUp(
            sessionID: SessionID("\(session)-F"), scheduledAt: time, durationMin: 30, icsInvite: "BEGIN:VCALENDAR\r\nEND:VCALENDAR"))
    }

    public static func escalation(
        id: String? = nil, session: String = "S-1", cluster: String = "cluster-a", openedAt: Date = start, reasons: [FlagReason] = [.lowRating]
    ) -> Escalation {
        Escalation(
            id: EscalationID(id ?? "E-\(session)"), sessionID: SessionID(session), pmCluster: PMClusterID(cluster), openedAt: openedAt,
            dueAt: openedAt + 48 * 3600, reasons: reasons)
    }

    public static func escalationOpened(_ escalation: Escalation = escalation()) -> EscalationOpened {
        EscalationOpened(escalation: escalation)
    }

    public static func escalationAcknowledged(_ escalation: Escalation = escalation(), by user: String = "pm-a", at time: Date? = nil) -> EscalationAcknowledged {
        EscalationAcknowledged(
            escalationID: escalation.id, sessionID: escalation.sessionID, acknowledgedBy: user, acknowledgedAt: time ?? escalation.openedAt + 3600)
    }

    public static func notification(session: String = "S-1", channel: NotificationChannel = .slack) -> Model.Notification {
        Model.Notification(
            id: NotificationID("N-\(session)"), sessionID: SessionID(session), trigger: .sessionFlagged, recipientRole: .pm, channel: channel,
            maskedRecipient: "p***@example.com")
    }

    public static func notificationSent(_ notification: Model.Notification = notification()) -> NotificationSent {
        NotificationSent(notification: notification)
    }

    public static func notificationFailed(
        _ notification: Model.Notification = notification(), error: String = "timeout", attempts: Int = 1, willRetry: Bool = true
    ) -> NotificationFailed {
        NotificationFailed(notification: notification, error: error, attempts: attempts, willRetry: willRetry)
    }
}
