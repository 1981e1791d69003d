import Codec
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

    /// The mentor's approval that counts: the text of the highest reviewed draft version (an
    /// approval without one counts as version 0), ties broken by `EventOrder`, as insights does.
    /// Only the text is kept: the key phrases, action items and highlights of the final summary are
    /// the current facts' (see `SummaryEngine`).
    struct StoredApproval: Equatable {
        var text: String
        var mentorID: MentorID
        var reviewedVersion: Int?
        var order: EventOrder?

        /// Whether `other` counts over this one.
        func isReplaced(by other: StoredApproval) -> Bool {
            let mine = reviewedVersion ?? 0, theirs = other.reviewedVersion ?? 0
            if mine != theirs { return mine < theirs }
            guard let order, let otherOrder = other.order else { return true }
            return order <= otherOrder
        }
    }

    static func approval(_ sessionID: SessionID, _ db: Database) throws -> StoredApproval? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM approval WHERE session_id = ?"), arguments: [sessionID.rawValue]).map { row in
            StoredApproval(
                text: row["text"], mentorID: MentorID(rawValue: row["mentor_id"]), reviewedVersion: row["reviewed_version"],
                order: FactOrder.order(from: row))
        }
    }

    /// Stores the approval unless the stored one counts over it.
    static func save(_ approval: StoredApproval, for sessionID: SessionID, _ db: Database) throws {
        if let current = try self.approval(sessionID, db), !current.isReplaced(by: approval) { return }
        // key_phrases, action_items and highlights are v1 columns no longer read.
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO approval (session_id, mentor_id, text, key_phrases, action_items, highlights, reviewed_version, \(FactOrder.columns))
            VALUES (?, ?, ?, '[]', '[]', '[]', ?, ?, ?, ?, ?)
            """).execute(arguments: [sessionID.rawValue, approval.mentorID.rawValue, approval.text, approval.reviewedVersion] + FactOrder.arguments(approval.order))
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
