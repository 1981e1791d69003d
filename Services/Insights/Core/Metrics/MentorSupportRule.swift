import Foundation
import Model

/// When a mentor "needs support": the one rule behind the period report's *mentors needing
/// support* and the dashboard's coaching page (and `/v1/mentors/{id}`), so a PM never sees a
/// mentor singled out on one and not on the other. A mentor is compared with the program their
/// sessions belong to (in the reader's scope), not with fixed targets alone, so a hard month for
/// everyone does not single out everyone; each measure needs a few sessions behind it, so one bad
/// session does not either. The thresholds are the ones the README documents.
public enum MentorSupportRule {
    /// A share of red sessions at least this far above the program's, and at least
    /// `redShareFloor`, with at least `minimumRedSessions` red sessions.
    public static let redShareGap = 0.10
    public static let redShareFloor = 0.25
    public static let minimumRedSessions = 2
    /// An average rating this far or more below the program's, with at least `minimumRatings` ratings.
    public static let ratingGap = 0.5
    public static let minimumRatings = 3
    /// Mentor prep done below this share of sessions.
    public static let prepDoneFloor = 0.5
    /// A completion rate this far or more below the program's, with at least `minimumSessions` sessions.
    public static let completionGap = 0.15
    public static let minimumSessions = 4

    /// A measure the rule looks at.
    public enum Measure: String, Sendable, Codable, CaseIterable {
        case redShare = "red_share"
        case rating
        case prepDone = "prep_done"
        case completion
    }

    /// One measure on which the mentor falls short, with the figures that show it.
    public struct Finding: Sendable, Equatable {
        public var measure: Measure
        /// The mentor's figure (a share, or the average rating).
        public var mentor: Double
        /// The program's figure it was held against (nil for the absolute prep floor).
        public var program: Double?
        /// The finding as a report line ("3 of 4 sessions red", "prepared for 0% of sessions").
        public var reason: String
    }

    /// Where the mentor of `records` (all theirs) falls short of `program` (the figures of every
    /// session the mentor is compared with, the mentor's included); empty: no support needed.
    public static func findings(mentor records: [SessionRecord], program: ProgramMetrics) -> [Finding] {
        guard !records.isEmpty else { return [] }
        let metrics = Tally(records)  // the figures `MentorMetrics` shows
        var findings: [Finding] = []
        let red = records.count { $0.flag.level == .red }
        let redShare = Double(red) / Double(records.count)
        let programRedShare = program.total == 0 ? 0 : Double(program.flagCounts[FlagLevel.red.rawValue] ?? 0) / Double(program.total)
        if red >= minimumRedSessions, redShare >= max(redShareFloor, programRedShare + redShareGap) {
            findings.append(Finding(measure: .redShare, mentor: redShare, program: programRedShare, reason: "\(red) of \(records.count) sessions red"))
        }
        if let rating = metrics.avgRating, let programRating = program.avgRating, metrics.ratings.count >= minimumRatings,
           rating <= programRating - ratingGap {
            findings.append(Finding(
                measure: .rating, mentor: rating, program: programRating,
                reason: String(format: "average rating %.2f against the program's %.2f", rating, programRating)))
        }
        if let prep = metrics.prepDoneRate, prep < prepDoneFloor {
            findings.append(Finding(measure: .prepDone, mentor: prep, program: nil, reason: String(format: "prepared for %.0f%% of sessions", prep * 100)))
        }
        if let completion = metrics.completionRate, let programCompletion = program.completionRate, records.count >= minimumSessions,
           completion <= programCompletion - completionGap {
            findings.append(Finding(
                measure: .completion, mentor: completion, program: programCompletion,
                reason: String(format: "completion %.0f%% against the program's %.0f%%", completion * 100, programCompletion * 100)))
        }
        return findings
    }
}
