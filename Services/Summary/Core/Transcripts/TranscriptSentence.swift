/// One sentence of a transcript with who said it, when a speaker label ("Mentor:", "Asha:")
/// introduced its line or an earlier line.
public struct TranscriptSentence: Sendable, Equatable {
    public var text: String
    public var words: [Word]
    /// The label as written, without the colon.
    public var speaker: String?

    /// Splits a transcript into sentences. A line that starts with a label of one to three words
    /// and a colon ("Mentor: …", "Vikram Singh: …") sets the speaker for it and the lines after it.
    public static func split(_ text: String) -> [TranscriptSentence] {
        var result: [TranscriptSentence] = []
        var speaker: String?
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            var body = line[...]
            if let (label, rest) = speakerLabel(line) {
                speaker = label
                body = rest
            }
            for sentence in Tokenizer.sentences(body) {
                let words = Tokenizer.words(sentence)
                if words.isEmpty { continue }
                result.append(TranscriptSentence(text: String(sentence), words: words, speaker: speaker))
            }
        }
        return result
    }

    /// "Mentor: text" → ("Mentor", "text"); a label is 1–3 words of letters, at most 40 characters.
    static func speakerLabel(_ line: Substring) -> (String, Substring)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let label = line[..<colon].trimmingWhitespace()
        guard !label.isEmpty, label.count <= 40 else { return nil }
        let parts = label.split(separator: " ")
        guard parts.count <= 3,
            label.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == " " || $0 == "." || $0 == "'" })
        else { return nil }
        return (String(label), line[line.index(after: colon)...])
    }
}
