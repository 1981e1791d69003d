/// Exchanges, queues and bindings a client needs. Declarations are idempotent on the broker, and a
/// connection remembers every topology it declared so it can declare it again after a reconnect
/// (a restarted broker without persistence, or a deleted queue, must not leave a service deaf).
public struct AMQPTopology: Sendable, Equatable {
    public var exchanges: [Exchange]
    public var queues: [Queue]
    public var bindings: [Binding]

    public init(exchanges: [Exchange] = [], queues: [Queue] = [], bindings: [Binding] = []) {
        self.exchanges = exchanges
        self.queues = queues
        self.bindings = bindings
    }

    public static func + (lhs: AMQPTopology, rhs: AMQPTopology) -> AMQPTopology {
        AMQPTopology(exchanges: lhs.exchanges + rhs.exchanges, queues: lhs.queues + rhs.queues, bindings: lhs.bindings + rhs.bindings)
    }

    public struct Exchange: Sendable, Equatable {
        public enum Kind: String, Sendable { case direct, topic, fanout, headers }
        public var name: String
        public var kind: Kind
        public var durable: Bool
        public init(name: String, kind: Kind, durable: Bool = true) {
            self.name = name
            self.kind = kind
            self.durable = durable
        }
    }

    public struct Queue: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable { case classic, quorum }
        public var name: String
        public var durable: Bool
        public var arguments: AMQPTable

        public init(name: String, durable: Bool = true, arguments: AMQPTable = [:]) {
            self.name = name
            self.durable = durable
            self.arguments = arguments
        }

        /// A queue with the arguments RabbitMQ understands, named so that a typo is a compile error.
        public init(
            name: String, kind: Kind = .classic, deadLetterExchange: String? = nil, deadLetterRoutingKey: String? = nil,
            deliveryLimit: Int? = nil, messageTTLMilliseconds: Int? = nil
        ) {
            var arguments: AMQPTable = ["x-queue-type": .string(kind.rawValue)]
            if let deadLetterExchange { arguments["x-dead-letter-exchange"] = .string(deadLetterExchange) }
            if let deadLetterRoutingKey { arguments["x-dead-letter-routing-key"] = .string(deadLetterRoutingKey) }
            if let deliveryLimit { arguments["x-delivery-limit"] = .int(Int64(deliveryLimit)) }
            if let messageTTLMilliseconds { arguments["x-message-ttl"] = .int(Int64(messageTTLMilliseconds)) }
            self.init(name: name, durable: true, arguments: arguments)
        }
    }

    public struct Binding: Sendable, Equatable {
        public var queue: String
        public var exchange: String
        public var routingKey: String
        public init(queue: String, exchange: String, routingKey: String) {
            self.queue = queue
            self.exchange = exchange
            self.routingKey = routingKey
        }
    }
}
