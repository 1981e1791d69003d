import Foundation
import Hummingbird
import InsightsCore
import Model

/// `/v1/*.csv`: sessions, mentors and flags for spreadsheets, with the same filters
/// (`SessionQuery`) and scope as the pages; RFC 4180 and formula-safe (`CSVTable`).
struct ExportController: Sendable {
    let reads: ScopedReadModel
    let display: Display

    func addRoutes(to data: RouterGroup<SignedInRequestContext>) {
        data.get("/v1/sessions.csv", use: sessions)
        data.get("/v1/mentors.csv", use: mentors)
        data.get("/v1/flags.csv", use: flags)
    }

    func sessions(_ request: Request, context: SignedInRequestContext) async throws -> Response {
        let query = try reads.query(request, viewer: context.viewer)
        let records = try await reads.store.read(.records(matching: query.filter)).sorted { ($0.scheduledAt ?? .distantPast, $1.sessionID) > ($1.scheduledAt ?? .distantPast, $0.sessionID) }
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

    func mentors(_ request: Request, context: SignedInRequestContext) async throws -> Response {
        let query = try reads.query(request, viewer: context.viewer)
        var table = CSVTable(header: ["mentor_id", "mentor_name", "pm_cluster", "program", "sessions", "completion_rate", "avg_rating", "prep_done_rate", "follow_up_rate", "rated"])
        let number: (Double?) -> CSVTable.Cell = { .numeric($0.map { String($0) } ?? "") }
        for mentor in try await reads.store.read(.mentors(matching: query.filter)) {
            table.append([
                .text(mentor.mentorID), .text(mentor.mentorName ?? ""), .text(mentor.pmCluster ?? ""), .text(mentor.program ?? ""),
                .numeric(String(mentor.sessions)), number(mentor.completionRate), number(mentor.avgRating), number(mentor.prepDoneRate),
                number(mentor.followUpRate), .numeric(String(mentor.rated)),
            ])
        }
        return Responses.csv(table, filename: "mentors.csv")
    }

    func flags(_ request: Request, context: SignedInRequestContext) async throws -> Response {
        let query = try reads.query(request, viewer: context.viewer)
        var table = CSVTable(header: ["session_id", "level", "reasons", "pm_cluster", "mentor_id", "mentor_name", "scheduled_at", "state"])
        for record in try await reads.flagged(query) {
            table.append([
                .text(record.sessionID.rawValue), .text(record.flag.level.rawValue), .text(record.flag.reasons.map(Display.reason).joined(separator: "; ")),
                .text(record.pmCluster?.rawValue ?? ""), .text(record.mentorID?.rawValue ?? ""), .text(record.mentorName ?? ""),
                .text(display.iso(record.scheduledAt)), .text(record.state.rawValue),
            ])
        }
        return Responses.csv(table, filename: "flags.csv")
    }
}
