import Codec
import InsightsCore
import Model
import ServiceKit

/// Every event in the catalogue → the read model, whose live flag changes at once. The handler
/// publishes nothing: `session.flagged` comes only from the `FlagSweeper`, once a level has held
/// for the settle window, so a yellow that turns green a moment later (a completion before its
/// feedback) is never announced. The store is idempotent and order-tolerant: a redelivered event
/// changes nothing.
struct InsightsHandler: EventHandler {
    let store: InsightsStore

    /// Every event: insights is the read model of all of them, and binding them all keeps every
    /// event type routable (publishing is mandatory).
    var subscriptions: Set<EventType> { Set(EventType.allCases) }

    func handle(_ event: CloudEvent, context: HandlerContext) async throws -> [Emission] {
        do {
            try await store.write(.apply(event))
        } catch {
            // SQLite busy or the disk full: may pass.
            throw HandlerFailure.transient("store: \(error)")
        }
        return []
    }
}
