import Codec
import EventHandling
import Synchronization

/// An `EventPublisher` that keeps what it was given; can be told to fail, to test what a caller
/// does when the broker refuses.
public final class RecordingEventPublisher: EventPublisher {
    private let state = Mutex<(published: [CloudEvent], failure: (any Error)?)>(([], nil))

    public init() {}

    /// Published so far, in order.
    public var published: [CloudEvent] { state.withLock { $0.published } }

    /// From now on every publish throws `failure` (nil: succeed again).
    public func fail(with failure: (any Error)?) {
        state.withLock { $0.failure = failure }
    }

    public func publish(_ events: [CloudEvent]) async throws {
        try state.withLock { state in
            if let failure = state.failure { throw failure }
            state.published += events
        }
    }
}
