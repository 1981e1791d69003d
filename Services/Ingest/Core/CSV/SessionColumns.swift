import Foundation

/// The columns of the program's session export (DESIGN.md, "Session records"), matched by
/// header name so their order does not matter.
public enum SessionColumn: String, CaseIterable, Sendable {
    case sessionID = "session_id"
    case program
    case batch
    case mentorID = "mentor_id"
    case mentorName = "mentor_name"
    case pmCluster = "pm_cluster"
    case learnerID = "learner_id"
    case learnerName = "learner_name"
    case learnerEmail = "learner_email"
    case sessionType = "session_type"
    case scheduledAt = "scheduled_at"
    case scheduledDurationMin = "scheduled_duration_min"
    case actualDurationMin = "actual_duration_min"
    case status
    case learnerAttended = "learner_attended"
    case mentorPrep = "mentor_prep"
    case rating
    case feedback
    case followUpScheduled = "follow_up_scheduled"
}

/// Where each column sits in this file. Built from the header row; a missing, unknown or
/// repeated column rejects the whole file, since every row would be misread.
public struct SessionHeader: Sendable {
    public let positions: [SessionColumn: Int]
    public let width: Int

    public init(fields: [String], line: Int = 1) throws(CSVParser.Problem) {
        if fields.count == 1, let only = fields.first {
            for delimiter in [";", "\t", "|"] where only.contains(delimiter) {
                throw CSVParser.Problem(line: line, column: nil, message: "the header has one column; the file looks \(delimiter == "\t" ? "tab" : "'\(delimiter)'")-separated, but MentorFlow reads comma-separated values")
            }
        }
        var positions: [SessionColumn: Int] = [:]
        var unknown: [String] = []
        for (index, raw) in fields.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            guard let column = SessionColumn(rawValue: name) else {
                unknown.append(raw)
                continue
            }
            if positions[column] != nil {
                throw CSVParser.Problem(line: line, column: index + 1, message: "column '\(name)' appears twice")
            }
            positions[column] = index
        }
        let missing = SessionColumn.allCases.filter { positions[$0] == nil }.map(\.rawValue)
        var complaints: [String] = []
        if !missing.isEmpty { complaints.append("missing required column\(missing.count == 1 ? "" : "s"): \(missing.joined(separator: ", "))") }
        if !unknown.isEmpty { complaints.append("unknown column\(unknown.count == 1 ? "" : "s"): \(unknown.map { "'\($0)'" }.joined(separator: ", "))") }
        guard complaints.isEmpty else { throw CSVParser.Problem(line: line, column: nil, message: complaints.joined(separator: "; ")) }
        self.positions = positions
        width = fields.count
    }
}

