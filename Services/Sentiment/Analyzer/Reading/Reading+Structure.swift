import Foundation
import Model

/// Pass 1, structure: where sentences and clauses begin and end, and what each clause carries
/// (contrast, concessive weight, request or damper, follow-up). Every later pass works within
/// these bounds: negation and intensifiers do not reach across a clause, contrasts weigh
/// whole clauses, questions and exclamation marks act per sentence.
extension Reading {
    /// A clause: its units `start..<end`, the strongest damper in it (request, reported speech,
    /// plans, hedges, conditions) and a concessive's weight, each with the unit that set it.
    struct Clause {
        var start: Int
        var end: Int = 0
        var damp = 1.0
        var dampUnit = -1
        var weight = 1.0
        var weightUnit = -1
        var request = false
        var followup = false
    }

    /// A sentence: its units `start..<end`, its end mark (question, exclamation marks) and its
    /// contrast (the unit and weight of its "but").
    struct Sentence {
        var start: Int
        var end: Int = 0
        var question = false
        var exclaim = 0
        var contrast = -1
        var contrastWeight = 1.0
        /// The sentence opens with a contrast: the one before it is the weaker side.
        var contrastAtStart = false
    }

    /// Fills `clauses`, `sentences`, `clauseOf` and `sentenceOf`.
    mutating func structure() {
        clauses.append(Clause(start: 0))
        sentences.append(Sentence(start: 0))
        var sentenceHasContent = false
        for index in units.indices {
            let unit = units[index]
            if unit.kind == .boundary {
                clauseOf[index] = Int32(clauses.count - 1)
                sentenceOf[index] = Int32(sentences.count - 1)
                clauses[clauses.count - 1].end = index + 1
                clauses.append(Clause(start: index + 1))
                if unit.strong {
                    sentences[sentences.count - 1].end = index + 1
                    sentences[sentences.count - 1].question = unit.question
                    sentences[sentences.count - 1].exclaim = Int(unit.exclaim)
                    sentences.append(Sentence(start: index + 1))
                    sentenceHasContent = false
                }
                continue
            }
            if let entry = entry(index) {
                switch entry.kind {
                case .contrast where isContrast(at: index, entry):
                    openClause(at: index)
                    if !sentenceHasContent {
                        sentences[sentences.count - 1].contrastAtStart = sentences.count > 1
                        sentences[sentences.count - 1].contrastWeight = entry.value
                    } else if sentences[sentences.count - 1].contrast < 0 {
                        sentences[sentences.count - 1].contrast = index
                        sentences[sentences.count - 1].contrastWeight = entry.value
                    }
                case .concessive:
                    openClause(at: index)
                    clauses[clauses.count - 1].weight = entry.value
                    clauses[clauses.count - 1].weightUnit = index
                case .request, .damper:
                    if entry.value < clauses[clauses.count - 1].damp {
                        clauses[clauses.count - 1].damp = entry.value
                        clauses[clauses.count - 1].dampUnit = index
                    }
                    if entry.kind == .request { clauses[clauses.count - 1].request = true }
                case .followup:
                    clauses[clauses.count - 1].followup = true
                default:
                    break
                }
            }
            clauseOf[index] = Int32(clauses.count - 1)
            sentenceOf[index] = Int32(sentences.count - 1)
            if isContent(index) { sentenceHasContent = true }
        }
        clauses[clauses.count - 1].end = units.count
        sentences[sentences.count - 1].end = units.count
    }

    private mutating func openClause(at index: Int) {
        if clauses[clauses.count - 1].start < index {
            clauses[clauses.count - 1].end = index
            clauses.append(Clause(start: index))
        }
    }

    /// `after_aux` contrasts ("par", "पर") are also postpositions: they count only after an
    /// auxiliary ("aata tha par") or a comma.
    private func isContrast(at index: Int, _ entry: Entry) -> Bool {
        guard entry.flags.contains(.afterAux) else { return true }
        guard index > 0 else { return false }
        if units[index - 1].kind == .boundary { return !units[index - 1].strong }
        return kind(index - 1) == .aux
    }
}
