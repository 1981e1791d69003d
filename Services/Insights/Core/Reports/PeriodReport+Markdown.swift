import Foundation

extension PeriodReport {
    /// The report as Markdown, for a wiki page, an email or a chat post. Cell text is escaped so a
    /// mentor name cannot break the tables.
    public func markdown() -> String {
        var out: [String] = []
        out.append("# \(title)")
        out.append("")
        out.append("\(ReportFormat.dateRange(period)), compared with \(ReportFormat.dateRange(previousPeriod)). Scope: \(scopeText).")
        out.append("")
        out.append("## What changed")
        out.append("")
        out.append("| figure | this period | previous | change |")
        out.append("|---|---:|---:|---|")
        for change in changes {
            out.append("| \(change.figure) | \(ReportFormat.value(change.current, change.unit)) | \(ReportFormat.value(change.previous, change.unit)) | \(ReportFormat.delta(change)) |")
        }
        out.append("")
        out.append("## Top issues")
        out.append("")
        if topIssues.isEmpty {
            out.append("No flagged sessions and no negative feedback in this period.")
        } else {
            out.append("| issue | sessions | share |")
            out.append("|---|---:|---:|")
            for issue in topIssues.prefix(10) {
                out.append("| \(ReportFormat.issueName(issue)) | \(issue.sessions) | \(ReportFormat.percent(issue.share)) |")
            }
        }
        out.append("")
        out.append("## Mentors needing support")
        out.append("")
        if mentorsNeedingSupport.isEmpty {
            out.append("No mentor falls short of the program's figures in this period.")
        } else {
            out.append("| mentor | cluster | sessions | avg rating | prep done | coaching opportunities |")
            out.append("|---|---|---:|---:|---:|---|")
            for mentor in mentorsNeedingSupport {
                let m = mentor.metrics
                out.append("| \(cell(m.mentorName ?? m.mentorID)) (\(cell(m.mentorID))) | \(cell(m.pmCluster ?? "")) | \(m.sessions) | \(ReportFormat.value(m.avgRating, .rating)) | \(ReportFormat.value(m.prepDoneRate, .rate)) | \(cell(mentor.reasons.joined(separator: "; "))) |")
            }
        }
        out.append("")
        out.append("## Follow-up completion")
        out.append("")
        out.append("- Sessions with an outcome that have a follow-up: \(followUps.endedWithFollowUp) of \(followUps.ended) (\(ReportFormat.value(followUps.endedRate, .rate)))")
        out.append("- Flagged (yellow or red) sessions that have a follow-up: \(followUps.flaggedWithFollowUp) of \(followUps.flagged) (\(ReportFormat.value(followUps.flaggedRate, .rate)))")
        out.append("- Sessions with action items that have a follow-up: \(followUps.withActionItemsAndFollowUp) of \(followUps.withActionItems) (\(ReportFormat.value(followUps.actionItemsRate, .rate)))")
        out.append("")
        out.append("## Urgent sessions")
        out.append("")
        if urgentSessions.isEmpty {
            out.append("No red sessions in this period.")
        } else {
            out.append("| session | scheduled | mentor | cluster | type | reasons |")
            out.append("|---|---|---|---|---|---|")
            for line in urgentSessions {
                out.append("| \(cell(line.sessionID)) | \(line.scheduledAt.map(ReportFormat.day) ?? "–") | \(cell(line.mentorName ?? "")) | \(cell(line.pmCluster ?? "")) | \(cell(line.sessionType ?? "")) | \(line.reasons.map(ReportFormat.reasonName).joined(separator: ", ")) |")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// "Weekly review, 2025-09-22 to 2025-09-28".
    public var title: String {
        "\(period.cadence.rawValue.prefix(1).uppercased() + period.cadence.rawValue.dropFirst()) review, \(ReportFormat.dateRange(period))"
    }

    /// "the whole program" or "cluster-a, cluster-b".
    public var scopeText: String {
        guard let clusters else { return "the whole program" }
        return clusters.isEmpty ? "no clusters" : clusters.joined(separator: ", ")
    }

    /// Markdown table cell text: pipes, backslashes and newlines cannot break the row, and HTML
    /// in a name is shown, not interpreted, by renderers that allow inline HTML.
    private func cell(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "|": escaped += "\\|"
            case "\\": escaped += "\\\\"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "&": escaped += "&amp;"
            case "\n", "\r": escaped += " "
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

/// How report figures are written, shared by the Markdown and HTML renderings.
public enum ReportFormat {
    public static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

    public static func value(_ value: Double?, _ unit: PeriodReport.Change.Unit) -> String {
        guard let value else { return "–" }
        switch unit {
        case .count: return String(Int(value))
        case .rate: return percent(value)
        case .rating: return String(format: "%.2f", value)
        }
    }

    /// "+3.5 pts (better)", "−0.20 (worse)", "no change", or "–" when undefined.
    public static func delta(_ change: PeriodReport.Change) -> String {
        guard let delta = change.delta else { return "–" }
        if delta == 0 { return "no change" }
        let sign = delta > 0 ? "+" : "−"
        let magnitude = abs(delta)
        let amount = switch change.unit {
        case .count: String(Int(magnitude))
        case .rate: String(format: "%.1f pts", magnitude * 100)
        case .rating: String(format: "%.2f", magnitude)
        }
        let verdict = change.improved.map { $0 ? " (better)" : " (worse)" } ?? ""
        return sign + amount + verdict
    }

    /// Reads a day "YYYY-MM-DD" as midnight UTC; nil for anything else (including 2025-02-30).
    public static func parseDay(_ text: String) -> Date? { Calendar.reportCalendar.date(fromDay: text) }

    public static func day(_ date: Date) -> String { Calendar.reportCalendar.dayText(date) }

    /// The inclusive day range of a half-open period: [Sep 22, Sep 29) is "2025-09-22 to 2025-09-28".
    public static func dateRange(_ period: ReviewPeriod) -> String {
        "\(day(period.start)) to \(day(period.end.addingTimeInterval(-1)))"
    }

    public static func reasonName(_ raw: String) -> String { raw.replacingOccurrences(of: "_", with: " ") }

    public static func issueName(_ issue: PeriodReport.Issue) -> String {
        switch issue.kind {
        case .flagReason: "flag: " + reasonName(issue.name)
        case .feedbackAspect: "learners report: " + reasonName(issue.name)
        }
    }
}
