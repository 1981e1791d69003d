import Foundation
import Hummingbird
import InsightsCore
import Model

/// The filters and paging of a session listing, read from the query string, with the viewer's
/// scope already applied: the same parameters work on the tracker page, `/v1/sessions`, the
/// other API listings and every CSV export.
///
/// `mentor`, `cluster` (repeatable), `type`, `from` and `to` (dates `YYYY-MM-DD`, both inclusive,
/// in the dashboard's time zone), `sentiment` (positive|neutral|negative), `flag` (green|yellow|red),
/// `state` (scheduled|completed|no_show|cancelled|rescheduled), `learner`, `limit` (1-500), `offset`.
struct SessionQuery {
    var filter: SessionFilter
    /// The clusters the viewer named themselves (nil when none), for the form.
    var requestedClusters: [String]
    var limit: Int
    var offset: Int
    /// Each given parameter, to rebuild links (paging, export) with the same filters.
    var parameters: [(String, String)]

    enum Failure: Error {
        case invalid(field: String, message: String)
        case outOfScope([String])
    }

    static let maximumLimit = 500
    /// Far beyond any program's sessions, and small enough that offset + limit never overflows.
    static let maximumOffset = 10_000_000

    static func parse(_ request: Request, scope: AccessScope, calendar: Calendar, defaultLimit: Int = 50) throws(Failure) -> SessionQuery {
        let query = request.uri.queryParameters
        func value(_ name: String) -> String? {
            guard let raw = query[name[...]].map(String.init)?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        var parameters: [(String, String)] = []
        var filter = SessionFilter()
        let clusters = query.getAll("cluster").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for cluster in clusters { parameters.append(("cluster", cluster)) }
        do {
            filter.pmClusters = try scope.effectiveClusters(requested: clusters.isEmpty ? nil : Set(clusters)).map { Set($0.map { PMClusterID($0) }) }
        } catch {
            throw .outOfScope(error.clusters)
        }
        if let mentor = value("mentor") { filter.mentorID = MentorID(mentor); parameters.append(("mentor", mentor)) }
        if let learner = value("learner") { filter.learnerID = LearnerID(learner); parameters.append(("learner", learner)) }
        if let type = value("type") { filter.sessionType = SessionType(rawValue: type); parameters.append(("type", type)) }
        if let text = value("sentiment") {
            guard let label = SentimentLabel(rawValue: text) else { throw .invalid(field: "sentiment", message: "'\(text)' is not positive, neutral or negative") }
            filter.sentiment = label
            parameters.append(("sentiment", text))
        }
        if let text = value("flag") {
            guard let level = FlagLevel(rawValue: text) else { throw .invalid(field: "flag", message: "'\(text)' is not green, yellow or red") }
            filter.flagLevel = level
            parameters.append(("flag", text))
        }
        if let text = value("state") {
            guard let state = SessionState(rawValue: text) else {
                throw .invalid(field: "state", message: "'\(text)' is not one of \(SessionState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.state = state
            parameters.append(("state", text))
        }
        if let text = value("from") {
            guard let day = calendar.date(fromDay: text) else { throw .invalid(field: "from", message: "'\(text)' is not a date YYYY-MM-DD") }
            filter.scheduledFrom = day
            parameters.append(("from", text))
        }
        if let text = value("to") {
            guard let day = calendar.date(fromDay: text), let next = calendar.date(byAdding: .day, value: 1, to: day) else {
                throw .invalid(field: "to", message: "'\(text)' is not a date YYYY-MM-DD")
            }
            filter.scheduledTo = next
            parameters.append(("to", text))
        }
        var limit = defaultLimit
        if let text = value("limit") {
            guard let number = Int(text), (1...maximumLimit).contains(number) else {
                throw .invalid(field: "limit", message: "'\(text)' is not a whole number from 1 to \(maximumLimit)")
            }
            limit = number
        }
        var offset = 0
        if let text = value("offset") {
            guard let number = Int(text), (0...maximumOffset).contains(number) else {
                throw .invalid(field: "offset", message: "'\(text)' is not a whole number in 0...\(maximumOffset)")
            }
            offset = number
        }
        return SessionQuery(filter: filter, requestedClusters: clusters, limit: limit, offset: offset, parameters: parameters)
    }

    /// `path` with this query's filters, the given paging and any `extra` parameters.
    func link(_ path: String, limit: Int? = nil, offset: Int? = nil, adding extra: [(String, String)] = []) -> String {
        var items = parameters + extra
        if let limit { items.append(("limit", String(limit))) }
        if let offset, offset > 0 { items.append(("offset", String(offset))) }
        guard !items.isEmpty else { return path }
        var components = URLComponents()
        components.queryItems = items.map { URLQueryItem(name: $0.0, value: $0.1) }
        return path + "?" + (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
    }

    func parameter(_ name: String) -> String? {
        parameters.first { $0.0 == name }?.1
    }
}
