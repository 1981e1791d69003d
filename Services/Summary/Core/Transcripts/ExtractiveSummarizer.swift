import Foundation

/// The 3–5 most central sentences of a transcript, in their original order.
///
/// Centrality is similarity to the document's centroid: each content word weighs by how often
/// the whole transcript repeats it (a word said once adds little), and a sentence scores the sum
/// of its distinct words' weights over the square root of its length, so long rambling
/// sentences do not win on size alone. One pass to count, one to score, a sort of the sentences:
/// O(n log n) in the sentence count, linear in the text.
public struct ExtractiveSummarizer: Sendable {
    public let stopwords: Stopwords
    /// A highlight longer than this is cut at a word boundary with "…".
    public static let maxHighlightLength = 400

    public init(stopwords: Stopwords = .bundled) {
        self.stopwords = stopwords
    }

    /// How many sentences to keep out of `count`: all of up to three, then an eighth, between 3 and 5.
    public static func highlightCount(for count: Int) -> Int {
        count <= 3 ? count : min(5, max(3, count / 8))
    }

    public func summarize(_ sentences: [TranscriptSentence]) -> [String] {
        var frequency: [String: Int] = [:]
        var contentWords: [[String]] = []
        contentWords.reserveCapacity(sentences.count)
        for sentence in sentences {
            var distinct: [String] = []
            var seen = Set<String>()
            for word in sentence.words where !stopwords.contains(word.key) && word.letterCount >= 2 {
                let stem = word.stem
                frequency[stem, default: 0] += 1
                if seen.insert(stem).inserted { distinct.append(stem) }
            }
            contentWords.append(distinct)
        }
        var scored: [(index: Int, score: Double)] = []
        scored.reserveCapacity(sentences.count)
        for (index, words) in contentWords.enumerated() {
            var sum = 0.0
            for word in words { sum += log(Double(frequency[word]!)) + 0.1 }
            // Fewer than three content words ("Okay.", "Thank you.") is chatter, not content.
            let penalty = words.count < 3 ? 0.3 : 1.0
            scored.append((index, penalty * sum / max(2.0, Double(words.count)).squareRoot()))
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
        let chosen = scored.prefix(Self.highlightCount(for: sentences.count)).map(\.index).sorted()
        return chosen.map { Self.clip(sentences[$0].text) }
    }

    static func clip(_ text: String) -> String {
        guard text.count > maxHighlightLength else { return text }
        let prefix = text.prefix(maxHighlightLength)
        let cut = prefix.lastIndex(of: " ").map { prefix[..<$0] } ?? prefix
        return cut + "…"
    }
}
