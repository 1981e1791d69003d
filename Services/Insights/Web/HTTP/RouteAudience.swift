/// Who a group of routes answers, which decides what an anonymous request gets and in what form
/// a refusal or a failure is answered.
enum RouteAudience: Sendable {
    /// Served to anyone (sign-in, stylesheet); refusals as an HTML page.
    case anyone
    /// HTML for a signed-in viewer; anonymous → the login page; refusals and failures as HTML.
    case signedInPages
    /// JSON or CSV for a viewer (session cookie or bearer token); anonymous → 401; problem documents.
    case signedInData
}

/// What a handler may refuse with; `FailureResponses` turns it into the audience's answer.
enum Refusal: Error {
    case notFound(String)
    case forbidden(String)
    case badRequest(String)
}
