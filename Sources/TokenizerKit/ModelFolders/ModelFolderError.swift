import Foundation

/// What can go wrong when loading a model folder, each naming the file (and JSON path) to fix.
public enum ModelFolderError: Error, Sendable, Equatable, LocalizedError, CustomStringConvertible {
    /// The folder does not exist or is not a directory.
    case notADirectory(path: String)
    /// The folder has no `tokenizer.json`, and no vocab.txt or vocab.json + merges.txt either.
    case missingTokenizerFile(folder: String)
    /// A file of the folder could not be read.
    case unreadableFile(path: String, reason: String)
    /// A file is not valid JSON, or a field has the wrong shape: `path` is the JSON path (`bos_token.content`).
    case invalidFile(file: String, path: String, message: String)
    /// The configuration names remote code (`auto_map`), which transformers only runs with
    /// `trust_remote_code=True`; AutoTokenizer refuses the folder without it, and so does TokenizerKit.
    case requiresRemoteCode(folder: String, className: String)
    /// The configuration names a tokenizer class that builds its vocabulary from files other than
    /// tokenizer.json (SentencePiece models, say), so the folder's tokenizer.json does not say how it encodes.
    case unsupportedTokenizerClass(folder: String, className: String, reason: String)
    /// The folder's tokenizer.json failed to load.
    case invalidTokenizer(TokenizerError)

    /// A one-line message for people: what went wrong and where.
    public var description: String {
        switch self {
        case let .notADirectory(path): "\(path): not a directory"
        case let .missingTokenizerFile(folder): "\(folder): no tokenizer.json in this folder, nor a SentencePiece model (tokenizer.model, spiece.model, …), vocab.txt, or vocab.json with merges.txt"
        case let .unreadableFile(path, reason): "\(path): cannot read: \(reason)"
        case let .invalidFile(file, path, message): path.isEmpty ? "\(file): \(message)" : "\(file): \(path): \(message)"
        case let .requiresRemoteCode(folder, className):
            "\(folder)/tokenizer_config.json: auto_map names remote code (\(className)), which transformers' AutoTokenizer refuses without trust_remote_code; load \(folder)/tokenizer.json on its own instead"
        case let .unsupportedTokenizerClass(folder, className, reason):
            "\(folder)/tokenizer_config.json: tokenizer_class \(className) is not supported: \(reason)"
        case let .invalidTokenizer(error): error.description
        }
    }

    public var errorDescription: String? { description }
}
