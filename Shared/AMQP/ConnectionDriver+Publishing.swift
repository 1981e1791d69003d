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
        func set(_ value: String?, _ flag: amqp_flags_t, _ field: WritableKeyPath<amqp_basic_properties_t, amqp_bytes_t>) {
            guard let value else { return }
            flags |= flag
            properties[keyPath: field] = arena.bytes(value)
        }
        set(source.contentType, MF_BASIC_CONTENT_TYPE_FLAG, \.content_type)
        set(source.messageID, MF_BASIC_MESSAGE_ID_FLAG, \.message_id)
        set(source.type, MF_BASIC_TYPE_FLAG, \.type)
        set(source.correlationID, MF_BASIC_CORRELATION_ID_FLAG, \.correlation_id)
        set(source.appID, MF_BASIC_APP_ID_FLAG, \.app_id)
        set(source.expiration, MF_BASIC_EXPIRATION_FLAG, \.expiration)
        if let value = source.timestamp {
            flags |= MF_BASIC_TIMESTAMP_FLAG
            properties.timestamp = value
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

    /// The main channel closed under unconfirmed publishes: they failed with the broker's
    /// reason (reported, not silently resent: the broker refused one of them), and delivery
    /// tags restart on the reopened channel.
    func failOutstanding(with error: AMQPError) {
        for (_, entry) in outstanding.sorted(by: { $0.key < $1.key }) { entry.publish.completion(.failure(error)) }
        outstanding.removeAll()
        nextDeliveryTag = 1
        lowestOutstandingTag = 1
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
