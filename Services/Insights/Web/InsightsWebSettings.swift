import Foundation
import ServiceKit

/// The web half's settings, read at start (a bad value stops the service with status 78 and a
/// message naming the variable): documented in README, Configuration.
public struct InsightsWebSettings: Sendable {
    /// nil: the dashboard and API are off (the read model and flags still run).
    public var usersFile: URL?
    /// The users file's content, loaded (and validated) with the other settings.
    public var users: UserDirectory?
    public var sessionLifetime: Duration
    public var secureCookies: Bool
    public var timeZone: TimeZone

    /// What `read(environment:)` throws: ServiceKit's one settings error.
    public typealias Invalid = ConfigurationError

    /// Reads the web variables from the service's settings reader (problems go to the reader).
    public init(reading reader: inout SettingsReader) {
        usersFile = reader.path("MENTORFLOW_INSIGHTS_USERS_FILE")
        users = reader.file("MENTORFLOW_INSIGHTS_USERS_FILE") { try UserDirectory(contentsOf: $0) }
        sessionLifetime = reader.minutes("MENTORFLOW_INSIGHTS_SESSION_MINUTES", default: .seconds(8 * 3600), in: 1...43_200)
        // Secure by default once the dashboard is reachable from other machines: only a loopback
        // bind (the development setup, plain http://127.0.0.1) defaults to cookies without `Secure`.
        secureCookies = reader.bool("MENTORFLOW_INSIGHTS_SECURE_COOKIES", default: !isLoopback(reader.string("MENTORFLOW_HTTP_HOST", default: "127.0.0.1")))
        timeZone = reader.parsed("MENTORFLOW_INSIGHTS_TIME_ZONE", expected: "is not a time zone name (e.g. Asia/Kolkata, UTC)") { TimeZone(identifier: $0) }
            ?? TimeZone(identifier: "Asia/Kolkata")!
    }

    /// The web settings alone (tests, tools); every problem is in the error.
    public static func read(environment: [String: String]) throws(Invalid) -> InsightsWebSettings {
        var reader = SettingsReader(values: environment)
        let settings = InsightsWebSettings(reading: &reader)
        try reader.validate()
        return settings
    }
}

/// 127.0.0.0/8, ::1 and localhost: addresses only this machine reaches.
func isLoopback(_ host: String) -> Bool {
    let host = host.lowercased()
    return host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
}
