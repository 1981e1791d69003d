import Foundation

/// Where and how to reach a broker. Built from an `amqp://` / `amqps://` URL so that one
/// environment variable configures every service the same way.
public struct AMQPConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String
    public var virtualHost: String
    /// TLS through `amqp_ssl_socket` (the `amqps` scheme).
    public var tls: TLS?
    /// Seconds between heartbeats; the connection is declared dead after two missed ones.
    public var heartbeatSeconds: Int
    /// How long opening the socket and the AMQP handshake may take before `unreachable`.
    public var connectTimeout: Duration
    /// Largest frame the client accepts (broker default 128 KiB).
    public var frameMax: Int
    /// Shown in the broker's connection list, so an operator can tell services apart.
    public var connectionName: String

    public struct TLS: Sendable, Equatable {
        public var caCertificatePath: String?
        public var verifyPeer: Bool
        public init(caCertificatePath: String? = nil, verifyPeer: Bool = true) {
            self.caCertificatePath = caCertificatePath
            self.verifyPeer = verifyPeer
        }
    }

    public init(
        host: String = "127.0.0.1", port: Int? = nil, username: String = "guest", password: String = "guest",
        virtualHost: String = "/", tls: TLS? = nil, heartbeatSeconds: Int = 10,
        connectTimeout: Duration = .seconds(5), frameMax: Int = 131_072, connectionName: String = "mentorflow"
    ) {
        self.host = host
        self.port = port ?? (tls == nil ? 5672 : 5671)
        self.username = username
        self.password = password
        self.virtualHost = virtualHost
        self.tls = tls
        self.heartbeatSeconds = heartbeatSeconds
        self.connectTimeout = connectTimeout
        self.frameMax = frameMax
        self.connectionName = connectionName
    }

    /// Parses `amqp://user:pass@host:port/vhost` (RFC 3986 percent-encoding in user, password and
    /// vhost; an empty path means vhost `/`, as in the RabbitMQ URI spec). Query items
    /// `heartbeat`, `connection_timeout` (ms), `frame_max` and `cacertfile` / `verify` are honoured.
    public init(url string: String) throws(AMQPError) {
        guard let components = URLComponents(string: string), let scheme = components.scheme?.lowercased() else {
            throw .invalidURL("not a URL: \(Self.redacted(string))")
        }
        guard scheme == "amqp" || scheme == "amqps" else {
            throw .invalidURL("scheme must be amqp or amqps, got \(scheme)")
        }
        let tls: TLS? = scheme == "amqps" ? TLS() : nil
        self.init(
            host: components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1",
            port: components.port,
            username: components.percentEncodedUser.flatMap { $0.removingPercentEncoding } ?? "guest",
            password: components.percentEncodedPassword.flatMap { $0.removingPercentEncoding } ?? "guest",
            virtualHost: "/",
            tls: tls
        )
        let path = components.percentEncodedPath
        if path.count > 1 {
            guard let vhost = String(path.dropFirst()).removingPercentEncoding else {
                throw .invalidURL("virtual host is not valid percent-encoding")
            }
            virtualHost = vhost
        }
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "heartbeat":
                guard let seconds = Int(value), seconds >= 0 else { throw .invalidURL("heartbeat must be a whole number of seconds") }
                heartbeatSeconds = seconds
            case "connection_timeout":
                guard let ms = Int(value), ms > 0 else { throw .invalidURL("connection_timeout must be milliseconds > 0") }
                connectTimeout = .milliseconds(ms)
            case "frame_max":
                guard let size = Int(value), size >= 4096 else { throw .invalidURL("frame_max must be at least 4096") }
                frameMax = size
            case "cacertfile":
                self.tls?.caCertificatePath = value
            case "verify":
                self.tls?.verifyPeer = value != "verify_none"
            case "name":
                connectionName = value
            default:
                continue // Unknown options are ignored, like other RabbitMQ clients do.
            }
        }
    }

    /// The URL with the password replaced, fit for logs and error messages.
    public var redactedURL: String {
        let scheme = tls == nil ? "amqp" : "amqps"
        let vhost = virtualHost == "/" ? "" : virtualHost.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? ""
        return "\(scheme)://\(username):***@\(host):\(port)/\(vhost)"
    }

    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "<url>"
    }
}
