import Model

/// The one place an event name meets its payload's wire form. Both switches are
/// exhaustive, so a new `EventType` does not compile until it is added here.
extension EventData {
    static func read(_ type: EventType, from reader: ObjectReader) -> EventData? {
        switch type {
        case .sessionScheduled: SessionScheduled.read(from: reader).map(EventData.sessionScheduled)
        case .sessionCompleted: SessionCompleted.read(from: reader).map(EventData.sessionCompleted)
        case .sessionNoShow: SessionNoShow.read(from: reader).map(EventData.sessionNoShow)
        case .sessionCancelled: SessionCancelled.read(from: reader).map(EventData.sessionCancelled)
        case .sessionRescheduled: SessionRescheduled.read(from: reader).map(EventData.sessionRescheduled)
        case .feedbackSubmitted: FeedbackSubmitted.read(from: reader).map(EventData.feedbackSubmitted)
        case .transcriptSubmitted: TranscriptSubmitted.read(from: reader).map(EventData.transcriptSubmitted)
        case .preworkSubmitted: PreworkSubmitted.read(from: reader).map(EventData.preworkSubmitted)
        case .feedbackScored: FeedbackScored.read(from: reader).map(EventData.feedbackScored)
        case .summaryGenerated: SummaryGenerated.read(from: reader).map(EventData.summaryGenerated)
        case .summaryApproved: SummaryApproved.read(from: reader).map(EventData.summaryApproved)
        case .agendaGenerated: AgendaGenerated.read(from: reader).map(EventData.agendaGenerated)
        case .sessionFlagged: SessionFlagged.read(from: reader).map(EventData.sessionFlagged)
        case .followUpBooked: FollowUpBooked.read(from: reader).map(EventData.followUpBooked)
        case .reminderDue: ReminderDue.read(from: reader).map(EventData.reminderDue)
        case .escalationOpened: EscalationOpened.read(from: reader).map(EventData.escalationOpened)
        case .escalationBreached: EscalationBreached.read(from: reader).map(EventData.escalationBreached)
        case .escalationAcknowledged: EscalationAcknowledged.read(from: reader).map(EventData.escalationAcknowledged)
        case .notificationSent: NotificationSent.read(from: reader).map(EventData.notificationSent)
        case .notificationFailed: NotificationFailed.read(from: reader).map(EventData.notificationFailed)
        }
    }

    /// The payload's wire form; every payload type is a `WireObject`.
    var wirePayload: any WireObject {
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
}
