import Foundation
import InsightsCore

/// The human-readable program snapshot: tiles, then the per-mentor, per-cluster and
/// per-session-type tables and the sentiment distribution.
struct MetricsTable {
    let metrics: ProgramMetrics

    func render() -> String {
        var lines: [String] = []
        let m = metrics
        lines.append("Program snapshot (\(m.total) sessions)")
        lines.append("  completed             \(m.counts.status["Completed"] ?? 0)  (\(percent(m.completionRate)))")
        lines.append("  attendance            \(percent(m.attendanceRate))")
        lines.append("  average rating        \(number(m.avgRating))  (\(m.counts.rated) rated)")
        lines.append("  mentor prep done      \(percent(m.prepDoneRate))")
        lines.append("  follow-up scheduled   \(percent(m.followUpRate))")
        lines.append("  feedback missing      \(percent(m.feedbackMissingRate))")
        lines.append("  negative feedback     \(m.negativeFeedbackCount)")
        lines.append("  duration–rating r     \(number(m.durationRatingCorr, digits: 3))")
        lines.append("  rating by prep        " + ["Yes", "Partial", "No"].map { "\($0) \(number(m.ratingByPrep[$0] ?? nil))" }.joined(separator: " · "))
        lines.append("  sentiment             " + ["positive", "neutral", "negative"].map { label in
            "\(label) \(m.feedbackSentimentCounts[label] ?? 0) (avg \(number(m.avgRatingBySentiment[label] ?? nil)))"
        }.joined(separator: " · "))
        lines.append("  flags                 " + ["green", "yellow", "red"].map { "\($0) \(m.flagCounts[$0] ?? 0)" }.joined(separator: " · "))
        lines.append("")
        lines.append(table(
            ["mentor", "name", "cluster", "sessions", "completion", "avg rating", "prep done", "follow-up"],
            m.perMentor.map { row in
                [row.mentorID, row.mentorName ?? "", row.pmCluster ?? "", "\(row.sessions)", percent(row.completionRate), number(row.avgRating),
                 percent(row.prepDoneRate), percent(row.followUpRate)]
            }))
        lines.append("")
        lines.append(table(
            ["cluster", "mentors", "sessions", "completion", "avg rating", "prep done", "follow-up"],
            m.perCluster.map { row in
                [row.pmCluster, "\(row.mentors)", "\(row.sessions)", percent(row.completionRate), number(row.avgRating), percent(row.prepDoneRate),
                 percent(row.followUpRate)]
            }))
        lines.append("")
        lines.append(table(
            ["session type", "sessions", "avg rating"],
            m.perSessionType.map { [$0.sessionType, "\($0.sessions)", number($0.avgRating)] }))
        return lines.joined(separator: "\n")
    }

    private func percent(_ value: Double?) -> String {
        value.map { String(format: "%.1f%%", $0 * 100) } ?? "–"
    }

    private func number(_ value: Double?, digits: Int = 2) -> String {
        value.map { String(format: "%.\(digits)f", $0) } ?? "–"
    }

    private func table(_ header: [String], _ rows: [[String]]) -> String {
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return index == 0 || index == 1 && header[1] == "name" ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line)).joined(separator: "\n")
    }
}
