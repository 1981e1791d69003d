import AMQP
import Dispatch
import Foundation

/// The scenarios as tight loops of plain librabbitmq calls, each on a thread of its own (two for
/// end to end: a publisher connection and a consumer connection, like the async layer uses).
///
/// Only Sendable values (configuration, template, names) cross into the threads; each thread
/// opens its own C connection and closes it before returning its timing. Connecting is not
/// timed, on either side.
struct RawScenarios: Sendable {
    let configuration: AMQPConfiguration
    let template: RawMessageTemplate
    let exchange: String
    /// How long any loop may wait for a single confirm or delivery before it reports a stall.
    let stallTimeout: Duration

    /// Publishes `count` messages with confirms, at most `window` unconfirmed at once.
    func publishConfirmed(queue: String, count: Int, window: Int) async throws -> Duration {
        try await DedicatedThread.run(name: "bench-raw-publish") { [configuration, template, exchange, stallTimeout] in
            let connection = try RawConnection.connect(configuration, confirms: true)
            let publisher = RawPublisher(connection: connection, template: template, exchange: exchange)
            let start = ContinuousClock.now
            try publisher.publishConfirmed(count: count, window: window, timeout: stallTimeout)
            let elapsed = ContinuousClock.now - start
            connection.close()
            return elapsed
        }
    }

    /// Drains `count` messages from a pre-filled queue with manual acks.
    func consume(queue: String, count: Int, prefetch: UInt16) async throws -> Duration {
        try await DedicatedThread.run(name: "bench-raw-consume") { [configuration, template, stallTimeout] in
            let connection = try RawConnection.connect(configuration, confirms: false)
            let consumer = RawConsumer(connection: connection)
            try consumer.start(queue: queue, prefetch: prefetch)
            let start = ContinuousClock.now
            try consumer.drain(count: count, bodyLength: template.body.count, timeout: stallTimeout)
            let elapsed = ContinuousClock.now - start
            try consumer.stop()
            connection.close()
            return elapsed
        }
    }

    /// A publisher thread and a consumer thread at once, each with its own connection. The clock
    /// starts when the publisher begins (after the consumer is registered) and stops when both
    /// the last delivery is acked and the last confirm is in.
    func endToEnd(queue: String, count: Int, window: Int, prefetch: UInt16) async throws -> Duration {
        let consumerReady = DispatchSemaphore(value: 0)
        async let consumed: ContinuousClock.Instant = DedicatedThread.run(name: "bench-raw-e2e-consume") {
            [configuration, template, stallTimeout] in
            // Signalled on failure too, so the publisher does not wait out its timeout.
            var signalled = false
            defer { if !signalled { consumerReady.signal() } }
            let connection = try RawConnection.connect(configuration, confirms: false)
            let consumer = RawConsumer(connection: connection)
            try consumer.start(queue: queue, prefetch: prefetch)
            signalled = true
            consumerReady.signal()
            try consumer.drain(count: count, bodyLength: template.body.count, timeout: stallTimeout)
            let end = ContinuousClock.now
            try consumer.stop()
            connection.close()
            return end
        }
        async let published: (start: ContinuousClock.Instant, end: ContinuousClock.Instant) = DedicatedThread.run(
            name: "bench-raw-e2e-publish"
        ) { [configuration, template, exchange, stallTimeout] in
            let connection = try RawConnection.connect(configuration, confirms: true)
            let publisher = RawPublisher(connection: connection, template: template, exchange: exchange)
            guard consumerReady.wait(timeout: .now() + .seconds(30)) == .success else {
                throw BenchError("raw end to end: the consumer did not start within 30 s")
            }
            let start = ContinuousClock.now
            try publisher.publishConfirmed(count: count, window: window, timeout: stallTimeout)
            let end = ContinuousClock.now
            connection.close()
            return (start, end)
        }
        let (publishing, consumerEnd) = try await (published, consumed)
        return max(consumerEnd, publishing.end) - publishing.start
    }
}

/// Untimed set-up and clean-up over a short-lived raw connection: the exchange and queues each
/// measurement uses, filling queues for the consume scenarios, and deleting everything after.
struct BenchBroker: Sendable {
    let configuration: AMQPConfiguration
    let exchange: String
    let queueType: String
    /// The event's routing key: each bench queue is bound with it while it exists (one at a
    /// time), as service queues are bound to `mentorflow.events`.
    let routingKey: String

    /// A durable topic exchange, like `mentorflow.events`, private to this bench run.
    func declareExchange() async throws {
        try await admin("declare") { try $0.declareExchange(exchange, kind: "topic") }
    }

    func deleteExchange() async throws {
        try await admin("delete") { try $0.deleteExchange(exchange) }
    }

    /// A fresh durable queue bound to the exchange with the event's routing key.
    func declareQueue(_ queue: String) async throws {
        try await admin("declare") { [exchange, queueType, routingKey] connection in
            try connection.declareQueue(queue, type: queueType)
            try connection.bind(queue: queue, exchange: exchange, routingKey: routingKey)
        }
    }

    /// The queue's ready-message count once it equals `expected`, or the last count seen after
    /// `timeout`. Settlements reach the queue asynchronously (a quorum queue applies them through
    /// its Raft log), so a count read right after the consumer closed can still be moving.
    func messageCount(_ queue: String, settlingAt expected: Int, timeout: Duration = .seconds(10)) async throws -> Int {
        try await admin("count") { connection in
            let deadline = ContinuousClock.now + timeout
            while true {
                let count = Int(try connection.messageCount(queue))
                if count == expected || ContinuousClock.now >= deadline { return count }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
    }

    /// Deletes the queue; returns how many messages were still in it.
    func deleteQueue(_ queue: String) async throws -> UInt32 {
        try await admin("delete") { try $0.deleteQueue(queue) }
    }

    private func admin<Result: Sendable>(_ what: String, _ body: @escaping @Sendable (RawConnection) throws -> Result) async throws -> Result {
        try await DedicatedThread.run(name: "bench-admin-\(what)") { [configuration] in
            let connection = try RawConnection.connect(configuration, confirms: false)
            let result = try body(connection)
            connection.close()
            return result
        }
    }
}
