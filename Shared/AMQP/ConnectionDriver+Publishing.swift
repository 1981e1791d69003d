import CRabbitMQ
import Foundation

/// Publishing with a sliding window of unconfirmed messages, and settling the confirms.
extension ConnectionDriver {
    func publishWaiting(on connection: amqp_connection_state_t) {
        while outstanding.count < confirmWindow, let publish = waiting.popFirst() {
            let tag = nextDeliveryTag
            nextDeliveryTag += 1
            outstanding[tag] = Outstanding(publish: publish, returned: nil)
            let status = basicPublish(publish.message, on: connection)
            guard status == AMQP_STATUS_OK.rawValue else {
                lose(.connectionLost("publish failed: \(statusText(status))"))
                return
            }
        }
    }

    private func basicPublish(_ message: AMQPOutgoingMessage, on connection: amqp_connection_state_t) -> Int32 {
        let arena = CArena()
        var properties = amqp_basic_properties_t()
        var flags: amqp_flags_t = MF_BASIC_DELIVERY_MODE_FLAG
        properties.delivery_mode = UInt8(AMQP_DELIVERY_PERSISTENT.rawValue)
        let source = message.properties
        if let value = source.contentType {
            flags |= MF_BASIC_CONTENT_TYPE_FLAG
            properties.content_type = arena.bytes(value)
        }
        if let value = source.messageID {
            flags |= MF_BASIC_MESSAGE_ID_FLAG
            properties.message_id = arena.bytes(value)
        }
        if let value = source.type {
            flags |= MF_BASIC_TYPE_FLAG
            properties.type = arena.bytes(value)
        }
        if let value = source.timestamp {
            flags |= MF_BASIC_TIMESTAMP_FLAG
            properties.timestamp = value
        }
        if let value = source.correlationID {
            flags |= MF_BASIC_CORRELATION_ID_FLAG
            properties.correlation_id = arena.bytes(value)
        }
        if let value = source.appID {
            flags |= MF_BASIC_APP_ID_FLAG
            properties.app_id = arena.bytes(value)
        }
        if let value = source.expiration {
            flags |= MF_BASIC_EXPIRATION_FLAG
            properties.expiration = arena.bytes(value)
        }
        if !source.headers.isEmpty {
            flags |= MF_BASIC_HEADERS_FLAG
            properties.headers = arena.table(source.headers)
        }
        properties._flags = flags
        return message.body.withUnsafeBytes { body in
            amqp_basic_publish(
                connection, Self.mainChannel, arena.bytes(message.exchange), arena.bytes(message.routingKey),
                message.mandatory ? 1 : 0, 0, &properties,
                amqp_bytes_t(len: body.count, bytes: UnsafeMutableRawPointer(mutating: body.baseAddress)))
        }
    }

    /// basic.ack / basic.nack from the broker, possibly covering every tag up to `tag`.
    /// Tags are dense and increasing, so a cursor keeps this O(1) per confirmed message.
    func confirm(tag: UInt64, multiple: Bool, acked: Bool) {
        if multiple {
            var current = lowestOutstandingTag
            while current <= tag {
                settlePublish(tag: current, acked: acked)
                current += 1
            }
        } else {
            settlePublish(tag: tag, acked: acked)
        }
        while lowestOutstandingTag < nextDeliveryTag, outstanding[lowestOutstandingTag] == nil {
            lowestOutstandingTag += 1
        }
    }

    private func settlePublish(tag: UInt64, acked: Bool) {
        guard let entry = outstanding.removeValue(forKey: tag) else { return }
        if !acked {
            entry.publish.completion(.failure(.publishNacked))
        } else if let returned = entry.returned {
            entry.publish.completion(.failure(returned))
        } else {
            entry.publish.completion(.success(()))
        }
    }

    /// A basic.return arrives before the ack of the same message: remember it on the oldest
    /// unconfirmed publish with the same message id (or, without ids, the oldest unmarked one).
    func markReturned(messageID: String?, error: AMQPError) {
        let candidates = outstanding.filter { $0.value.returned == nil }.keys.sorted()
        let match = candidates.first { tag in
            messageID == nil || outstanding[tag]?.publish.message.properties.messageID == messageID
        }
        guard let tag = match else {
            logger.warning("basic.return for no unconfirmed publish", metadata: ["error": "\(error)"])
            return
        }
        outstanding[tag]?.returned = error
    }
}
