import AMQP
import CRabbitMQ
import Foundation

/// A bare librabbitmq connection with one channel: the raw side of the benchmark, and the tool the
/// bench uses to create and delete its queues (the AMQP module has no delete, on purpose).
///
/// Deliberately not Sendable: it is created inside the dedicated thread that uses it (see
/// `DedicatedThread`) and dies there. No reconnect, no mailbox, no bookkeeping beyond what a
/// correct C program needs; that is the point of a baseline.
final class RawConnection {
    static let channel: amqp_channel_t = 1

    let state: amqp_connection_state_t
    private var isOpen = true

    private init(state: amqp_connection_state_t) {
        self.state = state
    }

    deinit {
        // Reached without `close()` only after an error: destroy without the close handshake,
        // which must not be attempted after a protocol error.
        if isOpen { amqp_destroy_connection(state) }
    }

    /// Socket, login (through the shim: `amqp_login` is variadic), channel 1, and confirm mode
    /// when asked for. Uses the same heartbeat and frame size as the async layer.
    static func connect(_ configuration: AMQPConfiguration, confirms: Bool) throws -> RawConnection {
        guard let state = amqp_new_connection() else { throw BenchError("amqp_new_connection: out of memory") }
        let connection = RawConnection(state: state)
        guard let socket = makeSocket(for: state, tls: configuration.tls) else {
            throw BenchError("could not create the \(configuration.tls == nil ? "TCP" : "TLS") socket")
        }
        var timeout = timeval(tv_sec: Int(configuration.connectTimeout.components.seconds), tv_usec: 0)
        let opened = amqp_socket_open_noblock(socket, configuration.host, Int32(configuration.port), &timeout)
        guard opened == AMQP_STATUS_OK.rawValue else {
            throw BenchError("cannot reach \(configuration.host):\(configuration.port): \(statusText(opened))")
        }
        try connection.check(
            mf_amqp_login_plain(
                state, configuration.virtualHost, 0, Int32(configuration.frameMax),
                Int32(configuration.heartbeatSeconds), configuration.username, configuration.password),
            "login to \(configuration.redactedURL)")
        amqp_channel_open(state, channel)
        try connection.checkRPC("channel.open")
        if confirms {
            amqp_confirm_select(state, channel)
            try connection.checkRPC("confirm.select")
        }
        return connection
    }

    private static func makeSocket(for state: amqp_connection_state_t, tls: AMQPConfiguration.TLS?) -> OpaquePointer? {
        guard let tls else { return amqp_tcp_socket_new(state) }
        guard let socket = amqp_ssl_socket_new(state) else { return nil }
        if let path = tls.caCertificatePath, amqp_ssl_socket_set_cacert(socket, path) != AMQP_STATUS_OK.rawValue {
            return nil
        }
        amqp_ssl_socket_set_verify_peer(socket, tls.verifyPeer ? 1 : 0)
        amqp_ssl_socket_set_verify_hostname(socket, tls.verifyPeer ? 1 : 0)
        return socket
    }

    /// The polite close (channel, then connection: the broker has processed every ack we sent
    /// once connection.close-ok arrives), then the C state is freed.
    func close() {
        guard isOpen else { return }
        isOpen = false
        amqp_channel_close(state, Self.channel, AMQP_REPLY_SUCCESS)
        amqp_connection_close(state, AMQP_REPLY_SUCCESS)
        amqp_destroy_connection(state)
    }

    // MARK: Topology (untimed set-up and clean-up)

    func declareExchange(_ name: String, kind: String) throws {
        withBytes(name) { name in
            withBytes(kind) { kind in
                _ = amqp_exchange_declare(state, Self.channel, name, kind, 0, 1, 0, 0, amqp_empty_table)
            }
        }
        try checkRPC("exchange.declare \(name)")
    }

    /// A durable queue of the given `x-queue-type`, declared exactly as the async layer's
    /// `AMQPTopology.Queue(name:kind:)` declares one.
    func declareQueue(_ name: String, type: String) throws {
        withBytes(name) { name in
            withBytes("x-queue-type") { key in
                withBytes(type) { type in
                    var value = amqp_field_value_t()
                    value.kind = UInt8(ascii: "S")
                    value.value.bytes = type
                    var entry = amqp_table_entry_t(key: key, value: value)
                    withUnsafeMutablePointer(to: &entry) { entries in
                        _ = amqp_queue_declare(
                            state, Self.channel, name, 0, 1, 0, 0, amqp_table_t(num_entries: 1, entries: entries))
                    }
                }
            }
        }
        try checkRPC("queue.declare \(name)")
    }

    func bind(queue: String, exchange: String, routingKey: String) throws {
        withBytes(queue) { queueBytes in
            withBytes(exchange) { exchangeBytes in
                withBytes(routingKey) { key in
                    _ = amqp_queue_bind(state, Self.channel, queueBytes, exchangeBytes, key, amqp_empty_table)
                }
            }
        }
        try checkRPC("queue.bind \(queue)")
    }

    /// Ready messages in the queue now (a passive declare).
    func messageCount(_ name: String) throws -> UInt32 {
        let ok = withBytes(name) { amqp_queue_declare(state, Self.channel, $0, 1, 0, 0, 0, amqp_empty_table) }
        try checkRPC("queue.declare (passive) \(name)")
        return ok?.pointee.message_count ?? 0
    }

    /// Deletes the queue and returns how many ready messages it still held.
    func deleteQueue(_ name: String) throws -> UInt32 {
        let ok = withBytes(name) { amqp_queue_delete(state, Self.channel, $0, 0, 0) }
        try checkRPC("queue.delete \(name)")
        return ok?.pointee.message_count ?? 0
    }

    func deleteExchange(_ name: String) throws {
        withBytes(name) { _ = amqp_exchange_delete(state, Self.channel, $0, 0) }
        try checkRPC("exchange.delete \(name)")
    }

    // MARK: Frames and errors

    /// The next frame, or nil when none arrived within `timeout` (zero: only what is already
    /// buffered or readable without waiting).
    func nextFrame(timeout: Duration) throws -> amqp_frame_t? {
        var frame = amqp_frame_t()
        var wait = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        let status = amqp_simple_wait_frame_noblock(state, &frame, &wait)
        if status == AMQP_STATUS_TIMEOUT.rawValue { return nil }
        guard status == AMQP_STATUS_OK.rawValue else { throw BenchError("reading a frame: \(statusText(status))") }
        return frame
    }

    /// Throws the broker's reason when `frame` closes the channel or the connection.
    func throwIfClose(_ frame: amqp_frame_t) throws {
        guard frame.frame_type == AMQP_FRAME_METHOD else { return }
        let method = frame.payload.method
        switch method.id {
        case MF_CHANNEL_CLOSE_METHOD:
            let close = method.decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
            throw BenchError("broker closed the channel: \(close.reply_code) \(close.reply_text.text)")
        case MF_CONNECTION_CLOSE_METHOD:
            let close = method.decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
            throw BenchError("broker closed the connection: \(close.reply_code) \(close.reply_text.text)")
        default:
            return
        }
    }

    func checkRPC(_ operation: String) throws {
        try check(amqp_get_rpc_reply(state), operation)
    }

    func check(_ reply: amqp_rpc_reply_t, _ operation: String) throws {
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            return
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            throw BenchError("\(operation): \(statusText(reply.library_error))")
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            switch reply.reply.id {
            case MF_CONNECTION_CLOSE_METHOD:
                let close = reply.reply.decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
                throw BenchError("\(operation): broker closed the connection: \(close.reply_code) \(close.reply_text.text)")
            case MF_CHANNEL_CLOSE_METHOD:
                let close = reply.reply.decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
                throw BenchError("\(operation): broker closed the channel: \(close.reply_code) \(close.reply_text.text)")
            default:
                throw BenchError("\(operation): unexpected server method \(reply.reply.id)")
            }
        default:
            throw BenchError("\(operation): no RPC reply")
        }
    }
}

/// Calls `body` with the string's UTF-8 bytes as `amqp_bytes_t`, valid only inside `body`:
/// `amqp_cstring_bytes(swiftString)` outside such a scope would dangle (notes, pitfall 1).
func withBytes<Result>(_ string: String, _ body: (amqp_bytes_t) throws -> Result) rethrows -> Result {
    try string.withCString { try body(amqp_cstring_bytes($0)) }
}

/// librabbitmq's text for a status code.
func statusText(_ status: Int32) -> String {
    String(cString: amqp_error_string2(status))
}

extension amqp_bytes_t {
    /// A copy of the bytes as text (the pool they live in is reused after the next release).
    var text: String {
        guard len > 0, let bytes else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: len), as: UTF8.self)
    }
}
