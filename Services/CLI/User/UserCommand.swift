import ArgumentParser
import Foundation
import InsightsWeb

/// `mentorflow user …`: what an operator needs to write the dashboard's users file without
/// ever putting a password or a token in it in clear.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Make entries for the insights users file (MENTORFLOW_INSIGHTS_USERS_FILE).",
        subcommands: [HashPasswordCommand.self, NewTokenCommand.self]
    )
}

/// Reads a password (asked twice without echo on a terminal; the first line of standard input
/// otherwise, for scripts) and prints its scrypt hash for `password_hash`.
struct HashPasswordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-password",
        abstract: "Print the scrypt hash of a password for a user's \"password_hash\".",
        discussion: "On a terminal the password is asked twice without echo; otherwise the first line of standard input is read (echo -n ... | is fine). The password is never a command-line argument, so it stays out of shell history and ps."
    )

    @Option(name: .long, help: "scrypt cost as log2 N (10...20); each step doubles the time and memory of a check.")
    var cost: Int = PasswordHash.defaultLogN

    func validate() throws {
        guard (10...20).contains(cost) else { throw ValidationError("--cost must be in 10...20") }
    }

    func run() throws {
        let password: String
        if isatty(STDIN_FILENO) == 1 {
            guard let first = getpass("Password: ").map({ String(cString: $0) }), !first.isEmpty else {
                throw ValidationError("the password is empty")
            }
            guard let second = getpass("Again: ").map({ String(cString: $0) }), second == first else {
                throw ValidationError("the two passwords differ")
            }
            password = first
        } else {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("no password on standard input")
            }
            password = line
        }
        guard password.count >= 10 else { throw ValidationError("use at least 10 characters") }
        print(try PasswordHash.make(password: password, logN: cost).encoded)
    }
}

/// A new random API token: the token goes to the API's user, the `sha256:` line into the file.
struct NewTokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-token",
        abstract: "Print a new API token and the line to add to a user's \"api_tokens\"."
    )

    func run() {
        let (token, stored) = APIToken.generate()
        print("token (give it to the API user; it is not stored anywhere): \(token)")
        print("api_tokens entry: \(stored)")
    }
}
