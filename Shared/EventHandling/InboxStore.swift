/// A service's record of the events it finished handling, keyed by CloudEvents `source` + `id`,
/// so a redelivered event has no second effect, with a count of redeliveries that never finished
/// (an event that crashes the service every time is poison). Narrow on purpose: the SQLite
/// `Inbox` of ServiceKit is one implementation, an in-memory one serves the tests, and a
/// PostgreSQL one (replicas sharing a database) needs only these three statements.
public protocol InboxStore: Sendable {
    /// True when this event was handled to the end before.
    func isProcessed(source: String, id: String) async throws -> Bool
    /// Notes one more try of an event the broker redelivered; returns how many unfinished tries there were.
    func recordRedelivery(source: String, id: String, type: String) async throws -> Int
    /// Notes that this event was handled to the end (its outputs confirmed).
    func markProcessed(source: String, id: String, type: String) async throws
}
