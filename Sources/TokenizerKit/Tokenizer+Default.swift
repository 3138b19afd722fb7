import Foundation

extension Tokenizer {
    /// The file name of the built-in vocabulary, a resource of this package
    /// (`Sources/TokenizerKit/Resources/tokenizerkit-default.json`).
    public static let defaultVocabularyFileName = "tokenizerkit-default.json"

    /// The built-in vocabulary: a 32,000-token byte-level BPE this project trained with `tok train` on
    /// public-domain English (see `Vocab/README.md`).
    ///
    /// ```swift
    /// let tokenizer = try Tokenizer.default()
    /// ```
    ///
    /// The file is a resource of the `TokenizerKit` target, so it ships with any program that depends on the
    /// package. It is looked up, in order: at `$TOKENIZERKIT_DEFAULT_VOCAB`; in the package's resource bundle
    /// (`TokenizerKit_TokenizerKit.resources` beside the executable on Linux, `TokenizerKit_TokenizerKit.bundle`
    /// in the app's resources or beside the executable on Apple platforms); in `share/tokenizerkit/` of an
    /// installation (`bin/tok` with `share/` beside `bin/`); in the checkout this library was built from.
    /// - Throws: `TokenizerError.unreadableFile` when it is nowhere to be found.
    public static func `default`() throws -> Tokenizer {
        guard let path = defaultVocabularyPath() else {
            throw TokenizerError.unreadableFile(
                path: defaultVocabularyFileName,
                reason: "the built-in vocabulary was not found (in the package's resource bundle, share/tokenizerkit/ or the checkout); set TOKENIZERKIT_DEFAULT_VOCAB")
        }
        return try Tokenizer(contentsOfFile: path)
    }

    /// Where `default()` finds the built-in vocabulary, or nil.
    ///
    /// SwiftPM's generated `Bundle.module` is not used: it stops the program (`fatalError`) when the bundle
    /// is missing, e.g. beside an executable copied elsewhere; here a missing file is an error the caller sees.
    public static func defaultVocabularyPath() -> String? {
        let name = defaultVocabularyFileName
        let fileManager = FileManager.default
        if let path = ProcessInfo.processInfo.environment["TOKENIZERKIT_DEFAULT_VOCAB"] {
            return fileManager.fileExists(atPath: path) ? path : nil
        }
        var directories: [URL] = []
        if let resources = Bundle.main.resourceURL { directories.append(resources) }
        directories.append(Bundle.main.bundleURL)
        if let executable = CommandLine.arguments.first, !executable.isEmpty {
            directories.append(URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        var candidates: [URL] = []
        for directory in directories {
            // The resource bundle SwiftPM builds for this target: a plain directory on Linux, a bundle whose
            // files sit in Contents/Resources (macOS) or at its top (iOS and the other platforms).
            for bundle in ["TokenizerKit_TokenizerKit.resources", "TokenizerKit_TokenizerKit.bundle"] {
                let root = directory.appendingPathComponent(bundle)
                candidates.append(root.appendingPathComponent(name))
                candidates.append(root.appendingPathComponent("Contents/Resources/\(name)"))
            }
            candidates.append(directory.appendingPathComponent("../share/tokenizerkit/\(name)"))
        }
        // Sources/TokenizerKit/Tokenizer+Default.swift → Sources/TokenizerKit/Resources/ of the checkout.
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/\(name)"))
        return candidates.map(\.standardizedFileURL.path).first(where: { fileManager.fileExists(atPath: $0) })
    }
}
