/// How a booked session ended, as the LMS export spells it (the CSV `status` column).
public enum SessionStatus: String, CaseIterable, Sendable {
    case completed = "Completed"
    case rescheduled = "Rescheduled"
    case noShow = "No-Show"
    case cancelled = "Cancelled"

    /// The event that announces this outcome, so importers need no mapping table of their own.
    public var eventType: EventType {
        switch self {
        case .completed: .sessionCompleted
        case .rescheduled: .sessionRescheduled
        case .noShow: .sessionNoShow
        case .cancelled: .sessionCancelled
        }
    }
}
