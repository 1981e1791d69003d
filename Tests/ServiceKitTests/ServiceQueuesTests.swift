import AMQP
import Codec
import Model
import Testing
import TestSupport
@testable import ServiceKit

@Suite struct ServiceQueuesTests {
    @Test func queuesFollowTheDocumentedNamingAndWiring() throws {
        let queues = ServiceQueues(service: "sentiment", purpose: "feedback", subscriptions: [.feedbackSubmitted, .sessionCompleted])
        let topology = queues.topology
        let byName = Dictionary(uniqueKeysWithValues: topology.queues.map { ($0.name, $0) })
        let work = try #require(byName["sentiment.feedback"])
        #expect(work.arguments["x-dead-letter-exchange"] == "mentorflow.dlx")
        #expect(work.arguments["x-dead-letter-routing-key"] == "sentiment.feedback.dlq")
        #expect(work.arguments["x-queue-type"] == "classic")
        let retry = try #require(byName["sentiment.feedback.retry"])
        #expect(retry.arguments["x-dead-letter-exchange"] == "", "expired retries go through the default exchange")
        #expect(retry.arguments["x-dead-letter-routing-key"] == "sentiment.feedback", "back to this service's work queue only")
        #expect(byName["sentiment.feedback.dlq"] != nil)
        #expect(Set(topology.bindings.filter { $0.queue == "sentiment.feedback" }.map(\.routingKey)) == ["feedback.submitted", "session.completed"])
        #expect(topology.bindings.contains(.init(queue: "sentiment.feedback.dlq", exchange: "mentorflow.dlx", routingKey: "sentiment.feedback.dlq")))
        #expect(Set(topology.exchanges.map(\.name)) == [Topology.eventsExchange, Topology.deadLetterExchange])
    }

    @Test func quorumQueuesDeclareWithADeliveryLimitOnTheBroker() async throws {
        let queues = ServiceQueues(
            service: TestBroker.uniqueName("quorum"), purpose: "events", subscriptions: [.feedbackSubmitted], kind: .quorum,
            eventsExchange: TestBroker.uniqueName("events"), deadLetterExchange: TestBroker.uniqueName("dlx"))
        let work = try #require(queues.topology.queues.first { $0.name == queues.names.work })
        #expect(work.arguments["x-delivery-limit"] == 20)
        let connection = AMQPConnection(configuration: try TestBroker.configuration(), logger: TestBroker.logger)
        try await connection.waitUntilConnected()
        try await connection.declare(queues.topology)
        try await connection.declare(queues.topology) // idempotent
        await connection.close()
    }
}
