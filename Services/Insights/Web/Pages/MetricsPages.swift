import Foundation
import Hummingbird
import InsightsCore
import Model

/// The program snapshot, the mentor list and the mentor coaching page: views over
/// `ProgramMetrics` (the same figures `mentorflow metrics` prints) in the viewer's scope.
extension InsightsDashboard {
    struct Tile {
        let key: String
        let label: String
        let value: String
        let hint: String?
        let tone: String
    }

    struct MentorLine {
        let url: String
        let name: String
        let cluster: String
        let sessions: Int
        let completion: String
        let rating: String
        let prep: String
        let followUp: String
        let red: Int

        init(_ mentor: MentorMetrics, red: Int, display: Display) {
            url = "/mentors/" + SessionRow.pathComponent(mentor.mentorID)
            name = mentor.mentorName ?? mentor.mentorID
            cluster = mentor.pmCluster ?? "–"
            sessions = mentor.sessions
            completion = display.percent(mentor.completionRate)
            rating = display.decimal(mentor.avgRating)
            prep = display.percent(mentor.prepDoneRate)
            followUp = display.percent(mentor.followUpRate)
            self.red = red
        }
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

    func snapshotPage(_ request: Request, viewer: Viewer) throws -> Response {
        let query = try query(request, viewer: viewer)
        let records = try store.records(matching: query.filter)
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
            chrome: chrome("Program snapshot", viewer: viewer, active: "snapshot"),
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
        return Responses.html(renderer.render(view, template: "snapshot"))
    }

    func mentorsPage(_ request: Request, viewer: Viewer) throws -> Response {
        struct MentorsPage {
            let chrome: Chrome
            let mentors: [MentorLine]
        }
        let query = try query(request, viewer: viewer)
        let records = try store.records(matching: query.filter)
        let red = Dictionary(grouping: records.filter { $0.flag.level == .red }, by: { $0.mentorID?.rawValue ?? "" }).mapValues(\.count)
        // The same figures as `store.mentors(matching:)`, from the records already read.
        let mentors = ProgramMetrics(records: records).perMentor
        let view = MentorsPage(chrome: chrome("Mentors", viewer: viewer, active: "mentors"),
                               mentors: mentors.map { MentorLine($0, red: red[$0.mentorID] ?? 0, display: display) })
        return Responses.html(renderer.render(view, template: "mentors"))
    }

    /// One mentor's records and the program's (both in the viewer's scope); 404 when the
    /// mentor has no session the viewer may see.
    func mentorFigures(_ context: InsightsRequestContext, viewer: Viewer) throws -> (id: String, mentor: ProgramMetrics, records: [SessionRecord], program: ProgramMetrics) {
        let id = context.parameters.get("id") ?? ""
        let scope = Self.scopeFilter(viewer)
        var filter = scope
        filter.mentorID = MentorID(id)
        let records = try store.records(matching: filter)
        guard !records.isEmpty else { throw Refusal.notFound("no such mentor in your programs") }
        return (id, ProgramMetrics(records: records), records, ProgramMetrics(records: try store.records(matching: scope)))
    }

    struct Comparison {
        let label: String
        let mentor: String
        let program: String
        let difference: String
        let tone: String
    }

    /// Each measure of the mentor against the program, and the coaching sentence for those where
    /// the mentor trails by a margin worth a conversation.
    func coaching(mentor: ProgramMetrics, program: ProgramMetrics, name: String) -> (comparisons: [Comparison], opportunities: [String]) {
        struct Measure {
            let label: String
            let mentor: Double?
            let program: Double?
            let higherIsBetter: Bool
            let isRate: Bool
            let margin: Double
            let advice: String
        }
        func share(_ metrics: ProgramMetrics, _ count: Int) -> Double? {
            let commented = metrics.feedbackSentimentCounts.values.reduce(0, +)
            return commented == 0 ? nil : Double(count) / Double(commented)
        }
        let measures: [Measure] = [
            Measure(label: "Completion rate", mentor: mentor.completionRate, program: program.completionRate, higherIsBetter: true, isRate: true, margin: 0.05,
                    advice: "Fewer of \(name)'s sessions take place as booked: look at no-shows and reschedules together, and confirm sessions a day ahead."),
            Measure(label: "Average rating", mentor: mentor.avgRating, program: program.avgRating, higherIsBetter: true, isRate: false, margin: 0.2,
                    advice: "Learners rate \(name)'s sessions lower: read the recent comments together and pick one habit to change."),
            Measure(label: "Mentor prep done", mentor: mentor.prepDoneRate, program: program.prepDoneRate, higherIsBetter: true, isRate: true, margin: 0.05,
                    advice: "\(name) prepares fully less often: share the agenda and the learner's pre-work before each session."),
            Measure(label: "Follow-up scheduled", mentor: mentor.followUpRate, program: program.followUpRate, higherIsBetter: true, isRate: true, margin: 0.05,
                    advice: "Sessions end without a next step more often: close each session by booking the follow-up."),
            Measure(label: "Feedback missing", mentor: mentor.feedbackMissingRate, program: program.feedbackMissingRate, higherIsBetter: false, isRate: true, margin: 0.05,
                    advice: "More of \(name)'s learners leave no feedback: ask for it at the end of the session."),
            Measure(label: "Negative feedback share", mentor: share(mentor, mentor.negativeFeedbackCount), program: share(program, program.negativeFeedbackCount),
                    higherIsBetter: false, isRate: true, margin: 0.05,
                    advice: "A larger share of comments is negative: go through the flagged sessions below."),
        ]
        var comparisons: [Comparison] = []
        var opportunities: [String] = []
        for measure in measures {
            let format: (Double?) -> String = { measure.isRate ? display.percent($0) : display.decimal($0) }
            var difference = "–", tone = ""
            if let mine = measure.mentor, let theirs = measure.program {
                let delta = mine - theirs
                difference = (delta >= 0 ? "+" : "−") + (measure.isRate ? String(format: "%.1f pts", abs(delta) * 100) : String(format: "%.2f", abs(delta)))
                let worse = measure.higherIsBetter ? -delta : delta
                tone = worse >= measure.margin ? "worse" : (worse <= -measure.margin ? "better" : "")
                if worse >= measure.margin {
                    opportunities.append("\(measure.label): \(format(mine)) against \(format(theirs)) for the program. \(measure.advice)")
                }
            }
            comparisons.append(Comparison(label: measure.label, mentor: format(measure.mentor), program: format(measure.program), difference: difference, tone: tone))
        }
        return (comparisons, opportunities)
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
                programRating: display.decimal(all?.avgRating), completionTone: tone(week.completionRate, all?.completionRate, margin: 0.05),
                ratingTone: tone(week.avgRating, all?.avgRating, margin: 0.2))
        }
    }

    func mentorPage(_ request: Request, _ context: InsightsRequestContext, viewer: Viewer) throws -> Response {
        struct MentorPage {
            let chrome: Chrome
            let name: String
            let cluster: String
            let programLabel: String
            let opportunities: [String]
            let comparisons: [Comparison]
            let flagged: [SessionRow]
            let sessionsURL: String
            let weeks: [WeekComparison]
        }
        let figures = try mentorFigures(context, viewer: viewer)
        let latest = figures.records.max { ($0.scheduledAt ?? .distantPast) < ($1.scheduledAt ?? .distantPast) }
        let name = latest?.mentorName ?? figures.id
        let coaching = coaching(mentor: figures.mentor, program: figures.program, name: name)
        let flagged = figures.records.filter { $0.flag.level != .green }
            .sorted { ($0.flag.level, $0.scheduledAt ?? .distantPast) > ($1.flag.level, $1.scheduledAt ?? .distantPast) }
        let view = MentorPage(
            chrome: chrome(name, viewer: viewer, active: "mentors"), name: name, cluster: latest?.pmCluster?.rawValue ?? "–",
            programLabel: "\(figures.program.total) sessions in \(Self.scopeLabel(viewer.scope))",
            opportunities: coaching.opportunities, comparisons: coaching.comparisons,
            flagged: flagged.prefix(25).map { SessionRow($0, display: display) },
            sessionsURL: "/sessions?mentor=" + (figures.id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""),
            weeks: weekComparisons(mentor: figures.mentor, program: figures.program))
        return Responses.html(renderer.render(view, template: "mentor"))
    }
}
