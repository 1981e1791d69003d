import AMQP
import Codec
import Model

/// The queues of one consuming service and how they are wired:
///
/// - `<service>.<purpose>`: the work queue, bound to `mentorflow.events` for each subscribed
///   event name; rejected messages dead-letter to `mentorflow.dlx` with key `<queue>.dlq`.
/// - `<service>.<purpose>.retry`: holds a failed event for its back-off delay (per-message TTL),
///   then dead-letters it through the default exchange straight back to the work queue.
/// - `<service>.<purpose>.dlq`: what will not succeed, with the reason in `x-mentorflow-reason`.
public struct ServiceQueues: Sendable, Equatable {
    public let names: Topology.QueueNames
    public let subscriptions: Set<EventType>
    public let kind: AMQPTopology.Queue.Kind
    /// Quorum queues only: deliveries before the broker itself dead-letters a message
    /// (protects against a message that crashes every consumer).
    public let deliveryLimit: Int
    /// `mentorflow.events` and `mentorflow.dlx` in production; tests use exchanges of their own.
    public let eventsExchange: String
    public let deadLetterExchange: String

    public init(
        service: String, purpose: String, subscriptions: Set<EventType>, kind: AMQPTopology.Queue.Kind = .classic,
        deliveryLimit: Int = 20, eventsExchange: String = Topology.eventsExchange, deadLetterExchange: String = Topology.deadLetterExchange
    ) {
        names = Topology.QueueNames(service: service, purpose: purpose)
        self.subscriptions = subscriptions
        self.kind = kind
        self.deliveryLimit = deliveryLimit
        self.eventsExchange = eventsExchange
        self.deadLetterExchange = deadLetterExchange
    }

    /// The shared exchanges every service declares (idempotent).
    public var exchanges: AMQPTopology {
        Self.exchanges(events: eventsExchange, deadLetter: deadLetterExchange)
    }

    /// The shared exchanges, for services that only publish.
    public static func exchanges(events: String = Topology.eventsExchange, deadLetter: String = Topology.deadLetterExchange) -> AMQPTopology {
        AMQPTopology(exchanges: [.init(name: events, kind: .topic), .init(name: deadLetter, kind: .direct)])
    }

    public var topology: AMQPTopology {
        let work = AMQPTopology.Queue(
            name: names.work, kind: kind, deadLetterExchange: deadLetterExchange,
            deadLetterRoutingKey: names.deadLetter, deliveryLimit: kind == .quorum ? deliveryLimit : nil)
        let retry = AMQPTopology.Queue(name: names.retry, kind: kind, deadLetterExchange: "", deadLetterRoutingKey: names.work)
        let deadLetter = AMQPTopology.Queue(name: names.deadLetter, kind: kind)
        let bindings = subscriptions.map(\.rawValue).sorted().map {
            AMQPTopology.Binding(queue: names.work, exchange: eventsExchange, routingKey: $0)
        } + [AMQPTopology.Binding(queue: names.deadLetter, exchange: deadLetterExchange, routingKey: names.deadLetter)]
        return exchanges + AMQPTopology(queues: [work, retry, deadLetter], bindings: bindings)
    }
}

/// Header names the runtime adds to retried and dead-lettered copies.
public enum MessageHeaders {
    public static let reason = Topology.deadLetterReasonHeader
    /// Tries so far of a retried event.
    public static let attempt = "x-mentorflow-attempt"
    /// The routing key the event originally had (the retry path replaces it).
    public static let originalRoutingKey = "x-mentorflow-routing-key"
    /// The work queue the event was dead-lettered from.
    public static let originalQueue = "x-mentorflow-queue"
    public static let failedAt = "x-mentorflow-failed-at"
}
