import Hummingbird
import Logging

/// Turns what a handler throws into the audience's answer: a `Refusal` becomes an error page
/// (pages, sign-in) or a problem document (data); anything else is logged and answered 500
/// without detail, so a store failure never shows its internals.
struct FailureResponses: RouterMiddleware {
    typealias Context = InsightsRequestContext
    let audience: RouteAudience
    let renderer: PageRenderer
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let refusal as Refusal {
            let (status, message): (HTTPResponse.Status, String) = switch refusal {
            case .notFound(let message): (.notFound, message)
            case .forbidden(let message): (.forbidden, message)
            case .badRequest(let message): (.badRequest, message)
            }
            return audience == .signedInData ? Responses.problem(status, message) : renderer.errorPage(status, message, viewer: context.viewer)
        } catch {
            logger.error("insights request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            let message = "the read model could not answer; try again, and tell the operator if it persists"
            return audience == .signedInPages
                ? renderer.errorPage(.internalServerError, message, viewer: context.viewer) : Responses.problem(.internalServerError, message)
        }
    }
}
