import Hummingbird

/// The request context of every insights route: the basic context plus who is asking.
/// A child of `BasicRequestContext`, so the routes plug into the `Router<BasicRequestContext>`
/// that `ServiceMain` builds (`MentorFlowService.addRoutes(to:)`, as a group) and ServiceKit stays unchanged.
public struct InsightsRequestContext: ChildRequestContext {
    public typealias ParentContext = BasicRequestContext
    public var coreContext: CoreRequestContextStorage
    /// Set by `ViewerMiddleware` from the session cookie or the bearer token; nil when anonymous.
    public var viewer: Viewer?

    public init(context: BasicRequestContext) throws {
        coreContext = context.coreContext  // keeps the route parameters the router already extracted
        viewer = nil
    }
}

/// The signed-in user of a request and how they proved it.
public struct Viewer: Sendable {
    public enum Credential: Sendable {
        /// A browser session: forms must carry its CSRF token.
        case session(id: String, csrfToken: String)
        /// `Authorization: Bearer`: not sent by browsers on their own, so no CSRF risk.
        case token
    }

    public let user: User
    public let credential: Credential

    public var scope: AccessScope { user.scope }

    public var csrfToken: String? {
        if case .session(_, let token) = credential { token } else { nil }
    }
}

/// The request context of the routes that need a signed-in user: the viewer is known, so no
/// handler unwraps it. Built from `InsightsRequestContext` by the signed-in route groups, after
/// `SignInRequirement` has answered anonymous requests (the login page or 401).
public struct SignedInRequestContext: ChildRequestContext {
    public typealias ParentContext = InsightsRequestContext
    public var coreContext: CoreRequestContextStorage
    public let viewer: Viewer

    public init(context: InsightsRequestContext) throws {
        // SignInRequirement runs first in every group of this context; this is its safety net.
        guard let viewer = context.viewer else { throw HTTPError(.unauthorized) }
        coreContext = context.coreContext
        self.viewer = viewer
    }
}
