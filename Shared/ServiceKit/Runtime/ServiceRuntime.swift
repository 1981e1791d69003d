import AMQP
import Codec
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// Wires a service executable: configuration, logging, metrics, the two broker connections,
/// the inbox, the consume loop, and the HTTP server with health and metrics; then runs them
/// until SIGTERM or SIGINT, drains, closes, and returns (exit 0).
public struct ServiceRuntime {
    public let configuration: ServiceConfiguration
    public let logger: Logger
    public let registry: PrometheusCollectorRegistry
    public let publisher: AMQPConnection
    /// Only services that consume have one (a separate connection, so deliveries never delay confirms).
    public let consumer: AMQPConnection?

    /// Reads the configuration or exits with status 78 (EX_CONFIG) and a message naming each bad variable.
    public static func configure(serviceName: String, defaultHTTPPort: Int) -> ServiceConfiguration {
        do {
            return try ServiceConfiguration(serviceName: serviceName, defaultHTTPPort: defaultHTTPPort)
        } catch {
            FileHandle.standardError.write(Data("mentorflow-\(serviceName): \(error)\n".utf8))
            exit(78)
        }
    }

    /// Every setting (the config file's, overridden by the environment) or exit with status 78
    /// naming what is wrong with the file; services read their own variables from it.
    public static func settings(program: String) -> [String: String] {
        do {
            return try ServiceConfiguration.settings()
        } catch {
            FileHandle.standardError.write(Data("\(program): \(error)\n".utf8))
            exit(78)
        }
    }

    /// Bootstraps the process-wide logging and metrics systems (once per process) and opens the
    /// publisher connection, and the consumer connection when the service `consumes`.
    public init(configuration: ServiceConfiguration, consumes: Bool = true) {
        self.configuration = configuration
        LoggingSetup.bootstrap(format: configuration.logFormat, level: configuration.logLevel)
        registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        logger = Logger(label: "mentorflow.\(configuration.serviceName)")
        var publishing = configuration.amqp
        publishing.connectionName = "\(configuration.serviceName)-publisher"
        var consuming = configuration.amqp
        consuming.connectionName = "\(configuration.serviceName)-consumer"
        publisher = AMQPConnection(configuration: publishing, logger: logger)
        consumer = consumes ? AMQPConnection(configuration: consuming, logger: logger) : nil
    }

    /// The consume loop for `handler` on queue `<service>.<purpose>`, configured from the environment.
    public func eventConsumer(handler: any EventHandler, purpose: String = "events") throws -> EventConsumer {
        guard let consumer else { preconditionFailure("ServiceRuntime(consumes: false) has no consumer connection") }
        let queues = ServiceQueues(
            service: configuration.serviceName, purpose: purpose, subscriptions: handler.subscriptions, kind: configuration.queueKind,
            eventsExchange: configuration.eventsExchange, deadLetterExchange: configuration.deadLetterExchange)
        let inbox = try Inbox(directory: configuration.dataDirectory, name: configuration.serviceName)
        return EventConsumer(
            serviceName: configuration.serviceName, queues: queues, handler: handler, consumer: consumer, publisher: publisher,
            inbox: inbox, retry: configuration.retry, prefetch: configuration.prefetch, concurrency: configuration.concurrency, logger: logger)
    }

    /// Runs the HTTP server (health, metrics and `routes`) beside `services` until a shutdown
    /// signal; then shuts them down gracefully (the consumer drains first) and closes the broker connections.
    public func run(services: [any Service], isReady: @escaping @Sendable () -> Bool, routes: (Router<BasicRequestContext>) -> Void = { _ in }) async throws {
        let router = Router()
        OperationalRoutes(registry: registry, isReady: isReady).add(to: router)
        routes(router)
        let http = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.httpHost, port: configuration.httpPort), serverName: "mentorflow-\(configuration.serviceName)"),
            onServerRunning: { [logger] channel in
                // With MENTORFLOW_HTTP_PORT=0 the kernel picks the port: this line is where a
                // supervisor (or a test harness) learns it.
                logger.notice("listening", metadata: ["http.port": "\(channel.localAddress?.port ?? -1)"])
            },
            logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) } + [.init(service: http)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        logger.info("starting", metadata: ["amqp": "\(configuration.amqp.redactedURL)", "http": "\(configuration.httpHost):\(configuration.httpPort)"])
        do {
            try await group.run()
        } catch {
            await close()
            throw error
        }
        await close()
        logger.info("stopped")
    }

    private func close() async {
        await consumer?.close()
        await publisher.close()
    }
}
