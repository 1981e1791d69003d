import Foundation
import Model

/// Why lexicon files were refused: each problem names its file and line.
public struct LexiconError: Error, CustomStringConvertible, Sendable {
    public let problems: [String]
    public var description: String { problems.joined(separator: "\n") }
}

/// A tag from a `language*.tsv` file, used to tell Hinglish and chat-speak from English.
enum LanguageTag: UInt8, Sendable {
    case none = 0
    case hinglish
    case chatspeak
    case otherIndic

    init?(name: String) {
        switch name {
        case "hinglish": self = .hinglish
        case "chatspeak": self = .chatspeak
        case "other_indic": self = .otherIndic
        default: return nil
        }
    }
}

/// The compiled lexicons: every phrase of every `*.tsv` file, matched word by word through a
/// trie of term numbers. Files are read in name order, the bundled folder first; a phrase
/// defined again later (for example in the operator's folder) replaces the earlier line.
public struct Lexicon: Sendable {
    private(set) var terms = TermTable(TermTable.Builder())
    /// The term table while the files are read (empty afterwards).
    private var building = TermTable.Builder()
    var entries: [Entry] = []
    /// Per entry: `file:line` of the line that defined it.
    public private(set) var origins: [String] = []
    var scanner = Scanner()
    /// Per term: its trie node as a phrase's first word, or -1.
    var rootChild: [Int32] = []
    /// (node << 32 | term) → child node.
    var edges: [UInt64: Int32] = [:]
    /// Per node: its entry, or -1; node 0 is the root.
    var nodeEntry: [Int32] = [-1]
    var nodeHasChildren: [Bool] = [false]
    /// Per term: its language tag.
    var languageTags: [LanguageTag] = []
    /// The files read, in order.
    public private(set) var files: [String] = []
    /// A hash of every file's name and contents: part of the analyser version.
    public private(set) var fingerprint: UInt64 = 0xcbf2_9ce4_8422_2325
    /// Phrases that a later line redefined.
    public private(set) var overrides = 0

    public var entryCount: Int { entries.count }

    /// The lexicon folder shipped with the analyser (`Resources/`).
    public static var bundledDirectory: URL? {
        Bundle.module.url(forResource: "Resources", withExtension: nil)
    }

    /// Reads the bundled lexicons, then those in `extraDirectory` (an operator's additions).
    public static func standard(extraDirectory: URL? = nil) throws(LexiconError) -> Lexicon {
        guard let bundled = bundledDirectory else { throw LexiconError(problems: ["the bundled lexicon folder is missing"]) }
        return try Lexicon(directories: [bundled] + (extraDirectory.map { [$0] } ?? []))
    }

    /// Reads every `*.tsv` file of each folder (name order): `language*.tsv` are language tags, the rest lexicon lines.
    public init(directories: [URL]) throws(LexiconError) {
        var problems: [String] = []
        var emoticons: [(bytes: [UInt8], term: Int32)] = []
        for directory in directories {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".tsv") }.sorted()
            } catch {
                problems.append("\(directory.path): cannot be read (\(error.localizedDescription))")
                continue
            }
            if names.isEmpty { problems.append("\(directory.path): no .tsv files") }
            for name in names {
                let url = directory.appendingPathComponent(name)
                guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                    problems.append("\(url.path): cannot be read as UTF-8")
                    continue
                }
                files.append(url.path)
                mix(Array(name.utf8))
                mix(Array(data))
                if name.hasPrefix("language") {
                    readLanguage(text, file: name, problems: &problems)
                } else {
                    readEntries(text, file: name, problems: &problems, emoticons: &emoticons)
                }
            }
        }
        guard problems.isEmpty else { throw LexiconError(problems: problems) }
        terms = TermTable(building)
        building = TermTable.Builder()
        scanner.setEmoticons(emoticons)
        rootChild = Array(repeating: -1, count: terms.count)
        for (key, child) in edges where key >> 32 == 0 { rootChild[Int(key & 0xFFFF_FFFF)] = child }
        languageTags += Array(repeating: .none, count: max(0, terms.count - languageTags.count))
    }

    /// The entry whose phrase is `text`, if any (for tests and `--explain`).
    func entry(for text: String) -> Entry? {
        guard let path = termPath(text), !path.isEmpty else { return nil }
        var node: Int32 = 0
        for term in path {
            guard let child = edges[UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: term))] else { return nil }
            node = child
        }
        let index = nodeEntry[Int(node)]
        return index >= 0 ? entries[Int(index)] : nil
    }

    // MARK: Reading

    private mutating func mix(_ bytes: [UInt8]) {
        for byte in bytes { fingerprint = (fingerprint ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    }

    private mutating func readEntries(_ text: String, file: String, problems: inout [String], emoticons: inout [(bytes: [UInt8], term: Int32)]) {
        for (number, line) in Self.lines(text) {
            let origin = "\(file):\(number)"
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard columns.count >= 2, !columns[0].isEmpty else {
                problems.append("\(origin): expected phrase<TAB>kind[<TAB>value[<TAB>aspect[<TAB>flags]]]")
                continue
            }
            guard let kind = EntryKind(rawValue: columns[1]) else {
                problems.append("\(origin): unknown kind \"\(columns[1])\"")
                continue
            }
            var value = Entry.defaultValue(for: kind)
            if columns.count > 2, !columns[2].isEmpty, columns[2] != "-" {
                guard let parsed = Double(columns[2]), parsed.isFinite, abs(parsed) <= 10 else {
                    problems.append("\(origin): value \"\(columns[2])\" is not a number in -10...10")
                    continue
                }
                value = parsed
            }
            guard let value else {
                problems.append("\(origin): kind \(kind.rawValue) needs a value")
                continue
            }
            var aspect: Aspect?
            if columns.count > 3, !columns[3].isEmpty, columns[3] != "-" {
                guard let parsed = Aspect(rawValue: columns[3]), parsed != .none else {
                    problems.append("\(origin): unknown aspect \"\(columns[3])\"")
                    continue
                }
                aspect = parsed
            }
            var flags: EntryFlags = []
            if columns.count > 4, !columns[4].isEmpty, columns[4] != "-" {
                for name in columns[4].split(separator: ",") {
                    let trimmed = name.trimmingCharacters(in: .whitespaces)
                    guard let flag = EntryFlags.names[trimmed] else {
                        problems.append("\(origin): unknown flag \"\(trimmed)\"")
                        continue
                    }
                    flags.insert(flag)
                }
            }
            if (kind == .device || kind == .fault), aspect == nil {
                problems.append("\(origin): kind \(kind.rawValue) needs an aspect")
                continue
            }
            let entry = Entry(kind: kind, value: value, aspect: aspect, flags: flags)
            let path: [Int32]
            if let emoticon = Self.emoticonBytes(columns[0]) {
                let term = building.intern(emoticon)
                emoticons.removeAll { $0.bytes == emoticon }
                emoticons.append((emoticon, term))
                path = [term]
            } else {
                guard let words = normalizedWords(columns[0]) else {
                    problems.append("\(origin): phrase \"\(columns[0])\" must be words, emoji or one emoticon (no digits or punctuation between words)")
                    continue
                }
                path = words.map { building.intern($0) }
            }
            insert(path, entry: entry, origin: origin)
        }
    }

    private mutating func readLanguage(_ text: String, file: String, problems: inout [String]) {
        for (number, line) in Self.lines(text) {
            let columns = line.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
            guard columns.count == 2, let tag = LanguageTag(name: columns[1]), let words = normalizedWords(columns[0]), words.count == 1 else {
                problems.append("\(file):\(number): expected word<TAB>hinglish|chatspeak|other_indic")
                continue
            }
            let term = Int(building.intern(words[0]))
            if languageTags.count <= term { languageTags += Array(repeating: .none, count: term + 1 - languageTags.count) }
            languageTags[term] = tag
        }
    }

    private mutating func insert(_ path: [Int32], entry: Entry, origin: String) {
        var node: Int32 = 0
        for term in path {
            let key = UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: term))
            if let child = edges[key] {
                node = child
            } else {
                let child = Int32(nodeEntry.count)
                nodeEntry.append(-1)
                nodeHasChildren.append(false)
                nodeHasChildren[Int(node)] = true
                edges[key] = child
                node = child
            }
        }
        if nodeEntry[Int(node)] >= 0 {
            overrides += 1
            entries[Int(nodeEntry[Int(node)])] = entry
            origins[Int(nodeEntry[Int(node)])] = origin
        } else {
            nodeEntry[Int(node)] = Int32(entries.count)
            entries.append(entry)
            origins.append(origin)
        }
    }

    /// Non-empty, non-comment lines with their 1-based numbers.
    private static func lines(_ text: String) -> [(Int, String)] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, raw in
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty || trimmed.hasPrefix("#") ? nil : (index + 1, line)
        }
    }

    /// An emoticon is written as ASCII punctuation (with letters or digits after the first character, like ":D" or "<3").
    private static func emoticonBytes(_ phrase: String) -> [UInt8]? {
        let bytes = Array(phrase.utf8)
        guard let first = bytes.first, bytes.count <= 8, bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        let isPunctuation = !(first >= 0x30 && first <= 0x39) && !(first | 0x20 >= 0x61 && first | 0x20 <= 0x7A)
        return isPunctuation ? bytes : nil
    }

    /// The phrase's words as the scanner normalises them, or nil if it holds anything else.
    private func normalizedWords(_ phrase: String) -> [[UInt8]]? {
        var collector = WordCollector()
        _ = Scanner().scan(phrase, into: &collector)
        return collector.valid && !collector.words.isEmpty ? collector.words : nil
    }

    /// The term numbers of a phrase, or nil if a word is unknown.
    func termPath(_ phrase: String) -> [Int32]? {
        if let emoticon = Self.emoticonBytes(phrase) {
            let term = emoticon.withUnsafeBufferPointer { terms.lookup($0) }
            return term >= 0 ? [term] : nil
        }
        guard let words = normalizedWords(phrase) else { return nil }
        var path: [Int32] = []
        for word in words {
            let term = word.withUnsafeBufferPointer { terms.lookup($0) }
            guard term >= 0 else { return nil }
            path.append(term)
        }
        return path
    }
}

/// Collects the normalised words of a lexicon phrase; anything but words and emoji makes it invalid.
private struct WordCollector: TokenSink {
    var words: [[UInt8]] = []
    var valid = true

    mutating func word(
        _ primary: UnsafeBufferPointer<UInt8>, collapsed: UnsafeBufferPointer<UInt8>?, caps: Bool, overflow: Bool, start: Int, end: Int
    ) {
        if overflow { valid = false }
        words.append(Array(primary))
    }
    mutating func number(_ value: Int, start: Int, end: Int) { valid = false }
    mutating func symbol(_ bytes: UnsafeBufferPointer<UInt8>, emoticon: Int32, start: Int, end: Int) { words.append(Array(bytes)) }
    mutating func slash(at offset: Int) { valid = false }
    mutating func boundary(strong: Bool, question: Bool, exclaim: Int, at offset: Int) { valid = false }
}
