/// Splits text into sentences and words in one pass over its Unicode scalars, without regular
/// expressions or Foundation, so a 100,000-character transcript costs linear time.
public enum Tokenizer {
    /// A sentence past this many scalars is cut at the next space: speech-to-text output may have
    /// no punctuation at all, and a summary sentence must stay readable.
    public static let maxSentenceScalars = 600

    /// The words of one sentence or phrase.
    public static func words(_ text: Substring) -> [Word] {
        var words: [Word] = []
        var current = String.UnicodeScalarView()
        var pendingBreak = false
        func flush() {
            // Trim joiners at the edges ("well-", "'cause").
            while let last = current.last, isJoiner(last) { current.removeLast() }
            while let first = current.first, isJoiner(first) { current.removeFirst() }
            if !current.isEmpty {
                words.append(Word(surface: String(current), breakBefore: pendingBreak))
                pendingBreak = false
            }
            current = String.UnicodeScalarView()
        }
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if isWordScalar(scalar) {
                current.append(scalar)
            } else if isJoiner(scalar), !current.isEmpty, index + 1 < scalars.count, isWordScalar(scalars[index + 1]) {
                current.append(scalar)
            } else {
                flush()
                if !scalar.properties.isWhitespace { pendingBreak = true }
            }
        }
        flush()
        return words
    }

    static func words(_ text: String) -> [Word] { words(text[...]) }

    /// Sentences: ends at `.`, `!`, `?`, `।`, `…` followed by a space or the end, and at every
    /// line break. Each is trimmed; empty ones are dropped.
    public static func sentences(_ text: Substring) -> [Substring] {
        var result: [Substring] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var index = start
        var length = 0
        func emit(upTo end: String.Index) {
            let piece = Substring(scalars[start..<end]).trimmingWhitespace()
            if !piece.isEmpty { result.append(piece) }
            start = end
            length = 0
        }
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index)
            length += 1
            if scalar == "\n" || scalar == "\r" || scalar == "\u{2028}" {
                emit(upTo: next)
            } else if isTerminal(scalar), next == scalars.endIndex || scalars[next].properties.isWhitespace {
                emit(upTo: next)
            } else if length >= maxSentenceScalars, scalar.properties.isWhitespace {
                emit(upTo: next)
            }
            index = next
        }
        emit(upTo: scalars.endIndex)
        return result
    }

    static func isTerminal(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "." || scalar == "!" || scalar == "?" || scalar == "\u{0964}" || scalar == "\u{2026}"
    }

    static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "'" || scalar == "\u{2019}" || scalar == "-"
    }

    /// Letters, combining marks (Devanagari vowel signs and virama) and digits.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber:
            return true
        default:
            return false
        }
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var result = self
        while let first = result.unicodeScalars.first, first.properties.isWhitespace { result = result.dropFirst() }
        while let last = result.unicodeScalars.last, last.properties.isWhitespace { result = result.dropLast() }
        return result
    }
}
