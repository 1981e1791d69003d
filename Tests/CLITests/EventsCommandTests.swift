import Foundation
import Testing
import TestSupport

/// `mentorflow events` run as a process: who produces and who consumes an event, in one look.
@Suite struct EventsCommandTests {
    @Test func oneEventShowsItsProducerAndConsumers() async throws {
        let process = try ServiceProcess(executable: "mentorflow", arguments: ["events", "session.flagged"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(await process.waitForExit() == 0, "\(process.output)")
        let lines = process.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "header, rule, one row:\n\(process.output)")
        let row = try #require(lines.last)
        #expect(row.hasPrefix("session.flagged"))
        #expect(row.contains("insights (flag sweeper via outbox)"))
    }

    @Test func everyEventTypeHasARow() async throws {
        let process = try ServiceProcess(executable: "mentorflow", arguments: ["events"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(await process.waitForExit() == 0, "\(process.output)")
        let lines = process.output.split(separator: "\n")
        #expect(lines.first?.hasPrefix("EVENT") == true)
        #expect(lines.count == 2 + 20, "header, rule and the 20 event types:\n\(process.output)")
        #expect(lines.contains { $0.hasPrefix("feedback.submitted") && $0.contains("sentiment, summary, insights") })
    }

    @Test func unknownEventIsAUsageError() async throws {
        let process = try ServiceProcess(executable: "mentorflow", arguments: ["events", "session.exploded"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(await process.waitForExit() == 64, "\(process.output)")
        #expect(process.output.contains("unknown event type session.exploded"))
    }
}
