import Foundation

/// Picks the one-to-three-word phrases a text is about, RAKE/YAKE-style: statistics over the
/// text itself, no model and no download.
///
/// 1. Candidates are runs of content words (no stopword, no punctuation between, two letters or
///    more, not a number), so a phrase never starts or ends on a stopword; every 1–3-word window
///    of a run is a candidate.
/// 2. A word scores by how often it occurs and how often it occurs inside longer runs
///    (`(1 + degree/frequency) · (1 + ln frequency)`); a candidate by its words' mean score, how
///    often it occurs, its length, whether it is a whole run, and how early it first appears.
/// 3. Diversity: walking the ranking, a phrase that shares a word (stem) with a phrase already
///    taken is skipped, so "career guidance" and "guidance" never both appear.
///
/// Ties break on first position, then alphabetically: the same text gives the same phrases.
public struct KeyPhraseExtractor: Sendable {
    public let stopwords: Stopwords
    /// Longest phrase, in words.
    public static let maxWords = 3
    /// A word past this many characters (a URL, a hash) is never part of a phrase.
    static let maxWordLength = 40

    public init(stopwords: Stopwords = .bundled) {
        self.stopwords = stopwords
    }

    /// Up to `limit` key phrases of `text`, best first.
    public func extract(_ text: String, limit: Int = 5) -> [String] {
        extract(sentences: Tokenizer.sentences(text[...]).map { Tokenizer.words($0) }, limit: limit)
    }

    /// The same over text already split into sentences of words (transcripts reuse their split).
    public func extract(sentences: [[Word]], limit: Int = 5) -> [String] {
        rank(sentences: sentences).diverse(limit: limit).map(\.text)
    }

    /// A candidate phrase with its score, for callers that merge rankings (pain points).
    public struct Candidate: Sendable, Equatable {
        public var text: String
        public var stems: [String]
        public var score: Double
        public var firstPosition: Int
    }

    /// Every candidate, ranked best first (before the diversity step).
    public func rank(sentences: [[Word]]) -> [Candidate] {
        struct WordStats { var frequency = 0; var degree = 0 }
        struct PhraseStats { var text: String; var stems: [String]; var words: [String]; var count = 0; var first: Int; var wholeRun = false }
        var wordStats: [String: WordStats] = [:]
        var phrases: [String: PhraseStats] = [:]
        var position = 0
        var runs: [[(word: Word, position: Int)]] = []
        for sentence in sentences {
            var run: [(word: Word, position: Int)] = []
            for word in sentence {
                position += 1
                if word.breakBefore, !run.isEmpty { runs.append(run); run = [] }
                if isContent(word) {
                    run.append((word, position))
                } else if !run.isEmpty {
                    runs.append(run); run = []
                }
            }
            if !run.isEmpty { runs.append(run) }
        }
        for run in runs {
            for item in run {
                wordStats[item.word.key, default: WordStats()].frequency += 1
                wordStats[item.word.key, default: WordStats()].degree += min(run.count, Self.maxWords) - 1
            }
            for start in run.indices {
                for length in 1...Self.maxWords where start + length <= run.count {
                    let slice = run[start..<(start + length)]
                    let key = slice.map(\.word.key).joined(separator: " ")
                    if phrases[key] == nil {
                        phrases[key] = PhraseStats(
                            text: slice.map(\.word.display).joined(separator: " "), stems: slice.map(\.word.stem),
                            words: slice.map(\.word.key), first: slice.first!.position)
                    }
                    phrases[key]!.count += 1
                    if length == run.count { phrases[key]!.wholeRun = true }
                }
            }
        }
        let lengthWeight = [0, 1.0, 1.3, 1.4]
        var candidates: [Candidate] = []
        candidates.reserveCapacity(phrases.count)
        for (_, phrase) in phrases {
            var sum = 0.0
            for word in phrase.words {
                let stats = wordStats[word]!
                sum += (1 + Double(stats.degree) / Double(stats.frequency)) * (1 + log(Double(stats.frequency)))
            }
            var score = sum / Double(phrase.words.count) * (1 + log(Double(phrase.count))) * lengthWeight[phrase.words.count]
            if phrase.wholeRun { score *= 1.25 }
            score *= 1 + 0.25 / (1 + Double(phrase.first) / 50)
            candidates.append(Candidate(text: phrase.text, stems: phrase.stems, score: score, firstPosition: phrase.first))
        }
        candidates.sort {
            if $0.score != $1.score { return $0.score > $1.score }
            if $0.firstPosition != $1.firstPosition { return $0.firstPosition < $1.firstPosition }
            return $0.text < $1.text
        }
        return candidates
    }

    func isContent(_ word: Word) -> Bool {
        !stopwords.contains(word.key) && word.letterCount >= 2 && word.key.count <= Self.maxWordLength
    }
}

extension Array where Element == KeyPhraseExtractor.Candidate {
    /// The diversity step: best first, skipping any phrase that shares a word with one taken.
    public func diverse(limit: Int) -> [KeyPhraseExtractor.Candidate] {
        var taken: [KeyPhraseExtractor.Candidate] = []
        var usedStems = Set<String>()
        for candidate in self where taken.count < limit {
            if candidate.stems.contains(where: usedStems.contains) { continue }
            taken.append(candidate)
            usedStems.formUnion(candidate.stems)
        }
        return taken
    }
}
