/// A special token of a model folder and its id in the folder's tokenizer.
public struct SpecialToken: Sendable, Equatable {
    /// The token's text.
    public var content: String
    /// Its id (as transformers' `convert_tokens_to_ids`: the unknown token's id for a token outside the
    /// vocabulary, nil when there is no unknown token either).
    public var id: UInt32?

    public init(content: String, id: UInt32?) {
        self.content = content
        self.id = id
    }
}

/// The named special tokens of a model folder, as transformers' tokenizer reports them
/// (`tokenizer.bos_token`, `tokenizer.bos_token_id`, …).
///
/// ```swift
/// let folder = try ModelFolder(path: "Llama-3.2-1B")
/// if let eos = folder.specialTokens.eos { print(eos.content, eos.id ?? -1) }
/// ```
public struct SpecialTokens: Sendable, Equatable {
    /// The beginning-of-sequence token (`bos_token`).
    public var bos: SpecialToken?
    /// The end-of-sequence token (`eos_token`).
    public var eos: SpecialToken?
    /// The unknown token (`unk_token`).
    public var unknown: SpecialToken?
    /// The separator token (`sep_token`).
    public var separator: SpecialToken?
    /// The padding token (`pad_token`).
    public var padding: SpecialToken?
    /// The classifier token (`cls_token`).
    public var classifier: SpecialToken?
    /// The mask token (`mask_token`).
    public var mask: SpecialToken?
    /// Other named special tokens (`image_token`, an `extra_special_tokens` dictionary), by name.
    public var modelSpecific: [String: SpecialToken] = [:]
    /// The listed special tokens (`extra_special_tokens` / `additional_special_tokens`), in order.
    public var additional: [SpecialToken] = []

    public init() {}

    /// The token for one of transformers' names: `"bos_token"`, …, `"mask_token"`, or a model-specific name.
    public subscript(name: String) -> SpecialToken? {
        switch name {
        case "bos_token": bos
        case "eos_token": eos
        case "unk_token": unknown
        case "sep_token": separator
        case "pad_token": padding
        case "cls_token": classifier
        case "mask_token": mask
        default: modelSpecific[name]
        }
    }

    mutating func set(_ token: SpecialToken?, named name: String) {
        switch name {
        case "bos_token": bos = token
        case "eos_token": eos = token
        case "unk_token": unknown = token
        case "sep_token": separator = token
        case "pad_token": padding = token
        case "cls_token": classifier = token
        case "mask_token": mask = token
        default: modelSpecific[name] = token
        }
    }
}
