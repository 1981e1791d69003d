import GRDB
import Model

/// The current summary, approval and agenda of a session, with the event that caused each.
enum PublishedRecords {
    struct StoredSummary: Equatable {
        var content: SummaryContent
        var version: Int
        /// `DeterministicID` of `source` and `id` of the event that produced this version.
        var cause: String
    }

    static func summary(_ sessionID: SessionID, _ db: Database) throws -> StoredSummary? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM summary WHERE session_id = ?"), arguments: [sessionID.rawValue]).map { row in
            StoredSummary(
                content: SummaryContent(
                    text: row["text"], keyPhrases: JSONColumn.strings(row["key_phrases"]), actionItems: JSONColumn.actionItems(row["action_items"]),
                    highlights: JSONColumn.strings(row["highlights"]), status: SummaryStatus(rawValue: row["status"]) ?? .draft),
                version: row["version"], cause: row["cause"])
        }
    }

    static func save(_ summary: StoredSummary, for sessionID: SessionID, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO summary (session_id, version, status, text, key_phrases, action_items, highlights, cause)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                sessionID.rawValue, summary.version, summary.content.status.rawValue, summary.content.text,
                JSONColumn.encode(summary.content.keyPhrases), JSONColumn.encode(summary.content.actionItems),
                JSONColumn.encode(summary.content.highlights), summary.cause,
            ])
    }

    /// The approved summary: the mentor's text with the phrases, items and highlights of the draft
    /// they reviewed.
    static func approval(_ sessionID: SessionID, _ db: Database) throws -> SummaryContent? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM approval WHERE session_id = ?"), arguments: [sessionID.rawValue]).map { row in
            SummaryContent(
                text: row["text"], keyPhrases: JSONColumn.strings(row["key_phrases"]), actionItems: JSONColumn.actionItems(row["action_items"]),
                highlights: JSONColumn.strings(row["highlights"]), status: .final)
        }
    }

    static func saveApproval(_ content: SummaryContent, mentorID: MentorID, for sessionID: SessionID, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO approval (session_id, mentor_id, text, key_phrases, action_items, highlights) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                sessionID.rawValue, mentorID.rawValue, content.text, JSONColumn.encode(content.keyPhrases),
                JSONColumn.encode(content.actionItems), JSONColumn.encode(content.highlights),
            ])
    }

    struct StoredAgenda: Equatable {
        var agenda: Agenda
        var revision: Int
        var cause: String
    }

    static func agenda(_ sessionID: SessionID, _ db: Database) throws -> StoredAgenda? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM agenda WHERE session_id = ?"), arguments: [sessionID.rawValue]).map { row in
            StoredAgenda(
                agenda: Agenda(items: JSONColumn.strings(row["items"]), checklist: JSONColumn.strings(row["checklist"]), firstSession: row["first_session"]),
                revision: row["revision"], cause: row["cause"])
        }
    }

    static func save(_ agenda: StoredAgenda, for sessionID: SessionID, _ db: Database) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO agenda (session_id, revision, items, checklist, first_session, cause) VALUES (?, ?, ?, ?, ?, ?)").execute(arguments: [sessionID.rawValue, agenda.revision, JSONColumn.encode(agenda.agenda.items),
                                   JSONColumn.encode(agenda.agenda.checklist), agenda.agenda.firstSession, agenda.cause])
    }
}
