import ServiceKit
import SentimentAnalysis
import SentimentCore

/// mentorflow-sentiment: scores learner feedback. ServiceKit's settings (README, Configuration)
/// plus MENTORFLOW_SENTIMENT_LEXICON_DIR and MENTORFLOW_SENTIMENT_NAME (queue and inbox name).
struct SentimentService: MentorFlowService {
    static let name = "sentiment"
    static let nameVariable: String? = "MENTORFLOW_SENTIMENT_NAME"
    static let defaultHTTPPort = 8082
    let handlers: [any EventHandler]

    init(settings: SentimentSettings, context: ServiceContext) throws {
        let analyzer = try settings.loadAnalyzer()
        context.logger.info("analyzer loaded", metadata: [
            "version": "\(analyzer.version)", "entries": "\(analyzer.lexicon.entryCount)", "files": "\(analyzer.lexicon.files.count)",
        ])
        handlers = [SentimentHandler(analyzer: analyzer)]
    }
}

await ServiceMain.run(SentimentService.self)
