import Foundation
import Model

/// One mentor's row of the program snapshot (`per_mentor`). Name, cluster and program are
/// those of the mentor's most recently scheduled session.
public struct MentorMetrics: Sendable, Equatable, Codable {
    public var mentorID: String
    @NullEncoded public var mentorName: String?
    @NullEncoded public var pmCluster: String?
    @NullEncoded public var program: String?
    public var sessions: Int
    @NullEncoded public var completionRate: Double?
    @NullEncoded public var avgRating: Double?
    @NullEncoded public var prepDoneRate: Double?
    @NullEncoded public var followUpRate: Double?
    public var rated: Int

    enum CodingKeys: String, CodingKey {
        case mentorID = "mentor_id"
        case mentorName = "mentor_name"
        case pmCluster = "pm_cluster"
        case program, sessions
        case completionRate = "completion_rate"
        case avgRating = "avg_rating"
        case prepDoneRate = "prep_done_rate"
        case followUpRate = "follow_up_rate"
        case rated
    }

    public init(mentorID: MentorID, records: [SessionRecord]) {
        let tally = Tally(records)
        let latest = records.max { ($0.scheduledAt ?? .distantPast, $0.sessionID) < ($1.scheduledAt ?? .distantPast, $1.sessionID) }
        self.mentorID = mentorID.rawValue
        mentorName = latest?.mentorName
        pmCluster = latest?.pmCluster?.rawValue
        program = latest?.program
        sessions = tally.total
        completionRate = tally.completionRate
        avgRating = tally.avgRating
        prepDoneRate = tally.prepDoneRate
        followUpRate = tally.followUpRate
        rated = tally.ratings.count
    }
}

/// One PM cluster's row (`per_cluster`): the per-mentor figures over the cluster's sessions.
public struct ClusterMetrics: Sendable, Equatable, Codable {
    public var pmCluster: String
    public var sessions: Int
    @NullEncoded public var completionRate: Double?
    @NullEncoded public var avgRating: Double?
    @NullEncoded public var prepDoneRate: Double?
    @NullEncoded public var followUpRate: Double?
    public var rated: Int
    public var mentors: Int

    enum CodingKeys: String, CodingKey {
        case pmCluster = "pm_cluster"
        case sessions
        case completionRate = "completion_rate"
        case avgRating = "avg_rating"
        case prepDoneRate = "prep_done_rate"
        case followUpRate = "follow_up_rate"
        case rated, mentors
    }

    public init(cluster: PMClusterID, records: [SessionRecord]) {
        let tally = Tally(records)
        pmCluster = cluster.rawValue
        sessions = tally.total
        completionRate = tally.completionRate
        avgRating = tally.avgRating
        prepDoneRate = tally.prepDoneRate
        followUpRate = tally.followUpRate
        rated = tally.ratings.count
        mentors = Set(records.compactMap(\.mentorID)).count
    }
}

/// One session type's row (`per_session_type`).
public struct SessionTypeMetrics: Sendable, Equatable, Codable {
    public var sessionType: String
    public var sessions: Int
    @NullEncoded public var avgRating: Double?
    public var rated: Int

    enum CodingKeys: String, CodingKey {
        case sessionType = "session_type"
        case sessions
        case avgRating = "avg_rating"
        case rated
    }

    public init(sessionType: String, records: [SessionRecord]) {
        let tally = Tally(records)
        self.sessionType = sessionType
        sessions = tally.total
        avgRating = tally.avgRating
        rated = tally.ratings.count
    }
}

/// One week of the trend lines (weeks start Monday 00:00 UTC).
public struct WeeklyTrend: Sendable, Equatable, Codable {
    /// "YYYY-MM-DD" of the Monday.
    public var weekStart: String
    public var sessions: Int
    public var completed: Int
    @NullEncoded public var completionRate: Double?
    @NullEncoded public var avgRating: Double?
    public var rated: Int
    public var negativeFeedback: Int
    public var feedbackMissing: Int
    public var redFlags: Int

    enum CodingKeys: String, CodingKey {
        case weekStart = "week_start"
        case sessions, completed
        case completionRate = "completion_rate"
        case avgRating = "avg_rating"
        case rated
        case negativeFeedback = "negative_feedback"
        case feedbackMissing = "feedback_missing"
        case redFlags = "red_flags"
    }

    init(weekStart: String, records: [SessionRecord]) {
        let tally = Tally(records)
        self.weekStart = weekStart
        sessions = tally.total
        completed = tally.completed
        completionRate = tally.completionRate
        avgRating = tally.avgRating
        rated = tally.ratings.count
        negativeFeedback = records.count { !$0.feedbackMissing && $0.sentiment?.label == .negative }
        feedbackMissing = tally.feedbackMissing
        redFlags = records.count { $0.flag.level == .red }
    }


    static func weeks(of records: [SessionRecord]) -> [WeeklyTrend] {
        // Whole days since 1970-01-01 (a Thursday), rounded down to the Monday: plain arithmetic,
        // as Foundation's calendar costs microseconds per date.
        let grouped = Dictionary(grouping: records.filter { $0.scheduledAt != nil }) { record -> Int in
            let day = Int((record.scheduledAt!.timeIntervalSince1970 / 86_400).rounded(.down))
            return day - ((day % 7 + 7 + 3) % 7)
        }
        let calendar = Calendar.reportCalendar
        return grouped.sorted { $0.key < $1.key }.map { monday, records in
            WeeklyTrend(weekStart: calendar.dayText(Date(timeIntervalSince1970: Double(monday) * 86_400)), records: records)
        }
    }
}
