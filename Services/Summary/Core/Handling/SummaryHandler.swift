import Codec
import GRDB
import Model
import ServiceKit

/// `mentorflow-summary`'s handler: the engine behind ServiceKit's consume loop (inbox, retry, DLQ).
public struct SummaryHandler: EventHandler {
    public let engine: SummaryEngine

    public init(engine: SummaryEngine) {
        self.engine = engine
    }

    public var subscriptions: Set<EventType> { SummaryEngine.subscriptions }

    public func handle(_ event: CloudEvent, context: HandlerContext) async throws -> [Emission] {
        do {
            let emissions = try engine.apply(event)
            context.logger.debug("applied", metadata: ["session": "\(event.data.sessionID?.rawValue ?? "-")", "emitted": "\(emissions.count)"])
            return emissions
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            throw HandlerFailure.transient("summary store busy: \(error)")
        } catch let error as DatabaseError {
            // A full disk or a corrupt file will not pass by retrying the same event.
            throw HandlerFailure.transient("summary store: \(error)")
        }
    }
}
