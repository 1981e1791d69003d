import Logging

/// What the runtime tells a handler about the delivery it handles.
public struct HandlerContext: Sendable {
    /// How many times this event was tried before (0 on the first try).
    public let attempt: Int
    /// Tagged with the event's id, type and session.
    public let logger: Logger

    public init(attempt: Int, logger: Logger) {
        self.attempt = attempt
        self.logger = logger
    }
}
