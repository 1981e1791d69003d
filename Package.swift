// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "MentorFlow",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mentorflow", targets: ["MentorFlowCLI"]),
        .executable(name: "mentorflow-bench", targets: ["MentorFlowBench"]),
        .executable(name: "mentorflow-ingest", targets: ["IngestService"]),
        .executable(name: "mentorflow-sentiment", targets: ["SentimentService"]),
        .executable(name: "mentorflow-insights", targets: ["InsightsService"]),
        .executable(name: "mentorflow-summary", targets: ["SummaryService"]),
        .library(name: "SentimentAnalysis", targets: ["SentimentAnalysis"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.1.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        // Test-only (TestSupport's HTTP probe); both are already built for HummingbirdTesting.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.30.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CRabbitMQ",
            path: "Shared/CRabbitMQ",
            pkgConfig: "librabbitmq",
            providers: [.apt(["librabbitmq-dev"])]
        ),
        .target(
            name: "AMQP",
            dependencies: [
                "CRabbitMQ",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            path: "Shared/AMQP",
            swiftSettings: strict
        ),
        .target(name: "Model", path: "Shared/Model", swiftSettings: strict),
        .target(
            name: "Codec",
            dependencies: ["Model"],
            path: "Shared/Codec",
            resources: [.copy("asyncapi.yaml")],
            swiftSettings: strict
        ),
        .target(
            name: "EventHandling",
            dependencies: [
                "Codec", "Model",
                .product(name: "Logging", package: "swift-log"),
                // SHA-1 for the name-based ids of `DeterministicID`.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Shared/EventHandling",
            swiftSettings: strict
        ),
        .target(
            name: "ServiceKit",
            dependencies: [
                "AMQP", "Codec", "EventHandling", "Model", "SQLiteStorage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Shared/ServiceKit",
            swiftSettings: strict
        ),
        .target(
            name: "IngestCore",
            dependencies: ["Codec", "EventHandling", "Model", .product(name: "Crypto", package: "swift-crypto")],
            path: "Services/Ingest/Core",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "IngestService",
            dependencies: [
                "AMQP", "Codec", "IngestCore", "ServiceKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/Ingest/Service",
            swiftSettings: strict
        ),
        .target(
            name: "SentimentAnalysis",
            dependencies: ["Model"],
            path: "Services/Sentiment/Analyzer",
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        // The handler over the analyser: broker-free like every service core, and apart from
        // SentimentAnalysis so that library (used by the CLI and insights) does not link EventHandling.
        .target(
            name: "SentimentCore",
            dependencies: ["SentimentAnalysis", "EventHandling", "Codec", "Model"],
            path: "Services/Sentiment/Core",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "SentimentService",
            dependencies: ["SentimentCore", "SentimentAnalysis", "ServiceKit", "Codec", "Model"],
            path: "Services/Sentiment/Service",
            swiftSettings: strict
        ),
        .target(
            name: "InsightsCore",
            dependencies: [
                // ServiceKit for the outbox (GRDBOutbox) its store writes flag changes into.
                "Model", "Codec", "EventHandling", "ServiceKit", "SQLiteStorage", "SentimentAnalysis", "IngestCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/Insights/Core",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "InsightsService",
            dependencies: [
                "InsightsCore", "InsightsWeb", "ServiceKit", "Codec", "Model", "AMQP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Services/Insights/Service",
            swiftSettings: strict
        ),
        .target(
            name: "InsightsWeb",
            dependencies: [
                "InsightsCore", "Codec", "Model", "ServiceKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/Insights/Web",
            resources: [.copy("Templates"), .copy("Assets")],
            swiftSettings: strict
        ),
        .target(
            name: "SummaryCore",
            dependencies: ["Model", "Codec", "EventHandling", "SQLiteStorage", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Services/Summary/Core",
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "SummaryService",
            dependencies: ["SummaryCore", "ServiceKit", "Codec", "Model"],
            path: "Services/Summary/Service",
            swiftSettings: strict
        ),
        // Every service's declared contract (what it handles and publishes) in one list, over the
        // services' core libraries only: the CLI and the tests read it without the executables.
        .target(
            name: "SystemContracts",
            dependencies: ["Model", "IngestCore", "SentimentCore", "SummaryCore", "InsightsCore"],
            path: "Shared/SystemContracts",
            swiftSettings: strict
        ),
        .target(
            name: "CLISupport",
            dependencies: [
                "AMQP", "SentimentAnalysis",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Shared/CLISupport",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "MentorFlowCLI",
            dependencies: [
                "AMQP", "Codec", "Model", "ServiceKit", "IngestCore", "SentimentAnalysis", "SummaryCore", "InsightsCore", "InsightsWeb", "CLISupport",
                "SystemContracts",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Services/CLI",
            swiftSettings: strict
        ),
        // The benchmarks, apart from the product CLI; no web layer (InsightsWeb) linked.
        .executableTarget(
            name: "MentorFlowBench",
            dependencies: [
                "AMQP", "CRabbitMQ", "Codec", "Model", "ServiceKit", "IngestCore", "SentimentAnalysis", "SummaryCore", "InsightsCore", "CLISupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/Bench",
            swiftSettings: strict
        ),
        // The SQLite pieces every store shares (durable opening, the inbox table, a queue for blocking work), over GRDB only.
        .target(
            name: "SQLiteStorage",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")],
            path: "Shared/SQLiteStorage",
            swiftSettings: strict
        ),
        .target(
            name: "MentorFlowTesting",
            dependencies: ["AMQP", "Codec", "EventHandling", "Model", "ServiceKit", "TestSupport"],
            path: "Shared/MentorFlowTesting",
            swiftSettings: strict
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "AMQP", .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: strict
        ),
        .testTarget(name: "ModelTests", dependencies: ["Model"], path: "Tests/ModelTests", swiftSettings: strict),
        // SystemContracts: the AsyncAPI operations and the README's event table are checked against the declared contracts.
        .testTarget(
            name: "CodecTests", dependencies: ["Codec", "Model", "SystemContracts", "TestSupport", "MentorFlowTesting"], path: "Tests/CodecTests",
            swiftSettings: strict),
        .executableTarget(
            name: "ProbeService",
            dependencies: ["ServiceKit", "Codec", "Model"],
            path: "Tests/ProbeService",
            swiftSettings: strict
        ),
        .testTarget(
            name: "ServiceKitTests",
            dependencies: [
                "ServiceKit", "MentorFlowTesting", "TestSupport", "ProbeService",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Tests/ServiceKitTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "CLITests",
            // The executables are run as processes (listed so that they are built).
            dependencies: ["ServiceKit", "TestSupport", "MentorFlowCLI", "MentorFlowBench"],
            path: "Tests/CLITests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "IngestTests",
            dependencies: ["IngestCore", "Codec", "Model", "ServiceKit", "TestSupport", "IngestService"],
            path: "Tests/IngestTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "IngestServiceTests",
            dependencies: ["IngestCore", "Codec", "Model", "ServiceKit", "AMQP", "TestSupport", "MentorFlowTesting", "IngestService", "MentorFlowCLI"],
            path: "Tests/IngestServiceTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "InsightsWebTests",
            dependencies: [
                "InsightsWeb", "InsightsCore", "SentimentAnalysis", "ServiceKit", "TestSupport", "MentorFlowTesting", "AMQP", "Codec", "Model",
                // Run as processes by DashboardBrowserTests (listed so that they are built).
                "InsightsService", "IngestService", "SentimentService", "MentorFlowCLI",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Tests/InsightsWebTests",
            exclude: ["Browser"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EventIDTests",
            dependencies: ["ServiceKit", "EventHandling", "IngestCore", "InsightsCore", "SummaryCore", "SentimentAnalysis", "Codec", "Model"],
            path: "Tests/EventIDTests",
            swiftSettings: strict
        ),
        .testTarget(name: "AMQPTests", dependencies: ["AMQP", "TestSupport"], path: "Tests/AMQPTests", swiftSettings: strict),
        .testTarget(
            name: "SentimentTests",
            dependencies: ["SentimentAnalysis", "Model", "TestSupport"],
            path: "Tests/SentimentTests",
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SentimentServiceTests",
            dependencies: ["SentimentService", "SentimentAnalysis", "ServiceKit", "Codec", "Model", "AMQP", "TestSupport", "MentorFlowTesting"],
            path: "Tests/SentimentServiceTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "InsightsTests",
            dependencies: [
                "InsightsCore", "IngestCore", "SentimentAnalysis", "Codec", "Model", "ServiceKit", "TestSupport", "MentorFlowTesting", "MentorFlowCLI",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Tests/InsightsTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "InsightsServiceTests",
            dependencies: [
                "InsightsCore", "Codec", "Model", "ServiceKit", "AMQP", "TestSupport", "MentorFlowTesting", "InsightsService",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Tests/InsightsServiceTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "SummaryTests",
            dependencies: ["SummaryCore", "Model", "Codec", "ServiceKit", "TestSupport", "MentorFlowTesting", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/SummaryTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "UpgradeTests",
            dependencies: ["ServiceKit", "SummaryCore", "InsightsCore", "Model"],
            path: "Tests/UpgradeTests",
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SummaryServiceTests",
            dependencies: ["SummaryService", "SummaryCore", "ServiceKit", "Codec", "Model", "AMQP", "TestSupport", "MentorFlowTesting"],
            path: "Tests/SummaryServiceTests",
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
