/// Writes compact JSON straight into bytes, the codec's only way out.
///
/// Appending to one buffer (no intermediate tree, no `JSONEncoder`) keeps encoding in
/// the low microseconds; key order is the order of the calls, so output is stable.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether the container being written already holds a value.
    private var needsComma = false

    init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    // MARK: Containers

    mutating func object(_ members: (inout JSONWriter) -> Void) {
        container(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), members)
    }

    mutating func array(_ elements: (inout JSONWriter) -> Void) {
        container(open: UInt8(ascii: "["), close: UInt8(ascii: "]"), elements)
    }

    /// Writes `"name":` and then the value written by `value`, inside an object.
    mutating func member(_ name: String, _ value: (inout JSONWriter) -> Void) {
        element { writer in
            writer.string(name)
            writer.bytes.append(UInt8(ascii: ":"))
            value(&writer)
        }
    }

    /// Writes one value inside an array (or one member, via `member`).
    mutating func element(_ value: (inout JSONWriter) -> Void) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        value(&self)
        needsComma = true
    }

    private mutating func container(open: UInt8, close: UInt8, _ body: (inout JSONWriter) -> Void) {
        bytes.append(open)
        let outer = needsComma
        needsComma = false
        body(&self)
        needsComma = outer
        bytes.append(close)
    }

    // MARK: Scalars

    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case UInt8(ascii: "\n"): append("\\n")
            case UInt8(ascii: "\r"): append("\\r")
            case UInt8(ascii: "\t"): append("\\t")
            case ..<0x20:
                append("\\u00")
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func int(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// Writes the shortest text that reads back as the same Double. Infinity and NaN
    /// have no JSON form; they are written as `null`, which the reader then reports.
    mutating func double(_ value: Double) {
        guard value.isFinite else { return append("null") }
        if let integer = Int(exactly: value) {
            int(integer)
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    mutating func bool(_ value: Bool) {
        append(value ? "true" : "false")
    }

    private mutating func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
