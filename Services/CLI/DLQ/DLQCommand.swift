import AMQP
import ArgumentParser
import Codec
import CLISupport
import Foundation
import ServiceKit

struct DLQCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "Inspect and replay dead-lettered messages.",
        discussion: "QUEUE is a service queue (sentiment.events) or its dead-letter queue (sentiment.events.dlq).",
        subcommands: [List.self, Show.self, Replay.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per dead-lettered message: position, id, type, reason.")
        @OptionGroup var broker: BrokerOptions
        @Argument(help: "The queue.") var queue: String
        @Option(help: "At most this many messages.") var limit = 100

        func run() async throws {
            try await broker.withConnection { connection in
                let entries = try await DeadLetterQueue(connection: connection, queue: queue).list(limit: limit)
                if entries.isEmpty { print("\(queue): no dead-lettered messages") }
                for entry in entries {
                    print("\(entry.position)\t\(entry.messageID ?? "-")\t\(entry.routingKey)\t\(entry.failedAt ?? "-")\t\(entry.reason)")
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A dead-lettered message in full: reason, headers, body.")
        @OptionGroup var broker: BrokerOptions
        @Argument(help: "The queue.") var queue: String
        @Option(help: "The message id (CloudEvents id).") var id: String?
        @Option(help: "The position shown by `list`.") var position: Int?

        func validate() throws {
            guard (id == nil) != (position == nil) else { throw ValidationError("give exactly one of --id or --position") }
        }

        func run() async throws {
            try await broker.withConnection { connection in
                let entries = try await DeadLetterQueue(connection: connection, queue: queue).list(limit: 10_000)
                guard let entry = entries.first(where: { $0.messageID == id || $0.position == position }) else {
                    throw ValidationError("no such message in \(queue)")
                }
                print("position:     \(entry.position)")
                print("message id:   \(entry.messageID ?? "-")")
                print("routing key:  \(entry.routingKey)")
                print("from queue:   \(entry.sourceQueue ?? "-")")
                print("failed at:    \(entry.failedAt ?? "-")")
                print("reason:       \(entry.reason)")
                for (key, value) in entry.delivery.properties.headers.sorted(by: { $0.key < $1.key }) {
                    print("header \(key): \(value.stringValue ?? "\(value)")")
                }
                print("body (\(entry.delivery.body.count) bytes):")
                print(String(decoding: entry.delivery.body, as: UTF8.self))
            }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish dead-lettered messages back to mentorflow.events (confirmed), then remove them from the DLQ.")
        @OptionGroup var broker: BrokerOptions
        @Argument(help: "The queue.") var queue: String
        @Option(help: "Replay only the message with this id.") var id: String?
        @Flag(help: "Replay every message in the queue.") var all = false

        func validate() throws {
            guard (id != nil) != all else { throw ValidationError("give either --id ID or --all") }
        }

        func run() async throws {
            let wanted = id
            try await broker.withConnection { connection in
                let replayed = try await DeadLetterQueue(connection: connection, queue: queue)
                    .replay { entry in wanted == nil || entry.messageID == wanted }
                for entry in replayed { print("replayed \(entry.messageID ?? "-") as \(entry.routingKey)") }
                print("\(replayed.count) message(s) replayed")
                if wanted != nil, replayed.isEmpty { throw ExitCode(1) }
            }
        }
    }
}
