import AMQP
import Codec
import EventHandling
import Foundation

/// Publishes CloudEvents to the `mentorflow.events` topic exchange: routing key = event name,
/// AMQP properties mirroring the envelope, persistent and mandatory (an event nobody is bound
/// to is an error, not a silent drop).
public struct AMQPEventPublisher: EventPublisher {
    public let connection: AMQPConnection
    public let exchange: String
    public let timeout: Duration?

    public init(connection: AMQPConnection, exchange: String = Topology.eventsExchange, timeout: Duration? = .seconds(30)) {
        self.connection = connection
        self.exchange = exchange
        self.timeout = timeout
    }

    public func publish(_ events: [CloudEvent]) async throws {
        guard !events.isEmpty else { return }
        let results = await connection.publish(batch: events.map(message(for:)), timeout: timeout)
        for result in results { try result.get() }
    }

    public func message(for event: CloudEvent) -> AMQPOutgoingMessage {
        Self.message(for: event, exchange: exchange)
    }

    /// `event` as published to `exchange`: what a consumer bound to its name receives.
    public static func message(for event: CloudEvent, exchange: String) -> AMQPOutgoingMessage {
        let envelope = event.messageProperties
        let properties = AMQPProperties(
            contentType: envelope.contentType, messageID: envelope.messageID, type: envelope.type,
            timestamp: UInt64(max(0, envelope.timestamp.timeIntervalSince1970)), appID: event.source,
            headers: envelope.headers.mapValues { .string($0) })
        return AMQPOutgoingMessage(exchange: exchange, routingKey: event.routingKey, body: Array(EventCodec.encode(event)), properties: properties)
    }
}
