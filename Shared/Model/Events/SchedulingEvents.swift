import Foundation

// Published by the scheduler (and, for acknowledgements, by insights or ingest).

/// `followup.booked`: a follow-up session was booked after `sessionID`.
public struct FollowUpBooked: EventPayload {
    public static let eventType = EventType.followUpBooked
    public var sessionID: SessionID
    public var followUp: FollowUp

    public init(sessionID: SessionID, followUp: FollowUp) {
        self.sessionID = sessionID
        self.followUp = followUp
    }

    public var subject: SessionID? { sessionID }
}

/// `reminder.due`: a reminder or feedback prompt should go out now.
public struct ReminderDue: EventPayload {
    public static let eventType = EventType.reminderDue
    public var reminder: Reminder

    public init(reminder: Reminder) { self.reminder = reminder }

    public var sessionID: SessionID { reminder.sessionID }
    public var subject: SessionID? { sessionID }
}

/// `escalation.opened`: a PM must act on a session within the escalation window.
public struct EscalationOpened: EventPayload {
    public static let eventType = EventType.escalationOpened
    public var escalation: Escalation

    public init(escalation: Escalation) { self.escalation = escalation }

    public var sessionID: SessionID { escalation.sessionID }
    public var subject: SessionID? { sessionID }
}

/// `escalation.breached`: the window passed without acknowledgement; it now goes to
/// `escalatedTo` (leadership).
public struct EscalationBreached: EventPayload {
    public static let eventType = EventType.escalationBreached
    public var escalation: Escalation
    public var breachedAt: Date
    public var escalatedTo: EscalationLevel

    public init(escalation: Escalation, breachedAt: Date, escalatedTo: EscalationLevel = .leadership) {
        self.escalation = escalation
        self.breachedAt = breachedAt
        self.escalatedTo = escalatedTo
    }

    public var sessionID: SessionID { escalation.sessionID }
    public var subject: SessionID? { sessionID }
}

/// `escalation.acknowledged`: the PM has taken the escalation on; stops its clock.
public struct EscalationAcknowledged: EventPayload {
    public static let eventType = EventType.escalationAcknowledged
    public var escalationID: EscalationID
    public var sessionID: SessionID
    /// Who acknowledged (a PM's name or handle), for the audit trail.
    public var acknowledgedBy: String
    public var acknowledgedAt: Date

    public init(
        escalationID: EscalationID, sessionID: SessionID, acknowledgedBy: String, acknowledgedAt: Date
    ) {
        self.escalationID = escalationID
        self.sessionID = sessionID
        self.acknowledgedBy = acknowledgedBy
        self.acknowledgedAt = acknowledgedAt
    }

    public var subject: SessionID? { sessionID }
}
