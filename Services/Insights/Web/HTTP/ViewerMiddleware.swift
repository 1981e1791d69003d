import Foundation
import Hummingbird

/// Finds the viewer of each request: `Authorization: Bearer <token>` of a user in the users file,
/// else the `mf_session` cookie of a live login. It only identifies; each route decides what an
/// anonymous request gets (the login page or 401).
struct ViewerMiddleware: RouterMiddleware {
    typealias Context = InsightsRequestContext
    let access: AccessControl

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.viewer = access.viewer(of: request)
        return try await next(request, context)
    }
}

/// Users, login sessions and cookie settings: everything that decides who a request is.
public struct AccessControl: Sendable {
    public static let sessionCookie = "mf_session"
    public static let loginCSRFCookie = "mf_login_csrf"

    public let users: UserDirectory
    public let sessions: LoginSessions
    /// Cookies carry `Secure` (set it when the service is behind HTTPS).
    public let secureCookies: Bool
    public let sessionLifetime: Duration
    public let throttle: LoginThrottle
    public let passwordChecks: PasswordCheckQueue

    public init(users: UserDirectory, sessionLifetime: Duration, secureCookies: Bool, now: @escaping @Sendable () -> Date = { Date() }) {
        self.users = users
        self.sessions = LoginSessions(lifetime: sessionLifetime, now: now)
        self.throttle = LoginThrottle(now: now)
        self.passwordChecks = PasswordCheckQueue()
        self.secureCookies = secureCookies
        self.sessionLifetime = sessionLifetime
    }

    func viewer(of request: Request) -> Viewer? {
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
            guard let user = users.user(forToken: String(parts[1]).trimmingCharacters(in: .whitespaces)) else { return nil }
            return Viewer(user: user, credential: .token)
        }
        guard let id = request.cookies[Self.sessionCookie]?.value, !id.isEmpty,
              let session = sessions.session(id: id), let user = users.user(named: session.username) else { return nil }
        return Viewer(user: user, credential: .session(id: id, csrfToken: session.csrfToken))
    }

    func cookie(name: String, value: String, maxAge: Int?) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict)
    }
}
