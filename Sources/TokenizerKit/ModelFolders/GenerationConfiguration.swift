import Foundation

/// What a model folder's `generation_config.json` says about tokens: the ids generation stops on.
///
/// ```swift
/// let stops = Set(folder.generation?.eosTokenIDs ?? [])
/// ```
public struct GenerationConfiguration: Sendable, Equatable {
    /// `eos_token_id`: one id or a list of them (empty when absent or null).
    public var eosTokenIDs: [UInt32]
    /// `bos_token_id`, when given.
    public var bosTokenID: UInt32?
    /// `pad_token_id`, when given (a list keeps its first id).
    public var padTokenID: UInt32?

    /// Reads the bytes of a `generation_config.json`; `source` names it in errors.
    public init(json bytes: [UInt8], source: String = "generation_config.json") throws {
        (eosTokenIDs, bosTokenID, padTokenID) = try ModelFolderJSON.reading(source) {
            let root = try JSONDocument(parsing: bytes, source: source).root
            guard root.kind == .object else { throw root.error("expected an object") }
            return (try Self.ids(root.at("eos_token_id")),
                    try Self.ids(root.at("bos_token_id")).first,
                    try Self.ids(root.at("pad_token_id")).first)
        }
    }

    /// An id, a list of ids, null or missing.
    private static func ids(_ value: JSONValue) throws -> [UInt32] {
        if value.missingKey != nil || value.isNull { return [] }
        if value.kind == .array { return try value.arrayElements().map { try $0.uint32() } }
        return [try value.uint32()]
    }
}
