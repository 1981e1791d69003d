import Foundation
import InsightsCore

/// One mentor against the program, as the coaching page and `/v1/mentors/{id}` show it: every
/// measure side by side, and the coaching opportunities, which are the `MentorSupportRule`
/// findings (the rule the review report lists *mentors needing support* by), each with a
/// sentence of advice. A mentor the report does not list has no opportunity here either.
struct MentorCoaching {
    /// A difference a table marks worse or better (a colour, not a verdict): 5 points on a rate,
    /// 0.2 on the rating. The weekly trend uses the same marks.
    static let noticeableRateDifference = 0.05
    static let noticeableRatingDifference = 0.2

    struct Comparison {
        let label: String
        let mentor: String
        let program: String
        let difference: String
        let tone: String
    }

    let comparisons: [Comparison]
    let opportunities: [String]

    init(_ figures: ScopedReadModel.MentorFigures, name: String, display: Display) {
        let mentor = figures.mentor, program = figures.program
        func share(_ metrics: ProgramMetrics, _ count: Int) -> Double? {
            let commented = metrics.feedbackSentimentCounts.values.reduce(0, +)
            return commented == 0 ? nil : Double(count) / Double(commented)
        }
        // (label, mentor, program, higher is better, a rate (else the rating))
        let measures: [(String, Double?, Double?, Bool, Bool)] = [
            ("Completion rate", mentor.completionRate, program.completionRate, true, true),
            ("Average rating", mentor.avgRating, program.avgRating, true, false),
            ("Mentor prep done", mentor.prepDoneRate, program.prepDoneRate, true, true),
            ("Follow-up scheduled", mentor.followUpRate, program.followUpRate, true, true),
            ("Feedback missing", mentor.feedbackMissingRate, program.feedbackMissingRate, false, true),
            ("Negative feedback share", share(mentor, mentor.negativeFeedbackCount), share(program, program.negativeFeedbackCount), false, true),
        ]
        comparisons = measures.map { label, mine, theirs, higherIsBetter, isRate in
            let format: (Double?) -> String = { isRate ? display.percent($0) : display.decimal($0) }
            var difference = "–", tone = ""
            if let mine, let theirs {
                let delta = mine - theirs
                difference = (delta >= 0 ? "+" : "−") + (isRate ? String(format: "%.1f pts", abs(delta) * 100) : String(format: "%.2f", abs(delta)))
                let worse = higherIsBetter ? -delta : delta
                let margin = isRate ? Self.noticeableRateDifference : Self.noticeableRatingDifference
                tone = worse >= margin ? "worse" : (worse <= -margin ? "better" : "")
            }
            return Comparison(label: label, mentor: format(mine), program: format(theirs), difference: difference, tone: tone)
        }
        opportunities = MentorSupportRule.findings(mentor: figures.records, program: program).map { finding in
            let (label, advice, isRate): (String, String, Bool) = switch finding.measure {
            case .redShare:
                ("Red sessions", "A larger share of \(name)'s sessions is flagged red: go through the flagged sessions below together.", true)
            case .rating:
                ("Average rating", "Learners rate \(name)'s sessions lower: read the recent comments together and pick one habit to change.", false)
            case .prepDone:
                ("Mentor prep done", "\(name) prepares fully less often: share the agenda and the learner's pre-work before each session.", true)
            case .completion:
                ("Completion rate", "Fewer of \(name)'s sessions take place as booked: look at no-shows and reschedules together, and confirm sessions a day ahead.", true)
            }
            let format: (Double?) -> String = { isRate ? display.percent($0) : display.decimal($0) }
            // The prep floor is absolute; the program's figure is still the useful comparison to read.
            let theirs = finding.measure == .prepDone ? program.prepDoneRate : finding.program
            return "\(label): \(format(finding.mentor)) against \(format(theirs)) for the program. \(advice)"
        }
    }
}
