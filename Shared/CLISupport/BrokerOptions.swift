import AMQP
import ArgumentParser
import Foundation
import Logging

/// `--url` (default: `MENTORFLOW_AMQP_URL`) for commands that talk to the broker directly
/// (`mentorflow dlq`, `mentorflow import --amqp`, `mentorflow-bench ingest`).
public struct BrokerOptions: ParsableArguments, Sendable {
    @Option(help: "Broker URL (default: $MENTORFLOW_AMQP_URL).") public var url: String?

    public init() {}

    /// Connects, runs `body` with the connection and closes it again, also when `body` throws.
    public func withConnection<T>(_ body: (AMQPConnection) async throws -> T) async throws -> T {
        guard let url = url ?? ProcessInfo.processInfo.environment["MENTORFLOW_AMQP_URL"] else {
            throw ValidationError("no broker: pass --url or set MENTORFLOW_AMQP_URL")
        }
        var configuration = try AMQPConfiguration(url: url)
        configuration.connectionName = "mentorflow-cli"
        var logger = Logger(label: "mentorflow")
        logger.logLevel = .error
        let connection = AMQPConnection(configuration: configuration, logger: logger, reconnectPolicy: ReconnectPolicy(maximumDelay: .seconds(1)))
        do {
            try await connection.waitUntilConnected(timeout: configuration.connectTimeout)
            let result = try await body(connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }
}
