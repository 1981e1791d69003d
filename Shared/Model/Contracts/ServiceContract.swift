/// What one service declares it consumes and publishes, so that "who produces and who consumes
/// this event?" is answered by reading values instead of following code through six files.
///
/// Each service's core library exposes its contract (`ServiceContract.sentiment`, …); its handler
/// reads `handles` and `reactions` from it (the queue's bindings derive from `handles`), and the
/// other code that publishes (an HTTP door, a sweeper, a dashboard action) is listed as an
/// `Emitter`. `SystemContracts.all` gathers them; the AsyncAPI document's `operations`, the
/// README's table and `mentorflow events` are checked against or printed from that list.
public struct ServiceContract: Sendable, Hashable {
    /// Code in a service, other than its event handler, that publishes events: the cause is not
    /// an incoming message but a request, a timer or a user's action.
    public struct Emitter: Sendable, Hashable {
        /// What the code is, in the words an operator would look for ("flag sweeper", "POST /v1/events").
        public let name: String
        public let publishes: Set<EventType>

        public init(_ name: String, publishes: Set<EventType>) {
            self.name = name
            self.publishes = publishes
        }
    }

    /// The service's name: its executable is `mentorflow-<service>` and its queues `<service>.<purpose>`.
    public let service: String
    /// The event types its handler consumes; its work queue is bound to exactly these.
    public let handles: Set<EventType>
    /// The event types its handler publishes in reply to what it handles.
    public let reactions: Set<EventType>
    /// The service's other publishers.
    public let emitters: [Emitter]

    public init(service: String, handles: Set<EventType> = [], reactions: Set<EventType> = [], emitters: [Emitter] = []) {
        self.service = service
        self.handles = handles
        self.reactions = reactions
        self.emitters = emitters
    }

    /// Every event type the service publishes, from its handler or any other emitter.
    public var publishes: Set<EventType> {
        emitters.reduce(reactions) { $0.union($1.publishes) }
    }

    /// Who in the service publishes `type`: "handler" for a reaction, else the emitters' names.
    public func publishers(of type: EventType) -> [String] {
        (reactions.contains(type) ? ["handler"] : []) + emitters.filter { $0.publishes.contains(type) }.map(\.name)
    }
}
