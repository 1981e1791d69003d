import ServiceKit

/// A minimal stateless service built with the template, for tests that run a service as a process.
struct ProbeService: MentorFlowService {
    static let name = "probe"
    static let nameVariable: String? = "PROBE_NAME"
    static let defaultHTTPPort = 8099
    let handlers: [any EventHandler]

    init(settings: ProbeSettings, context: ServiceContext) {
        handlers = [ProbeHandler(delay: settings.delay)]
    }
}

await ServiceMain.run(ProbeService.self)
