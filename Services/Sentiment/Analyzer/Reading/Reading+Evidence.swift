import Foundation
import Model

/// The lines that say why a comment got its label: each problem (counted or excused), the
/// strongest contributions, and the contrasts, concessives, dampers and questions that weighed
/// them, so a PM (or whoever tunes a lexicon) can see the rule that decided.
extension Reading {
    private func snippet(_ start: Int32, _ end: Int32) -> String {
        let utf8 = text.utf8
        guard start >= 0, end > start, Int(end) <= utf8.count else { return "?" }
        let from = utf8.index(utf8.startIndex, offsetBy: Int(start))
        let to = utf8.index(utf8.startIndex, offsetBy: Int(min(end, start + 120)))
        let text = String(Substring(utf8[from..<to]))
        return text.isEmpty ? "?" : text
    }

    private func phrase(_ index: Int) -> String { snippet(units[index].start, units[index].end) }

    /// "+1.25", "-0.9": two decimals at most, without Double formatting (it is in the hot path).
    private func signed(_ value: Double) -> String {
        let hundredths = Int((abs(value) * 100).rounded())
        let fraction = hundredths % 100
        let decimals = fraction == 0 ? "" : fraction % 10 == 0 ? ".\(fraction / 10)" : fraction < 10 ? ".0\(fraction)" : ".\(fraction)"
        return (value < 0 && hundredths > 0 ? "-" : "+") + String(hundredths / 100) + decimals
    }

    func evidence(label: SentimentLabel, faintBest: Contribution?, mannersOnly: Bool) -> [String] {
        var lines: [String] = []
        for problem in problems.prefix(4 * Self.maxEvidence) {
            let aspect = problem.aspect.map { " (\($0.rawValue))" } ?? ""
            let what = snippet(problem.start, problem.end)
            let how = switch problem.reason {
            case .word: ""
            case .negatedExpectation: ", expected but did not happen"
            case .negatedResolution: ", not resolved"
            case .device: ", device fault"
            case .cutShort: ", session cut short"
            case .brokenPromise: ", promise not kept"
            }
            if problem.excusedBy >= 0 {
                lines.append("not counted: \"\(what)\"\(aspect): \(problem.excuse) (\"\(phrase(problem.excusedBy))\")")
            } else {
                lines.append("problem: \"\(what)\"\(aspect)\(how)")
            }
        }
        if !problems.isEmpty, let aggravator = firstUnit(of: .aggravator) {
            lines.append("aggravated: \"\(phrase(aggravator))\" (no excuse applies)")
        }
        let ranked = contributions.filter { !$0.faint || $0.unit == faintBest?.unit }.sorted { abs($0.value) > abs($1.value) }
        for contribution in ranked.prefix(8) {
            let words = snippet(contribution.start, max(contribution.end, units[contribution.unit].end))
            if contribution.elliptical {
                lines.append("\"\(words)\": balances what came before \(signed(contribution.value))")
            } else if mannersOnly, contribution.courtesy {
                lines.append("courtesy beside faint praise: \"\(words)\" (not counted)")
            } else if contribution.faint {
                lines.append("faint praise: \"\(words)\" \(signed(contribution.value))")
            } else if contribution.praisingNegation {
                lines.append("praise: \"\(words)\" (negated comparative) \(signed(contribution.value))")
            } else {
                let polarity = contribution.value >= 0 ? "positive" : "negative"
                lines.append("\(polarity): \"\(words)\"\(contribution.negated ? " (negated)" : "") \(signed(contribution.value))")
            }
        }
        for sentence in sentences {
            if sentence.contrast >= 0 {
                lines.append("contrast \"\(phrase(sentence.contrast))\": the clause after it weighs \(sentence.contrastWeight)x")
            }
        }
        for clause in clauses {
            if clause.weightUnit >= 0 {
                lines.append("concessive \"\(phrase(clause.weightUnit))\": its clause weighs \(clause.weight)x")
            }
            if usedDamper, clause.dampUnit >= 0 {
                let what = kind(clause.dampUnit) == .request ? "request" : "damper"
                lines.append("\(what) \"\(phrase(clause.dampUnit))\": sentiment in its clause x\(clause.damp)")
            }
        }
        if usedQuestion { lines.append("question: sentiment x0.25") }
        for index in units.indices where kind(index) == .domain {
            lines.append("difficulty word \"\(phrase(index))\": not a complaint")
        }
        if lines.isEmpty {
            lines.append(label == .neutral ? "no opinion or problem words" : "no evidence")
        }
        var unique: [String] = []
        for line in lines where unique.count < Self.maxEvidence && !unique.contains(line) { unique.append(line) }
        return unique
    }
}
