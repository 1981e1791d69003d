import Foundation
import SentimentAnalysis
import ServiceKit

// mentorflow-sentiment: scores learner feedback. Reads ServiceKit's configuration (README,
// Configuration) plus MENTORFLOW_SENTIMENT_LEXICON_DIR (a folder of extra lexicon *.tsv files)
// and MENTORFLOW_SENTIMENT_NAME (queue and inbox name, default "sentiment").
let environment = ServiceRuntime.settings(program: "mentorflow-sentiment")
let name = environment["MENTORFLOW_SENTIMENT_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "sentiment"
let configuration = ServiceRuntime.configure(serviceName: name, defaultHTTPPort: 8082)
let lexiconDirectory = environment["MENTORFLOW_SENTIMENT_LEXICON_DIR"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
let analyzer: SentimentAnalyzer
do {
    analyzer = try SentimentAnalyzer(extraLexiconDirectory: lexiconDirectory)
} catch {
    FileHandle.standardError.write(Data("mentorflow-sentiment: MENTORFLOW_SENTIMENT_LEXICON_DIR=\(lexiconDirectory?.path ?? ""): \(error)\n".utf8))
    exit(78)
}
let runtime = ServiceRuntime(configuration: configuration)
runtime.logger.info("analyzer loaded", metadata: [
    "version": "\(analyzer.version)", "entries": "\(analyzer.lexicon.entryCount)", "files": "\(analyzer.lexicon.files.count)",
])
let consumer = try runtime.eventConsumer(handler: SentimentHandler(analyzer: analyzer))
try await runtime.run(services: [consumer], isReady: { consumer.isReady })
