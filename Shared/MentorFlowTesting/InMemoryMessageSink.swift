import AMQP
import ServiceKit
import Synchronization

/// Records the raw messages the consume loop sends (retries, dead letters); can refuse them.
public final class InMemoryMessageSink: MessageSink {
    private let state = Mutex<(sent: [AMQPOutgoingMessage], failure: AMQPError?)>(([], nil))

    public init() {}

    public var isConnected: Bool { true }

    /// Sent so far, in order.
    public var sent: [AMQPOutgoingMessage] { state.withLock { $0.sent } }

    /// From now on every send throws `failure` (nil: succeed again).
    public func fail(with failure: AMQPError?) {
        state.withLock { $0.failure = failure }
    }

    public func declare(_ topology: AMQPTopology) async throws {}

    public func send(_ message: AMQPOutgoingMessage) async throws {
        try state.withLock { state in
            if let failure = state.failure { throw failure }
            state.sent.append(message)
        }
    }
}
