import Foundation
import Hummingbird

/// Answers an anonymous request to a signed-in group before any handler runs: pages send the
/// browser to the sign-in form (and back afterwards), data routes answer 401 with
/// `WWW-Authenticate: Bearer`.
struct SignInRequirement: RouterMiddleware {
    typealias Context = InsightsRequestContext
    let audience: RouteAudience

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.viewer == nil, audience != .anyone else { return try await next(request, context) }
        if audience == .signedInPages {
            // Back to the page after signing in; a form's target is not a page, so the snapshot then.
            let target = request.method == .get ? request.uri.path : "/"
            return Responses.redirect(to: "/login?next=" + (target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
        }
        return Responses.problem(.unauthorized, "sign in, or send Authorization: Bearer <token> of a user in the users file",
                                 headers: [.wwwAuthenticate: #"Bearer realm="mentorflow-insights""#])
    }
}
