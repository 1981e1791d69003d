import CRabbitMQ
import Foundation
import Logging

/// Connecting, losing the connection, and closing it.
extension ConnectionDriver {
    func connect() {
        connectAttempts += 1
        switch openConnection() {
        case .failure(let error):
            let delay = reconnectPolicy.delay(attempt: connectAttempts - 1)
            nextConnectAttempt = .now + delay
            status.set(.reconnecting(lastError: error))
            logger.warning("cannot connect to broker", metadata: [
                "url": "\(configuration.redactedURL)", "error": "\(error)", "retryIn": "\(delay)",
            ])
        case .success(let opened):
            connection = opened
            epoch += 1
            acks.reset()
            lastInbound = .now
            if let error = restoreState(on: opened) {
                lose(error)
                return
            }
            connectAttempts = 0
            status.set(.connected)
            logger.info("connected to broker", metadata: ["url": "\(configuration.redactedURL)", "epoch": "\(epoch)"])
        }
    }

    /// Socket, login, channels and confirm mode. Any failure destroys what was made.
    private func openConnection() -> Result<amqp_connection_state_t, AMQPError> {
        guard let state = amqp_new_connection() else { return .failure(.library(operation: "amqp_new_connection", status: "out of memory")) }
        func fail(_ error: AMQPError) -> Result<amqp_connection_state_t, AMQPError> {
            amqp_destroy_connection(state)
            return .failure(error)
        }
        guard let socket = makeSocket(for: state) else {
            return fail(.library(operation: "socket", status: "could not create the socket"))
        }
        var timeout = timeval(duration: configuration.connectTimeout)
        let opened = amqp_socket_open_noblock(socket, configuration.host, Int32(configuration.port), &timeout)
        guard opened == AMQP_STATUS_OK.rawValue else {
            return fail(.unreachable(host: configuration.host, port: configuration.port, reason: statusText(opened)))
        }
        amqp_set_handshake_timeout(state, &timeout)
        var rpcTimeout = timeval(duration: max(configuration.connectTimeout, .seconds(30)))
        amqp_set_rpc_timeout(state, &rpcTimeout)

        let arena = CArena()
        var properties = arena.table(["connection_name": .string(configuration.connectionName)])
        let login = mf_amqp_login_plain_with_properties(
            state, configuration.virtualHost, 0, Int32(configuration.frameMax), Int32(configuration.heartbeatSeconds),
            &properties, configuration.username, configuration.password)
        if let error = login.error(operation: "login") {
            switch error {
            case .connectionClosed(let code, let text) where code == 403:
                return fail(.authenticationRefused(text))
            case .connectionClosed(let code, let text) where code == 530:
                return fail(.authenticationRefused("virtual host '\(configuration.virtualHost)': \(text)"))
            case .library(_, let status) where status.contains("connection closed unexpectedly"):
                // Older brokers drop the socket instead of sending 403 on bad credentials.
                return fail(.authenticationRefused("broker closed the connection during login (bad credentials?)"))
            default:
                return fail(error)
            }
        }
        for channel in [Self.mainChannel, Self.topologyChannel] {
            amqp_channel_open(state, channel)
            if let error = amqp_get_rpc_reply(state).error(operation: "channel.open") { return fail(error) }
        }
        amqp_confirm_select(state, Self.mainChannel)
        if let error = amqp_get_rpc_reply(state).error(operation: "confirm.select") { return fail(error) }
        return .success(state)
    }

    private func makeSocket(for state: amqp_connection_state_t) -> OpaquePointer? {
        guard let tls = configuration.tls else { return amqp_tcp_socket_new(state) }
        guard let socket = amqp_ssl_socket_new(state) else { return nil }
        if let path = tls.caCertificatePath {
            guard amqp_ssl_socket_set_cacert(socket, path) == AMQP_STATUS_OK.rawValue else { return nil }
        }
        amqp_ssl_socket_set_verify_peer(socket, tls.verifyPeer ? 1 : 0)
        amqp_ssl_socket_set_verify_hostname(socket, tls.verifyPeer ? 1 : 0)
        return socket
    }

    /// After a (re)connect: topology, consumers, and the publishes the old connection left unconfirmed.
    private func restoreState(on connection: amqp_connection_state_t) -> AMQPError? {
        for topology in declaredTopology {
            if case .failure(let error) = declare(topology, on: connection) { return error }
        }
        let declarations = pendingDeclarations
        pendingDeclarations.removeAll()
        for (topology, completion) in declarations {
            let result = declare(topology, on: connection)
            if case .success = result { declaredTopology.append(topology) }
            completion(result)
            if self.connection == nil { return status.lastError ?? .connectionLost("lost while declaring") }
        }
        for registration in consumers.values.sorted(by: { $0.tag < $1.tag }) where !cancellingConsumers.contains(registration.tag) {
            if case .failure(let error) = startConsumer(registration, on: connection) { return error }
        }
        cancellingConsumers.removeAll()
        return nil
    }

    /// The connection is gone (socket error, missed heartbeats, broker closed it). Destroy it
    /// without `amqp_connection_close` (it must not be called after a protocol error), put
    /// unconfirmed publishes back at the head of the queue, and schedule a reconnect.
    func lose(_ error: AMQPError) {
        if let connection { amqp_destroy_connection(connection) }
        connection = nil
        let unconfirmed = outstanding.sorted { $0.key < $1.key }.map(\.value.publish)
        outstanding.removeAll()
        waiting.insert(contentsOf: unconfirmed, at: 0)
        nextDeliveryTag = 1
        lowestOutstandingTag = 1
        status.set(.reconnecting(lastError: error))
        let delay = reconnectPolicy.delay(attempt: connectAttempts)
        connectAttempts += 1
        nextConnectAttempt = .now + delay
        logger.warning("lost the broker connection", metadata: [
            "error": "\(error)", "unconfirmed": "\(unconfirmed.count)", "retryIn": "\(delay)",
        ])
        // Consumers whose cancel was in flight are over: the broker drops them with the connection.
        for tag in cancellingConsumers { finishConsumer(tag: tag, error: nil) }
        cancellingConsumers.removeAll()
        completeCancellationsIfDone()
    }

    func readyToClose() -> Bool {
        waiting.isEmpty && outstanding.isEmpty && cancellingConsumers.isEmpty
    }

    /// channel.close and connection.close, the polite way, once nothing is in flight.
    func closeGracefully() {
        guard let connection else { return }
        amqp_channel_close(connection, Self.topologyChannel, AMQP_REPLY_SUCCESS)
        amqp_channel_close(connection, Self.mainChannel, AMQP_REPLY_SUCCESS)
        let reply = amqp_connection_close(connection, AMQP_REPLY_SUCCESS)
        if let error = reply.error(operation: "connection.close") {
            logger.debug("connection.close failed", metadata: ["error": "\(error)"])
        }
        amqp_destroy_connection(connection)
        self.connection = nil
    }

    /// Fails whatever is left and refuses new commands; the thread then ends.
    func finishClose() {
        status.set(.closed)
        for command in mailbox.closeAndDrain() { serveAfterClose(command) }
        while let publish = waiting.popFirst() { publish.completion(.failure(.shutDown)) }
        for entry in outstanding.values { entry.publish.completion(.failure(.shutDown)) }
        outstanding.removeAll()
        for (_, completion) in pendingDeclarations { completion(.failure(.shutDown)) }
        pendingDeclarations.removeAll()
        for tag in Array(consumers.keys) { finishConsumer(tag: tag, error: nil) }
        for completion in cancelCompletions { completion() }
        cancelCompletions.removeAll()
        for completion in closeCompletions { completion() }
        closeCompletions.removeAll()
        logger.debug("connection thread finished")
    }

    private func serveAfterClose(_ command: ConnectionCommand) {
        switch command {
        case .publish(let publish): publish.completion(.failure(.shutDown))
        case .declare(_, let completion), .deleteQueue(_, let completion): completion(.failure(.shutDown))
        case .consume(let registration):
            registration.started(.failure(.shutDown))
            registration.deliveries.finish()
        case .settle: break
        case .get(_, let completion): completion(.failure(.shutDown))
        case .cancelConsumers(let completion): completion()
        case .close(let completion): closeCompletions.append(completion)
        }
    }
}

extension timeval {
    init(duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self.init(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }
}
