import Codec
import Model

/// A handler that takes several deliveries at once, so that a store can apply them and mark them
/// in its inbox in ONE transaction (one fsync for the batch instead of two per event). Optional:
/// the consume loop checks `handler as? BatchEventHandler`; every other handler is untouched.
///
/// The loop's side (made once `EventConsumer` takes an `InboxStore`): collect up to `maxBatch`
/// ready deliveries, waiting at most a few milliseconds for more; decode each (undecodable ones
/// dead-lettered alone); count redeliveries for the poison limit per event; call
/// `handle(batch:context:)`; publish the emissions of `handled` items with confirms; ack every
/// `handled` and `duplicate` delivery only then (after the commit); send each `failed` one round
/// its own retry or dead-letter path. If the call throws, the whole batch goes through the
/// one-by-one path instead, so one bad event never fails or dead-letters its batch-mates.
public protocol BatchEventHandler: EventHandler {
    /// The most deliveries handed over in one call.
    var maxBatch: Int { get }

    /// Handles `events` together and returns one result per event, in order. Marks each handled
    /// event in the inbox in the same transaction as its effect: a result is final once this returns.
    func handle(batch events: [CloudEvent], context: HandlerContext) async throws -> [BatchItemResult]
}

/// What a batch handler did with one event of its batch.
public enum BatchItemResult: Sendable {
    /// Handled and committed (inbox mark included); publish these, then ack.
    case handled([Emission])
    /// The inbox had it as handled already: ack.
    case duplicate
    /// Not handled (rolled back alone); the loop retries or dead-letters it by this failure.
    case failed(HandlerFailure)
}
