import CRabbitMQ
import Foundation
import DequeModule
import Logging

/// Lives on, and only on, the connection's own OS thread. It owns the librabbitmq connection
/// state (which must never cross threads), serves the mailbox, reads every frame, keeps
/// heartbeats going, and reconnects. Nothing in here is `Sendable`, on purpose.
final class ConnectionDriver {
    /// Channel 1 carries publishes (in confirm mode), consumers and basic.get.
    static let mainChannel: amqp_channel_t = 1
    /// Channel 2 carries declarations, so a failed declaration (406/404 closes the channel) never
    /// takes consumers or unconfirmed publishes down with it.
    static let topologyChannel: amqp_channel_t = 2

    let configuration: AMQPConfiguration
    let mailbox: ConnectionMailbox
    let status: StatusBox
    let reconnectPolicy: ReconnectPolicy
    let confirmWindow: Int
    var logger: Logger

    var connection: amqp_connection_state_t?
    /// Incremented on each successful connect; deliveries carry it so stale acks are dropped.
    var epoch: UInt64 = 0
    /// Acks requested by the application, sent coalesced once per loop turn.
    var acks = AckCoalescer()
    var connectAttempts = 0
    var nextConnectAttempt = ContinuousClock.now
    var lastInbound = ContinuousClock.now

    /// Topology the broker accepted, declared again after every reconnect.
    var declaredTopology: [AMQPTopology] = []
    /// Declarations asked for while disconnected; served right after the next connect.
    var pendingDeclarations: [(AMQPTopology, @Sendable (Result<Void, AMQPError>) -> Void)] = []
    var consumers: [String: ConsumerRegistration] = [:]
    /// Consumers cancelled by us and waiting for the broker's cancel-ok.
    var cancellingConsumers: Set<String> = []
    var cancelCompletions: [@Sendable () -> Void] = []

    /// Publishes not yet written to the socket, oldest first (including those to resend after a reconnect).
    var waiting = Deque<PendingPublish>()
    /// Written, not yet confirmed, by delivery tag.
    var outstanding: [UInt64: Outstanding] = [:]
    var lowestOutstandingTag: UInt64 = 1
    var nextDeliveryTag: UInt64 = 1
    var nextDeadlineScan = ContinuousClock.now

    var closeRequested = false
    var closeCompletions: [@Sendable () -> Void] = []
    var closeDeadline: ContinuousClock.Instant?

    struct Outstanding {
        let publish: PendingPublish
        var returned: AMQPError?
    }

    init(configuration: AMQPConfiguration, mailbox: ConnectionMailbox, status: StatusBox, reconnectPolicy: ReconnectPolicy, confirmWindow: Int, logger: Logger) {
        self.configuration = configuration
        self.mailbox = mailbox
        self.status = status
        self.reconnectPolicy = reconnectPolicy
        self.confirmWindow = max(1, confirmWindow)
        self.logger = logger
    }

    /// The thread's whole life: serve commands and frames until closed.
    func run() {
        while true {
            if connection == nil {
                if closeRequested {
                    finishClose()
                    return
                }
                if ContinuousClock.now >= nextConnectAttempt { connect() }
            }
            serveCommands()
            flushAcks()
            if let connection {
                publishWaiting(on: connection)
            }
            if self.connection != nil {
                readAvailableFrames()
            }
            expireDeadlines()
            if closeRequested, connection != nil, readyToClose() {
                closeGracefully()
                finishClose()
                return
            }
            sleepUntilWork()
        }
    }

    // MARK: Commands

    func serveCommands() {
        for command in mailbox.drain() {
            serve(command)
        }
    }

    func serve(_ command: ConnectionCommand) {
        switch command {
        case .publish(let publish):
            if closeRequested && connection == nil {
                publish.completion(.failure(.shutDown))
            } else {
                waiting.append(publish)
            }
        case .declare(let topology, let completion):
            guard let connection else {
                // Declared on connect, before consumers and publishes resume.
                pendingDeclarations.append((topology, completion))
                return
            }
            let result = declare(topology, on: connection)
            if case .success = result { declaredTopology.append(topology) }
            completion(result)
        case .deleteQueue(let name, let completion):
            guard let connection else {
                completion(.failure(status.lastError ?? .connectionLost("not connected")))
                return
            }
            declaredTopology = declaredTopology.map { topology in
                var kept = topology
                kept.queues.removeAll { $0.name == name }
                kept.bindings.removeAll { $0.queue == name }
                return kept
            }
            completion(deleteQueue(name, on: connection))
        case .consume(let registration):
            consumers[registration.tag] = registration
            if let connection {
                registration.started(startConsumer(registration, on: connection))
            } else {
                registration.started(.success(()))
            }
        case .settle(let settlement):
            settle(settlement)
        case .get(let queue, let completion):
            guard let connection else {
                completion(.failure(status.lastError ?? .connectionLost("not connected")))
                return
            }
            completion(basicGet(queue: queue, on: connection))
        case .cancelConsumers(let completion):
            cancelAllConsumers(completion: completion)
        case .close(let completion):
            closeRequested = true
            closeCompletions.append(completion)
            if closeDeadline == nil { closeDeadline = .now + .seconds(10) }
            cancelAllConsumers(completion: {})
        }
    }

    // MARK: Sleeping

    func sleepUntilWork() {
        if let connection, amqp_frames_enqueued(connection) != 0 || amqp_data_in_buffer(connection) != 0 { return }
        guard mailbox.prepareToSleep() else { return }
        var descriptors = [pollfd(fd: mailbox.wakeDescriptor, events: Int16(POLLIN), revents: 0)]
        if let connection {
            descriptors.append(pollfd(fd: amqp_get_sockfd(connection), events: Int16(POLLIN), revents: 0))
        }
        let timeout = sleepTimeoutMilliseconds()
        let ready = poll(&descriptors, nfds_t(descriptors.count), timeout)
        mailbox.didWake()
        if ready > 0, descriptors.count > 1, descriptors[1].revents != 0 {
            lastInbound = .now
        }
    }

    private func sleepTimeoutMilliseconds() -> Int32 {
        var timeout: Duration = .milliseconds(250)
        if connection != nil, configuration.heartbeatSeconds > 0 {
            timeout = min(timeout, .seconds(configuration.heartbeatSeconds) / 2)
        }
        if connection == nil {
            timeout = min(timeout, max(.zero, nextConnectAttempt - .now))
        }
        return Int32(max(0, timeout / .milliseconds(1)))
    }

    // MARK: Deadlines

    func expireDeadlines() {
        let now = ContinuousClock.now
        guard now >= nextDeadlineScan else { return }
        nextDeadlineScan = now + .milliseconds(50)
        if !waiting.isEmpty {
            waiting.removeAll { publish in
                guard let deadline = publish.deadline, deadline <= now else { return false }
                publish.completion(.failure(.timeout("no broker connection to publish on")))
                return true
            }
        }
        for (tag, entry) in outstanding {
            if let deadline = entry.publish.deadline, deadline <= now {
                outstanding[tag] = nil
                entry.publish.completion(.failure(.timeout("broker did not confirm the publish in time")))
            }
        }
        if closeRequested, let closeDeadline, now >= closeDeadline, connection != nil {
            logger.warning("closing with unfinished work", metadata: ["waiting": "\(waiting.count)", "unconfirmed": "\(outstanding.count)"])
            closeGracefully()
        }
    }
}
