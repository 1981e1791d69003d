import Foundation
import Hummingbird
import InsightsCore
import Model

/// The read model as one viewer may see it: listing queries with the viewer's scope applied,
/// and single sessions and mentors that answer 404 when out of scope, the same answer as one
/// that does not exist. Every controller reads through it, so no route can forget the scope.
struct ScopedReadModel: Sendable {
    let store: InsightsStore
    /// The dashboard's calendar, for the `from`/`to` days of a listing.
    let calendar: Calendar

    /// The listing query of a request in the viewer's scope, or the refusal it earns.
    func query(_ request: Request, viewer: Viewer, defaultLimit: Int = 50) throws(Refusal) -> SessionQuery {
        do {
            return try SessionQuery.parse(request, scope: viewer.scope, calendar: calendar, defaultLimit: defaultLimit)
        } catch {
            switch error {
            case .invalid(let field, let message): throw .badRequest("\(field): \(message)")
            case .outOfScope(let clusters): throw .forbidden("cluster \(clusters.joined(separator: ", ")) is outside your access (\(viewer.scope.label))")
            }
        }
    }

    /// A session the viewer may see, or 404 (the same answer whether it does not exist or is out of scope).
    func visibleSession(id: String, viewer: Viewer) async throws -> SessionDetail {
        guard let detail = try await store.read(.session(id: SessionID(id))), Self.visible(detail.record, to: viewer.scope) else {
            throw Refusal.notFound("no such session in your programs")
        }
        return detail
    }

    /// Sessions at yellow or red (or the level asked for with `flag`), worst and newest first.
    func flagged(_ query: SessionQuery) async throws -> [SessionRecord] {
        let records = try await store.read(.records(matching: query.filter)).filter { query.filter.flagLevel != nil || $0.flag.level != .green }
        return records.sorted { ($0.flag.level, $0.scheduledAt ?? .distantPast, $1.sessionID) > ($1.flag.level, $1.scheduledAt ?? .distantPast, $0.sessionID) }
    }

    /// One mentor's records and figures beside the program's (both in the viewer's scope).
    struct MentorFigures {
        let id: String
        let records: [SessionRecord]
        let mentor: ProgramMetrics
        let program: ProgramMetrics
    }

    /// The mentor `id` as the viewer may see them; 404 when the mentor has no session in scope.
    func mentorFigures(id: String, viewer: Viewer) async throws -> MentorFigures {
        let scope = Self.scopeFilter(viewer)
        var filter = scope
        filter.mentorID = MentorID(id)
        let records = try await store.read(.records(matching: filter))
        guard !records.isEmpty else { throw Refusal.notFound("no such mentor in your programs") }
        return MentorFigures(id: id, records: records, mentor: ProgramMetrics(records: records), program: ProgramMetrics(records: try await store.read(.records(matching: scope))))
    }

    /// Every session the viewer may see.
    static func scopeFilter(_ viewer: Viewer) -> SessionFilter {
        SessionFilter(pmClusters: viewer.scope.clusters.map { Set($0.map { PMClusterID($0) }) })
    }

    static func visible(_ record: SessionRecord, to scope: AccessScope) -> Bool {
        guard let clusters = scope.clusters else { return true }
        guard let cluster = record.pmCluster else { return false }
        return clusters.contains(cluster.rawValue)
    }
}
