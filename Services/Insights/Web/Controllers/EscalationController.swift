import Codec
import Foundation
import Hummingbird
import InsightsCore
import Model
import Logging
import ServiceKit

/// "I'm on it": a PM acknowledges an open escalation from the today page. The dashboard does
/// not change its own read model here; it publishes `escalation.acknowledged` (the scheduler
/// stops the escalation's clock, and insights records it when the event comes back like any other).
struct EscalationController: Sendable {
    let reads: ScopedReadModel
    let renderer: PageRenderer
    /// nil: the dashboard has no broker, and the button answers 503.
    let publisher: (any EventPublisher)?
    /// CloudEvents `source` of the acknowledgement.
    let source: String
    let logger: Logger

    func addRoutes(to pages: RouterGroup<SignedInRequestContext>) {
        pages.post("/escalations/{id}/acknowledge", use: acknowledge)
    }

    func acknowledge(_ request: Request, context: SignedInRequestContext) async throws -> Response {
        let viewer = context.viewer
        if case .session(_, let csrf) = viewer.credential {
            let form = try await request.formFields()
            guard let token = form["csrf_token"], ConstantTime.equal(Array(token.utf8), Array(csrf.utf8)) else {
                throw Refusal.forbidden("missing or wrong csrf_token: use the button on the dashboard")
            }
        }
        let id = context.parameters.get("id") ?? ""
        guard let open = try await reads.store.read(.openEscalations(matching: ScopedReadModel.scopeFilter(viewer))).first(where: { $0.escalation.escalationID.rawValue == id }) else {
            throw Refusal.notFound("no such open escalation in your programs")
        }
        guard let publisher else {
            return renderer.errorPage(.serviceUnavailable, "acknowledging needs the broker, which this dashboard is not connected to", viewer: viewer)
        }
        let now = Date()
        let payload = EscalationAcknowledged(
            escalationID: open.escalation.escalationID, sessionID: open.session.sessionID, acknowledgedBy: viewer.user.username, acknowledgedAt: now)
        // One acknowledgement per escalation: a second click publishes the same id, which inboxes drop.
        let event = EventFactory(service: "insights-web", source: source).request(.escalationAcknowledged(payload), key: id, at: now)
        do {
            try await publisher.publish([event])
        } catch {
            logger.error("publishing escalation.acknowledged failed", metadata: ["escalation": "\(id)", "error": "\(error)"])
            return renderer.errorPage(.serviceUnavailable, "the acknowledgement could not be sent; try again in a moment", viewer: viewer)
        }
        logger.info("escalation acknowledged", metadata: ["escalation": "\(id)", "by": "\(viewer.user.username)"])
        return Responses.redirect(to: "/today")
    }
}
