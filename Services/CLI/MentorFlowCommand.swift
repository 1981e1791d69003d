import ArgumentParser

/// `mentorflow`: the operator's and integrator's tool. Each issue adds its subcommands here.
/// Benchmarks are a separate executable, `mentorflow-bench` (`Services/Bench`).
@main
struct MentorFlowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mentorflow",
        abstract: "Operate MentorFlow: import session exports, publish events, classify feedback, summarise sessions, compute program metrics, render review reports, make dashboard users, inspect dead letters, show who produces and consumes each event.",
        subcommands: [
            ImportCommand.self, PublishCommand.self, SentimentCommand.self, SummarizeCommand.self, KeyPhrasesCommand.self, ActionsCommand.self,
            MetricsCommand.self, ReportCommand.self, UserCommand.self, DLQCommand.self, EventsCommand.self,
        ]
    )
}
