import Foundation
import InsightsCore
import Logging
import ServiceLifecycle

/// Decides `session.flagged`. Every `interval` it asks the store to sweep: re-check the sessions
/// whose flag the clock alone can change ("feedback missing" after its grace period) and record
/// a change for every level that differs from the last published one and has held for the
/// settle window. The sweep writes each change's event into the store's outbox in the same
/// transaction; the `OutboxRelay` publishes it (same id after a crash, in order per session), and
/// `nudge` wakes the relay when changes are waiting.
struct FlagSweeper: Service {
    let store: InsightsStore
    let interval: Duration
    let logger: Logger
    let nudge: @Sendable () -> Void

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
            let pending = try await store.write(.sweep)
            guard !pending.isEmpty else { return }
            nudge()
            logger.debug("flag changes waiting in the outbox", metadata: ["count": "\(pending.count)"])
        } catch {
            logger.warning("sweep failed; retrying on the next pass", metadata: ["error": "\(error)"])
        }
    }
}
