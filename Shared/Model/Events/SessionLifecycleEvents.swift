import Foundation

// Published by ingest as the LMS reports each session's booking and outcome.

/// `session.scheduled`: a session is booked.
public struct SessionScheduled: EventPayload {
    public static let eventType = EventType.sessionScheduled
    public var booking: SessionBooking

    public init(booking: SessionBooking) { self.booking = booking }

    public var sessionID: SessionID { booking.sessionID }
    public var subject: SessionID? { sessionID }
}

/// `session.completed`: the session took place.
public struct SessionCompleted: EventPayload {
    public static let eventType = EventType.sessionCompleted
    public var sessionID: SessionID
    public var actualDurationMin: Int
    public var outcome: SessionOutcome

    public init(sessionID: SessionID, actualDurationMin: Int, outcome: SessionOutcome) {
        self.sessionID = sessionID
        self.actualDurationMin = actualDurationMin
        self.outcome = outcome
    }

    public var subject: SessionID? { sessionID }
}

/// `session.no_show`: someone did not turn up; `outcome.learnerAttended` says whether
/// it was the learner.
public struct SessionNoShow: EventPayload {
    public static let eventType = EventType.sessionNoShow
    public var sessionID: SessionID
    public var outcome: SessionOutcome

    public init(sessionID: SessionID, outcome: SessionOutcome) {
        self.sessionID = sessionID
        self.outcome = outcome
    }

    public var subject: SessionID? { sessionID }
}

/// `session.cancelled`: the session will not take place.
public struct SessionCancelled: EventPayload {
    public static let eventType = EventType.sessionCancelled
    public var sessionID: SessionID
    public var reason: String?
    public var outcome: SessionOutcome

    public init(sessionID: SessionID, reason: String? = nil, outcome: SessionOutcome) {
        self.sessionID = sessionID
        self.reason = reason
        self.outcome = outcome
    }

    public var subject: SessionID? { sessionID }
}

/// `session.rescheduled`: the session moved. The new time is optional because the
/// LMS export records the fact before a new slot is agreed.
public struct SessionRescheduled: EventPayload {
    public static let eventType = EventType.sessionRescheduled
    public var sessionID: SessionID
    public var newScheduledAt: Date?
    public var reason: String?
    public var outcome: SessionOutcome

    public init(
        sessionID: SessionID, newScheduledAt: Date? = nil, reason: String? = nil,
        outcome: SessionOutcome
    ) {
        self.sessionID = sessionID
        self.newScheduledAt = newScheduledAt
        self.reason = reason
        self.outcome = outcome
    }

    public var subject: SessionID? { sessionID }
}
