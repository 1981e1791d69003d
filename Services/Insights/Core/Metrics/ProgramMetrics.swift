import Foundation
import Model

/// The program snapshot (DESIGN's metric definitions) over a set of session records.
///
/// Its JSON (`JSONEncoder`, keys as below) uses the key names and shapes of
/// `sessions_sample.truth.json` for every figure that file holds, with `null` where a figure is
/// undefined (a rate over no rows, a mean of no ratings, a correlation of fewer than two rated
/// rows or without variance), plus sentiment figures and weekly trends. Pure: the CLI and the
/// service compute it from records the same way.
public struct ProgramMetrics: Sendable, Equatable, Codable {
    public var total: Int
    public var counts: Counts
    @NullEncoded public var completionRate: Double?
    @NullEncoded public var attendanceRate: Double?
    @NullEncoded public var avgRating: Double?
    /// Keyed "Yes" / "Partial" / "No".
    public var ratingByPrep: [String: Double?]
    @NullEncoded public var prepDoneRate: Double?
    @NullEncoded public var followUpRate: Double?
    @NullEncoded public var feedbackMissingRate: Double?
    @NullEncoded public var durationRatingCorr: Double?
    /// By mentor id.
    public var perMentor: [MentorMetrics]
    /// By cluster id.
    public var perCluster: [ClusterMetrics]
    /// By session type name.
    public var perSessionType: [SessionTypeMetrics]
    // Sentiment (over sessions with a non-empty, scored comment).
    /// Sorted session ids whose comment was scored negative.
    public var negativeFeedbackIDs: [String]
    public var negativeFeedbackCount: Int
    /// "positive" / "neutral" / "negative" → sessions.
    public var feedbackSentimentCounts: [String: Int]
    /// Session id → label.
    public var feedbackSentimentLabels: [String: String]
    /// Label → mean rating of the sessions with that label (null without ratings).
    public var avgRatingBySentiment: [String: Double?]
    // Early warning and trends.
    /// "green" / "yellow" / "red" → sessions.
    public var flagCounts: [String: Int]
    /// Weeks (Monday 00:00 UTC) of `scheduledAt`, oldest first; sessions without a time are left out.
    public var weekly: [WeeklyTrend]

    public struct Counts: Sendable, Equatable, Codable {
        /// "Completed" / "Rescheduled" / "No-Show" / "Cancelled" (and "Scheduled" when some have no outcome yet).
        public var status: [String: Int]
        public var learnerAttendedYes: Int
        public var mentorPrep: [String: Int]
        public var rated: Int
        public var ratedByPrep: [String: Int]
        public var ratingSum: Int
        /// "1" ... "5" → count.
        public var ratingHistogram: [String: Int]
        public var feedbackMissing: Int
        public var followUpYes: Int

        enum CodingKeys: String, CodingKey {
            case status
            case learnerAttendedYes = "learner_attended_yes"
            case mentorPrep = "mentor_prep"
            case rated
            case ratedByPrep = "rated_by_prep"
            case ratingSum = "rating_sum"
            case ratingHistogram = "rating_histogram"
            case feedbackMissing = "feedback_missing"
            case followUpYes = "follow_up_yes"
        }
    }

    enum CodingKeys: String, CodingKey {
        case total, counts
        case completionRate = "completion_rate"
        case attendanceRate = "attendance_rate"
        case avgRating = "avg_rating"
        case ratingByPrep = "rating_by_prep"
        case prepDoneRate = "prep_done_rate"
        case followUpRate = "follow_up_rate"
        case feedbackMissingRate = "feedback_missing_rate"
        case durationRatingCorr = "duration_rating_corr"
        case perMentor = "per_mentor"
        case perCluster = "per_cluster"
        case perSessionType = "per_session_type"
        case negativeFeedbackIDs = "negative_feedback_ids"
        case negativeFeedbackCount = "negative_feedback_count"
        case feedbackSentimentCounts = "feedback_sentiment_counts"
        case feedbackSentimentLabels = "feedback_sentiment_labels"
        case avgRatingBySentiment = "avg_rating_by_sentiment"
        case flagCounts = "flag_counts"
        case weekly
    }

    /// The JSON the CLI prints and the API serves: sorted keys, no escaped slashes.
    public func jsonData(pretty: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The snapshot of `records` (any selection: the program, a cluster, a mentor, a period).
    public init(records: [SessionRecord]) {
        let tally = Tally(records)
        total = records.count
        counts = Counts(
            status: Self.statusCounts(records), learnerAttendedYes: tally.attended, mentorPrep: Self.prepCounts(records),
            rated: tally.ratings.count,
            ratedByPrep: Dictionary(uniqueKeysWithValues: MentorPrep.allCases.map { prep in
                (prep.rawValue, records.count { $0.mentorPrep == prep && $0.rating != nil })
            }),
            ratingSum: tally.ratings.reduce(0, +),
            ratingHistogram: Dictionary(uniqueKeysWithValues: Limits.rating.map { value in (String(value), tally.ratings.count { $0 == value }) }),
            feedbackMissing: tally.feedbackMissing, followUpYes: tally.followUp)
        completionRate = tally.completionRate
        attendanceRate = Statistics.rate(tally.attended, of: total)
        avgRating = tally.avgRating
        ratingByPrep = Dictionary(uniqueKeysWithValues: MentorPrep.allCases.map { prep in
            (prep.rawValue, Statistics.mean(records.filter { $0.mentorPrep == prep }.compactMap(\.rating)))
        })
        prepDoneRate = tally.prepDoneRate
        followUpRate = tally.followUpRate
        feedbackMissingRate = Statistics.rate(tally.feedbackMissing, of: total)
        durationRatingCorr = Statistics.pearson(records.compactMap { record in
            guard let rating = record.rating, let duration = record.scheduledDurationMin else { return nil }
            return (Double(duration), Double(rating))
        })

        perMentor = Dictionary(grouping: records.filter { $0.mentorID != nil }, by: { $0.mentorID! })
            .sorted { $0.key < $1.key }
            .map { MentorMetrics(mentorID: $0.key, records: $0.value) }
        perCluster = Dictionary(grouping: records.filter { $0.pmCluster != nil }, by: { $0.pmCluster! })
            .sorted { $0.key < $1.key }
            .map { ClusterMetrics(cluster: $0.key, records: $0.value) }
        perSessionType = Dictionary(grouping: records.filter { $0.sessionType != nil }, by: { $0.sessionType!.rawValue })
            .sorted { $0.key < $1.key }
            .map { SessionTypeMetrics(sessionType: $0.key, records: $0.value) }

        let commented = records.filter { !$0.feedbackMissing && $0.sentiment != nil }
        negativeFeedbackIDs = commented.filter { $0.sentiment?.label == .negative }.map(\.sessionID.rawValue).sorted()
        negativeFeedbackCount = negativeFeedbackIDs.count
        feedbackSentimentCounts = Dictionary(uniqueKeysWithValues: SentimentLabel.allCases.map { label in
            (label.rawValue, commented.count { $0.sentiment?.label == label })
        })
        feedbackSentimentLabels = Dictionary(uniqueKeysWithValues: commented.map { ($0.sessionID.rawValue, $0.sentiment!.label.rawValue) })
        avgRatingBySentiment = Dictionary(uniqueKeysWithValues: SentimentLabel.allCases.map { label in
            (label.rawValue, Statistics.mean(commented.filter { $0.sentiment?.label == label }.compactMap(\.rating)))
        })
        flagCounts = Dictionary(uniqueKeysWithValues: FlagLevel.allCases.map { level in (level.rawValue, records.count { $0.flag.level == level }) })
        weekly = WeeklyTrend.weeks(of: records)
    }

    private static func statusCounts(_ records: [SessionRecord]) -> [String: Int] {
        var counts = Dictionary(uniqueKeysWithValues: SessionStatus.allCases.map { ($0.rawValue, 0) })
        for record in records {
            counts[record.state.status?.rawValue ?? "Scheduled", default: 0] += 1
        }
        return counts
    }

    private static func prepCounts(_ records: [SessionRecord]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: MentorPrep.allCases.map { prep in (prep.rawValue, records.count { $0.mentorPrep == prep }) })
    }
}

/// The figures every grouping shares, computed one way.
struct Tally {
    let total: Int
    let completed: Int
    let attended: Int
    let prepDone: Int
    let followUp: Int
    let feedbackMissing: Int
    let ratings: [Int]

    init(_ records: [SessionRecord]) {
        total = records.count
        completed = records.count { $0.state == .completed }
        attended = records.count { $0.learnerAttended == true }
        prepDone = records.count { $0.mentorPrep == .yes }
        followUp = records.count { $0.followUpScheduled == true }
        feedbackMissing = records.count(where: \.feedbackMissing)
        ratings = records.compactMap(\.rating)
    }

    var completionRate: Double? { Statistics.rate(completed, of: total) }
    var avgRating: Double? { Statistics.mean(ratings) }
    var prepDoneRate: Double? { Statistics.rate(prepDone, of: total) }
    var followUpRate: Double? { Statistics.rate(followUp, of: total) }
}
