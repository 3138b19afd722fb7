import Foundation
import Testing

/// Every code point against the reference (scripts/codepoint_conformance.py), sampled: each 97th Unicode scalar
/// value in three contexts, for one tokenizer per character-dependent component (BERT, falcon's Punctuation
/// and Digits, CLIP's ICU regex, Whitespace with NFD/StripAccents, Precompiled, the o200k scanner, a general-
/// category Split on ICU, UnicodeScripts, NFKC + Lowercase): ids, offsets and word ids must all match.
/// The full run (`--step 1`, 1,112,063 code points) is a command, outside CI.
@Suite struct CodepointConformanceTests {
    @Test(.enabled(if: ConformanceEnvironment.shouldRun, ConformanceEnvironment.skipReason), .timeLimit(.minutes(10)))
    func sampledCodePointsMatchTheReference() throws {
        if let problem = ConformanceEnvironment.current.problem {
            Issue.record("code point conformance cannot run under CI: \(problem)")
            return
        }
        let step = ProcessInfo.processInfo.environment["TOKENIZERKIT_CODEPOINT_STEP"] ?? "97"
        let result = try ConformanceEnvironment.run("python3", [
            RepositoryPaths.root.appendingPathComponent("scripts/codepoint_conformance.py").path,
            "--tok", try Tok.executable.path, "--step", step,
        ])
        print("code point conformance:\n\(result.output)")
        #expect(result.status == 0, "code points differ from the reference (exit \(result.status)):\n\(result.output)")
        #expect(result.output.contains("every code point: 9 of 9 tokenizers alike"), "not every tokenizer was compared")
    }
}
