import Foundation
import Hummingbird
import InsightsCore
import InsightsWeb
import Logging
import ServiceKit

/// The seam where the dashboard, the JSON API and the CSV export plug in: `main.swift` hands the
/// router (already serving /health and /metrics), the read model, the settings (with every variable,
/// config file included), and a publisher
/// on the events exchange (for `escalation.acknowledged` when a PM clicks). The web settings and
/// the users file are read and validated here, before the server starts: a bad one stops the
/// service with status 78 naming the problem. Without a users file the web routes are not served.
enum InsightsWebRoutes {
    static func register(
        on router: Router<BasicRequestContext>, store: InsightsStore, settings: InsightsSettings, environment: [String: String], publisher: any EventPublisher
    ) {
        let logger = Logger(label: "mentorflow.\(settings.name).web")
        do {
            let web = try InsightsWebSettings.read(environment: environment)
            guard let usersFile = web.usersFile else {
                // Nobody could sign in: serve no dashboard rather than an open one. The read model
                // and the flags (which other services act on) still run.
                logger.notice("dashboard and API off: MENTORFLOW_INSIGHTS_USERS_FILE is not set")
                return
            }
            let users = try UserDirectory(contentsOf: usersFile)
            let access = AccessControl(users: users, sessionLifetime: web.sessionLifetime, secureCookies: web.secureCookies)
            let dashboard = InsightsDashboard(
                store: store, access: access, renderer: try PageRenderer(), timeZone: web.timeZone, publisher: publisher,
                source: "/mentorflow/\(settings.name)", logger: logger)
            dashboard.addRoutes(to: router)
            logger.info("dashboard ready", metadata: ["users": "\(users.users.count)", "users_file": "\(usersFile.path)", "secure_cookies": "\(web.secureCookies)"])
        } catch {
            FileHandle.standardError.write(Data("mentorflow-\(settings.name): \(error)\n".utf8))
            exit(78)
        }
    }
}
