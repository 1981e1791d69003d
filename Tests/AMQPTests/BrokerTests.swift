import AMQP
import Foundation
import Testing
import TestSupport

/// Against the real broker started by deploy/test.sh.
@Suite struct BrokerTests {
    /// A connection plus a fresh, exclusive-by-name classic queue bound to a fresh exchange.
    struct Fixture {
        let connection: AMQPConnection
        let exchange: String
        let queue: String

        init(name: String = #function, queueArguments: AMQPTopology.Queue? = nil, extra: AMQPTopology = AMQPTopology()) async throws {
            connection = AMQPConnection(configuration: try TestBroker.configuration(name: name), logger: TestBroker.logger)
            try await connection.waitUntilConnected()
            exchange = TestBroker.uniqueName("ex")
            queue = queueArguments?.name ?? TestBroker.uniqueName("q")
            try await connection.declare(AMQPTopology(
                exchanges: [.init(name: exchange, kind: .topic)],
                queues: [queueArguments ?? .init(name: queue, kind: .classic)],
                bindings: [.init(queue: queue, exchange: exchange, routingKey: "#")]) + extra)
        }

        func message(_ text: String, key: String = "test.event", id: String? = nil) -> AMQPOutgoingMessage {
            AMQPOutgoingMessage(exchange: exchange, routingKey: key, body: Array(text.utf8),
                                properties: AMQPProperties(contentType: "text/plain", messageID: id ?? UUID().uuidString))
        }
    }

    @Test func publishAndConsumeRoundTrip() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.connection.close() } }
        var properties = AMQPProperties(contentType: "application/cloudevents+json", messageID: "evt-1", type: "mentorflow.session.completed", timestamp: 1_700_000_000)
        properties.headers = ["traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "attempt": 3,
                              "nested": .table(["a": .array([.string("x"), .int(2)])])]
        try await fixture.connection.publish(AMQPOutgoingMessage(exchange: fixture.exchange, routingKey: "session.completed", body: Array("{\"hello\":1}".utf8), properties: properties))

        let deliveries = try await fixture.connection.consume(queue: fixture.queue, prefetch: 10)
        var iterator = deliveries.makeAsyncIterator()
        let delivery = try #require(try await iterator.next())
        #expect(String(decoding: delivery.body, as: UTF8.self) == "{\"hello\":1}")
        #expect(delivery.routingKey == "session.completed")
        #expect(delivery.properties.messageID == "evt-1")
        #expect(delivery.properties.type == "mentorflow.session.completed")
        #expect(delivery.properties.contentType == "application/cloudevents+json")
        #expect(delivery.properties.timestamp == 1_700_000_000)
        #expect(delivery.properties.deliveryMode == 2, "messages are persistent")
        #expect(delivery.properties.headers == properties.headers)
        #expect(!delivery.redelivered)
        delivery.ack()
    }

    @Test func batchPublishIsConfirmedAndEveryMessageArrives() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.connection.close() } }
        let count = 2_000
        let results = await fixture.connection.publish(batch: (0..<count).map { fixture.message("m\($0)") })
        #expect(results.count == count)
        #expect(results.allSatisfy { if case .success = $0 { true } else { false } })

        let deliveries = try await fixture.connection.consume(queue: fixture.queue, prefetch: 200)
        var seen = Set<String>()
        for try await delivery in deliveries {
            seen.insert(String(decoding: delivery.body, as: UTF8.self))
            delivery.ack()
            if seen.count == count { break }
        }
        #expect(seen == Set((0..<count).map { "m\($0)" }), "in order, none lost, none duplicated")
    }

    @Test func unroutableMandatoryPublishIsAnError() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.connection.close() } }
        let lonely = TestBroker.uniqueName("lonely")
        try await fixture.connection.declare(AMQPTopology(exchanges: [.init(name: lonely, kind: .direct)]))
        await #expect(throws: AMQPError.unroutable(exchange: lonely, routingKey: "nowhere", reply: "312 NO_ROUTE")) {
            try await fixture.connection.publish(AMQPOutgoingMessage(exchange: lonely, routingKey: "nowhere", body: [1], properties: AMQPProperties(messageID: "x")))
        }
        // Routable messages around it are still confirmed, and the right one failed.
        let results = await fixture.connection.publish(batch: [
            fixture.message("ok-1"),
            AMQPOutgoingMessage(exchange: lonely, routingKey: "nowhere", body: [2], properties: AMQPProperties(messageID: "y")),
            fixture.message("ok-2"),
        ])
        #expect((try? results[0].get()) != nil)
        #expect((try? results[1].get()) == nil)
        #expect((try? results[2].get()) != nil)
    }

    @Test func publishToMissingExchangeFailsWithBrokerReasonAndConnectionRecovers() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.connection.close() } }
        do {
            try await fixture.connection.publish(AMQPOutgoingMessage(exchange: "no.such.exchange", routingKey: "k", body: [1]))
            Issue.record("publishing to a missing exchange must fail")
        } catch {
            guard case .channelClosed(let code, let text) = error else { Issue.record("unexpected \(error)"); return }
            #expect(code == 404)
            #expect(text.contains("no.such.exchange"))
        }
        try await fixture.connection.publish(fixture.message("after"))
    }

    @Test func mismatchedDeclarationReportsTheBrokerReplyAndKeepsTheConnection() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.connection.close() } }
        do {
            try await fixture.connection.declare(AMQPTopology(exchanges: [.init(name: fixture.exchange, kind: .fanout)]))
            Issue.record("redeclaring with another type must fail")
        } catch {
            guard case .channelClosed(let code, let text) = error else { Issue.record("unexpected \(error)"); return }
            #expect(code == 406)
            #expect(text.contains("PRECONDITION_FAILED"))
        }
        try await fixture.connection.publish(fixture.message("still usable"))
        #expect(fixture.connection.isConnected)
    }

    @Test func prefetchBoundsUnackedDeliveries() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.connection.close() } }
        _ = await fixture.connection.publish(batch: (0..<20).map { fixture.message("p\($0)") })
        let deliveries = try await fixture.connection.consume(queue: fixture.queue, prefetch: 5)
        let received = ReceivedBox()
        let reader = Task {
            for try await delivery in deliveries { await received.append(delivery) }
        }
        try await Task.sleep(for: .milliseconds(500))
        #expect(await received.count == 5, "prefetch 5 holds back the rest until an ack")
        await received.first?.ack()
        try await Task.sleep(for: .milliseconds(300))
        #expect(await received.count == 6)
        reader.cancel()
    }

    @Test func rejectedMessageGoesToTheDeadLetterQueue() async throws {
        let dlx = TestBroker.uniqueName("dlx")
        let dlq = TestBroker.uniqueName("dlq")
        let queue = TestBroker.uniqueName("main")
        let fixture = try await Fixture(
            queueArguments: .init(name: queue, kind: .classic, deadLetterExchange: dlx, deadLetterRoutingKey: dlq),
            extra: AMQPTopology(exchanges: [.init(name: dlx, kind: .direct)], queues: [.init(name: dlq, kind: .classic)],
                                bindings: [.init(queue: dlq, exchange: dlx, routingKey: dlq)]))
        defer { Task { await fixture.connection.close() } }
        try await fixture.connection.publish(fixture.message("poison", id: "poison-1"))
        var iterator = try await fixture.connection.consume(queue: queue, prefetch: 1).makeAsyncIterator()
        let delivery = try #require(try await iterator.next())
        delivery.reject()
        let dead = try #require(try await waitForMessage(on: fixture.connection, queue: dlq))
        #expect(dead.properties.messageID == "poison-1")
        guard case .array(let deaths)? = dead.properties.headers["x-death"], case .table(let death)? = deaths.first else {
            Issue.record("x-death header missing")
            return
        }
        #expect(death["reason"] == .string("rejected"))
        dead.ack()
    }

    @Test func deletedQueueIsGoneAndNotDeclaredAgain() async throws {
        let fixture = try await Fixture()
        defer { Task { await fixture.connection.close() } }
        try await fixture.connection.publish(fixture.message("doomed"))
        try await fixture.connection.deleteQueue(fixture.queue)
        do {
            _ = try await fixture.connection.get(queue: fixture.queue)
            Issue.record("the queue should be gone")
        } catch {
            guard case .channelClosed(let code, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(code == 404)
        }
    }

    @Test func wrongPasswordIsAuthenticationRefused() async throws {
        var configuration = try TestBroker.configuration()
        configuration.password = "definitely-wrong"
        let connection = AMQPConnection(configuration: configuration, logger: TestBroker.logger)
        defer { Task { await connection.close() } }
        await #expect {
            try await connection.waitUntilConnected(timeout: .seconds(2))
        } throws: { error in
            if case AMQPError.authenticationRefused = error { return true }
            return false
        }
    }

    @Test func closedPortIsUnreachable() async throws {
        var configuration = try TestBroker.configuration()
        configuration.port = 1 // nothing listens on port 1 on loopback
        let connection = AMQPConnection(configuration: configuration, logger: TestBroker.logger)
        defer { Task { await connection.close() } }
        await #expect {
            try await connection.waitUntilConnected(timeout: .milliseconds(500))
        } throws: { error in
            if case AMQPError.unreachable(let host, let port, _) = error { return host == configuration.host && port == 1 }
            return false
        }
    }

    @Test func cancelConsumersEndsTheStreamAndCloseIsClean() async throws {
        let fixture = try await Fixture()
        let deliveries = try await fixture.connection.consume(queue: fixture.queue, prefetch: 10)
        try await fixture.connection.publish(fixture.message("one"))
        let reader = Task {
            var count = 0
            for try await delivery in deliveries {
                delivery.ack()
                count += 1
            }
            return count
        }
        try await Task.sleep(for: .milliseconds(200))
        await fixture.connection.cancelConsumers()
        #expect(try await reader.value == 1, "the stream ends after cancel with what was delivered")
        await fixture.connection.close()
        #expect(fixture.connection.status == .closed)
        await #expect(throws: AMQPError.shutDown) {
            try await fixture.connection.publish(fixture.message("late"))
        }
    }
}

actor ReceivedBox {
    private(set) var deliveries: [AMQPDelivery] = []
    func append(_ delivery: AMQPDelivery) { deliveries.append(delivery) }
    var count: Int { deliveries.count }
    var first: AMQPDelivery? { deliveries.first }
}
