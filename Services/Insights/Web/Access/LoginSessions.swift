import Foundation
import Synchronization

/// Signed-in browser sessions: a random session id in an HttpOnly cookie maps to the user,
/// a CSRF token for the forms and an expiry. Held in memory (signing in again after a restart
/// is the price of not storing live credentials on disk); only a hash of each id is kept.
public final class LoginSessions: Sendable {
    public struct Session: Sendable {
        public let username: String
        public let csrfToken: String
        let expires: Date
    }

    private let lifetime: TimeInterval
    private let sessions = Mutex<[String: Session]>([:])
    private let now: @Sendable () -> Date

    /// `now` is the clock (tests move it to expire sessions).
    public init(lifetime: Duration, now: @escaping @Sendable () -> Date = { Date() }) {
        self.lifetime = Double(lifetime.components.seconds) + Double(lifetime.components.attoseconds) / 1e18
        self.now = now
    }

    /// Starts a session; returns the cookie value (only the client holds it in clear).
    public func start(username: String) -> (id: String, session: Session) {
        let id = RandomToken.make()
        let session = Session(username: username, csrfToken: RandomToken.make(), expires: now().addingTimeInterval(lifetime))
        sessions.withLock { all in
            let current = now()
            all = all.filter { $0.value.expires > current }
            all[Self.key(id)] = session
        }
        return (id, session)
    }

    /// The live session for a cookie value; nil when unknown or expired (an expired one is forgotten).
    public func session(id: String) -> Session? {
        let key = Self.key(id)
        return sessions.withLock { all in
            guard let session = all[key] else { return nil }
            if session.expires <= now() {
                all[key] = nil
                return nil
            }
            return session
        }
    }

    public func end(id: String) {
        _ = sessions.withLock { $0.removeValue(forKey: Self.key(id)) }
    }

    private static func key(_ id: String) -> String {
        RandomToken.sha256Hex(id)
    }
}
