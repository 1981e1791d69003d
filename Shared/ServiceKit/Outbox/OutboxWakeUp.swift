import Synchronization

/// Wakes the outbox relay early: a writer that has just committed outbox rows nudges it, so they go
/// out at once instead of at the next poll. A nudge while the relay is busy is remembered (at
/// most one), so a write made during a round is never left waiting for the poll interval.
/// One waiter at a time: the relay.
public final class OutboxWakeUp: Sendable {
    private struct State {
        var nudged = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    public func nudge() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.nudged = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns after a nudge (or at once if one came since the last wait), after `timeout`, or when the task is cancelled.
    func wait(upTo timeout: Duration) async {
        if state.withLock({ state in defer { state.nudged = false }; return state.nudged }) { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask { await self.nextNudge() }
            await group.next()
            group.cancelAll()
        }
    }

    private func nextNudge() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if Task.isCancelled { return true }
                    if state.nudged {
                        state.nudged = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}
