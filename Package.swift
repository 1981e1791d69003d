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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
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
        .executableTarget(
            name: "MentorFlowCLI",
            dependencies: [
                "AMQP", "Codec", "Model", "CRabbitMQ",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/CLI",
            swiftSettings: strict
        ),
        .target(
            name: "TestSupport",
            dependencies: ["AMQP", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport",
            swiftSettings: strict
        ),
        .testTarget(name: "ModelTests", dependencies: ["Model"], path: "Tests/ModelTests", swiftSettings: strict),
        .testTarget(name: "CodecTests", dependencies: ["Codec", "Model"], path: "Tests/CodecTests", swiftSettings: strict),
        .testTarget(name: "AMQPTests", dependencies: ["AMQP", "TestSupport"], path: "Tests/AMQPTests", swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
