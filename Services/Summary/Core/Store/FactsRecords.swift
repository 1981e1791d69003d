import Codec
import Foundation
import GRDB
import Model

/// Reading and writing the session facts, inside a transaction the caller holds.
enum FactsRecords {
    static func save(_ booking: SessionBooking, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO booking (session_id, program, batch, mentor_id, mentor_name, learner_id, learner_name,
                session_type, scheduled_at, scheduled_duration_min, pm_cluster) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                booking.sessionID.rawValue, booking.program, booking.batch, booking.mentor.id.rawValue, booking.mentor.name,
                booking.learner.id.rawValue, booking.learner.name, booking.sessionType.rawValue,
                booking.scheduledAt.timeIntervalSince1970, booking.scheduledDurationMin, booking.pmCluster.rawValue,
            ])
    }

    static func booking(_ sessionID: SessionID, _ db: Database) throws -> SessionBooking? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM booking WHERE session_id = ?"), arguments: [sessionID.rawValue]).map(booking(from:))
    }

    static func booking(from row: Row) -> SessionBooking {
        SessionBooking(
            sessionID: SessionID(rawValue: row["session_id"]), program: row["program"], batch: row["batch"],
            mentor: Mentor(id: MentorID(rawValue: row["mentor_id"]), name: row["mentor_name"]),
            // The email is personal data the summary never needs: not stored.
            learner: Learner(id: LearnerID(rawValue: row["learner_id"]), name: row["learner_name"], email: ""),
            sessionType: SessionType(rawValue: row["session_type"]),
            scheduledAt: Date(timeIntervalSince1970: row["scheduled_at"]), scheduledDurationMin: row["scheduled_duration_min"],
            pmCluster: PMClusterID(rawValue: row["pm_cluster"]))
    }

    /// Keeps the outcome of the event that sorts latest (`EventOrder`), except that a final status
    /// (completed, no-show, cancelled) is never replaced by `rescheduled`, whichever came later
    /// (see `RecordedOutcome.isReplaced(by:)`). Both rules are independent of arrival order.
    static func save(_ outcome: RecordedOutcome, order: EventOrder, for sessionID: SessionID, _ db: Database) throws {
        if let current = try self.outcome(sessionID, db) {
            if !current.isReplaced(by: outcome) { return }
            if current.status != .rescheduled || outcome.status == .rescheduled {
                guard try FactOrder.isLatest(order, in: "outcome", sessionID, db) else { return }
            }
        }
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO outcome (session_id, status, actual_duration_min, learner_attended, mentor_prep, follow_up,
                reason, new_scheduled_at, \(FactOrder.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                sessionID.rawValue, outcome.status.rawValue, outcome.actualDurationMin, outcome.outcome.learnerAttended.rawValue,
                outcome.outcome.mentorPrep.rawValue, outcome.outcome.followUpScheduled, outcome.reason,
                outcome.newScheduledAt?.timeIntervalSince1970,
            ] + FactOrder.arguments(order))
    }

    static func outcome(_ sessionID: SessionID, _ db: Database) throws -> RecordedOutcome? {
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM outcome WHERE session_id = ?"), arguments: [sessionID.rawValue]),
            let status = SessionStatus(rawValue: row["status"]),
            let attended = Attendance(rawValue: row["learner_attended"]), let prep = MentorPrep(rawValue: row["mentor_prep"])
        else { return nil }
        let newAt: Double? = row["new_scheduled_at"]
        return RecordedOutcome(
            status: status, actualDurationMin: row["actual_duration_min"],
            outcome: SessionOutcome(learnerAttended: attended, mentorPrep: prep, followUpScheduled: row["follow_up"]),
            reason: row["reason"], newScheduledAt: newAt.map(Date.init(timeIntervalSince1970:)))
    }

    /// Keeps the feedback of the event that sorts latest (an edited comment replaces the first).
    static func save(_ feedback: RecordedFeedback, order: EventOrder, for sessionID: SessionID, _ db: Database) throws {
        guard try FactOrder.isLatest(order, in: "feedback", sessionID, db) else { return }
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO feedback (session_id, rating, comment, key_phrases, \(FactOrder.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").execute(arguments: [sessionID.rawValue, feedback.rating, feedback.comment, JSONColumn.encode(feedback.keyPhrases)] + FactOrder.arguments(order))
    }

    static func feedback(_ sessionID: SessionID, _ db: Database) throws -> RecordedFeedback? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM feedback WHERE session_id = ?"), arguments: [sessionID.rawValue]).map {
            RecordedFeedback(rating: $0["rating"], comment: $0["comment"], keyPhrases: JSONColumn.strings($0["key_phrases"]))
        }
    }

    /// Keeps the score of the event that sorts latest.
    static func save(_ sentiment: RecordedSentiment, order: EventOrder, for sessionID: SessionID, _ db: Database) throws {
        guard try FactOrder.isLatest(order, in: "sentiment", sessionID, db) else { return }
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO sentiment (session_id, label, aspects, feedback_missing, \(FactOrder.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").execute(arguments: [sessionID.rawValue, sentiment.label.rawValue, JSONColumn.encode(sentiment.aspects.map(\.rawValue)), sentiment.feedbackMissing] + FactOrder.arguments(order))
    }

    static func sentiment(_ sessionID: SessionID, _ db: Database) throws -> RecordedSentiment? {
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM sentiment WHERE session_id = ?"), arguments: [sessionID.rawValue]),
            let label = SentimentLabel(rawValue: row["label"])
        else { return nil }
        return RecordedSentiment(label: label, aspects: JSONColumn.strings(row["aspects"]).compactMap(Aspect.init(rawValue:)), feedbackMissing: row["feedback_missing"])
    }

    /// Keeps the transcript of the event that sorts latest (a corrected transcript replaces the first).
    static func save(transcript text: String, notes: TranscriptNotes, readWithNames: Bool, order: EventOrder, for sessionID: SessionID, _ db: Database) throws {
        guard try FactOrder.isLatest(order, in: "transcript", sessionID, db) else { return }
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO transcript (session_id, text, read_with_names, highlights, action_items, key_phrases, \(FactOrder.columns))
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [sessionID.rawValue, text, readWithNames, JSONColumn.encode(notes.highlights),
                             JSONColumn.encode(notes.actionItems), JSONColumn.encode(notes.keyPhrases)] + FactOrder.arguments(order))
    }

    /// Replaces the reading of the stored transcript by one made with the participants' names.
    static func saveReadingWithNames(_ notes: TranscriptNotes, for sessionID: SessionID, _ db: Database) throws {
        try db.cachedStatement(sql: """
            UPDATE transcript SET read_with_names = 1, highlights = ?, action_items = ?, key_phrases = ? WHERE session_id = ?
            """).execute(arguments: [JSONColumn.encode(notes.highlights), JSONColumn.encode(notes.actionItems), JSONColumn.encode(notes.keyPhrases),
                             sessionID.rawValue])
    }

    static func transcript(_ sessionID: SessionID, _ db: Database) throws -> TranscriptNotes? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT highlights, action_items, key_phrases FROM transcript WHERE session_id = ?"), arguments: [sessionID.rawValue]).map {
            TranscriptNotes(highlights: JSONColumn.strings($0["highlights"]), actionItems: JSONColumn.actionItems($0["action_items"]),
                            keyPhrases: JSONColumn.strings($0["key_phrases"]))
        }
    }

    /// The text of a transcript read before the booking named the participants, so it can be read again.
    static func transcriptReadWithoutNames(_ sessionID: SessionID, _ db: Database) throws -> String? {
        try String.fetchOne(try db.cachedStatement(sql: "SELECT text FROM transcript WHERE session_id = ? AND NOT read_with_names"), arguments: [sessionID.rawValue])
    }

    /// Keeps the form of the event that sorts latest.
    static func save(_ prework: Prework, order: EventOrder, for sessionID: SessionID, _ db: Database) throws {
        guard try FactOrder.isLatest(order, in: "prework", sessionID, db) else { return }
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO prework (session_id, expectations, topics, blockers, \(FactOrder.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").execute(arguments: [sessionID.rawValue, prework.expectations, JSONColumn.encode(prework.topics), JSONColumn.encode(prework.blockers)] + FactOrder.arguments(order))
    }

    static func prework(_ sessionID: SessionID, _ db: Database) throws -> Prework? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM prework WHERE session_id = ?"), arguments: [sessionID.rawValue]).map {
            Prework(expectations: $0["expectations"], topics: JSONColumn.strings($0["topics"]), blockers: JSONColumn.strings($0["blockers"]))
        }
    }

    static func facts(_ sessionID: SessionID, _ db: Database) throws -> SessionFacts {
        SessionFacts(
            sessionID: sessionID, booking: try booking(sessionID, db), outcome: try outcome(sessionID, db),
            feedback: try feedback(sessionID, db), sentiment: try sentiment(sessionID, db), transcript: try transcript(sessionID, db))
    }

    /// The learner's other sessions booked before this one, oldest first.
    static func history(before booking: SessionBooking, _ db: Database) throws -> [PastSession] {
        let rows = try Row.fetchAll(try db.cachedStatement(sql: """
            SELECT b.session_id, b.session_type, b.scheduled_at, o.status, f.rating, s.label, s.aspects, m.action_items
            FROM booking b
            LEFT JOIN outcome o ON o.session_id = b.session_id
            LEFT JOIN feedback f ON f.session_id = b.session_id
            LEFT JOIN sentiment s ON s.session_id = b.session_id
            LEFT JOIN summary m ON m.session_id = b.session_id
            WHERE b.learner_id = ? AND b.session_id <> ? AND b.scheduled_at < ?
            ORDER BY b.scheduled_at, b.session_id
            """), arguments: [booking.learner.id.rawValue, booking.sessionID.rawValue, booking.scheduledAt.timeIntervalSince1970])
        return rows.map { row in
            let status: String? = row["status"]
            let label: String? = row["label"]
            return PastSession(
                sessionID: SessionID(rawValue: row["session_id"]), sessionType: SessionType(rawValue: row["session_type"]),
                scheduledAt: Date(timeIntervalSince1970: row["scheduled_at"]), status: status.flatMap(SessionStatus.init(rawValue:)),
                rating: row["rating"], sentiment: label.flatMap(SentimentLabel.init(rawValue:)),
                aspects: JSONColumn.strings(row["aspects"]).compactMap(Aspect.init(rawValue:)),
                actionItems: JSONColumn.actionItems(row["action_items"]))
        }
    }

    /// Key phrases of neutral and negative feedback in the batch, per session, for sessions held
    /// in the `PainPoints.windowDays` before this one (the latest `PainPoints.maxSessions`, so a
    /// huge batch costs a bounded read per agenda).
    static func batchComplaintPhrases(before booking: SessionBooking, _ db: Database) throws -> [[String]] {
        let end = booking.scheduledAt.timeIntervalSince1970
        let start = end - Double(PainPoints.windowDays) * 86_400
        return try String.fetchAll(try db.cachedStatement(sql: """
            SELECT f.key_phrases FROM booking b
            JOIN feedback f ON f.session_id = b.session_id
            JOIN sentiment s ON s.session_id = b.session_id
            WHERE b.batch = ? AND b.session_id <> ? AND b.scheduled_at >= ? AND b.scheduled_at <= ?
              AND s.label IN ('neutral', 'negative') AND NOT s.feedback_missing
            ORDER BY b.scheduled_at DESC, b.session_id LIMIT \(PainPoints.maxSessions)
            """), arguments: [booking.batch, booking.sessionID.rawValue, start, end]).map(JSONColumn.strings)
    }
}
