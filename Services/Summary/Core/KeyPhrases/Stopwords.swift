import Foundation

/// The words a key phrase may not start or end on (and, since candidates are runs of content
/// words, may not contain): English and Hinglish function words plus tone words ("excellent",
/// "session") that say how a session felt, not what it was about. Read from the word lists in
/// `Resources/` so that linguists change data, not code.
public struct Stopwords: Sendable {
    public let words: Set<String>

    public init(words: Set<String>) {
        self.words = words
    }

    /// The bundled lists (`stopwords-en.txt`, `stopwords-hinglish.txt`, `generic-words.txt`).
    public static let bundled: Stopwords = {
        var words = Set<String>()
        for name in resourceFiles {
            guard let url = Bundle.module.url(forResource: "Resources/\(name)", withExtension: nil)
                ?? Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Resources"),
                let text = try? String(contentsOf: url, encoding: .utf8)
            else { continue }
            words.formUnion(parse(text))
        }
        return Stopwords(words: words)
    }()

    static let resourceFiles = ["stopwords-en.txt", "stopwords-hinglish.txt", "generic-words.txt"]

    /// One word a line; `#` starts a comment; blank lines are skipped; words are lower-cased.
    public static func parse(_ text: String) -> Set<String> {
        var words = Set<String>()
        for line in text.split(whereSeparator: \.isNewline) {
            let word = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first?
                .trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            if !word.isEmpty { words.insert(Word.normalize(word)) }
        }
        return words
    }

    public func contains(_ key: String) -> Bool { words.contains(key) }
}
