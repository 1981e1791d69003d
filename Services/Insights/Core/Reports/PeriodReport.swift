import Foundation
import Model

/// The review-cadence report a PM or program lead reads every week, fortnight, month or quarter:
/// the period's snapshot against the one before ("what changed"), the top issues, the mentors
/// who need support, and how follow-ups kept up. Pure: built from read-model records, so the
/// CLI (over an export or the service's database) and the dashboard report the same figures.
public struct PeriodReport: Sendable, Equatable, Codable {
    public var period: ReviewPeriod
    public var previousPeriod: ReviewPeriod
    /// The PM clusters the report covers; nil = the whole program.
    public var clusters: [String]?
    public var current: Snapshot
    public var previous: Snapshot
    public var changes: [Change]
    public var topIssues: [Issue]
    public var mentorsNeedingSupport: [MentorSupport]
    public var followUps: FollowUpCompletion
    /// The period's red sessions, worst first (most reasons), at most `urgentLimit`.
    public var urgentSessions: [SessionLine]

    public static let urgentLimit = 15

    /// Headline figures of one window.
    public struct Snapshot: Sendable, Equatable, Codable {
        public var sessions: Int
        public var completionRate: Double?
        public var attendanceRate: Double?
        public var avgRating: Double?
        public var prepDoneRate: Double?
        public var followUpRate: Double?
        public var feedbackMissingRate: Double?
        public var negativeFeedback: Int
        public var red: Int
        public var yellow: Int

        public init(metrics: ProgramMetrics) {
            sessions = metrics.total
            completionRate = metrics.completionRate
            attendanceRate = metrics.attendanceRate
            avgRating = metrics.avgRating
            prepDoneRate = metrics.prepDoneRate
            followUpRate = metrics.followUpRate
            feedbackMissingRate = metrics.feedbackMissingRate
            negativeFeedback = metrics.negativeFeedbackCount
            red = metrics.flagCounts[FlagLevel.red.rawValue] ?? 0
            yellow = metrics.flagCounts[FlagLevel.yellow.rawValue] ?? 0
        }
    }

    /// One headline figure now and before. `improved` is nil when either side is undefined, when
    /// nothing moved, or for the session count (more sessions is neither better nor worse).
    public struct Change: Sendable, Equatable, Codable {
        /// How the figure is written: a count, a share, or a mean rating.
        public enum Unit: String, Sendable, Codable {
            case count, rate, rating
        }

        public var figure: String
        public var current: Double?
        public var previous: Double?
        public var unit: Unit
        public var improved: Bool?

        public var delta: Double? {
            guard let current, let previous else { return nil }
            return current - previous
        }
    }

    /// A reason sessions were flagged, or a problem learners named in negative feedback.
    public struct Issue: Sendable, Equatable, Codable {
        public enum Kind: String, Sendable, Codable {
            case flagReason = "flag_reason"
            case feedbackAspect = "feedback_aspect"
        }

        public var kind: Kind
        /// A `FlagReason` or `Aspect` raw value.
        public var name: String
        public var sessions: Int
        /// Of the period's sessions.
        public var share: Double
    }

    /// A mentor whose period figures fall short of the program's, with what to coach on.
    public struct MentorSupport: Sendable, Equatable, Codable {
        public var metrics: MentorMetrics
        public var redSessions: Int
        public var reasons: [String]
    }

    /// Did sessions that needed a follow-up get one (an LMS mark or a booking by the scheduler)?
    public struct FollowUpCompletion: Sendable, Equatable, Codable {
        /// Sessions of the period with an outcome (not just booked).
        public var ended: Int
        public var endedWithFollowUp: Int
        /// Ended sessions flagged yellow or red: the ones a follow-up matters most for.
        public var flagged: Int
        public var flaggedWithFollowUp: Int
        /// Ended sessions whose summary lists action items.
        public var withActionItems: Int
        public var withActionItemsAndFollowUp: Int

        public var endedRate: Double? { Self.rate(endedWithFollowUp, ended) }
        public var flaggedRate: Double? { Self.rate(flaggedWithFollowUp, flagged) }
        public var actionItemsRate: Double? { Self.rate(withActionItemsAndFollowUp, withActionItems) }

        private static func rate(_ part: Int, _ whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }
    }

    /// One session as a report line.
    public struct SessionLine: Sendable, Equatable, Codable {
        public var sessionID: String
        public var scheduledAt: Date?
        public var mentorName: String?
        public var pmCluster: String?
        public var sessionType: String?
        public var reasons: [String]
    }

    /// The report of `cadence` ending at `ending` (exclusive), by default at
    /// `ReviewPeriod.defaultEnd` of the records' schedule: the one way the CLI and the dashboard
    /// pick a report's period.
    public init(cadence: ReviewCadence, ending: Date?, clusters: [String]?, records: [SessionRecord], now: Date) {
        let end = ending ?? ReviewPeriod.defaultEnd(of: records.compactMap(\.scheduledAt), now: now)
        self.init(period: cadence.period(endingAt: end), clusters: clusters, records: records)
    }

    /// Builds the report for `period` over `records` (already limited to the reader's clusters).
    /// Records are placed in windows by their scheduled time; records without one are left out.
    public init(period: ReviewPeriod, clusters: [String]?, records: [SessionRecord], calendar: Calendar = .reportCalendar) {
        self.period = period
        let previousPeriod = period.previous(calendar: calendar)
        self.previousPeriod = previousPeriod
        self.clusters = clusters
        let inPeriod = records.filter { $0.scheduledAt.map(period.contains) ?? false }
        let inPrevious = records.filter { $0.scheduledAt.map(previousPeriod.contains) ?? false }
        let metrics = ProgramMetrics(records: inPeriod)
        current = Snapshot(metrics: metrics)
        previous = Snapshot(metrics: ProgramMetrics(records: inPrevious))
        changes = Self.changes(current, previous)
        topIssues = Self.issues(inPeriod)
        mentorsNeedingSupport = Self.mentorsNeedingSupport(inPeriod, program: metrics)
        followUps = Self.followUps(inPeriod)
        urgentSessions = inPeriod.filter { $0.flag.level == .red }
            .sorted { ($0.flag.reasons.count, $1.scheduledAt ?? .distantPast, $1.sessionID) > ($1.flag.reasons.count, $0.scheduledAt ?? .distantPast, $0.sessionID) }
            .prefix(Self.urgentLimit)
            .map { record in
                SessionLine(
                    sessionID: record.sessionID.rawValue, scheduledAt: record.scheduledAt, mentorName: record.mentorName,
                    pmCluster: record.pmCluster?.rawValue, sessionType: record.sessionType?.rawValue, reasons: record.flag.reasons.map(\.rawValue))
            }
    }

    private static func changes(_ now: Snapshot, _ before: Snapshot) -> [Change] {
        // (figure, now, before, unit, higher is better; nil = neither)
        let figures: [(String, Double?, Double?, Change.Unit, Bool?)] = [
            ("sessions", Double(now.sessions), Double(before.sessions), .count, nil),
            ("completion rate", now.completionRate, before.completionRate, .rate, true),
            ("attendance rate", now.attendanceRate, before.attendanceRate, .rate, true),
            ("average rating", now.avgRating, before.avgRating, .rating, true),
            ("mentor prep done", now.prepDoneRate, before.prepDoneRate, .rate, true),
            ("follow-up scheduled", now.followUpRate, before.followUpRate, .rate, true),
            ("feedback missing", now.feedbackMissingRate, before.feedbackMissingRate, .rate, false),
            ("negative feedback", Double(now.negativeFeedback), Double(before.negativeFeedback), .count, false),
            ("red sessions", Double(now.red), Double(before.red), .count, false),
        ]
        return figures.map { figure, current, previous, unit, higherIsBetter in
            var improved: Bool?
            if let current, let previous, current != previous, let higherIsBetter {
                improved = (current > previous) == higherIsBetter
            }
            return Change(figure: figure, current: current, previous: previous, unit: unit, improved: improved)
        }
    }

    private static func issues(_ records: [SessionRecord]) -> [Issue] {
        guard !records.isEmpty else { return [] }
        let total = Double(records.count)
        let flagged = records.filter { $0.flag.level != .green }
        var issues = FlagReason.allCases.map { reason in
            Issue(kind: .flagReason, name: reason.rawValue, sessions: flagged.count { $0.flag.reasons.contains(reason) }, share: 0)
        }
        let negative = records.filter { $0.sentiment?.label == .negative && !$0.feedbackMissing }
        issues += Aspect.allCases.filter { $0 != .none }.map { aspect in
            Issue(kind: .feedbackAspect, name: aspect.rawValue, sessions: negative.count { $0.sentiment?.aspects.contains(aspect) == true }, share: 0)
        }
        return issues.filter { $0.sessions > 0 }
            .map { issue in
                var issue = issue
                issue.share = Double(issue.sessions) / total
                return issue
            }
            .sorted { ($0.sessions, $1.kind.rawValue, $1.name) > ($1.sessions, $0.kind.rawValue, $0.name) }
    }

    /// Every mentor of the period that `MentorSupportRule` finds needing support, against the
    /// period's program figures; most reasons and most red sessions first.
    private static func mentorsNeedingSupport(_ records: [SessionRecord], program: ProgramMetrics) -> [MentorSupport] {
        let byMentor = Dictionary(grouping: records.filter { $0.mentorID != nil }, by: { $0.mentorID! })
        return byMentor.compactMap { mentorID, sessions -> MentorSupport? in
            let findings = MentorSupportRule.findings(mentor: sessions, program: program)
            guard !findings.isEmpty else { return nil }
            return MentorSupport(
                metrics: MentorMetrics(mentorID: mentorID, records: sessions), redSessions: sessions.count { $0.flag.level == .red },
                reasons: findings.map(\.reason))
        }
        .sorted { ($0.reasons.count, $0.redSessions, $1.metrics.mentorID) > ($1.reasons.count, $1.redSessions, $0.metrics.mentorID) }
    }

    private static func followUps(_ records: [SessionRecord]) -> FollowUpCompletion {
        let ended = records.filter { $0.state != .scheduled }
        let flagged = ended.filter { $0.flag.level != .green }
        let withItems = ended.filter { !($0.summary?.actionItems.isEmpty ?? true) }
        return FollowUpCompletion(
            ended: ended.count, endedWithFollowUp: ended.count(where: \.hasFollowUp),
            flagged: flagged.count, flaggedWithFollowUp: flagged.count(where: \.hasFollowUp),
            withActionItems: withItems.count, withActionItemsAndFollowUp: withItems.count(where: \.hasFollowUp))
    }
}
