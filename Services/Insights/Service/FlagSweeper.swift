import Codec
import Foundation
import InsightsCore
import Logging
import ServiceKit
import ServiceLifecycle

/// The only publisher of `session.flagged`. Every `interval` it asks the store to sweep: re-check
/// the sessions whose flag the clock alone can change ("feedback missing" after its grace period)
/// and record a change for every level that differs from the last published one and has held
/// for the settle window. It publishes them through the outbox: a change is stored first,
/// published with confirms, then marked published, so a crash in between publishes it again on
/// the next pass with the same event id (downstream inboxes drop the copy).
struct FlagSweeper: Service {
    let store: InsightsStore
    let publisher: any EventPublisher
    let interval: Duration
    let serviceName: String
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await sweepOnce()
                try await Task.sleep(for: interval)
            }
        }
    }

    func sweepOnce() async {
        do {
            let changes = try store.sweep()
            guard !changes.isEmpty else { return }
            let events = changes.map { change in
                CloudEvent(
                    id: InsightsStore.eventID(of: change), source: "/mentorflow/\(serviceName)", time: change.at,
                    data: .sessionFlagged(change.payload))
            }
            try await publisher.publish(events)
            try store.markPublished(changes)
            logger.info("published settled flag changes", metadata: ["count": "\(changes.count)"])
        } catch {
            logger.warning("sweep failed; retrying on the next pass", metadata: ["error": "\(error)"])
        }
    }
}
