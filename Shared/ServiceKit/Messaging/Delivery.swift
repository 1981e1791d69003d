import AMQP

/// One message handed to the consume loop, to be settled once: acked, given back or rejected.
/// A protocol so the loop's retry, dead-letter, poison and shutdown paths can be unit-tested
/// with in-memory deliveries (`MentorFlowTesting`); `AMQPDelivery` is the real one.
public protocol Delivery: Sendable {
    var body: [UInt8] { get }
    var properties: AMQPProperties { get }
    /// The key it was published with (the event name on `mentorflow.events`).
    var routingKey: String { get }
    /// The broker delivered it before without an ack (a crash, a lost connection).
    var redelivered: Bool { get }
    /// Handled: the broker may forget it.
    func ack()
    /// Given back: to the queue (`requeue: true`) or to the queue's dead-letter exchange.
    func nack(requeue: Bool)
    /// Refused without requeue: the broker dead-letters it.
    func reject()
}

extension AMQPDelivery: Delivery {}
