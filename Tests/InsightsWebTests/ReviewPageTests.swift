import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import InsightsWeb

/// The review report on the dashboard: `/reports` and `/v1/reports` show `mentorflow report`'s
/// figures in the viewer's scope, with the period chosen by parameters.
@Suite struct ReviewPageTests {
    static let lead = DashboardFixture.bearer(DashboardFixture.leadToken)
    static let pm = DashboardFixture.bearer(DashboardFixture.pmToken)

    @Test func thePageShowsEverySectionForTheChosenPeriod() async throws {
        let fixture = try DashboardFixture()
        try await fixture.application.test(.router) { client in
            // The fixture's sessions are 19–23 May 2025, so the default month ends 24 May.
            let page = try await client.execute(uri: "/reports", method: .get, headers: Self.lead)
            #expect(page.status == .ok)
            #expect(page.text.contains("Monthly review, 2025-04-24 to 2025-05-23"))
            for section in ["what-changed", "top-issues", "follow-ups", "mentors-needing-support", "urgent-sessions"] {
                #expect(page.text.contains("id=\"\(section)\""), "\(section)")
            }
            #expect(page.text.contains("href=\"/sessions/S-A3\""), "the no-show is urgent, linked to its page")
            #expect(!page.text.contains("<script"))
            #expect(page.text.contains("<option value=\"monthly\" selected>"))
            #expect(page.text.contains("href=\"/v1/reports?period=monthly&amp;ending=2025-05-24&amp;format=markdown\""), "the Markdown link keeps the period")
            let week = try await client.execute(uri: "/reports?period=weekly&ending=2025-05-21", method: .get, headers: Self.lead)
            #expect(week.text.contains("Weekly review, 2025-05-14 to 2025-05-20"))
            #expect(!week.text.contains("S-A3"), "the no-show on the 21st is after that week")
        }
    }

    @Test func theAPIAnswersJSONOrMarkdownInScope() async throws {
        let fixture = try DashboardFixture()
        try await fixture.application.test(.router) { client in
            let json = try await client.execute(uri: "/v1/reports?period=quarterly", method: .get, headers: Self.pm)
            #expect(json.status == .ok)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: Any])
            #expect(body["clusters"] as? [String] == ["cluster-a"], "a PM's report covers their clusters (and ends after their latest session, 22 May)")
            let current = try #require(body["current"] as? [String: Any])
            #expect(current["sessions"] as? Int == 4, "cluster-a's four sessions, none of cluster-b's")
            let markdown = try await client.execute(uri: "/v1/reports?period=quarterly&format=markdown", method: .get, headers: Self.pm)
            #expect(markdown.status == .ok)
            #expect(markdown.headers[.contentType]?.hasPrefix("text/markdown") == true)
            #expect(markdown.headers[.cacheControl] == "no-store", "a PM's report is never cached by a shared proxy")
            #expect(markdown.text.hasPrefix("# Quarterly review, 2025-02-23 to 2025-05-22\n"))
            #expect(markdown.text.contains("Scope: cluster-a."))
        }
    }

    @Test func badParametersAreNamed() async throws {
        let fixture = try DashboardFixture()
        try await fixture.application.test(.router) { client in
            for (query, field) in [("period=daily", "period"), ("ending=2025-02-30", "ending"), ("format=pdf", "format")] {
                let response = try await client.execute(uri: "/v1/reports?" + query, method: .get, headers: Self.lead)
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.text.contains(field), "\(query): \(response.text)")
            }
        }
    }
}
