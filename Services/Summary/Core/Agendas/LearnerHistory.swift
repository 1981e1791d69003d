import Foundation
import Model

/// One earlier session of the learner, as the agenda needs it.
public struct PastSession: Sendable, Equatable {
    public var sessionID: SessionID
    public var sessionType: SessionType
    public var scheduledAt: Date
    /// Nil when no outcome arrived (yet).
    public var status: SessionStatus?
    public var rating: Int?
    public var sentiment: SentimentLabel?
    public var aspects: [Aspect]
    public var actionItems: [ActionItem]

    public init(
        sessionID: SessionID, sessionType: SessionType, scheduledAt: Date, status: SessionStatus?, rating: Int? = nil,
        sentiment: SentimentLabel? = nil, aspects: [Aspect] = [], actionItems: [ActionItem] = []
    ) {
        self.sessionID = sessionID
        self.sessionType = sessionType
        self.scheduledAt = scheduledAt
        self.status = status
        self.rating = rating
        self.sentiment = sentiment
        self.aspects = aspects
        self.actionItems = actionItems
    }
}

/// What the agenda is built from: the booking, the learner's earlier sessions (oldest first),
/// the pre-session form if it came, and the batch's pain points.
public struct AgendaInput: Sendable, Equatable {
    public var booking: SessionBooking
    public var history: [PastSession]
    public var prework: Prework?
    public var painPoints: [String]

    public init(booking: SessionBooking, history: [PastSession], prework: Prework?, painPoints: [String]) {
        self.booking = booking
        self.history = history
        self.prework = prework
        self.painPoints = painPoints
    }
}
