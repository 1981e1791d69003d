import Foundation

/// A person who may sign in, as the users file describes them.
public struct User: Sendable, Equatable {
    public let username: String
    public let displayName: String
    public let role: Role
    let passwordHash: PasswordHash?
    let tokens: Set<String>

    public var scope: AccessScope { role.scope }
}

/// Users and roles, read from the JSON file named by `MENTORFLOW_INSIGHTS_USERS_FILE` and
/// validated at start (every problem is listed with the user's index and field):
///
/// ```json
/// {"users": [
///   {"username": "asha", "display_name": "Asha Rao", "role": "pm", "clusters": ["cluster-a"],
///    "password_hash": "scrypt$15$8$1$…", "api_tokens": ["sha256:…"]},
///   {"username": "lead", "role": "leadership", "password_hash": "scrypt$…"},
///   {"username": "ops", "role": "admin", "api_tokens": ["sha256:…"]}]}
/// ```
public struct UserDirectory: Sendable {
    public let users: [User]
    private let byName: [String: User]
    private let byToken: [String: User]

    public struct InvalidFile: Error, CustomStringConvertible {
        public let problems: [String]
        public var description: String { "invalid users file: " + problems.joined(separator: "; ") }
    }

    private struct Entry: Decodable {
        let username: String?
        let display_name: String?
        let role: String?
        let clusters: [String]?
        let password_hash: String?
        let api_tokens: [String]?
    }

    private struct File: Decodable {
        let users: [Entry]
    }

    public init(users: [User]) {
        self.users = users
        byName = Dictionary(users.map { ($0.username.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        var tokens: [String: User] = [:]
        for user in users { for token in user.tokens { tokens[token] = user } }
        byToken = tokens
    }

    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw InvalidFile(problems: ["cannot read \(url.path): \(error.localizedDescription)"])
        }
        try self.init(json: data)
    }

    public init(json: Data) throws {
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: json) } catch {
            throw InvalidFile(problems: ["not a JSON object {\"users\": [...]}: \(error)"])
        }
        var problems: [String] = []
        var users: [User] = []
        var seen = Set<String>()
        var seenTokens = Set<String>()
        for (index, entry) in file.users.enumerated() {
            let at = "users[\(index)]"
            guard let username = entry.username?.trimmingCharacters(in: .whitespaces), !username.isEmpty,
                  username.count <= 64, username.allSatisfy({ $0.isLetter || $0.isNumber || "._@-".contains($0) }) else {
                problems.append("\(at).username: required, at most 64 letters, digits or . _ @ -"); continue
            }
            if !seen.insert(username.lowercased()).inserted { problems.append("\(at).username: '\(username)' appears twice") }
            let role: Role
            switch entry.role {
            case "pm":
                let clusters = Set((entry.clusters ?? []).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
                if clusters.isEmpty { problems.append("\(at).clusters: a pm needs at least one PM cluster") }
                role = .programManager(clusters: clusters)
            case "leadership", "admin":
                if !(entry.clusters ?? []).isEmpty { problems.append("\(at).clusters: only a pm has clusters (\(entry.role!) sees all)") }
                role = entry.role == "admin" ? .admin : .leadership
            default:
                problems.append("\(at).role: must be pm, leadership or admin, got \(entry.role.map { "'\($0)'" } ?? "nothing")"); continue
            }
            var hash: PasswordHash?
            if let encoded = entry.password_hash {
                do { hash = try PasswordHash(encoded: encoded) } catch { problems.append("\(at).password_hash: \(error)") }
            }
            let tokens = entry.api_tokens ?? []
            for (tokenIndex, token) in tokens.enumerated() {
                if !APIToken.isStoredForm(token) {
                    problems.append("\(at).api_tokens[\(tokenIndex)]: must be sha256:<64 lowercase hex> (make one with `mentorflow user new-token`)")
                } else if !seenTokens.insert(token).inserted {
                    problems.append("\(at).api_tokens[\(tokenIndex)]: the same token is listed twice")
                }
            }
            if entry.password_hash == nil, tokens.isEmpty { problems.append("\(at): needs a password_hash or an api_token") }
            users.append(User(username: username, displayName: entry.display_name ?? username, role: role, passwordHash: hash, tokens: Set(tokens)))
        }
        if file.users.isEmpty { problems.append("users: the list is empty, nobody could sign in") }
        if !problems.isEmpty { throw InvalidFile(problems: problems) }
        self.init(users: users)
    }

    /// The user with this name and password, or nil (a wrong name costs the same KDF work as a wrong password).
    public func authenticate(username: String, password: String) -> User? {
        guard let user = byName[username.lowercased()], let hash = user.passwordHash else {
            _ = Self.decoy.verify(password)
            return nil
        }
        return hash.verify(password) ? user : nil
    }

    /// The user an API token belongs to.
    public func user(forToken token: String) -> User? {
        byToken[APIToken.stored(for: token)]
    }

    public func user(named username: String) -> User? {
        byName[username.lowercased()]
    }

    private static let decoy = try! PasswordHash(encoded: "scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
}
