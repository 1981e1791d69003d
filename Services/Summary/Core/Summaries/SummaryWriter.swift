import Foundation
import Model

/// Writes the 1–2 sentence draft a mentor would sign from a session's facts.
///
/// First sentence: who held what, how it went against the booking (attendance, duration against
/// schedule, or the status when it did not take place), the transcript's topics, the rating.
/// Second: the learner's feedback (its sentiment, the aspects it raised, its key phrases), or
/// "Limited learner feedback available." when there is no comment. Phrases come from the key
/// phrase extractor, whose diversity step keeps near-duplicates out.
///
/// Nothing is written before the booking and an outcome are known: a summary of an unnamed
/// session would have to be revised anyway.
public struct SummaryWriter: Sendable {
    public init() {}

    /// How far from the schedule (in minutes) still counts as "the full N minutes".
    public static let durationTolerance = 5

    public func draft(_ facts: SessionFacts) -> SummaryContent? {
        guard let booking = facts.booking, let outcome = facts.outcome else { return nil }
        let topics = Array((facts.transcript?.keyPhrases ?? []).prefix(3))
        var first = headline(booking: booking, outcome: outcome, topics: topics)
        if let rating = facts.feedback?.rating { first += ", rated \(rating)/5" }
        first += "."
        let second = feedbackSentence(facts.feedback, sentiment: facts.sentiment)
        return SummaryContent(
            text: Self.capitalized(first) + " " + second, keyPhrases: keyPhrases(facts),
            actionItems: facts.transcript?.actionItems ?? [], highlights: facts.transcript?.highlights ?? [], status: .draft)
    }

    /// The mentor's approved text with the key phrases, action items and highlights of the facts
    /// known now (composed each time, so a transcript that arrives after the approval still adds
    /// its action items). Needs no booking or outcome: the mentor wrote the text.
    public func final(_ approvedText: String, _ facts: SessionFacts) -> SummaryContent {
        SummaryContent(
            text: approvedText, keyPhrases: keyPhrases(facts), actionItems: facts.transcript?.actionItems ?? [],
            highlights: facts.transcript?.highlights ?? [], status: .final)
    }

    /// The feedback's phrases, then the transcript's, without repeated words, at most five.
    func keyPhrases(_ facts: SessionFacts) -> [String] {
        var phrases = (facts.feedback?.keyPhrases ?? []).map { KeyPhraseExtractor.Candidate(text: $0, stems: Self.stems($0), score: 0, firstPosition: 0) }
        phrases += (facts.transcript?.keyPhrases ?? []).map { KeyPhraseExtractor.Candidate(text: $0, stems: Self.stems($0), score: 0, firstPosition: 0) }
        return phrases.diverse(limit: 5).map(\.text)
    }

    func headline(booking: SessionBooking, outcome: RecordedOutcome, topics: [String]) -> String {
        let mentor = booking.mentor.name
        let learner = booking.learner.name
        let type = booking.sessionType.rawValue
        let on = topics.isEmpty ? "" : " on \(Self.list(topics))"
        let scheduled = booking.scheduledDurationMin
        switch outcome.status {
        case .completed:
            let actual = outcome.actualDurationMin ?? scheduled
            if outcome.outcome.learnerAttended == .absent {
                return "\(mentor)'s \(type) session was marked completed after \(actual) of \(scheduled) minutes, but \(learner) did not attend"
            }
            if abs(actual - scheduled) <= Self.durationTolerance {
                return "\(mentor) held a full \(scheduled)-minute \(type) session with \(learner)\(on)"
            } else if actual < scheduled {
                return "\(mentor) held a \(type) session with \(learner)\(on) that ran \(actual) of \(scheduled) scheduled minutes"
            } else {
                return "\(mentor) held a \(type) session with \(learner)\(on) that ran \(actual) minutes, \(actual - scheduled) over schedule"
            }
        case .noShow:
            if outcome.outcome.learnerAttended == .attended {
                return "\(mentor) did not join the \(type) session booked with \(learner) (no-show)"
            }
            return "\(learner) did not attend the \(type) session booked with \(mentor) (no-show)"
        case .cancelled:
            let reason = outcome.reason.map { ": \(Self.trimmedReason($0))" } ?? ""
            return "The \(type) session between \(mentor) and \(learner) was cancelled\(reason)"
        case .rescheduled:
            let when = outcome.newScheduledAt.map { " to \(Self.format($0))" } ?? ""
            let reason = outcome.reason.map { " (\(Self.trimmedReason($0)))" } ?? ""
            return "The \(type) session between \(mentor) and \(learner) was rescheduled\(when)\(reason)"
        }
    }

    public static let limitedFeedback = "Limited learner feedback available."

    func feedbackSentence(_ feedback: RecordedFeedback?, sentiment: RecordedSentiment?) -> String {
        guard let feedback, feedback.hasComment, sentiment?.feedbackMissing != true else { return Self.limitedFeedback }
        let phrases = Array(feedback.keyPhrases.prefix(3))
        let mentioning = phrases.isEmpty ? "" : ", mentioning \(Self.list(phrases))"
        guard let sentiment else {
            return phrases.isEmpty ? "The learner left feedback." : "The learner's feedback mentions \(Self.list(phrases))."
        }
        let aspects = sentiment.aspects.compactMap(Self.aspectWords)
        let followUp = sentiment.aspects.contains(.followUpRequested) ? ", and asked for a follow-up" : ""
        let sentence: String
        switch sentiment.label {
        case .positive:
            sentence = "Feedback was positive" + (aspects.isEmpty ? "" : " about \(Self.list(aspects))")
        case .neutral:
            sentence = "Feedback was neutral" + (aspects.isEmpty ? "" : " on \(Self.list(aspects))")
        case .negative:
            sentence = "Feedback was negative" + (aspects.isEmpty ? "" : ", citing \(Self.list(aspects))")
        }
        return sentence + mentioning + followUp + "."
    }

    static func aspectWords(_ aspect: Aspect) -> String? {
        switch aspect {
        case .punctuality: "punctuality"
        case .noShow: "a missed session"
        case .rescheduling: "rescheduling"
        case .techIssues: "technical issues"
        case .pace: "pace"
        case .clarity: "clarity"
        case .preparation: "preparation"
        case .helpfulness: "helpfulness"
        case .followUpRequested, .none: nil
        }
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }

    static func stems(_ phrase: String) -> [String] { Tokenizer.words(phrase).map(\.stem) }

    static func capitalized(_ sentence: String) -> String {
        guard let first = sentence.first, first.isLowercase else { return sentence }
        return first.uppercased() + sentence.dropFirst()
    }

    static func trimmedReason(_ reason: String) -> String {
        var text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        while let last = text.last, last == "." || last == "!" { text.removeLast() }
        if text.count > 200 { text = String(text.prefix(200)) + "…" }
        return text
    }

    /// "2025-06-02 16:00 UTC": unambiguous for mentors in any time zone, the same on every machine.
    static func format(_ date: Date) -> String { format(date, pattern: "yyyy-MM-dd HH:mm 'UTC'") }

    /// A date in UTC with a fixed pattern (POSIX locale), as summaries and agendas print dates.
    static func format(_ date: Date, pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
