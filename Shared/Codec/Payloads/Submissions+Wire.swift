import Model

extension FeedbackSubmitted: WireObject {
    private enum Fields {
        static let rating: Field<Int> = .optional("rating", .int(in: Limits.rating))
        /// Required but may be empty: an empty comment is how "feedback missing" is told.
        static let comment: Field<String> = .required("comment", .text())
    }

    static func read(from reader: ObjectReader) -> FeedbackSubmitted? {
        let sessionID = reader.read(CommonFields.sessionID)
        let learnerID = reader.read(CommonFields.learnerID)
        let rating = reader.read(Fields.rating)
        let comment = reader.read(Fields.comment)
        guard let sessionID, let learnerID, let comment else { return nil }
        return FeedbackSubmitted(sessionID: sessionID, learnerID: learnerID, feedback: Feedback(rating: rating, comment: comment))
    }

    func write(to writer: inout JSONWriter) {
        writer.write(CommonFields.sessionID, sessionID)
        writer.write(CommonFields.learnerID, learnerID)
        writer.write(Fields.rating, feedback.rating)
        writer.write(Fields.comment, feedback.comment)
    }
}

extension TranscriptSubmitted: WireObject {
    private enum Fields {
        static let source: Field<TranscriptSource> = .required("source", .oneOf)
        static let text: Field<String> = .required("text", .text(maxLength: Limits.documentLength, allowEmpty: false))
    }

    static func read(from reader: ObjectReader) -> TranscriptSubmitted? {
        let sessionID = reader.read(CommonFields.sessionID)
        let source = reader.read(Fields.source)
        let text = reader.read(Fields.text)
        guard let sessionID, let source, let text else { return nil }
        return TranscriptSubmitted(sessionID: sessionID, transcript: Transcript(source: source, text: text))
    }

    func write(to writer: inout JSONWriter) {
        writer.write(CommonFields.sessionID, sessionID)
        writer.write(Fields.source, transcript.source)
        writer.write(Fields.text, transcript.text)
    }
}

extension PreworkSubmitted: WireObject {
    private enum Fields {
        static let expectations: Field<String> = .required("expectations", .text())
        static let topics: Field<[String]> = .required("topics", .list(of: .name))
        static let blockers: Field<[String]> = .required("blockers", .list(of: .nonEmptyText))
    }

    static func read(from reader: ObjectReader) -> PreworkSubmitted? {
        let sessionID = reader.read(CommonFields.sessionID)
        let learnerID = reader.read(CommonFields.learnerID)
        let expectations = reader.read(Fields.expectations)
        let topics = reader.read(Fields.topics)
        let blockers = reader.read(Fields.blockers)
        guard let sessionID, let learnerID, let expectations, let topics, let blockers else { return nil }
        return PreworkSubmitted(
            sessionID: sessionID, learnerID: learnerID,
            prework: Prework(expectations: expectations, topics: topics, blockers: blockers))
    }

    func write(to writer: inout JSONWriter) {
        writer.write(CommonFields.sessionID, sessionID)
        writer.write(CommonFields.learnerID, learnerID)
        writer.write(Fields.expectations, prework.expectations)
        writer.write(Fields.topics, prework.topics)
        writer.write(Fields.blockers, prework.blockers)
    }
}

extension SummaryApproved: WireObject {
    private enum Fields {
        static let text: Field<String> = .required("text", .nonEmptyText)
        static let edited: Field<Bool> = .required("edited", .bool)
        static let reviewedVersion: Field<Int> = .optional("reviewed_version", .int(in: Limits.version))
    }

    static func read(from reader: ObjectReader) -> SummaryApproved? {
        let sessionID = reader.read(CommonFields.sessionID)
        let mentorID = reader.read(CommonFields.mentorID)
        let text = reader.read(Fields.text)
        let edited = reader.read(Fields.edited)
        let reviewedVersion = reader.read(Fields.reviewedVersion)
        guard let sessionID, let mentorID, let text, let edited else { return nil }
        return SummaryApproved(
            sessionID: sessionID, mentorID: mentorID, text: text, edited: edited, reviewedVersion: reviewedVersion)
    }

    func write(to writer: inout JSONWriter) {
        writer.write(CommonFields.sessionID, sessionID)
        writer.write(CommonFields.mentorID, mentorID)
        writer.write(Fields.text, text)
        writer.write(Fields.edited, edited)
        writer.write(Fields.reviewedVersion, reviewedVersion)
    }
}
