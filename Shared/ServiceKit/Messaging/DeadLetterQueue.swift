import AMQP
import Codec
import Foundation

/// Operator access to a service's dead-letter queue: look at what failed and why, and send it
/// back through the events exchange once the cause is fixed. Messages are read with basic.get
/// and held unacknowledged while inspected, so listing never loses or reorders anything.
public struct DeadLetterQueue: Sendable {
    public let connection: AMQPConnection
    public let queue: String
    public let eventsExchange: String

    /// `queue` may name the work queue (`sentiment.events`) or its DLQ (`sentiment.events.dlq`).
    public init(connection: AMQPConnection, queue: String, eventsExchange: String = Topology.eventsExchange) {
        self.connection = connection
        self.queue = queue.hasSuffix(".dlq") ? queue : queue + ".dlq"
        self.eventsExchange = eventsExchange
    }

    /// One dead-lettered message as an operator sees it.
    public struct Entry: Sendable {
        public let position: Int
        public let messageID: String?
        public let type: String?
        /// The routing key the event was first published with (= its event name).
        public let routingKey: String
        public let reason: String
        public let failedAt: String?
        public let sourceQueue: String?
        public let delivery: AMQPDelivery

        init(position: Int, delivery: AMQPDelivery) {
            let headers = delivery.properties.headers
            self.position = position
            messageID = delivery.properties.messageID
            type = delivery.properties.type
            routingKey = headers[MessageHeaders.originalRoutingKey]?.stringValue ?? Self.deathRoutingKey(headers) ?? delivery.routingKey
            reason = headers[MessageHeaders.reason]?.stringValue ?? Self.deathReason(headers) ?? "unknown"
            failedAt = headers[MessageHeaders.failedAt]?.stringValue
            sourceQueue = headers[MessageHeaders.originalQueue]?.stringValue ?? Self.death(headers)?["queue"]?.stringValue
            self.delivery = delivery
        }

        /// Dead-lettered by the broker itself (reject fallback, delivery limit, TTL): read x-death.
        private static func death(_ headers: AMQPTable) -> AMQPTable? {
            guard case .array(let deaths)? = headers["x-death"], case .table(let first)? = deaths.first else { return nil }
            return first
        }

        private static func deathReason(_ headers: AMQPTable) -> String? {
            death(headers)?["reason"]?.stringValue.map { "dead-lettered by the broker: \($0)" }
        }

        private static func deathRoutingKey(_ headers: AMQPTable) -> String? {
            guard case .array(let keys)? = death(headers)?["routing-keys"] else { return nil }
            return keys.first?.stringValue
        }
    }

    /// Reads up to `limit` messages, hands them to `body`, then settles each as `body` decided:
    /// entries it returns are acked (they were dealt with), the rest go back to the queue.
    public func withEntries<T: Sendable>(limit: Int, _ body: ([Entry]) async throws -> (result: T, settled: Set<Int>)) async throws -> T {
        var entries: [Entry] = []
        while entries.count < limit, let delivery = try await connection.get(queue: queue) {
            entries.append(Entry(position: entries.count + 1, delivery: delivery))
        }
        do {
            let (result, settled) = try await body(entries)
            for entry in entries {
                if settled.contains(entry.position) { entry.delivery.ack() } else { entry.delivery.nack(requeue: true) }
            }
            return result
        } catch {
            for entry in entries { entry.delivery.nack(requeue: true) }
            throw error
        }
    }

    public func list(limit: Int = 100) async throws -> [Entry] {
        try await withEntries(limit: limit) { entries in (entries, []) }
    }

    /// Publishes the selected messages back to the events exchange under their original routing
    /// key (with confirms), without the failure headers, then removes them from the DLQ.
    /// Returns the replayed entries.
    public func replay(limit: Int = 10_000, where include: @Sendable (Entry) -> Bool) async throws -> [Entry] {
        try await withEntries(limit: limit) { entries in
            var replayed: [Entry] = []
            for entry in entries where include(entry) {
                var properties = entry.delivery.properties
                for header in [MessageHeaders.reason, MessageHeaders.attempt, MessageHeaders.originalQueue,
                               MessageHeaders.originalRoutingKey, MessageHeaders.failedAt, "x-death", "x-first-death-exchange",
                               "x-first-death-queue", "x-first-death-reason"] {
                    properties.headers[header] = nil
                }
                properties.expiration = nil
                try await connection.publish(AMQPOutgoingMessage(
                    exchange: eventsExchange, routingKey: entry.routingKey, body: entry.delivery.body, properties: properties))
                replayed.append(entry)
            }
            return (replayed, Set(replayed.map(\.position)))
        }
    }
}
