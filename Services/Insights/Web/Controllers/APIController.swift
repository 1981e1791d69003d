import Foundation
import Hummingbird
import InsightsCore
import Model

/// `/v1/` JSON: the dashboard's data for scripts, with the same filters (`SessionQuery`) and the
/// same scope as the pages (`Services/Insights/openapi.yaml` documents it).
struct APIController: Sendable {
    let reads: ScopedReadModel
    let display: Display

    func addRoutes(to data: RouterGroup<SignedInRequestContext>) {
        data.get("/v1/sessions", use: sessions)
        data.get("/v1/sessions/{id}", use: session)
        data.get("/v1/metrics", use: metrics)
        data.get("/v1/mentors", use: mentors)
        data.get("/v1/mentors/{id}", use: mentor)
        data.get("/v1/flags", use: flags)
    }

    func sessions(_ request: Request, context: SignedInRequestContext) async throws -> Response {
        let query = try reads.query(request, viewer: context.viewer)
        let page = try await reads.store.read(.sessions(matching: query.filter, limit: query.limit, offset: query.offset))
        return Responses.json(PageJSON(total: page.total, limit: query.limit, offset: query.offset, items: page.items.map(SessionJSON.init)))
    }

    func session(_ request: Request, context: SignedInRequestContext) async throws -> Response {
        Responses.json(SessionDetailJSON(try await reads.visibleSession(id: context.parameters.get("id") ?? "", viewer: context.viewer)))
    }

    func metrics(_ request: Request, context: SignedInRequestContext) async throws -> Response {
        let query = try reads.query(request, viewer: context.viewer)
        return Responses.json(ProgramMetrics(records: try await reads.store.read(.records(matching: query.filter))))
    }

    func mentors(_ request: Request, context: SignedInRequestContext) async throws -> Response {
        struct Mentors: Encodable {
            let items: [MentorMetrics]
        }
        let query = try reads.query(request, viewer: context.viewer)
        return Responses.json(Mentors(items: try await reads.store.read(.mentors(matching: query.filter))))
    }

    func mentor(_ request: Request, context: SignedInRequestContext) async throws -> Response {
        struct MentorJSON: Encodable {
            struct ComparisonJSON: Encodable {
                let measure: String
                let mentor: String
                let program: String
                let difference: String
            }
            let mentor_id: String
            let metrics: ProgramMetrics
            let comparisons: [ComparisonJSON]
            let coaching_opportunities: [String]
        }
        let figures = try await reads.mentorFigures(id: context.parameters.get("id") ?? "", viewer: context.viewer)
        let name = figures.mentor.perMentor.first?.mentorName ?? figures.id
        let coaching = MentorCoaching(figures, name: name, display: display)
        return Responses.json(MentorJSON(
            mentor_id: figures.id, metrics: figures.mentor,
            comparisons: coaching.comparisons.map { .init(measure: $0.label, mentor: $0.mentor, program: $0.program, difference: $0.difference) },
            coaching_opportunities: coaching.opportunities))
    }

    func flags(_ request: Request, context: SignedInRequestContext) async throws -> Response {
        let query = try reads.query(request, viewer: context.viewer)
        let flagged = try await reads.flagged(query)
        let items = flagged.dropFirst(query.offset).prefix(query.limit).map(FlagJSON.init)
        return Responses.json(PageJSON(total: flagged.count, limit: query.limit, offset: query.offset, items: Array(items)))
    }
}
