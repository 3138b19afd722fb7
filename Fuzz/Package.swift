// swift-tools-version:6.0
// Fuzz targets live in their own package so that CI's builds of TokenizerKit never compile them.
// Each executable target hands its test function to libFuzzer's `LLVMFuzzerRunDriver` from top-level code;
// scripts/fuzz.sh builds them with `-sanitize=fuzzer,address` and runs them.
import PackageDescription

let package = Package(
    name: "TokenizerKitFuzz",
    dependencies: [
        // Named explicitly: a path dependency is otherwise named after its folder, which differs between clones.
        .package(name: "TokenizerKit", path: ".."),
    ],
    targets: [
        .target(name: "CFuzzerDriver"),
        // tok's gzip reader shim (Sources/CZlib, linked here file by file; target names must differ between
        // the two packages, so ByteSource.swift imports this one as CFuzzZlib) and a gzip writer for test inputs.
        .target(name: "CFuzzZlib", linkerSettings: [.linkedLibrary("z")]),
        .target(name: "CFuzzGzip", linkerSettings: [.linkedLibrary("z")]),
        .target(name: "FuzzSupport", dependencies: ["CFuzzerDriver", .product(name: "TokenizerKit", package: "TokenizerKit")]),
        .executableTarget(name: "FuzzTokenizerJSON", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzEncode", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzDecode", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzFormats", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzChatTemplate", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzTokInput", dependencies: ["FuzzSupport", "CFuzzZlib", "CFuzzGzip"]),
    ]
)
