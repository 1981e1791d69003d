import Foundation

/// A strict RFC 8259 parser from bytes to `JSONValue`.
///
/// Written out rather than taken from `JSONSerialization` because the codec must turn
/// any bytes into an error value, never a crash, and must say where they went wrong:
/// this parser bounds nesting, rejects invalid UTF-8 and duplicate keys, reports the byte
/// offset of every error, and avoids Foundation's NSNumber bridging (where `true` passes
/// for 1) and its cost.
struct JSONParser {
    /// Our events nest four levels deep; anything much deeper is garbage or an attack
    /// on the stack.
    static let maxDepth = 64

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    static func parse(_ data: Data) -> Result<JSONValue, JSONSyntaxError> {
        data.withUnsafeBytes { raw in
            var parser = JSONParser(bytes: raw.bindMemory(to: UInt8.self))
            do throws(JSONSyntaxError) {
                return .success(try parser.parseDocument())
            } catch {
                return .failure(error)
            }
        }
    }

    private mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }  // a UTF-8 byte order mark
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw error("unexpected data after the JSON value") }
        return value
    }

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard let byte = peek() else { throw error("unexpected end of input, expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected character \(describe(byte)), expected a value")
        }
    }

    // MARK: Containers

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        defer { depth -= 1 }
        var object: [String: JSONValue] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            let keyOffset = index
            guard peek() == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "expected ':' after an object key")
            let value = try parseValue()
            guard object.updateValue(value, forKey: key) == nil else {
                throw JSONSyntaxError(message: "duplicate key \"\(key.prefix(40))\"", offset: keyOffset)
            }
            skipWhitespace()
            switch next() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "}"): return .object(object)
            case nil: throw error("unexpected end of input in an object")
            default: throw error("expected ',' or '}' in an object", at: index - 1)
            }
        }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        defer { depth -= 1 }
        var array: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return .array(array)
        }
        while true {
            array.append(try parseValue())
            skipWhitespace()
            switch next() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "]"): return .array(array)
            case nil: throw error("unexpected end of input in an array")
            default: throw error("expected ',' or ']' in an array", at: index - 1)
            }
        }
    }

    /// Consumes the opening bracket, refusing to nest past `maxDepth`.
    private mutating func enterContainer() throws(JSONSyntaxError) {
        guard depth < Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
        depth += 1
        index += 1
    }

    // MARK: Strings

    /// Parses a string starting at its opening quote. Strings without escapes (nearly
    /// all of ours) are validated and copied in one step.
    private mutating func parseString() throws(JSONSyntaxError) -> String {
        let start = index
        index += 1
        let contentStart = index
        while let byte = peek(), byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), byte >= 0x20 {
            index += 1
        }
        if peek() == UInt8(ascii: "\"") {
            index += 1
            return try makeString(UnsafeBufferPointer(rebasing: bytes[contentStart..<index - 1]), at: start)
        }
        var buffer = Array(bytes[contentStart..<index])
        while true {
            guard let byte = next() else { throw error("unterminated string", at: start) }
            switch byte {
            case UInt8(ascii: "\""):
                return try makeString(buffer, at: start)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &buffer)
            case ..<0x20:
                throw error("unescaped control character in a string", at: index - 1)
            default:
                buffer.append(byte)
            }
        }
    }

    private func makeString(_ utf8: some Collection<UInt8>, at offset: Int) throws(JSONSyntaxError) -> String {
        guard let string = String(validating: utf8, as: UTF8.self) else {
            throw JSONSyntaxError(message: "string is not valid UTF-8", offset: offset)
        }
        return string
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONSyntaxError) {
        let escapeOffset = index - 1
        guard let byte = next() else { throw error("unterminated string", at: escapeOffset) }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(byte)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            let scalar = try parseUnicodeEscape(at: escapeOffset)
            UTF8.encode(scalar) { buffer.append($0) }
        default: throw error("invalid escape sequence", at: escapeOffset)
        }
    }

    /// Parses the hex digits after `\u`, joining a UTF-16 surrogate pair into one scalar.
    private mutating func parseUnicodeEscape(at offset: Int) throws(JSONSyntaxError) -> Unicode.Scalar {
        let first = try parseHex4(at: offset)
        if (0xDC00...0xDFFF).contains(first) { throw error("unpaired surrogate in \\u escape", at: offset) }
        guard (0xD800...0xDBFF).contains(first) else { return Unicode.Scalar(first)! }
        guard next() == UInt8(ascii: "\\"), next() == UInt8(ascii: "u") else {
            throw error("unpaired surrogate in \\u escape", at: offset)
        }
        let second = try parseHex4(at: offset)
        guard (0xDC00...0xDFFF).contains(second) else { throw error("unpaired surrogate in \\u escape", at: offset) }
        return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))!
    }

    private mutating func parseHex4(at offset: Int) throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = next(), let digit = hexDigitValue(byte) else {
                throw error("invalid \\u escape", at: offset)
            }
            value = value << 4 | digit
        }
        return value
    }

    private func hexDigitValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    // MARK: Numbers and literals

    /// Checks the RFC 8259 number grammar, then converts. Out-of-range magnitudes
    /// (`1e400`) become ±infinity here and a validation problem later, so that they
    /// are harmless in fields nobody reads.
    private mutating func parseNumber() throws(JSONSyntaxError) -> Double {
        let start = index
        var isInteger = true
        if peek() == UInt8(ascii: "-") { index += 1 }
        if peek() == UInt8(ascii: "0") {
            index += 1
        } else {
            guard skipDigits() > 0 else { throw error("invalid number", at: start) }
        }
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard skipDigits() > 0 else { throw error("invalid number: expected a digit after '.'", at: start) }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() > 0 else { throw error("invalid number: expected a digit in the exponent", at: start) }
        }
        let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if isInteger, text.count <= 16 {  // exact in a Double; skips the string conversion
            var magnitude: Int64 = 0
            for byte in text where byte != UInt8(ascii: "-") {
                magnitude = magnitude * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return Double(text.first == UInt8(ascii: "-") ? -magnitude : magnitude)
        }
        guard let value = Double(String(decoding: text, as: UTF8.self)) else {
            throw error("number cannot be represented", at: start)
        }
        return value
    }

    /// Skips ASCII digits and returns how many there were.
    private mutating func skipDigits() -> Int {
        let start = index
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
        return index - start
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let start = index
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for byte in expected {
            guard next() == byte else { throw error("invalid literal, expected \(literal)", at: start) }
        }
    }

    // MARK: Reading bytes

    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func next() -> UInt8? {
        guard index < bytes.count else { return nil }
        defer { index += 1 }
        return bytes[index]
    }

    private mutating func expect(_ byte: UInt8, _ message: String) throws(JSONSyntaxError) {
        guard peek() == byte else { throw error(message) }
        index += 1
    }

    private mutating func skipWhitespace() {
        while let byte = peek(),
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\t")
        {
            index += 1
        }
    }

    private func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(message: message, offset: min(offset ?? index, bytes.count))
    }

    private func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }
}
