import Foundation
import InsightsCore
import SentimentAnalysis
import TestSupport

/// The shared sample export and its expected figures (`../shared/data`, present in CI).
enum SampleData {
    static var directory: URL { TestBroker.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data") }
    static var csv: URL { directory.appendingPathComponent("sessions_sample.csv") }
    static var truthFile: URL { directory.appendingPathComponent("sessions_sample.truth.json") }

    static func truth() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: truthFile)) as? [String: Any] ?? [:]
    }

    /// The sample loaded the way `mentorflow metrics` loads it.
    static func loadedStore(path: String? = nil) throws -> (InsightsStore, CSVSessionLoader.Report) {
        let store = try InsightsStore(path: path)
        let report = try CSVSessionLoader(analyzer: try SentimentAnalyzer()).load(file: csv, into: store)
        return (store, report)
    }

    /// The truth file's figures that do not depend on the sentiment classifier.
    static let exactKeys = [
        "total", "counts", "completion_rate", "attendance_rate", "avg_rating", "rating_by_prep", "prep_done_rate", "follow_up_rate",
        "feedback_missing_rate", "duration_rating_corr", "per_mentor", "per_cluster", "per_session_type",
    ]
}

/// Key-by-key comparison of two JSON documents: numbers to a tolerance, lists of objects matched
/// by their id field (the truth file's list order is not a documented part of the format).
enum JSONComparison {
    static let idKeys = ["mentor_id", "pm_cluster", "session_type"]

    static func differences(expected: Any, actual: Any?, path: String, tolerance: Double = 1e-9) -> [String] {
        switch expected {
        case let object as [String: Any]:
            guard let other = actual as? [String: Any] else { return ["\(path): expected an object, got \(String(describing: actual))"] }
            return object.keys.sorted().flatMap { key in
                other.keys.contains(key)
                    ? differences(expected: object[key]!, actual: other[key]!, path: "\(path).\(key)", tolerance: tolerance)
                    : ["\(path).\(key): missing"]
            }
        case let list as [Any]:
            guard let other = actual as? [Any] else { return ["\(path): expected a list, got \(String(describing: actual))"] }
            guard other.count == list.count else { return ["\(path): \(other.count) items, expected \(list.count)"] }
            if let first = list.first as? [String: Any], let idKey = idKeys.first(where: { first[$0] != nil }) {
                let byID = Dictionary(other.compactMap { item -> (String, Any)? in
                    guard let object = item as? [String: Any], let id = object[idKey] as? String else { return nil }
                    return (id, object)
                }, uniquingKeysWith: { first, _ in first })
                return list.flatMap { item -> [String] in
                    let id = (item as? [String: Any])?[idKey] as? String ?? "?"
                    return differences(expected: item, actual: byID[id], path: "\(path)[\(idKey)=\(id)]", tolerance: tolerance)
                }
            }
            return zip(list, other).enumerated().flatMap { index, pair in
                differences(expected: pair.0, actual: pair.1, path: "\(path)[\(index)]", tolerance: tolerance)
            }
        case is NSNull:
            return actual is NSNull ? [] : ["\(path): expected null, got \(String(describing: actual))"]
        case let text as String:
            return (actual as? String) == text ? [] : ["\(path): expected \"\(text)\", got \(String(describing: actual))"]
        case let number as NSNumber:
            guard let other = actual as? NSNumber, !(actual is NSNull) else { return ["\(path): expected \(number), got \(String(describing: actual))"] }
            return abs(number.doubleValue - other.doubleValue) <= tolerance ? [] : ["\(path): expected \(number), got \(other)"]
        default:
            return ["\(path): cannot compare \(expected)"]
        }
    }
}
