import ArgumentParser

/// `mentorflow`: the operator's and integrator's tool. Each issue adds its subcommands here.
@main
struct MentorFlowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mentorflow",
        abstract: "Operate MentorFlow: inspect dead letters, classify feedback, run benchmarks.",
        subcommands: [DLQCommand.self, SentimentCommand.self, BenchCommand.self]
    )
}

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks that print figures (kept out of the test suite).",
        subcommands: [BenchAMQPCommand.self, BenchSentimentCommand.self]
    )
}
