import Codec
import Foundation
import Model
import Testing
import TestSupport

/// The decoder must turn any bytes into a value, never a crash. Seeded, so a failure
/// reproduces.
@Suite struct FuzzTests {
    @Test func randomBytesAreErrorValues() {
        var random = SeededRandom(seed: 1)
        for _ in 0..<5000 {
            let bytes = Data((0..<Int.random(in: 0...256, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
            expectFailureWithProblems(EventCodec.decode(bytes))
            _ = EventCodec.decodeBatch(bytes)
        }
    }

    @Test func randomJSONishTextIsHandled() {
        let alphabet = Array("{}[]\":,.-+0123456789eEtruefalsnl \\/u\"abc\n".utf8)
        var random = SeededRandom(seed: 2)
        for _ in 0..<5000 {
            let bytes = Data((0..<Int.random(in: 0...128, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            expectFailureWithProblems(EventCodec.decode(bytes))
            _ = EventCodec.decodeBatch(bytes)
        }
    }

    @Test func everyTruncationOfEveryEventIsMalformed() {
        for event in Samples.allEvents {
            let bytes = EventCodec.encode(event)
            for length in 0..<bytes.count {
                guard case .failure(let error) = EventCodec.decode(bytes.prefix(length)) else {
                    Issue.record("a \(length)-byte prefix of \(event.type) decoded")
                    continue
                }
                guard case .malformedJSON(let offset, _, _) = error.kind else {
                    Issue.record("prefix \(length) of \(event.type): \(error)")
                    continue
                }
                #expect(offset <= length)
            }
        }
    }

    @Test func mutatedEventsDecodeOrFailCleanly() throws {
        var random = SeededRandom(seed: 3)
        var decodedCount = 0
        for event in Samples.allEvents {
            let original = Array(EventCodec.encode(event))
            for _ in 0..<400 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    let index = Int.random(in: 0..<bytes.count, using: &random)
                    switch Int.random(in: 0..<3, using: &random) {
                    case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
                    case 1: bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &random)
                    default: bytes.remove(at: index)
                    }
                }
                switch EventCodec.decode(Data(bytes)) {
                case .success(let decoded):
                    // Whatever survives a mutation must itself be a stable, valid event.
                    decodedCount += 1
                    #expect(try EventCodec.decode(EventCodec.encode(decoded)).get() == decoded)
                case .failure(let error):
                    #expect(!error.problems.isEmpty)
                }
            }
        }
        #expect(decodedCount < 20 * 400)
    }

    @Test func deepNestingIsRefused() {
        for opener in ["[", "{\"a\":"] {
            let deep = Data(String(repeating: opener, count: 100_000).utf8)
            guard case .failure(let error) = EventCodec.decode(deep), case .malformedJSON = error.kind else {
                Issue.record("deep \(opener) was not malformed")
                continue
            }
            #expect(error.problems.first?.message == "nesting deeper than 64 levels")
        }
        let balanced = Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
        expectFailureWithProblems(EventCodec.decode(balanced))
        expectFailureWithProblems(EventCodec.decodeBatch(balanced))
    }

    @Test func invalidTextIsMalformed() {
        let cases: [[UInt8]] = [
            Array("{\"id\":\"".utf8) + [0xFF, 0xFE] + Array("\"}".utf8),  // invalid UTF-8
            Array("{\"id\":\"".utf8) + [0xC3] + Array("\"}".utf8),  // truncated sequence
            Array("{\"id\":\"\\ud800\"}".utf8),  // lone surrogate
            Array("{\"id\":\"\\udc00\\ud800\"}".utf8),
            Array("{\"id\":\"\\u12\"}".utf8),
            Array("{\"id\":\"a\nb\"}".utf8),  // raw control character
            Array("{\"id\":\"\\x\"}".utf8),
            Array("{\"n\":NaN}".utf8), Array("{\"n\":Infinity}".utf8), Array("{\"n\":-}".utf8),
            Array("{\"n\":01}".utf8), Array("{\"n\":1.}".utf8), Array("{\"n\":.5}".utf8), Array("{\"n\":1e}".utf8),
            Array("{'id':1}".utf8), Array("{\"a\":1,}".utf8), Array("[1,]".utf8), Array("{} {}".utf8),
            [0x00], Array("\u{FEFF}{}".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }),
        ]
        for bytes in cases {
            guard case .failure(let error) = EventCodec.decode(Data(bytes)), case .malformedJSON = error.kind else {
                Issue.record("\(bytes) was not malformed")
                continue
            }
        }
    }

    @Test func escapedTextDecodes() throws {
        // A valid event whose strings use every escape form, including a surrogate pair.
        let text = String(decoding: EventCodec.encode(Samples.event(for: .feedbackSubmitted)), as: UTF8.self)
            .replacingOccurrences(of: "Notes on", with: "\\u004eotes\\/\\ud83d\\ude00\\b\\f\\r on")
        let decoded = try EventCodec.decode(Data(("\u{FEFF}" + text).utf8)).get()
        guard case .feedbackSubmitted(let payload) = decoded.data else {
            Issue.record("wrong payload")
            return
        }
        #expect(payload.feedback.comment.hasPrefix("Notes/😀\u{8}\u{C}\r on"))
    }

    private func expectFailureWithProblems<T>(_ result: Result<T, EventDecodingError>, sourceLocation: SourceLocation = #_sourceLocation) {
        guard case .failure(let error) = result else {
            Issue.record("garbage decoded", sourceLocation: sourceLocation)
            return
        }
        #expect(!error.problems.isEmpty, sourceLocation: sourceLocation)
    }
}
