import Codec
import EventHandling
import GRDB
import Model

/// `mentorflow-summary`'s handler: the engine behind ServiceKit's consume loop (inbox, retry, DLQ).
public struct SummaryHandler: EventHandler {
    public let engine: SummaryEngine

    public init(engine: SummaryEngine) {
        self.engine = engine
    }

    public var subscriptions: Set<EventType> { ServiceContract.summary.handles }
    public var publishes: Set<EventType> { ServiceContract.summary.reactions }

    public func handle(_ event: CloudEvent, context: HandlerContext) async throws -> [Emission] {
        do {
            let emissions = try await engine.applyOffThePool(event)
            context.logger.debug("applied", metadata: ["session": "\(event.data.sessionID?.rawValue ?? "-")", "emitted": "\(emissions.count)"])
            return emissions
        } catch let error as DatabaseError {
            // Busy, locked, a full disk: the store may recover (or an operator may fix it), so the
            // event is retried with back-off and dead-lettered only after the last try.
            throw HandlerFailure.transient("summary store: \(error)")
        }
    }
}
