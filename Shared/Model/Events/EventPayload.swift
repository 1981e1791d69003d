/// The typed `data` of one event.
public protocol EventPayload: Sendable, Equatable {
    /// The event this payload belongs to; one payload type per event.
    static var eventType: EventType { get }

    /// The session the event is about, if any. It becomes the CloudEvents `subject`, so
    /// that consumers can route or filter by session without decoding `data`.
    var subject: SessionID? { get }
}
