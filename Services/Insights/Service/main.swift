import Hummingbird
import InsightsCore
import ServiceKit
import ServiceLifecycle

/// mentorflow-insights: the read model of every event, early-warning flags, metrics and (through
/// InsightsWebRoutes) the dashboard and API. ServiceKit's settings plus `InsightsSettings` and
/// MENTORFLOW_INSIGHTS_NAME (README, Configuration); its store is <data dir>/<name>.sqlite.
struct InsightsService: MentorFlowService {
    static let name = "insights"
    static let nameVariable: String? = "MENTORFLOW_INSIGHTS_NAME"
    static let defaultHTTPPort = 8084
    let handlers: [any EventHandler]
    let services: [any Service]
    let web: InsightsWebRoutes

    init(settings: InsightsSettings, context: ServiceContext) throws {
        let storePath = context.dataFile("\(context.name).sqlite").path
        let store = try context.openStorage("store") {
            try InsightsStore(path: storePath, rules: settings.rules, settleWindow: settings.flagSettle, eventSource: "/mentorflow/\(context.name)")
        }
        context.logger.info("read model open", metadata: [
            "store": "\(storePath)", "flag_rules": "\(settings.rulesSource)", "sweep_seconds": "\(settings.sweepInterval)",
            "flag_settle": "\(settings.flagSettle)",
        ])
        handlers = [InsightsHandler(store: store)]
        // The sweeper writes session.flagged into the store's outbox; the relay publishes it.
        let relay = OutboxRelay(store: store.outbox, publisher: context.publisher, serviceName: context.name, logger: context.logger)
        let sweeper = FlagSweeper(store: store, interval: settings.sweepInterval, logger: context.logger, nudge: relay.nudge)
        services = [sweeper, relay]
        web = try InsightsWebRoutes(store: store, settings: settings.web, publisher: context.publisher, name: context.name)
    }

    func addRoutes(to router: Router<BasicRequestContext>) { web.addRoutes(to: router) }
}

await ServiceMain.run(InsightsService.self)
