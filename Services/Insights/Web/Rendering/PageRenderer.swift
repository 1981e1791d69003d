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

    public init() throws {
        guard let templates = Bundle.module.url(forResource: "Templates", withExtension: nil),
              let assets = Bundle.module.url(forResource: "Assets", withExtension: nil) else {
            throw MissingResource(description: "the InsightsWeb resource bundle has no Templates or Assets folder")
        }
        var library = MustacheLibrary()
        for file in try FileManager.default.contentsOfDirectory(atPath: templates.path) where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8)
            try library.register(text, named: String(file.dropLast(".mustache".count)))
        }
        self.library = library
        stylesheet = try String(contentsOf: assets.appendingPathComponent("style.css"), encoding: .utf8)
    }

    /// `page` rendered with the template `name`; a missing template is a programming error.
    public func render(_ page: Any, template name: String) -> String {
        guard let html = library.render(page, withTemplate: name) else {
            preconditionFailure("no template named \(name)")
        }
        return html
    }
}
