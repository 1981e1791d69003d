import Codec
import Foundation

/// What `EventCodec` alone costs per event on this machine, with no broker running: the part of
/// the async side's CPU per message that is the codec's and not the AMQP layer's. Printed with
/// the table so a low ratio can be attributed without a profiler.
struct CodecCost: Codable, Sendable {
    let encodeMicroseconds: Double
    let decodeMicroseconds: Double

    /// Encodes then decodes `count` distinct events on the calling task (CPU only, no C calls).
    static func measure(runID: String, count: Int = 20_000) -> CodecCost {
        let events = (1...count).map { SampleEvent.event(runID: runID, number: $0) }
        var bodies: [Data] = []
        bodies.reserveCapacity(count)
        let encodeStart = ContinuousClock.now
        for event in events { bodies.append(EventCodec.encode(event)) }
        let encoding = ContinuousClock.now - encodeStart
        var decoded = 0
        let decodeStart = ContinuousClock.now
        for body in bodies {
            if case .success = EventCodec.decode(body) { decoded += 1 }
        }
        let decoding = ContinuousClock.now - decodeStart
        precondition(decoded == count, "the sample event must decode")
        func perEvent(_ duration: Duration) -> Double { (duration.seconds * 1e6 / Double(count) * 100).rounded() / 100 }
        return CodecCost(encodeMicroseconds: perEvent(encoding), decodeMicroseconds: perEvent(decoding))
    }
}
