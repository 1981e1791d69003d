import Codec
import Foundation
import Model
import ServiceKit
import Synchronization

/// Events, outboxes and a publisher for the outbox tests.
enum OutboxFixtures {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A `session.flagged` about `session` (its subject).
    static func flagged(_ id: String, session: String, level: FlagLevel = .red) -> CloudEvent {
        CloudEvent(
            id: id, source: "/test/outbox", time: start,
            data: .sessionFlagged(SessionFlagged(sessionID: SessionID(rawValue: session), flag: Flag(level: level, reasons: [.lowRating]))))
    }

    static func temporaryPath(_ name: String = #function) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("mf-outbox-\(UUID().uuidString.prefix(8))/\(name.prefix(30)).sqlite").path
    }

    /// An outbox of its own on a fresh file, holding `events` written in one transaction at `start`.
    static func outbox(holding events: [CloudEvent], name: String = #function) throws -> GRDBOutbox {
        let outbox = try GRDBOutbox(path: temporaryPath(name))
        try outbox.database.write { db in try outbox.append(events.map { OutboxMessage($0) }, at: start, in: db) }
        return outbox
    }
}

/// An event bus in memory: records what it was given, and refuses given ids, or everything while "down".
final class RecordingPublisher: EventPublisher {
    struct Refused: Error, CustomStringConvertible {
        var id: String
        var description: String { "refused \(id)" }
    }

    private struct State {
        var published: [CloudEvent] = []
        var refusing: Set<String> = []
        var down = false
    }

    private let state = Mutex(State())

    func publish(_ events: [CloudEvent]) async throws {
        try state.withLock { state in
            for event in events where state.down || state.refusing.contains(event.id) { throw Refused(id: event.id) }
            state.published += events
        }
    }

    var published: [CloudEvent] { state.withLock { $0.published } }
    func refuse(_ ids: Set<String>) { state.withLock { $0.refusing = ids } }
    func setDown(_ down: Bool) { state.withLock { $0.down = down } }

    /// The ids published about `session`, in order.
    func ids(of session: String) -> [String] { published.filter { $0.subject == session }.map(\.id) }
}
