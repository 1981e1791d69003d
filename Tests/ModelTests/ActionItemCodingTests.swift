import Foundation
import Model
import Testing

/// `ActionItem`'s storage JSON: the wire key names, and an owner this version does not know
/// reads as `unknown` instead of losing the whole stored list.
@Suite struct ActionItemCodingTests {
    @Test func roundTripsWithTheWireKeyNames() throws {
        let items = [ActionItem(text: "Share the notes", owner: .mentor, dueHint: "by Friday"), ActionItem(text: "Practise", owner: .learner)]
        let data = try JSONEncoder().encode(items)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""due_hint":"by Friday""#) && text.contains(#""owner":"mentor""#))
        #expect(!text.contains("dueHint"))
        #expect(try JSONDecoder().decode([ActionItem].self, from: data) == items)
    }

    @Test func anUnknownOwnerReadsAsUnknown() throws {
        let stored = Data(#"[{"text": "Book a slot", "owner": "program_manager"}]"#.utf8)
        #expect(try JSONDecoder().decode([ActionItem].self, from: stored) == [ActionItem(text: "Book a slot", owner: .unknown)])
    }
}
