import CRabbitMQ
import Foundation

/// Declarations, consumers, basic.get and settlements: the RPC-style operations.
extension ConnectionDriver {
    func declare(_ topology: AMQPTopology, on connection: amqp_connection_state_t) -> Result<Void, AMQPError> {
        let channel = Self.topologyChannel
        for exchange in topology.exchanges {
            let arena = CArena()
            amqp_exchange_declare(
                connection, channel, arena.bytes(exchange.name), arena.bytes(exchange.kind.rawValue),
                0, exchange.durable ? 1 : 0, 0, 0, amqp_empty_table)
            if let error = checkTopologyReply(connection, "exchange.declare \(exchange.name)") { return .failure(error) }
        }
        for queue in topology.queues {
            let arena = CArena()
            amqp_queue_declare(
                connection, channel, arena.bytes(queue.name), 0, queue.durable ? 1 : 0, 0, 0, arena.table(queue.arguments))
            if let error = checkTopologyReply(connection, "queue.declare \(queue.name)") { return .failure(error) }
        }
        for binding in topology.bindings {
            let arena = CArena()
            amqp_queue_bind(
                connection, channel, arena.bytes(binding.queue), arena.bytes(binding.exchange),
                arena.bytes(binding.routingKey), amqp_empty_table)
            if let error = checkTopologyReply(connection, "queue.bind \(binding.queue) to \(binding.exchange) (\(binding.routingKey))") {
                return .failure(error)
            }
        }
        lastInbound = .now // replies were read inside the RPCs, not by the frame pump
        return .success(())
    }

    func deleteQueue(_ name: String, on connection: amqp_connection_state_t) -> Result<Void, AMQPError> {
        let arena = CArena()
        amqp_queue_delete(connection, Self.topologyChannel, arena.bytes(name), 0, 0)
        if let error = checkTopologyReply(connection, "queue.delete \(name)") { return .failure(error) }
        return .success(())
    }

    /// A failed declaration closes the topology channel: answer close-ok and reopen it, so the
    /// caller gets the broker's reason and the connection stays usable.
    private func checkTopologyReply(_ connection: amqp_connection_state_t, _ operation: String) -> AMQPError? {
        guard let error = amqp_get_rpc_reply(connection).error(operation: operation) else { return nil }
        switch error {
        case .channelClosed(let code, let text):
            sendChannelCloseOk(Self.topologyChannel, on: connection)
            if let failure = reopen(Self.topologyChannel, on: connection) { lose(failure) }
            return .channelClosed(code: code, text: "\(operation): \(text)")
        default:
            lose(.connectionLost("\(operation): \(error)"))
            return error
        }
    }

    func startConsumer(_ registration: ConsumerRegistration, on connection: amqp_connection_state_t) -> Result<Void, AMQPError> {
        amqp_basic_qos(connection, Self.mainChannel, 0, registration.prefetch, 0)
        if let error = amqp_get_rpc_reply(connection).error(operation: "basic.qos") { return failMain(error) }
        let arena = CArena()
        amqp_basic_consume(
            connection, Self.mainChannel, arena.bytes(registration.queue), arena.bytes(registration.tag),
            0, 0, 0, amqp_empty_table)
        if let error = amqp_get_rpc_reply(connection).error(operation: "basic.consume \(registration.queue)") {
            return failMain(error)
        }
        return .success(())
    }

    /// A failed RPC on the main channel: a channel close is answered and the channel reopened
    /// (the error is the caller's); anything else means the connection is gone.
    private func failMain(_ error: AMQPError) -> Result<Void, AMQPError> {
        guard let connection else { return .failure(error) }
        if case .channelClosed = error {
            sendChannelCloseOk(Self.mainChannel, on: connection)
            failOutstanding(with: error)
            if let failure = reopen(Self.mainChannel, on: connection) { lose(failure) }
        } else {
            lose(.connectionLost("\(error)"))
        }
        return .failure(error)
    }

    /// Sends basic.cancel for every consumer; streams end when each cancel-ok arrives, after the
    /// deliveries the broker sent before it.
    func cancelAllConsumers(completion: @escaping @Sendable () -> Void) {
        cancelCompletions.append(completion)
        for tag in consumers.keys where !cancellingConsumers.contains(tag) {
            guard let connection else {
                finishConsumer(tag: tag, error: nil)
                continue
            }
            cancellingConsumers.insert(tag)
            let arena = CArena()
            var cancel = amqp_basic_cancel_t(consumer_tag: arena.bytes(tag), nowait: 0)
            let status = amqp_send_method(connection, Self.mainChannel, MF_BASIC_CANCEL_METHOD, &cancel)
            if status != AMQP_STATUS_OK.rawValue {
                lose(.connectionLost("basic.cancel: \(statusText(status))"))
            }
        }
        completeCancellationsIfDone()
    }

    func finishConsumer(tag: String, error: (any Error)?) {
        guard let registration = consumers.removeValue(forKey: tag) else { return }
        registration.deliveries.finish(throwing: error)
    }

    func completeCancellationsIfDone() {
        guard cancellingConsumers.isEmpty else { return }
        let completions = cancelCompletions
        cancelCompletions.removeAll()
        for completion in completions { completion() }
    }

    func basicGet(queue: String, on connection: amqp_connection_state_t) -> Result<AMQPDelivery?, AMQPError> {
        let arena = CArena()
        let reply = amqp_basic_get(connection, Self.mainChannel, arena.bytes(queue), 0)
        if let error = reply.error(operation: "basic.get \(queue)") {
            return failMain(error).map { nil }
        }
        lastInbound = .now // the reply (and any heartbeat) was read inside the RPC, not by the frame pump
        guard reply.reply.id == MF_BASIC_GET_OK_METHOD else { return .success(nil) }
        let ok = reply.reply.decoded.assumingMemoryBound(to: amqp_basic_get_ok_t.self).pointee
        let head = (ok.delivery_tag, ok.redelivered != 0, ok.exchange.string, ok.routing_key.string)
        acks.delivered(head.0)
        guard let content = readContent(channel: Self.mainChannel, on: connection) else {
            return .failure(status.lastError ?? .connectionLost("lost while reading a message"))
        }
        return .success(AMQPDelivery(
            body: content.body, properties: content.properties, exchange: head.2, routingKey: head.3,
            redelivered: head.1, deliveryTag: head.0, epoch: epoch, mailbox: mailbox))
    }

    func settle(_ settlement: Settlement) {
        guard let connection, settlement.epoch == epoch else {
            logger.debug("dropped a settlement from an earlier connection; the broker will redeliver", metadata: ["tag": "\(settlement.deliveryTag)"])
            return
        }
        let status: Int32
        switch settlement.kind {
        case .ack:
            // Sent by flushAcks(), coalesced with the acks that arrive in the same turn.
            if acks.requestAck(settlement.deliveryTag) { return }
            status = amqp_basic_ack(connection, Self.mainChannel, settlement.deliveryTag, 0)
        case .nack(let requeue):
            acks.markSettled(settlement.deliveryTag)
            status = amqp_basic_nack(connection, Self.mainChannel, settlement.deliveryTag, 0, requeue ? 1 : 0)
        case .reject:
            acks.markSettled(settlement.deliveryTag)
            status = amqp_basic_reject(connection, Self.mainChannel, settlement.deliveryTag, 0)
        }
        if status != AMQP_STATUS_OK.rawValue {
            lose(.connectionLost("settling a delivery: \(statusText(status))"))
        }
    }
}

extension ConnectionDriver {
    /// Sends the acks requested since the last turn: one multiple ack for the settled prefix of
    /// delivery tags, single acks for any behind a gap.
    func flushAcks() {
        guard let connection else { return }
        let (multipleThrough, singles) = acks.flush()
        var status = AMQP_STATUS_OK.rawValue
        if let multipleThrough {
            status = amqp_basic_ack(connection, Self.mainChannel, multipleThrough, 1)
        }
        for tag in singles where status == AMQP_STATUS_OK.rawValue {
            status = amqp_basic_ack(connection, Self.mainChannel, tag, 0)
        }
        if status != AMQP_STATUS_OK.rawValue {
            lose(.connectionLost("acking deliveries: \(statusText(status))"))
        }
    }
}
