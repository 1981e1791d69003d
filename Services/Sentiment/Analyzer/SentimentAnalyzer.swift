import Foundation
import Model

/// Classifies a learner's feedback comment (English, Hindi in Devanagari, Hinglish) into
/// positive / neutral / negative by what a Program Manager must act on, with the aspects it
/// is about and the evidence that decided it. Lexicon-and-rules: every word and cue is in the
/// data files of `Resources/` (format in `Resources/README.md`); the rules are in `Reading` (`Reading/`, a file per pass).
///
/// Thread-safe and allocation-light: one analyser serves any number of concurrent callers.
public struct SentimentAnalyzer: Sendable {
    /// The version of the rules (this code); the lexicon's fingerprint is appended in `version`.
    public static let rulesVersion = "1.0.0"

    public let lexicon: Lexicon
    /// `mentorflow-rules-<rules version>+lex.<fingerprint>`: changes with the code or any lexicon file.
    public let version: String

    public init(lexicon: Lexicon) {
        self.lexicon = lexicon
        let fingerprint = String(lexicon.fingerprint, radix: 16)
        version = "mentorflow-rules-\(Self.rulesVersion)+lex.\(fingerprint.prefix(10))"
    }

    /// The bundled lexicons plus, optionally, an operator's folder of extra `*.tsv` files.
    public init(extraLexiconDirectory: URL? = nil) throws(LexiconError) {
        self.init(lexicon: try Lexicon.standard(extraDirectory: extraLexiconDirectory))
    }

    /// Whether a comment is missing: empty or only white space.
    public static func isMissing(_ comment: String) -> Bool {
        for scalar in comment.unicodeScalars {
            if scalar.value < 0x80 {
                if scalar.value != 0x20, !(0x09...0x0D).contains(scalar.value) { return false }
            } else if !scalar.properties.isWhitespace, scalar.value != 0xFEFF {
                return false
            }
        }
        return true
    }

    public func analyze(_ text: String) -> SentimentResult {
        if Self.isMissing(text) {
            return SentimentResult(
                label: .neutral, score: 0, confidence: 1, language: .mixed, aspects: [.none],
                evidence: ["empty comment: feedback missing"], analyzerVersion: version)
        }
        var collector = TokenCollector(terms: lexicon.terms)
        let stats = lexicon.scanner.scan(text, into: &collector)
        let units = lexicon.units(from: collector.tokens)
        let language = LanguageDetector.detect(stats: stats, collector: collector, tags: lexicon.languageTags)
        var reading = Reading(lexicon: lexicon, units: units, text: text)
        reading.run()
        var result = reading.result(language: language, version: version)
        if stats.truncated {
            if result.evidence.count >= Reading.maxEvidence { result.evidence.removeLast() }
            result.evidence.append("only the first \(Scanner.maxBytes) bytes were read")
        }
        return result
    }
}

/// How the language of a comment is told (the corpus' convention): Devanagari only is `hi`;
/// Devanagari with Latin letters, emoji-only or emoji-heavy, ALL CAPS, one-word replies,
/// chat-speak and other Indian languages in Latin script are `mixed`; Latin text with
/// romanised Hindi words is `hinglish`; the rest `en`.
enum LanguageDetector {
    static func detect(stats: TextStats, collector: TokenCollector, tags: [LanguageTag]) -> FeedbackLanguage {
        if stats.devanagariLetters > 0 { return stats.latinLetters > 0 ? .mixed : .hi }
        var latinWords = 0, hinglish = 0, chatspeak = 0, otherIndic = 0
        for token in collector.tokens where token.kind == .word {
            latinWords += 1
            guard token.term >= 0, Int(token.term) < tags.count else { continue }
            switch tags[Int(token.term)] {
            case .hinglish: hinglish += 1
            case .chatspeak: chatspeak += 1
            case .otherIndic: otherIndic += 1
            case .none: break
            }
        }
        if latinWords == 0 || stats.otherLetters > stats.latinLetters { return .mixed }
        if stats.latinLetters >= 4, stats.latinUpper * 10 >= stats.latinLetters * 8 { return .mixed }
        if stats.emoji * 2 >= latinWords || latinWords == 1 || otherIndic > 0 { return .mixed }
        if chatspeak >= 2 || (chatspeak == 1 && latinWords <= 4) { return .mixed }
        if hinglish >= 2 || (hinglish == 1 && latinWords <= 5) { return .hinglish }
        return .en
    }
}
