/// A message handed to a consumer. It stays unacknowledged on the broker until `ack`, `nack`
/// or `reject` is called; settling sends the request back to the thread that owns the channel.
public struct AMQPDelivery: Sendable {
    public let body: [UInt8]
    public let properties: AMQPProperties
    public let exchange: String
    public let routingKey: String
    /// The broker has delivered this message before (to this or another consumer) without an ack.
    public let redelivered: Bool
    public let deliveryTag: UInt64
    /// Which connection incarnation delivered it: a tag is only meaningful on the channel that
    /// issued it, so settlements from before a reconnect are dropped (the broker redelivers).
    let epoch: UInt64
    let mailbox: ConnectionMailbox

    /// Tells the broker the message is handled and may be forgotten.
    public func ack() {
        mailbox.send(.settle(Settlement(deliveryTag: deliveryTag, epoch: epoch, kind: .ack)))
    }

    /// Gives the message back: to the queue (`requeue: true`) or to the queue's dead-letter exchange.
    public func nack(requeue: Bool) {
        mailbox.send(.settle(Settlement(deliveryTag: deliveryTag, epoch: epoch, kind: .nack(requeue: requeue))))
    }

    /// Refuses the message without requeue, so the broker dead-letters it.
    public func reject() {
        mailbox.send(.settle(Settlement(deliveryTag: deliveryTag, epoch: epoch, kind: .reject)))
    }
}

/// The deliveries of one consumer, in order. It ends when the consumer is cancelled, and throws
/// when the broker cancels it (for instance because its queue was deleted).
public typealias AMQPDeliveries = AsyncThrowingStream<AMQPDelivery, any Error>

struct Settlement: Sendable {
    enum Kind: Sendable {
        case ack
        case nack(requeue: Bool)
        case reject
    }
    let deliveryTag: UInt64
    let epoch: UInt64
    let kind: Kind
}
