import Hummingbird
import InsightsCore

/// The seam where the dashboard, the JSON API and the CSV export plug in: `main.swift` hands the
/// router (already serving /health and /metrics) and the read model here. The web half of the
/// insights issue owns this file.
enum InsightsWebRoutes {
    static func register(on router: Router<BasicRequestContext>, store: InsightsStore, settings: InsightsSettings) {}
}
