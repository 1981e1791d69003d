import Hummingbird
import ServiceKit
import ServiceLifecycle

/// mentorflow-ingest: the HTTP door (events and CSV imports). ServiceKit's settings plus
/// `IngestSettings` (README, Configuration); it consumes nothing.
struct IngestService: MentorFlowService {
    static let name = "ingest"
    static let defaultHTTPPort = 8081
    let api: IngestAPI

    init(settings: IngestSettings, context: ServiceContext) {
        let configuration = context.configuration
        api = IngestAPI(
            publisher: context.connection,
            exchanges: ServiceQueues.exchanges(events: configuration.eventsExchange, deadLetter: configuration.deadLetterExchange),
            eventsExchange: configuration.eventsExchange, settings: settings, logger: context.logger)
    }

    var services: [any Service] { [api] }
    var isReady: Bool { api.isReady }
    func addRoutes(to router: Router<BasicRequestContext>) { api.addRoutes(to: router) }
}

await ServiceMain.run(IngestService.self)
