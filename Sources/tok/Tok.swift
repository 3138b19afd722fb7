import ArgumentParser
import Foundation
import TokenizerKit

@main
struct Tok: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tok",
        abstract: "Tokenize text with Hugging Face tokenizer.json files, exactly as the reference library does.",
        subcommands: [Encode.self, Decode.self, Train.self, Info.self, Convert.self, Merge.self, Chat.self],
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
            help: "The tokenizer.json, a tiktoken rank file (.tiktoken, tiktoken.model), a Mistral tekken.json, a BERT vocab.txt, a GPT-2 vocab.json (merges.txt beside it), or a model folder (loaded as transformers' AutoTokenizer does), to use (default: the built-in vocabulary).")
    var tokenizer: String?

    @Option(help: ArgumentHelp("For a tiktoken file: how text is split, one of \(TiktokenPattern.names.joined(separator: ", ")) or a regex as tiktoken's pat_str (default: the recognised encoding's).",
                               valueName: "name|regex"))
    var pattern: String?

    @Option(help: ArgumentHelp("For a tiktoken file: the special tokens, `none` (encode as tiktoken's encode_ordinary), `TOKEN=ID,…`, or a JSON file {\"TOKEN\": ID, …} (default: the recognised encoding's).",
                               valueName: "none|list|file"))
    var specialTokens: String?

    func load() throws -> Tokenizer {
        let loaded: Tokenizer
        if let tokenizer {
            loaded = try load(path: tokenizer)
        } else {
            guard pattern == nil, specialTokens == nil else { throw ValidationError("--pattern and --special-tokens need a tiktoken file (-t)") }
            loaded = try DefaultVocabulary.load()
        }
        keptUntilExit.append(loaded)
        return loaded
    }

    /// Loads `path` (any format, or a model folder) with these options.
    func load(path: String) throws -> Tokenizer {
        try Tokenizer.loading(contentsOfFileOrDirectory: path, pattern: pattern.map(TiktokenPattern.init(nameOrRegex:)),
                              specialTokens: try parsedSpecialTokens())
    }

    /// `--special-tokens`: none, TOKEN=ID,…, or a JSON object file.
    private func parsedSpecialTokens() throws -> TiktokenSpecialTokens {
        guard let value = specialTokens else { return .inferred }
        if value == "none" { return .none }
        if value.contains("="), !FileManager.default.fileExists(atPath: value) {
            var tokens: [String: UInt32] = [:]
            for item in value.split(separator: ",") {
                guard let equals = item.lastIndex(of: "="), let id = UInt32(item[item.index(after: equals)...]), equals != item.startIndex else {
                    throw ValidationError("--special-tokens: `\(item)` is not TOKEN=ID")
                }
                tokens[String(item[..<equals])] = id
            }
            return .tokens(tokens)
        }
        guard let data = FileManager.default.contents(atPath: value),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ValidationError("--special-tokens: `\(value)` is neither none, TOKEN=ID,… nor a readable JSON object file")
        }
        var tokens: [String: UInt32] = [:]
        for (key, id) in object {
            guard let number = id as? NSNumber, let id = UInt32(exactly: number.doubleValue) else {
                throw ValidationError("--special-tokens: \(value): the id of \(key) is not a number")
            }
            tokens[key] = id
        }
        return .tokens(tokens)
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

func fail(_ error: Error) -> CommandFailure {
    if let e = error as? TokenizerError { return CommandFailure(e.description) }
    if let e = error as? CommandFailure { return e }
    if let e = error as? ModelFolderError { return CommandFailure(e.description) }
    return CommandFailure("\(error)")
}
