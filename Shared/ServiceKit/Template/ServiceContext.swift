import AMQP
import Foundation
import Logging

/// What a service gets while it is built: its instance name and configuration, the logger, and
/// the publisher connection (already a lifecycle service: `ServiceMain` closes it last).
public struct ServiceContext: Sendable {
    /// The instance name (the service's `name`, or its `nameVariable`'s value).
    public var name: String { configuration.serviceName }
    public let configuration: ServiceConfiguration
    public let logger: Logger
    /// The publisher connection (separate from the consumer's, so deliveries never delay confirms).
    public let connection: AMQPConnection

    /// An event publisher on the events exchange, with confirms.
    public var publisher: AMQPEventPublisher {
        AMQPEventPublisher(connection: connection, exchange: configuration.eventsExchange)
    }

    /// `<data dir>/<file>`.
    public func dataFile(_ file: String) -> URL {
        configuration.dataDirectory.appendingPathComponent(file)
    }

    /// Opens a store; whatever it throws becomes a `StorageError` (exit 73, EX_CANTCREAT), the
    /// same in every service.
    public func openStorage<Store>(_ what: String, _ open: () throws -> Store) throws(StorageError) -> Store {
        do {
            return try open()
        } catch {
            throw StorageError(what: what, directory: configuration.dataDirectory.path, underlying: "\(error)")
        }
    }
}

/// A store or inbox that will not open (a missing or read-only folder, a corrupt file, a newer
/// schema): the process exits 73 (EX_CANTCREAT).
public struct StorageError: Error, CustomStringConvertible, Sendable {
    public let what: String
    public let directory: String
    public let underlying: String

    public var description: String { "cannot open the \(what) in \(directory): \(underlying)" }
}
