import Foundation
import Model
import SentimentAnalysis

/// One analyser for all tests (loading the lexicons takes a few milliseconds).
let analyzer: SentimentAnalyzer = {
    do {
        return try SentimentAnalyzer()
    } catch {
        fatalError("bundled lexicons do not load: \(error)")
    }
}()

func label(_ text: String) -> SentimentLabel { analyzer.analyze(text).label }

/// The repository root (this file is Tests/SentimentTests/Support.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
