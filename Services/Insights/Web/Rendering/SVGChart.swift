import Foundation

/// Charts drawn by the service as inline SVG (no script, no CDN): horizontal bars with a label,
/// a value and an optional note per bar. Every label is escaped here, because SVG is emitted
/// into the page unescaped by the template.
public struct BarChart: Sendable {
    public struct Bar: Sendable {
        public let label: String
        public let value: Double
        public let display: String
        public let note: String?
        public let colour: String

        public init(label: String, value: Double, display: String, note: String? = nil, colour: String) {
            self.label = label
            self.value = value
            self.display = display
            self.note = note
            self.colour = colour
        }
    }

    public let title: String
    public let bars: [Bar]
    /// The value of a full-width bar (e.g. 5 for ratings); nil scales to the largest bar.
    public let maximum: Double?

    public init(title: String, bars: [Bar], maximum: Double? = nil) {
        self.title = title
        self.bars = bars
        self.maximum = maximum
    }

    /// The chart as an `<svg>` element that scales to its container's width.
    public var svg: String {
        let labelWidth = 120.0, valueWidth = 150.0, barArea = 330.0, rowHeight = 34.0
        let width = labelWidth + barArea + valueWidth
        let height = max(rowHeight * Double(bars.count) + 8, 40)
        let top = maximum ?? bars.map(\.value).max() ?? 1
        let scale = top > 0 ? barArea / top : 0
        var out = #"<svg class="chart" role="img" viewBox="0 0 \#(Int(width)) \#(Int(height))" xmlns="http://www.w3.org/2000/svg" aria-label="\#(HTML.escape(title))">"#
        out += "<title>\(HTML.escape(title))</title>"
        if bars.isEmpty {
            out += #"<text x="0" y="24" class="chart-empty">No data yet</text>"#
        }
        for (index, bar) in bars.enumerated() {
            let y = Double(index) * rowHeight + 4
            let length = max(bar.value * scale, bar.value > 0 ? 2 : 0)
            out += #"<g class="bar" data-label="\#(HTML.escape(bar.label))" data-value="\#(bar.value)">"#
            out += #"<text x="\#(labelWidth - 8)" y="\#(y + 20)" text-anchor="end" class="chart-label">\#(HTML.escape(bar.label))</text>"#
            out += #"<rect x="\#(labelWidth)" y="\#(y + 4)" width="\#(String(format: "%.1f", length))" height="\#(rowHeight - 10)" rx="4" fill="\#(HTML.escape(bar.colour))"></rect>"#
            out += #"<text x="\#(labelWidth + length + 8)" y="\#(y + 20)" class="chart-value">\#(HTML.escape(bar.display))"#
            if let note = bar.note { out += #"<tspan class="chart-note"> \#(HTML.escape(note))</tspan>"# }
            out += "</text></g>"
        }
        return out + "</svg>"
    }
}

/// HTML escaping for the few places that build markup in code (SVG); templates escape by themselves.
public enum HTML {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}

/// A column per period (weekly trends): height is the value, the label under it, the figure
/// above it. Escapes its own text like `BarChart`.
public struct ColumnChart: Sendable {
    public struct Column: Sendable {
        public let label: String
        public let value: Double
        public let display: String
        public let colour: String

        public init(label: String, value: Double, display: String, colour: String) {
            self.label = label
            self.value = value
            self.display = display
            self.colour = colour
        }
    }

    public let title: String
    public let columns: [Column]

    public init(title: String, columns: [Column]) {
        self.title = title
        self.columns = columns
    }

    public var svg: String {
        let width = 720.0, height = 170.0, top = 22.0, bottom = 26.0
        let slot = columns.isEmpty ? width : width / Double(columns.count)
        let barWidth = min(44, slot * 0.6)
        let highest = columns.map(\.value).max() ?? 0
        let scale = highest > 0 ? (height - top - bottom) / highest : 0
        var out = #"<svg class="chart chart-columns" role="img" viewBox="0 0 \#(Int(width)) \#(Int(height))" xmlns="http://www.w3.org/2000/svg" aria-label="\#(HTML.escape(title))">"#
        out += "<title>\(HTML.escape(title))</title>"
        out += #"<line x1="0" y1="\#(height - bottom)" x2="\#(width)" y2="\#(height - bottom)" stroke="rgb(213,218,229)"></line>"#
        if columns.isEmpty { out += #"<text x="0" y="24" class="chart-empty">No data yet</text>"# }
        for (index, column) in columns.enumerated() {
            let centre = slot * (Double(index) + 0.5)
            let length = max(column.value * scale, column.value > 0 ? 2 : 0)
            let y = height - bottom - length
            out += #"<g class="column" data-label="\#(HTML.escape(column.label))" data-value="\#(column.value)">"#
            out += #"<rect x="\#(String(format: "%.1f", centre - barWidth / 2))" y="\#(String(format: "%.1f", y))" width="\#(String(format: "%.1f", barWidth))" height="\#(String(format: "%.1f", length))" rx="3" fill="\#(HTML.escape(column.colour))"></rect>"#
            out += #"<text x="\#(String(format: "%.1f", centre))" y="\#(String(format: "%.1f", y - 6))" text-anchor="middle" class="chart-value">\#(HTML.escape(column.display))</text>"#
            out += #"<text x="\#(String(format: "%.1f", centre))" y="\#(height - 8)" text-anchor="middle" class="chart-label">\#(HTML.escape(column.label))</text>"#
            out += "</g>"
        }
        return out + "</svg>"
    }
}
