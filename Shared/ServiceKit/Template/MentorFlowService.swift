import Hummingbird
import ServiceLifecycle

/// What a MentorFlow service is, for `ServiceMain` to start it: a name and a port, a settings
/// type, and the parts it runs (handlers on its queue, HTTP routes, extra lifecycle services such
/// as a sweeper or an outbox relay). Everything else (settings reading, logging, metrics, health,
/// the broker connections, shutdown, exit codes) is the same for every service and lives in
/// `ServiceMain`, so a new service writes only what is its own.
public protocol MentorFlowService: Sendable {
    associatedtype Settings: ServiceSettings

    /// Default instance name: queue `<name>.events`, inbox and store file names, metrics label.
    static var name: String { get }
    /// The variable that renames an instance (`MENTORFLOW_SUMMARY_NAME`), so two can share a broker; nil: fixed.
    static var nameVariable: String? { get }
    /// `MENTORFLOW_HTTP_PORT`'s default.
    static var defaultHTTPPort: Int { get }

    /// Builds the service from valid settings. Open stores with `context.openStorage` (a store
    /// that will not open stops the process with 73); throw `ConfigurationError` for a setting
    /// only found bad here (78).
    init(settings: Settings, context: ServiceContext) throws

    /// The event handlers, each consuming its own queue: the first `<name>.events` (with inbox
    /// `<name>`), the next ones `<name>.events-2`, … Empty: the service consumes nothing and
    /// opens no consumer connection.
    var handlers: [any EventHandler] { get }
    /// Long-running parts beside the consume loop (a sweeper, an outbox relay, an HTTP intake);
    /// shut down before the consumers, after the HTTP server.
    var services: [any Service] { get }
    /// Ready beyond "every consumer is consuming" (e.g. its own topology declared).
    var isReady: Bool { get }
    /// Routes beside /health and /metrics.
    func addRoutes(to router: Router<BasicRequestContext>)
}

extension MentorFlowService {
    public static var nameVariable: String? { nil }
    public var handlers: [any EventHandler] { [] }
    public var services: [any Service] { [] }
    public var isReady: Bool { true }
    public func addRoutes(to router: Router<BasicRequestContext>) {}
}

/// A service's own settings, read from the same `SettingsReader` as ServiceKit's so that every
/// problem of both is reported at once, by variable name. Reading never throws: a bad value is
/// reported to the reader and a default kept, and `ServiceMain` stops with 78 if any was reported.
public protocol ServiceSettings: Sendable {
    init(reading reader: inout SettingsReader, configuration: ServiceConfiguration)
}

/// For a service with nothing to set beyond ServiceKit's variables.
public struct NoSettings: ServiceSettings {
    public init(reading reader: inout SettingsReader, configuration: ServiceConfiguration) {}
}
