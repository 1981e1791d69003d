/// Where a connection is in its life; readiness probes and start-up waits read it.
public enum ConnectionStatus: Sendable, Equatable {
    case connecting
    /// Connected, channels open, remembered topology declared, consumers resumed.
    case connected
    /// Lost or never made; the connection thread is retrying. The last error says why.
    case reconnecting(lastError: AMQPError)
    case closed
}
