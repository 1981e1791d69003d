import Foundation

/// A follow-up session booked after an earlier one, with the calendar invite sent out.
public struct FollowUp: Sendable, Equatable {
    /// The new session's id (the event's `sessionID` is the session it follows up on).
    public var sessionID: SessionID
    public var scheduledAt: Date
    public var durationMin: Int
    /// The iCalendar (RFC 5545) text, carried whole so that every channel sends the same invite.
    public var icsInvite: String

    public init(sessionID: SessionID, scheduledAt: Date, durationMin: Int, icsInvite: String) {
        self.sessionID = sessionID
        self.scheduledAt = scheduledAt
        self.durationMin = durationMin
        self.icsInvite = icsInvite
    }
}
