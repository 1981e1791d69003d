import Codec
import Model

/// What a service does with one event. The runtime decodes, deduplicates, publishes the
/// returned events with confirms and acks; the handler only decides.
///
/// Handlers must be idempotent (the same event twice has the same outcome) and order-tolerant
/// (feedback may arrive before its session's completion): delivery is at-least-once.
public protocol EventHandler: Sendable {
    /// The event types to bind the service's queue to: what the handler handles. Read it from the
    /// service's `ServiceContract.handles`, so that the bindings and the declared contract are one.
    var subscriptions: Set<EventType> { get }

    /// The event types `handle` may emit (the service's `ServiceContract.reactions`). The consume
    /// loop dead-letters an event whose handler emits anything else, so the declaration cannot
    /// fall behind the code.
    var publishes: Set<EventType> { get }

    /// Handles one event and returns the events it causes. Throw `HandlerFailure.transient` for a
    /// failure that may pass (a busy database, a remote outage); anything else dead-letters the event.
    func handle(_ event: CloudEvent, context: HandlerContext) async throws -> [Emission]
}
