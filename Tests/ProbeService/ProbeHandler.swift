import Codec
import Model
import ServiceKit

/// `feedback.submitted` → `session.flagged` (red for a rating of 2 or less), optionally slowly,
/// so tests can watch SIGTERM drain in-flight work.
struct ProbeHandler: EventHandler {
    let delay: Duration

    var subscriptions: Set<EventType> { [.feedbackSubmitted] }
    var publishes: Set<EventType> { [.sessionFlagged] }

    func handle(_ event: CloudEvent, context: HandlerContext) async throws -> [Emission] {
        guard case .feedbackSubmitted(let feedback) = event.data else { return [] }
        try? await Task.sleep(for: delay)
        let level: FlagLevel = (feedback.feedback.rating ?? 5) <= 2 ? .red : .green
        return [Emission(.sessionFlagged(SessionFlagged(sessionID: feedback.sessionID, flag: Flag(level: level, reasons: level == .red ? [.lowRating] : []))))]
    }
}
