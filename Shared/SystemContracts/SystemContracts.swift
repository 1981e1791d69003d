import IngestCore
import InsightsCore
import Model
import SentimentCore
import SummaryCore

/// Every service's declared contract in one list, read by `mentorflow events`, by the AsyncAPI
/// contract test (its `operations` against the code, both ways) and by the test that writes the
/// README's event table. A module of its own, over the services' core libraries only, so that
/// the CLI and the tests can link it without the services' executables.
public enum SystemContracts {
    /// The services, in the order of the flow: the door, the analysers, the record.
    public static let all: [ServiceContract] = [.ingest, .sentiment, .summary, .insights]

    /// The service that consumes every event type: the system's record, whose bindings keep every
    /// type routable before the service meant for it exists.
    public static let record: ServiceContract = .insights

    /// Who produces and who consumes each event type of the catalogue, in catalogue order.
    public static var routes: [EventRoute] {
        EventType.allCases.map(route(of:))
    }

    public static func route(of type: EventType) -> EventRoute {
        EventRoute(
            type: type,
            producers: all.compactMap { contract in
                let publishers = contract.publishers(of: type)
                return publishers.isEmpty ? nil : EventRoute.Producer(service: contract.service, publishers: publishers)
            },
            consumers: all.filter { $0.handles.contains(type) }.map(\.service)
        )
    }
}
