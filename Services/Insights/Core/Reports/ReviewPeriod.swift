import Foundation

/// The review cadences a program runs on. Each names a window length; a report compares the
/// window ending at its end date with the window of the same length just before it.
public enum ReviewCadence: String, CaseIterable, Sendable, Codable {
    case weekly
    case biweekly
    case monthly
    case quarterly

    /// The window that ends at `end` (exclusive): 7 or 14 days, or 1 or 3 calendar months.
    public func period(endingAt end: Date, calendar: Calendar = .reportCalendar) -> ReviewPeriod {
        let start: Date
        switch self {
        case .weekly: start = calendar.date(byAdding: .day, value: -7, to: end)!
        case .biweekly: start = calendar.date(byAdding: .day, value: -14, to: end)!
        case .monthly: start = calendar.date(byAdding: .month, value: -1, to: end)!
        case .quarterly: start = calendar.date(byAdding: .month, value: -3, to: end)!
        }
        return ReviewPeriod(cadence: self, start: start, end: end)
    }
}

/// A half-open time window [start, end) of session schedule times.
public struct ReviewPeriod: Sendable, Equatable, Codable {
    public var cadence: ReviewCadence
    public var start: Date
    public var end: Date

    public init(cadence: ReviewCadence, start: Date, end: Date) {
        self.cadence = cadence
        self.start = start
        self.end = end
    }

    /// The window of the same cadence that ends where this one starts: "what changed" compares
    /// against it.
    public func previous(calendar: Calendar = .reportCalendar) -> ReviewPeriod {
        cadence.period(endingAt: start, calendar: calendar)
    }

    public func contains(_ date: Date) -> Bool { date >= start && date < end }

    /// The default end of a report over `records`: midnight (UTC) after the last scheduled
    /// session, but never later than midnight after `now`. A live system reports up to today;
    /// an exported history (all in the past) reports on its last weeks instead of empty ones.
    public static func defaultEnd(of scheduled: [Date], now: Date, calendar: Calendar = .reportCalendar) -> Date {
        let latest = min(scheduled.max() ?? now, now)
        return calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: latest))!
    }
}
