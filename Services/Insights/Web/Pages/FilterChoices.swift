import Foundation
import InsightsCore
import Synchronization

/// What the tracker's filter form offers (mentors, clusters, session types in the viewer's
/// scope). Building it reads every record in scope, so it is kept for a minute per scope: the
/// tracker then costs one page query, not a scan of the program (575 ms for 20,000 sessions in
/// `mentorflow-bench insights`). A new mentor or type appears in the form within the minute.
struct FilterChoices: Sendable {
    struct Mentor: Sendable {
        let id: String
        let name: String
    }

    let mentors: [Mentor]
    let clusters: [String]
    let types: [String]

    init(records: [SessionRecord]) {
        var names: [String: (at: Date, name: String)] = [:]
        for record in records {
            guard let id = record.mentorID?.rawValue else { continue }
            let at = record.scheduledAt ?? .distantPast
            if let known = names[id], known.at > at { continue }
            names[id] = (at, record.mentorName ?? id)
        }
        mentors = names.map { Mentor(id: $0.key, name: $0.value.name) }.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
        clusters = Set(records.compactMap { $0.pmCluster?.rawValue }).sorted()
        types = Set(records.compactMap { $0.sessionType?.rawValue }).sorted()
    }

    /// Choices per scope (the sorted cluster list, or "*" for every cluster), each for `lifetime`.
    final class Cache: Sendable {
        private let lifetime: TimeInterval
        private let entries = Mutex<[String: (built: Date, choices: FilterChoices)]>([:])

        init(lifetime: TimeInterval = 60) {
            self.lifetime = lifetime
        }

        func choices(scope: AccessScope, build: () async throws -> FilterChoices) async rethrows -> FilterChoices {
            let key = scope.clusters.map { $0.sorted().joined(separator: ",") } ?? "*"
            let now = Date()
            if let entry = entries.withLock({ $0[key] }), now.timeIntervalSince(entry.built) < lifetime { return entry.choices }
            let fresh = try await build()
            entries.withLock { $0[key] = (now, fresh) }
            return fresh
        }
    }
}
