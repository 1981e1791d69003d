import Foundation
import Model

/// Pass 4, sentiment: what each opinion word contributes. Lexicon valences × intensifiers, caps,
/// elongation, negation, dampers, questions and exclamation marks, then contrast weights (the
/// clause after "but" counts more). Faint praise is marked so the result counts it only once.
extension Reading {
    /// One unit's signed share of the sentiment, the span shown for it, and how it was read.
    struct Contribution {
        var unit: Int
        var start: Int32
        var end: Int32 = -1
        var value: Double
        var faint = false
        var negated = false
        var praisingNegation = false
        var elliptical = false
        var courtesy = false
    }

    /// Fills `contributions` (their final values, contrast weights applied).
    mutating func sumSentiment() {
        let ownSetUp = Set(problems.lazy.filter { $0.excusedBy >= 0 && $0.partner >= 0 }.map(\.partner))
        var sentenceSum = 0.0
        var currentSentence = -1
        for index in units.indices {
            let sentence = Int(sentenceOf[index])
            if sentence != currentSentence {
                currentSentence = sentence
                sentenceSum = 0
            }
            if ellipticals.contains(index), sentenceSum != 0 {
                contributions.append(Contribution(unit: index, start: units[index].start, value: -sentenceSum, elliptical: true))
                sentenceSum = 0
                continue
            }
            guard !ownSetUp.contains(index), var (value, faint) = baseValence(index) else { continue }
            let (multiplier, modifierStart) = intensity(index)
            if let entry = entry(index), entry.flags.contains(.excessOnly), multiplier <= 1 { continue }
            value *= multiplier
            if units[index].caps { value *= 1.3 }
            if units[index].elongated { value *= 1.2 }
            var start = min(modifierStart, units[index].start)
            var end = units[index].end
            let negated = negatedBy[index] >= 0
            if negated {
                start = min(start, units[Int(negatedBy[index])].start)
                end = max(end, units[Int(negatedBy[index])].end)
                if praisingNegation[index] {
                    value = abs(value) * 1.5
                } else if faint {
                    value = -1
                    faint = false
                } else {
                    value *= value > 0 ? -0.75 : -0.6
                }
            }
            let clause = clauses[Int(clauseOf[index])]
            if clause.damp < 1 { usedDamper = true }
            value *= clause.damp * clause.weight
            let info = sentences[sentence]
            if info.question {
                value *= 0.25
                usedQuestion = true
            }
            value *= 1 + 0.1 * Double(min(info.exclaim, 3))
            sentenceSum += value
            contributions.append(Contribution(
                unit: index, start: start, end: end, value: value, faint: faint, negated: negated && !praisingNegation[index],
                praisingNegation: negated && praisingNegation[index], courtesy: entry(index)?.flags.contains(.courtesy) == true))
        }
        // Contrast: the clause after "but" weighs more, the one before less.
        for number in contributions.indices {
            let index = contributions[number].unit
            let sentence = Int(sentenceOf[index])
            let info = sentences[sentence]
            if info.contrast >= 0 {
                contributions[number].value *= index < info.contrast ? 2 - info.contrastWeight : info.contrastWeight
            } else if info.contrastAtStart {
                contributions[number].value *= info.contrastWeight
            }
            if sentence + 1 < sentences.count, sentences[sentence + 1].contrastAtStart {
                contributions[number].value *= 2 - sentences[sentence + 1].contrastWeight
            }
        }
    }

    /// The valence of a unit before modifiers, and whether it is faint praise.
    private func baseValence(_ index: Int) -> (Double, Bool)? {
        let unit = units[index]
        switch unit.kind {
        case .rating:
            return (unit.number, false)
        case .entry:
            let entry = entries[Int(unit.entry)]
            switch entry.kind {
            case .sentiment:
                return entry.value == 0 ? nil : (entry.value, entry.flags.contains(.faint))
            case .expect:
                return entry.value == 0 || negatedBy[index] >= 0 ? nil : (entry.value, false)
            case .problem, .fault:
                // A negated problem is a negated negative: "never felt rushed", "late nahi", "no issues".
                return negatedBy[index] >= 0 ? (-max(entry.value, 2) * 0.75, false) : nil
            default:
                return nil
            }
        default:
            return nil
        }
    }

    /// The product of the intensifiers and diminishers that reach a unit, and where the first one starts.
    private func intensity(_ index: Int) -> (Double, Int32) {
        let clause = clauses[Int(clauseOf[index])]
        var multiplier = 1.0
        var start = units[index].start
        var steps = 0
        var before = index - 1
        while before >= clause.start, steps < 2 {
            if let entry = entry(before) {
                switch entry.kind {
                case .intensifier where !entry.flags.contains(.post), .diminisher:
                    multiplier *= entry.value
                    start = units[before].start
                case .negator, .particle, .aux, .filler, .firstPerson, .thirdPerson:
                    break
                default:
                    steps += 1
                }
            } else if units[before].kind != .boundary {
                steps += 1
            }
            before -= 1
        }
        steps = 0
        var after = index + 1
        while after < clause.end, steps < 2 {
            if let entry = entry(after), entry.kind == .intensifier, entry.flags.contains(.post) {
                multiplier *= entry.value
            } else if isContent(after) {
                steps += 1
            }
            after += 1
        }
        return (multiplier, start)
    }
}
