import Foundation
import Testing
import TokenizerKit

/// TokenizerKit as other programs get it: a package that depends on a tagged clone of this repository by
/// version (`from:`), builds, and runs with the built-in vocabulary from the package's resources.
///
/// The clone is of the commit checked out (HEAD): uncommitted changes are not part of what it builds.
@Suite(.serialized)
struct PackageDependencyTests {
    @Test func aPackageDependingOnATaggedVersionBuildsAndRuns() throws {
        let expected = try Tokenizer.default().encode("Hello world, this is TokenizerKit.").ids
        try withTemporaryDirectory { directory in
            // A clone tagged 1.0.0, named TokenizerKit (the package's identity comes from its URL's last part).
            let clone = directory.appendingPathComponent("TokenizerKit")
            try Self.run("git", ["clone", "--quiet", RepositoryPaths.root.path, clone.path], in: directory)
            try Self.run("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", "tag", "1.0.0"], in: clone)

            let app = directory.appendingPathComponent("app")
            let sources = app.appendingPathComponent("Sources/app")
            try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
            try """
            // swift-tools-version:6.0
            import PackageDescription

            let package = Package(
                name: "app",
                platforms: [.macOS(.v13)],
                dependencies: [.package(url: "\(clone.absoluteString)", from: "1.0.0")],
                targets: [.executableTarget(name: "app", dependencies: [.product(name: "TokenizerKit", package: "TokenizerKit")])]
            )
            """.write(to: app.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
            try """
            import TokenizerKit

            let tokenizer = try Tokenizer.default()
            print(try tokenizer.encode("Hello world, this is TokenizerKit.").ids.map(String.init).joined(separator: " "))
            """.write(to: sources.appendingPathComponent("main.swift"), atomically: true, encoding: .utf8)
            try Self.run("swift", ["build", "--package-path", app.path], in: directory)

            // The executable and its resource bundle, moved away from the build and with the dependency's
            // checkout gone: the vocabulary must come from the bundle beside the executable.
            let built = app.appendingPathComponent(".build/debug")
            let deployed = directory.appendingPathComponent("deployed")
            try FileManager.default.createDirectory(at: deployed, withIntermediateDirectories: true)
            let bundles = try FileManager.default.contentsOfDirectory(atPath: built.path)
                .filter { $0.hasPrefix("TokenizerKit_TokenizerKit.") }
            #expect(!bundles.isEmpty, "no TokenizerKit resource bundle in \(built.path)")
            for name in ["app"] + bundles {
                try FileManager.default.copyItem(at: built.appendingPathComponent(name), to: deployed.appendingPathComponent(name))
            }
            try FileManager.default.removeItem(at: app)
            try FileManager.default.removeItem(at: clone)

            let output = try Self.run(deployed.appendingPathComponent("app").path, [], in: directory)
            #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == expected.map(String.init).joined(separator: " "))
        }
    }

    /// Runs a program (looked up in PATH when not a path) and returns its standard output; a non-zero exit
    /// throws with its standard error.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], in directory: URL) throws -> String {
        let process = Process()
        if program.hasPrefix("/") {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [program] + arguments
        }
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "TOKENIZERKIT_DEFAULT_VOCAB")
        process.environment = environment
        let out = directory.appendingPathComponent("run-\(UUID().uuidString).out")
        let err = directory.appendingPathComponent("run-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out)
        let errHandle = try FileHandle(forWritingTo: err)
        defer { try? outHandle.close(); try? errHandle.close() }
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: try Data(contentsOf: out), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            let message = String(decoding: try Data(contentsOf: err), as: UTF8.self)
            throw FixtureError("\(program) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus): \(message.suffix(2000))")
        }
        return output
    }
}
