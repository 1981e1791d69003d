import Foundation
import Model

/// Lookups on the units that every pass makes: the lexicon entry of a unit, the first unit of a
/// kind, and what counts as a content word.
extension Reading {
    @inline(__always) func entry(_ index: Int) -> Entry? {
        let unit = units[index]
        return unit.kind == .entry ? entries[Int(unit.entry)] : nil
    }

    @inline(__always) func kind(_ index: Int) -> EntryKind? { entry(index)?.kind }

    /// The first unit of `kind` at or after `start` (a loop, not a closure: capturing `self` would retain every array).
    func firstUnit(of kind: EntryKind, from start: Int = 0) -> Int? {
        var index = start
        while index < units.count {
            if units[index].kind == .entry, entries[Int(units[index].entry)].kind == kind { return index }
            index += 1
        }
        return nil
    }

    /// The first entry unit in `start..<end` whose entry satisfies `test`.
    func firstUnit(from start: Int, to end: Int, where test: (Entry) -> Bool) -> Int? {
        var index = start
        while index < end {
            if units[index].kind == .entry, test(entries[Int(units[index].entry)]) { return index }
            index += 1
        }
        return nil
    }

    /// Words that count in the reach of negation and intensifiers.
    func isContent(_ index: Int) -> Bool {
        switch units[index].kind {
        case .boundary: return false
        case .entry:
            let entry = entries[Int(units[index].entry)]
            return !entry.isFunctionWord && entry.kind != .negator
        default: return true
        }
    }
}
