import ArgumentParser
import Foundation
import TokenizerKit

@main
struct Tok: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tok",
        abstract: "Tokenize text with Hugging Face tokenizer.json files, exactly as the reference library does.",
        subcommands: [Encode.self, Decode.self, Train.self, Info.self, Merge.self],
        defaultSubcommand: nil
    )
}

/// Options shared by every subcommand that loads a tokenizer.
struct TokenizerOptions: ParsableArguments {
    @Option(name: [.short, .customLong("tokenizer")], help: "The tokenizer.json to use (default: the built-in vocabulary).")
    var tokenizer: String?

    func load() throws -> Tokenizer {
        if let tokenizer { return try Tokenizer(contentsOfFile: tokenizer) }
        return try DefaultVocabulary.load()
    }
}

/// Where the built-in default vocabulary lives.
enum DefaultVocabulary {
    static let fileName = "tokenizerkit-default.json"

    /// `$TOKENIZERKIT_DEFAULT_VOCAB`, then `Vocab/` of the checkout the binary was built in
    /// (`.build/<config>/tok` → `Vocab/`), then `../share/tokenizerkit/` beside an installed binary.
    static func load() throws -> Tokenizer {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["TOKENIZERKIT_DEFAULT_VOCAB"] { candidates.append(env) }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(directory.appendingPathComponent("Vocab").appendingPathComponent(fileName).path)
            candidates.append(directory.appendingPathComponent("share/tokenizerkit").appendingPathComponent(fileName).path)
            directory = directory.deletingLastPathComponent()
        }
        candidates.append(FileManager.default.currentDirectoryPath + "/Vocab/" + fileName)
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            return try Tokenizer(contentsOfFile: path)
        }
        throw ValidationError("no tokenizer given (-t) and the built-in vocabulary Vocab/\(fileName) was not found; set TOKENIZERKIT_DEFAULT_VOCAB")
    }
}

/// A message for stderr and a non-zero exit.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func fail(_ error: Error) -> CommandFailure {
    if let e = error as? TokenizerError { return CommandFailure(e.description) }
    if let e = error as? CommandFailure { return e }
    return CommandFailure("\(error)")
}
