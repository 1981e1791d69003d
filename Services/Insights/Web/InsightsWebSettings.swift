import Foundation

/// The web half's settings, read at start (a bad value stops the service with status 78 and a
/// message naming the variable): documented in README, Configuration.
public struct InsightsWebSettings: Sendable {
    /// nil: the dashboard and API are off (the read model and flags still run).
    public var usersFile: URL?
    public var sessionLifetime: Duration
    public var secureCookies: Bool
    public var timeZone: TimeZone

    public struct Invalid: Error, CustomStringConvertible {
        public var problems: [String]
        public var description: String { problems.joined(separator: "; ") }
    }

    public static func read(environment: [String: String]) throws(Invalid) -> InsightsWebSettings {
        var problems: [String] = []
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let usersFile = value("MENTORFLOW_INSIGHTS_USERS_FILE").map { URL(fileURLWithPath: $0) }
        var lifetime = Duration.seconds(8 * 3600)
        if let text = value("MENTORFLOW_INSIGHTS_SESSION_MINUTES") {
            if let minutes = Int(text), (1...43_200).contains(minutes) { lifetime = .seconds(minutes * 60) } else {
                problems.append("MENTORFLOW_INSIGHTS_SESSION_MINUTES=\(text) must be whole minutes in 1...43200")
            }
        }
        // Secure by default once the dashboard is reachable from other machines: only a loopback
        // bind (the development setup, plain http://127.0.0.1) defaults to cookies without `Secure`.
        var secure = !isLoopback(value("MENTORFLOW_HTTP_HOST") ?? "127.0.0.1")
        if let text = value("MENTORFLOW_INSIGHTS_SECURE_COOKIES") {
            switch text.lowercased() {
            case "1", "true", "yes": secure = true
            case "0", "false", "no": secure = false
            default: problems.append("MENTORFLOW_INSIGHTS_SECURE_COOKIES=\(text) must be true or false")
            }
        }
        var timeZone = TimeZone(identifier: "Asia/Kolkata")!
        if let text = value("MENTORFLOW_INSIGHTS_TIME_ZONE") {
            if let zone = TimeZone(identifier: text) { timeZone = zone } else {
                problems.append("MENTORFLOW_INSIGHTS_TIME_ZONE=\(text) is not a time zone name (e.g. Asia/Kolkata, UTC)")
            }
        }
        guard problems.isEmpty else { throw Invalid(problems: problems) }
        return InsightsWebSettings(usersFile: usersFile, sessionLifetime: lifetime, secureCookies: secure, timeZone: timeZone)
    }
}

/// 127.0.0.0/8, ::1 and localhost: addresses only this machine reaches.
func isLoopback(_ host: String) -> Bool {
    let host = host.lowercased()
    return host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
}
