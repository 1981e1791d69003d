import Foundation

extension Calendar {
    /// Gregorian in UTC: report windows and weekly trends do not move with the machine's time zone.
    public static var reportCalendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    /// The start of the day "YYYY-MM-DD" (exactly that form, zero-padded) in this calendar's time
    /// zone; nil for anything else, including days that do not exist (2025-02-30). One reading of
    /// a day for the dashboard's filters, the review report's `ending` and `mentorflow report`.
    public func date(fromDay text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard text.count == 10, parts.count == 3, let year = parts[0], let month = parts[1], let day = parts[2] else { return nil }
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: self) else { return nil }
        return date(from: components)
    }

    /// "YYYY-MM-DD" of `date` in this calendar's time zone: the inverse of `date(fromDay:)`.
    public func dayText(_ date: Date) -> String {
        let parts = dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }
}
