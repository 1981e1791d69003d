import Foundation
import Model

/// The early-warning rules as data: how bad each reason is, the low-rating threshold, the
/// feedback grace period, and when mild reasons add up to urgent. Loaded from a JSON file
/// (format and defaults in README, "Insights"; the documented default is
/// `Services/Insights/flag-rules.json`, equal to `FlagRules.default`).
public struct FlagRules: Sendable, Equatable {
    /// What a reason does to the level when it fires.
    public enum Severity: String, CaseIterable, Sendable {
        /// The rule is switched off: the reason is neither reported nor counted.
        case off
        case yellow
        case red
    }

    /// Severity per reason; a reason missing here is `off`.
    public var severities: [FlagReason: Severity]
    /// A rating at or below this is low (1...5).
    public var lowRatingAtMost: Int
    /// How long after a completed session ends its comment may still come before "feedback
    /// missing" fires.
    public var feedbackGracePeriod: Duration
    /// This many yellow reasons together make the session red; nil = never.
    public var redWhenYellowReasonsAtLeast: Int?

    public init(
        severities: [FlagReason: Severity], lowRatingAtMost: Int, feedbackGracePeriod: Duration, redWhenYellowReasonsAtLeast: Int?
    ) {
        self.severities = severities
        self.lowRatingAtMost = lowRatingAtMost
        self.feedbackGracePeriod = feedbackGracePeriod
        self.redWhenYellowReasonsAtLeast = redWhenYellowReasonsAtLeast
    }

    /// Red for what needs a PM today (negative feedback, a low rating, a no-show); yellow for one
    /// mild reason; three mild reasons together are red. Feedback is missing 48 hours after the end.
    public static let `default` = FlagRules(
        severities: [
            .mentorNotPrepared: .yellow, .mentorPartlyPrepared: .yellow, .noFollowUp: .yellow, .lowRating: .red,
            .negativeFeedback: .red, .noShow: .red, .cancelledOrRescheduled: .yellow, .feedbackMissing: .yellow,
        ],
        lowRatingAtMost: 2, feedbackGracePeriod: .seconds(48 * 3600), redWhenYellowReasonsAtLeast: 3)

    public func severity(of reason: FlagReason) -> Severity { severities[reason] ?? .off }

    /// A canonical text of the rules: equal rules give equal text. The store keeps it to notice a
    /// changed rules file at start.
    public var fingerprint: String {
        let severities = FlagReason.allCases.map { "\($0.rawValue)=\(severity(of: $0).rawValue)" }.joined(separator: ",")
        return "\(severities);low_rating_at_most=\(lowRatingAtMost);grace=\(feedbackGracePeriod.components.seconds);"
            + "red_when_yellow=\(redWhenYellowReasonsAtLeast.map(String.init) ?? "never")"
    }
}
