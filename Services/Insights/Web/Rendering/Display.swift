import Foundation
import InsightsCore
import Model

/// How figures, times and codes read on the pages and in exports: one place, so the tracker,
/// the session page and the CSV say the same thing the same way.
public struct Display: Sendable {
    public let timeZone: TimeZone
    let calendar: Calendar

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.1f%%", value * 100)
    }

    func decimal(_ value: Double?, places: Int = 2) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.\(places)f", value)
    }

    /// "Mon 19 May 2025, 21:30" in the dashboard's time zone.
    func when(_ date: Date?) -> String {
        guard let date else { return "–" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEE d MMM yyyy, HH:mm"
        return formatter.string(from: date)
    }

    /// ISO 8601 with the dashboard's offset (exports and the API).
    func iso(_ date: Date?) -> String {
        guard let date else { return "" }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        return formatter.string(from: date)
    }

    /// `YYYY-MM-DD` for a date input.
    func day(_ date: Date?) -> String {
        date.map(calendar.dayText) ?? ""
    }

    static func reason(_ reason: FlagReason) -> String {
        switch reason {
        case .mentorNotPrepared: "Mentor not prepared"
        case .mentorPartlyPrepared: "Mentor partly prepared"
        case .noFollowUp: "No follow-up scheduled"
        case .lowRating: "Low rating"
        case .negativeFeedback: "Negative feedback"
        case .noShow: "No-show"
        case .cancelledOrRescheduled: "Cancelled or rescheduled"
        case .feedbackMissing: "Feedback missing"
        }
    }

    static func state(_ state: SessionState) -> String {
        switch state {
        case .scheduled: "Scheduled"
        case .completed: "Completed"
        case .noShow: "No-show"
        case .cancelled: "Cancelled"
        case .rescheduled: "Rescheduled"
        }
    }

    static func yesNo(_ value: Bool?) -> String {
        value.map { $0 ? "Yes" : "No" } ?? "–"
    }
}
