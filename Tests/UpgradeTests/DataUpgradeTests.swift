import Foundation
import InsightsCore
import Model
import ServiceKit
import SummaryCore
import Testing

/// A data folder written by the released services (Fixtures/release-data, made by
/// Fixtures/generate-release-data.sh from the release's binaries: 12 sample rows through summary
/// and insights) opens with this tree's code, in place: the stores open and migrate, the read
/// models still hold what was applied, and the inboxes still know every processed event, so a
/// redelivery after the upgrade has no second effect.
@Suite struct DataUpgradeTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/release-data")

    /// A copy of the fixture (opening migrates in place; the committed files stay as released).
    private func dataFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mf-upgrade-\(UUID().uuidString.prefix(8))")
        try FileManager.default.copyItem(at: Self.fixture, to: folder)
        return folder
    }

    /// `<inbox name> <source> <id>` per line.
    private func processedEvents() throws -> [(inbox: String, source: String, id: String)] {
        try String(contentsOf: Self.fixture.appendingPathComponent("processed-events.txt"), encoding: .utf8)
            .split(separator: "\n").map { line in
                let parts = line.split(separator: " ").map(String.init)
                return (parts[0], parts[1], parts[2])
            }
    }

    @Test func theInboxesStillKnowEveryProcessedEvent() async throws {
        let folder = try dataFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let events = try processedEvents()
        #expect(events.count == 99, "the fixture's manifest")
        for name in ["summary", "insights"] {
            let inbox = try Inbox(directory: folder, name: name)
            let processed = events.filter { $0.inbox == name }
            #expect(!processed.isEmpty)
            for event in processed {
                #expect(try await inbox.isProcessed(source: event.source, id: event.id), "\(name) forgot \(event.source) \(event.id)")
            }
            #expect(try await !inbox.isProcessed(source: "/mentorflow/ingest/csv", id: "never-seen"))
        }
    }

    @Test func theStoresOpenWithWhatWasApplied() throws {
        let folder = try dataFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let insights = try InsightsStore(path: folder.appendingPathComponent("insights.sqlite").path)
        #expect(try insights.records().count == 12)
        #expect(try insights.eventCount() == 66)
        #expect(try insights.session(id: SessionID(rawValue: "S-000001")) != nil)

        let summary = SummaryEngine(store: try SummaryStore(directory: folder, name: "summary"), name: "summary")
        #expect(try summary.currentSummary(SessionID(rawValue: "S-000001")) != nil)
        #expect(try summary.currentSummary(SessionID(rawValue: "S-000002")) != nil)
    }
}
