/// A generated summary is a draft until the mentor approves it; then it is final.
public enum SummaryStatus: String, CaseIterable, Sendable {
    case draft
    case final
}

/// Who is expected to do an action item; `unknown` when the text does not say.
public enum ActionItemOwner: String, CaseIterable, Sendable {
    case mentor
    case learner
    case unknown
}

/// One thing someone agreed to do after the session.
public struct ActionItem: Sendable, Equatable {
    public var text: String
    public var owner: ActionItemOwner
    /// A due date as said in the session ("by Friday"), not a parsed date: reminders
    /// interpret it, the summary only records it.
    public var dueHint: String?

    public init(text: String, owner: ActionItemOwner, dueHint: String? = nil) {
        self.text = text
        self.owner = owner
        self.dueHint = dueHint
    }
}

/// A 1–2 line summary of a session with what it led to.
public struct SessionSummary: Sendable, Equatable {
    public var text: String
    public var keyPhrases: [String]
    public var actionItems: [ActionItem]
    /// Grows by one with each revision, so consumers keep the newest whatever the arrival order.
    public var version: Int
    public var status: SummaryStatus
    /// The extractive summary of the session's transcript or notes: its most central sentences,
    /// in their original order; empty when no transcript was submitted. Added after the first
    /// version of the event, so readers take an absent field as empty.
    public var highlights: [String]

    public init(
        text: String, keyPhrases: [String], actionItems: [ActionItem], version: Int,
        status: SummaryStatus, highlights: [String] = []
    ) {
        self.text = text
        self.keyPhrases = keyPhrases
        self.actionItems = actionItems
        self.version = version
        self.status = status
        self.highlights = highlights
    }
}

/// Storage and CLI JSON (SQLite columns, `mentorflow summarize` lines) with the wire payload's key
/// names; messages themselves still go through the codec. An owner this version does not know
/// reads as `unknown` rather than failing the whole list.
extension ActionItem: Codable {
    enum CodingKeys: String, CodingKey {
        case text, owner
        case dueHint = "due_hint"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decode(String.self, forKey: .text)
        owner = ActionItemOwner(rawValue: try container.decode(String.self, forKey: .owner)) ?? .unknown
        dueHint = try container.decodeIfPresent(String.self, forKey: .dueHint)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        try container.encode(owner.rawValue, forKey: .owner)
        try container.encodeIfPresent(dueHint, forKey: .dueHint)
    }
}
