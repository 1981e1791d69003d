import Foundation
import Testing
import TestSupport

/// `mentorflow metrics` run as a process: its JSON equals the truth file key by key.
@Suite struct MetricsCommandTests {
    private func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = try ServiceProcess(executable: "mentorflow", arguments: arguments, environment: ["PATH": "/usr/bin:/bin"])
        let status = await process.waitForExit(timeout: .seconds(60))
        return (status, process.output)
    }

    @Test func jsonOfTheSampleEqualsTheTruthFile() async throws {
        let (status, output) = try await run(["metrics", "--csv", SampleData.csv.path, "--json"])
        #expect(status == 0, "\(output.prefix(2000))")
        let ours = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "JSON on stdout:\n\(output.prefix(500))")
        let truth = try SampleData.truth()
        var problems: [String] = []
        for key in SampleData.exactKeys {
            problems += JSONComparison.differences(expected: truth[key]!, actual: ours[key], path: key)
        }
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
        for key in ["negative_feedback_ids", "feedback_sentiment_counts", "feedback_sentiment_labels"] {
            #expect(ours[key] != nil, "the sentiment figure \(key) is there")
        }
    }

    @Test func tableNamesTheSnapshotFigures() async throws {
        let (status, output) = try await run(["metrics", "--csv", SampleData.csv.path])
        #expect(status == 0, "\(output.prefix(2000))")
        #expect(output.contains("Program snapshot (600 sessions)"))
        #expect(output.contains("65.5%"), "completion rate 0.655")
        #expect(output.contains("M-015"))
    }

    @Test func rejectedRowsAreReportedAndTheRestCounted() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID()).csv")
        let lines = try String(contentsOf: SampleData.csv, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let header = lines[0]
        let broken = "S-X,Data Science,DS-1,M-001,A,cluster-a,L-1,B,b@example.com,Mock Interview,not-a-date,45,,Cancelled,No,No,,,No"
        try ([String(header), String(lines[1]), broken].joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output) = try await run(["metrics", "--csv", file.path, "--json"])
        #expect(status == 1)
        #expect(output.contains("scheduled_at"), "the problem names the field:\n\(output)")
        #expect(output.contains("\"total\" : 1"), "the valid row still counts:\n\(output)")
    }
}
