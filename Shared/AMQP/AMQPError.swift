/// Every way talking to the broker can fail, typed so callers can decide what is worth a retry.
public enum AMQPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configured URL cannot be used.
    case invalidURL(String)
    /// No TCP (or TLS) connection could be made within the connect timeout.
    case unreachable(host: String, port: Int, reason: String)
    /// The broker refused the credentials (403 ACCESS_REFUSED during login).
    case authenticationRefused(String)
    /// The broker closed the connection, with its reply code and text.
    case connectionClosed(code: Int, text: String)
    /// The connection was lost (socket error, missed heartbeats) and is being re-established.
    case connectionLost(String)
    /// The broker closed the channel, e.g. 404 for a missing queue or 406 for a mismatched declaration.
    case channelClosed(code: Int, text: String)
    /// The broker negatively acknowledged a published message: it did not take responsibility for it.
    case publishNacked
    /// A mandatory message matched no queue and was returned by the broker.
    case unroutable(exchange: String, routingKey: String, reply: String)
    /// No confirm (or connection) within the caller's deadline; the outcome is unknown.
    case timeout(String)
    /// The connection was closed by this process; nothing more can be sent on it.
    case shutDown
    /// A librabbitmq call failed with this status.
    case library(operation: String, status: String)

    public var description: String {
        switch self {
        case .invalidURL(let reason): "invalid AMQP URL: \(reason)"
        case .unreachable(let host, let port, let reason): "broker unreachable at \(host):\(port): \(reason)"
        case .authenticationRefused(let text): "broker refused the credentials: \(text)"
        case .connectionClosed(let code, let text): "broker closed the connection: \(code) \(text)"
        case .connectionLost(let reason): "connection to the broker lost: \(reason)"
        case .channelClosed(let code, let text): "broker closed the channel: \(code) \(text)"
        case .publishNacked: "broker nacked the message"
        case .unroutable(let exchange, let key, let reply):
            "message to exchange '\(exchange)' with routing key '\(key)' was unroutable: \(reply)"
        case .timeout(let what): "timed out: \(what)"
        case .shutDown: "connection is shut down"
        case .library(let operation, let status): "\(operation) failed: \(status)"
        }
    }

    /// Whether trying the same thing again later may succeed.
    public var isTransient: Bool {
        switch self {
        case .unreachable, .connectionLost, .connectionClosed, .timeout, .publishNacked, .library: true
        case .invalidURL, .authenticationRefused, .channelClosed, .unroutable, .shutDown: false
        }
    }
}
