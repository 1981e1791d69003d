import Dispatch
import Synchronization

/// Where sign-in password checks run: one at a time, on a thread of their own. scrypt costs
/// about 0.1 s of CPU and 32 MiB per check (also for unknown usernames, against a decoy hash),
/// so checks must neither occupy the cooperative pool the consume loop and the flag sweeper share
/// nor run unbounded in parallel. A flood of sign-ins waits here, and beyond `maxWaiting` is
/// refused at once (the caller answers 503). Serial checks also bound how fast failures can
/// accumulate in `LoginThrottle` (about ten a second).
public final class PasswordCheckQueue: Sendable {
    private let queue = DispatchQueue(label: "mentorflow.insights.password-checks")
    private let waiting = Atomic<Int>(0)
    public let maxWaiting: Int

    public init(maxWaiting: Int = 32) {
        self.maxWaiting = maxWaiting
    }

    /// `check` run on the queue's thread; nil (without running it) when `maxWaiting` checks are
    /// already queued or running.
    public func run<T: Sendable>(_ check: @escaping @Sendable () -> T) async -> T? {
        let queued = waiting.add(1, ordering: .relaxed).newValue
        defer { waiting.subtract(1, ordering: .relaxed) }
        guard queued <= maxWaiting else { return nil }
        return await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: check()) }
        }
    }
}
