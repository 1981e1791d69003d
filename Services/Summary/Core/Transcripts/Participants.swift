import Foundation
import Model

/// Who was in the session, so a transcript's speaker labels and names map to roles.
public struct SessionParticipants: Sendable, Equatable {
    public let mentorName: String?
    public let learnerName: String?
    /// Lower-cased words that name each role: the role words, the full name and each of its words
    /// of three letters or more ("vikram" for "Vikram Singh"). Built once, looked up per word.
    private let mentorKeys: Set<String>
    private let learnerKeys: Set<String>

    public init(mentorName: String? = nil, learnerName: String? = nil) {
        self.mentorName = mentorName
        self.learnerName = learnerName
        mentorKeys = Self.mentorWords.union(Self.keys(mentorName))
        // A word in both names (a shared surname) names neither.
        let learner = Self.learnerWords.union(Self.keys(learnerName))
        learnerKeys = learner.subtracting(Self.keys(mentorName))
    }

    /// The role a speaker label or a subject word names, if any: "Mentor", "Vikram", "Vikram
    /// Singh", "sir" → mentor; "Learner", "Student", "Asha" → learner.
    func role(named label: String) -> ActionItemOwner? {
        role(key: Word.normalize(label))
    }

    /// The same for a word already normalised.
    func role(key: String) -> ActionItemOwner? {
        if mentorKeys.contains(key) { return .mentor }
        if learnerKeys.contains(key) { return .learner }
        return nil
    }

    static let mentorWords: Set<String> = ["mentor", "sir", "ma'am", "maam", "coach", "interviewer"]
    static let learnerWords: Set<String> = ["learner", "student", "mentee", "candidate", "interviewee"]

    static func keys(_ name: String?) -> Set<String> {
        guard let name else { return [] }
        let full = Word.normalize(name).trimmingCharacters(in: .whitespaces)
        guard !full.isEmpty else { return [] }
        var keys: Set<String> = [full]
        for part in full.split(separator: " ") where part.count >= 3 { keys.insert(String(part)) }
        return keys
    }
}
