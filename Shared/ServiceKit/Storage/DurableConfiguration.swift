import GRDB

extension Configuration {
    /// The GRDB configuration of every MentorFlow SQLite file: WAL, and `synchronous=FULL` on every
    /// connection (writer and readers alike), so a transaction the service reports committed, and
    /// then acks to the broker, survives a power loss. WAL's default (`NORMAL`) may lose the last
    /// transactions on power loss: the broker would have forgotten messages the store never kept.
    public static var durable: Configuration {
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return configuration
    }
}
