import Testing
@testable import SummaryCore

@Suite struct KeyPhraseTests {
    let extractor = KeyPhraseExtractor()

    @Test func theSeedsNearDuplicatesBecomeOnePhrase() {
        // The prototype wrote "career guidance, guidance motivating, excellent career" for this.
        let phrases = extractor.extract("Excellent career guidance, very motivating session. The career guidance was what I needed.")
        #expect(phrases.first == "career guidance")
        #expect(!phrases.contains("guidance"))
        #expect(!phrases.contains { $0.contains("motivating") || $0.contains("excellent") })
    }

    @Test(arguments: [
        "The mentor explained dynamic programming and the sliding window technique with clear examples of arrays.",
        "Sir ne resume ke bullet points aur project impact pe bahut achha feedback diya, LinkedIn profile bhi dekha.",
        "I think that the mock interview on system design was a bit too fast for me but the feedback on caching was useful.",
        "We discussed my resume. Then we talked about the job search, the referrals and the cover letter for the data analyst role.",
    ])
    func phrasesNeverStartOrEndOnAStopword(text: String) {
        let phrases = extractor.extract(text)
        #expect(!phrases.isEmpty)
        #expect(phrases.count <= 5)
        for phrase in phrases {
            let words = phrase.split(separator: " ").map { Word.normalize(String($0)) }
            #expect((1...3).contains(words.count), "\(phrase)")
            #expect(!extractor.stopwords.contains(words.first!), "\(phrase) starts on a stopword")
            #expect(!extractor.stopwords.contains(words.last!), "\(phrase) ends on a stopword")
        }
    }

    @Test func noPhraseRepeatsAnotherOnesWords() {
        let text = """
            Resume review went deep: resume bullet points, resume formatting, project impact and project descriptions. \
            The bullet points need numbers. Project impact matters most.
            """
        let phrases = extractor.extract(text)
        var seen = Set<String>()
        for phrase in phrases {
            let stems = Tokenizer.words(phrase[...]).map(\.stem)
            #expect(seen.isDisjoint(with: stems), "\(phrase) repeats a word of an earlier phrase in \(phrases)")
            seen.formUnion(stems)
        }
        #expect(phrases.count >= 2)
    }

    @Test func sameTextSamePhrasesAndTiesBreakByPosition() {
        let text = "Graphs, trees, heaps, tries and hashing were covered."
        let first = extractor.extract(text)
        for _ in 0..<20 { #expect(extractor.extract(text) == first) }
        // Every candidate is a single word seen once: equal scores, so the earliest wins.
        #expect(first.prefix(3) == ["graphs", "trees", "heaps"])
    }

    @Test func acronymsKeepTheirCaseAndEmptyTextHasNoPhrases() {
        #expect(extractor.extract("DSA practice with the SQL joins").contains { $0.contains("DSA") })
        #expect(extractor.extract("").isEmpty)
        #expect(extractor.extract("great session, thank you!").isEmpty)
        #expect(extractor.extract("👍👍 10/10").isEmpty)
    }

    @Test func bundledStopwordListsLoad() {
        #expect(Stopwords.bundled.contains("the"))
        #expect(Stopwords.bundled.contains("hai"))
        #expect(Stopwords.bundled.contains("excellent"))
        #expect(Stopwords.parse("# comment\nFoo  # trailing\n\n") == ["foo"])
    }
}
