import Foundation
import InsightsCore
import ServiceKit

// mentorflow-insights: the read model of every event, early-warning flags, metrics and (through
// InsightsWebRoutes) the dashboard and API. Reads ServiceKit's configuration plus
// MENTORFLOW_INSIGHTS_FLAG_RULES, MENTORFLOW_INSIGHTS_SWEEP_SECONDS, MENTORFLOW_INSIGHTS_FLAG_SETTLE_SECONDS
// and MENTORFLOW_INSIGHTS_NAME (README, Configuration).
let environment = ServiceRuntime.settings(program: "mentorflow-insights")
let name = environment["MENTORFLOW_INSIGHTS_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "insights"
let configuration = ServiceRuntime.configure(serviceName: name, defaultHTTPPort: 8084)
let settings: InsightsSettings
let store: InsightsStore
do {
    settings = try InsightsSettings.read(environment: environment, dataDirectory: configuration.dataDirectory, name: name)
    store = try InsightsStore(
        path: settings.storePath, rules: settings.rules, settleWindow: settings.flagSettle, eventSource: "/mentorflow/\(name)")
} catch {
    FileHandle.standardError.write(Data("mentorflow-\(name): \(error)\n".utf8))
    exit(78)
}
let runtime = ServiceRuntime(configuration: configuration)
runtime.logger.info("read model open", metadata: [
    "store": "\(settings.storePath)", "flag_rules": "\(settings.rulesSource)", "sweep_seconds": "\(settings.sweepInterval)",
    "flag_settle": "\(settings.flagSettle)",
])
let consumer = try runtime.eventConsumer(handler: InsightsHandler(store: store))
let publisher = AMQPEventPublisher(connection: runtime.publisher, exchange: configuration.eventsExchange)
let relay = OutboxRelay(store: store.outbox, publisher: publisher, serviceName: name, logger: runtime.logger)
let sweeper = FlagSweeper(store: store, interval: settings.sweepInterval, logger: runtime.logger, nudge: relay.nudge)
try await runtime.run(services: [consumer, sweeper, relay], isReady: { consumer.isReady }) { router in
    InsightsWebRoutes.register(on: router, store: store, settings: settings, environment: environment, publisher: publisher)
}
