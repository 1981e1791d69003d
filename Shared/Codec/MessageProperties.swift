import Foundation

/// The AMQP basic properties an event is published with, as plain values, so the AMQP
/// client (which has the C types) only copies them and no service invents its own.
public struct MessageProperties: Sendable, Equatable {
    public var contentType: String
    /// The CloudEvents `id`: lets the broker and tools deduplicate and trace.
    public var messageID: String
    /// The CloudEvents `type`, for consumers that filter before decoding.
    public var type: String
    public var timestamp: Date
    /// Application headers; `traceparent` when the event has one, so tracing works
    /// without parsing the body.
    public var headers: [String: String]

    public init(contentType: String, messageID: String, type: String, timestamp: Date, headers: [String: String]) {
        self.contentType = contentType
        self.messageID = messageID
        self.type = type
        self.timestamp = timestamp
        self.headers = headers
    }
}

extension CloudEvent {
    public var messageProperties: MessageProperties {
        MessageProperties(
            contentType: EventCodec.contentType,
            messageID: id,
            type: type,
            timestamp: time,
            headers: traceparent.map { ["traceparent": $0] } ?? [:])
    }
}
