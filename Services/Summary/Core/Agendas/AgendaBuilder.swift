import Foundation
import Model

/// Builds the mentor's pre-session agenda and checklist.
///
/// Items, in the order a mentor would run the session: open action items from earlier sessions,
/// concerns the learner raised before (aspects of negative feedback), the topics, expectations
/// and blockers from the pre-session form, then the batch's current pain points. With no earlier
/// session that took place, the agenda says "First session" and starts with introductions.
///
/// No event closes an action item yet, so every action item of the learner's earlier sessions
/// counts as open (newest first, at most `maxOpenItems`).
public struct AgendaBuilder: Sendable {
    public init() {}

    public static let maxOpenItems = 10
    public static let firstSessionItem = "First session: introductions, the learner's background and goals for the program"

    public func build(_ input: AgendaInput) -> Agenda {
        let learner = input.booking.learner.name
        let took = input.history.filter { $0.status == .completed }
        let firstSession = took.isEmpty
        var items: [String] = []
        if firstSession {
            items.append(Self.firstSessionItem)
        } else if let last = took.last {
            items.append("Recap the last \(last.sessionType.rawValue) session (\(Self.day(last.scheduledAt)))")
        }
        let open = input.history.reversed().flatMap(\.actionItems).prefix(Self.maxOpenItems)
        for item in open {
            var line = "Open action item (\(item.owner.rawValue)"
            if let due = item.dueHint { line += ", \(due)" }
            items.append(line + "): \(item.text)")
        }
        var concerns: [String] = []
        for session in input.history where session.sentiment == .negative {
            for aspect in session.aspects {
                if let words = SummaryWriter.aspectWords(aspect), !concerns.contains(words) { concerns.append(words) }
            }
        }
        if input.history.contains(where: { $0.sentiment == .negative }) {
            items.append(concerns.isEmpty
                ? "Address the learner's negative feedback from an earlier session"
                : "Address concerns from earlier sessions: \(SummaryWriter.list(concerns))")
        }
        if let prework = input.prework {
            for topic in prework.topics where !topic.isBlank { items.append("Learner's topic: \(topic.trimmed)") }
            if !prework.expectations.isBlank { items.append("Learner expects: \(prework.expectations.trimmed)") }
            for blocker in prework.blockers where !blocker.isBlank { items.append("Blocker: \(blocker.trimmed)") }
        }
        if !input.painPoints.isEmpty {
            items.append("Batch pain points (last 30 days): \(SummaryWriter.list(input.painPoints))")
        }

        var checklist = ["Review \(learner)'s profile and background"]
        if let expectations = input.prework?.expectations, !expectations.isBlank {
            checklist.append("Review the learner's goals: \(expectations.trimmed)")
        } else {
            checklist.append("Review the learner's goals for the program")
        }
        if firstSession && input.history.allSatisfy({ $0.rating == nil && $0.sentiment == nil }) {
            checklist.append("No prior feedback: ask what the learner wants from these sessions")
        } else {
            let ratings = input.history.compactMap(\.rating)
            let average = ratings.isEmpty ? "" : " (average rating \(String(format: "%.1f", Double(ratings.reduce(0, +)) / Double(ratings.count)))/5)"
            checklist.append("Review prior feedback from \(input.history.count) earlier session\(input.history.count == 1 ? "" : "s")\(average)")
        }
        checklist.append(input.prework == nil
            ? "Pre-session form not submitted: ask for topics at the start"
            : "Read the learner's pre-session form")
        if !open.isEmpty { checklist.append("Check progress on \(open.count) open action item\(open.count == 1 ? "" : "s")") }
        return Agenda(items: items.prefix(Limits.listCount).map(Self.clipped), checklist: checklist.map(Self.clipped), firstSession: firstSession)
    }

    /// A line cut to `Limits.textLength` (Unicode scalars, as the codec counts) at a word, with
    /// "…": the form's fields may each be near that limit, and a prefix such as "Learner expects: "
    /// must not make the agenda fail validation after the store committed it.
    static func clipped(_ line: String) -> String {
        guard line.unicodeScalars.count > Limits.textLength else { return line }
        var scalars = String.UnicodeScalarView(line.unicodeScalars.prefix(Limits.textLength - 1))
        if let space = scalars.lastIndex(of: " ") { scalars = String.UnicodeScalarView(scalars[..<space]) }
        return String(scalars) + "…"
    }

    static func day(_ date: Date) -> String { SummaryWriter.format(date, pattern: "yyyy-MM-dd") }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
    var isBlank: Bool { trimmed.isEmpty }
}
