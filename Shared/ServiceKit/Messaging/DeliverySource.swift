import AMQP

/// Where the consume loop's deliveries come from: the consuming connection, as the loop uses it.
public protocol DeliverySource: Sendable {
    /// Up with the broker (what `/health/ready` reports).
    var isConnected: Bool { get }
    /// Declares the service's queues and bindings (idempotent).
    func declare(_ topology: AMQPTopology) async throws
    /// Starts consuming `queue` with manual acks, at most `prefetch` unsettled at once. The
    /// sequence ends after `cancelConsumers()`.
    func deliveries(queue: String, prefetch: UInt16) async throws -> any AsyncSequence<any Delivery, any Error>
    /// Stops delivering; returns once no new delivery will arrive (handed-out ones can still be settled).
    func cancelConsumers() async
}

extension AMQPConnection: DeliverySource {
    public func deliveries(queue: String, prefetch: UInt16) async throws -> any AsyncSequence<any Delivery, any Error> {
        try await consume(queue: queue, prefetch: prefetch).map { $0 as any Delivery }
    }
}
