import Foundation
import Testing
import TestSupport
@testable import IngestService

@Suite struct OpenAPITests {
    @Test func everyRouteIsDocumentedAndNothingElse() throws {
        let served = Set(IngestAPI.routes.map { "\($0.method) \($0.path)" })
        #expect(try OpenAPIDocument.routes("Services/Ingest/openapi.yaml") == served)
    }
}
