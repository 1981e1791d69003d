import Foundation
import Model
import Testing
import SentimentAnalysis

/// Patterns the analyser once misread on the program's sample export, each as comments written
/// afresh in other wording (`Fixtures/misread_patterns.jsonl`, English and Hinglish, a `pattern`
/// field per line), with counter-examples that must keep their label. Every line must be read
/// exactly: these are rules, so a single miss means a rule broke.
///
/// - `never_before`: "never had such clarity before", "itni clarity pehle kabhi nahi mili" affirm
///   the praise; "never had such a rude mentor" stays negative.
/// - `anticipation`: "looking forward to the next call", "agle session ka intezaar rahega" are
///   satisfaction; "made me wait twenty minutes" stays a punctuality problem.
/// - `learner_explained`: a subject-less own absence or reschedule explained by a cause ("Had to
///   move it because of my exam", "exam ki wajah se reschedule karna pada") and the learner's own
///   bad connection ("my broadband was terrible") are neutral; a cause naming the mentor, "again"
///   or "last minute" stays negative.
/// - `resolved_reschedule`: a reschedule with the new slot already booked is neutral; "no new
///   slot", "third time" stay negative.
/// - `courtesy_with_faint`: "ok, thanks" is faint praise plus manners (neutral); thanks with real
///   praise, or alone, is positive.
/// - `changed_approach`: "that changed how I prepare", "soch badal gayi" is praise.
@Suite struct MisreadPatternTests {
    struct Item: Decodable {
        var id: String
        var text: String
        var label: String
        var lang: String
        var pattern: String
    }

    static let items: [Item] = {
        let path = repositoryRoot.appendingPathComponent("Tests/SentimentTests/Fixtures/misread_patterns.jsonl")
        guard let data = FileManager.default.contents(atPath: path.path) else { return [] }
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONDecoder().decode(Item.self, from: Data($0)) }
    }()

    static let patterns = ["never_before", "anticipation", "learner_explained", "resolved_reschedule", "courtesy_with_faint", "changed_approach"]

    @Test func everyLineIsDecodedAndEveryPatternHasBothSides() {
        #expect(Self.items.count == 53)
        for pattern in Self.patterns {
            let labels = Set(Self.items.filter { $0.pattern == pattern }.map(\.label))
            #expect(labels.count >= 2, "\(pattern) has examples and counter-examples")
        }
        #expect(Set(Self.items.map(\.pattern)) == Set(Self.patterns))
    }

    @Test(arguments: patterns) func everyCommentOfThePatternIsReadByThePolicy(pattern: String) {
        let items = Self.items.filter { $0.pattern == pattern }
        #expect(items.count >= 5)
        for item in items {
            let result = analyzer.analyze(item.text)
            #expect(result.label.rawValue == item.label, "\(item.id) \(item.text) → \(result.label): \(result.evidence)")
        }
    }
}
