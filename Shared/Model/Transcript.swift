/// Where a transcript's text came from; speech-to-text is noisier than typed notes,
/// so summarisers may weigh them differently.
public enum TranscriptSource: String, CaseIterable, Sendable {
    case notes
    case speechToText = "speech_to_text"
}

/// Session notes or a transcript, up to `Limits.documentLength` characters.
public struct Transcript: Sendable, Equatable {
    public var source: TranscriptSource
    public var text: String

    public init(source: TranscriptSource, text: String) {
        self.source = source
        self.text = text
    }
}
