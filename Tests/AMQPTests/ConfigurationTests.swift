import Testing
@testable import AMQP

@Suite struct ConfigurationTests {
    @Test func parsesFullURL() throws {
        let config = try AMQPConfiguration(url: "amqp://mentor%40flow:p%3Ass@broker.local:5679/prod%2Fv1?heartbeat=5")
        #expect(config.host == "broker.local")
        #expect(config.port == 5679)
        #expect(config.username == "mentor@flow")
        #expect(config.password == "p:ss")
        #expect(config.virtualHost == "prod/v1")
        #expect(config.heartbeatSeconds == 5)
        #expect(config.tls == nil)
        #expect(!config.redactedURL.contains("p:ss"))
    }
}
