// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "TokenizerKit",
    products: [
        .library(name: "TokenizerKit", targets: ["TokenizerKit"]),
        .executable(name: "tok", targets: ["tok"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // A compiled C shim over Debian's libicu-dev. Its public header uses only stdint types so that
        // Swift never sees ICU's own headers (they clash with Foundation's bundled ICU module).
        .target(
            name: "CICU",
            linkerSettings: [
                .linkedLibrary("icui18n"),
                .linkedLibrary("icuuc"),
                .linkedLibrary("icudata"),
            ]
        ),
        // Processor hints the hot paths use (a prefetch), which Swift has no spelling for.
        .target(name: "CMemoryHints"),
        // zlib's gzip reader for `tok encode` inputs ending in .gz (Debian's zlib1g-dev).
        .target(
            name: "CZlib",
            linkerSettings: [.linkedLibrary("z")]
        ),
        .target(
            name: "TokenizerKit",
            dependencies: ["CICU", "CMemoryHints"]
        ),
        .executableTarget(
            name: "tok",
            dependencies: [
                "TokenizerKit",
                "CZlib",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "TokenizerKitTests",
            dependencies: ["TokenizerKit", "CICU"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
