import Foundation
import Mustache

/// The page templates (`Templates/*.mustache`, bundled as resources), parsed once at start.
/// Mustache escapes every `{{value}}` as HTML; the only unescaped `{{{…}}}` slots hold SVG built
/// by `BarChart`, which escapes its own labels.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let stylesheet: String

    public struct MissingResource: Error, CustomStringConvertible {
        public let description: String
    }

    public init() async throws {
        guard let templates = Bundle.module.url(forResource: "Templates", withExtension: nil),
              let style = Bundle.module.url(forResource: "Assets/style", withExtension: "css")
                ?? Bundle.module.url(forResource: "style", withExtension: "css", subdirectory: "Assets") else {
            throw MissingResource(description: "the InsightsWeb resource bundle has no Templates or Assets/style.css")
        }
        library = try await MustacheLibrary(directory: templates.path)
        stylesheet = try String(contentsOf: style, encoding: .utf8)
    }

    /// `page` rendered with the template `name`; a missing template is a programming error.
    public func render(_ page: Any, template name: String) -> String {
        guard let html = library.render(page, withTemplate: name) else {
            preconditionFailure("no template named \(name)")
        }
        return html
    }
}
