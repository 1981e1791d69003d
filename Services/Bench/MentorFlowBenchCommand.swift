import ArgumentParser

/// `mentorflow-bench`: the benchmarks, apart from the product CLI so that `mentorflow` carries
/// no benchmark code (raw librabbitmq loops, generators) and operators never run one by mistake.
/// Each prints figures, and where there is one a ratio against a baseline measured in the same
/// run, since absolute figures on a shared machine vary from run to run. Tests never assert
/// these figures; build with `-c release` for real ones.
@main
struct MentorFlowBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mentorflow-bench",
        abstract: "Benchmarks that print figures (kept out of the test suite).",
        subcommands: [
            BenchAMQPCommand.self, BenchIngestCommand.self, BenchSentimentCommand.self, BenchSummaryCommand.self, BenchInsightsCommand.self,
            BenchCodecCommand.self, BenchInsightsStallCommand.self,
        ]
    )
}
