import AMQP
import Codec
import Foundation
import Logging
import MentorFlowTesting
import Model
import ServiceLifecycle
import Synchronization
import Testing
@testable import ServiceKit

/// The consume loop's paths without a broker: in-memory deliveries, sink, publisher and inbox.
/// (`EventConsumerTests` runs the same loop against RabbitMQ.)
@Suite struct EventConsumerUnitTests {
    /// Flags every feedback red, or fails as told (the broker tests' handler).
    typealias Handler = EventConsumerTests.FlaggingHandler

    /// One consume loop over fresh fakes.
    struct Loop {
        let queues = ServiceQueues(service: "svc", purpose: "events", subscriptions: [.feedbackSubmitted])
        let source = InMemoryDeliverySource()
        let sink = InMemoryMessageSink()
        let publisher = RecordingEventPublisher()
        let inbox = InMemoryInbox()
        let consumer: EventConsumer

        init(handler: any EventHandler, inbox: (any InboxStore)? = nil, publisher: (any EventPublisher)? = nil,
             retry: RetryPolicy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(50)), concurrency: Int = 4) {
            consumer = EventConsumer(
                serviceName: "svc", queues: queues, handler: handler, deliveries: source, sink: sink, events: publisher ?? self.publisher,
                inbox: inbox ?? self.inbox, retry: retry, concurrency: concurrency, poisonLimit: 2, logger: Logger(label: "test"))
        }

        /// The one message sent to the dead-letter queue, with its reason.
        func deadLetter() throws -> (message: AMQPOutgoingMessage, reason: String) {
            let sent = sink.sent.filter { $0.routingKey == queues.names.deadLetter }
            #expect(sent.count == 1, "one dead letter")
            let message = try #require(sent.first)
            #expect(message.exchange == queues.deadLetterExchange)
            return (message, message.properties.headers[MessageHeaders.reason]?.stringValue ?? "")
        }
    }

    static let feedback = EventFixtures.event(.feedbackSubmitted(EventFixtures.feedbackSubmitted()), id: "fb-1", source: "/mentorflow/ingest")

    @Test func handledEventIsPublishedThenRecordedThenAcked() async throws {
        /// Checks the order: when the outputs are published, the inbox has not recorded the input
        /// and the delivery is unsettled; when the inbox records it, it is still unsettled.
        final class Witness: EventPublisher, InboxStore {
            let inner = InMemoryInbox()
            let delivery = InMemoryDelivery(EventConsumerUnitTests.feedback)
            let steps = Mutex<[String]>([])
            func publish(_ events: [CloudEvent]) async throws {
                let processed = try await inner.isProcessed(source: "/mentorflow/ingest", id: "fb-1")
                steps.withLock { $0.append("publish \(events.count) processed=\(processed) settled=\(delivery.settlement != nil)") }
            }
            func isProcessed(source: String, id: String) async throws -> Bool { try await inner.isProcessed(source: source, id: id) }
            func recordRedelivery(source: String, id: String, type: String) async throws -> Int { try await inner.recordRedelivery(source: source, id: id, type: type) }
            func markProcessed(source: String, id: String, type: String) async throws {
                steps.withLock { $0.append("inbox settled=\(delivery.settlement != nil)") }
                try await inner.markProcessed(source: source, id: id, type: type)
            }
        }
        let witness = Witness()
        let loop = Loop(handler: Handler(), inbox: witness, publisher: witness)
        await loop.consumer.process(witness.delivery)
        #expect(witness.steps.withLock { $0 } == ["publish 1 processed=false settled=false", "inbox settled=false"])
        #expect(witness.delivery.settlements == [.acked])
        #expect(try await witness.isProcessed(source: "/mentorflow/ingest", id: "fb-1"))
        #expect(loop.sink.sent.isEmpty)
    }

    @Test func outputIsStampedByTheFactoryWithTheInputsTimeAndTrace() async throws {
        let input = EventFixtures.event(
            .feedbackSubmitted(EventFixtures.feedbackSubmitted()), id: "fb-1", source: "/mentorflow/ingest",
            traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        let loop = Loop(handler: Handler())
        await loop.consumer.process(InMemoryDelivery(input))
        let output = try #require(loop.publisher.published.first)
        #expect(output == EventFactory(service: "svc").reaction(output.data, to: input))
        #expect(output.time == input.time, "a reaction happens when its cause happened, not when it was processed")
        #expect(output.traceparent == input.traceparent)
        #expect(output.source == "/mentorflow/svc")
    }

    @Test func duplicateIsAckedWithoutHandling() async throws {
        let handler = Handler()
        let loop = Loop(handler: handler)
        try await loop.inbox.markProcessed(source: "/mentorflow/ingest", id: "fb-1", type: "feedback.submitted")
        let delivery = InMemoryDelivery(Self.feedback)
        await loop.consumer.process(delivery)
        #expect(delivery.settlements == [.acked])
        #expect(handler.callCount == 0)
        #expect(loop.publisher.published.isEmpty)
    }

    @Test func transientFailureGoesRoundTheRetryQueueWithTheAttemptAndDelay() async throws {
        let loop = Loop(handler: Handler(mode: .failTransiently))
        let delivery = InMemoryDelivery(Self.feedback, headers: [MessageHeaders.attempt: .int(1)])
        await loop.consumer.process(delivery)
        #expect(delivery.settlements == [.acked], "the retry copy replaces it")
        let retry = try #require(loop.sink.sent.first)
        #expect(loop.sink.sent.count == 1)
        #expect(retry.exchange == "" && retry.routingKey == loop.queues.names.retry)
        #expect(retry.properties.headers[MessageHeaders.attempt]?.intValue == 2)
        #expect(retry.properties.expiration == "100", "second retry: twice the base delay")
        #expect(retry.properties.headers[MessageHeaders.originalRoutingKey]?.stringValue == "feedback.submitted")
        #expect(retry.properties.headers[MessageHeaders.reason]?.stringValue == "transient: database is busy")
        #expect(retry.body == delivery.body)
        #expect(loop.publisher.published.isEmpty)
    }

    @Test func givesUpAfterMaxAttemptsIntoTheDeadLetterQueue() async throws {
        let loop = Loop(handler: Handler(mode: .failTransiently))
        let delivery = InMemoryDelivery(Self.feedback, headers: [MessageHeaders.attempt: .int(2)])
        await loop.consumer.process(delivery)
        #expect(delivery.settlements == [.acked])
        let (message, reason) = try loop.deadLetter()
        #expect(reason == "gave up after 3 attempts: transient: database is busy")
        #expect(message.properties.headers[MessageHeaders.originalQueue]?.stringValue == loop.queues.names.work)
        #expect(message.properties.expiration == nil)
        #expect(loop.sink.sent.count == 1, "no retry copy")
    }

    @Test func emissionItsHandlerDoesNotDeclareIsDeadLetteredAndNotPublished() async throws {
        /// Declares `feedback.scored` and emits `session.flagged`: a handler out of step with its contract.
        struct Undeclared: EventHandler {
            var subscriptions: Set<EventType> { [.feedbackSubmitted] }
            var publishes: Set<EventType> { [.feedbackScored] }
            func handle(_ event: CloudEvent, context: HandlerContext) async throws -> [Emission] {
                [Emission(.sessionFlagged(EventFixtures.sessionFlagged(session: event.subject ?? "S-1")))]
            }
        }
        let loop = Loop(handler: Undeclared())
        let delivery = InMemoryDelivery(Self.feedback)
        await loop.consumer.process(delivery)
        #expect(delivery.settlements == [.acked])
        #expect(try loop.deadLetter().reason == "handler emitted session.flagged, which its publishes does not declare")
        #expect(loop.publisher.published.isEmpty)
        #expect(try await !loop.inbox.isProcessed(source: "/mentorflow/ingest", id: "fb-1"))
    }

    @Test func permanentFailureIsDeadLetteredAtOnce() async throws {
        let loop = Loop(handler: Handler(mode: .failPermanently))
        let delivery = InMemoryDelivery(Self.feedback)
        await loop.consumer.process(delivery)
        #expect(delivery.settlements == [.acked])
        #expect(try loop.deadLetter().reason == "comment is in a language we cannot read")
        #expect(try await !loop.inbox.isProcessed(source: "/mentorflow/ingest", id: "fb-1"))
    }

    @Test func undecodableMessageIsDeadLetteredWithoutHandling() async throws {
        let handler = Handler()
        let loop = Loop(handler: handler)
        let delivery = InMemoryDelivery(body: Array("{not json".utf8), routingKey: "feedback.submitted")
        await loop.consumer.process(delivery)
        #expect(delivery.settlements == [.acked])
        let (message, reason) = try loop.deadLetter()
        #expect(reason.hasPrefix("cannot decode:"))
        #expect(message.properties.headers[MessageHeaders.originalRoutingKey]?.stringValue == "feedback.submitted")
        #expect(handler.callCount == 0)
    }

    @Test func eventRedeliveredBeyondThePoisonLimitIsDeadLettered() async throws {
        let handler = Handler()
        let loop = Loop(handler: handler)
        // Two earlier redeliveries never finished (the service crashed while handling them).
        _ = try await loop.inbox.recordRedelivery(source: "/mentorflow/ingest", id: "fb-1", type: "feedback.submitted")
        _ = try await loop.inbox.recordRedelivery(source: "/mentorflow/ingest", id: "fb-1", type: "feedback.submitted")
        let delivery = InMemoryDelivery(Self.feedback, redelivered: true)
        await loop.consumer.process(delivery)
        #expect(delivery.settlements == [.acked])
        #expect(try loop.deadLetter().reason == "redelivered 3 times without finishing (does it crash the service?)")
        #expect(handler.callCount == 0, "poison is not handed to the handler again")
    }

    @Test func deadLetterThatCannotBePublishedIsRejectedToTheBroker() async throws {
        let loop = Loop(handler: Handler(mode: .failPermanently))
        loop.sink.fail(with: .connectionLost("test"))
        let delivery = InMemoryDelivery(Self.feedback)
        await loop.consumer.process(delivery)
        #expect(delivery.settlements == [.rejected], "the broker dead-letters it with its x-death header")
    }

    @Test func gracefulShutdownFinishesInFlightAndHandsBackTheRest() async throws {
        /// Blocks on its first event until released.
        final class Gate: EventHandler {
            let started: AsyncStream<Void>
            let startedContinuation: AsyncStream<Void>.Continuation
            let release: AsyncStream<Void>
            let releaseContinuation: AsyncStream<Void>.Continuation
            let calls = Mutex<[String]>([])
            init() {
                (started, startedContinuation) = AsyncStream.makeStream()
                (release, releaseContinuation) = AsyncStream.makeStream()
            }
            var subscriptions: Set<EventType> { [.feedbackSubmitted] }
            var publishes: Set<EventType> { [] }
            func handle(_ event: CloudEvent, context: HandlerContext) async throws -> [Emission] {
                calls.withLock { $0.append(event.id) }
                startedContinuation.yield()
                for await _ in release { break }
                return []
            }
        }
        let gate = Gate()
        let loop = Loop(handler: gate, concurrency: 2)
        let deliveries = (1...3).map { InMemoryDelivery(EventFixtures.event(.feedbackSubmitted(EventFixtures.feedbackSubmitted()), id: "fb-\($0)")) }
        loop.source.deliver(deliveries[0])
        loop.source.deliverWhenCancelled(deliveries[1], deliveries[2])
        let group = ServiceGroup(configuration: .init(services: [.init(service: loop.consumer)], logger: Logger(label: "test")))
        let running = Task { try await group.run() }
        for await _ in gate.started { break }
        await group.triggerGracefulShutdown()
        await loop.source.untilCancelled()
        gate.releaseContinuation.yield()
        try await running.value
        #expect(gate.calls.withLock { $0 } == ["fb-1"], "nothing new starts after shutdown began")
        #expect(deliveries[0].settlements == [.acked], "the in-flight event finished")
        #expect(deliveries[1].settlements == [.nacked(requeue: true)])
        #expect(deliveries[2].settlements == [.nacked(requeue: true)])
        #expect(!loop.consumer.isReady)
    }
}
