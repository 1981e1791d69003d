import Codec
import InsightsCore
import Model
import ServiceKit

/// Every event in the catalogue → the read model; a change of a session's early-warning level →
/// `session.flagged` with the previous level and the reasons. The store is idempotent and
/// order-tolerant, and a redelivered event returns the change it caused the first time, so the
/// consume loop re-publishes the same event id (downstream inboxes drop the copy).
struct InsightsHandler: EventHandler {
    let store: InsightsStore

    /// Every event: insights is the read model of all of them, and binding them all keeps every
    /// event type routable (publishing is mandatory).
    var subscriptions: Set<EventType> { Set(EventType.allCases) }

    func handle(_ event: CloudEvent, context: HandlerContext) async throws -> [Emission] {
        let outcome: ApplyOutcome
        do {
            outcome = try store.apply(event)
        } catch {
            // SQLite busy or the disk full: may pass.
            throw HandlerFailure.transient("store: \(error)")
        }
        guard let change = outcome.flagChange else { return [] }
        context.logger.info("flag changed", metadata: [
            "session": "\(change.sessionID.rawValue)", "level": "\(change.level.rawValue)", "previous": "\(change.previousLevel.rawValue)",
            "reasons": "\(change.reasons.map(\.rawValue))",
        ])
        return [Emission(.sessionFlagged(change.payload), key: "flag")]
    }
}
