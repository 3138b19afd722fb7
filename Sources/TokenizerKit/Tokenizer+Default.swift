import Foundation

extension Tokenizer {
    /// The file name of the built-in vocabulary (`Vocab/tokenizerkit-default.json`).
    public static let defaultVocabularyFileName = "tokenizerkit-default.json"

    /// The built-in vocabulary: a 32,000-token byte-level BPE this project trained with `tok train` on
    /// public-domain English (see `Vocab/README.md`).
    ///
    /// ```swift
    /// let tokenizer = try Tokenizer.default()
    /// ```
    ///
    /// It is looked up, in order: at `$TOKENIZERKIT_DEFAULT_VOCAB`; in `Vocab/` or `share/tokenizerkit/` in the
    /// directory of the running executable or up to four levels above it (a checkout's `.build/release/tok`,
    /// an installed `bin/tok` with `share/tokenizerkit/` beside `bin/`); in the checkout this library was built
    /// from; in `Vocab/` of the current directory.
    /// - Throws: `TokenizerError.unreadableFile` when it is nowhere to be found.
    public static func `default`() throws -> Tokenizer {
        let name = defaultVocabularyFileName
        var candidates: [String] = []
        if let path = ProcessInfo.processInfo.environment["TOKENIZERKIT_DEFAULT_VOCAB"] { candidates.append(path) }
        if let executable = CommandLine.arguments.first {
            var directory = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<5 {
                candidates.append(directory.appendingPathComponent("Vocab/\(name)").path)
                candidates.append(directory.appendingPathComponent("share/tokenizerkit/\(name)").path)
                directory = directory.deletingLastPathComponent()
            }
        }
        // Sources/TokenizerKit/Tokenizer+Default.swift → the checkout's root.
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(checkout.appendingPathComponent("Vocab/\(name)").path)
        candidates.append(FileManager.default.currentDirectoryPath + "/Vocab/" + name)
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw TokenizerError.unreadableFile(path: "Vocab/\(name)",
                                                reason: "the built-in vocabulary was not found; set TOKENIZERKIT_DEFAULT_VOCAB")
        }
        return try Tokenizer(contentsOfFile: found)
    }
}
