import Model
import ServiceKit

/// Ids of what insights publishes outside the consume loop (the grace-period sweep).
enum DeterministicIDs {
    static func flagChange(sessionID: SessionID, sequence: Int) -> String {
        DeterministicID.make("insights", "session.flagged", sessionID.rawValue, String(sequence))
    }
}
