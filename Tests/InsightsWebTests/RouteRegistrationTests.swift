import Foundation
import Testing
import TestSupport
@testable import InsightsWeb

/// The controllers register each route once, on the Hummingbird router itself (no second table):
/// the router's own list holds no route twice, serves every route of the dashboard (README's page
/// table and `Services/Insights/openapi.yaml`), and nothing else.
@Suite struct RouteRegistrationTests {
    /// Every route the dashboard serves: the sign-in and stylesheet, the pages, the escalation
    /// button, the `/v1/` API and the CSV exports.
    static let dashboardRoutes: Set<String> = [
        "GET /assets/style.css", "GET /login", "POST /login", "POST /logout",
        "GET /", "GET /today", "GET /sessions", "GET /sessions/{id}", "GET /mentors", "GET /mentors/{id}", "GET /reports",
        "POST /escalations/{id}/acknowledge",
        "GET /v1/sessions", "GET /v1/sessions/{id}", "GET /v1/metrics", "GET /v1/mentors", "GET /v1/mentors/{id}", "GET /v1/flags", "GET /v1/reports",
        "GET /v1/sessions.csv", "GET /v1/mentors.csv", "GET /v1/flags.csv",
    ]

    @Test func everyRouteIsRegisteredOnceAndEveryDocumentedRouteIsServed() throws {
        let served = try DashboardFixture().servedRoutes.map(\.description)
        #expect(served.count == Set(served).count, "a route registered twice: \(served.sorted())")
        #expect(Set(served) == Self.dashboardRoutes)
        let documented = try OpenAPIDocument.routes("Services/Insights/openapi.yaml").subtracting(["GET /health/live", "GET /health/ready", "GET /metrics"])
        #expect(!documented.isEmpty)
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
    }
}
