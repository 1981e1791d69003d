import Foundation
import Hummingbird
import InsightsCore
import Model

/// `/v1/` JSON and CSV: the dashboard's data for scripts and spreadsheets, with the same
/// filters (`SessionQuery`) and the same scope as the pages.
extension InsightsDashboard {
    func apiSessions(_ request: Request, viewer: Viewer) throws -> Response {
        let query = try query(request, viewer: viewer)
        let page = try store.sessions(matching: query.filter, limit: query.limit, offset: query.offset)
        return Responses.json(PageJSON(total: page.total, limit: query.limit, offset: query.offset, items: page.items.map(SessionJSON.init)))
    }

    func apiSession(_ request: Request, _ context: InsightsRequestContext, viewer: Viewer) throws -> Response {
        Responses.json(SessionDetailJSON(try visibleSession(context, viewer: viewer)))
    }

    func apiMetrics(_ request: Request, viewer: Viewer) throws -> Response {
        let query = try query(request, viewer: viewer)
        return Responses.json(ProgramMetrics(records: try store.records(matching: query.filter)))
    }

    func apiMentors(_ request: Request, viewer: Viewer) throws -> Response {
        struct Mentors: Encodable {
            let items: [MentorMetrics]
        }
        let query = try query(request, viewer: viewer)
        return Responses.json(Mentors(items: try store.mentors(matching: query.filter)))
    }

    func apiMentor(_ request: Request, _ context: InsightsRequestContext, viewer: Viewer) throws -> Response {
        struct MentorJSON: Encodable {
            struct ComparisonJSON: Encodable {
                let measure: String
                let mentor: String
                let program: String
                let difference: String
            }
            let mentor_id: String
            let metrics: ProgramMetrics
            let comparisons: [ComparisonJSON]
            let coaching_opportunities: [String]
        }
        let figures = try mentorFigures(context, viewer: viewer)
        let name = figures.mentor.perMentor.first?.mentorName ?? figures.id
        let coaching = coaching(mentor: figures.mentor, program: figures.program, name: name)
        return Responses.json(MentorJSON(
            mentor_id: figures.id, metrics: figures.mentor,
            comparisons: coaching.comparisons.map { .init(measure: $0.label, mentor: $0.mentor, program: $0.program, difference: $0.difference) },
            coaching_opportunities: coaching.opportunities))
    }

    /// Sessions at yellow or red (or the level asked for with `flag`), worst and newest first.
    func flagged(_ query: SessionQuery) throws -> [SessionRecord] {
        let records = try store.records(matching: query.filter).filter { query.filter.flagLevel != nil || $0.flag.level != .green }
        return records.sorted { ($0.flag.level, $0.scheduledAt ?? .distantPast, $1.sessionID) > ($1.flag.level, $1.scheduledAt ?? .distantPast, $0.sessionID) }
    }

    func apiFlags(_ request: Request, viewer: Viewer) throws -> Response {
        let query = try query(request, viewer: viewer)
        let flagged = try flagged(query)
        let items = flagged.dropFirst(query.offset).prefix(query.limit).map(FlagJSON.init)
        return Responses.json(PageJSON(total: flagged.count, limit: query.limit, offset: query.offset, items: Array(items)))
    }

    // MARK: CSV

    func exportSessions(_ request: Request, viewer: Viewer) throws -> Response {
        let query = try query(request, viewer: viewer)
        let records = try store.records(matching: query.filter).sorted { ($0.scheduledAt ?? .distantPast, $1.sessionID) > ($1.scheduledAt ?? .distantPast, $0.sessionID) }
        var table = CSVTable(header: [
            "session_id", "scheduled_at", "program", "batch", "pm_cluster", "mentor_id", "mentor_name", "learner_id", "learner_name",
            "session_type", "state", "learner_attended", "mentor_prep", "follow_up_scheduled", "rating", "sentiment", "flag", "flag_reasons", "comment",
        ])
        for record in records {
            table.append([
                .text(record.sessionID.rawValue), .text(display.iso(record.scheduledAt)), .text(record.program ?? ""), .text(record.batch ?? ""),
                .text(record.pmCluster?.rawValue ?? ""), .text(record.mentorID?.rawValue ?? ""), .text(record.mentorName ?? ""),
                .text(record.learnerID?.rawValue ?? ""), .text(record.learnerName ?? ""), .text(record.sessionType?.rawValue ?? ""),
                .text(record.state.rawValue), .text(record.learnerAttended.map { $0 ? "Yes" : "No" } ?? ""), .text(record.mentorPrep?.rawValue ?? ""),
                .text(record.followUpScheduled.map { $0 ? "Yes" : "No" } ?? ""), .numeric(record.rating.map(String.init) ?? ""),
                .text(record.sentiment?.label.rawValue ?? ""), .text(record.flag.level.rawValue), .text(record.flag.reasons.map(\.rawValue).joined(separator: ";")),
                .text(record.comment ?? ""),
            ])
        }
        return Responses.csv(table, filename: "sessions.csv")
    }

    func exportMentors(_ request: Request, viewer: Viewer) throws -> Response {
        let query = try query(request, viewer: viewer)
        var table = CSVTable(header: ["mentor_id", "mentor_name", "pm_cluster", "program", "sessions", "completion_rate", "avg_rating", "prep_done_rate", "follow_up_rate", "rated"])
        let number: (Double?) -> CSVTable.Cell = { .numeric($0.map { String($0) } ?? "") }
        for mentor in try store.mentors(matching: query.filter) {
            table.append([
                .text(mentor.mentorID), .text(mentor.mentorName ?? ""), .text(mentor.pmCluster ?? ""), .text(mentor.program ?? ""),
                .numeric(String(mentor.sessions)), number(mentor.completionRate), number(mentor.avgRating), number(mentor.prepDoneRate),
                number(mentor.followUpRate), .numeric(String(mentor.rated)),
            ])
        }
        return Responses.csv(table, filename: "mentors.csv")
    }

    func exportFlags(_ request: Request, viewer: Viewer) throws -> Response {
        let query = try query(request, viewer: viewer)
        var table = CSVTable(header: ["session_id", "level", "reasons", "pm_cluster", "mentor_id", "mentor_name", "scheduled_at", "state"])
        for record in try flagged(query) {
            table.append([
                .text(record.sessionID.rawValue), .text(record.flag.level.rawValue), .text(record.flag.reasons.map(Display.reason).joined(separator: "; ")),
                .text(record.pmCluster?.rawValue ?? ""), .text(record.mentorID?.rawValue ?? ""), .text(record.mentorName ?? ""),
                .text(display.iso(record.scheduledAt)), .text(record.state.rawValue),
            ])
        }
        return Responses.csv(table, filename: "flags.csv")
    }
}
