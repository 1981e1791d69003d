import ArgumentParser
import Foundation
import SummaryCore

/// `mentorflow keyphrases`: the key phrases of the text on standard input, one a line, best first.
struct KeyPhrasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keyphrases",
        abstract: "Print the 1–5 key phrases of the text on standard input (English and Hinglish), best first."
    )

    @Option(help: "At most this many phrases.") var limit = 5

    func run() throws {
        let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        // Split as transcripts are, so speaker labels ("Mentor:") are not taken for content.
        let sentences = TranscriptSentence.split(text).map(\.words)
        for phrase in KeyPhraseExtractor().extract(sentences: sentences, limit: limit) { print(phrase) }
    }
}

/// `mentorflow actions`: action items (and the extractive summary with --highlights) of session
/// notes or a transcript on standard input.
struct ActionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actions",
        abstract: "Print the action items of session notes or a transcript on standard input, one JSON line each.",
        discussion: """
            Lines: {"text", "owner" (mentor|learner|unknown), "due_hint"}. Speaker labels ("Mentor:", "Asha:") and \
            the names given with --mentor and --learner decide owners. --highlights prints the 3–5 central sentences first.
            """
    )

    @Option(help: "The mentor's name, as speaker labels or the text may use it.") var mentor: String?
    @Option(help: "The learner's name.") var learner: String?
    @Flag(help: "Also print the extractive summary (lines {\"highlight\": ...}).") var highlights = false

    func run() throws {
        let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        let notes = TranscriptReader().read(text, participants: SessionParticipants(mentorName: mentor, learnerName: learner))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        if highlights {
            for sentence in notes.highlights { print(String(decoding: try encoder.encode(["highlight": sentence]), as: UTF8.self)) }
        }
        for item in notes.actionItems { print(String(decoding: try encoder.encode(item), as: UTF8.self)) }
    }
}
