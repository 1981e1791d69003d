import AMQP
import Codec
import Foundation
import ServiceKit
import Synchronization

/// A delivery held in memory that remembers how the consume loop settled it.
public final class InMemoryDelivery: Delivery {
    /// How a delivery was settled.
    public enum Settlement: Sendable, Equatable {
        case acked
        case nacked(requeue: Bool)
        case rejected
    }

    public let body: [UInt8]
    public let properties: AMQPProperties
    public let routingKey: String
    public let redelivered: Bool
    private let settled = Mutex<[Settlement]>([])

    public init(body: [UInt8], routingKey: String, properties: AMQPProperties = AMQPProperties(), redelivered: Bool = false) {
        self.body = body
        self.routingKey = routingKey
        self.properties = properties
        self.redelivered = redelivered
    }

    /// `event` as `AMQPEventPublisher` would publish it (body, routing key, properties).
    public convenience init(_ event: CloudEvent, headers: AMQPTable = [:], redelivered: Bool = false) {
        let message = AMQPEventPublisher.message(for: event, exchange: "")
        var properties = message.properties
        properties.headers.merge(headers) { _, new in new }
        self.init(body: message.body, routingKey: message.routingKey, properties: properties, redelivered: redelivered)
    }

    /// The settlement, once there is one (nil while unsettled).
    public var settlement: Settlement? { settled.withLock { $0.first } }
    /// Every settlement: more than one is a bug of the consume loop.
    public var settlements: [Settlement] { settled.withLock { $0 } }

    public func ack() { settled.withLock { $0.append(.acked) } }
    public func nack(requeue: Bool) { settled.withLock { $0.append(.nacked(requeue: requeue)) } }
    public func reject() { settled.withLock { $0.append(.rejected) } }
}
