import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing
@testable import InsightsWeb

/// Signing in and out through the forms, as a browser does: cookies, CSRF tokens, expiry.
@Suite struct LoginTests {
    /// The value of `name` in the response's Set-Cookie headers, with the whole header.
    static func cookie(_ name: String, in response: TestResponse) -> (value: String, header: String)? {
        for header in response.headers[values: .setCookie] where header.hasPrefix(name + "=") {
            let value = header.dropFirst(name.count + 1).prefix { $0 != ";" }
            return (String(value), header)
        }
        return nil
    }

    static func hiddenToken(in html: String) -> String? {
        guard let range = html.range(of: #"name="csrf_token" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func form(_ fields: [String: String]) -> ByteBuffer {
        var components = URLComponents()
        components.queryItems = fields.map { URLQueryItem(name: $0.key, value: $0.value) }
        return ByteBuffer(string: components.percentEncodedQuery ?? "")
    }

    /// Signs in and returns the session cookie value.
    static func signIn(_ client: some TestClientProtocol, username: String, password: String, next: String = "/") async throws -> (status: HTTPResponse.Status, session: String?, location: String?) {
        let page = try await client.execute(uri: "/login?next=" + next, method: .get)
        let loginCookie = try #require(cookie(AccessControl.loginCSRFCookie, in: page))
        let token = try #require(hiddenToken(in: page.text))
        let response = try await client.execute(
            uri: "/login", method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "\(AccessControl.loginCSRFCookie)=\(loginCookie.value)"],
            body: form(["csrf_token": token, "username": username, "password": password, "next": next]))
        return (response.status, cookie(AccessControl.sessionCookie, in: response)?.value, response.headers[.location])
    }

    @Test func signInUseThenSignOut() async throws {
        let fixture = try DashboardFixture()
        try await fixture.application.test(.router) { client in
            let page = try await client.execute(uri: "/login", method: .get)
            let loginCookie = try #require(Self.cookie(AccessControl.loginCSRFCookie, in: page))
            #expect(loginCookie.header.contains("HttpOnly") && loginCookie.header.contains("SameSite=Strict") && loginCookie.header.contains("Secure"))

            let token = try #require(Self.hiddenToken(in: page.text))
            let response = try await client.execute(
                uri: "/login", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "\(AccessControl.loginCSRFCookie)=\(loginCookie.value)"],
                body: Self.form(["csrf_token": token, "username": "pm-a", "password": DashboardFixture.pmPassword, "next": "/sessions"]))
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/sessions")
            let session = try #require(Self.cookie(AccessControl.sessionCookie, in: response))
            #expect(session.header.contains("HttpOnly") && session.header.contains("SameSite=Strict") && session.header.contains("Secure"))

            let tracker = try await client.execute(uri: "/sessions", method: .get, headers: [.cookie: "\(AccessControl.sessionCookie)=\(session.value)"])
            #expect(tracker.status == .ok)
            #expect(tracker.text.contains("Priya PM"))
            let csrf = try #require(Self.hiddenToken(in: tracker.text))

            // State-changing forms without the session's token are refused (a cross-site form cannot know it).
            let forgedAck = try await client.execute(
                uri: "/escalations/E-A/acknowledge", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "\(AccessControl.sessionCookie)=\(session.value)"],
                body: Self.form(["csrf_token": "guess"]))
            #expect(forgedAck.status == .forbidden)
            let today = try await client.execute(uri: "/today", method: .get, headers: [.cookie: "\(AccessControl.sessionCookie)=\(session.value)"])
            #expect(today.text.contains(#"action="/escalations/E-A/acknowledge"><input type="hidden" name="csrf_token" value="\#(csrf)""#), "the button carries the token")
            #expect(!today.text.contains("E-B"), "cluster-b's escalation is not offered")
            let forged = try await client.execute(
                uri: "/logout", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "\(AccessControl.sessionCookie)=\(session.value)"],
                body: Self.form(["csrf_token": "guess"]))
            #expect(forged.status == .forbidden)
            let out = try await client.execute(
                uri: "/logout", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "\(AccessControl.sessionCookie)=\(session.value)"],
                body: Self.form(["csrf_token": csrf]))
            #expect(out.status == .seeOther)
            let after = try await client.execute(uri: "/sessions", method: .get, headers: [.cookie: "\(AccessControl.sessionCookie)=\(session.value)"])
            #expect(after.status == .seeOther, "the old cookie no longer signs in")
        }
    }

    @Test func wrongPasswordUnknownUserAndMissingCSRFAreRefused() async throws {
        let fixture = try DashboardFixture()
        try await fixture.application.test(.router) { client in
            let wrong = try await Self.signIn(client, username: "pm-a", password: "not-it")
            #expect(wrong.status == .unauthorized && wrong.session == nil)
            let unknown = try await Self.signIn(client, username: "nobody", password: "x")
            #expect(unknown.status == .unauthorized && unknown.session == nil)
            let noToken = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: Self.form(["username": "pm-a", "password": DashboardFixture.pmPassword]))
            #expect(noToken.status == .forbidden, "a login form posted from elsewhere (no CSRF cookie) is refused")
            let offSite = try await Self.signIn(client, username: "lead", password: DashboardFixture.leadPassword, next: "//evil.example/")
            #expect(offSite.status == .seeOther && offSite.location == "/", "next never leaves the site")
        }
    }

    /// `next` is a whitelist of path and query characters: a tab or newline (which browsers drop
    /// from a Location URL, turning "/\t/evil.example" into "//evil.example") sends the user home.
    @Test func nextIsALocalPathOrHome() {
        for bad in ["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "//evil.example", "/\\evil.example", "https://evil.example",
                    "evil.example", "/ok\u{0}", "/caf\u{E9}", String(repeating: "/a", count: 2000)] {
            #expect(SignInController.safeNext(bad) == "/", "\(bad.debugDescription)")
        }
        for good in ["/", "/sessions?flag=red&cluster=cluster-a", "/sessions/S-000001", "/reports?period=weekly&ending=2025-11-01", "/mentors/M%2D001"] {
            #expect(SignInController.safeNext(good) == good)
        }
        #expect(SignInController.safeNext(nil) == "/")
    }

    @Test func anExpiredSessionSignsInAgain() async throws {
        let clock = DashboardFixture.Clock()
        let fixture = try DashboardFixture(clock: clock)
        try await fixture.application.test(.router) { client in
            let signedIn = try await Self.signIn(client, username: "lead", password: DashboardFixture.leadPassword)
            let session = try #require(signedIn.session)
            let cookie: HTTPFields = [.cookie: "\(AccessControl.sessionCookie)=\(session)"]
            #expect(try await client.execute(uri: "/", method: .get, headers: cookie).status == .ok)
            clock.now.withLock { $0 = $0.addingTimeInterval(3601) }
            let expired = try await client.execute(uri: "/", method: .get, headers: cookie)
            #expect(expired.status == .seeOther)
            #expect(expired.headers[.location]?.hasPrefix("/login") == true)
            let api = try await client.execute(uri: "/v1/metrics", method: .get, headers: cookie)
            #expect(api.status == .unauthorized)
        }
    }

    @Test func repeatedFailuresThrottleTheUsernameUntilTheWindowPasses() async throws {
        let clock = DashboardFixture.Clock()
        let fixture = try DashboardFixture(clock: clock)
        try await fixture.application.test(.router) { client in
            for _ in 0..<10 {
                #expect(try await Self.signIn(client, username: "lead", password: "guess").status == .unauthorized)
            }
            let right = try await Self.signIn(client, username: "LEAD", password: DashboardFixture.leadPassword)
            #expect(right.status == .tooManyRequests && right.session == nil, "even the right password waits")
            #expect(try await Self.signIn(client, username: "pm-a", password: DashboardFixture.pmPassword).session != nil, "other users are not affected")
            clock.now.withLock { $0 = $0.addingTimeInterval(15 * 60 + 1) }
            #expect(try await Self.signIn(client, username: "lead", password: DashboardFixture.leadPassword).session != nil)
        }
    }
}

/// Password checks run one at a time off the cooperative pool, and a flood beyond the queue's
/// capacity is refused without running.
@Suite struct PasswordCheckQueueTests {
    final class Tally: Sendable {
        let state = Mutex((running: 0, most: 0, ran: 0))
    }

    @Test func checksRunOneAtATimeAndAFloodIsRefused() async {
        let queue = PasswordCheckQueue(maxWaiting: 3)
        let tally = Tally()
        let results = await withTaskGroup(of: Bool?.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    await queue.run {
                        tally.state.withLock { $0.running += 1; $0.most = max($0.most, $0.running); $0.ran += 1 }
                        usleep(20_000)
                        tally.state.withLock { $0.running -= 1 }
                        return true
                    }
                }
            }
            var all: [Bool?] = []
            for await result in group { all.append(result) }
            return all
        }
        let (_, most, ran) = tally.state.withLock { $0 }
        #expect(most == 1, "never two checks at once")
        #expect(results.contains(nil), "12 at once with room for 3: some are refused")
        #expect(results.compactMap { $0 }.count == ran, "a refused check never ran")
        #expect(ran >= 3)
    }
}
