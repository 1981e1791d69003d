import Codec
import Foundation
import Logging
import Model

/// What a service does with one event. The runtime decodes, deduplicates, publishes the
/// returned events with confirms and acks; the handler only decides.
///
/// Handlers must be idempotent (the same event twice has the same outcome) and order-tolerant
/// (feedback may arrive before its session's completion): delivery is at-least-once.
public protocol EventHandler: Sendable {
    /// The event types to bind the service's queue to.
    var subscriptions: Set<EventType> { get }

    /// Handles one event and returns the events it causes. Throw `HandlerFailure.transient` for a
    /// failure that may pass (a busy database, a remote outage); anything else dead-letters the event.
    func handle(_ event: CloudEvent, context: HandlerContext) async throws -> [Emission]
}

/// An event a handler wants published. `key` tells apart several emissions of the same type
/// for one input; together with the input's id it fixes the output's id.
///
/// `id` overrides that: a handler whose output is a state (version 3 of a session's summary),
/// not a reaction to one input, names it by the state (`DeterministicID` of session and version),
/// so whichever input caused it, republishing it after a crash gives the same id.
public struct Emission: Sendable, Equatable {
    public var data: EventData
    public var key: String
    public var id: String?

    public init(_ data: EventData, key: String = "", id: String? = nil) {
        self.data = data
        self.key = key
        self.id = id
    }
}

public struct HandlerContext: Sendable {
    /// How many times this event was tried before (0 on the first try).
    public let attempt: Int
    public let logger: Logger
}

/// A handler's failure, classified so the runtime knows whether a retry can help.
public enum HandlerFailure: Error, Sendable, CustomStringConvertible {
    /// May pass: retried with growing delay, then dead-lettered.
    case transient(String)
    /// Will not pass: dead-lettered at once with this reason.
    case permanent(String)

    public var description: String {
        switch self {
        case .transient(let reason): "transient: \(reason)"
        case .permanent(let reason): reason
        }
    }
}
