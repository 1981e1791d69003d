import Foundation
import Testing
import TestSupport
@testable import IngestService

@Suite struct OpenAPITests {
    /// (METHOD, path) pairs under `paths:`, read line by line (the document keeps that layout).
    static func documentedRoutes() throws -> Set<String> {
        let text = try String(contentsOf: TestBroker.repositoryRoot.appendingPathComponent("Services/Ingest/openapi.yaml"), encoding: .utf8)
        var routes = Set<String>()
        var inPaths = false
        var path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            if inPaths, let first = line.first, first != " " { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast().uppercased()
                if ["GET", "POST", "PUT", "DELETE", "PATCH"].contains(method) { routes.insert("\(method) \(path)") }
            }
        }
        return routes
    }

    @Test func everyRouteIsDocumentedAndNothingElse() throws {
        let served = Set(IngestAPI.routes.map { "\($0.method) \($0.path)" })
        #expect(try Self.documentedRoutes() == served)
    }
}
