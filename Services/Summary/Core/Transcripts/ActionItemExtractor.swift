import Foundation
import Model

/// Finds the sentences of a transcript that commit someone to do something, with the owner and
/// a due hint.
///
/// Commitment forms (on lower-cased words, so no regular expressions):
/// - English: a person subject and a modal ("I will share", "you'll practise", "we need to",
///   "Asha has to", "I'm going to", "agreed to"); "next step", "action item", "homework", "to do";
///   an imperative verb opening the sentence ("Practice two problems by Friday").
/// - Hinglish: first-person future verbs ("bhejunga", "karungi", "karenge"), obligations
///   ("karna hai", "padhna hai"), imperatives ("karo", "bhej dena", "kar lena").
/// Questions and negated commitments ("I won't", "nahi karunga") are skipped.
///
/// Owner: "I"/"we"/"main"/"hum" is the speaker's role (from the line's label) when known; "you",
/// "aap", "tum" and the learner's name are the learner (the mentor, when the learner speaks);
/// the mentor's name, "sir", "mentor" are the mentor; an imperative is for whoever the speaker
/// addresses (the learner unless the learner speaks); anything else is unknown.
public struct ActionItemExtractor: Sendable {
    public init() {}

    /// An item's text is cut at this many characters.
    public static let maxItemLength = 300

    public func extract(_ sentences: [TranscriptSentence], participants: SessionParticipants) -> [ActionItem] {
        var items: [ActionItem] = []
        var seen = Set<String>()
        for sentence in sentences {
            guard let owner = commitment(in: sentence, participants: participants) else { continue }
            let text = Self.itemText(sentence.text)
            guard seen.insert(text.lowercased()).inserted else { continue }
            items.append(ActionItem(text: text, owner: owner, dueHint: DueHint.find(in: sentence.words)))
            if items.count == Limits.listCount { break }
        }
        return items
    }

    /// The owner when the sentence is a commitment, nil when it is not one.
    func commitment(in sentence: TranscriptSentence, participants: SessionParticipants) -> ActionItemOwner? {
        let trimmed = sentence.text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("?") { return nil }
        let keys = sentence.words.map(\.key)
        guard !keys.isEmpty else { return nil }
        let speaker = sentence.speaker.flatMap { participants.role(named: $0) }
        let addressee: ActionItemOwner = speaker == .learner ? .mentor : .learner

        func person(_ key: String) -> ActionItemOwner? {
            switch key {
            case "i", "we", "main", "mai", "hum", "ham", "mujhe", "humein", "hume", "maine", "hamne", "i'm", "we're", "let's":
                return speaker ?? .unknown
            case "you", "aap", "aapko", "tum", "tumhe", "tumko", "you're", "aapne", "tumne":
                return addressee
            default:
                if let role = participants.role(key: key) { return role }
                if key.hasSuffix("'ll"), let role = person(String(key.dropLast(3))) { return role }
                return nil
            }
        }

        // "Today we will go through your resume": the session's own plan, not a commitment.
        if keys.contains(where: { $0 == "today" || $0 == "now" }), keys.contains(where: Self.conversationVerbs.contains) {
            return nil
        }
        // English: subject + modal (+ "to").
        for (index, key) in keys.enumerated() {
            if key.hasSuffix("'ll"), let owner = person(String(key.dropLast(3))), !Self.negated(keys, after: index) {
                return owner
            }
            guard index > 0, let owner = person(keys[index - 1]) else { continue }
            let next = index + 1 < keys.count ? keys[index + 1] : ""
            let commits: Bool
            switch key {
            case "will", "shall", "must", "should": commits = true
            case "need", "needs", "has", "have", "plan", "plans", "agreed", "promised", "committed", "going":
                commits = next == "to"
            case "am", "are", "is": commits = next == "going" && index + 2 < keys.count && keys[index + 2] == "to"
            default: commits = false
            }
            if key == "going", keys[index - 1] == "i'm" || keys[index - 1] == "we're" || keys[index - 1] == "you're", next == "to" {
                if !Self.negated(keys, after: index) { return owner }
            }
            if commits, !Self.negated(keys, after: index) { return owner }
        }
        // "i'm going to" where the contraction is the subject.
        if let index = keys.firstIndex(where: { $0 == "i'm" || $0 == "we're" || $0 == "you're" }),
            index + 2 < keys.count, keys[index + 1] == "going", keys[index + 2] == "to", let owner = person(keys[index]) {
            return owner
        }

        // Hinglish: first-person future, obligation, imperative.
        let subject = keys.lazy.compactMap(person).first
        if keys.contains(where: Self.isHinglishNegation) { return nil }
        for (index, key) in keys.enumerated() {
            if Self.isHinglishFuture(key) {
                if key.hasSuffix("enge") || key.hasSuffix("oge") { return subject ?? speaker ?? .unknown }
                return keys.contains(where: { ["aap", "tum"].contains($0) }) ? addressee : (speaker ?? subject ?? .unknown)
            }
            if index + 1 < keys.count, Self.isInfinitive(key), ["hai", "h", "hain", "he", "hoga", "padega", "padegi"].contains(keys[index + 1]) {
                return subject ?? .unknown
            }
            if Self.hinglishImperatives.contains(key) { return subject ?? addressee }
            if index + 1 < keys.count, ["dena", "lena", "do", "lo", "dijiye", "lijiye"].contains(keys[index + 1]),
                ["kar", "bhej", "dekh", "padh", "likh", "bana", "share", "complete", "submit", "update", "practice", "revise"].contains(key) {
                return subject ?? addressee
            }
        }

        // Markers that name a task whoever does it.
        let joined = " " + keys.joined(separator: " ") + " "
        for marker in [" next step", " action item", " homework", " to do ", " to-do ", " todo ", " assignment ", " follow up on ", " follow-up on "]
        where joined.contains(marker) {
            return subject ?? .unknown
        }

        // An imperative verb opening the sentence (after "please", "also", "and", "then", "so").
        var first = 0
        while first < keys.count, ["please", "also", "and", "then", "so", "just", "kindly", "ok", "okay"].contains(keys[first]) { first += 1 }
        if first < keys.count, Self.imperatives.contains(keys[first]) {
            return addressee
        }
        return nil
    }

    static func negated(_ keys: [String], after index: Int) -> Bool {
        let window = keys[(index + 1)..<min(keys.count, index + 3)]
        return window.contains { ["not", "never", "no"].contains($0) } || ["won't", "can't", "shouldn't", "mustn't"].contains(keys[index])
    }

    static func isHinglishNegation(_ key: String) -> Bool {
        key == "nahi" || key == "nahin" || key == "mat" || key == "nai"
    }

    static func isHinglishFuture(_ key: String) -> Bool {
        guard key.count >= 5, key.unicodeScalars.allSatisfy({ $0.isASCII }) else { return false }
        return ["unga", "ungi", "oonga", "oongi", "enge", "engi", "oge", "ogi"].contains { key.hasSuffix($0) }
            && !["change", "challenge", "arrange", "exchange", "range", "strange", "engine", "huge"].contains(key)
    }

    /// Romanised Hindi infinitives: "karna", "padhna", "bhejni", "banane".
    static func isInfinitive(_ key: String) -> Bool {
        guard key.count >= 4, key.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic }) else { return false }
        return key.hasSuffix("na") || key.hasSuffix("ni") || key.hasSuffix("ne")
    }

    /// Verbs that describe the conversation itself ("we will go through", "let's discuss").
    static let conversationVerbs: Set<String> = ["go", "discuss", "cover", "talk", "look", "focus", "walk", "begin"]

    static let hinglishImperatives: Set<String> = [
        "karo", "karlo", "karna", "bhejo", "padho", "likho", "dekho", "banao", "sikho", "bhejiye", "kariye", "dekhiye", "padhiye",
    ]

    static let imperatives: Set<String> = [
        "practice", "practise", "share", "send", "complete", "finish", "solve", "update", "revise", "review", "prepare",
        "read", "watch", "submit", "apply", "book", "schedule", "email", "write", "build", "push", "record", "try", "add",
        "fix", "rewrite", "polish", "research", "list", "draft", "upload", "connect", "reach", "start", "create", "follow",
        "implement", "refactor", "learn", "study", "go", "make", "set", "plan", "remember", "note",
    ]

    static func itemText(_ sentence: String) -> String {
        var text = sentence.trimmingCharacters(in: .whitespaces)
        while let last = text.last, last == "." || last == "!" || last == "\u{0964}" { text.removeLast() }
        if text.count > maxItemLength {
            let prefix = text.prefix(maxItemLength)
            text = String(prefix.lastIndex(of: " ").map { prefix[..<$0] } ?? prefix) + "…"
        }
        if let first = text.first, first.isLowercase { text = first.uppercased() + text.dropFirst() }
        return text
    }
}
