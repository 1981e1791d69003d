import GRDB

/// Opens every MentorFlow SQLite file: WAL, and `synchronous=FULL` on every connection (the
/// writer and each reader), so a transaction the service reports committed, and then acks to
/// the broker, survives a power loss. WAL's usual `NORMAL` may lose the last transactions on
/// power loss: the broker would have forgotten messages the store never kept.
///
/// Setting the pragma in `prepareDatabase` alone is not enough: GRDB's WAL set-up sets the writer
/// connection to `NORMAL` after it, so the writer gets `FULL` once more when the file is open.
public enum DurableDatabase {
    /// A pool (one writer, concurrent readers) on `path`.
    public static func pool(path: String) throws -> DatabasePool {
        let pool = try DatabasePool(path: path, configuration: configuration)
        try requireFullSync(pool)
        return pool
    }

    /// A single-connection queue on `path`.
    public static func queue(path: String) throws -> DatabaseQueue {
        var configuration = configuration
        configuration.journalMode = .wal
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try requireFullSync(queue)
        return queue
    }

    private static var configuration: Configuration {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        return configuration
    }

    private static func requireFullSync(_ writer: some DatabaseWriter) throws {
        try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
    }
}
