import AMQP
import Codec
import EventHandling
import Foundation
import Logging
import Metrics
import Model
import ServiceLifecycle
import Synchronization

/// The consume-handle-publish-ack loop every service runs, as a `Service`.
///
/// For each delivery: decode (undecodable → dead-letter queue with the reason), drop it if the
/// inbox has seen it, run the handler, publish what it emitted with confirms, record it in the
/// inbox, ack. Transient failures go round the retry queue with growing delay, then to the
/// dead-letter queue. Nothing is acked before its outputs are confirmed, and nothing is dropped
/// without a trace. Graceful shutdown stops consuming, lets in-flight events finish, and returns.
public final class EventConsumer: Service {
    public let serviceName: String
    public let queues: ServiceQueues
    private let handler: any EventHandler
    private let consumer: any DeliverySource
    private let publisher: any MessageSink
    private let events: any EventPublisher
    private let inbox: any InboxStore
    /// Stamps the handler's emissions (id, source, time, trace context).
    public let factory: EventFactory
    private let retry: RetryPolicy
    private let prefetch: UInt16
    private let concurrency: Int
    private let logger: Logger
    private let ready = Atomic<Bool>(false)
    /// Set on graceful shutdown: deliveries prefetched but not started go back to the queue.
    private let draining = Atomic<Bool>(false)
    /// Events being handled right now, by inbox key: a copy that arrives meanwhile waits for
    /// the first to finish instead of passing the inbox check alongside it.
    private let inFlight = Mutex<Set<String>>([])
    /// Unfinished redeliveries of one event before it is treated as poison.
    public let poisonLimit: Int

    /// The consume loop over a broker: deliveries from `consumer`; outputs, retries and dead
    /// letters published on `publisher`.
    public convenience init(
        serviceName: String, queues: ServiceQueues, handler: any EventHandler, consumer: AMQPConnection, publisher: AMQPConnection,
        inbox: Inbox, retry: RetryPolicy = RetryPolicy(), prefetch: UInt16 = 64, concurrency: Int = 8, poisonLimit: Int = 5, logger: Logger
    ) {
        self.init(
            serviceName: serviceName, queues: queues, handler: handler, deliveries: consumer, sink: publisher,
            events: AMQPEventPublisher(connection: publisher, exchange: queues.eventsExchange), inbox: inbox, retry: retry,
            prefetch: prefetch, concurrency: concurrency, poisonLimit: poisonLimit, logger: logger)
    }

    /// The consume loop over any source of deliveries, sink for retry and dead-letter copies,
    /// event publisher and inbox: unit tests pass the in-memory ones of `MentorFlowTesting`.
    public init(
        serviceName: String, queues: ServiceQueues, handler: any EventHandler, deliveries: any DeliverySource, sink: any MessageSink,
        events: any EventPublisher, inbox: any InboxStore, retry: RetryPolicy = RetryPolicy(), prefetch: UInt16 = 64, concurrency: Int = 8,
        poisonLimit: Int = 5, logger: Logger
    ) {
        self.serviceName = serviceName
        self.queues = queues
        self.handler = handler
        consumer = deliveries
        publisher = sink
        self.events = events
        self.inbox = inbox
        factory = EventFactory(service: serviceName)
        self.retry = retry
        self.prefetch = prefetch
        self.concurrency = max(1, concurrency)
        self.poisonLimit = poisonLimit
        self.logger = logger
    }

    /// Topology declared and both connections up: what `/health/ready` reports.
    public var isReady: Bool {
        ready.load(ordering: .relaxed) && consumer.isConnected && publisher.isConnected
    }

    public func run() async throws {
        try await consumer.declare(queues.topology)
        try await publisher.declare(queues.exchanges)
        let deliveries = try await consumer.deliveries(queue: queues.names.work, prefetch: prefetch)
        ready.store(true, ordering: .relaxed)
        logger.info("consuming", metadata: ["queue": "\(queues.names.work)", "prefetch": "\(prefetch)", "concurrency": "\(concurrency)"])
        let consumer = consumer
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                var inFlight = 0
                for try await delivery in deliveries {
                    if draining.load(ordering: .relaxed) {
                        delivery.nack(requeue: true)
                        continue
                    }
                    if inFlight >= concurrency {
                        try await group.next()
                        inFlight -= 1
                    }
                    group.addTask { await self.process(delivery) }
                    inFlight += 1
                }
                try await group.waitForAll()
            }
        } onGracefulShutdown: {
            self.draining.store(true, ordering: .relaxed)
            Task { await consumer.cancelConsumers() }
        }
        ready.store(false, ordering: .relaxed)
        logger.info("stopped consuming; in-flight events finished", metadata: ["queue": "\(queues.names.work)"])
    }

    // MARK: One delivery

    func process(_ delivery: any Delivery) async {
        let event: CloudEvent
        switch EventCodec.decode(Data(delivery.body)) {
        case .failure(let error):
            await deadLetter(delivery, eventType: delivery.routingKey, reason: "cannot decode: \(error)")
            return
        case .success(let decoded):
            event = decoded
        }
        let attempt = Int(delivery.properties.headers[MessageHeaders.attempt]?.intValue ?? 0)
        let type = event.eventType.rawValue
        let key = "\(event.source)\u{0}\(event.id)"
        while !inFlight.withLock({ $0.insert(key).inserted }) {
            try? await Task.sleep(for: .milliseconds(5))
        }
        defer { _ = inFlight.withLock { $0.remove(key) } }
        do {
            if try await inbox.isProcessed(source: event.source, id: event.id) {
                delivery.ack()
                count(type, "duplicate")
                return
            }
            if delivery.redelivered {
                let tries = try await inbox.recordRedelivery(source: event.source, id: event.id, type: type)
                if tries > poisonLimit {
                    await deadLetter(delivery, eventType: type, reason: "redelivered \(tries) times without finishing (does it crash the service?)")
                    return
                }
            }
            let started = ContinuousClock.now
            let context = HandlerContext(attempt: attempt, logger: logger.with(event: event))
            let outputs = try await handler.handle(event, context: context).map { output(for: $0, causedBy: event) }
            if let invalid = outputs.lazy.map({ (event: $0, problems: EventCodec.validate($0)) }).first(where: { !$0.problems.isEmpty }) {
                throw HandlerFailure.permanent("handler emitted an invalid \(invalid.event.type): \(invalid.problems.map(\.description).joined(separator: "; "))")
            }
            if let undeclared = outputs.first(where: { !handler.publishes.contains($0.eventType) }) {
                throw HandlerFailure.permanent("handler emitted \(undeclared.eventType.rawValue), which its publishes does not declare")
            }
            try await events.publish(outputs)
            try await inbox.markProcessed(source: event.source, id: event.id, type: type)
            delivery.ack()
            Timer(label: "mentorflow_handler_duration_seconds", dimensions: [("service", serviceName), ("type", type)])
                .recordNanoseconds(Int64((ContinuousClock.now - started) / .nanoseconds(1)))
            count(type, "handled")
        } catch let failure as HandlerFailure {
            if case .transient = failure {
                await retryLater(delivery, event: event, attempt: attempt, reason: failure.description)
            } else {
                await deadLetter(delivery, eventType: type, reason: failure.description)
            }
        } catch let error as AMQPError where !error.isTransient {
            await deadLetter(delivery, eventType: type, reason: "publishing the handler's events failed: \(error)")
        } catch {
            // Broker trouble, database busy, anything else a later try may not meet.
            await retryLater(delivery, event: event, attempt: attempt, reason: "\(error)")
        }
    }

    /// The CloudEvent for a handler's emission: `EventFactory.event(for:causedBy:)` of this service.
    func output(for emission: Emission, causedBy input: CloudEvent) -> CloudEvent {
        factory.event(for: emission, causedBy: input)
    }

    private func retryLater(_ delivery: any Delivery, event: CloudEvent, attempt: Int, reason: String) async {
        let next = attempt + 1
        guard next < retry.maxAttempts else {
            await deadLetter(delivery, eventType: event.eventType.rawValue, reason: "gave up after \(next) attempts: \(reason)")
            return
        }
        let delay = retry.delay(attempt: next)
        var properties = delivery.properties
        properties.headers[MessageHeaders.attempt] = .int(Int64(next))
        properties.headers[MessageHeaders.originalRoutingKey] = properties.headers[MessageHeaders.originalRoutingKey] ?? .string(delivery.routingKey)
        properties.headers[MessageHeaders.reason] = .string(reason)
        properties.expiration = String(Int64(delay / .milliseconds(1)))
        do {
            try await publisher.send(AMQPOutgoingMessage(exchange: "", routingKey: queues.names.retry, body: delivery.body, properties: properties))
            delivery.ack()
            count(event.eventType.rawValue, "retried")
            logger.warning("event failed, retrying", metadata: [
                "event.id": "\(event.id)", "event.type": "\(event.eventType.rawValue)", "attempt": "\(next)",
                "delay": "\(delay)", "reason": "\(LogRedaction.maskEmails(in: reason))",
            ])
        } catch {
            // The broker keeps the message; it comes back on this or another consumer.
            delivery.nack(requeue: true)
            logger.error("could not schedule a retry; requeued", metadata: ["event.id": "\(event.id)", "error": "\(error)"])
        }
    }

    /// Moves the message to the dead-letter queue with the reason in a header; if even that
    /// cannot be published, rejects it so the broker dead-letters it (with its x-death header).
    private func deadLetter(_ delivery: any Delivery, eventType: String, reason: String) async {
        var properties = delivery.properties
        properties.headers[MessageHeaders.reason] = .string(reason)
        properties.headers[MessageHeaders.originalQueue] = .string(queues.names.work)
        properties.headers[MessageHeaders.originalRoutingKey] = properties.headers[MessageHeaders.originalRoutingKey] ?? .string(delivery.routingKey)
        properties.headers[MessageHeaders.failedAt] = .string(Date().formatted(.iso8601))
        properties.expiration = nil
        let message = AMQPOutgoingMessage(exchange: queues.deadLetterExchange, routingKey: queues.names.deadLetter, body: delivery.body, properties: properties)
        do {
            try await publisher.send(message)
            delivery.ack()
        } catch {
            delivery.reject()
        }
        count(eventType, "dead_lettered")
        logger.error("event dead-lettered", metadata: [
            "message.id": "\(delivery.properties.messageID ?? "-")", "routing.key": "\(delivery.routingKey)",
            "queue": "\(queues.names.deadLetter)", "reason": "\(LogRedaction.maskEmails(in: reason))",
        ])
    }

    private func count(_ type: String, _ outcome: String) {
        Counter(label: "mentorflow_events_total", dimensions: [("service", serviceName), ("type", type), ("outcome", outcome)]).increment()
    }
}

extension Logger {
    func with(event: CloudEvent) -> Logger {
        var copy = self
        copy[metadataKey: "event.id"] = "\(event.id)"
        copy[metadataKey: "event.type"] = "\(event.eventType.rawValue)"
        if let subject = event.subject { copy[metadataKey: "session.id"] = "\(subject)" }
        return copy
    }
}
