import Model

/// What a transcript contributes to a session's summary, computed once when it arrives (the
/// transcript itself, up to 100,000 characters, is not kept).
public struct TranscriptNotes: Sendable, Equatable {
    /// The extractive summary: 3–5 central sentences in original order.
    public var highlights: [String]
    public var actionItems: [ActionItem]
    public var keyPhrases: [String]

    public init(highlights: [String], actionItems: [ActionItem], keyPhrases: [String]) {
        self.highlights = highlights
        self.actionItems = actionItems
        self.keyPhrases = keyPhrases
    }
}

/// Reads a transcript: sentences once, then the summary, the action items and the key phrases
/// over the same split.
public struct TranscriptReader: Sendable {
    public let keyPhrases: KeyPhraseExtractor
    public let summarizer: ExtractiveSummarizer
    public let actionItems: ActionItemExtractor

    public init(stopwords: Stopwords = .bundled) {
        keyPhrases = KeyPhraseExtractor(stopwords: stopwords)
        summarizer = ExtractiveSummarizer(stopwords: stopwords)
        actionItems = ActionItemExtractor()
    }

    public func read(_ text: String, participants: SessionParticipants) -> TranscriptNotes {
        let sentences = TranscriptSentence.split(text)
        return TranscriptNotes(
            highlights: summarizer.summarize(sentences),
            actionItems: actionItems.extract(sentences, participants: participants),
            keyPhrases: keyPhrases.extract(sentences: sentences.map(\.words), limit: 5))
    }
}
