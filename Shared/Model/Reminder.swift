import Foundation

/// What a reminder nudges someone to do.
public enum ReminderKind: String, CaseIterable, Sendable {
    case sessionUpcoming = "session_upcoming"
    case feedbackPrompt = "feedback_prompt"
    case preworkPrompt = "prework_prompt"
    case actionItem = "action_item"
}

/// A reminder that has come due. Its `id` is stable so that a re-delivered event
/// does not notify twice.
public struct Reminder: Sendable, Equatable {
    public var id: ReminderID
    public var sessionID: SessionID
    public var kind: ReminderKind
    public var recipientRole: RecipientRole
    public var dueAt: Date

    public init(
        id: ReminderID, sessionID: SessionID, kind: ReminderKind, recipientRole: RecipientRole,
        dueAt: Date
    ) {
        self.id = id
        self.sessionID = sessionID
        self.kind = kind
        self.recipientRole = recipientRole
        self.dueAt = dueAt
    }
}
