import Codec
import Foundation
import Model
import Testing

/// A guard against gross slowdowns (the bound is loose: debug builds on a shared
/// 2-core machine). For real figures run `swift test -c release --filter Performance`.
@Suite struct PerformanceTests {
    @Test func encodeAndDecodeATypicalEventQuickly() throws {
        let event = Samples.event(for: .sessionScheduled)
        let size = EventCodec.encode(event).count
        #expect((450...800).contains(size), "a typical event is ~600 bytes, got \(size)")

        let iterations = 20_000
        let clock = ContinuousClock()
        var decodedCount = 0
        let elapsed = clock.measure {
            for _ in 0..<iterations {
                if case .success = EventCodec.decode(EventCodec.encode(event)) { decodedCount += 1 }
            }
        }
        #expect(decodedCount == iterations)
        let microseconds = Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6
        let perEvent = microseconds / Double(iterations)
        print("encode+decode of a \(size)-byte event: \(String(format: "%.1f", perEvent)) µs")
        #expect(perEvent < 300)
    }
}
