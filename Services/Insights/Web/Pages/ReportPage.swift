import Foundation
import InsightsCore

/// The review-cadence report (`PeriodReport`) as one self-contained HTML file: the stylesheet is
/// inlined so the file can be mailed or archived, and every text goes through Mustache's HTML
/// escaping (mentor names, session types and clusters come from the LMS).
public enum ReportPage {
    public static func html(_ report: PeriodReport, renderer: PageRenderer) -> String {
        renderer.render(View(report, stylesheet: renderer.stylesheet, linked: false), template: "report")
    }

    struct View {
        struct ChangeLine {
            let figure: String
            let current: String
            let previous: String
            let delta: String
            /// CSS class: "better", "worse" or "".
            let tone: String
        }
        struct IssueLine {
            let name: String
            let sessions: Int
            let share: String
        }
        struct MentorLine {
            /// The mentor's dashboard page; nil in the standalone file.
            let url: String?
            let name: String
            let id: String
            let cluster: String
            let sessions: Int
            let rating: String
            let prep: String
            let reasons: [String]
        }
        struct UrgentLine {
            /// The session's dashboard page; nil in the standalone file.
            let url: String?
            let id: String
            let scheduled: String
            let mentor: String
            let cluster: String
            let type: String
            let reasons: [String]
        }
        struct FollowUps {
            let ended: Int
            let endedWithFollowUp: Int
            let endedRate: String
            let flagged: Int
            let flaggedWithFollowUp: Int
            let flaggedRate: String
            let withActionItems: Int
            let withActionItemsAndFollowUp: Int
            let actionItemsRate: String
        }

        let title: String
        let scope: String
        let range: String
        let previousRange: String
        let stylesheet: String
        let changes: [ChangeLine]
        let issues: [IssueLine]
        let mentors: [MentorLine]
        let urgent: [UrgentLine]
        let followUps: FollowUps
        // Mustache reads stored properties only (by reflection), so the "has any" switches are stored too.
        let hasIssues: Bool
        let hasMentors: Bool
        let hasUrgent: Bool

        /// `linked`: on the dashboard, sessions and mentors link to their pages; the standalone file
        /// has no server to link to.
        init(_ report: PeriodReport, stylesheet: String, linked: Bool) {
            title = report.title
            scope = report.scopeText
            range = ReportFormat.dateRange(report.period)
            previousRange = ReportFormat.dateRange(report.previousPeriod)
            self.stylesheet = stylesheet
            changes = report.changes.map { change in
                ChangeLine(
                    figure: change.figure, current: ReportFormat.value(change.current, change.unit),
                    previous: ReportFormat.value(change.previous, change.unit), delta: ReportFormat.delta(change),
                    tone: change.improved.map { $0 ? "better" : "worse" } ?? "")
            }
            issues = report.topIssues.prefix(10).map { IssueLine(name: ReportFormat.issueName($0), sessions: $0.sessions, share: ReportFormat.percent($0.share)) }
            mentors = report.mentorsNeedingSupport.map { mentor in
                let m = mentor.metrics
                return MentorLine(
                    url: linked ? "/mentors/" + SessionRow.pathComponent(m.mentorID) : nil, name: m.mentorName ?? m.mentorID, id: m.mentorID, cluster: m.pmCluster ?? "–", sessions: m.sessions,
                    rating: ReportFormat.value(m.avgRating, .rating), prep: ReportFormat.value(m.prepDoneRate, .rate), reasons: mentor.reasons)
            }
            urgent = report.urgentSessions.map { line in
                UrgentLine(
                    url: linked ? "/sessions/" + SessionRow.pathComponent(line.sessionID) : nil, id: line.sessionID, scheduled: line.scheduledAt.map(ReportFormat.day) ?? "–", mentor: line.mentorName ?? "–",
                    cluster: line.pmCluster ?? "–", type: line.sessionType ?? "–", reasons: line.reasons.map(ReportFormat.reasonName))
            }
            hasIssues = !issues.isEmpty
            hasMentors = !mentors.isEmpty
            hasUrgent = !urgent.isEmpty
            let f = report.followUps
            followUps = FollowUps(
                ended: f.ended, endedWithFollowUp: f.endedWithFollowUp, endedRate: ReportFormat.value(f.endedRate, .rate),
                flagged: f.flagged, flaggedWithFollowUp: f.flaggedWithFollowUp, flaggedRate: ReportFormat.value(f.flaggedRate, .rate),
                withActionItems: f.withActionItems, withActionItemsAndFollowUp: f.withActionItemsAndFollowUp,
                actionItemsRate: ReportFormat.value(f.actionItemsRate, .rate))
        }
    }
}
