import Foundation

/// The basic properties MentorFlow sets and reads. Persistence is not optional here:
/// every message MentorFlow publishes is persistent (delivery mode 2).
public struct AMQPProperties: Sendable, Equatable {
    public var contentType: String?
    public var messageID: String?
    public var type: String?
    /// Seconds since 1970 (AMQP timestamps have one-second resolution).
    public var timestamp: UInt64?
    public var correlationID: String?
    public var appID: String?
    /// Per-message TTL in milliseconds, as the decimal string AMQP expects.
    public var expiration: String?
    public var headers: AMQPTable
    /// 2 = persistent. Only read from deliveries; publishing always uses 2.
    public var deliveryMode: UInt8?

    public init(
        contentType: String? = nil, messageID: String? = nil, type: String? = nil, timestamp: UInt64? = nil,
        correlationID: String? = nil, appID: String? = nil, expiration: String? = nil, headers: AMQPTable = [:],
        deliveryMode: UInt8? = nil
    ) {
        self.contentType = contentType
        self.messageID = messageID
        self.type = type
        self.timestamp = timestamp
        self.correlationID = correlationID
        self.appID = appID
        self.expiration = expiration
        self.headers = headers
        self.deliveryMode = deliveryMode
    }
}

/// A message to publish: where it goes and what it carries.
public struct AMQPOutgoingMessage: Sendable, Equatable {
    public var exchange: String
    public var routingKey: String
    public var body: [UInt8]
    public var properties: AMQPProperties
    /// When set (the default), the broker returns a message no queue is bound for, and
    /// `publish` fails with `AMQPError.unroutable` instead of the message vanishing.
    public var mandatory: Bool

    public init(exchange: String, routingKey: String, body: [UInt8], properties: AMQPProperties = AMQPProperties(), mandatory: Bool = true) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.body = body
        self.properties = properties
        self.mandatory = mandatory
    }
}
