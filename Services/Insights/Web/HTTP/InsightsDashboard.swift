import Foundation
import Hummingbird
import InsightsCore
import Logging
import ServiceKit

/// The insights web: dashboard pages, the JSON API under `/v1/` and CSV exports, all behind the
/// same access control. It only assembles: each controller registers its own routes once, on the
/// group of its audience, and the router (`Router.routes`) is the one list of what is served.
///
/// The groups: every route runs `ViewerMiddleware` (who is asking) and `FailureResponses` (a
/// refusal or a failure in the audience's form); signed-in groups add `SignInRequirement` and
/// hand their handlers a `SignedInRequestContext`, whose viewer is never nil.
public struct InsightsDashboard: Sendable {
    let access: AccessControl
    let renderer: PageRenderer
    let display: Display
    let reads: ScopedReadModel
    /// Where a PM's acknowledgement of an escalation is published (nil: the button answers 503).
    let publisher: (any EventPublisher)?
    /// CloudEvents `source` of what the dashboard publishes.
    let source: String
    let logger: Logger

    public init(
        store: InsightsStore, access: AccessControl, renderer: PageRenderer, timeZone: TimeZone, publisher: (any EventPublisher)?,
        source: String = "/mentorflow/insights", logger: Logger
    ) {
        self.access = access
        self.renderer = renderer
        self.display = Display(timeZone: timeZone)
        self.reads = ScopedReadModel(store: store, calendar: display.calendar)
        self.publisher = publisher
        self.source = source
        self.logger = logger
    }

    /// Adds every route to `router`, in groups whose context carries the viewer.
    public func addRoutes(to router: Router<BasicRequestContext>) {
        let everyone = router.group(context: InsightsRequestContext.self).add(middleware: ViewerMiddleware(access: access))
        let pages = signedIn(everyone, audience: .signedInPages)
        let data = signedIn(everyone, audience: .signedInData)
        let open = everyone.group().add(middleware: FailureResponses(audience: .anyone, renderer: renderer, logger: logger))

        open.get("/assets/style.css") { [renderer] _, _ in Responses.asset(renderer.stylesheet, contentType: "text/css; charset=utf-8") }
        SignInController(access: access, renderer: renderer, logger: logger).addRoutes(to: open)
        SnapshotController(reads: reads, renderer: renderer, display: display).addRoutes(to: pages)
        SessionController(reads: reads, renderer: renderer, display: display).addRoutes(to: pages)
        MentorController(reads: reads, renderer: renderer, display: display).addRoutes(to: pages)
        ReportController(reads: reads, renderer: renderer).addRoutes(pages: pages, data: data)
        EscalationController(reads: reads, renderer: renderer, publisher: publisher, source: source, logger: logger).addRoutes(to: pages)
        APIController(reads: reads, display: display).addRoutes(to: data)
        ExportController(reads: reads, display: display).addRoutes(to: data)
    }

    /// A group for `audience` whose handlers get a `SignedInRequestContext`.
    private func signedIn(_ everyone: RouterGroup<InsightsRequestContext>, audience: RouteAudience) -> RouterGroup<SignedInRequestContext> {
        everyone.group()
            .add(middleware: SignInRequirement(audience: audience))
            .add(middleware: FailureResponses(audience: audience, renderer: renderer, logger: logger))
            .group(context: SignedInRequestContext.self)
    }
}
