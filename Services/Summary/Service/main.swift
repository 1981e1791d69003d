import ServiceKit
import SummaryCore

/// mentorflow-summary: session summaries, transcript notes with action items, pre-session agendas.
/// ServiceKit's settings (README, Configuration) plus MENTORFLOW_SUMMARY_NAME (queue, inbox and
/// store name, default "summary"); its store is <data dir>/<name>.sqlite.
struct SummaryService: MentorFlowService {
    static let name = "summary"
    static let nameVariable: String? = "MENTORFLOW_SUMMARY_NAME"
    static let defaultHTTPPort = 8083
    let handlers: [any EventHandler]

    init(settings: NoSettings, context: ServiceContext) throws {
        let store = try context.openStorage("store") { try SummaryStore(directory: context.configuration.dataDirectory, name: context.name) }
        handlers = [SummaryHandler(engine: SummaryEngine(store: store, name: context.name))]
    }
}

await ServiceMain.run(SummaryService.self)
