import Foundation
import Hummingbird
import InsightsCore
import Model

/// The mentor list (`/mentors`) and one mentor's coaching page (`/mentors/{id}`), in the
/// viewer's scope.
struct MentorController: Sendable {
    let reads: ScopedReadModel
    let renderer: PageRenderer
    let display: Display

    func addRoutes(to pages: RouterGroup<SignedInRequestContext>) {
        pages.get("/mentors", use: mentors)
        pages.get("/mentors/{id}", use: mentor)
    }

    func mentors(_ request: Request, context: SignedInRequestContext) async throws -> Response {
        struct MentorsPage {
            let chrome: Chrome
            let mentors: [MentorLine]
        }
        let query = try reads.query(request, viewer: context.viewer)
        let records = try await reads.store.read(.records(matching: query.filter))
        let red = Dictionary(grouping: records.filter { $0.flag.level == .red }, by: { $0.mentorID?.rawValue ?? "" }).mapValues(\.count)
        // The same figures as `store.mentors(matching:)`, from the records already read.
        let mentors = ProgramMetrics(records: records).perMentor
        let view = MentorsPage(chrome: Chrome("Mentors", viewer: context.viewer, active: "mentors"),
                               mentors: mentors.map { MentorLine($0, red: red[$0.mentorID] ?? 0, display: display) })
        return renderer.page(view, template: "mentors")
    }

    /// One week of a mentor's trend beside the program's same week.
    struct WeekComparison {
        let week: String
        let sessions: Int
        let completion: String
        let programCompletion: String
        let rating: String
        let programRating: String
        let completionTone: String
        let ratingTone: String
    }

    /// The mentor's last 8 weeks with sessions, each against the program's same week.
    func weekComparisons(mentor: ProgramMetrics, program: ProgramMetrics) -> [WeekComparison] {
        let programWeeks = Dictionary(program.weekly.map { ($0.weekStart, $0) }, uniquingKeysWith: { first, _ in first })
        func tone(_ mine: Double?, _ theirs: Double?, margin: Double) -> String {
            guard let mine, let theirs else { return "" }
            return mine <= theirs - margin ? "worse" : (mine >= theirs + margin ? "better" : "")
        }
        return mentor.weekly.suffix(8).reversed().map { week in
            let all = programWeeks[week.weekStart]
            return WeekComparison(
                week: week.weekStart, sessions: week.sessions, completion: display.percent(week.completionRate),
                programCompletion: display.percent(all?.completionRate), rating: display.decimal(week.avgRating),
                programRating: display.decimal(all?.avgRating), completionTone: tone(week.completionRate, all?.completionRate, margin: MentorCoaching.noticeableRateDifference),
                ratingTone: tone(week.avgRating, all?.avgRating, margin: MentorCoaching.noticeableRatingDifference))
        }
    }

    func mentor(_ request: Request, context: SignedInRequestContext) async throws -> Response {
        let viewer = context.viewer
        struct MentorPage {
            let chrome: Chrome
            let name: String
            let cluster: String
            let programLabel: String
            let opportunities: [String]
            let comparisons: [MentorCoaching.Comparison]
            let flagged: [SessionRow]
            let sessionsURL: String
            let weeks: [WeekComparison]
        }
        let figures = try await reads.mentorFigures(id: context.parameters.get("id") ?? "", viewer: viewer)
        let latest = figures.records.max { ($0.scheduledAt ?? .distantPast) < ($1.scheduledAt ?? .distantPast) }
        let name = latest?.mentorName ?? figures.id
        let coaching = MentorCoaching(figures, name: name, display: display)
        let flagged = figures.records.filter { $0.flag.level != .green }
            .sorted { ($0.flag.level, $0.scheduledAt ?? .distantPast) > ($1.flag.level, $1.scheduledAt ?? .distantPast) }
        let view = MentorPage(
            chrome: Chrome(name, viewer: viewer, active: "mentors"), name: name, cluster: latest?.pmCluster?.rawValue ?? "–",
            programLabel: "\(figures.program.total) sessions in \(viewer.scope.label)",
            opportunities: coaching.opportunities, comparisons: coaching.comparisons,
            flagged: flagged.prefix(25).map { SessionRow($0, display: display) },
            sessionsURL: "/sessions?mentor=" + (figures.id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""),
            weeks: weekComparisons(mentor: figures.mentor, program: figures.program))
        return renderer.page(view, template: "mentor")
    }
}
