import EventHandling
import Synchronization

/// An inbox in memory, with the semantics of the SQLite one.
public final class InMemoryInbox: InboxStore {
    private struct Entry {
        var type: String
        var attempts = 0
        var processed = false
    }

    private struct Key: Hashable {
        let source: String
        let id: String
    }

    private let entries = Mutex<[Key: Entry]>([:])

    public init() {}

    public func isProcessed(source: String, id: String) async throws -> Bool {
        entries.withLock { $0[Key(source: source, id: id)]?.processed ?? false }
    }

    public func recordRedelivery(source: String, id: String, type: String) async throws -> Int {
        entries.withLock { entries in
            entries[Key(source: source, id: id), default: Entry(type: type)].attempts += 1
            return entries[Key(source: source, id: id)]!.attempts
        }
    }

    public func markProcessed(source: String, id: String, type: String) async throws {
        entries.withLock { $0[Key(source: source, id: id), default: Entry(type: type)].processed = true }
    }
}
