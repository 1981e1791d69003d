import Model

/// A summary without its version: what is compared to decide whether a revision is due.
public struct SummaryContent: Sendable, Equatable {
    public var text: String
    public var keyPhrases: [String]
    public var actionItems: [ActionItem]
    public var highlights: [String]
    public var status: SummaryStatus

    public init(text: String, keyPhrases: [String], actionItems: [ActionItem], highlights: [String], status: SummaryStatus) {
        self.text = text
        self.keyPhrases = keyPhrases
        self.actionItems = actionItems
        self.highlights = highlights
        self.status = status
    }

    public func summary(version: Int) -> SessionSummary {
        SessionSummary(text: text, keyPhrases: keyPhrases, actionItems: actionItems, version: version, status: status, highlights: highlights)
    }
}
