/// One word of a text, as written and as compared.
public struct Word: Sendable, Equatable {
    /// The word as written ("DSA", "Resume").
    public var surface: String
    /// Lower-cased, typographic apostrophes made plain: what stopword lists and counts use.
    public var key: String
    /// True when punctuation (a comma, a colon, a bracket, a dash) stands between this word and the
    /// one before it: a phrase never spans it.
    public var breakBefore: Bool

    public init(surface: String, breakBefore: Bool) {
        self.surface = surface
        self.key = Word.normalize(surface)
        self.breakBefore = breakBefore
    }

    static func normalize(_ text: String) -> String {
        let lower = text.lowercased()
        guard lower.unicodeScalars.contains("\u{2019}") else { return lower }
        return String(String.UnicodeScalarView(lower.unicodeScalars.map { $0 == "\u{2019}" ? "'" : $0 }))
    }

    /// A crude English stem for the "no phrase repeats another's words" rule: "guidance" and
    /// "guidances", "problem" and "problems" count as the same word.
    var stem: String {
        var word = key
        if word.hasSuffix("'s") { word.removeLast(2) }
        if word.count > 4, word.hasSuffix("ies") { return String(word.dropLast(3)) + "y" }
        if word.count > 4, word.hasSuffix("sses") { return String(word.dropLast(2)) }
        if word.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us"), !word.hasSuffix("is") {
            return String(word.dropLast())
        }
        return word
    }

    /// Letters in the word; a candidate word needs two (so "a1", "x" and "10" never count).
    var letterCount: Int {
        key.unicodeScalars.reduce(0) { $0 + ($1.properties.isAlphabetic ? 1 : 0) }
    }

    /// All capitals and short ("DSA", "SQL", "HR"): kept as written in phrases.
    var isAcronym: Bool {
        let count = surface.count
        return count >= 2 && count <= 5 && surface.uppercased() == surface && surface.lowercased() != surface
    }

    /// How the word appears in a phrase: lower case unless it is an acronym.
    var display: String { isAcronym ? surface : key }
}
