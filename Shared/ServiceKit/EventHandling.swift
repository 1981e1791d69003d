// The event-handling contracts (EventHandler, Emission, EventFactory, EventPublisher, ...) live in
// EventHandling, which service cores import without linking the broker, HTTP or SQLite. A service
// executable imports ServiceKit alone and gets them too.
@_exported import EventHandling
