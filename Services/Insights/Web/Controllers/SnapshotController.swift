import Foundation
import Hummingbird
import InsightsCore
import Model

/// The program snapshot (`/`): tiles, charts and tables over `ProgramMetrics` (the same figures
/// `mentorflow metrics` prints) in the viewer's scope.
struct SnapshotController: Sendable {
    let reads: ScopedReadModel
    let renderer: PageRenderer
    let display: Display

    func addRoutes(to pages: RouterGroup<SignedInRequestContext>) {
        pages.get("/", use: snapshot)
    }

    struct Tile {
        let key: String
        let label: String
        let value: String
        let hint: String?
        let tone: String
    }

    struct SnapshotPage {
        struct ClusterLine {
            let name: String
            let sessions: Int
            let completion: String
            let rating: String
            let prep: String
            let followUp: String
        }
        struct TypeLine {
            let name: String
            let urlName: String
            let sessions: Int
            let rated: Int
            let rating: String
        }
        struct WeekLine {
            let week: String
            let sessions: Int
            let completion: String
            let rating: String
            let negative: Int
            let red: Int
        }
        let chrome: Chrome
        let subtitle: String
        let tiles: [Tile]
        let sentimentChart: String
        let prepChart: String
        let weeklyChart: String
        let correlationNote: String
        let clusters: [ClusterLine]
        let types: [TypeLine]
        let mentors: [MentorLine]
        let weeks: [WeekLine]
    }

    static let sentimentColours = ["positive": "#2e7d32", "neutral": "#8a94a6", "negative": "#c62828"]
    static let prepColours = ["Yes": "#3550d6", "Partial": "#b7791f", "No": "#c62828"]

    func snapshot(_ request: Request, context: SignedInRequestContext) async throws -> Response {
        let query = try reads.query(request, viewer: context.viewer)
        let records = try await reads.store.read(.records(matching: query.filter))
        let metrics = ProgramMetrics(records: records)
        let completed = metrics.counts.status["Completed"] ?? 0
        let red = metrics.flagCounts["red"] ?? 0
        let tiles = [
            Tile(key: "total", label: "Sessions", value: "\(metrics.total)", hint: "\(completed) completed", tone: ""),
            Tile(key: "completion_rate", label: "Completion rate", value: display.percent(metrics.completionRate), hint: "completed / all", tone: ""),
            Tile(key: "attendance_rate", label: "Attendance", value: display.percent(metrics.attendanceRate), hint: "learner attended", tone: ""),
            Tile(key: "avg_rating", label: "Average rating", value: display.decimal(metrics.avgRating), hint: "\(metrics.counts.rated) rated, out of 5", tone: ""),
            Tile(key: "prep_done_rate", label: "Mentor prep done", value: display.percent(metrics.prepDoneRate), hint: "prep Yes / all", tone: ""),
            Tile(key: "follow_up_rate", label: "Follow-up scheduled", value: display.percent(metrics.followUpRate), hint: nil, tone: ""),
            Tile(key: "feedback_missing_rate", label: "Feedback missing", value: display.percent(metrics.feedbackMissingRate), hint: "\(metrics.counts.feedbackMissing) sessions", tone: (metrics.feedbackMissingRate ?? 0) > 0.25 ? "warn" : ""),
            Tile(key: "negative_feedback_count", label: "Negative feedback", value: "\(metrics.negativeFeedbackCount)", hint: "comments to follow up", tone: metrics.negativeFeedbackCount > 0 ? "warn" : ""),
            Tile(key: "red_flags", label: "Red flags", value: "\(red)", hint: "\(metrics.flagCounts["yellow"] ?? 0) yellow", tone: red > 0 ? "warn" : "good"),
        ]
        let sentiment = BarChart(title: "Feedback sentiment", bars: SentimentLabel.allCases.map { label in
            let count = metrics.feedbackSentimentCounts[label.rawValue] ?? 0
            let average = metrics.avgRatingBySentiment[label.rawValue] ?? nil
            return .init(label: label.rawValue.capitalized, value: Double(count), display: "\(count)",
                         note: average.map { "· avg rating \(display.decimal($0))" }, colour: Self.sentimentColours[label.rawValue] ?? "#888")
        })
        let prep = BarChart(title: "Average rating by mentor preparation", bars: MentorPrep.allCases.map { prep in
            let average = metrics.ratingByPrep[prep.rawValue] ?? nil
            let rated = metrics.counts.ratedByPrep[prep.rawValue] ?? 0
            return .init(label: "Prep \(prep.rawValue)", value: average ?? 0, display: display.decimal(average), note: "· \(rated) rated",
                         colour: Self.prepColours[prep.rawValue] ?? "#888")
        }, maximum: 5)
        let recentWeeks = metrics.weekly.suffix(12)
        let weekly = ColumnChart(title: "Sessions per week (last 12 weeks)", columns: recentWeeks.map { week in
            .init(label: String(week.weekStart.suffix(5)), value: Double(week.sessions), display: "\(week.sessions)",
                  colour: (week.completionRate ?? 1) < (metrics.completionRate ?? 0) - 0.05 ? "#b7791f" : "#3550d6")
        })
        let mentorRed = Dictionary(grouping: records.filter { $0.flag.level == .red }, by: { $0.mentorID?.rawValue ?? "" }).mapValues(\.count)
        let view = SnapshotPage(
            chrome: Chrome("Program snapshot", viewer: context.viewer, active: "snapshot"),
            subtitle: metrics.total == 0 ? "No sessions yet: import the program's export with `mentorflow import`." :
                "\(metrics.total) sessions across \(metrics.perCluster.count) PM clusters and \(metrics.perMentor.count) mentors.",
            tiles: tiles, sentimentChart: sentiment.svg, prepChart: prep.svg, weeklyChart: weekly.svg,
            correlationNote: "Correlation between booked duration and rating: \(display.decimal(metrics.durationRatingCorr, places: 3)) (Pearson, rated sessions).",
            clusters: metrics.perCluster.map {
                .init(name: $0.pmCluster, sessions: $0.sessions, completion: display.percent($0.completionRate), rating: display.decimal($0.avgRating),
                      prep: display.percent($0.prepDoneRate), followUp: display.percent($0.followUpRate))
            },
            types: metrics.perSessionType.map {
                .init(name: $0.sessionType, urlName: $0.sessionType.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "",
                      sessions: $0.sessions, rated: $0.rated, rating: display.decimal($0.avgRating))
            },
            mentors: metrics.perMentor.map { MentorLine($0, red: mentorRed[$0.mentorID] ?? 0, display: display) },
            weeks: metrics.weekly.suffix(12).reversed().map {
                .init(week: $0.weekStart, sessions: $0.sessions, completion: display.percent($0.completionRate), rating: display.decimal($0.avgRating),
                      negative: $0.negativeFeedback, red: $0.redFlags)
            })
        return renderer.page(view, template: "snapshot")
    }
}
