import Foundation
import Logging

/// The one way a MentorFlow service starts: `await ServiceMain.run(MyService.self)` is the whole
/// `main.swift` beyond the service's declaration. It reads every setting (ServiceKit's and the
/// service's, through one `SettingsReader`, all problems reported at once by variable name),
/// bootstraps logging and metrics, opens the broker connections, builds the service, runs it
/// with health and metrics until SIGTERM/SIGINT, and exits with a uniform `ExitStatus`:
/// 0 after a graceful shutdown, 78 for a bad setting, 73 for a store or inbox that will not open,
/// 70 for anything else. A broker unreachable at start is not an exit: see `ServiceRuntime`.
public enum ServiceMain {
    public static func run<S: MentorFlowService>(_ service: S.Type, environment: [String: String] = ProcessInfo.processInfo.environment) async -> Never {
        var program = "mentorflow-\(S.name)"
        var reader: SettingsReader
        do {
            reader = try SettingsReader.fromEnvironment(environment)
        } catch {
            stop(program, error, .configuration)
        }
        let name = S.nameVariable.map { reader.string($0, default: S.name) } ?? S.name
        program = "mentorflow-\(name)"
        let configuration = ServiceConfiguration(reading: &reader, serviceName: name, defaultHTTPPort: S.defaultHTTPPort)
        let settings = S.Settings(reading: &reader, configuration: configuration)
        do {
            try reader.validate()
        } catch {
            stop(program, error, .configuration)
        }
        let runtime = ServiceRuntime(configuration: configuration)
        let context = ServiceContext(configuration: configuration, logger: runtime.logger, connection: runtime.publisher)
        do {
            let instance = try S(settings: settings, context: context)
            try await runtime.run(instance, context: context)
        } catch {
            stop(program, error, status(for: error))
        }
        exit(ExitStatus.success.rawValue)
    }

    /// The exit status a startup or run error maps to.
    static func status(for error: any Error) -> ExitStatus {
        switch error {
        case is ConfigurationError: .configuration
        case is StorageError: .storage
        default: .software
        }
    }

    private static func stop(_ program: String, _ error: any Error, _ status: ExitStatus) -> Never {
        FileHandle.standardError.write(Data("\(program): \(error)\n".utf8))
        exit(status.rawValue)
    }
}
