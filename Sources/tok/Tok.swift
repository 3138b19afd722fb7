import ArgumentParser
import Foundation
import TokenizerKit

@main
struct Tok: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tok",
        abstract: "Tokenize text with Hugging Face tokenizer.json files, exactly as the reference library does.",
        subcommands: [Encode.self, Decode.self, Train.self, Info.self, Merge.self, Chat.self],
        defaultSubcommand: nil
    )

    /// Runs the command line. A reader that goes away (`tok encode … | head`) ends tok at once and quietly,
    /// by SIGPIPE, as it ends other tools: the default action is restored first, since a parent that
    /// ignores SIGPIPE (test harnesses, some shells and runtimes) passes that on, and tok would then write
    /// on to a closed pipe and fail with "Broken pipe".
    static func main() {
        signal(SIGPIPE, SIG_DFL)
        main(nil)
    }
}

/// Options shared by every subcommand that loads a tokenizer.
struct TokenizerOptions: ParsableArguments {
    @Option(name: [.short, .customLong("tokenizer")],
            help: "The tokenizer.json, or a model folder (loaded as transformers' AutoTokenizer does), to use (default: the built-in vocabulary).")
    var tokenizer: String?

    func load() throws -> Tokenizer {
        let loaded = try tokenizer.map { try Tokenizer.loading(contentsOfFileOrDirectory: $0) } ?? DefaultVocabulary.load()
        keptUntilExit.append(loaded)
        return loaded
    }
}

/// Every tokenizer a command loads, kept until the process exits: freeing a vocabulary's tables when the
/// command returns is work that exiting does for nothing (o200k: 80 M instructions, callgrind).
nonisolated(unsafe) private var keptUntilExit: [Tokenizer] = []

/// The built-in default vocabulary (`Tokenizer.default()`: `$TOKENIZERKIT_DEFAULT_VOCAB`, the package's
/// resource bundle beside the binary, `share/tokenizerkit/` of an installation, the checkout it was built in).
enum DefaultVocabulary {
    static func load() throws -> Tokenizer {
        do {
            return try Tokenizer.default()
        } catch TokenizerError.unreadableFile {
            throw ValidationError("no tokenizer given (-t) and the built-in vocabulary \(Tokenizer.defaultVocabularyFileName) was not found (the resource bundle TokenizerKit_TokenizerKit.resources beside tok, share/tokenizerkit/, or the checkout); set TOKENIZERKIT_DEFAULT_VOCAB")
        }
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
    if let e = error as? ModelFolderError { return CommandFailure(e.description) }
    return CommandFailure("\(error)")
}
