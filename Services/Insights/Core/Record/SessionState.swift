import Model

/// Where a session stands in the read model: booked, or how it ended. `scheduled` until an
/// outcome event (completed, no-show, cancelled, rescheduled) has been seen.
public enum SessionState: String, CaseIterable, Sendable, Codable {
    case scheduled
    case completed
    case noShow = "no_show"
    case cancelled
    case rescheduled

    public init(_ status: SessionStatus) {
        switch status {
        case .completed: self = .completed
        case .noShow: self = .noShow
        case .cancelled: self = .cancelled
        case .rescheduled: self = .rescheduled
        }
    }

    /// The LMS export's spelling ("No-Show"), which the metrics use as keys; nil while only booked.
    public var status: SessionStatus? {
        switch self {
        case .scheduled: nil
        case .completed: .completed
        case .noShow: .noShow
        case .cancelled: .cancelled
        case .rescheduled: .rescheduled
        }
    }
}
