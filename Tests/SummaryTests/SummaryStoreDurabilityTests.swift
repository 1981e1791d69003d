import Foundation
import GRDB
@testable import SummaryCore
import Testing

/// The summary store commits durably: `synchronous=FULL`, so what the service acked survives a power loss.
@Suite struct SummaryStoreDurabilityTests {
    @Test func theStoreFileCommitsDurably() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("summary-\(UUID().uuidString.prefix(8))")
        let store = try SummaryStore(directory: directory, name: "summary")
        #expect(try store.read { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
        #expect(try store.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
    }
}
