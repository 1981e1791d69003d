import AMQP
import Codec
import Foundation
import Logging
import ServiceKit
import Synchronization

/// The scenarios through the async layer, written the way a MentorFlow service uses it: events
/// are published through ServiceKit's `AMQPEventPublisher` (which encodes each with `EventCodec`
/// and confirms it), and every delivered body is decoded with `EventCodec` before it is acked, as
/// `EventConsumer` does. Publisher and consumer use separate connections, as the AMQP module asks.
struct AsyncScenarios: Sendable {
    let configuration: AMQPConfiguration
    let logger: Logger
    let exchange: String
    /// Makes message ids unique across runs of the bench.
    let runID: String
    /// How long a measurement may go without progress before it is reported as stalled.
    let stallTimeout: Duration
    /// False (`--skip-codec`) to send the raw side's pre-encoded body and not decode deliveries:
    /// isolates the AMQP layer's own cost from the codec's when diagnosing a low ratio.
    let useCodec: Bool
    let template: RawMessageTemplate

    /// Window 1: each publish is awaited (it returns after the broker's confirm) before the next.
    func publishOneByOne(queue: String, count: Int) async throws -> Duration {
        try await withPublisher { publisher in
            let start = ContinuousClock.now
            for number in 1...count {
                try await publish(number...number, through: publisher)
            }
            return ContinuousClock.now - start
        }
    }

    /// A large window: the connection keeps up to `window` publishes unconfirmed on the wire.
    func publishWindowed(queue: String, count: Int, window: Int) async throws -> Duration {
        try await withPublisher(confirmWindow: window) { publisher in
            let start = ContinuousClock.now
            try await publishPipelined(through: publisher, count: count, window: window)
            return ContinuousClock.now - start
        }
    }

    /// Drains `count` messages from a pre-filled queue: decode, then ack, one by one.
    func consume(queue: String, count: Int, prefetch: UInt16) async throws -> Duration {
        try await withConnection("consumer") { consumer in
            let deliveries = try await consumer.consume(queue: queue, prefetch: prefetch)
            let start = ContinuousClock.now
            try await drain(deliveries, count: count, consumer: consumer)
            return ContinuousClock.now - start
        }
    }

    /// Publisher and consumer connections at once. The clock starts when publishing begins
    /// (the consumer is already registered) and stops when the last delivery is acked and the
    /// last confirm is in.
    func endToEnd(queue: String, count: Int, window: Int, prefetch: UInt16) async throws -> Duration {
        try await withConnection("e2e-consumer") { consumer in
            try await withPublisher(role: "e2e-publisher", confirmWindow: window) { publisher in
                let deliveries = try await consumer.consume(queue: queue, prefetch: prefetch)
                let start = ContinuousClock.now
                async let publishingEnd: ContinuousClock.Instant = {
                    try await publishPipelined(through: publisher, count: count, window: window)
                    return ContinuousClock.now
                }()
                try await drain(deliveries, count: count, consumer: consumer)
                let consumingEnd = ContinuousClock.now
                return max(consumingEnd, try await publishingEnd) - start
            }
        }
    }

    // MARK: Building blocks

    /// Keeps the connection's confirm window full: events go in as chunks of a quarter window,
    /// with up to five chunks submitted, so the connection always has the next chunk queued while
    /// `window` messages await their confirm on the wire. The window the broker sees is the
    /// connection's `confirmWindow`, the same as the raw loop's.
    private func publishPipelined(through publisher: AMQPEventPublisher, count: Int, window: Int) async throws {
        let chunkSize = max(1, window / 4)
        let chunksInFlight = window / chunkSize + 1
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 1
            var inFlight = 0
            while next <= count {
                if inFlight == chunksInFlight {
                    try await group.next()
                    inFlight -= 1
                }
                let numbers = next...min(count, next + chunkSize - 1)
                next = numbers.upperBound + 1
                group.addTask { try await publish(numbers, through: publisher) }
                inFlight += 1
            }
            try await group.waitForAll()
        }
    }

    /// Publishes messages `numbers` as one batch and returns once all are confirmed: events
    /// through the publisher (encoded there), or with `--skip-codec` the pre-encoded body.
    private func publish(_ numbers: ClosedRange<Int>, through publisher: AMQPEventPublisher) async throws {
        guard useCodec else {
            let messages = numbers.map(preEncoded)
            for result in await publisher.connection.publish(batch: messages, timeout: stallTimeout) {
                try result.get()
            }
            return
        }
        try await publisher.publish(numbers.map { SampleEvent.event(runID: runID, number: $0) })
    }

    /// The raw side's message, for `--skip-codec`.
    private func preEncoded(_ number: Int) -> AMQPOutgoingMessage {
        AMQPOutgoingMessage(
            exchange: exchange, routingKey: template.routingKey, body: template.body,
            properties: AMQPProperties(
                contentType: template.contentType, messageID: "\(template.messageIDPrefix)\(number)", type: template.type,
                timestamp: template.timestamp, appID: template.appID,
                headers: template.traceparent.map { ["traceparent": .string($0)] } ?? [:]))
    }

    /// Takes `count` deliveries: decode each body, then ack it. A watchdog cancels the consumer
    /// (which ends the stream) when nothing arrives for `stallTimeout`, so a lost message makes
    /// the bench fail instead of hang.
    private func drain(_ deliveries: AMQPDeliveries, count: Int, consumer: AMQPConnection) async throws {
        let progress = ProgressCounter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [stallTimeout] in
                var seen = -1
                while true {
                    try await Task.sleep(for: stallTimeout)
                    let now = progress.value.load(ordering: .relaxed)
                    if now == seen {
                        await consumer.cancelConsumers()
                        return
                    }
                    seen = now
                }
            }
            var received = 0
            var undecodable = 0
            for try await delivery in deliveries {
                if !accepts(delivery.body) { undecodable += 1 }
                delivery.ack()
                received += 1
                progress.value.store(received, ordering: .relaxed)
                if received == count { break }
            }
            group.cancelAll()
            guard received == count else {
                throw BenchError("async consumer: \(received) of \(count) messages arrived (stalled for \(stallTimeout))")
            }
            guard undecodable == 0 else {
                throw BenchError("async consumer: \(undecodable) of \(count) bodies did not decode")
            }
        }
    }

    /// Whether a delivered body is what was sent: decoded as `EventConsumer` does, or (with
    /// `--skip-codec`) only its size checked.
    private func accepts(_ body: [UInt8]) -> Bool {
        guard useCodec else { return body.count == template.body.count }
        if case .success = EventCodec.decode(Data(body)) { return true }
        return false
    }

    /// A publisher on its own connection, first checked to send what the raw loops send.
    private func withPublisher<Result: Sendable>(
        role: String = "publisher", confirmWindow: Int = 1000, _ body: (AMQPEventPublisher) async throws -> Result
    ) async throws -> Result {
        try await withConnection(role, confirmWindow: confirmWindow) { connection in
            let publisher = AMQPEventPublisher(connection: connection, exchange: exchange, timeout: stallTimeout)
            try template.check(against: publisher.message(for: SampleEvent.event(runID: runID, number: 0)))
            return try await body(publisher)
        }
    }

    /// A connected `AMQPConnection` for the duration of `body`, closed afterwards whatever
    /// happens (close flushes pending acks, so the queue is settled when this returns).
    private func withConnection<Result: Sendable>(
        _ role: String, confirmWindow: Int = 1000, _ body: (AMQPConnection) async throws -> Result
    ) async throws -> Result {
        var configuration = configuration
        configuration.connectionName = "mentorflow-bench-\(role)"
        let connection = AMQPConnection(configuration: configuration, logger: logger, confirmWindow: confirmWindow)
        do {
            try await connection.waitUntilConnected()
            let result = try await body(connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }
}

/// Messages handled so far, shared with the stall watchdog (an `Atomic` cannot be captured by
/// the watchdog's task directly, being non-copyable).
private final class ProgressCounter: Sendable {
    let value = Atomic<Int>(0)
}
