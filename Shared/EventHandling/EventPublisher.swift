import Codec

/// The event bus as services see it: hand over events, get back once the broker has them.
/// A protocol so handlers' callers can be unit-tested without a broker (ServiceKit's
/// `AMQPEventPublisher` is the real one).
public protocol EventPublisher: Sendable {
    /// Publishes every event with confirms; throws if any of them was not confirmed.
    func publish(_ events: [CloudEvent]) async throws
}
