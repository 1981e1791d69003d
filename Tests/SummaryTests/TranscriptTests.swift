import Model
import Testing
import TestSupport
@testable import SummaryCore

@Suite struct TranscriptTests {
    let summarizer = ExtractiveSummarizer()

    @Test func centralSentencesInOriginalOrder() {
        let text = """
            Hi Asha, good to see you.
            Today we focus on your data analyst resume.
            Your resume lists tools but not the impact of your projects.
            Rewrite each project bullet on the resume with the impact first and a number.
            The weather is nice today.
            Your sales dashboard project is the strongest project on the resume.
            Move the sales dashboard project to the top of the resume.
            Okay.
            Thanks, bye.
            Let us also look at the resume summary line and the project links.
            """
        let sentences = TranscriptSentence.split(text)
        let highlights = summarizer.summarize(sentences)
        #expect((3...5).contains(highlights.count))
        let positions = highlights.map { highlight in sentences.firstIndex { $0.text == highlight }! }
        #expect(positions == positions.sorted(), "original order")
        #expect(!highlights.contains("Okay."))
        #expect(!highlights.contains("The weather is nice today."))
        #expect(highlights.contains { $0.contains("sales dashboard") })
    }

    @Test func shortNotesAreKeptWhole() {
        let sentences = TranscriptSentence.split("Covered joins. Practice window functions.")
        #expect(summarizer.summarize(sentences) == ["Covered joins.", "Practice window functions."])
        #expect(summarizer.summarize([]) == [])
    }

    @Test func speakerLabelsAreStrippedAndCarriedOver() {
        let sentences = TranscriptSentence.split("Vikram Singh: First point. Second point.\nStill Vikram here.\nAsha: Thanks!\nNote at 10:30 about time")
        #expect(sentences.map(\.speaker) == ["Vikram Singh", "Vikram Singh", "Vikram Singh", "Asha", "Asha"])
        #expect(sentences[0].text == "First point.")
    }

    @Test func aMaximumSizeTranscriptWithoutPunctuationIsReadInPieces() {
        let words = ["caching", "sharding", "replicas", "latency", "queues", "and", "the", "we", "discussed"]
        var rng = SeededRandom(seed: 5)
        var text = ""
        while text.count < Limits.documentLength - 20 { text += words.randomElement(using: &rng)! + " " }
        let notes = TranscriptReader().read(text, participants: SessionParticipants())
        #expect((3...5).contains(notes.highlights.count))
        #expect(notes.highlights.allSatisfy { $0.count <= ExtractiveSummarizer.maxHighlightLength + 1 })
        #expect(!notes.keyPhrases.isEmpty && notes.keyPhrases.count <= 5)
    }
}
