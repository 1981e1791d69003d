import Foundation
import Hummingbird
import InsightsCore
import Logging
import Model
import ServiceKit

/// The insights web: dashboard pages, the JSON API under `/v1/` and CSV exports, all behind
/// the same access control. Every route is listed once in `routes`; registration walks that
/// table, so the OpenAPI check and the access-control tests see exactly what is served.
public struct InsightsDashboard: Sendable {
    public enum Kind: Sendable {
        /// Served to anyone (login, stylesheet).
        case open
        /// HTML for a signed-in viewer; anonymous → the login page.
        case page
        /// JSON for a viewer (session cookie or bearer token); anonymous → 401.
        case api
        /// CSV for a viewer; anonymous → 401.
        case export
    }

    public struct Route: Sendable {
        public let method: String
        public let path: String
        public let kind: Kind
    }

    /// Every route of the web layer (health and metrics come from ServiceKit).
    public static let routes: [Route] = [
        Route(method: "GET", path: "/assets/style.css", kind: .open),
        Route(method: "GET", path: "/login", kind: .open),
        Route(method: "POST", path: "/login", kind: .open),
        Route(method: "POST", path: "/logout", kind: .open),
        Route(method: "GET", path: "/", kind: .page),
        Route(method: "GET", path: "/today", kind: .page),
        Route(method: "GET", path: "/sessions", kind: .page),
        Route(method: "GET", path: "/sessions/{id}", kind: .page),
        Route(method: "GET", path: "/mentors", kind: .page),
        Route(method: "GET", path: "/mentors/{id}", kind: .page),
        Route(method: "GET", path: "/reports", kind: .page),
        Route(method: "POST", path: "/escalations/{id}/acknowledge", kind: .page),
        Route(method: "GET", path: "/v1/sessions", kind: .api),
        Route(method: "GET", path: "/v1/sessions/{id}", kind: .api),
        Route(method: "GET", path: "/v1/metrics", kind: .api),
        Route(method: "GET", path: "/v1/mentors", kind: .api),
        Route(method: "GET", path: "/v1/mentors/{id}", kind: .api),
        Route(method: "GET", path: "/v1/flags", kind: .api),
        Route(method: "GET", path: "/v1/reports", kind: .api),
        Route(method: "GET", path: "/v1/sessions.csv", kind: .export),
        Route(method: "GET", path: "/v1/mentors.csv", kind: .export),
        Route(method: "GET", path: "/v1/flags.csv", kind: .export),
    ]

    let store: InsightsStore
    let access: AccessControl
    let renderer: PageRenderer
    let display: Display
    /// Where a PM's acknowledgement of an escalation is published (nil: the button answers 503).
    let publisher: (any EventPublisher)?
    /// CloudEvents `source` of what the dashboard publishes.
    let source: String
    let logger: Logger
    let filterChoices = FilterChoices.Cache()

    public init(
        store: InsightsStore, access: AccessControl, renderer: PageRenderer, timeZone: TimeZone, publisher: (any EventPublisher)?,
        source: String = "/mentorflow/insights", logger: Logger
    ) {
        self.store = store
        self.access = access
        self.renderer = renderer
        self.display = Display(timeZone: timeZone)
        self.publisher = publisher
        self.source = source
        self.logger = logger
    }

    /// What a handler may refuse with; turned into an HTML page or a problem document by kind.
    enum Refusal: Error {
        case notFound(String)
        case forbidden(String)
        case badRequest(String)
    }

    typealias Handler = @Sendable (Request, InsightsRequestContext) async throws -> Response

    /// Adds every route in `routes` to `router`, in a group whose context carries the viewer.
    public func addRoutes(to router: Router<BasicRequestContext>) {
        let group = router.group(context: InsightsRequestContext.self).add(middleware: ViewerMiddleware(access: access))
        let handlers = self.handlers()
        for route in Self.routes {
            guard let handler = handlers["\(route.method) \(route.path)"] else {
                preconditionFailure("no handler for \(route.method) \(route.path)")
            }
            let guarded = guarded(handler, kind: route.kind)
            group.on(RouterPath(stringLiteral: route.path), method: HTTPRequest.Method(rawValue: route.method)!) { request, context in
                try await guarded(request, context)
            }
        }
    }

    private func handlers() -> [String: Handler] {
        [
            "GET /assets/style.css": { _, _ in Responses.asset(renderer.stylesheet, contentType: "text/css; charset=utf-8") },
            "GET /login": { request, context in loginPage(request, context) },
            "POST /login": { request, context in try await login(request, context) },
            "POST /logout": { request, context in try await logout(request, context) },
            "GET /": { request, context in try snapshotPage(request, viewer: context.viewer!) },
            "GET /today": { request, context in try todayPage(request, viewer: context.viewer!) },
            "GET /sessions": { request, context in try trackerPage(request, viewer: context.viewer!) },
            "GET /sessions/{id}": { request, context in try sessionPage(request, context, viewer: context.viewer!) },
            "GET /mentors": { request, context in try mentorsPage(request, viewer: context.viewer!) },
            "GET /mentors/{id}": { request, context in try mentorPage(request, context, viewer: context.viewer!) },
            "POST /escalations/{id}/acknowledge": { request, context in try await acknowledgeEscalation(request, context, viewer: context.viewer!) },
            "GET /v1/sessions": { request, context in try apiSessions(request, viewer: context.viewer!) },
            "GET /v1/sessions/{id}": { request, context in try apiSession(request, context, viewer: context.viewer!) },
            "GET /v1/metrics": { request, context in try apiMetrics(request, viewer: context.viewer!) },
            "GET /v1/mentors": { request, context in try apiMentors(request, viewer: context.viewer!) },
            "GET /v1/mentors/{id}": { request, context in try apiMentor(request, context, viewer: context.viewer!) },
            "GET /v1/flags": { request, context in try apiFlags(request, viewer: context.viewer!) },
            "GET /reports": { request, context in try reviewPage(request, viewer: context.viewer!) },
            "GET /v1/reports": { request, context in try apiReview(request, viewer: context.viewer!) },
            "GET /v1/sessions.csv": { request, context in try exportSessions(request, viewer: context.viewer!) },
            "GET /v1/mentors.csv": { request, context in try exportMentors(request, viewer: context.viewer!) },
            "GET /v1/flags.csv": { request, context in try exportFlags(request, viewer: context.viewer!) },
        ]
    }

    /// Anonymous requests to non-open routes never reach the handler; refusals become the
    /// kind's error answer; store failures are logged and answered 500 without detail.
    private func guarded(_ handler: @escaping Handler, kind: Kind) -> Handler {
        { request, context in
            if kind != .open, context.viewer == nil {
                if kind == .page {
                    // Back to the page after signing in; a form's target is not a page, so the snapshot then.
                    let next = request.method == .get ? request.uri.path : "/"
                    return Responses.redirect(to: "/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
                }
                return Responses.problem(.unauthorized, "sign in, or send Authorization: Bearer <token> of a user in the users file",
                                         headers: [.wwwAuthenticate: #"Bearer realm="mentorflow-insights""#])
            }
            do {
                return try await handler(request, context)
            } catch let refusal as Refusal {
                let (status, message): (HTTPResponse.Status, String) = switch refusal {
                case .notFound(let message): (.notFound, message)
                case .forbidden(let message): (.forbidden, message)
                case .badRequest(let message): (.badRequest, message)
                }
                return kind == .page || kind == .open ? errorPage(status, message, viewer: context.viewer) : Responses.problem(status, message)
            } catch {
                logger.error("insights request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
                let message = "the read model could not answer; try again, and tell the operator if it persists"
                return kind == .page ? errorPage(.internalServerError, message, viewer: context.viewer) : Responses.problem(.internalServerError, message)
            }
        }
    }

    /// The listing query of a request in the viewer's scope, or the refusal it earns.
    func query(_ request: Request, viewer: Viewer, defaultLimit: Int = 50) throws(Refusal) -> SessionQuery {
        do {
            return try SessionQuery.parse(request, scope: viewer.scope, calendar: display.calendar, defaultLimit: defaultLimit)
        } catch {
            switch error {
            case .invalid(let field, let message): throw .badRequest("\(field): \(message)")
            case .outOfScope(let clusters): throw .forbidden("cluster \(clusters.joined(separator: ", ")) is outside your access (\(Self.scopeLabel(viewer.scope)))")
            }
        }
    }

    /// A session the viewer may see, or 404 (the same answer whether it does not exist or is out of scope).
    func visibleSession(_ context: InsightsRequestContext, viewer: Viewer) throws -> SessionDetail {
        let id = context.parameters.get("id") ?? ""
        guard let detail = try store.session(id: SessionID(id)), Self.visible(detail.record, to: viewer.scope) else {
            throw Refusal.notFound("no such session in your programs")
        }
        return detail
    }

    /// Every session the viewer may see.
    static func scopeFilter(_ viewer: Viewer) -> SessionFilter {
        SessionFilter(pmClusters: viewer.scope.clusters.map { Set($0.map { PMClusterID($0) }) })
    }

    static func visible(_ record: SessionRecord, to scope: AccessScope) -> Bool {
        guard let clusters = scope.clusters else { return true }
        guard let cluster = record.pmCluster else { return false }
        return clusters.contains(cluster.rawValue)
    }

    static func scopeLabel(_ scope: AccessScope) -> String {
        guard let clusters = scope.clusters else { return "all PM clusters" }
        return (clusters.count == 1 ? "cluster " : "clusters ") + clusters.sorted().joined(separator: ", ")
    }

    func chrome(_ title: String, viewer: Viewer?, active: String) -> Chrome {
        Chrome(
            title: title, userName: viewer?.user.displayName ?? "", roleLabel: viewer.map { Self.roleLabel($0.user.role) } ?? "",
            scopeLabel: viewer.map { Self.scopeLabel($0.scope) } ?? "", csrfToken: viewer?.csrfToken,
            onSnapshot: active == "snapshot", onToday: active == "today", onSessions: active == "sessions", onMentors: active == "mentors",
            onReports: active == "reports")
    }

    static func roleLabel(_ role: Role) -> String {
        switch role {
        case .programManager: "Program manager"
        case .leadership: "Leadership"
        case .admin: "Admin"
        }
    }

    func errorPage(_ status: HTTPResponse.Status, _ message: String, viewer: Viewer?) -> Response {
        struct ErrorPage {
            let chrome: Chrome
            let status: Int
            let heading: String
            let message: String
        }
        let page = ErrorPage(chrome: chrome(status.reasonPhrase, viewer: viewer, active: ""), status: status.code, heading: status.reasonPhrase, message: message)
        return Responses.html(renderer.render(page, template: "error"), status: status)
    }
}

/// The layout's part of every page view: title, who is signed in, the active tab.
struct Chrome {
    let title: String
    let userName: String
    let roleLabel: String
    let scopeLabel: String
    let csrfToken: String?
    let onSnapshot: Bool
    let onToday: Bool
    let onSessions: Bool
    let onMentors: Bool
    let onReports: Bool
}
