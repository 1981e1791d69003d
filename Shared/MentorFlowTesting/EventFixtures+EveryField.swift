import Codec
import Foundation
import Model

extension EventFixtures {
    /// One sample event per `EventType`, with every optional field filled in, so that a
    /// round trip and the AsyncAPI field check exercise every field the codec knows (where
    /// `EventFixtures`' builders give one ordinary session with defaults).
    public enum EveryField {
        public static let time = Date(timeIntervalSince1970: 1_747_670_400)  // 2025-05-19T16:00:00Z
        public static let later = Date(timeIntervalSince1970: 1_747_843_200.250)  // 2025-05-21T16:00:00.250Z
        public static let sessionID: SessionID = "S-000001"
        public static let traceparent = EventFixtures.traceparent

        public static let outcome = SessionOutcome(learnerAttended: .attended, mentorPrep: .partial, followUpScheduled: true)
        public static let escalation = Escalation(
            id: "E-17", sessionID: sessionID, pmCluster: "cluster-c", openedAt: time, dueAt: later,
            reasons: [.mentorNotPrepared, .noFollowUp])
        public static let notification = Model.Notification(
            id: "N-99", sessionID: sessionID, trigger: .sessionFlagged, recipientRole: .pm, channel: .email,
            maskedRecipient: "p***@example.com")

        /// Every case of `EventType` must have a sample: the switch does not compile otherwise.
        public static func data(for type: EventType) -> EventData {
            switch type {
            case .sessionScheduled:
                .sessionScheduled(SessionScheduled(booking: SessionBooking(
                    sessionID: sessionID, program: "Software Development", batch: "SD-Mar25",
                    mentor: Mentor(id: "M-011", name: "Srishti Gowda"),
                    learner: Learner(id: "L-0106", name: "Dev Sharma", email: "dev.sharma@example.com"),
                    sessionType: .dsaDoubtSolving, scheduledAt: time, scheduledDurationMin: 60, pmCluster: "cluster-c")))
            case .sessionCompleted:
                .sessionCompleted(SessionCompleted(sessionID: sessionID, actualDurationMin: 67, outcome: outcome))
            case .sessionNoShow:
                .sessionNoShow(SessionNoShow(
                    sessionID: sessionID,
                    outcome: SessionOutcome(learnerAttended: .absent, mentorPrep: .yes, followUpScheduled: false)))
            case .sessionCancelled:
                .sessionCancelled(SessionCancelled(sessionID: sessionID, reason: "Mentor unwell", outcome: outcome))
            case .sessionRescheduled:
                .sessionRescheduled(SessionRescheduled(
                    sessionID: sessionID, newScheduledAt: later, reason: "Learner's exam clash", outcome: outcome))
            case .feedbackSubmitted:
                .feedbackSubmitted(FeedbackSubmitted(
                    sessionID: sessionID, learnerID: "L-0106",
                    feedback: Feedback(rating: 4, comment: "Notes on linked lists will be shared over email. \"Great\" session ✅")))
            case .transcriptSubmitted:
                .transcriptSubmitted(TranscriptSubmitted(
                    sessionID: sessionID,
                    transcript: Transcript(source: .speechToText, text: "Mentor: Let's start with two pointers.\nLearner: Sure.")))
            case .preworkSubmitted:
                .preworkSubmitted(PreworkSubmitted(
                    sessionID: sessionID, learnerID: "L-0106",
                    prework: Prework(
                        expectations: "Get unblocked on sliding window", topics: ["Sliding window", "Two pointers"],
                        blockers: ["Off-by-one errors"])))
            case .feedbackScored:
                .feedbackScored(FeedbackScored(
                    sessionID: sessionID,
                    result: SentimentResult(
                        label: .negative, score: -0.625, confidence: 0.875, language: .hinglish,
                        aspects: [.punctuality, .techIssues], evidence: ["mentor 20 min late", "audio kept cutting"],
                        analyzerVersion: "lexicon-2.1.0"),
                    feedbackMissing: false))
            case .summaryGenerated:
                .summaryGenerated(SummaryGenerated(
                    sessionID: sessionID,
                    summary: SessionSummary(
                        text: "Covered sliding window; learner to practise five problems.",
                        keyPhrases: ["sliding window", "practice"],
                        actionItems: [
                            ActionItem(text: "Solve five sliding-window problems", owner: .learner, dueHint: "by Friday"),
                            ActionItem(text: "Share notes", owner: .mentor),
                        ],
                        version: 2, status: .draft,
                        highlights: ["We covered the sliding window pattern on arrays.", "Practise five problems by Friday."])))
            case .summaryApproved:
                .summaryApproved(SummaryApproved(
                    sessionID: sessionID, mentorID: "M-011", text: "Covered sliding window and two pointers.",
                    edited: true, reviewedVersion: 2))
            case .agendaGenerated:
                .agendaGenerated(AgendaGenerated(
                    sessionID: sessionID,
                    agenda: Agenda(
                        items: ["Recap last session", "Sliding window drills"], checklist: ["Read the learner's prework"],
                        firstSession: false)))
            case .sessionFlagged:
                .sessionFlagged(SessionFlagged(
                    sessionID: sessionID, flag: Flag(level: .red, previousLevel: .yellow, reasons: [.lowRating, .noFollowUp]),
                    pmCluster: "cluster-c"))
            case .followUpBooked:
                .followUpBooked(FollowUpBooked(
                    sessionID: sessionID,
                    followUp: FollowUp(
                        sessionID: "S-000001-F1", scheduledAt: later, durationMin: 45,
                        icsInvite: "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")))
            case .reminderDue:
                .reminderDue(ReminderDue(reminder: Reminder(
                    id: "R-5", sessionID: sessionID, kind: .feedbackPrompt, recipientRole: .learner, dueAt: later)))
            case .escalationOpened:
                .escalationOpened(EscalationOpened(escalation: escalation))
            case .escalationBreached:
                .escalationBreached(EscalationBreached(escalation: escalation, breachedAt: later, escalatedTo: .leadership))
            case .escalationAcknowledged:
                .escalationAcknowledged(EscalationAcknowledged(
                    escalationID: "E-17", sessionID: sessionID, acknowledgedBy: "Priya (PM, cluster-c)", acknowledgedAt: later))
            case .notificationSent:
                .notificationSent(NotificationSent(notification: notification))
            case .notificationFailed:
                .notificationFailed(NotificationFailed(
                    notification: notification, error: "SMTP 451: try again later", attempts: 3, willRetry: true))
            }
        }

        public static func event(for type: EventType, traceparent: String? = EveryField.traceparent) -> CloudEvent {
            CloudEvent(
                id: "evt-\(type.rawValue)", source: "/mentorflow/test", time: time.addingTimeInterval(0.123),
                traceparent: traceparent, data: data(for: type))
        }

        public static var allEvents: [CloudEvent] { EventType.allCases.map { event(for: $0) } }
    }
}
