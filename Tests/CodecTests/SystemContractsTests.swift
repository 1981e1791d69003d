import Foundation
import Model
import SystemContracts
import Testing

/// The services' declared contracts as a whole: every event routable, every consumed event
/// produced by someone, and the README's event table equal to what the code declares.
@Suite struct SystemContractsTests {
    /// Publishing is mandatory, so an event type without a bound queue is `unroutable`: the
    /// record consumes every type, including those whose producer or consumer is not built yet.
    @Test(arguments: EventType.allCases)
    func everyEventTypeHasAConsumerTheRecordAmongThem(_ type: EventType) {
        let consumers = SystemContracts.route(of: type).consumers
        #expect(consumers.contains(SystemContracts.record.service), "\(type.rawValue): \(consumers)")
    }

    /// Every type a service publishes appears with that service as a producer, and every type a
    /// service other than the record waits for has a producer declared (else it would wait forever).
    @Test func everyPublishedAndAwaitedTypeHasADeclaredProducer() {
        for contract in SystemContracts.all {
            for type in contract.publishes {
                #expect(SystemContracts.route(of: type).producers.map(\.service).contains(contract.service), "\(contract.service) → \(type.rawValue)")
            }
            guard contract.service != SystemContracts.record.service else { continue }
            for type in contract.handles {
                #expect(!SystemContracts.route(of: type).producers.isEmpty, "\(contract.service) handles \(type.rawValue), which nothing publishes")
            }
        }
    }

    @Test func serviceNamesAreUniqueAndEveryEmitterPublishes() {
        let names = SystemContracts.all.map(\.service)
        #expect(names.count == Set(names).count)
        for contract in SystemContracts.all {
            for emitter in contract.emitters {
                #expect(!emitter.publishes.isEmpty, "\(contract.service): \(emitter.name)")
            }
        }
    }

    @Test func sessionFlaggedIsProducedByTheSweeperAndConsumedByTheRecord() {
        let route = SystemContracts.route(of: .sessionFlagged)
        #expect(route.producersText == "insights (flag sweeper via outbox)")
        #expect(route.consumers == ["insights"])
    }

    /// The README's table between its markers is `SystemContracts.markdownTable`; when they differ
    /// the failure prints the table to paste (`mentorflow events --markdown` prints it too).
    @Test func readmeEventTableIsWhatTheCodeDeclares() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let begin = try #require(text.range(of: Self.beginMarker), "README.md has no \(Self.beginMarker) line")
        let end = try #require(text.range(of: Self.endMarker, range: begin.upperBound..<text.endIndex), "README.md has no \(Self.endMarker) line")
        let table = String(text[begin.upperBound..<end.lowerBound]).trimmingCharacters(in: .newlines) + "\n"
        #expect(table == SystemContracts.markdownTable, "README.md's event table differs from the declared contracts; expected:\n\(SystemContracts.markdownTable)")
    }

    static let beginMarker = "<!-- event table: generated from SystemContracts.all (mentorflow events --markdown); SystemContractsTests checks it -->"
    static let endMarker = "<!-- end of event table -->"
}
