import CRabbitMQ
import Foundation
import Synchronization

/// What async callers ask of the connection thread.
enum ConnectionCommand: Sendable {
    case publish(PendingPublish)
    case declare(AMQPTopology, completion: @Sendable (Result<Void, AMQPError>) -> Void)
    case deleteQueue(String, completion: @Sendable (Result<Void, AMQPError>) -> Void)
    case consume(ConsumerRegistration)
    case settle(Settlement)
    case get(queue: String, completion: @Sendable (Result<AMQPDelivery?, AMQPError>) -> Void)
    case cancelConsumers(completion: @Sendable () -> Void)
    case close(completion: @Sendable () -> Void)
}

struct PendingPublish: Sendable {
    let message: AMQPOutgoingMessage
    let deadline: ContinuousClock.Instant?
    let completion: @Sendable (Result<Void, AMQPError>) -> Void
}

struct ConsumerRegistration: Sendable {
    let queue: String
    let prefetch: UInt16
    let tag: String
    let deliveries: AMQPDeliveries.Continuation
    let started: @Sendable (Result<Void, AMQPError>) -> Void
}

/// The only door into a connection thread: a locked command list plus an eventfd, so the thread
/// can sleep in `poll` on its socket and still wake the moment a caller sends something.
final class ConnectionMailbox: Sendable {
    private struct State {
        var commands: [ConnectionCommand] = []
        var sleeping = false
        var closed = false
    }

    private let state = Mutex(State())
    let wakeDescriptor: Int32

    init() {
        wakeDescriptor = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        precondition(wakeDescriptor >= 0, "eventfd failed: \(errno)")
    }

    deinit {
        close(wakeDescriptor)
    }

    /// Queues a command; returns false (and drops it) once the connection has shut down.
    @discardableResult
    func send(_ command: ConnectionCommand) -> Bool {
        let (accepted, mustWake) = state.withLock { state -> (Bool, Bool) in
            guard !state.closed else { return (false, false) }
            state.commands.append(command)
            let mustWake = state.sleeping
            state.sleeping = false
            return (true, mustWake)
        }
        if mustWake { wake() }
        return accepted
    }

    func send(contentsOf commands: [ConnectionCommand]) -> Bool {
        let (accepted, mustWake) = state.withLock { state -> (Bool, Bool) in
            guard !state.closed else { return (false, false) }
            state.commands.append(contentsOf: commands)
            let mustWake = state.sleeping
            state.sleeping = false
            return (true, mustWake)
        }
        if mustWake { wake() }
        return accepted
    }

    func drain() -> [ConnectionCommand] {
        state.withLock { state in
            defer { state.commands.removeAll(keepingCapacity: true) }
            return state.commands
        }
    }

    /// Marks the thread as about to sleep; false when a command is already waiting.
    func prepareToSleep() -> Bool {
        state.withLock { state in
            guard state.commands.isEmpty else { return false }
            state.sleeping = true
            return true
        }
    }

    func didWake() {
        state.withLock { $0.sleeping = false }
        var counter: UInt64 = 0
        _ = read(wakeDescriptor, &counter, MemoryLayout<UInt64>.size)
    }

    /// Refuses further commands and hands back any that arrived too late to be served.
    func closeAndDrain() -> [ConnectionCommand] {
        state.withLock { state in
            state.closed = true
            defer { state.commands.removeAll() }
            return state.commands
        }
    }

    private func wake() {
        var one: UInt64 = 1
        _ = write(wakeDescriptor, &one, MemoryLayout<UInt64>.size)
    }
}
