import Foundation

/// The routes an OpenAPI document of this repository declares, for the tests that check a
/// service's route table against its document.
public enum OpenAPIDocument {
    /// "METHOD /path" for each operation under `paths:`, read line by line (the documents keep
    /// that layout: paths indented two spaces, methods four). `path` is relative to the repository.
    public static func routes(_ path: String) throws -> Set<String> {
        let text = try String(contentsOf: TestBroker.repositoryRoot.appendingPathComponent(path), encoding: .utf8)
        var routes = Set<String>()
        var inPaths = false
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            if inPaths, let first = line.first, first != " " { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                current = String(line.dropFirst(2).dropLast())
            } else if let current, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast().uppercased()
                if ["GET", "POST", "PUT", "DELETE", "PATCH"].contains(method) { routes.insert("\(method) \(current)") }
            }
        }
        return routes
    }
}
