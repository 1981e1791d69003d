/// A scanned token: a word (with its term number, or -1), a number, an emoji or emoticon,
/// a slash, or a clause boundary.
struct Token {
    enum Kind: UInt8 { case word, number, symbol, slash, boundary }
    var kind: Kind
    var caps = false
    var elongated = false
    var strong = false
    var question = false
    var exclaim: UInt8 = 0
    var term: Int32 = -1
    var number: Int32 = 0
    var start: Int32
    var end: Int32
}

/// Collects tokens and looks words up in the lexicon's term table.
struct TokenCollector: TokenSink {
    let terms: TermTable
    var tokens: ContiguousArray<Token> = []

    init(terms: TermTable) {
        self.terms = terms
        tokens.reserveCapacity(48)
    }

    mutating func word(
        _ primary: UnsafeBufferPointer<UInt8>, collapsed: UnsafeBufferPointer<UInt8>?, caps: Bool, overflow: Bool, start: Int, end: Int
    ) {
        var term: Int32 = -1
        if !overflow {
            term = terms.lookup(primary)
            if term < 0, let collapsed { term = terms.lookup(collapsed) }
            // A plural or possessive of a lexicon word ("explanations", "mentors").
            if term < 0, primary.count > 4, primary[primary.count - 1] == 0x73 {
                term = terms.lookup(UnsafeBufferPointer(rebasing: primary[0..<primary.count - 1]))
            }
        }
        tokens.append(Token(kind: .word, caps: caps, elongated: collapsed != nil, term: term, start: Int32(start), end: Int32(end)))
    }

    mutating func number(_ value: Int, start: Int, end: Int) {
        tokens.append(Token(kind: .number, number: Int32(value), start: Int32(start), end: Int32(end)))
    }

    mutating func symbol(_ bytes: UnsafeBufferPointer<UInt8>, emoticon: Int32, start: Int, end: Int) {
        let term = emoticon >= 0 ? emoticon : terms.lookup(bytes)
        tokens.append(Token(kind: .symbol, term: term, start: Int32(start), end: Int32(end)))
    }

    mutating func slash(at offset: Int) {
        tokens.append(Token(kind: .slash, start: Int32(offset), end: Int32(offset + 1)))
    }

    mutating func boundary(strong: Bool, question: Bool, exclaim: Int, at offset: Int) {
        tokens.append(Token(
            kind: .boundary, strong: strong, question: question, exclaim: UInt8(min(exclaim, 9)), start: Int32(offset), end: Int32(offset + 1)))
    }
}

/// A matched lexicon phrase, an unknown word, a number, a rating ("9/10") or a boundary.
struct Unit {
    enum Kind: UInt8 { case entry, word, number, rating, symbol, boundary }
    var kind: Kind
    /// The lexicon entry for `.entry`, else -1.
    var entry: Int32 = -1
    var caps = false
    var elongated = false
    var strong = false
    var question = false
    var exclaim: UInt8 = 0
    /// The number, or for a rating its value in -2.5...2.5.
    var number: Double = 0
    var start: Int32
    var end: Int32
}

extension Lexicon {
    /// Matches the longest lexicon phrase at every word, and reads "N/10"-style ratings.
    func units(from tokens: ContiguousArray<Token>) -> ContiguousArray<Unit> {
        var units = ContiguousArray<Unit>()
        units.reserveCapacity(tokens.count)
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            switch token.kind {
            case .word, .symbol:
                if token.term >= 0, case let first = rootChild[Int(token.term)], first >= 0 {
                    var node = first
                    var best: (entry: Int32, last: Int) = (nodeEntry[Int(node)], index)
                    var next = index + 1
                    while nodeHasChildren[Int(node)], next < tokens.count, tokens[next].kind == .word || tokens[next].kind == .symbol,
                        tokens[next].term >= 0,
                        let child = edges[UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: tokens[next].term))]
                    {
                        node = child
                        if nodeEntry[Int(node)] >= 0 { best = (nodeEntry[Int(node)], next) }
                        next += 1
                    }
                    if best.entry >= 0 {
                        var unit = Unit(kind: .entry, entry: best.entry, start: token.start, end: tokens[best.last].end)
                        for covered in index...best.last {
                            unit.caps = unit.caps || tokens[covered].caps
                            unit.elongated = unit.elongated || tokens[covered].elongated
                        }
                        units.append(unit)
                        index = best.last + 1
                        continue
                    }
                }
                units.append(Unit(kind: token.kind == .word ? .word : .symbol, start: token.start, end: token.end))
            case .number:
                if index + 2 < tokens.count, tokens[index + 1].kind == .slash, tokens[index + 2].kind == .number {
                    let numerator = Double(token.number), denominator = Double(tokens[index + 2].number)
                    if [5.0, 10.0, 100.0].contains(denominator), numerator <= denominator {
                        units.append(Unit(kind: .rating, number: (numerator / denominator - 0.5) * 5, start: token.start, end: tokens[index + 2].end))
                        index += 3
                        continue
                    }
                }
                units.append(Unit(kind: .number, number: Double(token.number), start: token.start, end: token.end))
            case .slash:
                break
            case .boundary:
                units.append(Unit(
                    kind: .boundary, strong: token.strong, question: token.question, exclaim: token.exclaim, start: token.start, end: token.end))
            }
            index += 1
        }
        return units
    }
}
