import Foundation
import Hummingbird

extension Request {
    /// An `application/x-www-form-urlencoded` body (at most 16 KB).
    func formFields() async throws -> [String: String] {
        let bytes: ByteBuffer
        do { bytes = try await body.collect(upTo: 16 * 1024) } catch { throw Refusal.badRequest("the form is larger than 16 KB") }
        var components = URLComponents()
        components.percentEncodedQuery = String(buffer: bytes).replacingOccurrences(of: "+", with: "%20")
        var fields: [String: String] = [:]
        for item in components.queryItems ?? [] where fields[item.name] == nil {
            fields[item.name] = item.value ?? ""
        }
        return fields
    }
}
