import Model

extension ServiceContract {
    /// `mentorflow-summary`: the session facts it reads, the summary and agenda it publishes.
    public static let summary = ServiceContract(
        service: "summary", handles: SummaryEngine.subscriptions, reactions: [.summaryGenerated, .agendaGenerated])
}
