import ArgumentParser

struct BenchAMQPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "amqp", abstract: "AMQP throughput: async layer against raw librabbitmq.")
    func run() async throws {}
}
