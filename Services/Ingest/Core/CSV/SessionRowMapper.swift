import Codec
import EventHandling
import Foundation
import Model

/// One problem in an imported file, located so a spreadsheet user can find it.
public struct RowProblem: Sendable, Equatable, Codable, CustomStringConvertible {
    public let line: Int
    /// 1-based column position in this file, when the problem is in one field.
    public let column: Int?
    public let field: String?
    public let message: String

    public init(line: Int, column: Int?, field: String?, message: String) {
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    public var description: String {
        var location = "line \(line)"
        if let column { location += ", column \(column)" }
        if let field { location += " (\(field))" }
        return "\(location): \(message)"
    }
}

/// Turns each row of a session export into the lifecycle events it implies — session.scheduled,
/// then the status event, then feedback.submitted when there is a rating or a comment — so
/// downstream services see imported history exactly as live events.
///
/// Problems that make a row unusable reject it (it publishes nothing); problems that leave it
/// meaningful only warn (see README, "CSV import rules"). Event ids are derived from the row's
/// content, so importing the same file twice publishes the same ids and nothing doubles.
public struct SessionRowMapper: Sendable {
    public let header: SessionHeader
    /// Stamps the rows' events: the imported-row recipe under the name `csv`.
    public static let events = EventFactory(service: "csv", source: "/mentorflow/ingest/csv")
    public static var source: String { events.source }
    /// 64-bit hashes of the session ids seen so far: duplicate detection in flat-ish memory
    /// (16 bytes a row instead of the strings).
    private var seenSessions = Set<UInt64>()

    public init(header: SessionHeader) {
        self.header = header
    }

    public struct Row: Sendable {
        public let line: Int
        public let events: [CloudEvent]
        public let errors: [RowProblem]
        public let warnings: [RowProblem]
        public var accepted: Bool { errors.isEmpty }
    }

    public mutating func map(_ record: CSVParser.Record) -> Row {
        var reader = FieldReader(record: record, header: header)
        guard record.fields.count == header.width else {
            let problem = RowProblem(line: record.line, column: nil, field: nil,
                                     message: "has \(record.fields.count) fields, the header has \(header.width) (a missing or extra comma?)")
            return Row(line: record.line, events: [], errors: [problem], warnings: [])
        }
        let sessionID = reader.text(.sessionID, maxLength: Limits.identifierLength)
        let program = reader.text(.program, maxLength: Limits.nameLength)
        let batch = reader.text(.batch, maxLength: Limits.nameLength)
        let mentorID = reader.text(.mentorID, maxLength: Limits.identifierLength)
        let mentorName = reader.text(.mentorName, maxLength: Limits.nameLength)
        let cluster = reader.text(.pmCluster, maxLength: Limits.identifierLength)
        let learnerID = reader.text(.learnerID, maxLength: Limits.identifierLength)
        let learnerName = reader.text(.learnerName, maxLength: Limits.nameLength)
        let email = reader.email(.learnerEmail)
        let sessionType = reader.text(.sessionType, maxLength: Limits.nameLength)
        let scheduledAt = reader.timestamp(.scheduledAt)
        let scheduledDuration = reader.minutes(.scheduledDurationMin, required: true)
        let actualDuration = reader.minutes(.actualDurationMin, required: false)
        let status = reader.choice(.status, SessionStatus.self)
        let attended = reader.choice(.learnerAttended, Attendance.self)
        let prep = reader.choice(.mentorPrep, MentorPrep.self)
        let rating = reader.rating()
        let comment = reader.text(.feedback, maxLength: Limits.textLength, allowEmpty: true)
        let followUp = reader.choice(.followUpScheduled, Attendance.self).map { $0 == .attended }

        if let sessionID {
            if !seenSessions.insert(Self.fingerprint(sessionID)).inserted {
                reader.error(.sessionID, "session '\(sessionID)' appears earlier in this file")
            }
        }
        if let status {
            if status == .completed, reader.isEmpty(.actualDurationMin) {
                reader.error(.actualDurationMin, "a Completed session needs its actual duration")
            }
            if status != .completed, actualDuration != nil {
                reader.warn(.actualDurationMin, "a \(status.rawValue) session has no actual duration; the value is ignored")
            }
            if status == .completed, attended == .absent {
                reader.warn(.learnerAttended, "a Completed session whose learner did not attend")
            }
            if status != .completed, rating != nil {
                reader.warn(.rating, "a rating on a \(status.rawValue) session")
            }
        }

        guard reader.errors.isEmpty, let sessionID, let program, let batch, let mentorID, let mentorName, let cluster,
            let learnerID, let learnerName, let email, let sessionType, let scheduledAt, let scheduledDuration,
            let status, let attended, let prep, let comment, let followUp
        else {
            return Row(line: record.line, events: [], errors: reader.errors, warnings: reader.warnings)
        }

        let session = SessionID(rawValue: sessionID)
        let outcome = SessionOutcome(learnerAttended: attended, mentorPrep: prep, followUpScheduled: followUp)
        let booking = SessionBooking(
            sessionID: session, program: program, batch: batch, mentor: Mentor(id: MentorID(rawValue: mentorID), name: mentorName),
            learner: Learner(id: LearnerID(rawValue: learnerID), name: learnerName, email: email),
            sessionType: SessionType(rawValue: sessionType), scheduledAt: scheduledAt, scheduledDurationMin: scheduledDuration,
            pmCluster: PMClusterID(rawValue: cluster))
        let endedAt = scheduledAt.addingTimeInterval(Double((actualDuration ?? scheduledDuration) * 60))
        var data: [(EventData, Date)] = [(.sessionScheduled(SessionScheduled(booking: booking)), scheduledAt)]
        switch status {
        case .completed:
            data.append((.sessionCompleted(SessionCompleted(sessionID: session, actualDurationMin: actualDuration ?? scheduledDuration, outcome: outcome)), endedAt))
        case .noShow:
            data.append((.sessionNoShow(SessionNoShow(sessionID: session, outcome: outcome)), endedAt))
        case .cancelled:
            data.append((.sessionCancelled(SessionCancelled(sessionID: session, outcome: outcome)), scheduledAt))
        case .rescheduled:
            data.append((.sessionRescheduled(SessionRescheduled(sessionID: session, newScheduledAt: nil, reason: nil, outcome: outcome)), scheduledAt))
        }
        if rating != nil || !comment.isEmpty {
            data.append((.feedbackSubmitted(FeedbackSubmitted(
                sessionID: session, learnerID: LearnerID(rawValue: learnerID), feedback: Feedback(rating: rating, comment: comment))), endedAt))
        }
        // The id covers the whole row in canonical column order, so a corrected row publishes
        // new events, and an unchanged one (even with its columns reordered) the same ids again.
        let rowKey = SessionColumn.allCases.map { reader.raw($0) }.joined(separator: "\u{1F}")
        let events = data.map { payload, time in Self.events.importedRow(payload, row: rowKey, at: time) }
        return Row(line: record.line, events: events, errors: [], warnings: reader.warnings)
    }

    /// FNV-1a over the UTF-8 bytes: stable across runs, unlike `Hasher`.
    static func fingerprint(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}

/// Reads typed values out of one record, collecting every problem with its location.
struct FieldReader {
    let record: CSVParser.Record
    let header: SessionHeader
    var errors: [RowProblem] = []
    var warnings: [RowProblem] = []

    init(record: CSVParser.Record, header: SessionHeader) {
        self.record = record
        self.header = header
    }

    func raw(_ column: SessionColumn) -> String {
        guard let index = header.positions[column], index < record.fields.count else { return "" }
        return record.fields[index].trimmingCharacters(in: .whitespaces)
    }

    func isEmpty(_ column: SessionColumn) -> Bool { raw(column).isEmpty }

    mutating func error(_ column: SessionColumn, _ message: String) {
        errors.append(problem(column, message))
    }

    mutating func warn(_ column: SessionColumn, _ message: String) {
        warnings.append(problem(column, message))
    }

    private func problem(_ column: SessionColumn, _ message: String) -> RowProblem {
        RowProblem(line: record.line, column: header.positions[column].map { $0 + 1 }, field: column.rawValue, message: message)
    }

    mutating func text(_ column: SessionColumn, maxLength: Int, allowEmpty: Bool = false) -> String? {
        let value = raw(column)
        if value.isEmpty, !allowEmpty {
            error(column, "is required")
            return nil
        }
        let length = value.unicodeScalars.count
        if length > maxLength {
            error(column, "is \(length) characters long; at most \(maxLength) are allowed")
            return nil
        }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" && $0 != "\r" }) {
            error(column, "contains control characters")
            return nil
        }
        return value
    }

    mutating func email(_ column: SessionColumn) -> String? {
        guard let value = text(column, maxLength: Limits.emailLength) else { return nil }
        guard FieldFormats.isPlausibleEmail(value) else {
            error(column, "'\(value)' is not an email address")
            return nil
        }
        return value
    }

    mutating func timestamp(_ column: SessionColumn) -> Date? {
        guard let value = text(column, maxLength: 64) else { return nil }
        guard let date = FieldFormats.timestamp(value) else {
            error(column, "'\(value)' is not an ISO 8601 time with an offset, like 2025-05-19T21:30:00+05:30")
            return nil
        }
        return date
    }

    mutating func minutes(_ column: SessionColumn, required: Bool) -> Int? {
        let value = raw(column)
        if value.isEmpty {
            if required { error(column, "is required") }
            return nil
        }
        guard let minutes = Int(value), Limits.durationMinutes.contains(minutes) else {
            error(column, "'\(value)' is not a whole number of minutes in \(Limits.durationMinutes.lowerBound)...\(Limits.durationMinutes.upperBound)")
            return nil
        }
        return minutes
    }

    mutating func rating() -> Int? {
        let value = raw(.rating)
        guard !value.isEmpty else { return nil }
        guard let rating = Int(value), Limits.rating.contains(rating) else {
            error(.rating, "'\(value)' is not a rating from 1 to 5 (or empty)")
            return nil
        }
        return rating
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ column: SessionColumn, _ type: T.Type) -> T? where T.RawValue == String {
        let value = raw(column)
        if let match = T.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(value) == .orderedSame }) { return match }
        let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
        error(column, value.isEmpty ? "is required (one of \(allowed))" : "'\(value)' is not one of \(allowed)")
        return nil
    }
}
