import Foundation
import Model

/// One MentorFlow event as a CloudEvents 1.0 event in structured JSON mode.
///
/// `type`, `specversion` and `datacontenttype` are derived rather than stored, so an
/// event cannot claim one type and carry another's payload.
public struct CloudEvent: Sendable, Equatable {
    public static let specVersion = "1.0"
    public static let dataContentType = "application/json"

    /// Unique per event; consumers deduplicate redeliveries by it (with `source`).
    public let id: String
    /// The publishing service as a URI-reference, e.g. `/mentorflow/ingest`.
    public let source: String
    /// When it happened, at millisecond precision (the precision the wire carries).
    public let time: Date
    /// The session the event is about, where there is one.
    public let subject: String?
    /// W3C Trace Context of the publishing span (CloudEvents distributed-tracing extension).
    public let traceparent: String?
    public let data: EventData

    /// Rounds `time` to the millisecond so that an event equals itself after a trip
    /// through the wire.
    public init(id: String, source: String, time: Date, subject: String?, traceparent: String? = nil, data: EventData) {
        self.id = id
        self.source = source
        self.time = Timestamp.wireDate(time)
        self.subject = subject
        self.traceparent = traceparent
        self.data = data
    }

    /// An event whose `subject` is the payload's session id (or none).
    public init(id: String, source: String, time: Date, traceparent: String? = nil, data: EventData) {
        self.init(id: id, source: source, time: time, subject: data.sessionID?.rawValue, traceparent: traceparent, data: data)
    }

    public var eventType: EventType { data.eventType }
    /// The CloudEvents `type`, e.g. `mentorflow.session.completed`.
    public var type: String { eventType.cloudEventType }
    public var specversion: String { Self.specVersion }
    public var datacontenttype: String { Self.dataContentType }
    /// The AMQP routing key on `mentorflow.events`: the event name, e.g. `session.completed`.
    public var routingKey: String { eventType.rawValue }
}
