import Foundation
import Model
import Testing
@testable import SentimentAnalysis

/// The labelled development corpus (`<repo>/../shared/data/feedback_dev.jsonl`): macro-F1 and
/// negative-class F1 must stay at or above 0.90 overall. Per-language figures are printed.
@Suite struct DevSetTests {
    struct Item: Decodable {
        var id: String
        var text: String
        var label: String
        var lang: String
    }

    static func f1(gold: [SentimentLabel], predicted: [SentimentLabel], of label: SentimentLabel) -> Double {
        let truePositives = zip(gold, predicted).filter { $0 == label && $1 == label }.count
        let predictedCount = predicted.filter { $0 == label }.count
        let goldCount = gold.filter { $0 == label }.count
        guard predictedCount > 0, goldCount > 0, truePositives > 0 else { return 0 }
        let precision = Double(truePositives) / Double(predictedCount)
        let recall = Double(truePositives) / Double(goldCount)
        return 2 * precision * recall / (precision + recall)
    }

    /// Macro-F1 over the classes present in gold or predictions (the evaluator's per-language rule).
    static func macroF1(gold: [SentimentLabel], predicted: [SentimentLabel]) -> Double {
        let classes = SentimentLabel.allCases.filter { gold.contains($0) || predicted.contains($0) }
        return classes.map { f1(gold: gold, predicted: predicted, of: $0) }.reduce(0, +) / Double(max(1, classes.count))
    }

    @Test func macroAndNegativeF1AtLeastNinety() throws {
        try check(repositoryRoot.appendingPathComponent("../shared/data/feedback_dev.jsonl").standardizedFileURL, count: 300)
    }

    /// 174 comments in other wording, written and labelled by the label policy after the rules
    /// were first tuned on the dev set (`Fixtures/written_after.jsonl`): a second guard against
    /// rules that only fit the dev sentences.
    @Test func commentsWrittenAfterwardsStayAboveNinety() throws {
        try check(repositoryRoot.appendingPathComponent("Tests/SentimentTests/Fixtures/written_after.jsonl"), count: 174)
    }

    private func check(_ path: URL, count: Int) throws {
        let data = try #require(FileManager.default.contents(atPath: path.path), "missing \(path.path)")
        let items = try data.split(separator: UInt8(ascii: "\n")).map { try JSONDecoder().decode(Item.self, from: Data($0)) }
        #expect(items.count == count)
        let gold = items.map { SentimentLabel(rawValue: $0.label) ?? .neutral }
        let predicted = items.map { analyzer.analyze($0.text).label }
        // Overall macro-F1 averages all three classes, as the evaluator does.
        let macro = SentimentLabel.allCases.map { Self.f1(gold: gold, predicted: predicted, of: $0) }.reduce(0, +) / 3
        let negative = Self.f1(gold: gold, predicted: predicted, of: .negative)
        var report = String(format: "\(path.lastPathComponent): macro-F1 %.3f, negative F1 %.3f", macro, negative)
        for language in ["en", "hinglish", "hi", "mixed"] {
            let indices = items.indices.filter { items[$0].lang == language }
            let figure = Self.macroF1(gold: indices.map { gold[$0] }, predicted: indices.map { predicted[$0] })
            report += String(format: "; %@ %.3f (n=%d)", language, figure, indices.count)
        }
        print(report)
        #expect(macro >= 0.90, "\(report)")
        #expect(negative >= 0.90, "\(report)")
    }
}
