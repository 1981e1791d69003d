import Foundation
import Synchronization

/// Slows password guessing per username: after `limit` failed sign-ins within `window`, further
/// attempts for that name are refused (before any password check) until the oldest failure ages
/// out. In memory, like the sessions; scrypt already makes each guess cost ~0.1 s of CPU.
public final class LoginThrottle: Sendable {
    private let limit: Int
    private let window: TimeInterval
    private let now: @Sendable () -> Date
    private let failures = Mutex<[String: [Date]]>([:])

    public init(limit: Int = 10, window: TimeInterval = 15 * 60, now: @escaping @Sendable () -> Date = { Date() }) {
        self.limit = limit
        self.window = window
        self.now = now
    }

    /// False while `username` has `limit` recent failures.
    public func allows(_ username: String) -> Bool {
        let key = username.lowercased()
        let since = now().addingTimeInterval(-window)
        return failures.withLock { all in
            let recent = (all[key] ?? []).filter { $0 > since }
            all[key] = recent.isEmpty ? nil : recent
            return recent.count < limit
        }
    }

    public func recordFailure(_ username: String) {
        let key = username.lowercased()
        let at = now()
        failures.withLock { all in
            all[key, default: []].append(at)
            if all.count > 10_000 { all = all.filter { $0.value.contains { $0 > at.addingTimeInterval(-window) } } }
        }
    }

    public func reset(_ username: String) {
        _ = failures.withLock { $0.removeValue(forKey: username.lowercased()) }
    }
}
