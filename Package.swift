// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "TokenizerKit",
    // The floors of the standard library and Foundation APIs the code uses (`firstRange(of:)` is the newest).
    platforms: [.macOS(.v13), .iOS(.v16), .tvOS(.v16), .watchOS(.v9), .visionOS(.v1), .macCatalyst(.v16)],
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
        // On Apple platforms the same functions come from the system's libicucore (no headers there: the
        // shim declares what it calls, Sources/CICU/ICUDeclarations.h).
        .target(
            name: "CICU",
            linkerSettings: [
                .linkedLibrary("icui18n", .when(platforms: [.linux, .android])),
                .linkedLibrary("icuuc", .when(platforms: [.linux, .android])),
                .linkedLibrary("icudata", .when(platforms: [.linux, .android])),
                .linkedLibrary("icucore", .when(platforms: [.macOS, .iOS, .tvOS, .watchOS, .visionOS, .macCatalyst])),
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
            dependencies: ["CICU", "CMemoryHints"],
            // The built-in vocabulary of `Tokenizer.default()`, shipped with every program that links the library.
            resources: [.copy("Resources/tokenizerkit-default.json")]
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
