import Foundation
import SentimentAnalysis
import ServiceKit

/// The sentiment service's own settings (README, Configuration).
struct SentimentSettings: ServiceSettings {
    static let lexiconDirectoryVariable = "MENTORFLOW_SENTIMENT_LEXICON_DIR"
    /// A folder of extra lexicon `*.tsv` files, read at start; nil: the bundled lexicons only.
    var lexiconDirectory: URL?

    init(reading reader: inout SettingsReader, configuration: ServiceConfiguration) {
        lexiconDirectory = reader.path(Self.lexiconDirectoryVariable)
    }
}

extension SentimentSettings {
    /// The analyser over the bundled lexicons and the extra folder; a folder it cannot read is a
    /// configuration problem named by its variable (exit 78).
    func loadAnalyzer() throws(ConfigurationError) -> SentimentAnalyzer {
        do {
            return try SentimentAnalyzer(extraLexiconDirectory: lexiconDirectory)
        } catch {
            throw ConfigurationError(problems: ["\(Self.lexiconDirectoryVariable)=\(lexiconDirectory?.path ?? ""): \(error)"])
        }
    }
}
