import Codec
import Foundation
import GRDB
import Model

/// The `EventOrder` of the event a stored fact came from, in four columns of each fact table, so
/// a fact is replaced only by an event that sorts later: the same rule by which insights folds a
/// session's history, whatever order the broker delivered in.
enum FactOrder {
    static let columns = "event_time, event_type, event_source, event_id"

    static func arguments(_ order: EventOrder?) -> StatementArguments {
        // Seconds since the reference date: the value `Date` holds, so it reads back exactly equal.
        [order?.time.timeIntervalSinceReferenceDate, order?.type.rawValue, order?.source, order?.id]
    }

    /// The order stored with the row; nil for rows written before orders were stored.
    static func order(from row: Row) -> EventOrder? {
        guard let time: Double = row["event_time"], let typeName: String = row["event_type"], let type = EventType(rawValue: typeName),
            let source: String = row["event_source"], let id: String = row["event_id"]
        else { return nil }
        return EventOrder(time: Date(timeIntervalSinceReferenceDate: time), type: type, source: source, id: id)
    }

    /// Whether an event at `order` may replace the session's row in `table`: there is none, it has
    /// no order (written before orders were stored), or it sorts before `order` or is the same event
    /// (which rewrites the same values).
    static func isLatest(_ order: EventOrder, in table: String, _ sessionID: SessionID, _ db: Database) throws -> Bool {
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT \(columns) FROM \(table) WHERE session_id = ?"), arguments: [sessionID.rawValue]),
            let stored = self.order(from: row)
        else { return true }
        return stored <= order
    }
}
