import AMQP
import ServiceKit
import Synchronization

/// A queue in memory for the consume loop: tests `deliver` messages, the loop consumes them, and
/// `cancelConsumers` ends the stream after what was already handed over (like a prefetch buffer).
public final class InMemoryDeliverySource: DeliverySource {
    private let stream: AsyncThrowingStream<any Delivery, any Error>
    private let continuation: AsyncThrowingStream<any Delivery, any Error>.Continuation
    private let declared = Mutex<[AMQPTopology]>([])
    private let inTransit = Mutex<[InMemoryDelivery]>([])
    private let cancellations: AsyncStream<Void>
    private let cancellation: AsyncStream<Void>.Continuation

    public init() {
        (stream, continuation) = AsyncThrowingStream.makeStream()
        (cancellations, cancellation) = AsyncStream.makeStream()
    }

    public var isConnected: Bool { true }

    /// What the loop declared.
    public var topologies: [AMQPTopology] { declared.withLock { $0 } }

    public func declare(_ topology: AMQPTopology) async throws {
        declared.withLock { $0.append(topology) }
    }

    public func deliveries(queue: String, prefetch: UInt16) async throws -> any AsyncSequence<any Delivery, any Error> {
        stream
    }

    public func cancelConsumers() async {
        for delivery in inTransit.withLock({ $0 }) { continuation.yield(delivery) }
        continuation.finish()
        cancellation.yield()
        cancellation.finish()
    }

    /// Returns once the consumer was cancelled (a graceful shutdown began).
    public func untilCancelled() async {
        for await _ in cancellations { return }
    }

    /// Hands `deliveries` to the consumer as it is being cancelled: what the broker had already
    /// sent when the cancel reached it (they arrive after the loop began shutting down).
    public func deliverWhenCancelled(_ deliveries: InMemoryDelivery...) {
        inTransit.withLock { $0 += deliveries }
    }

    /// Hands `deliveries` to the consumer, in order.
    public func deliver(_ deliveries: InMemoryDelivery...) {
        for delivery in deliveries { continuation.yield(delivery) }
    }
}
