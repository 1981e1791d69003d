import CRabbitMQ
import Foundation

/// Reading what the broker sends: deliveries, confirms, returns, cancels and closes.
extension ConnectionDriver {
    /// Reads every frame already available without blocking (at most a bounded batch, so
    /// commands such as acks are not starved by a flood of deliveries).
    func readAvailableFrames() {
        var handled = 0
        while handled < 512, let connection {
            var frame = amqp_frame_t()
            var immediately = timeval(tv_sec: 0, tv_usec: 0)
            let status = amqp_simple_wait_frame_noblock(connection, &frame, &immediately)
            if status == AMQP_STATUS_TIMEOUT.rawValue { break }
            guard status == AMQP_STATUS_OK.rawValue else {
                lose(.connectionLost(statusText(status)))
                return
            }
            lastInbound = .now
            handled += 1
            handle(frame, on: connection)
        }
        if let connection {
            amqp_maybe_release_buffers(connection)
            checkHeartbeat()
        }
    }

    private func checkHeartbeat() {
        guard configuration.heartbeatSeconds > 0 else { return }
        let limit = Duration.seconds(configuration.heartbeatSeconds * 2) + .seconds(1)
        if ContinuousClock.now - lastInbound > limit {
            lose(.connectionLost("no data or heartbeat from the broker for \(limit)"))
        }
    }

    private func handle(_ frame: amqp_frame_t, on connection: amqp_connection_state_t) {
        guard frame.frame_type == AMQP_FRAME_METHOD else { return }
        let method = frame.payload.method
        switch method.id {
        case MF_BASIC_DELIVER_METHOD:
            let deliver = method.decoded.assumingMemoryBound(to: amqp_basic_deliver_t.self).pointee
            let tag = deliver.consumer_tag.string
            let head = (deliver.delivery_tag, deliver.redelivered != 0, deliver.exchange.string, deliver.routing_key.string)
            guard let content = readContent(channel: frame.channel, on: connection) else { return }
            let delivery = AMQPDelivery(
                body: content.body, properties: content.properties, exchange: head.2, routingKey: head.3,
                redelivered: head.1, deliveryTag: head.0, epoch: epoch, mailbox: mailbox)
            acks.delivered(head.0)
            if let consumer = consumers[tag] {
                consumer.deliveries.yield(delivery)
            } else {
                acks.markSettled(head.0)
                // A consumer we no longer know: give the message back rather than sit on it.
                amqp_basic_reject(connection, Self.mainChannel, head.0, 1)
            }
        case MF_BASIC_ACK_METHOD:
            let ack = method.decoded.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
            confirm(tag: ack.delivery_tag, multiple: ack.multiple != 0, acked: true)
        case MF_BASIC_NACK_METHOD:
            let nack = method.decoded.assumingMemoryBound(to: amqp_basic_nack_t.self).pointee
            confirm(tag: nack.delivery_tag, multiple: nack.multiple != 0, acked: false)
        case MF_BASIC_RETURN_METHOD:
            let returned = method.decoded.assumingMemoryBound(to: amqp_basic_return_t.self).pointee
            let error = AMQPError.unroutable(
                exchange: returned.exchange.string, routingKey: returned.routing_key.string,
                reply: "\(returned.reply_code) \(returned.reply_text.string)")
            guard let content = readContent(channel: frame.channel, on: connection) else { return }
            markReturned(messageID: content.properties.messageID, error: error)
        case MF_BASIC_CANCEL_OK_METHOD:
            let cancelled = method.decoded.assumingMemoryBound(to: amqp_basic_cancel_ok_t.self).pointee
            let tag = cancelled.consumer_tag.string
            cancellingConsumers.remove(tag)
            finishConsumer(tag: tag, error: nil)
            completeCancellationsIfDone()
        case MF_BASIC_CANCEL_METHOD:
            let cancel = method.decoded.assumingMemoryBound(to: amqp_basic_cancel_t.self).pointee
            let tag = cancel.consumer_tag.string
            logger.error("broker cancelled a consumer", metadata: ["consumer": "\(tag)"])
            finishConsumer(tag: tag, error: AMQPError.channelClosed(code: 0, text: "consumer \(tag) cancelled by the broker (queue deleted?)"))
        case MF_CHANNEL_CLOSE_METHOD:
            let close = method.decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
            let error = AMQPError.channelClosed(code: Int(close.reply_code), text: close.reply_text.string)
            sendChannelCloseOk(frame.channel, on: connection)
            channelClosed(frame.channel, error: error, on: connection)
        case MF_CONNECTION_CLOSE_METHOD:
            let close = method.decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
            let error = AMQPError.connectionClosed(code: Int(close.reply_code), text: close.reply_text.string)
            var ok = amqp_connection_close_ok_t(dummy: 0)
            amqp_send_method(connection, 0, MF_CONNECTION_CLOSE_OK_METHOD, &ok)
            lose(error)
        case MF_CONNECTION_BLOCKED_METHOD:
            logger.warning("broker blocked publishing (resource alarm)")
        case MF_CONNECTION_UNBLOCKED_METHOD:
            logger.info("broker unblocked publishing")
        default:
            logger.debug("ignored method", metadata: ["method": "\(method.id)"])
        }
    }

    struct Content {
        let body: [UInt8]
        let properties: AMQPProperties
    }

    /// The header and body frames that follow basic.deliver / basic.return / basic.get-ok,
    /// copied out of librabbitmq's pool before it is released.
    func readContent(channel: amqp_channel_t, on connection: amqp_connection_state_t) -> Content? {
        var message = amqp_message_t()
        let reply = amqp_read_message(connection, channel, &message, 0)
        if let error = reply.error(operation: "read message") {
            lose(.connectionLost("\(error)"))
            return nil
        }
        defer { amqp_destroy_message(&message) }
        return Content(body: message.body.array, properties: AMQPProperties(message.properties))
    }

    /// The broker closed a channel: for the topology channel just reopen it; for the main
    /// channel the unconfirmed publishes on it failed with the broker's reason, and consumers
    /// and confirm mode must be set up again.
    private func channelClosed(_ channel: amqp_channel_t, error: AMQPError, on connection: amqp_connection_state_t) {
        logger.error("broker closed a channel", metadata: ["channel": "\(channel)", "error": "\(error)"])
        if channel == Self.mainChannel { failOutstanding(with: error) }
        if let failure = reopen(channel, on: connection) {
            lose(failure)
            return
        }
        if channel == Self.mainChannel {
            for registration in consumers.values where !cancellingConsumers.contains(registration.tag) {
                if case .failure(let failure) = startConsumer(registration, on: connection) {
                    finishConsumer(tag: registration.tag, error: failure)
                }
            }
        }
    }

    func sendChannelCloseOk(_ channel: amqp_channel_t, on connection: amqp_connection_state_t) {
        var ok = amqp_channel_close_ok_t(dummy: 0)
        amqp_send_method(connection, channel, MF_CHANNEL_CLOSE_OK_METHOD, &ok)
    }

    func reopen(_ channel: amqp_channel_t, on connection: amqp_connection_state_t) -> AMQPError? {
        amqp_channel_open(connection, channel)
        if let error = amqp_get_rpc_reply(connection).error(operation: "channel.open") { return error }
        if channel == Self.mainChannel {
            epoch += 1 // delivery tags restart on a new channel
            acks.reset()
            amqp_confirm_select(connection, channel)
            if let error = amqp_get_rpc_reply(connection).error(operation: "confirm.select") { return error }
        }
        return nil
    }
}

extension AMQPProperties {
    init(_ source: amqp_basic_properties_t) {
        let flags = source._flags
        func has(_ flag: amqp_flags_t) -> Bool { flags & flag != 0 }
        self.init(
            contentType: has(MF_BASIC_CONTENT_TYPE_FLAG) ? source.content_type.string : nil,
            messageID: has(MF_BASIC_MESSAGE_ID_FLAG) ? source.message_id.string : nil,
            type: has(MF_BASIC_TYPE_FLAG) ? source.type.string : nil,
            timestamp: has(MF_BASIC_TIMESTAMP_FLAG) ? source.timestamp : nil,
            correlationID: has(MF_BASIC_CORRELATION_ID_FLAG) ? source.correlation_id.string : nil,
            appID: has(MF_BASIC_APP_ID_FLAG) ? source.app_id.string : nil,
            expiration: has(MF_BASIC_EXPIRATION_FLAG) ? source.expiration.string : nil,
            headers: has(MF_BASIC_HEADERS_FLAG) ? source.headers.swiftTable : [:],
            deliveryMode: has(MF_BASIC_DELIVERY_MODE_FLAG) ? source.delivery_mode : nil)
    }
}
