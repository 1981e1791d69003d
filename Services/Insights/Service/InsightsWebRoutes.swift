import Hummingbird
import InsightsCore
import ServiceKit

/// The seam where the dashboard, the JSON API and the CSV export plug in: `main.swift` hands the
/// router (already serving /health and /metrics), the read model, the settings, and a publisher
/// on the events exchange (for `escalation.acknowledged` when a PM clicks). The web half of the
/// insights issue owns this file.
enum InsightsWebRoutes {
    static func register(on router: Router<BasicRequestContext>, store: InsightsStore, settings: InsightsSettings, publisher: any EventPublisher) {}
}
