import Codec
import Foundation

/// A stored outbox row waiting to be published, as the relay reads it back.
public struct OutboxRecord: Sendable, Equatable {
    /// Write order across the whole outbox (never reused): rows of one subject are published in it.
    public var position: Int64
    public var eventID: String
    /// The routing key (the event name, e.g. `session.flagged`).
    public var eventType: String
    public var subject: String
    /// The CloudEvent as the codec encoded it when the row was written.
    public var body: Data
    public var createdAt: Date
    public var notBefore: Date?

    public init(position: Int64, eventID: String, eventType: String, subject: String, body: Data, createdAt: Date, notBefore: Date?) {
        self.position = position
        self.eventID = eventID
        self.eventType = eventType
        self.subject = subject
        self.body = body
        self.createdAt = createdAt
        self.notBefore = notBefore
    }

    /// The stored event, decoded by the codec (a row a later codec refuses is an error, never a crash).
    public var event: Result<CloudEvent, EventDecodingError> { EventCodec.decode(body) }
}
