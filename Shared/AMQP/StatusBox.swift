import Synchronization

/// The connection status, written by the connection thread and read by anyone.
final class StatusBox: Sendable {
    private let state = Mutex<ConnectionStatus>(.connecting)

    var current: ConnectionStatus { state.withLock { $0 } }

    var lastError: AMQPError? {
        if case .reconnecting(let error) = current { return error }
        return nil
    }

    func set(_ status: ConnectionStatus) {
        state.withLock { $0 = status }
    }
}
