/// Rows of cells printed as aligned columns with a rule under the header row, for the figures a
/// benchmark prints and the tables `mentorflow` prints: text columns left-aligned, numbers
/// right-aligned so their digits line up.
public enum TextTable {
    /// The lines of `rows` (the first is the header); columns in `leftAligned` are text.
    public static func lines(_ rows: [[String]], leftAligned: Set<Int> = [0]) -> [String] {
        guard let header = rows.first else { return [] }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = rows.map { row in
            row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return leftAligned.contains(column) ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        lines.insert(String(repeating: "-", count: lines[0].count), at: 1)
        return lines
    }
}
