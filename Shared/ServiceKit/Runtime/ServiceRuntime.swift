import AMQP
import Codec
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// The parts `ServiceMain` wires around a `MentorFlowService`: logging, metrics, the broker
/// connections (as lifecycle services), one consume loop per handler, and the HTTP server with
/// health and metrics; it runs them until SIGTERM or SIGINT, then shuts them down in reverse
/// order (HTTP first, then extra services, the consumers draining, the connections last).
///
/// A broker that cannot be reached at start does not stop the process: each connection retries
/// with back-off and `/health/ready` answers 503 until the consumers are consuming (and the
/// service's own `isReady` holds), so a supervisor starting the broker and the services together
/// needs no ordering.
struct ServiceRuntime {
    let configuration: ServiceConfiguration
    let logger: Logger
    let registry: PrometheusCollectorRegistry
    let publisher: AMQPConnection

    /// Bootstraps the process-wide logging and metrics systems (once per process) and opens the
    /// publisher connection.
    init(configuration: ServiceConfiguration) {
        self.configuration = configuration
        LoggingSetup.bootstrap(format: configuration.logFormat, level: configuration.logLevel)
        registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        logger = Logger(label: "mentorflow.\(configuration.serviceName)")
        publisher = AMQPConnection(configuration: Self.connectionConfiguration(configuration, role: "publisher"), logger: logger)
    }

    /// The broker settings of one connection, named `<service>-<role>` in the broker's UI.
    private static func connectionConfiguration(_ configuration: ServiceConfiguration, role: String) -> AMQPConfiguration {
        var amqp = configuration.amqp
        amqp.connectionName = "\(configuration.serviceName)-\(role)"
        return amqp
    }

    /// One consume loop per handler, on queue `<service>.<purpose>` with its inbox (the first
    /// handler's are `<service>.events` and `<service>`, as before the template), all on one
    /// consumer connection.
    func eventConsumers(handlers: [any EventHandler], consumer: AMQPConnection, context: ServiceContext) throws(StorageError) -> [EventConsumer] {
        var consumers: [EventConsumer] = []
        for (index, handler) in handlers.enumerated() {
            let purpose = index == 0 ? "events" : "events-\(index + 1)"
            let queues = ServiceQueues(
                service: configuration.serviceName, purpose: purpose, subscriptions: handler.subscriptions, kind: configuration.queueKind,
                eventsExchange: configuration.eventsExchange, deadLetterExchange: configuration.deadLetterExchange)
            let inboxName = index == 0 ? configuration.serviceName : "\(configuration.serviceName)-\(purpose)"
            let inbox = try context.openStorage("inbox") { try Inbox(directory: configuration.dataDirectory, name: inboxName) }
            consumers.append(EventConsumer(
                serviceName: configuration.serviceName, queues: queues, handler: handler, consumer: consumer, publisher: publisher,
                inbox: inbox, retry: configuration.retry, prefetch: configuration.prefetch, concurrency: configuration.concurrency, logger: logger))
        }
        return consumers
    }

    /// Runs `service` with its consumers and the HTTP server until a shutdown signal.
    func run<S: MentorFlowService>(_ service: S, context: ServiceContext) async throws {
        let handlers = service.handlers
        // Only services that consume open a consumer connection.
        let consumer = handlers.isEmpty ? nil : AMQPConnection(configuration: Self.connectionConfiguration(configuration, role: "consumer"), logger: logger)
        let consumers = try consumer.map { try eventConsumers(handlers: handlers, consumer: $0, context: context) } ?? []
        let router = Router()
        OperationalRoutes(registry: registry, isReady: { consumers.allSatisfy(\.isReady) && service.isReady }).add(to: router)
        service.addRoutes(to: router)
        let http = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.httpHost, port: configuration.httpPort), serverName: "mentorflow-\(configuration.serviceName)"),
            onServerRunning: { [logger] channel in
                // With MENTORFLOW_HTTP_PORT=0 the kernel picks the port: this line is where a
                // supervisor (or a test harness) learns it.
                logger.notice("listening", metadata: ["http.port": "\(channel.localAddress?.port ?? -1)"])
            },
            logger: logger)
        // Shut down in reverse: HTTP, the extra services, the consumers (draining), the connections.
        var services: [any Service] = [BrokerConnectionService(connection: publisher)]
        if let consumer { services.append(BrokerConnectionService(connection: consumer)) }
        services += consumers.map { $0 as any Service }
        services += service.services
        services.append(http)
        let group = ServiceGroup(
            configuration: .init(services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.info("starting", metadata: ["amqp": "\(configuration.amqp.redactedURL)", "http": "\(configuration.httpHost):\(configuration.httpPort)"])
        try await group.run()
        logger.info("stopped")
    }
}

/// A broker connection as a lifecycle service: it lives until the graceful shutdown reaches it
/// (after everything that publishes or consumes on it) or the group is cancelled, then closes.
struct BrokerConnectionService: Service {
    let connection: AMQPConnection

    func run() async throws {
        try? await gracefulShutdown()
        await connection.close()
    }
}
