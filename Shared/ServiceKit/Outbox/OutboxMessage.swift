import Codec
import Foundation

/// An event a state change causes, handed to the outbox inside the transaction of that change.
/// Everything that identifies the event is fixed here, when the row is written: the id, the
/// time and the body never change at publish time, so a re-publish (after a crash between
/// publish and mark) carries the same id and downstream inboxes drop the copy.
public struct OutboxMessage: Sendable, Equatable {
    public var event: CloudEvent
    /// The ordering key: rows of one subject are published in the order they were written.
    /// Defaults to the event's `subject` (the session for session events); an event without one
    /// orders by nothing but itself (its id).
    public var subject: String
    /// Not published before this time (a timer: "remind at 09:00"); nil publishes at once. A row
    /// joins its subject's queue when it becomes due, so a row that is not due yet does not hold
    /// back rows of its subject written after it.
    public var notBefore: Date?

    public init(_ event: CloudEvent, subject: String? = nil, notBefore: Date? = nil) {
        self.event = event
        self.subject = subject ?? event.subject ?? event.id
        self.notBefore = notBefore
    }
}
