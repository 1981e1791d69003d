import Foundation
import Testing
import TestSupport

/// `mentorflow import` and `mentorflow publish` as an operator runs them.
@Suite struct ImportCommandTests {
    func mentorflow(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        let environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        let process = try ServiceProcess(executable: "mentorflow", arguments: arguments, environment: environment)
        let status = await process.waitForExit(timeout: .seconds(60))
        return (status, process.output)
    }

    func file(_ text: String, suffix: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mf-\(UUID()).\(suffix)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func importOverHTTPPrintsTheRowReportAndFailsOnRejectedRows() async throws {
        let ingest = try await IngestServiceTests.Ingest()
        let client = ["--ingest-url", ingest.base, "--api-key", IngestServiceTests.opsKey]
        let sample = try await mentorflow(["import", IngestServiceTests.sample.path] + client)
        #expect(sample.status == 0, "\(sample.output)")
        #expect(sample.output.contains("rows read 600, accepted 600, rejected 0"))

        let csv = try String(contentsOf: IngestServiceTests.sample, encoding: .utf8).components(separatedBy: "\n")
        let broken = try file(([csv[0], csv[1].replacingOccurrences(of: "@example.com", with: "-at-example")] + csv[2...4]).joined(separator: "\n"), suffix: "csv")
        let rejected = try await mentorflow(["import", broken] + client)
        #expect(rejected.status == 1)
        #expect(rejected.output.contains("rejected 1"))
        #expect(rejected.output.contains("error   line 2, column 9 (learner_email)"))

        let event = try file(#"{"specversion":"1.0","id":"cli-1","source":"/cli","type":"mentorflow.feedback.submitted","time":"2025-05-19T16:00:00Z","data":{"session_id":"S-1","learner_id":"L-1","rating":5,"comment":"great"}}"#, suffix: "json")
        let published = try await mentorflow(["publish", event] + client)
        #expect(published.status == 0, "\(published.output)")
        let noKey = try await mentorflow(["publish", event, "--ingest-url", ingest.base], environment: ["MENTORFLOW_API_KEY": ""])
        #expect(noKey.status != 0)
        await ingest.stop()
    }

    @Test func importStraightToTheBroker() async throws {
        let ingest = try await IngestServiceTests.Ingest() // for its capture queue on a private exchange
        let result = try await mentorflow(["import", IngestServiceTests.sample.path, "--amqp", "--exchange", ingest.exchange])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("rows read 600, accepted 600"))
        // Wait for every event the import confirmed, not for the first 600 of them: the consumer
        // may pause longer than the quiet period on a loaded machine with fewer in hand.
        let confirmed = try #require(result.output.firstMatch(of: /events published (\d+)/).flatMap { Int($0.1) }, "\(result.output)")
        let events = try await ingest.published(atLeast: confirmed)
        #expect(events.count == confirmed)
        #expect(events.filter { $0.eventType == .sessionScheduled }.count == 600)
        await ingest.stop()
    }
}
