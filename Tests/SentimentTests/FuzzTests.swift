import Foundation
import Model
import Testing
import TestSupport
@testable import SentimentAnalysis

/// Any input gives a result: random scalars from every script the analyser treats specially
/// (and any other), combining marks without a base, lone joiners, huge inputs.
@Suite struct AnalyzerFuzzTests {
    static let pools: [ClosedRange<UInt32>] = [
        0x20...0x7E, 0x0900...0x097F, 0x1F300...0x1FAFF, 0x2000...0x206F, 0xFE00...0xFE0F, 0x0300...0x036F, 0x00A0...0x024F,
        0x0B80...0x0BFF, 0x4E00...0x4E80, 0x0600...0x06FF, 0x1F3FB...0x1F3FF,
    ]

    static func randomText(_ generator: inout SeededRandom, length: Int) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<length {
            let value: UInt32
            if Int.random(in: 0..<10, using: &generator) == 0 {
                value = UInt32.random(in: 0...0x10FFFF, using: &generator)
            } else {
                let pool = pools[Int.random(in: 0..<pools.count, using: &generator)]
                value = UInt32.random(in: pool, using: &generator)
            }
            if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
        }
        return String(scalars)
    }

    static func check(_ text: String) {
        let result = analyzer.analyze(text)
        #expect((-1...1).contains(result.score) && !result.score.isNaN)
        #expect((0...1).contains(result.confidence))
        #expect(!result.aspects.isEmpty && result.aspects.count <= Limits.listCount)
        #expect(!result.evidence.isEmpty && result.evidence.count <= Limits.listCount)
        #expect(result.evidence.allSatisfy { !$0.isEmpty && $0.unicodeScalars.count <= Limits.textLength })
    }

    @Test func randomScalarsNeverCrash() {
        var generator = SeededRandom(seed: 42)
        for round in 0..<3000 {
            let length = round % 50 == 0 ? Int.random(in: 200...3000, using: &generator) : Int.random(in: 0...40, using: &generator)
            Self.check(Self.randomText(&generator, length: length))
        }
    }

    @Test func randomLexiconWordSoupNeverCrashes() {
        var generator = SeededRandom(seed: 7)
        let words = [
            "not", "nahi", "नहीं", "but", "par", "lekin", "very", "bahut", "some", "thoda", "late", "audio", "cut", "my", "I", "please",
            "?", "!", ",", ".", "😡", "👍", ":)", "10/10", "only", "5", "minutes", "couldn't", "better", "promised", "again", "ok", "fine",
            "hard", "join", "aaye", "ही", "समझ", "informed", "cancelled", "as per my request", "at all", "\u{200D}", "\u{093C}", "",
        ]
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...20, using: &generator)).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ")
            Self.check(text)
        }
    }

    @Test func hugeInputIsReadUpToTheLimit() {
        let huge = String(repeating: "The mentor was late. ", count: 100_000)
        let result = analyzer.analyze(huge)
        #expect(result.label == .negative)
        #expect(result.evidence.count <= 20)
        #expect(result.evidence.last?.contains("bytes were read") == true)
        Self.check(String(repeating: "ज़", count: 50_000))
        Self.check(String(repeating: "\u{0301}", count: 10_000))
        Self.check(String(repeating: "a", count: 100_000))
        Self.check(String(repeating: "😡", count: 20_000))
    }
}
