/// A handler's failure, classified so the runtime knows whether a retry can help.
public enum HandlerFailure: Error, Sendable, CustomStringConvertible {
    /// May pass: retried with growing delay, then dead-lettered.
    case transient(String)
    /// Will not pass: dead-lettered at once with this reason.
    case permanent(String)

    public var description: String {
        switch self {
        case .transient(let reason): "transient: \(reason)"
        case .permanent(let reason): reason
        }
    }
}
