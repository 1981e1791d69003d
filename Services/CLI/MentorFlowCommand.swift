import ArgumentParser

/// `mentorflow`: the operator's and integrator's tool. Each issue adds its subcommands here.
@main
struct MentorFlowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mentorflow",
        abstract: "Operate MentorFlow: import session exports, publish events, classify feedback, summarise sessions, compute program metrics, render review reports, make dashboard users, inspect dead letters, run benchmarks.",
        subcommands: [
            ImportCommand.self, PublishCommand.self, SentimentCommand.self, SummarizeCommand.self, KeyPhrasesCommand.self, ActionsCommand.self,
            MetricsCommand.self, ReportCommand.self, UserCommand.self, DLQCommand.self, BenchCommand.self,
        ]
    )
}

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print figures (kept out of the test suite).",
        subcommands: [BenchAMQPCommand.self, BenchIngestCommand.self, BenchSentimentCommand.self, BenchSummaryCommand.self, BenchInsightsCommand.self]
    )
}
