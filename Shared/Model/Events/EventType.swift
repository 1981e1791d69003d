/// Every event MentorFlow services exchange. The raw value is the event name, which is
/// also the AMQP routing key; the CloudEvents `type` adds the `mentorflow.` prefix.
///
/// Adding a case is adding an event: the codec, the AsyncAPI document and the tests
/// all iterate `allCases` and fail until the new event is described everywhere.
public enum EventType: String, CaseIterable, Sendable {
    case sessionScheduled = "session.scheduled"
    case sessionCompleted = "session.completed"
    case sessionNoShow = "session.no_show"
    case sessionCancelled = "session.cancelled"
    case sessionRescheduled = "session.rescheduled"
    case feedbackSubmitted = "feedback.submitted"
    case transcriptSubmitted = "transcript.submitted"
    case preworkSubmitted = "prework.submitted"
    case feedbackScored = "feedback.scored"
    case summaryGenerated = "summary.generated"
    case summaryApproved = "summary.approved"
    case agendaGenerated = "agenda.generated"
    case sessionFlagged = "session.flagged"
    case followUpBooked = "followup.booked"
    case reminderDue = "reminder.due"
    case escalationOpened = "escalation.opened"
    case escalationBreached = "escalation.breached"
    case escalationAcknowledged = "escalation.acknowledged"
    case notificationSent = "notification.sent"
    case notificationFailed = "notification.failed"

    /// Namespaces our CloudEvents types so they cannot clash with another system's.
    public static let cloudEventTypePrefix = "mentorflow."

    /// The CloudEvents `type` attribute, e.g. "mentorflow.session.completed".
    public var cloudEventType: String { Self.cloudEventTypePrefix + rawValue }

    /// Reads a CloudEvents `type`; nil for anything that is not one of ours.
    public init?(cloudEventType: String) {
        guard cloudEventType.hasPrefix(Self.cloudEventTypePrefix) else { return nil }
        self.init(rawValue: String(cloudEventType.dropFirst(Self.cloudEventTypePrefix.count)))
    }
}
