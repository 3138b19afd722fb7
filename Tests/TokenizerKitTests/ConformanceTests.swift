import Foundation
import Testing

/// The shared conformance check (`../shared/tools/conformance.py`): the release `tok` against the reference
/// library on every corpus file, for the tokenizers held to 100%.
///
/// Needs `../shared` beside the repository, python3 with `tokenizers==0.23.3`, and the release `tok`
/// (`swift build -c release --product tok`, or the one `swift test -c release` builds, as `scripts/test.sh` does). Without them the test is
/// skipped, except under CI (`CI=true`), where a missing prerequisite is a failure.
@Suite struct ConformanceTests {
    /// The tokenizers of `../shared/vocab` that must match the reference on every line.
    static let heldTo100Percent = [
        // byte-level BPE
        "gpt2", "roberta-base", "cl100k-base", "o200k-base", "phi-2", "falcon", "llama3-style-tiny-torchtune",
        "qwen2-style-tiny-torchtune", "claude-v1-anthropic-sdk", "cohere", "whisper-tiny", "whisper-large-v3", "clip",
        // SentencePiece-style BPE, other BPE
        "llama", "phi-3-mini", "chatglm", "gemma-style-cropped-torchtune", "quicktour-wiki-bpe",
        // WordPiece, Unigram
        "bert-base-uncased", "quicktour-wiki-wordpiece", "all-minilm-l6-v2", "all-minilm-l6-v2-padvariant",
        "t5-small", "marian-nmt",
    ]

    @Test(.enabled(if: ConformanceEnvironment.shouldRun, ConformanceEnvironment.skipReason),
          .timeLimit(.minutes(30)),
          arguments: [false, true])
    func matchesTheReferenceOnTheSharedCorpus(addingSpecialTokens: Bool) throws {
        let environment = ConformanceEnvironment.current
        if let problem = environment.problem {
            Issue.record("conformance cannot run under CI: \(problem)")
            return
        }
        var arguments = [environment.script.path, "--tok", environment.tok!.path,
                         "--only", Self.heldTo100Percent.joined(separator: ",")]
        if addingSpecialTokens { arguments.append("--add-special-tokens") }
        // Under CI 100 lines of each corpus file (about 510,000 lines per mode across the tokenizers), to keep
        // CI within its time; elsewhere the script's default of 300 (1.5 million lines per mode, about 10
        // minutes each on 2 cores), or as many as $TOKENIZERKIT_CONFORMANCE_LINES says.
        if let lines = ProcessInfo.processInfo.environment["TOKENIZERKIT_CONFORMANCE_LINES"] ?? (ConformanceEnvironment.isCI ? "100" : nil) {
            arguments += ["--lines", lines]
        }
        let result = try ConformanceEnvironment.run("python3", arguments)
        let label = addingSpecialTokens ? "conformance --add-special-tokens" : "conformance"
        print("\(label):\n\(result.output)")
        #expect(result.status == 0, "\(label) failed (exit \(result.status)):\n\(result.output)")
        // Every listed tokenizer was compared (a name missing from ../shared/vocab would silently drop out),
        // and none was skipped (the script skips what the reference cannot load, and still exits 0).
        for name in Self.heldTo100Percent {
            #expect(result.output.contains("\(name) "), "\(label): no row for \(name)")
        }
        let skipped = result.output.split(separator: "\n").filter { $0.contains(" skipped") }
        #expect(skipped.isEmpty, "\(label): rows skipped instead of compared:\n\(skipped.joined(separator: "\n"))")
    }
}

/// What the conformance check needs, found once.
struct ConformanceEnvironment: Sendable {
    let shared: URL
    let script: URL
    let tok: URL?
    /// Why the check cannot run, or nil.
    let problem: String?

    static let current = ConformanceEnvironment()

    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// Runs when everything is there, and always under CI (where a missing piece fails the test).
    static var shouldRun: Bool { isCI || current.problem == nil }

    static var skipReason: Comment {
        "conformance skipped: \(current.problem ?? "")"
    }

    private init() {
        shared = RepositoryPaths.root.deletingLastPathComponent().appendingPathComponent("shared")
        script = shared.appendingPathComponent("tools/conformance.py")
        tok = Self.releaseTok()
        if !FileManager.default.fileExists(atPath: script.path) {
            problem = "\(script.path) not found (../shared beside the repository)"
        } else if let version = Self.referenceVersion(), version != Self.referenceVersionRequired {
            problem = version.isEmpty ? "python3 cannot import tokenizers (pip install tokenizers==\(Self.referenceVersionRequired))"
                : "python3's tokenizers is \(version), not the reference \(Self.referenceVersionRequired) (pip install tokenizers==\(Self.referenceVersionRequired))"
        } else if tok == nil {
            problem = "no release tok in this build directory: run `swift test -c release` (scripts/test.sh), or set TOKENIZERKIT_RELEASE_TOK"
        } else {
            problem = nil
        }
    }

    /// The reference the conformance checks compare with.
    static let referenceVersionRequired = "0.23.3"

    /// The version of python3's `tokenizers`, or "" when it cannot be imported.
    static func referenceVersion() -> String? {
        guard let result = try? run("python3", ["-c", "import tokenizers; print(tokenizers.__version__)"]) else { return "" }
        return result.status == 0 ? result.output.trimmingCharacters(in: .whitespacesAndNewlines) : ""
    }

    /// `$TOKENIZERKIT_RELEASE_TOK`, else the release `tok` of this build directory (the one `swift test -c
    /// release` built with these tests; never a `tok` left in another build directory).
    private static func releaseTok() -> URL? {
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["TOKENIZERKIT_RELEASE_TOK"] {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        // The test bundle sits in <scratch>/<triple>/debug or /release; the release products in <scratch>/<triple>/release.
        let debug = Bundle.module.bundleURL.deletingLastPathComponent()
        candidates.append(debug.deletingLastPathComponent().appendingPathComponent("release/tok"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs a program found on PATH; standard output and error together, through a file.
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try withTemporaryDirectory { directory in
            let log = directory.appendingPathComponent("output")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            defer { try? handle.close() }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [program] + arguments
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: try Data(contentsOf: log), as: UTF8.self))
        }
    }
}
