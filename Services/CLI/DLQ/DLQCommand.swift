import ArgumentParser

struct DLQCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "Inspect and replay dead-lettered messages.",
        subcommands: []
    )
}
