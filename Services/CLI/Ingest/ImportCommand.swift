import AMQP
import ArgumentParser
import CLISupport
import Codec
import Foundation
import IngestCore
import ServiceKit

/// `mentorflow import FILE.csv`: a session export into MentorFlow, with the row report.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a session export (CSV) and print the row report; exits 1 when any row was rejected.")

    @OptionGroup var target: IngestClientOptions
    @OptionGroup var broker: BrokerOptions
    @Argument(help: "The CSV file.") var file: String

    func run() async throws {
        let report: ImportReport
        if target.amqp {
            report = try await broker.withConnection { connection in
                try await importLocally(through: AMQPEventPublisher(connection: connection, exchange: target.eventsExchange))
            }
        } else {
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            FileHandle.standardError.write(Data("uploading \(file) (\(size / 1_048_576) MiB) to \(target.baseURL)/v1/imports…\n".utf8))
            let (status, body) = try await target.post(path: "/v1/imports", contentType: "text/csv", file: URL(fileURLWithPath: file))
            guard status == 200 else {
                Swift.print(String(decoding: body, as: UTF8.self))
                throw ExitCode(2)
            }
            report = try JSONDecoder().decode(ImportReport.self, from: body)
        }
        Self.print(report)
        if report.rowsRejected > 0 { throw ExitCode(1) }
    }

    private func importLocally(through publisher: AMQPEventPublisher) async throws -> ImportReport {
        let started = ContinuousClock.now
        do {
            return try await CSVImport(publisher: publisher).run(try FileChunks(path: file)) { report in
                let seconds = (ContinuousClock.now - started) / .seconds(1)
                FileHandle.standardError.write(Data("\(report.rowsRead) rows read, \(report.eventsPublished) events confirmed (\(Int(Double(report.rowsRead) / max(seconds, 0.001))) rows/s)\n".utf8))
            }
        } catch ImportFailure.rejectedFile(let problem) {
            Swift.print("the file cannot be imported: \(problem)")
            throw ExitCode(2)
        } catch ImportFailure.publishFailed(let report, let error) {
            Self.print(report)
            Swift.print("stopped: \(error); import the same file again (event ids are derived from the rows, nothing doubles)")
            throw ExitCode(3)
        }
    }

    static func print(_ report: ImportReport) {
        Swift.print("rows read \(report.rowsRead), accepted \(report.rowsAccepted), rejected \(report.rowsRejected), events published \(report.eventsPublished)")
        for problem in report.errors { Swift.print("error   \(problem)") }
        if report.errorsNotListed > 0 { Swift.print("… and \(report.errorsNotListed) more errors") }
        for problem in report.warnings { Swift.print("warning \(problem)") }
        if report.warningsNotListed > 0 { Swift.print("… and \(report.warningsNotListed) more warnings") }
    }
}

/// `mentorflow publish FILE.json`: one CloudEvent (or a JSON array of them).
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish a CloudEvent (or an array of them) from a JSON file; exits 1 when anything was rejected.")

    @OptionGroup var target: IngestClientOptions
    @OptionGroup var broker: BrokerOptions
    @Argument(help: "The JSON file.") var file: String

    func run() async throws {
        let body = try Data(contentsOf: URL(fileURLWithPath: file))
        let isBatch = body.first(where: { !$0.isASCIIWhitespace }) == UInt8(ascii: "[")
        if target.amqp {
            let results: [Result<CloudEvent, EventDecodingError>] = isBatch
                ? try EventCodec.decodeBatch(body).mapError { ValidationError("\(file): \($0)") }.get()
                : [EventCodec.decode(body)]
            let events = results.compactMap { try? $0.get() }
            for case .failure(let error) in results { print("rejected: \(error)") }
            try await broker.withConnection { connection in
                try await AMQPEventPublisher(connection: connection, exchange: target.eventsExchange).publish(events)
            }
            for event in events { print("published \(event.id) (\(event.type))") }
            if events.count != results.count { throw ExitCode(1) }
        } else {
            let (status, response) = try await target.post(
                path: "/v1/events", contentType: isBatch ? EventCodec.batchContentType : EventCodec.contentType, body: body)
            print(String(decoding: response, as: UTF8.self))
            if status != 202 { throw ExitCode(1) }
        }
    }
}

private extension UInt8 {
    var isASCIIWhitespace: Bool { self == 0x20 || self == 0x0A || self == 0x0D || self == 0x09 }
}
