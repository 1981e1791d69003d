import CRabbitMQ
import Foundation

/// The raw publishing loop: `amqp_basic_publish` plus reading `basic.ack` frames for a sliding
/// window of unconfirmed messages, nothing else. It is what a careful C program does, and the
/// yardstick the async layer is measured against.
///
/// Owns C copies of the exchange, routing key, body and properties for as long as it lives, so
/// every `amqp_bytes_t` handed to librabbitmq stays valid during the loop (a method of `self`
/// keeps `self`, and so these buffers, alive). Not Sendable: lives on the loop's thread.
final class RawPublisher {
    private let connection: RawConnection
    private let exchange: CBytes
    private let routingKey: CBytes
    private let body: CBytes
    private let contentType: CBytes
    private let type: CBytes
    private let headerKey = CBytes("traceparent")
    private let appID: CBytes?
    private let traceparent: CBytes?
    private let headerEntry = UnsafeMutablePointer<amqp_table_entry_t>.allocate(capacity: 1)
    /// The id prefix followed by room for the message number, rewritten for each message.
    private let messageID: UnsafeMutablePointer<UInt8>
    private let messageIDPrefixLength: Int
    private var properties = amqp_basic_properties_t()

    init(connection: RawConnection, template: RawMessageTemplate, exchange: String) {
        self.connection = connection
        self.exchange = CBytes(exchange)
        routingKey = CBytes(template.routingKey)
        body = CBytes(template.body)
        contentType = CBytes(template.contentType)
        type = CBytes(template.type)
        appID = template.appID.map { CBytes($0) }
        traceparent = template.traceparent.map { CBytes($0) }
        let prefix = Array(template.messageIDPrefix.utf8)
        messageIDPrefixLength = prefix.count
        messageID = .allocate(capacity: prefix.count + 20)
        messageID.initialize(from: prefix, count: prefix.count)

        // The same properties ServiceKit's publisher sends for an event: persistent, content
        // type, id, type, timestamp, app id (the event's source) and the traceparent header.
        var flags = MF_BASIC_DELIVERY_MODE_FLAG | MF_BASIC_CONTENT_TYPE_FLAG | MF_BASIC_MESSAGE_ID_FLAG
            | MF_BASIC_TYPE_FLAG | MF_BASIC_TIMESTAMP_FLAG
        properties.delivery_mode = UInt8(AMQP_DELIVERY_PERSISTENT.rawValue)
        properties.content_type = contentType.bytes
        properties.type = type.bytes
        properties.timestamp = template.timestamp
        if let appID {
            properties.app_id = appID.bytes
            flags |= MF_BASIC_APP_ID_FLAG
        }
        if let traceparent {
            var value = amqp_field_value_t()
            value.kind = UInt8(ascii: "S")
            value.value.bytes = traceparent.bytes
            headerEntry.initialize(to: amqp_table_entry_t(key: headerKey.bytes, value: value))
            properties.headers = amqp_table_t(num_entries: 1, entries: headerEntry)
            flags |= MF_BASIC_HEADERS_FLAG
        }
        properties._flags = flags
    }

    deinit {
        headerEntry.deallocate()
        messageID.deallocate()
    }

    /// Publishes messages 1...count (mandatory, persistent) keeping at most `window` unconfirmed,
    /// and returns once the broker confirmed them all. A nack, a return (unroutable) or
    /// `timeout` without any frame is an error.
    func publishConfirmed(count: Int, window: Int, timeout: Duration) throws {
        var confirms = ConfirmTracker(count: count)
        var published = 0
        while confirms.settled < count {
            while published < count, published - confirms.settled < window {
                published += 1
                try publish(number: published)
            }
            // Something is unconfirmed: block for the next frame, then take whatever else is
            // already buffered before publishing more.
            guard let first = try connection.nextFrame(timeout: timeout) else {
                throw BenchError("raw publisher: no confirm within \(timeout) (\(confirms.settled) of \(count) confirmed)")
            }
            try handle(first, confirms: &confirms)
            while amqp_frames_enqueued(connection.state) != 0 || amqp_data_in_buffer(connection.state) != 0,
                  let frame = try connection.nextFrame(timeout: .zero) {
                try handle(frame, confirms: &confirms)
            }
            amqp_maybe_release_buffers(connection.state)
        }
    }

    private func publish(number: Int) throws {
        properties.message_id = amqp_bytes_t(len: messageIDPrefixLength + writeDigits(number), bytes: messageID)
        let status = amqp_basic_publish(
            connection.state, RawConnection.channel, exchange.bytes, routingKey.bytes, 1, 0, &properties, body.bytes)
        guard status == AMQP_STATUS_OK.rawValue else {
            throw BenchError("raw publisher: amqp_basic_publish: \(statusText(status))")
        }
    }

    /// Writes `number` in decimal after the id prefix without allocating; returns the digit count.
    private func writeDigits(_ number: Int) -> Int {
        var digits = 1
        var rest = number
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        rest = number
        for index in stride(from: messageIDPrefixLength + digits - 1, through: messageIDPrefixLength, by: -1) {
            messageID[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        return digits
    }

    private func handle(_ frame: amqp_frame_t, confirms: inout ConfirmTracker) throws {
        try connection.throwIfClose(frame)
        guard frame.frame_type == AMQP_FRAME_METHOD else { return }
        let method = frame.payload.method
        switch method.id {
        case MF_BASIC_ACK_METHOD:
            let ack = method.decoded.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
            confirms.settle(tag: ack.delivery_tag, multiple: ack.multiple != 0)
        case MF_BASIC_NACK_METHOD:
            let nack = method.decoded.assumingMemoryBound(to: amqp_basic_nack_t.self).pointee
            throw BenchError("raw publisher: broker nacked delivery tag \(nack.delivery_tag)")
        case MF_BASIC_RETURN_METHOD:
            let returned = method.decoded.assumingMemoryBound(to: amqp_basic_return_t.self).pointee
            let reason = "\(returned.reply_code) \(returned.reply_text.text)"
            var message = amqp_message_t()
            _ = amqp_read_message(connection.state, frame.channel, &message, 0)
            amqp_destroy_message(&message)
            throw BenchError("raw publisher: message returned as unroutable: \(reason)")
        default:
            return
        }
    }
}

/// Which delivery tags the broker has confirmed. Tags are dense from 1, so a flag per tag and a
/// cursor over the lowest unconfirmed one make a `multiple` ack O(1) per message.
struct ConfirmTracker {
    private var confirmed: [Bool]
    private var lowestUnconfirmed: UInt64 = 1
    private(set) var settled = 0

    init(count: Int) {
        confirmed = Array(repeating: false, count: count + 1)
    }

    mutating func settle(tag: UInt64, multiple: Bool) {
        let last = min(tag, UInt64(confirmed.count - 1))
        if multiple {
            while lowestUnconfirmed <= last {
                mark(lowestUnconfirmed)
                lowestUnconfirmed += 1
            }
        } else if last == tag {
            mark(tag)
        }
        while lowestUnconfirmed < UInt64(confirmed.count), confirmed[Int(lowestUnconfirmed)] {
            lowestUnconfirmed += 1
        }
    }

    private mutating func mark(_ tag: UInt64) {
        guard !confirmed[Int(tag)] else { return }
        confirmed[Int(tag)] = true
        settled += 1
    }
}

/// The raw consuming loop: `amqp_basic_consume`, then `amqp_consume_message` +
/// `amqp_basic_ack` per message. The body is not copied or decoded; it only has its length
/// checked, since a C consumer that ignores its input is the upper bound we compare with.
final class RawConsumer {
    private let connection: RawConnection
    /// The broker-chosen tag, copied out of librabbitmq's pool, for basic.cancel.
    private var consumerTag: String?

    init(connection: RawConnection) {
        self.connection = connection
    }

    /// basic.qos then basic.consume with manual acks.
    func start(queue: String, prefetch: UInt16) throws {
        amqp_basic_qos(connection.state, RawConnection.channel, 0, prefetch, 0)
        try connection.checkRPC("basic.qos")
        let ok = withBytes(queue) { queue in
            amqp_basic_consume(
                connection.state, RawConnection.channel, queue, amqp_empty_bytes, 0, 0, 0, amqp_empty_table)
        }
        try connection.checkRPC("basic.consume \(queue)")
        consumerTag = ok?.pointee.consumer_tag.text
    }

    /// basic.cancel, waiting for cancel-ok, as a polite consumer does before closing its channel.
    /// Closing right after the last acks instead can leave some of them unapplied by a quorum
    /// queue (seen on RabbitMQ 3.10: tens to hundreds of acked messages back in the queue).
    func stop() throws {
        guard let consumerTag else { return }
        self.consumerTag = nil
        _ = withBytes(consumerTag) { amqp_basic_cancel(connection.state, RawConnection.channel, $0) }
        try connection.checkRPC("basic.cancel")
    }

    /// Receives and acks `count` messages of `bodyLength` bytes each. `timeout` is how long to
    /// wait for any single delivery before giving up.
    func drain(count: Int, bodyLength: Int, timeout: Duration) throws {
        var received = 0
        while received < count {
            amqp_maybe_release_buffers(connection.state)
            var envelope = amqp_envelope_t()
            var wait = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
            let reply = amqp_consume_message(connection.state, &envelope, &wait, 0)
            switch reply.reply_type {
            case AMQP_RESPONSE_NORMAL:
                let tag = envelope.delivery_tag
                let length = envelope.message.body.len
                amqp_destroy_envelope(&envelope)
                guard length == bodyLength else {
                    throw BenchError("raw consumer: a body of \(length) bytes, expected \(bodyLength)")
                }
                let status = amqp_basic_ack(connection.state, RawConnection.channel, tag, 0)
                guard status == AMQP_STATUS_OK.rawValue else {
                    throw BenchError("raw consumer: amqp_basic_ack: \(statusText(status))")
                }
                received += 1
            case AMQP_RESPONSE_LIBRARY_EXCEPTION where reply.library_error == AMQP_STATUS_UNEXPECTED_STATE.rawValue:
                // The next frame is not a delivery (notes, pitfall 6): read it, fail on a close.
                if let frame = try connection.nextFrame(timeout: .zero) {
                    try connection.throwIfClose(frame)
                    if frame.frame_type == AMQP_FRAME_METHOD, frame.payload.method.id == MF_BASIC_CANCEL_METHOD {
                        throw BenchError("raw consumer: the broker cancelled the consumer")
                    }
                }
            case AMQP_RESPONSE_LIBRARY_EXCEPTION where reply.library_error == AMQP_STATUS_TIMEOUT.rawValue:
                throw BenchError("raw consumer: no delivery within \(timeout) (\(received) of \(count) received)")
            default:
                try connection.check(reply, "raw consumer: amqp_consume_message")
            }
        }
    }
}

/// A malloc'd copy of some bytes as `amqp_bytes_t`, freed with its owner; librabbitmq keeps only
/// the pointer, so the memory must outlive every call that uses it.
final class CBytes {
    let bytes: amqp_bytes_t

    init(_ data: [UInt8]) {
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: max(data.count, 1), alignment: 1)
        data.withUnsafeBytes { source in
            if let base = source.baseAddress { pointer.copyMemory(from: base, byteCount: source.count) }
        }
        bytes = amqp_bytes_t(len: data.count, bytes: pointer)
    }

    convenience init(_ string: String) {
        self.init(Array(string.utf8))
    }

    deinit {
        bytes.bytes.deallocate()
    }
}
