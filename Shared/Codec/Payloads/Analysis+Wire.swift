import Model

extension FeedbackScored: WireObject {
    private enum Fields {
        static let label: Field<SentimentLabel> = .required("label", .oneOf)
        static let score: Field<Double> = .required("score", .double(in: Limits.sentimentScore))
        static let confidence: Field<Double> = .required("confidence", .double(in: Limits.confidence))
        static let language: Field<FeedbackLanguage> = .required("language", .oneOf)
        static let aspects: Field<[Aspect]> = .required("aspects", .list(of: .oneOf))
        static let evidence: Field<[String]> = .required("evidence", .list(of: .nonEmptyText))
        static let analyzerVersion: Field<String> = .required("analyzer_version", .name)
        /// Additive (optional on read, absent = false), always written.
        static let feedbackMissing: Field<Bool> = .optional("feedback_missing", .bool)
    }

    static func read(from reader: ObjectReader) -> FeedbackScored? {
        let sessionID = reader.read(CommonFields.sessionID)
        let label = reader.read(Fields.label)
        let score = reader.read(Fields.score)
        let confidence = reader.read(Fields.confidence)
        let language = reader.read(Fields.language)
        let aspects = reader.read(Fields.aspects)
        let evidence = reader.read(Fields.evidence)
        let analyzerVersion = reader.read(Fields.analyzerVersion)
        let feedbackMissing = reader.read(Fields.feedbackMissing) ?? false
        guard let sessionID, let label, let score, let confidence, let language, let aspects, let evidence,
            let analyzerVersion
        else { return nil }
        let result = SentimentResult(
            label: label, score: score, confidence: confidence, language: language, aspects: aspects,
            evidence: evidence, analyzerVersion: analyzerVersion)
        return FeedbackScored(sessionID: sessionID, result: result, feedbackMissing: feedbackMissing)
    }

    func write(to writer: inout JSONWriter) {
        writer.write(CommonFields.sessionID, sessionID)
        writer.write(Fields.label, result.label)
        writer.write(Fields.score, result.score)
        writer.write(Fields.confidence, result.confidence)
        writer.write(Fields.language, result.language)
        writer.write(Fields.aspects, result.aspects)
        writer.write(Fields.evidence, result.evidence)
        writer.write(Fields.analyzerVersion, result.analyzerVersion)
        writer.write(Fields.feedbackMissing, feedbackMissing)
    }
}

extension ActionItem: WireObject {
    private enum Fields {
        static let text: Field<String> = .required("text", .nonEmptyText)
        static let owner: Field<ActionItemOwner> = .required("owner", .oneOf)
        static let dueHint: Field<String> = .optional("due_hint", .name)
    }

    static func read(from reader: ObjectReader) -> ActionItem? {
        let text = reader.read(Fields.text)
        let owner = reader.read(Fields.owner)
        let dueHint = reader.read(Fields.dueHint)
        guard let text, let owner else { return nil }
        return ActionItem(text: text, owner: owner, dueHint: dueHint)
    }

    func write(to writer: inout JSONWriter) {
        writer.write(Fields.text, text)
        writer.write(Fields.owner, owner)
        writer.write(Fields.dueHint, dueHint)
    }
}

extension SummaryGenerated: WireObject {
    private enum Fields {
        static let text: Field<String> = .required("text", .nonEmptyText)
        static let keyPhrases: Field<[String]> = .required("key_phrases", .list(of: .name))
        static let actionItems: Field<[ActionItem]> = .required("action_items", .list(of: .object))
        static let version: Field<Int> = .required("version", .int(in: Limits.version))
        static let status: Field<SummaryStatus> = .required("status", .oneOf)
        /// Additive (optional on read, absent = empty), always written.
        static let highlights: Field<[String]> = .optional("highlights", .list(of: .nonEmptyText))
    }

    static func read(from reader: ObjectReader) -> SummaryGenerated? {
        let sessionID = reader.read(CommonFields.sessionID)
        let text = reader.read(Fields.text)
        let keyPhrases = reader.read(Fields.keyPhrases)
        let actionItems = reader.read(Fields.actionItems)
        let version = reader.read(Fields.version)
        let status = reader.read(Fields.status)
        let highlights = reader.read(Fields.highlights) ?? []
        guard let sessionID, let text, let keyPhrases, let actionItems, let version, let status else { return nil }
        let summary = SessionSummary(
            text: text, keyPhrases: keyPhrases, actionItems: actionItems, version: version, status: status,
            highlights: highlights)
        return SummaryGenerated(sessionID: sessionID, summary: summary)
    }

    func write(to writer: inout JSONWriter) {
        writer.write(CommonFields.sessionID, sessionID)
        writer.write(Fields.text, summary.text)
        writer.write(Fields.keyPhrases, summary.keyPhrases)
        writer.write(Fields.actionItems, summary.actionItems)
        writer.write(Fields.version, summary.version)
        writer.write(Fields.status, summary.status)
        writer.write(Fields.highlights, summary.highlights)
    }
}

extension AgendaGenerated: WireObject {
    private enum Fields {
        static let items: Field<[String]> = .required("items", .list(of: .nonEmptyText))
        static let checklist: Field<[String]> = .required("checklist", .list(of: .nonEmptyText))
        static let firstSession: Field<Bool> = .required("first_session", .bool)
    }

    static func read(from reader: ObjectReader) -> AgendaGenerated? {
        let sessionID = reader.read(CommonFields.sessionID)
        let items = reader.read(Fields.items)
        let checklist = reader.read(Fields.checklist)
        let firstSession = reader.read(Fields.firstSession)
        guard let sessionID, let items, let checklist, let firstSession else { return nil }
        return AgendaGenerated(sessionID: sessionID, agenda: Agenda(items: items, checklist: checklist, firstSession: firstSession))
    }

    func write(to writer: inout JSONWriter) {
        writer.write(CommonFields.sessionID, sessionID)
        writer.write(Fields.items, agenda.items)
        writer.write(Fields.checklist, agenda.checklist)
        writer.write(Fields.firstSession, agenda.firstSession)
    }
}

extension SessionFlagged: WireObject {
    private enum Fields {
        static let level: Field<FlagLevel> = .required("level", .oneOf)
        static let previousLevel: Field<FlagLevel> = .optional("previous_level", .oneOf)
        static let reasons: Field<[FlagReason]> = .required("reasons", .list(of: .oneOf))
        static let pmCluster: Field<PMClusterID> = .optional("pm_cluster", .identifier)
    }

    static func read(from reader: ObjectReader) -> SessionFlagged? {
        let sessionID = reader.read(CommonFields.sessionID)
        let level = reader.read(Fields.level)
        let previousLevel = reader.read(Fields.previousLevel)
        let reasons = reader.read(Fields.reasons)
        let pmCluster = reader.read(Fields.pmCluster)
        guard let sessionID, let level, let reasons else { return nil }
        let flag = Flag(level: level, previousLevel: previousLevel, reasons: reasons)
        return SessionFlagged(sessionID: sessionID, flag: flag, pmCluster: pmCluster)
    }

    func write(to writer: inout JSONWriter) {
        writer.write(CommonFields.sessionID, sessionID)
        writer.write(Fields.level, flag.level)
        writer.write(Fields.previousLevel, flag.previousLevel)
        writer.write(Fields.reasons, flag.reasons)
        writer.write(Fields.pmCluster, pmCluster)
    }
}
