import Foundation
import Logging
import Synchronization

/// A connection to the broker, owned by a dedicated OS thread.
///
/// rabbitmq-c is blocking and not thread-safe, and heartbeats are only serviced while it is
/// called; so every C call for this connection happens on its own thread, and async callers talk
/// to that thread through a mailbox. Nothing here ever blocks Swift's cooperative pool.
///
/// The connection reconnects by itself (capped exponential back-off with jitter), declares its
/// remembered topology again, resumes its consumers and resends publishes that were never
/// confirmed. Use one connection for publishing and another for consuming, so a flood of
/// deliveries never delays confirms.
public final class AMQPConnection: Sendable {
    public let configuration: AMQPConfiguration
    let mailbox = ConnectionMailbox()
    let statusBox = StatusBox()
    private let consumerCounter = Atomic<Int>(0)
    private let logger: Logger

    /// Starts the connection thread; the first connection attempt begins at once.
    /// - Parameter confirmWindow: how many publishes may await their confirm at once.
    public init(configuration: AMQPConfiguration, logger: Logger, reconnectPolicy: ReconnectPolicy = .default, confirmWindow: Int = 1000) {
        self.configuration = configuration
        var tagged = logger
        tagged[metadataKey: "amqp.connection"] = "\(configuration.connectionName)"
        let logger = tagged
        self.logger = logger
        let mailbox = mailbox
        let statusBox = statusBox
        let thread = Thread {
            let driver = ConnectionDriver(
                configuration: configuration, mailbox: mailbox, status: statusBox,
                reconnectPolicy: reconnectPolicy, confirmWindow: confirmWindow, logger: logger)
            driver.run()
        }
        thread.name = "amqp-\(configuration.connectionName)"
        thread.start()
    }

    public var status: ConnectionStatus { statusBox.current }

    public var isConnected: Bool { status == .connected }

    /// Waits for the first successful connection. Throws the last connection error (e.g.
    /// `authenticationRefused`, `unreachable`) once `timeout` has passed without one.
    public func waitUntilConnected(timeout: Duration = .seconds(10)) async throws(AMQPError) {
        let deadline = ContinuousClock.now + timeout
        while true {
            switch status {
            case .connected: return
            case .closed: throw .shutDown
            case .reconnecting(let error) where ContinuousClock.now >= deadline: throw error
            case .connecting where ContinuousClock.now >= deadline:
                throw .timeout("connecting to \(configuration.redactedURL)")
            default:
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    /// Declares exchanges, queues and bindings, and remembers them for every reconnect.
    /// Waits for a connection if there is none yet.
    public func declare(_ topology: AMQPTopology) async throws(AMQPError) {
        try await request { completion in .declare(topology, completion: completion) }
    }

    /// Deletes a queue (and its messages) and forgets it, so it is not declared again on reconnect.
    /// For tools and tests; services never delete their queues.
    public func deleteQueue(_ name: String) async throws(AMQPError) {
        try await request { completion in .deleteQueue(name, completion: completion) }
    }

    /// Publishes one persistent message and returns once the broker has confirmed it.
    /// Throws `unroutable` when no queue took it, `publishNacked` when the broker refused it,
    /// `timeout` when `timeout` passed first (outcome unknown: publish again with the same id).
    public func publish(_ message: AMQPOutgoingMessage, timeout: Duration? = nil) async throws(AMQPError) {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        try await request { completion in .publish(PendingPublish(message: message, deadline: deadline, completion: completion)) }
    }

    /// Publishes many messages at once, pipelined within the confirm window, and returns each
    /// one's outcome in order once all are settled.
    public func publish(batch messages: [AMQPOutgoingMessage], timeout: Duration? = nil) async -> [Result<Void, AMQPError>] {
        guard !messages.isEmpty else { return [] }
        let deadline = timeout.map { ContinuousClock.now + $0 }
        return await withCheckedContinuation { continuation in
            let collector = BatchCollector(count: messages.count, continuation: continuation)
            let commands = messages.enumerated().map { index, message in
                ConnectionCommand.publish(PendingPublish(message: message, deadline: deadline) { collector.set(index, $0) })
            }
            if !mailbox.send(contentsOf: commands) {
                for index in messages.indices { collector.set(index, .failure(.shutDown)) }
            }
        }
    }

    /// Starts a consumer with manual acknowledgement and at most `prefetch` unacknowledged
    /// deliveries. The stream survives reconnects (the consumer is started again); it ends
    /// after `cancelConsumers()` or `close()`.
    public func consume(queue: String, prefetch: UInt16) async throws(AMQPError) -> AMQPDeliveries {
        let (stream, continuation) = AMQPDeliveries.makeStream()
        let number = consumerCounter.add(1, ordering: .relaxed).newValue
        let tag = "\(configuration.connectionName)-\(queue)-\(number)"
        try await request { completion in
            .consume(ConsumerRegistration(queue: queue, prefetch: prefetch, tag: tag, deliveries: continuation, started: completion))
        }
        return stream
    }

    /// Fetches one message with basic.get (manual ack), or nil when the queue is empty.
    /// For tools that inspect queues, not for services.
    public func get(queue: String) async throws(AMQPError) -> AMQPDelivery? {
        let result: Result<AMQPDelivery?, AMQPError> = await withCheckedContinuation { continuation in
            if !mailbox.send(.get(queue: queue, completion: { continuation.resume(returning: $0) })) {
                continuation.resume(returning: .failure(.shutDown))
            }
        }
        return try result.get()
    }

    /// Stops all consumers: returns once the broker confirmed every cancel, so no new delivery
    /// will arrive; deliveries already handed out can still be acked.
    public func cancelConsumers() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            if !mailbox.send(.cancelConsumers(completion: { continuation.resume() })) { continuation.resume() }
        }
    }

    /// Cancels consumers, waits (up to 10 s) for outstanding publishes to be confirmed and
    /// queued acks to be sent, then closes channel and connection and ends the thread.
    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            if !mailbox.send(.close(completion: { continuation.resume() })) { continuation.resume() }
        }
    }

    private func request(_ make: (@escaping @Sendable (Result<Void, AMQPError>) -> Void) -> ConnectionCommand) async throws(AMQPError) {
        let result: Result<Void, AMQPError> = await withCheckedContinuation { continuation in
            if !mailbox.send(make({ continuation.resume(returning: $0) })) {
                continuation.resume(returning: .failure(.shutDown))
            }
        }
        try result.get()
    }
}

/// Gathers the outcomes of a batch publish and resumes the caller once, when the last settles.
private final class BatchCollector: Sendable {
    private struct State {
        var results: [Result<Void, AMQPError>?]
        var remaining: Int
    }
    private let state: Mutex<State>
    private let continuation: CheckedContinuation<[Result<Void, AMQPError>], Never>

    init(count: Int, continuation: CheckedContinuation<[Result<Void, AMQPError>], Never>) {
        state = Mutex(State(results: Array(repeating: nil, count: count), remaining: count))
        self.continuation = continuation
    }

    func set(_ index: Int, _ result: Result<Void, AMQPError>) {
        let finished: [Result<Void, AMQPError>]? = state.withLock { state in
            guard state.results[index] == nil else { return nil }
            state.results[index] = result
            state.remaining -= 1
            return state.remaining == 0 ? state.results.map { $0! } : nil
        }
        if let finished { continuation.resume(returning: finished) }
    }
}
