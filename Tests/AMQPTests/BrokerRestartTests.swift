import AMQP
import Foundation
import Testing
import TestSupport

/// Stops and restarts a broker of its own in the middle of traffic; the shared test broker is
/// not touched, so other suites keep running.
@Suite(.serialized) struct BrokerRestartTests {
    @Test func noConfirmedMessageIsLostAcrossABrokerRestartAndTheConsumerResumes() async throws {
        let broker = PrivateBroker(portOffset: 100, name: "restart")
        let configuration = try broker.start()
        defer { try? broker.stop() }

        var publisherConfiguration = configuration
        publisherConfiguration.connectionName = "restart-publisher"
        var consumerConfiguration = configuration
        consumerConfiguration.connectionName = "restart-consumer"
        let fast = ReconnectPolicy(initialDelay: .milliseconds(100), maximumDelay: .seconds(1))
        let publisher = AMQPConnection(configuration: publisherConfiguration, logger: TestBroker.logger, reconnectPolicy: fast)
        let consumer = AMQPConnection(configuration: consumerConfiguration, logger: TestBroker.logger, reconnectPolicy: fast)
        try await publisher.waitUntilConnected()
        try await consumer.waitUntilConnected()

        let queue = TestBroker.uniqueName("restart")
        let exchange = TestBroker.uniqueName("restart-ex")
        let topology = AMQPTopology(
            exchanges: [.init(name: exchange, kind: .topic)],
            queues: [.init(name: queue, kind: .classic)],
            bindings: [.init(queue: queue, exchange: exchange, routingKey: "#")])
        try await publisher.declare(topology)
        try await consumer.declare(topology)

        let received = IDSet()
        let deliveries = try await consumer.consume(queue: queue, prefetch: 100)
        let reader = Task {
            for try await delivery in deliveries {
                await received.insert(delivery.properties.messageID ?? "?")
                delivery.ack()
            }
        }

        let total = 3_000
        let confirmed = IDSet()
        let loop = Task {
            for start in stride(from: 0, to: total, by: 50) {
                let messages = (start..<min(start + 50, total)).map { index in
                    AMQPOutgoingMessage(exchange: exchange, routingKey: "restart.test", body: Array("message \(index)".utf8),
                                        properties: AMQPProperties(messageID: "m-\(index)"))
                }
                let results = await publisher.publish(batch: messages)
                for (message, result) in zip(messages, results) {
                    if case .success = result { await confirmed.insert(message.properties.messageID!) }
                }
                try await Task.sleep(for: .milliseconds(5))
            }
        }

        while await confirmed.count < 500 { try await Task.sleep(for: .milliseconds(20)) }
        try broker.stop()
        try broker.start()
        try await loop.value

        #expect(await confirmed.count == total, "every publish was eventually confirmed (resent after the reconnect)")
        let deadline = ContinuousClock.now + .seconds(30)
        while await !received.isSuperset(of: confirmed), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        let missing = await confirmed.subtracting(received)
        #expect(missing.isEmpty, "confirmed but never delivered: \(missing.prefix(10))")
        #expect(consumer.isConnected, "the consumer resumed after the restart")
        reader.cancel()
        await consumer.close()
        await publisher.close()
    }
}

actor IDSet {
    private var ids = Set<String>()
    func insert(_ id: String) { ids.insert(id) }
    var count: Int { ids.count }
    var all: Set<String> { ids }
    func isSuperset(of other: IDSet) async -> Bool { ids.isSuperset(of: await other.all) }
    func subtracting(_ other: IDSet) async -> Set<String> { ids.subtracting(await other.all) }
}
