import CRabbitMQ
import Foundation

/// Owns the C memory handed to librabbitmq for one call (strings, tables), and frees it after.
/// `amqp_cstring_bytes(swiftString)` would dangle once the call returns; copies made here live as
/// long as the arena.
final class CArena {
    private var allocations: [UnsafeMutableRawPointer] = []

    deinit {
        for pointer in allocations { free(pointer) }
    }

    func bytes(_ string: String) -> amqp_bytes_t {
        bytes(Array(string.utf8))
    }

    func bytes(_ data: [UInt8]) -> amqp_bytes_t {
        guard !data.isEmpty, let pointer = malloc(data.count) else { return amqp_empty_bytes }
        allocations.append(pointer)
        data.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress!, byteCount: data.count) }
        return amqp_bytes_t(len: data.count, bytes: pointer)
    }

    func cString(_ string: String) -> UnsafePointer<CChar> {
        let pointer = strdup(string)!
        allocations.append(UnsafeMutableRawPointer(pointer))
        return UnsafePointer(pointer)
    }

    func table(_ table: AMQPTable) -> amqp_table_t {
        guard !table.isEmpty else { return amqp_empty_table }
        let entries = allocate(amqp_table_entry_t.self, count: table.count)
        for (index, (key, value)) in table.sorted(by: { $0.key < $1.key }).enumerated() {
            entries[index] = amqp_table_entry_t(key: bytes(key), value: fieldValue(value))
        }
        return amqp_table_t(num_entries: Int32(table.count), entries: entries)
    }

    private func fieldValue(_ value: AMQPFieldValue) -> amqp_field_value_t {
        var field = amqp_field_value_t()
        switch value {
        case .string(let string):
            field.kind = UInt8(ascii: "S")
            field.value.bytes = bytes(string)
        case .int(let int):
            field.kind = UInt8(ascii: "l")
            field.value.i64 = int
        case .bool(let bool):
            field.kind = UInt8(ascii: "t")
            field.value.boolean = bool ? 1 : 0
        case .double(let double):
            field.kind = UInt8(ascii: "d")
            field.value.f64 = double
        case .timestamp(let seconds):
            field.kind = UInt8(ascii: "T")
            field.value.u64 = seconds
        case .bytes(let data):
            field.kind = UInt8(ascii: "x")
            field.value.bytes = bytes(data)
        case .array(let values):
            field.kind = UInt8(ascii: "A")
            let entries = allocate(amqp_field_value_t.self, count: max(values.count, 1))
            for (index, element) in values.enumerated() { entries[index] = fieldValue(element) }
            field.value.array = amqp_array_t(num_entries: Int32(values.count), entries: entries)
        case .table(let nested):
            field.kind = UInt8(ascii: "F")
            field.value.table = table(nested)
        case .void:
            field.kind = UInt8(ascii: "V")
        }
        return field
    }

    private func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let raw = calloc(count, MemoryLayout<T>.stride)!
        allocations.append(raw)
        return raw.bindMemory(to: T.self, capacity: count)
    }
}

extension amqp_bytes_t {
    /// Copies the bytes out of librabbitmq's memory pool, which is reused after the next release.
    var array: [UInt8] {
        guard len > 0, let bytes else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: len))
    }

    var string: String { String(decoding: array, as: UTF8.self) }
}

extension amqp_table_t {
    var swiftTable: AMQPTable {
        var result: AMQPTable = [:]
        for index in 0..<Int(num_entries) {
            let entry = entries[index]
            result[entry.key.string] = entry.value.swiftValue
        }
        return result
    }
}

extension amqp_field_value_t {
    var swiftValue: AMQPFieldValue {
        switch kind {
        case UInt8(ascii: "S"): .string(value.bytes.string)
        case UInt8(ascii: "x"): .bytes(value.bytes.array)
        case UInt8(ascii: "t"): .bool(value.boolean != 0)
        case UInt8(ascii: "b"): .int(Int64(value.i8))
        case UInt8(ascii: "B"): .int(Int64(value.u8))
        case UInt8(ascii: "s"): .int(Int64(value.i16))
        case UInt8(ascii: "u"): .int(Int64(value.u16))
        case UInt8(ascii: "I"): .int(Int64(value.i32))
        case UInt8(ascii: "i"): .int(Int64(value.u32))
        case UInt8(ascii: "l"): .int(value.i64)
        case UInt8(ascii: "L"): .int(Int64(truncatingIfNeeded: value.u64))
        case UInt8(ascii: "f"): .double(Double(value.f32))
        case UInt8(ascii: "d"): .double(value.f64)
        case UInt8(ascii: "T"): .timestamp(value.u64)
        case UInt8(ascii: "F"): .table(value.table.swiftTable)
        case UInt8(ascii: "A"):
            .array((0..<Int(value.array.num_entries)).map { value.array.entries[$0].swiftValue })
        default: .void
        }
    }
}

/// librabbitmq's text for a status code.
func statusText(_ status: Int32) -> String {
    String(cString: amqp_error_string2(status))
}

extension amqp_rpc_reply_t {
    /// Turns a failed RPC reply into the typed error it means; nil when it succeeded.
    func error(operation: String) -> AMQPError? {
        switch reply_type {
        case AMQP_RESPONSE_NORMAL:
            return nil
        case AMQP_RESPONSE_NONE:
            return .library(operation: operation, status: "missing RPC reply")
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            return .library(operation: operation, status: statusText(library_error))
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            switch reply.id {
            case MF_CONNECTION_CLOSE_METHOD:
                let close = reply.decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
                return .connectionClosed(code: Int(close.reply_code), text: close.reply_text.string)
            case MF_CHANNEL_CLOSE_METHOD:
                let close = reply.decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
                return .channelClosed(code: Int(close.reply_code), text: close.reply_text.string)
            default:
                return .library(operation: operation, status: "unexpected server method \(reply.id)")
            }
        default:
            return .library(operation: operation, status: "unknown reply type")
        }
    }
}
