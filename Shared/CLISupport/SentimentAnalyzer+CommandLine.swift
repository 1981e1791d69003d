import Foundation
import SentimentAnalysis

extension SentimentAnalyzer {
    /// The analyser a command runs with: the bundled lexicons plus the operator's extra folder,
    /// `--lexicon-dir` or else `MENTORFLOW_SENTIMENT_LEXICON_DIR` (as the sentiment service reads
    /// it), so offline figures and benchmarks classify as the service does. A lexicon that does not
    /// load is a `CommandFailure`.
    public static func commandLine(lexiconDir: String?) throws -> SentimentAnalyzer {
        let directory = lexiconDir ?? ProcessInfo.processInfo.environment["MENTORFLOW_SENTIMENT_LEXICON_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            return try SentimentAnalyzer(extraLexiconDirectory: directory.map { URL(fileURLWithPath: $0) })
        } catch {
            throw CommandFailure("lexicon: \(error)")
        }
    }
}
