import Foundation
import Testing
import TestSupport
@testable import InsightsWeb

@Suite struct UsersFileTests {
    @Test func passwordHashesVerifyAndNeverHoldThePassword() throws {
        let hash = try PasswordHash.make(password: "s3cret pass", logN: 10)
        #expect(hash.encoded.hasPrefix("scrypt$10$8$1$"))
        #expect(!hash.encoded.contains("s3cret"))
        let parsed = try PasswordHash(encoded: hash.encoded)
        #expect(parsed.verify("s3cret pass"))
        #expect(!parsed.verify("s3cret pass "))
        #expect(try PasswordHash.make(password: "s3cret pass", logN: 10).encoded != hash.encoded, "salted")
    }

    @Test func everyProblemIsNamed() {
        let json = """
        {"users": [
          {"username": "a", "role": "pm", "password_hash": "plaintext"},
          {"username": "b", "role": "boss", "api_tokens": ["sha256:abc"]},
          {"username": "c", "role": "leadership", "clusters": ["cluster-a"]},
          {"username": "A", "role": "admin", "api_tokens": ["\(APIToken.stored(for: "x"))"]}
        ]}
        """
        #expect {
            try UserDirectory(json: Data(json.utf8))
        } throws: { error in
            let text = "\(error)"
            return text.contains("users[0].clusters") && text.contains("users[0].password_hash") && text.contains("users[1].role")
                && text.contains("users[2].clusters") && text.contains("users[2]: needs a password_hash or an api_token")
                && text.contains("users[3].username: 'A' appears twice")
        }
    }

    @Test func tokensAreStoredAsHashes() throws {
        let (token, stored) = APIToken.generate()
        #expect(token.hasPrefix("mft_") && token.count >= 40)
        #expect(stored == APIToken.stored(for: token) && !stored.contains(token))
        let directory = try UserDirectory(json: Data(#"{"users": [{"username": "ops", "role": "admin", "api_tokens": ["\#(stored)"]}]}"#.utf8))
        #expect(directory.user(forToken: token)?.username == "ops")
        #expect(directory.user(forToken: token + "x") == nil)
    }
}

/// `mentorflow user hash-password` and `new-token` as an operator runs them.
@Suite struct UserCommandTests {
    static func run(_ arguments: [String], input: String? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = ServiceProcess.productsDirectory.appendingPathComponent("mentorflow")
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test func hashPasswordReadsStandardInputAndPrintsAVerifiableHash() throws {
        let result = try Self.run(["user", "hash-password", "--cost", "10"], input: "a long enough password\n")
        #expect(result.status == 0, "\(result.output)")
        let hash = try PasswordHash(encoded: result.output.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(hash.verify("a long enough password") && hash.logN == 10)
        #expect(!result.output.contains("a long enough password"))
        let short = try Self.run(["user", "hash-password"], input: "short\n")
        #expect(short.status != 0 && short.output.contains("at least 10 characters"))
    }

    @Test func newTokenPrintsATokenAndItsStoredForm() throws {
        let result = try Self.run(["user", "new-token"])
        let lines = result.output.split(separator: "\n")
        let token = try #require(lines.first?.split(separator: " ").last.map(String.init))
        #expect(lines.last == "api_tokens entry: \(APIToken.stored(for: token))")
    }
}

@Suite struct OpenAPITests {
    @Test func everyAPIRouteIsDocumentedAndNothingElse() throws {
        let served = Set(try DashboardFixture().servedRoutes.filter { $0.kind == .api || $0.kind == .export }.map(\.description))
            .union(["GET /health/live", "GET /health/ready", "GET /metrics"])
        #expect(try OpenAPIDocument.routes("Services/Insights/openapi.yaml") == served)
    }
}

/// Cookies carry `Secure` unless the dashboard is bound to loopback (development over plain
/// http://127.0.0.1) or the operator says otherwise.
@Suite struct WebSettingsTests {
    @Test func secureCookiesFollowTheBindAddressUnlessSet() throws {
        #expect(try InsightsWebSettings.read(environment: [:]).secureCookies == false, "the default bind is 127.0.0.1")
        #expect(try InsightsWebSettings.read(environment: ["MENTORFLOW_HTTP_HOST": "127.0.0.1"]).secureCookies == false)
        #expect(try InsightsWebSettings.read(environment: ["MENTORFLOW_HTTP_HOST": "::1"]).secureCookies == false)
        #expect(try InsightsWebSettings.read(environment: ["MENTORFLOW_HTTP_HOST": "0.0.0.0"]).secureCookies == true)
        #expect(try InsightsWebSettings.read(environment: ["MENTORFLOW_HTTP_HOST": "10.1.2.3"]).secureCookies == true)
        #expect(try InsightsWebSettings.read(environment: ["MENTORFLOW_HTTP_HOST": "0.0.0.0", "MENTORFLOW_INSIGHTS_SECURE_COOKIES": "false"]).secureCookies == false)
        #expect(try InsightsWebSettings.read(environment: ["MENTORFLOW_INSIGHTS_SECURE_COOKIES": "true"]).secureCookies == true)
        #expect(throws: InsightsWebSettings.Invalid.self) { try InsightsWebSettings.read(environment: ["MENTORFLOW_INSIGHTS_SECURE_COOKIES": "maybe"]) }
    }
}
