import AMQP
import Foundation
import Testing
import TestSupport

/// The network between client and broker fails, through a proxy on loopback; the shared test
/// broker itself stays up.
@Suite struct NetworkLossTests {
    func connect(through proxy: TCPProxy, name: String) throws -> AMQPConnection {
        var configuration = try TestBroker.configuration(name: name)
        configuration.port = proxy.port
        configuration.heartbeatSeconds = 1
        configuration.connectTimeout = .seconds(1)
        return AMQPConnection(configuration: configuration, logger: TestBroker.logger,
                              reconnectPolicy: ReconnectPolicy(initialDelay: .milliseconds(50), maximumDelay: .milliseconds(500)))
    }

    @Test func resetConnectionsMidPublishLoseNothingConfirmedAndConsumerResumes() async throws {
        let upstream = try TestBroker.configuration()
        let proxy = try TCPProxy(upstreamPort: upstream.port)
        defer { proxy.stop() }
        let publisher = try connect(through: proxy, name: "reset-publisher")
        let consumer = try connect(through: proxy, name: "reset-consumer")
        try await publisher.waitUntilConnected()
        try await consumer.waitUntilConnected()
        let exchange = TestBroker.uniqueName("reset-ex")
        let queue = TestBroker.uniqueName("reset")
        let topology = AMQPTopology(exchanges: [.init(name: exchange, kind: .topic)], queues: [.init(name: queue, kind: .classic)],
                                    bindings: [.init(queue: queue, exchange: exchange, routingKey: "#")])
        try await publisher.declare(topology)
        try await consumer.declare(topology)

        let received = IDSet()
        let deliveries = try await consumer.consume(queue: queue, prefetch: 50)
        let reader = Task {
            for try await delivery in deliveries {
                await received.insert(delivery.properties.messageID ?? "?")
                delivery.ack()
            }
        }
        let total = 2_000
        let confirmed = IDSet()
        let loop = Task {
            for start in stride(from: 0, to: total, by: 40) {
                let messages = (start..<start + 40).map {
                    AMQPOutgoingMessage(exchange: exchange, routingKey: "k", body: Array("\($0)".utf8), properties: AMQPProperties(messageID: "n-\($0)"))
                }
                for (message, result) in zip(messages, await publisher.publish(batch: messages)) {
                    if case .success = result { await confirmed.insert(message.properties.messageID!) }
                }
            }
        }
        while await confirmed.count < 400 { try await Task.sleep(for: .milliseconds(10)) }
        proxy.cut()
        while await confirmed.count < 1_200 { try await Task.sleep(for: .milliseconds(10)) }
        proxy.cut()
        await loop.value
        #expect(await confirmed.count == total)
        let deadline = ContinuousClock.now + .seconds(20)
        while await !received.isSuperset(of: confirmed), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(await confirmed.subtracting(received).isEmpty)
        reader.cancel()
        await consumer.close()
        await publisher.close()
    }

    @Test func silentPartitionIsDetectedByHeartbeatsAndRecovered() async throws {
        let upstream = try TestBroker.configuration()
        let proxy = try TCPProxy(upstreamPort: upstream.port)
        defer { proxy.stop() }
        let connection = try connect(through: proxy, name: "partition")
        try await connection.waitUntilConnected()
        let queue = TestBroker.uniqueName("partition")
        try await connection.declare(AMQPTopology(queues: [.init(name: queue, kind: .classic)]))

        proxy.freeze()
        let frozenAt = ContinuousClock.now
        // Two missed 1 s heartbeats plus a second of grace; the generous bound is for loaded CI machines.
        while connection.isConnected, ContinuousClock.now - frozenAt < .seconds(15) {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(!connection.isConnected, "missed heartbeats reveal the dead link")
        #expect(ContinuousClock.now - frozenAt < .seconds(10), "within a few heartbeat intervals, not a TCP timeout's minutes")

        proxy.thaw()
        // Published to the default exchange straight into the queue, once the link is back.
        try await connection.publish(AMQPOutgoingMessage(exchange: "", routingKey: queue, body: [42], properties: AMQPProperties(messageID: "after")))
        #expect(connection.isConnected)
        #expect(try await connection.get(queue: queue)?.properties.messageID == "after", "the connection works again after the partition")
        await connection.close()
    }
}
