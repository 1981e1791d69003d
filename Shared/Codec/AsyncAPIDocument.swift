import Foundation

/// The AsyncAPI 3.0 description of every channel and payload, shipped with the codec
/// (and checked against it by the tests) so that it cannot drift from the code.
public enum AsyncAPIDocument {
    /// The bundled `asyncapi.yaml`.
    public static var url: URL? {
        Bundle.module.url(forResource: "asyncapi", withExtension: "yaml")
    }

    public static func text() throws -> String {
        guard let url else { throw CocoaError(.fileNoSuchFile) }
        return try String(contentsOf: url, encoding: .utf8)
    }
}
