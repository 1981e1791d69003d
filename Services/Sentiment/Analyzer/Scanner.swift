/// What the scanner counted, for language detection.
struct TextStats {
    var latinLetters = 0
    var latinUpper = 0
    var devanagariLetters = 0
    var otherLetters = 0
    var emoji = 0
    var words = 0
    /// Input past `Scanner.maxBytes` was not read.
    var truncated = false
}

/// Receives the scanner's tokens.
protocol TokenSink {
    /// `primary`: the lower-cased word with letter runs capped at two ("goood" → "good");
    /// `collapsed`: with elongated runs cut to one ("sooo" → "so"), only for elongated words.
    /// `overflow`: the word was longer than the scratch buffer (it is then not a lexicon word).
    mutating func word(
        _ primary: UnsafeBufferPointer<UInt8>, collapsed: UnsafeBufferPointer<UInt8>?, caps: Bool, overflow: Bool,
        start: Int, end: Int)
    mutating func number(_ value: Int, start: Int, end: Int)
    /// An emoji scalar, or an emoticon from the lexicon (`emoticon` is its term).
    mutating func symbol(_ bytes: UnsafeBufferPointer<UInt8>, emoticon: Int32, start: Int, end: Int)
    mutating func slash(at offset: Int)
    mutating func boundary(strong: Bool, question: Bool, exclaim: Int, at offset: Int)
}

/// Splits text into words, numbers, emoji, emoticons and clause boundaries in one pass
/// over the UTF-8 bytes, normalising as it goes: ASCII lower case, apostrophes dropped
/// ("wasn't" → "wasnt"), hyphens split words, Devanagari nukta removed and candrabindu
/// written as anusvara (so "ज़्यादा" and "ज्यादा" are one word), zero-width joiners,
/// variation selectors and skin tones ignored, Devanagari digits read as digits.
struct Scanner: Sendable {
    /// Longer input is cut (at a scalar boundary): a comment is at most 10,000 scalars.
    static let maxBytes = 40_000
    static let maxWordBytes = 96
    /// क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़ (U+0958...U+095F) without their nukta.
    private static let nuktaBases: [UInt32] = [0x0915, 0x0916, 0x0917, 0x091C, 0x0921, 0x0922, 0x092B, 0x092F]

    /// Emoticons from the lexicon (ASCII punctuation sequences), longest first, with their terms.
    var emoticons: [(bytes: [UInt8], term: Int32)] = []
    private var emoticonStarts: [Bool] = Array(repeating: false, count: 128)

    mutating func setEmoticons(_ list: [(bytes: [UInt8], term: Int32)]) {
        emoticons = list.sorted { $0.bytes.count > $1.bytes.count }
        emoticonStarts = Array(repeating: false, count: 128)
        for emoticon in emoticons { emoticonStarts[Int(emoticon.bytes[0])] = true }
    }

    func scan<Sink: TokenSink>(_ text: String, into sink: inout Sink) -> TextStats {
        if let stats = text.utf8.withContiguousStorageIfAvailable({ scan(bytes: $0, into: &sink) }) {
            return stats
        }
        return Array(text.utf8).withUnsafeBufferPointer { scan(bytes: $0, into: &sink) }
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    func scan<Sink: TokenSink>(bytes: UnsafeBufferPointer<UInt8>, into sink: inout Sink) -> TextStats {
        var stats = TextStats()
        var limit = bytes.count
        if limit > Self.maxBytes {
            limit = Self.maxBytes
            while limit > 0, bytes[limit] & 0xC0 == 0x80 { limit -= 1 }
            stats.truncated = true
        }
        let capacity = Self.maxWordBytes
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity * 2) { scratch in
            let primary = scratch.baseAddress!
            let collapsed = primary + capacity
            var length = 0, collapsedLength = 0
            var wordStart = -1, wordEnd = 0
            var lastLetter: UInt32 = 0, run = 0
            var elongated = false, overflow = false
            var upper = 0, lower = 0
            var number = -1, numberStart = 0, numberEnd = 0
            var pendingBoundary = false, pendingStrong = false, pendingQuestion = false
            var pendingExclaim = 0, pendingAt = 0

            func flushBoundary() {
                guard pendingBoundary else { return }
                sink.boundary(strong: pendingStrong, question: pendingQuestion, exclaim: pendingExclaim, at: pendingAt)
                pendingBoundary = false
                pendingStrong = false
                pendingQuestion = false
                pendingExclaim = 0
            }
            func flushWord() {
                guard wordStart >= 0 else { return }
                if length > 0 {
                    flushBoundary()
                    stats.words += 1
                    sink.word(
                        UnsafeBufferPointer(start: primary, count: length),
                        collapsed: elongated ? UnsafeBufferPointer(start: collapsed, count: collapsedLength) : nil,
                        caps: upper >= 2 && lower == 0, overflow: overflow, start: wordStart, end: wordEnd)
                }
                wordStart = -1
                length = 0
                collapsedLength = 0
                lastLetter = 0
                run = 0
                elongated = false
                overflow = false
                upper = 0
                lower = 0
            }
            func flushNumber() {
                guard number >= 0 else { return }
                flushBoundary()
                sink.number(number, start: numberStart, end: numberEnd)
                number = -1
            }
            func flush() {
                flushWord()
                flushNumber()
            }
            func boundary(strong: Bool, question: Bool = false, exclaim: Bool = false, at offset: Int) {
                flush()
                if !pendingBoundary { pendingAt = offset }
                pendingBoundary = true
                pendingStrong = pendingStrong || strong
                pendingQuestion = pendingQuestion || question
                if exclaim { pendingExclaim += 1 }
            }
            func append(_ scalar: UInt32, start: Int, end: Int) {
                flushNumber()
                if wordStart < 0 { wordStart = start }
                wordEnd = end
                var encoded: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
                var count = 0
                if scalar < 0x80 {
                    encoded.0 = UInt8(scalar)
                    count = 1
                } else if scalar < 0x800 {
                    encoded = (UInt8(0xC0 | (scalar >> 6)), UInt8(0x80 | (scalar & 0x3F)), 0, 0)
                    count = 2
                } else if scalar < 0x10000 {
                    encoded = (UInt8(0xE0 | (scalar >> 12)), UInt8(0x80 | ((scalar >> 6) & 0x3F)), UInt8(0x80 | (scalar & 0x3F)), 0)
                    count = 3
                } else {
                    encoded = (
                        UInt8(0xF0 | (scalar >> 18)), UInt8(0x80 | ((scalar >> 12) & 0x3F)),
                        UInt8(0x80 | ((scalar >> 6) & 0x3F)), UInt8(0x80 | (scalar & 0x3F))
                    )
                    count = 4
                }
                // Elongation: a run of one ASCII letter is kept twice in `primary` and, once it
                // reaches three, once in `collapsed`.
                var toPrimary = true, toCollapsed = true
                if scalar < 0x80 {
                    if scalar == lastLetter {
                        run += 1
                        if run >= 3 { toPrimary = false; toCollapsed = false }
                        if run == 3 {
                            elongated = true
                            collapsedLength -= 1
                        }
                    } else {
                        lastLetter = scalar
                        run = 1
                    }
                } else {
                    lastLetter = 0
                    run = 0
                }
                guard length + count <= capacity, collapsedLength + count <= capacity else {
                    overflow = true
                    return
                }
                withUnsafeBytes(of: &encoded) { raw in
                    for index in 0..<count {
                        if toPrimary { primary[length + index] = raw[index] }
                        if toCollapsed { collapsed[collapsedLength + index] = raw[index] }
                    }
                }
                if toPrimary { length += count }
                if toCollapsed { collapsedLength += count }
            }
            func digit(_ value: Int, start: Int, end: Int) {
                flushWord()
                if number < 0 {
                    number = 0
                    numberStart = start
                }
                number = min(number * 10 + value, 1_000_000)
                numberEnd = end
            }

            var index = 0
            while index < limit {
                let start = index
                let lead = bytes[index]
                var scalar: UInt32
                if lead < 0x80 {
                    scalar = UInt32(lead)
                    index += 1
                } else {
                    let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
                    guard index + width <= limit else { break }
                    scalar = UInt32(lead) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
                    for offset in 1..<width { scalar = (scalar << 6) | UInt32(bytes[index + offset] & 0x3F) }
                    index += width
                }

                if scalar < 0x80 {
                    switch scalar {
                    case 0x61...0x7A:
                        lower += 1
                        stats.latinLetters += 1
                        append(scalar, start: start, end: index)
                    case 0x41...0x5A:
                        upper += 1
                        stats.latinLetters += 1
                        stats.latinUpper += 1
                        append(scalar + 0x20, start: start, end: index)
                    case 0x30...0x39:
                        digit(Int(scalar - 0x30), start: start, end: index)
                    case 0x27, 0x60:
                        continue  // apostrophe: "wasn't" reads "wasnt"
                    default:
                        if emoticonStarts[Int(scalar)], let (term, width) = emoticon(at: start, in: bytes, limit: limit) {
                            flush()
                            flushBoundary()
                            sink.symbol(UnsafeBufferPointer(rebasing: bytes[start..<start + width]), emoticon: term, start: start, end: start + width)
                            index = start + width
                            continue
                        }
                        switch scalar {
                        case 0x2E, 0x3B, 0x0A: boundary(strong: true, at: start)
                        case 0x21: boundary(strong: true, exclaim: true, at: start)
                        case 0x3F: boundary(strong: true, question: true, at: start)
                        case 0x2C: boundary(strong: false, at: start)
                        case 0x2F:
                            flush()
                            flushBoundary()
                            sink.slash(at: start)
                        default: flush()
                        }
                    }
                    continue
                }

                switch scalar {
                case 0x0964, 0x0965, 0x2026, 0x3002: boundary(strong: true, at: start)
                case 0xFF01: boundary(strong: true, exclaim: true, at: start)
                case 0xFF1F: boundary(strong: true, question: true, at: start)
                case 0xFF0C, 0x3001: boundary(strong: false, at: start)
                case 0x0966...0x096F: digit(Int(scalar - 0x0966), start: start, end: index)
                case 0x093C, 0x200C, 0x200D, 0xFE0E, 0xFE0F, 0x1F3FB...0x1F3FF, 0x2018, 0x2019, 0x02BC:
                    continue  // nukta, joiners, variation selectors, skin tones, apostrophes
                case 0x0901:
                    stats.devanagariLetters += 1
                    append(0x0902, start: start, end: index)
                case 0x0958...0x095F:
                    stats.devanagariLetters += 1
                    append(Self.nuktaBases[Int(scalar - 0x0958)], start: start, end: index)
                case 0x0900...0x097F:
                    if scalar == 0x0970 {
                        flush()
                    } else {
                        stats.devanagariLetters += 1
                        append(scalar, start: start, end: index)
                    }
                case 0xC0...0x24F where scalar != 0xD7 && scalar != 0xF7:
                    stats.latinLetters += 1
                    append(scalar >= 0xC0 && scalar <= 0xDE ? scalar + 0x20 : scalar, start: start, end: index)
                case 0xA0, 0x2000...0x200B, 0x2028, 0x2029, 0x3000:
                    flush()
                default:
                    guard let unicode = Unicode.Scalar(scalar) else {
                        flush()
                        continue
                    }
                    let properties = unicode.properties
                    if properties.isEmojiPresentation || (properties.isEmoji && scalar >= 0x203C) {
                        flush()
                        flushBoundary()
                        stats.emoji += 1
                        sink.symbol(UnsafeBufferPointer(rebasing: bytes[start..<index]), emoticon: -1, start: start, end: index)
                    } else if properties.isAlphabetic || properties.generalCategory == .nonspacingMark
                        || properties.generalCategory == .spacingMark
                    {
                        stats.otherLetters += 1
                        append(scalar, start: start, end: index)
                    } else {
                        flush()
                    }
                }
            }
            flush()
            flushBoundary()
            return stats
        }
    }

    /// The emoticon starting at `start`, if one of the lexicon's is there and no letter or digit follows it.
    private func emoticon(at start: Int, in bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> (Int32, Int)? {
        candidates: for emoticon in emoticons {
            let width = emoticon.bytes.count
            guard start + width <= limit else { continue }
            for offset in 0..<width where bytes[start + offset] != emoticon.bytes[offset] { continue candidates }
            if start + width < limit {
                let next = bytes[start + width]
                let isAlphanumeric = (next >= 0x30 && next <= 0x39) || (next | 0x20 >= 0x61 && next | 0x20 <= 0x7A)
                if isAlphanumeric { continue }
            }
            return (emoticon.term, width)
        }
        return nil
    }
}
