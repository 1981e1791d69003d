import Foundation
import Hummingbird
import HummingbirdTesting
import InsightsCore
import InsightsWeb
import Logging
import Model
import Codec
import SentimentAnalysis
import Synchronization
import TestSupport

/// A real insights read model (SQLite, loaded from a small export through the same loader as
/// `mentorflow metrics`) behind the real routes, with users of every role. Two clusters:
/// cluster-a (the PM's) and cluster-b (someone else's, whose ids and names must never show).
struct DashboardFixture {
    static let pmPassword = "pm-a-password"
    static let leadPassword = "lead-password"
    static let pmToken = "mft_test-token-of-the-cluster-a-pm-000000000"
    static let leadToken = "mft_test-token-of-leadership-00000000000000"
    /// What cluster-b data looks like: none of these may appear in a cluster-a PM's answers.
    static let clusterBSecrets = ["S-B1", "S-B2", "M-B1", "Bela Secretmentor", "Bharat Hiddenlearner", "cluster-b-only comment"]
    static let script = "<script>alert('x')</script>"

    static let csv = """
    session_id,program,batch,mentor_id,mentor_name,pm_cluster,learner_id,learner_name,learner_email,session_type,scheduled_at,scheduled_duration_min,actual_duration_min,status,learner_attended,mentor_prep,rating,feedback,follow_up_scheduled
    S-A1,Data Science,DS-1,M-A1,Asha Mentor,cluster-a,L-A1,Lina Learner,lina@example.com,Resume Review,2025-05-19T21:30:00+05:30,60,58,Completed,Yes,Yes,5,Great session with clear next steps.,Yes
    S-A2,Data Science,DS-1,M-A1,Asha Mentor,cluster-a,L-A2,Kiran Learner,kiran@example.com,Mock Interview,2025-05-20T20:00:00+05:30,45,40,Completed,Yes,No,2,"\(script) mentor was late and unprepared",No
    S-A3,Data Science,DS-1,M-A2,Arjun Mentor,cluster-a,L-A1,Lina Learner,lina@example.com,Resume Review,2025-05-21T19:00:00+05:30,30,,No-Show,No,Yes,,,No
    S-A4,Data Science,DS-1,M-A2,Arjun Mentor,cluster-a,L-A3,Meera Learner,meera@example.com,Mock Interview,2025-05-22T19:00:00+05:30,30,30,Completed,Yes,Partial,4,"=HYPERLINK(""http://evil.example"",""click"")",Yes
    S-B1,Software Development,SD-1,M-B1,Bela Secretmentor,cluster-b,L-B1,Bharat Hiddenlearner,bharat@example.com,Resume Review,2025-05-19T18:00:00+05:30,60,60,Completed,Yes,Yes,3,cluster-b-only comment,No
    S-B2,Software Development,SD-1,M-B1,Bela Secretmentor,cluster-b,L-B1,Bharat Hiddenlearner,bharat@example.com,Mock Interview,2025-05-23T18:00:00+05:30,60,,Cancelled,No,No,,,No
    """

    let store: InsightsStore
    let dashboard: InsightsDashboard
    let access: AccessControl
    let clock: Clock
    let directory: URL

    /// A clock the expiry test moves.
    final class Clock: Sendable {
        let now = Mutex(Date())
    }

    /// `extraRows`: more export rows (in the CSV header's columns) for a test that needs them.
    init(clock: Clock = Clock(), extraRows: [String] = []) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mf-insights-web-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("sessions.csv")
        try ([Self.csv] + extraRows).joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        store = try InsightsStore(path: directory.appendingPathComponent("insights.sqlite").path)
        let report = try CSVSessionLoader(analyzer: SentimentAnalyzer()).load(file: file, into: store)
        precondition(report.errors.isEmpty, "fixture rows rejected: \(report.errors)")
        // An open escalation in each cluster, as the scheduler would publish them.
        for (id, session, cluster) in [("E-A", "S-A2", "cluster-a"), ("E-B", "S-B1", "cluster-b")] {
            let opened = Date(timeIntervalSince1970: 1_750_000_000)
            _ = try store.apply(CloudEvent(
                id: "escalation-\(id)", source: "/mentorflow/scheduler", time: opened,
                data: .escalationOpened(EscalationOpened(escalation: Escalation(
                    id: EscalationID(id), sessionID: SessionID(session), pmCluster: PMClusterID(cluster), openedAt: opened,
                    dueAt: opened.addingTimeInterval(48 * 3600), reasons: [.lowRating])))))
        }
        let fast = 10 // scrypt cost 2^10 keeps the tests quick; production hashes use 2^15.
        let users = """
        {"users": [
          {"username": "pm-a", "display_name": "Priya PM", "role": "pm", "clusters": ["cluster-a"],
           "password_hash": "\(try PasswordHash.make(password: Self.pmPassword, logN: fast).encoded)", "api_tokens": ["\(APIToken.stored(for: Self.pmToken))"]},
          {"username": "lead", "role": "leadership", "password_hash": "\(try PasswordHash.make(password: Self.leadPassword, logN: fast).encoded)",
           "api_tokens": ["\(APIToken.stored(for: Self.leadToken))"]}
        ]}
        """
        self.clock = clock
        access = AccessControl(users: try UserDirectory(json: Data(users.utf8)), sessionLifetime: .seconds(3600), secureCookies: true,
                               now: { clock.now.withLock { $0 } })
        dashboard = InsightsDashboard(store: store, access: access, renderer: try PageRenderer(), timeZone: TimeZone(identifier: "Asia/Kolkata")!,
                                      publisher: nil, logger: Logger(label: "test"))
    }

    var application: some ApplicationProtocol {
        let router = Router()
        dashboard.addRoutes(to: router)
        return Application(router: router)
    }

    /// What the dashboard serves, as its router lists it (each route once: Hummingbird refuses a
    /// second handler for a method and path).
    var servedRoutes: [ServedRoute] {
        let router = Router()
        dashboard.addRoutes(to: router)
        return router.routes.map { ServedRoute(method: $0.method.rawValue, path: $0.path.description) }
    }

    static func bearer(_ token: String) -> HTTPFields {
        [.authorization: "Bearer \(token)"]
    }
}

/// A route of the dashboard and what its path says it is: the tests hold the production groups
/// to this convention (anonymous pages go to the sign-in form, data routes answer 401).
struct ServedRoute: Hashable, CustomStringConvertible {
    enum Kind {
        /// Served to anyone (sign-in, stylesheet).
        case open
        /// HTML for a signed-in viewer.
        case page
        /// JSON under /v1/.
        case api
        /// CSV under /v1/.
        case export
    }

    static let openPaths: Set = ["/assets/style.css", "/login", "/logout"]

    let method: String
    let path: String

    var kind: Kind {
        if Self.openPaths.contains(path) { return .open }
        guard path.hasPrefix("/v1/") else { return .page }
        return path.hasSuffix(".csv") ? .export : .api
    }

    var description: String { "\(method) \(path)" }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
