import AMQP
import Foundation
import Testing
import TestSupport

/// `amqps://` through amqp_ssl_socket against a broker of its own with a TLS listener and a
/// private CA (deploy/broker/start.sh with MENTORFLOW_AMQP_TLS_PORT).
@Suite(.serialized) struct TLSTests {
    @Test func amqpsWithTheBrokersCAWorksAndAnUntrustedCertificateIsRefused() async throws {
        let broker = PrivateBroker(portOffset: 102, name: "tls", tlsPortOffset: 103)
        let plain = try broker.start()
        defer { try? broker.stop() }
        let tlsPort = try #require(broker.tlsPort)
        let password = plain.password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""

        let trusted = try AMQPConfiguration(url: "amqps://mentorflow:\(password)@localhost:\(tlsPort)/%2f?cacertfile=\(broker.tlsCAFile.path)")
        #expect(trusted.tls?.verifyPeer == true)
        let connection = AMQPConnection(configuration: trusted, logger: TestBroker.logger)
        try await connection.waitUntilConnected()
        let queue = TestBroker.uniqueName("tls")
        try await connection.declare(AMQPTopology(queues: [.init(name: queue, kind: .classic)]))
        try await connection.publish(AMQPOutgoingMessage(exchange: "", routingKey: queue, body: Array("over TLS".utf8), properties: AMQPProperties(messageID: "tls-1")))
        let delivery = try #require(try await waitForMessage(on: connection, queue: queue))
        #expect(String(decoding: delivery.body, as: UTF8.self) == "over TLS")
        delivery.ack()
        await connection.close()

        // Without the private CA the server certificate cannot be verified: no connection.
        let untrusted = try AMQPConfiguration(url: "amqps://mentorflow:\(password)@localhost:\(tlsPort)/%2f")
        let refused = AMQPConnection(configuration: untrusted, logger: TestBroker.logger)
        await #expect {
            try await refused.waitUntilConnected(timeout: .seconds(2))
        } throws: { error in
            if case AMQPError.unreachable(_, let port, let reason) = error { return port == tlsPort && reason.lowercased().contains("ssl") }
            return false
        }
        await refused.close()
    }
}
