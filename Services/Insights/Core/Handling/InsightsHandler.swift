import Codec
import EventHandling
import Model

/// Every event in the catalogue → the read model, whose live flag changes at once. The handler
/// publishes nothing: `session.flagged` comes only from the `FlagSweeper`, once a level has held
/// for the settle window, so a yellow that turns green a moment later (a completion before its
/// feedback) is never announced. The store is idempotent and order-tolerant: a redelivered event
/// changes nothing.
public struct InsightsHandler: BatchEventHandler {
    public let store: InsightsStore

    public init(store: InsightsStore) {
        self.store = store
    }

    /// Every event: insights is the read model of all of them, and binding them all keeps every
    /// event type routable (publishing is mandatory).
    public var subscriptions: Set<EventType> { ServiceContract.insights.handles }
    public var publishes: Set<EventType> { ServiceContract.insights.reactions }

    public func handle(_ event: CloudEvent, context: HandlerContext) async throws -> [Emission] {
        do {
            _ = try await store.write(.apply(event))
        } catch {
            // SQLite busy or the disk full: may pass.
            throw HandlerFailure.transient("store: \(error)")
        }
        return []
    }

    /// Deliveries per transaction: enough that one fsync serves many events, few enough that a
    /// batch commits within milliseconds.
    public var maxBatch: Int { 64 }

    /// The batch in one durable transaction with its inbox marks (`apply(deliveries:)`); an event
    /// whose apply fails is rolled back alone and retried on its own.
    public func handle(batch events: [CloudEvent], context: HandlerContext) async throws -> [BatchItemResult] {
        let outcomes: [DeliveryOutcome]
        do {
            outcomes = try await store.write(.apply(deliveries: events))
        } catch {
            throw HandlerFailure.transient("store: \(error)")
        }
        return outcomes.map { outcome in
            switch outcome {
            case .applied: .handled([])
            case .duplicate: .duplicate
            case .failed(let reason): .failed(.transient("store: \(reason)"))
            }
        }
    }
}
