import AMQP

/// Where the consume loop sends raw messages: copies of a delivery to the retry queue or the
/// dead-letter queue, published with confirms.
public protocol MessageSink: Sendable {
    var isConnected: Bool { get }
    /// Declares the shared exchanges (idempotent).
    func declare(_ topology: AMQPTopology) async throws
    /// Publishes one message and returns once the broker confirmed it.
    func send(_ message: AMQPOutgoingMessage) async throws
}

extension AMQPConnection: MessageSink {
    public func send(_ message: AMQPOutgoingMessage) async throws {
        try await publish(message)
    }
}
