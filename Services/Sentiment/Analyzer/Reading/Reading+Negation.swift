import Foundation
import Model

/// Pass 2, negation: which word each negator turns around. English negators reach forward
/// (3 content words); Hindi-order ones ("nahi", "नहीं") take the word just before them, else the
/// next; a modal negator before a comparative ("can't … better") praises; a negator with nothing
/// to negate after a partial quantifier ("some useful, some not") balances what came before.
extension Reading {
    /// Fills `negatedBy`, `praisingNegation` and `ellipticals`.
    mutating func negation() {
        for index in units.indices {
            guard let negator = entry(index), negator.kind == .negator else { continue }
            let clause = clauses[Int(clauseOf[index])]
            var target = -1
            if negator.flags.contains(.post) {
                // Hindi order: the word just before ("bura nahi", "aaye hi nahi"), else the next one.
                var before = index - 1
                while before >= clause.start, let kind = kind(before), kind == .particle || kind == .aux || kind == .intensifier {
                    before -= 1
                }
                if before >= clause.start, isNegatable(before) {
                    target = before
                } else {
                    target = forwardTarget(from: index, in: clause, reach: 2)
                }
            } else {
                target = forwardTarget(from: index, in: clause, reach: 3)
            }
            if target >= 0 {
                negatedBy[target] = Int32(index)
                if negator.flags.contains(.modal) {
                    praisingNegation[target] = firstUnit(from: index + 1, to: clause.end) { $0.flags.contains(.comparative) } != nil
                }
            } else if isAfterPartial(index, clause: clause) {
                ellipticals.append(index)
            }
        }
    }

    private func isNegatable(_ index: Int) -> Bool {
        guard negatedBy[index] < 0, let entry = entry(index) else { return false }
        return entry.isNegatable
    }

    private func forwardTarget(from index: Int, in clause: Clause, reach: Int) -> Int {
        var steps = 0
        var next = index + 1
        while next < clause.end, units[next].kind != .boundary {
            if isNegatable(next) { return next }
            if isContent(next) {
                steps += 1
                if steps >= reach { break }
            }
            next += 1
        }
        return -1
    }

    /// "some not", "thoda nahi": a negator with nothing to negate right after a partial quantifier.
    private func isAfterPartial(_ index: Int, clause: Clause) -> Bool {
        var before = index - 1
        while before >= clause.start, kind(before) == .particle || kind(before) == .aux { before -= 1 }
        guard before >= 0 else { return false }
        return entry(before)?.flags.contains(.partial) == true
    }
}
