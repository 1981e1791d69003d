import AMQP
import Codec
import Foundation
import GRDB
import Model
import Testing
import TestSupport
import ServiceKit

/// The relay publishing through a real `AMQPEventPublisher` to the test broker.
@Suite struct OutboxRelayBrokerTests {
    /// The outbox of a process that dies after the broker confirmed but before the mark: its
    /// marking never happens.
    struct CrashBeforeMarking: OutboxStore {
        struct Crashed: Error {}
        let outbox: GRDBOutbox
        func append(_ messages: [OutboxMessage], at now: Date, in db: Database) throws { try outbox.append(messages, at: now, in: db) }
        func due(at now: Date, limit: Int) async throws -> [OutboxRecord] { try await outbox.due(at: now, limit: limit) }
        func markPublished(_ eventIDs: [String], at now: Date) async throws { throw Crashed() }
        func prunePublished(before date: Date) async throws -> Int { try await outbox.prunePublished(before: date) }
    }

    @Test func aCrashBetweenPublishAndMarkRepublishesTheSameIDsInOrder() async throws {
        let connection = AMQPConnection(configuration: try TestBroker.configuration(), logger: TestBroker.logger)
        try await connection.waitUntilConnected()
        let exchange = TestBroker.uniqueName("events")
        let queue = TestBroker.uniqueName("flagged")
        try await connection.declare(AMQPTopology(
            exchanges: [.init(name: exchange, kind: .topic)], queues: [.init(name: queue, kind: .classic)],
            bindings: [.init(queue: queue, exchange: exchange, routingKey: "session.flagged")]))
        let written = [
            OutboxFixtures.flagged("a-1", session: "S-A"), OutboxFixtures.flagged("b-1", session: "S-B"),
            OutboxFixtures.flagged("a-2", session: "S-A"),
        ]
        let outbox = try OutboxFixtures.outbox(holding: written)
        let publisher = AMQPEventPublisher(connection: connection, exchange: exchange)
        let clock = { @Sendable in OutboxFixtures.start }

        let dying = OutboxRelay(store: CrashBeforeMarking(outbox: outbox), publisher: publisher, serviceName: "test", logger: TestBroker.logger, clock: clock)
        await #expect(throws: CrashBeforeMarking.Crashed.self) { try await dying.relayOnce() }
        #expect(try await outbox.due(at: OutboxFixtures.start, limit: 10).count == 3, "confirmed but never marked")

        let restarted = OutboxRelay(store: outbox, publisher: publisher, serviceName: "test", logger: TestBroker.logger, clock: clock)
        #expect(try await restarted.relayOnce().published.count == 3)
        #expect(try await outbox.due(at: OutboxFixtures.start, limit: 10).isEmpty)

        var received: [CloudEvent] = []
        while received.count < 6, let delivery = try await waitForMessage(on: connection, queue: queue, timeout: .seconds(30)) {
            received.append(try EventCodec.decode(Data(delivery.body)).get())
            #expect(delivery.properties.messageID == received.last?.id)
            delivery.ack()
        }
        #expect(received.count == 6)
        #expect(received.prefix(3).map(\.id).sorted() == ["a-1", "a-2", "b-1"] && received.suffix(3).map(\.id).sorted() == ["a-1", "a-2", "b-1"])
        #expect(received.filter { $0.subject == "S-A" }.map(\.id) == ["a-1", "a-2", "a-1", "a-2"], "per subject in written order, both times")
        let byID = { (events: ArraySlice<CloudEvent>) in events.sorted { $0.id < $1.id } }
        #expect(byID(received.suffix(3)) == byID(written[...]) && byID(received.prefix(3)) == byID(written[...]), "the events as written, ids and all")
        #expect(try await connection.get(queue: queue) == nil, "nothing more")
        await connection.close()
    }
}
