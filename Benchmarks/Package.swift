// swift-tools-version:6.0
// Benchmarks live in their own package so that CI's builds of TokenizerKit never compile them.
import PackageDescription

let package = Package(
    name: "TokenizerKitBenchmarks",
    dependencies: [
        // Named explicitly: a path dependency is otherwise named after its folder, which differs between clones.
        .package(name: "TokenizerKit", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "TokenizerBenchmarks",
            dependencies: [.product(name: "TokenizerKit", package: "TokenizerKit")]
        ),
    ]
)
