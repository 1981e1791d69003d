import Model

/// One event type with the services that publish it (and which of their code does) and the
/// services that consume it: one row of `mentorflow events` and of the README's table.
public struct EventRoute: Sendable, Equatable {
    public struct Producer: Sendable, Equatable, CustomStringConvertible {
        public let service: String
        /// "handler", or the names of the service's other emitters.
        public let publishers: [String]

        /// `sentiment` for a handler's reaction, `ingest (POST /v1/events, POST /v1/imports)` otherwise.
        public var description: String {
            publishers == ["handler"] ? service : "\(service) (\(publishers.joined(separator: ", ")))"
        }
    }

    public let type: EventType
    public let producers: [Producer]
    public let consumers: [String]

    /// The producers as one cell; "none yet" for a catalogued event that no service publishes today.
    public var producersText: String {
        producers.isEmpty ? "none yet" : producers.map(\.description).joined(separator: "; ")
    }

    public var consumersText: String {
        consumers.joined(separator: ", ")
    }
}

extension SystemContracts {
    /// The README's table of every event type, producers and consumers (a test keeps the README's
    /// copy equal to this).
    public static var markdownTable: String {
        let header = ["| event | produced by | consumed by |", "|---|---|---|"]
        let rows = routes.map { "| `\($0.type.rawValue)` | \($0.producersText) | \($0.consumersText) |" }
        return (header + rows).joined(separator: "\n") + "\n"
    }
}
