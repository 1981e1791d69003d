import AMQP
import Codec
import Foundation
import MentorFlowTesting
import Model
import ServiceLifecycle
import Synchronization
import Testing
import TestSupport
@testable import ServiceKit

/// The consume loop against the real broker. Each test has its own exchanges and queues.
@Suite struct EventConsumerTests {
    /// A test handler: flags the session red when the rating is 1, and can be told to fail.
    final class FlaggingHandler: EventHandler {
        enum Mode: Sendable { case succeed, failTransiently, failPermanently, slow(Duration) }
        let mode: Mode
        let calls = Mutex<[String]>([])
        init(mode: Mode = .succeed) { self.mode = mode }

        var subscriptions: Set<EventType> { [.feedbackSubmitted] }
        var publishes: Set<EventType> { [.sessionFlagged] }

        func handle(_ event: CloudEvent, context: HandlerContext) async throws -> [Emission] {
            calls.withLock { $0.append(event.id) }
            switch mode {
            case .succeed: break
            case .failTransiently: throw HandlerFailure.transient("database is busy")
            case .failPermanently: throw HandlerFailure.permanent("comment is in a language we cannot read")
            case .slow(let duration): try? await Task.sleep(for: duration)
            }
            guard case .feedbackSubmitted(let feedback) = event.data else { return [] }
            return [Emission(.sessionFlagged(SessionFlagged(sessionID: feedback.sessionID, flag: Flag(level: .red, reasons: [.lowRating]))))]
        }
        var callCount: Int { calls.withLock { $0.count } }
        var calledIDs: [String] { calls.withLock { $0 } }
    }

    struct Harness {
        let queues: ServiceQueues
        let publisher: AMQPConnection
        let consumer: AMQPConnection
        let probe: AMQPConnection
        let consumerService: EventConsumer
        let handler: FlaggingHandler
        let outputs: String

        init(handler: FlaggingHandler, retry: RetryPolicy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(50)), name: String = #function) async throws {
            let service = "svc-\(UUID().uuidString.prefix(8).lowercased())"
            queues = ServiceQueues(
                service: service, purpose: "events", subscriptions: handler.subscriptions,
                eventsExchange: TestBroker.uniqueName("events"), deadLetterExchange: TestBroker.uniqueName("dlx"))
            publisher = AMQPConnection(configuration: try TestBroker.configuration(name: "\(name)-pub"), logger: TestBroker.logger)
            consumer = AMQPConnection(configuration: try TestBroker.configuration(name: "\(name)-con"), logger: TestBroker.logger)
            probe = AMQPConnection(configuration: try TestBroker.configuration(name: "\(name)-probe"), logger: TestBroker.logger)
            try await probe.waitUntilConnected()
            outputs = TestBroker.uniqueName("outputs")
            try await probe.declare(queues.topology + AMQPTopology(
                queues: [.init(name: outputs, kind: .classic)],
                bindings: [.init(queue: outputs, exchange: queues.eventsExchange, routingKey: EventType.sessionFlagged.rawValue)]))
            let inbox = try Inbox(directory: FileManager.default.temporaryDirectory.appendingPathComponent("mf-inbox-\(UUID())"), name: service)
            self.handler = handler
            consumerService = EventConsumer(
                serviceName: service, queues: queues, handler: handler, consumer: consumer, publisher: publisher,
                inbox: inbox, retry: retry, prefetch: 16, concurrency: 4, logger: TestBroker.logger)
        }

        func feedback(id: String, session: String = "S-1", rating: Int = 1, source: String = "/mentorflow/ingest") -> CloudEvent {
            EventFixtures.event(
                .feedbackSubmitted(EventFixtures.feedbackSubmitted(session: session, rating: rating, comment: "mentor did not join")), id: id,
                source: source, time: Date())
        }

        func send(_ events: [CloudEvent]) async throws {
            try await AMQPEventPublisher(connection: probe, exchange: queues.eventsExchange).publish(events)
        }

        func sendRaw(_ body: String, routingKey: String = "feedback.submitted") async throws {
            try await probe.publish(AMQPOutgoingMessage(exchange: queues.eventsExchange, routingKey: routingKey, body: Array(body.utf8), properties: AMQPProperties(messageID: "raw")))
        }

        /// Runs the consumer in a service group until `body` returns, then shuts it down gracefully.
        func running<T: Sendable>(_ body: () async throws -> T) async throws -> T {
            let group = ServiceGroup(configuration: .init(services: [.init(service: consumerService)], logger: TestBroker.logger))
            let task = Task { try await group.run() }
            let result = try await body()
            await group.triggerGracefulShutdown()
            try await task.value
            return result
        }

        func drain(_ queue: String, expecting count: Int, timeout: Duration = .seconds(30)) async throws -> [AMQPDelivery] {
            var found: [AMQPDelivery] = []
            let deadline = ContinuousClock.now + timeout
            while found.count < count, ContinuousClock.now < deadline {
                if let delivery = try await probe.get(queue: queue) {
                    found.append(delivery)
                    delivery.ack()
                } else {
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            return found
        }

        /// Every message left in `queue` right now (waiting a moment for stragglers).
        func remaining(_ queue: String) async throws -> [AMQPDelivery] {
            try await Task.sleep(for: .milliseconds(300))
            var found: [AMQPDelivery] = []
            while let delivery = try await probe.get(queue: queue) {
                found.append(delivery)
                delivery.ack()
            }
            return found
        }

        func close() async {
            await probe.close()
            await consumer.close()
            await publisher.close()
        }
    }

    @Test func handledEventIsPublishedWithADeterministicIDAndAcked() async throws {
        let harness = try await Harness(handler: FlaggingHandler())
        let input = harness.feedback(id: "fb-1")
        let outputs = try await harness.running {
            try await harness.send([input])
            return try await harness.drain(harness.outputs, expecting: 1)
        }
        let output = try #require(outputs.first)
        let event = try EventCodec.decode(Data(output.body)).get()
        #expect(event.eventType == .sessionFlagged)
        #expect(event.subject == "S-1")
        #expect(event.id == harness.consumerService.output(for: Emission(event.data), causedBy: input).id, "the id depends only on input and emission")
        #expect(harness.consumerService.output(for: Emission(event.data, id: "state-v3"), causedBy: input).id == "state-v3",
                "a handler that names its output by state gets that id whatever the input")
        #expect(output.properties.messageID == event.id)
        #expect(output.properties.contentType == "application/cloudevents+json")
        #expect(try await harness.remaining(harness.queues.names.work).isEmpty, "the input was acked")
        await harness.close()
    }

    @Test func undecodableMessageGoesToTheDLQWithItsReasonAndTheLoopGoesOn() async throws {
        let harness = try await Harness(handler: FlaggingHandler())
        let dead = try await harness.running {
            try await harness.sendRaw("{not json")
            try await harness.sendRaw(#"{"specversion":"1.0","id":"x","source":"/s","type":"mentorflow.feedback.submitted","time":"2025-05-19T16:00:00Z","data":{"session_id":"S-9","learner_id":"L-1","rating":7,"comment":""}}"#)
            try await harness.send([harness.feedback(id: "good-1")])
            _ = try await harness.drain(harness.outputs, expecting: 1)
            return try await harness.drain(harness.queues.names.deadLetter, expecting: 2)
        }
        #expect(dead.count == 2)
        let reasons = dead.compactMap { $0.properties.headers[MessageHeaders.reason]?.stringValue }
        #expect(reasons.contains { $0.contains("cannot decode") && $0.contains("line 1") })
        #expect(reasons.contains { $0.contains("data.rating: 7 is outside 1...5") })
        #expect(dead.allSatisfy { $0.properties.headers[MessageHeaders.originalQueue]?.stringValue == harness.queues.names.work })
        #expect(harness.handler.calledIDs == ["good-1"], "the valid event still went through")
        await harness.close()
    }

    @Test func transientFailureIsRetriedThenDeadLettered() async throws {
        let harness = try await Harness(handler: FlaggingHandler(mode: .failTransiently))
        let dead = try await harness.running {
            try await harness.send([harness.feedback(id: "flaky-1")])
            return try await harness.drain(harness.queues.names.deadLetter, expecting: 1)
        }
        #expect(harness.handler.callCount == 3, "tried maxAttempts times")
        let reason = try #require(dead.first?.properties.headers[MessageHeaders.reason]?.stringValue)
        #expect(reason.contains("gave up after 3 attempts"))
        #expect(reason.contains("database is busy"))
        #expect(dead.first?.properties.headers[MessageHeaders.originalRoutingKey]?.stringValue == "feedback.submitted")
        #expect(try await harness.remaining(harness.queues.names.retry).isEmpty)
        await harness.close()
    }

    @Test func permanentFailureIsDeadLetteredAtOnce() async throws {
        let harness = try await Harness(handler: FlaggingHandler(mode: .failPermanently))
        let dead = try await harness.running {
            try await harness.send([harness.feedback(id: "bad-1")])
            return try await harness.drain(harness.queues.names.deadLetter, expecting: 1)
        }
        #expect(harness.handler.callCount == 1)
        #expect(dead.first?.properties.headers[MessageHeaders.reason]?.stringValue == "comment is in a language we cannot read")
        await harness.close()
    }

    @Test func deadLettersCanBeListedAndReplayed() async throws {
        let harness = try await Harness(handler: FlaggingHandler(mode: .failPermanently))
        try await harness.running {
            try await harness.send([harness.feedback(id: "bad-1"), harness.feedback(id: "bad-2")])
            while try await DeadLetterQueue(connection: harness.probe, queue: harness.queues.names.work).list().count < 2 {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        let dlq = DeadLetterQueue(connection: harness.probe, queue: harness.queues.names.work, eventsExchange: harness.queues.eventsExchange)
        let listed = try await dlq.list()
        #expect(Set(listed.map(\.messageID)) == ["bad-1", "bad-2"])
        #expect(listed.allSatisfy { $0.reason == "comment is in a language we cannot read" && $0.routingKey == "feedback.submitted" })
        #expect(try await dlq.list().map(\.messageID) == listed.map(\.messageID), "listing loses nothing and keeps the order")

        let replayed = try await dlq.replay { $0.messageID == "bad-2" }
        #expect(replayed.map(\.messageID) == ["bad-2"])
        #expect(try await dlq.list().map(\.messageID) == ["bad-1"])
        let back = try await harness.drain(harness.queues.names.work, expecting: 1)
        #expect(back.first?.properties.messageID == "bad-2")
        #expect(back.first?.properties.headers[MessageHeaders.reason] == nil, "failure headers are stripped on replay")
        await harness.close()
    }

    @Test func redeliveredDuplicateIsHandledOnce() async throws {
        let harness = try await Harness(handler: FlaggingHandler())
        let event = harness.feedback(id: "dup-1")
        let outputs = try await harness.running {
            try await harness.send([event])
            _ = try await harness.drain(harness.outputs, expecting: 1)
            try await harness.send([event, event])
            try await harness.send([harness.feedback(id: "dup-2")])
            return try await harness.drain(harness.outputs, expecting: 1)
        }
        #expect(outputs.count == 1)
        #expect(harness.handler.calledIDs == ["dup-1", "dup-2"], "the copies of dup-1 had no second effect")
        #expect(try await harness.remaining(harness.queues.names.work).isEmpty, "duplicates are acked, not left behind")
        await harness.close()
    }

    @Test func gracefulShutdownLeavesNoUnackedMessageBehind() async throws {
        let harness = try await Harness(handler: FlaggingHandler(mode: .slow(.milliseconds(40))))
        let all = (0..<60).map { harness.feedback(id: "slow-\($0)", session: "S-\($0)") }
        try await harness.running {
            try await harness.send(all)
            while harness.handler.callCount < 10 { try await Task.sleep(for: .milliseconds(10)) }
        }
        // The service has stopped. What it handled was acked; the rest waits in the queue.
        let handled = Set(harness.handler.calledIDs)
        let left = try await harness.remaining(harness.queues.names.work)
            .map { try EventCodec.decode(Data($0.body)).get().id }
        #expect(handled.count >= 10)
        #expect(handled.isDisjoint(with: left), "nothing handled came back: every handled event was acked")
        #expect(handled.union(left) == Set(all.map(\.id)), "nothing lost")
        #expect(harness.consumer.status == .connected, "the service stops, its connection is closed by the runtime")
        await harness.close()
    }
}
