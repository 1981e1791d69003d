import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import InsightsWeb

/// A PM of cluster-a against cluster-b data, on every route the router serves: pages, API and
/// exports. Listings answer 403 when cluster-b is asked for and never contain its data when it
/// is not; a cluster-b session or mentor is 404, exactly like one that does not exist.
@Suite struct AccessControlTests {
    static let pm = DashboardFixture.bearer(DashboardFixture.pmToken)
    static let lead = DashboardFixture.bearer(DashboardFixture.leadToken)

    static func path(_ route: ServedRoute, cluster: String) -> String {
        let session = cluster == "a" ? "S-A2" : "S-B1"
        let mentor = cluster == "a" ? "M-A1" : "M-B1"
        let escalation = cluster == "a" ? "E-A" : "E-B"
        let id = route.path.contains("mentors") ? mentor : route.path.contains("escalations") ? escalation : session
        return route.path.replacingOccurrences(of: "{id}", with: id)
    }

    @Test func pmOfClusterAGets403Or404ForClusterBOnEveryRoute() async throws {
        let fixture = try DashboardFixture()
        let guarded = fixture.servedRoutes.filter { $0.kind != .open }
        #expect(guarded.count >= 15, "the router serves pages, API and exports")
        try await fixture.application.test(.router) { client in
            for route in guarded {
                let method = HTTPRequest.Method(rawValue: route.method)!
                if route.path.contains("{id}") {
                    let other = try await client.execute(uri: Self.path(route, cluster: "b"), method: method, headers: Self.pm)
                    #expect(other.status == .notFound, "\(route.path) for cluster-b answered \(other.status)")
                    for secret in DashboardFixture.clusterBSecrets { #expect(!other.text.contains(secret), "\(route.path) leaks \(secret)") }
                    // Allowed: 200, or for the acknowledge button 503 (these tests run without a broker;
                    // DashboardBrowserTests publishes for real).
                    let allowed: HTTPResponse.Status = route.method == "POST" ? .serviceUnavailable : .ok
                    let own = try await client.execute(uri: Self.path(route, cluster: "a"), method: method, headers: Self.pm)
                    #expect(own.status == allowed, "\(route.path) for cluster-a answered \(own.status)")
                    let lead = try await client.execute(uri: Self.path(route, cluster: "b"), method: method, headers: Self.lead)
                    #expect(lead.status == allowed, "leadership sees cluster-b on \(route.path)")
                } else {
                    let named = try await client.execute(uri: route.path + "?cluster=cluster-b", method: method, headers: Self.pm)
                    #expect(named.status == .forbidden, "\(route.path)?cluster=cluster-b answered \(named.status)")
                    let mixed = try await client.execute(uri: route.path + "?cluster=cluster-a&cluster=cluster-b", method: method, headers: Self.pm)
                    #expect(mixed.status == .forbidden, "\(route.path) with both clusters answered \(mixed.status)")
                    let unfiltered = try await client.execute(uri: route.path, method: method, headers: Self.pm)
                    #expect(unfiltered.status == .ok, "\(route.path) answered \(unfiltered.status)")
                    #expect(unfiltered.text.contains("M-A1") || unfiltered.text.contains("Asha Mentor") || unfiltered.text.contains("S-A"),
                            "\(route.path) shows the PM's own data")
                    for secret in DashboardFixture.clusterBSecrets {
                        #expect(!unfiltered.text.contains(secret), "\(route.path) shows cluster-b's \(secret) to a cluster-a PM")
                    }
                    let lead = try await client.execute(uri: route.path + "?cluster=cluster-b", method: method, headers: Self.lead)
                    #expect(lead.status == .ok, "leadership may filter on cluster-b at \(route.path)")
                }
            }
        }
    }

    @Test func anonymousRequestsAreSentToLoginOrRefused() async throws {
        let fixture = try DashboardFixture()
        try await fixture.application.test(.router) { client in
            for route in fixture.servedRoutes where route.kind != .open {
                let response = try await client.execute(uri: Self.path(route, cluster: "a"), method: HTTPRequest.Method(rawValue: route.method)!)
                switch route.kind {
                case .page:
                    #expect(response.status == .seeOther, "\(route.path)")
                    #expect(response.headers[.location]?.hasPrefix("/login?next=") == true)
                default:
                    #expect(response.status == .unauthorized, "\(route.path)")
                    #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                }
                #expect(!response.text.contains("Asha Mentor"))
            }
            let wrongToken = try await client.execute(uri: "/v1/sessions", method: .get, headers: DashboardFixture.bearer("mft_not-a-token"))
            #expect(wrongToken.status == .unauthorized)
        }
    }

    @Test func invalidFiltersNameTheField() async throws {
        let fixture = try DashboardFixture()
        try await fixture.application.test(.router) { client in
            for (query, field) in [("flag=purple", "flag"), ("from=2025-13-01", "from"), ("limit=0", "limit"), ("state=done", "state"), ("sentiment=angry", "sentiment"),
                                  ("offset=9223372036854775807", "offset"), ("offset=-1", "offset")] {
                let response = try await client.execute(uri: "/v1/sessions?" + query, method: .get, headers: Self.pm)
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.text.contains(field), "\(query): \(response.text)")
            }
            // The tracker page once crashed the process computing "sessions N–M" past Int.max.
            let page = try await client.execute(uri: "/sessions?offset=9223372036854775807", method: .get, headers: Self.pm)
            #expect(page.status == .badRequest)
            let farButValid = try await client.execute(uri: "/sessions?offset=10000000&limit=500", method: .get, headers: Self.pm)
            #expect(farButValid.status == .ok, "an offset past the end is an empty page")
        }
    }

    @Test func filtersAndPagingNarrowTheListing() async throws {
        let fixture = try DashboardFixture()
        try await fixture.application.test(.router) { client in
            struct Page: Decodable {
                struct Item: Decodable {
                    let session_id: String
                    let flag: Flag
                }
                struct Flag: Decodable {
                    let level: String
                }
                let total: Int
                let items: [Item]
            }
            func page(_ query: String, _ headers: HTTPFields = Self.lead) async throws -> Page {
                let response = try await client.execute(uri: "/v1/sessions?" + query, method: .get, headers: headers)
                return try JSONDecoder().decode(Page.self, from: Data(buffer: response.body))
            }
            #expect(try await page("").total == 6)
            #expect(try await page("", Self.pm).total == 4)
            #expect(try await page("mentor=M-A2").items.map(\.session_id).sorted() == ["S-A3", "S-A4"])
            #expect(try await page("from=2025-05-21&to=2025-05-22").items.map(\.session_id).sorted() == ["S-A3", "S-A4"])
            #expect(try await page("type=Mock%20Interview&state=completed").items.map(\.session_id).sorted() == ["S-A2", "S-A4"])
            let red = try await page("flag=red")
            #expect(!red.items.isEmpty && red.items.allSatisfy { $0.flag.level == "red" })
            let first = try await page("limit=2")
            let second = try await page("limit=2&offset=2")
            #expect(first.total == 6 && first.items.count == 2 && second.items.count == 2)
            #expect(Set(first.items.map(\.session_id)).isDisjoint(with: second.items.map(\.session_id)))
        }
    }
}
