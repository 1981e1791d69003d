import Foundation
import Model

/// The verdict from the passes' findings: the label (any problem that counts → negative;
/// otherwise the sentiment sum decides at ±0.5, faint praise counting once and only a little, so
/// "ok", "decent", "fine I guess" stay neutral), the score, the confidence and the aspects.
extension Reading {
    /// The analyser's result for this comment, once `run()` has made every pass.
    func result(language: FeedbackLanguage, version: String) -> SentimentResult {
        var sentiment = 0.0
        var faintBest: Contribution?
        var courtesy = 0.0
        var opinion = false
        for contribution in contributions {
            if contribution.faint {
                if abs(contribution.value) > abs(faintBest?.value ?? 0) { faintBest = contribution }
            } else if contribution.courtesy {
                courtesy += contribution.value
            } else {
                sentiment += contribution.value
                opinion = true
            }
        }
        // "ok, thanks", "fine, thank you": beside faint praise only, thanks is manners, not an opinion.
        let mannersOnly = faintBest != nil && !opinion
        if !mannersOnly { sentiment += courtesy }
        sentiment += faintBest?.value ?? 0
        var activeCount = 0
        var problemWeight = 0.0
        for problem in problems where problem.excusedBy < 0 {
            activeCount += 1
            problemWeight += problem.severity
        }

        let label: SentimentLabel
        if activeCount > 0 {
            label = .negative
        } else if sentiment >= Self.threshold {
            label = .positive
        } else if sentiment <= -Self.threshold {
            label = .negative
        } else {
            label = .neutral
        }
        let total = sentiment - problemWeight
        var score = total / (total * total + 4).squareRoot()
        switch label {
        case .negative: score = min(score, -0.15)
        case .positive: score = max(score, 0.15)
        case .neutral: break
        }
        score = (max(-1, min(1, score)) * 1000).rounded() / 1000

        let confidence: Double
        if activeCount > 0 {
            // Praise beside a problem (contrast, sarcasm) lowers it.
            confidence = 0.8 + 0.05 * Double(min(activeCount, 3)) - (sentiment > 1 ? 0.2 : 0)
        } else {
            let margin = switch label {
            case .positive: sentiment - Self.threshold
            case .negative: -Self.threshold - sentiment
            case .neutral: Self.threshold - abs(sentiment)
            }
            confidence = contributions.isEmpty && problems.isEmpty ? 0.7 : 0.55 + 0.4 * (1 - exp(-2 * margin))
        }

        return SentimentResult(
            label: label, score: score, confidence: (max(0, min(1, confidence)) * 1000).rounded() / 1000, language: language,
            aspects: aspects(faintBest: faintBest), evidence: evidence(label: label, faintBest: faintBest, mannersOnly: mannersOnly), analyzerVersion: version)
    }

    private func aspects(faintBest: Contribution?) -> [Aspect] {
        // A bit per position in `Aspect.allCases`, which is also the output order.
        var found: UInt32 = 0
        func insert(_ aspect: Aspect) { found |= 1 << UInt32(Self.aspectIndex[aspect] ?? 0) }
        for problem in problems { if let aspect = problem.aspect { insert(aspect) } }
        for contribution in contributions where abs(contribution.value) > 0.05 {
            if let aspect = entry(contribution.unit)?.aspect { insert(aspect) }
        }
        for clause in clauses where clause.followup {
            let question = clause.start < units.count && sentences[Int(sentenceOf[min(clause.start, units.count - 1)])].question
            if clause.request || question { insert(.followUpRequested) }
        }
        guard found != 0 else { return [.none] }
        var ordered: [Aspect] = []
        for (index, aspect) in Aspect.allCases.enumerated() where aspect != .none && found & (1 << UInt32(index)) != 0 { ordered.append(aspect) }
        return ordered
    }

    private static let aspectIndex: [Aspect: Int] = Dictionary(uniqueKeysWithValues: Aspect.allCases.enumerated().map { ($1, $0) })
}
