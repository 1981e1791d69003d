import ArgumentParser
import CLISupport
import Model
import SystemContracts

/// `mentorflow events [TYPE]`: who produces and who consumes each event type, from the contracts
/// the services declare (`SystemContracts`), so the answer is one look instead of a code search.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Show which services produce and consume each event type (or one type), as the services declare it.")

    @Argument(help: "One event name, e.g. session.flagged; all event types when omitted.")
    var type: String?

    @ArgumentParser.Flag(help: "Print the table as Markdown (the README's copy).")
    var markdown = false

    func run() throws {
        if markdown {
            guard type == nil else { throw ValidationError("--markdown prints the whole table; leave out the event name") }
            print(SystemContracts.markdownTable, terminator: "")
            return
        }
        let routes: [EventRoute]
        if let type {
            guard let eventType = EventType(rawValue: type) else {
                throw ValidationError("unknown event type \(type); known: \(EventType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            routes = [SystemContracts.route(of: eventType)]
        } else {
            routes = SystemContracts.routes
        }
        let rows = [["EVENT", "PRODUCED BY", "CONSUMED BY"]] + routes.map { [$0.type.rawValue, $0.producersText, $0.consumersText] }
        TextTable.lines(rows, leftAligned: [0, 1, 2]).forEach { print($0) }
    }
}
