import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import InsightsWeb
import Codec
import Model

/// What the pages and exports show: user text escaped, spreadsheets safe, flags colour-coded.
@Suite struct RenderingTests {
    static let lead = DashboardFixture.bearer(DashboardFixture.leadToken)

    @Test func aCommentHoldingAScriptRendersAsText() async throws {
        let fixture = try DashboardFixture()
        try await fixture.application.test(.router) { client in
            let page = try await client.execute(uri: "/sessions/S-A2", method: .get, headers: Self.lead)
            #expect(page.status == .ok)
            #expect(!page.text.contains("<script"), "no script element from user text")
            #expect(page.text.contains("&lt;script&gt;alert("), "the comment is shown as text")
            #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true, "and scripts would not run anyway")
            for path in ["/sessions", "/today", "/mentors/M-A1", "/"] {
                let other = try await client.execute(uri: path, method: .get, headers: Self.lead)
                #expect(other.status == .ok, "\(path)")
                #expect(!other.text.contains("<script"), "\(path) holds no script element")
            }
        }
    }

    @Test func csvExportNeutralisesFormulasAndQuotes() async throws {
        let fixture = try DashboardFixture()
        try await fixture.application.test(.router) { client in
            let response = try await client.execute(uri: "/v1/sessions.csv", method: .get, headers: Self.lead)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(response.headers[.contentDisposition]?.contains("attachment") == true)
            let text = response.text
            #expect(text.hasPrefix("session_id,scheduled_at,"))
            #expect(text.contains(#",S-A4,"#) == false && text.contains("\r\nS-A4,"))
            #expect(text.contains(#""'=HYPERLINK(""http://evil.example"",""click"")""#), "formula neutralised and quoted:\n\(text)")
            // No field of any row starts with a formula character.
            for line in text.split(separator: "\r\n") {
                for field in line.split(separator: ",", omittingEmptySubsequences: false) {
                    let bare = field.hasPrefix("\"") ? field.dropFirst() : field
                    #expect(!(bare.first.map { "=+@".contains($0) } ?? false), "unsafe cell \(field)")
                }
            }
        }
    }

    @Test func trackerRowsAreColourCodedWithReasons() async throws {
        let fixture = try DashboardFixture()
        try await fixture.application.test(.router) { client in
            let page = try await client.execute(uri: "/sessions", method: .get, headers: Self.lead)
            #expect(page.text.contains(#"<tr class="flag-red" data-session="S-A2""#))
            #expect(page.text.contains(#"<tr class="flag-green" data-session="S-A1""#))
            #expect(page.text.contains("Mentor not prepared"))
            #expect(page.text.contains(#"href="/v1/sessions.csv""#))
            let snapshot = try await client.execute(uri: "/", method: .get, headers: Self.lead)
            #expect(snapshot.text.contains(#"data-metric="total"><div class="label">Sessions</div><div class="value">6</div>"#))
            #expect(snapshot.text.components(separatedBy: "<svg class=\"chart\"").count - 1 >= 2, "sentiment and prep charts")
            let stylesheet = try await client.execute(uri: "/assets/style.css", method: .get)
            #expect(stylesheet.status == .ok && stylesheet.text.contains(".flag-red"))
        }
    }

    @Test func mentorPageNamesCoachingOpportunities() async throws {
        let fixture = try DashboardFixture()
        try await fixture.application.test(.router) { client in
            // M-A2: one no-show in two sessions, against 4 of 6 completed across the program: marked
            // worse in the table, but two sessions are too few for the support rule the review report
            // uses (completion 15 points behind needs 4 sessions), so completion is no opportunity.
            // Both sessions are red against 4 of 6 in the program: that the rule names.
            let page = try await client.execute(uri: "/mentors/M-A2", method: .get, headers: Self.lead)
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<p class="opportunity">Red sessions: 100.0% against 66.7% for the program."#), "\(page.text)")
            #expect(!page.text.contains(#"<p class="opportunity">Completion rate"#), "\(page.text)")
            #expect(page.text.contains(#"<td class="num worse">−16.7 pts</td>"#))
            // Its weeks beside the program's: 2025-05-19's week holds S-A3 (no-show) and S-A4 (completed).
            #expect(page.text.contains(#"<td class="nowrap">2025-05-19</td><td class="num">2</td><td class="num worse">50.0%</td><td class="num">66.7%</td>"#), "\(page.text)")
        }
    }

    /// M-A3 never prepares fully (4 sessions): the support rule's prep floor names it, on the page
    /// and in `/v1/mentors/{id}`, in the same words.
    @Test func mentorPageNamesTheSupportRulesFindingsAsCoachingOpportunities() async throws {
        let fixture = try DashboardFixture(extraRows: (1...4).map { day in
            "S-A3\(day),Data Science,DS-1,M-A3,Chitra Mentor,cluster-a,L-A1,Lina Learner,lina@example.com,Resume Review,2025-05-2\(day)T10:00:00+05:30,30,30,Completed,Yes,No,5,Helpful and clear.,Yes"
        })
        try await fixture.application.test(.router) { client in
            // Prep done: M-A3 0 of 4; the program 3 of 10 (S-A1, S-A3, S-B1).
            let sentence = "Mentor prep done: 0.0% against 30.0% for the program. Chitra Mentor prepares fully less often"
            let page = try await client.execute(uri: "/mentors/M-A3", method: .get, headers: Self.lead)
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<p class="opportunity">"# + sentence), "\(page.text)")
            let api = try await client.execute(uri: "/v1/mentors/M-A3", method: .get, headers: Self.lead)
            #expect(api.status == .ok)
            #expect(api.text.contains(sentence), "\(api.text)")
        }
    }

    @Test func barChartEscapesLabels() {
        let chart = BarChart(title: "t<", bars: [.init(label: "<b>", value: 1, display: "1", colour: "#000")])
        #expect(chart.svg.contains("&lt;b&gt;") && !chart.svg.contains("<b>"))
    }
}

/// The session page shows the summary service's pre-session agenda and the action items' due hints.
@Suite struct SessionPageAgendaTests {
    @Test func theAgendaAndItsChecklistAreShownEscaped() async throws {
        let fixture = try DashboardFixture()
        _ = try fixture.store.apply(CloudEvent(
            id: "agenda-S-A1", source: "/mentorflow/summary", time: Date(timeIntervalSince1970: 1_750_000_000),
            data: .agendaGenerated(AgendaGenerated(sessionID: "S-A1", agenda: Agenda(
                items: ["Open action item: share the <b>resume</b> draft (learner, by Friday)"],
                checklist: ["Review the learner's profile and goals"], firstSession: true)))))
        try await fixture.application.test(.router) { client in
            let page = try await client.execute(uri: "/sessions/S-A1", method: .get, headers: RenderingTests.lead)
            #expect(page.status == .ok)
            #expect(page.text.contains(#"id="agenda""#))
            #expect(page.text.contains("first session"))
            #expect(page.text.contains("share the &lt;b&gt;resume&lt;&#x2F;b&gt; draft") || page.text.contains("share the &lt;b&gt;resume&lt;/b&gt; draft"))
            #expect(page.text.contains("Review the learner&#39;s profile and goals") || page.text.contains("Review the learner&#x27;s profile and goals")
                || page.text.contains("Review the learner's profile and goals"))
            let api = try await client.execute(uri: "/v1/sessions/S-A1", method: .get, headers: RenderingTests.lead)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(api.text.utf8)) as? [String: Any])
            let agenda = try #require(json["agenda"] as? [String: Any], "the API carries the agenda too")
            #expect(agenda["first_session"] as? Bool == true)
            #expect((agenda["checklist"] as? [String])?.first == "Review the learner's profile and goals")
            let other = try await client.execute(uri: "/sessions/S-A2", method: .get, headers: RenderingTests.lead)
            #expect(!other.text.contains(#"id="agenda""#), "no agenda section without an agenda")
        }
    }
}
