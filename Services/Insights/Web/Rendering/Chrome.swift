import Hummingbird

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

    /// `active`: the navigation tab to mark ("snapshot", "today", "sessions", "mentors", "reports", or "").
    init(_ title: String, viewer: Viewer?, active: String) {
        self.title = title
        userName = viewer?.user.displayName ?? ""
        roleLabel = viewer?.user.role.label ?? ""
        scopeLabel = viewer?.scope.label ?? ""
        csrfToken = viewer?.csrfToken
        onSnapshot = active == "snapshot"
        onToday = active == "today"
        onSessions = active == "sessions"
        onMentors = active == "mentors"
        onReports = active == "reports"
    }
}

extension PageRenderer {
    /// A page view rendered with its template, as an HTML answer with the security headers.
    func page(_ view: Any, template: String) -> Response {
        Responses.html(render(view, template: template))
    }

    /// The error page of `status` (with the navigation when someone is signed in).
    func errorPage(_ status: HTTPResponse.Status, _ message: String, viewer: Viewer?) -> Response {
        struct ErrorPage {
            let chrome: Chrome
            let status: Int
            let heading: String
            let message: String
        }
        let view = ErrorPage(chrome: Chrome(status.reasonPhrase, viewer: viewer, active: ""), status: status.code, heading: status.reasonPhrase, message: message)
        return Responses.html(render(view, template: "error"), status: status)
    }
}
