import Foundation
import Hummingbird
import InsightsCore
import Model

/// The review-cadence report (`PeriodReport`, the same as `mentorflow report`) in the viewer's
/// scope: `/reports` as a page, `/v1/reports` as JSON or Markdown. Parameters: `period`
/// (weekly|biweekly|monthly|quarterly, default monthly), `ending` (YYYY-MM-DD, exclusive, UTC;
/// default midnight after the latest scheduled session, never after today), `cluster`
/// (repeatable, within the viewer's scope) and the other listing filters.
struct ReportController: Sendable {
    let reads: ScopedReadModel
    let renderer: PageRenderer

    /// The page among the pages, the JSON and Markdown among the data routes.
    func addRoutes(pages: RouterGroup<SignedInRequestContext>, data: RouterGroup<SignedInRequestContext>) {
        pages.get("/reports", use: reviewPage)
        data.get("/v1/reports", use: review)
    }

    struct ReviewQuery {
        var cadence: ReviewCadence
        var ending: Date?
        var sessions: SessionQuery
    }

    func reviewQuery(_ request: Request, viewer: Viewer) throws -> ReviewQuery {
        let sessions = try reads.query(request, viewer: viewer)
        let parameters = request.uri.queryParameters
        var cadence = ReviewCadence.monthly
        if let text = parameters["period"].map(String.init), !text.isEmpty {
            guard let value = ReviewCadence(rawValue: text) else {
                throw Refusal.badRequest("period: '\(text)' is not one of \(ReviewCadence.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            cadence = value
        }
        var ending: Date?
        if let text = parameters["ending"].map(String.init), !text.isEmpty {
            guard let day = ReportFormat.parseDay(text) else { throw Refusal.badRequest("ending: '\(text)' is not a date YYYY-MM-DD") }
            ending = day
        }
        return ReviewQuery(cadence: cadence, ending: ending, sessions: sessions)
    }

    func periodReport(for query: ReviewQuery) async throws -> PeriodReport {
        var filter = query.sessions.filter
        filter.scheduledFrom = nil
        filter.scheduledTo = nil
        return PeriodReport(
            cadence: query.cadence, ending: query.ending, clusters: filter.pmClusters.map { $0.map(\.rawValue).sorted() },
            records: try await reads.store.read(.records(matching: filter)), now: reads.store.clock())
    }

    func reviewPage(_ request: Request, context: SignedInRequestContext) async throws -> Response {
        let query = try reviewQuery(request, viewer: context.viewer)
        let report = try await periodReport(for: query)
        let period = [("period", query.cadence.rawValue), ("ending", ReportFormat.day(report.period.end))]
        let view = ReviewPageView(
            chrome: Chrome(report.title, viewer: context.viewer, active: "reports"),
            periods: ReviewCadence.allCases.map { ReviewPageView.Choice(value: $0.rawValue, label: $0.rawValue.capitalized, selected: $0 == query.cadence) },
            ending: ReportFormat.day(report.period.end), jsonURL: query.sessions.link("/v1/reports", adding: period),
            markdownURL: query.sessions.link("/v1/reports", adding: period + [("format", "markdown")]),
            report: ReportPage.View(report, stylesheet: "", linked: true))
        return renderer.page(view, template: "reportPage")
    }

    func review(_ request: Request, context: SignedInRequestContext) async throws -> Response {
        let query = try reviewQuery(request, viewer: context.viewer)
        let report = try await periodReport(for: query)
        switch request.uri.queryParameters["format"].map(String.init) ?? "json" {
        case "json": return Responses.json(report)
        case "markdown": return Responses.scopedText(report.markdown(), contentType: "text/markdown; charset=utf-8")
        case let other: throw Refusal.badRequest("format: '\(other)' is not json or markdown")
        }
    }

    struct ReviewPageView {
        struct Choice {
            let value: String
            let label: String
            let selected: Bool
        }
        let chrome: Chrome
        let periods: [Choice]
        let ending: String
        let jsonURL: String
        let markdownURL: String
        let report: ReportPage.View
    }
}
