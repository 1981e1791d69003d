import Model

/// The W3C Trace Context `traceparent` value, carried as the CloudEvents
/// distributed-tracing extension so a trace follows an event through every service.
///
/// `00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`, lowercase, ids not all zeros.
enum TraceParent {
    static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 55, bytes[2] == dash, bytes[35] == dash, bytes[52] == dash,
            isHex(bytes[0..<2]), isHex(bytes[3..<35]), isHex(bytes[36..<52]), isHex(bytes[53..<55]),
            !bytes[3..<35].allSatisfy({ $0 == zero }), !bytes[36..<52].allSatisfy({ $0 == zero })
        else { return false }
        let version = bytes[0..<2]
        if version.elementsEqual("ff".utf8) { return false }
        // Version 00 has exactly these fields; later versions may append "-..." fields.
        if version.elementsEqual("00".utf8) { return bytes.count == 55 }
        return bytes.count == 55 || bytes[55] == dash
    }

    private static let dash = UInt8(ascii: "-")
    private static let zero = UInt8(ascii: "0")

    private static func isHex(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }
}

extension Rule where Value == String {
    static var traceparent: Rule {
        .string({ text in
            TraceParent.isValid(text)
                ? .success(text) : .failure(Complaint("\(quoted(text)) is not a W3C traceparent (00-<trace id>-<parent id>-<flags>)"))
        }, write: { $1.string($0) })
    }
}
