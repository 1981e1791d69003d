/// The payload of any event, one case per `EventType`.
///
/// A closed enum rather than `any EventPayload`: a consumer's `switch` over it is
/// checked for exhaustiveness, and equality comes for free.
public enum EventData: Sendable, Equatable {
    case sessionScheduled(SessionScheduled)
    case sessionCompleted(SessionCompleted)
    case sessionNoShow(SessionNoShow)
    case sessionCancelled(SessionCancelled)
    case sessionRescheduled(SessionRescheduled)
    case feedbackSubmitted(FeedbackSubmitted)
    case transcriptSubmitted(TranscriptSubmitted)
    case preworkSubmitted(PreworkSubmitted)
    case feedbackScored(FeedbackScored)
    case summaryGenerated(SummaryGenerated)
    case summaryApproved(SummaryApproved)
    case agendaGenerated(AgendaGenerated)
    case sessionFlagged(SessionFlagged)
    case followUpBooked(FollowUpBooked)
    case reminderDue(ReminderDue)
    case escalationOpened(EscalationOpened)
    case escalationBreached(EscalationBreached)
    case escalationAcknowledged(EscalationAcknowledged)
    case notificationSent(NotificationSent)
    case notificationFailed(NotificationFailed)

    /// The wrapped payload, for code that treats all events alike.
    public var payload: any EventPayload {
        switch self {
        case .sessionScheduled(let payload): payload
        case .sessionCompleted(let payload): payload
        case .sessionNoShow(let payload): payload
        case .sessionCancelled(let payload): payload
        case .sessionRescheduled(let payload): payload
        case .feedbackSubmitted(let payload): payload
        case .transcriptSubmitted(let payload): payload
        case .preworkSubmitted(let payload): payload
        case .feedbackScored(let payload): payload
        case .summaryGenerated(let payload): payload
        case .summaryApproved(let payload): payload
        case .agendaGenerated(let payload): payload
        case .sessionFlagged(let payload): payload
        case .followUpBooked(let payload): payload
        case .reminderDue(let payload): payload
        case .escalationOpened(let payload): payload
        case .escalationBreached(let payload): payload
        case .escalationAcknowledged(let payload): payload
        case .notificationSent(let payload): payload
        case .notificationFailed(let payload): payload
        }
    }

    public var eventType: EventType { type(of: payload).eventType }

    /// The session the event is about, if any (see `EventPayload.subject`).
    public var sessionID: SessionID? { payload.subject }
}
