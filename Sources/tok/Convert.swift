import ArgumentParser
import Foundation
import TokenizerKit

/// `tok convert INPUT -o tokenizer.json`: any format tok reads, written as a tokenizer.json.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a tokenizer of any format tok reads as a tokenizer.json that the reference library loads.",
        discussion: """
            INPUT is a tokenizer.json, a tiktoken rank file, a Mistral tekken.json, a SentencePiece model, a \
            vocab.txt, a vocab.json (with merges.txt beside it) or a model folder. The pipeline written is the one \
            transformers' converter for the format builds. Where it cannot do exactly what the format's own \
            library does, tok names each difference on standard error (and with --strict fails instead of writing).
            """)

    @Argument(help: "The tokenizer to convert (file or model folder).")
    var input: String

    @Option(name: .shortAndLong, help: "The tokenizer.json to write (atomically; `-` for standard output).")
    var output: String

    @Flag(help: "Write compact JSON instead of indented.")
    var compact = false

    @Flag(help: "Fail, writing nothing, when the converted pipeline differs from the source format's library.")
    var strict = false

    @Option(help: ArgumentHelp("For a tiktoken file: how text is split, a pattern name or a regex (see tok encode --help).", valueName: "name|regex"))
    var pattern: String?

    @Option(help: ArgumentHelp("For a tiktoken file: the special tokens, `none`, `TOKEN=ID,…`, or a JSON file.", valueName: "none|list|file"))
    var specialTokens: String?

    func run() throws {
        do {
            var options = try TokenizerOptions.parse([])
            options.pattern = pattern
            options.specialTokens = specialTokens
            let tokenizer = try options.load(path: input)
            let differences = tokenizer.conversionDifferences
            for difference in differences {
                FileHandle.standardError.write(Data("tok convert: difference: \(difference)\n".utf8))
            }
            if strict && !differences.isEmpty {
                FileHandle.standardError.write(Data("tok convert: --strict: \(differences.count) difference(s); nothing written\n".utf8))
                throw ExitCode.failure
            }
            if output == "-" {
                var bytes = try tokenizer.jsonData(pretty: !compact)
                bytes.append(0x0A)
                FileHandle.standardOutput.write(Data(bytes))
            } else {
                try tokenizer.write(toFile: output, pretty: !compact)
            }
            let format = tokenizer.sourceFormat?.format ?? "tokenizer.json"
            FileHandle.standardError.write(Data("tok convert: wrote \(output) from \(format) (\(tokenizer.vocabularySize) tokens\(differences.isEmpty ? ", no differences" : ", \(differences.count) difference(s)"))\n".utf8))
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("tok convert: \(fail(error).description)\n".utf8))
            throw ExitCode.failure
        }
    }
}
