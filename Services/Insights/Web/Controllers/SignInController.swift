import Foundation
import Hummingbird
import Logging

/// Sign in and out (`GET`/`POST /login`, `POST /logout`), open to anyone. The login form is
/// protected against login CSRF with a double-submit token (a cookie and a hidden field that must
/// match); sign-out needs the session's CSRF token.
struct SignInController: Sendable {
    let access: AccessControl
    let renderer: PageRenderer
    let logger: Logger

    func addRoutes(to group: RouterGroup<InsightsRequestContext>) {
        group.get("/login", use: loginPage)
        group.post("/login", use: login)
        group.post("/logout", use: logout)
    }

    struct LoginPage {
        let csrfToken: String
        let next: String
        let username: String
        let error: String?
    }

    func loginPage(_ request: Request, context: InsightsRequestContext) -> Response {
        loginForm(next: Self.safeNext(request.uri.queryParameters["next"].map(String.init)), viewer: context.viewer)
    }

    func loginForm(next: String, viewer: Viewer?, error: String? = nil, username: String = "", status: HTTPResponse.Status = .ok) -> Response {
        if viewer != nil, error == nil { return Responses.redirect(to: next) }
        let token = RandomToken.make()
        let page = LoginPage(csrfToken: token, next: next, username: username, error: error)
        var response = Responses.html(renderer.render(page, template: "login"), status: status)
        response.setCookie(access.cookie(name: AccessControl.loginCSRFCookie, value: token, maxAge: 3600))
        return response
    }

    func login(_ request: Request, context: InsightsRequestContext) async throws -> Response {
        let form = try await request.formFields()
        let cookieToken = request.cookies[AccessControl.loginCSRFCookie]?.value ?? ""
        guard let formToken = form["csrf_token"], !cookieToken.isEmpty,
              ConstantTime.equal(Array(formToken.utf8), Array(cookieToken.utf8)) else {
            return Responses.problem(.forbidden, "the sign-in form expired or came from another site; reload the page and sign in again")
        }
        let username = form["username"] ?? ""
        guard access.throttle.allows(username) else {
            logger.warning("sign-in throttled after repeated failures", metadata: ["username": "\(loggable(username))"])
            return loginForm(next: Self.safeNext(form["next"]), viewer: nil, error: "Too many failed sign-ins for this user. Try again in 15 minutes.",
                             username: username, status: .tooManyRequests)
        }
        let users = access.users, password = form["password"] ?? ""
        guard let checked = await access.passwordChecks.run({ users.authenticate(username: username, password: password) }) else {
            logger.warning("sign-in refused: too many password checks waiting")
            return Responses.problem(.serviceUnavailable, "too many sign-ins at once; try again in a few seconds", headers: [.retryAfter: "5"])
        }
        guard let user = checked else {
            access.throttle.recordFailure(username)
            logger.notice("sign-in refused", metadata: ["username": "\(loggable(username))"])
            return loginForm(next: Self.safeNext(form["next"]), viewer: nil, error: "Wrong username or password.", username: username, status: .unauthorized)
        }
        access.throttle.reset(username)
        let (id, _) = access.sessions.start(username: user.username)
        logger.info("signed in", metadata: ["username": "\(user.username)", "role": "\(user.role.name)"])
        let lifetime = Int(access.sessionLifetime.components.seconds)
        return Responses.redirect(to: Self.safeNext(form["next"]), cookies: [
            access.cookie(name: AccessControl.sessionCookie, value: id, maxAge: lifetime),
            access.cookie(name: AccessControl.loginCSRFCookie, value: "", maxAge: 0),
        ])
    }

    func logout(_ request: Request, context: InsightsRequestContext) async throws -> Response {
        if let viewer = context.viewer, case .session(let id, let csrf) = viewer.credential {
            let form = try await request.formFields()
            guard let token = form["csrf_token"], ConstantTime.equal(Array(token.utf8), Array(csrf.utf8)) else {
                return Responses.problem(.forbidden, "missing or wrong csrf_token: sign out from the dashboard's own button")
            }
            access.sessions.end(id: id)
        }
        return Responses.redirect(to: "/login", cookies: [access.cookie(name: AccessControl.sessionCookie, value: "", maxAge: 0)])
    }

    /// A refused username as the log may show it: a known user's name, else a marker. People type
    /// their password into the username box; an unknown "username" must never reach the log.
    func loggable(_ username: String) -> String {
        access.users.user(named: username) != nil ? username : "(unknown user)"
    }

    /// Only local paths: `next` must not send a signed-in user to another site. A whitelist, not a
    /// blacklist: browsers drop tabs and newlines from a Location URL, so "/\t/evil.example" would
    /// become "//evil.example"; only path and query characters pass, and never two leading slashes.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), next.count <= 2048,
              next.unicodeScalars.allSatisfy(allowedInNext.contains) else { return "/" }
        return next
    }

    private static let allowedInNext = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-_.~?=&%+")
}
