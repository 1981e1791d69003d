import Model

/// Who was in the session, so a transcript's speaker labels and names map to roles.
public struct SessionParticipants: Sendable, Equatable {
    public var mentorName: String?
    public var learnerName: String?

    public init(mentorName: String? = nil, learnerName: String? = nil) {
        self.mentorName = mentorName
        self.learnerName = learnerName
    }

    /// The role a speaker label or a subject word names, if any: "Mentor", "Vikram", "Vikram
    /// Singh", "sir" → mentor; "Learner", "Student", "Asha" → learner.
    func role(named label: String) -> ActionItemOwner? {
        let key = Word.normalize(label)
        if Self.mentorWords.contains(key) { return .mentor }
        if Self.learnerWords.contains(key) { return .learner }
        if let mentorName, Self.matches(key, name: mentorName) { return .mentor }
        if let learnerName, Self.matches(key, name: learnerName) { return .learner }
        return nil
    }

    static let mentorWords: Set<String> = ["mentor", "sir", "ma'am", "maam", "coach", "interviewer"]
    static let learnerWords: Set<String> = ["learner", "student", "mentee", "candidate", "interviewee"]

    /// The full name or any of its words of three letters or more ("Vikram" for "Vikram Singh").
    static func matches(_ key: String, name: String) -> Bool {
        let full = Word.normalize(name)
        if key == full { return true }
        return full.split(separator: " ").contains { $0.count >= 3 && $0 == key }
    }
}
