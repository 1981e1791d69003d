import Codec
import Foundation
import Model
import ServiceKit
import Synchronization
import Testing
import TestSupport
@testable import IngestCore

/// Records what would be published: the import logic is tested here without a broker
/// (IngestServiceTests run the same import through the real service and broker).
final class RecordingPublisher: EventPublisher {
    let events = Mutex<[CloudEvent]>([])
    func publish(_ batch: [CloudEvent]) async throws { events.withLock { $0.append(contentsOf: batch) } }
    var all: [CloudEvent] { events.withLock { $0 } }
}

struct Chunks: AsyncSequence, Sendable {
    let bytes: [UInt8]
    let size: Int
    struct AsyncIterator: AsyncIteratorProtocol {
        let bytes: [UInt8]
        let size: Int
        var offset = 0
        mutating func next() async -> [UInt8]? {
            guard offset < bytes.count else { return nil }
            defer { offset += size }
            return Array(bytes[offset..<Swift.min(offset + size, bytes.count)])
        }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(bytes: bytes, size: size) }
}

@Suite struct CSVImportTests {
    static var sample: URL { TestBroker.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/sessions_sample.csv") }

    struct Truth: Decodable {
        let total: Int
        let counts: Counts
        struct Counts: Decodable {
            let status: [String: Int]
            let rated: Int
        }
    }

    @Test func theSampleExportImportsWithTheTruthFilesCounts() async throws {
        let bytes = Array(try Data(contentsOf: Self.sample))
        let truth = try JSONDecoder().decode(Truth.self, from: Data(contentsOf: Self.sample.deletingPathExtension().appendingPathExtension("truth.json")))
        let publisher = RecordingPublisher()
        let report = try await CSVImport(publisher: publisher, batchSize: 64).run(Chunks(bytes: bytes, size: 4096))
        #expect(report.rowsRead == truth.total)
        #expect(report.rowsAccepted == truth.total, "\(report.errors.prefix(5))")
        #expect(report.rowsRejected == 0)
        let events = publisher.all
        #expect(report.eventsPublished == events.count)
        func count(_ type: EventType) -> Int { events.filter { $0.eventType == type }.count }
        #expect(count(.sessionScheduled) == truth.total)
        #expect(count(.sessionCompleted) == truth.counts.status["Completed"])
        #expect(count(.sessionNoShow) == truth.counts.status["No-Show"])
        #expect(count(.sessionCancelled) == truth.counts.status["Cancelled"])
        #expect(count(.sessionRescheduled) == truth.counts.status["Rescheduled"])
        let rated = events.compactMap { if case .feedbackSubmitted(let feedback) = $0.data { feedback.feedback.rating } else { nil } }
        #expect(rated.count == truth.counts.rated)
        #expect(Set(events.map(\.id)).count == events.count, "every event has its own id")

        let again = RecordingPublisher()
        _ = try await CSVImport(publisher: again).run(Chunks(bytes: bytes, size: 1000))
        #expect(again.all.map(\.id).sorted() == events.map(\.id).sorted(), "re-import publishes the same ids")
    }

    @Test func badRowsAreReportedAndGoodRowsBesideThemStillGoThrough() async throws {
        let csv = """
        \(SessionRowMapperTests.header)
        \(SessionRowMapperTests.good)
        S-2,P,B,M-1,Mentor,cluster-a,L-1,Learner,not-an-email,Mock Interview,2025-05-19T21:30:00+05:30,60,,No-Show,No,Yes,,,No
        S-3,P,B,M-1,Mentor,cluster-a,L-1,Learner,l@example.com,Mock Interview,2025-05-19T21:30:00+05:30,60,,No-Show,No,Yes,,,No
        S-4,too,few
        """
        let publisher = RecordingPublisher()
        let report = try await CSVImport(publisher: publisher).run(Chunks(bytes: Array(csv.utf8), size: 10))
        #expect(report.rowsRead == 4)
        #expect(report.rowsAccepted == 2)
        #expect(report.rowsRejected == 2)
        #expect(report.errors.map(\.line) == [3, 5])
        #expect(report.errors[0].field == "learner_email")
        #expect(Set(publisher.all.compactMap(\.subject)) == ["S-1", "S-3"])
    }

    @Test func anUnusableHeaderRejectsTheFileBeforeAnythingIsPublished() async throws {
        let publisher = RecordingPublisher()
        await #expect {
            _ = try await CSVImport(publisher: publisher).run(Chunks(bytes: Array("session_id;program\nS-1;P\n".utf8), size: 5))
        } throws: { error in
            guard case ImportFailure.rejectedFile(let problem) = error else { return false }
            return problem.message.contains("';'-separated")
        }
        #expect(publisher.all.isEmpty)
    }
}
