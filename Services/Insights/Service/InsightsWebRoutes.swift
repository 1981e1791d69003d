import Foundation
import Hummingbird
import InsightsCore
import InsightsWeb
import Logging
import ServiceKit

/// The seam where the dashboard, the JSON API and the CSV export plug in: built from the read
/// model, the web settings (already validated with every other setting, users file included), and
/// a publisher on the events exchange (for `escalation.acknowledged` when a PM clicks). Without a
/// users file the web routes are not served.
struct InsightsWebRoutes: Sendable {
    let dashboard: InsightsDashboard?

    init(store: InsightsStore, settings: InsightsWebSettings, publisher: any EventPublisher, name: String) throws {
        let logger = Logger(label: "mentorflow.\(name).web")
        guard let users = settings.users, let usersFile = settings.usersFile else {
            // Nobody could sign in: serve no dashboard rather than an open one. The read model
            // and the flags (which other services act on) still run.
            logger.notice("dashboard and API off: MENTORFLOW_INSIGHTS_USERS_FILE is not set")
            dashboard = nil
            return
        }
        let access = AccessControl(users: users, sessionLifetime: settings.sessionLifetime, secureCookies: settings.secureCookies)
        dashboard = InsightsDashboard(
            store: store, access: access, renderer: try PageRenderer(), timeZone: settings.timeZone, publisher: publisher,
            source: "/mentorflow/\(name)", logger: logger)
        logger.info("dashboard ready", metadata: ["users": "\(users.users.count)", "users_file": "\(usersFile.path)", "secure_cookies": "\(settings.secureCookies)"])
    }

    func addRoutes(to router: Router<BasicRequestContext>) {
        dashboard?.addRoutes(to: router)
    }
}
