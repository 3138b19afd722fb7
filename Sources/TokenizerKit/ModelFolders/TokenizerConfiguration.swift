import Foundation

/// The settings of a model folder's `tokenizer_config.json`, merged with `special_tokens_map.json` the way
/// transformers' `from_pretrained` merges them, as typed values.
///
/// Only what decides how the folder tokenizes is read; other keys are ignored, as transformers passes them
/// on to the tokenizer class unread.
struct TokenizerConfiguration: Sendable {
    /// `tokenizer_class` with any `Fast` suffix removed (transformers 5 has one class per tokenizer).
    var tokenizerClass: String?
    /// The class `auto_map` names for AutoTokenizer, when the folder ships its own code.
    var remoteClass: String?
    /// `bos_token` … `mask_token` as the configuration gives them (nil: not given; `.some(nil)`: null).
    var namedTokens: [String: AddedToken?] = [:]
    /// The order named tokens were given in (transformers keeps a dictionary in insertion order).
    var namedTokenOrder: [String] = []
    /// `additional_special_tokens` / `extra_special_tokens` given as a list.
    var extraSpecialTokens: [AddedToken] = []
    /// Other `*_token` keys and an `extra_special_tokens` dictionary: model-specific named tokens.
    var modelSpecificTokens: [(name: String, token: AddedToken)] = []
    /// `added_tokens_decoder`, by id; nil when the configuration has none (transformers then reads
    /// special_tokens_map.json and the tokenizer.json's `added_tokens` instead).
    var addedTokensDecoder: [(id: Int, token: AddedToken)]?
    var cleanUpTokenizationSpaces = false
    var cleanUpForBPE = false
    /// `model_max_length`, nil when absent or as large as transformers' "no limit" (1e30).
    var modelMaximumLength: Int?
    var addBOSToken: Bool?
    var addEOSToken: Bool?
    /// `chat_template`: one template, or named ones (`[{"name", "template"}]` or a dictionary).
    var chatTemplates: [(name: String, source: String)] = []
    // Class parameters the rebuilt pipelines read.
    var doLowerCase: Bool?
    var stripAccents: Bool?
    var tokenizeChineseChars: Bool?
    var addPrefixSpace: Bool?
    var legacy: Bool?

    static let namedTokenKeys = ["bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"]

    init() {}

    /// Reads `tokenizer_config.json` (`configBytes`) and, when the configuration has no
    /// `added_tokens_decoder`, `special_tokens_map.json` (`mapBytes`), as transformers' legacy path does.
    init(configBytes: [UInt8]?, configSource: String, mapBytes: [UInt8]?, mapSource: String) throws {
        if let configBytes {
            try ModelFolderJSON.reading(configSource) {
                let root = try JSONDocument(parsing: configBytes, source: configSource).root
                guard root.kind == .object else { throw root.error("expected an object") }
                try read(root)
            }
        }
        if addedTokensDecoder == nil, let mapBytes {
            try ModelFolderJSON.reading(mapSource) {
                let root = try JSONDocument(parsing: mapBytes, source: mapSource).root
                guard root.kind == .object else { throw root.error("expected an object") }
                try readSpecialTokensMap(root)
            }
        }
    }

    private mutating func read(_ root: JSONValue) throws {
        var additional: [AddedToken]? = nil
        var extra: [AddedToken]? = nil
        try root.forEachEntry { keyBytes, value in
            let key = String(validUTF8: keyBytes)
            switch key {
            case "tokenizer_class":
                if !value.isNull { tokenizerClass = try value.string().removingSuffix("Fast") }
            case "auto_map":
                remoteClass = try Self.autoTokenizerClass(value)
            case "added_tokens_decoder":
                var decoder: [(id: Int, token: AddedToken)] = []
                try value.forEachEntry { idBytes, entry in
                    guard let id = Int(String(validUTF8: idBytes)) else {
                        throw value.error("`\(String(validUTF8: idBytes))` is not an id")
                    }
                    guard let token = try Self.token(entry, special: nil) else { throw entry.error("expected a token, found null") }
                    decoder.append((id, token))
                }
                addedTokensDecoder = decoder.sorted { $0.id < $1.id }
            case "additional_special_tokens":
                if !value.isNull { additional = try value.arrayElements().compactMap { try Self.token($0, special: nil) } }
            case "extra_special_tokens":
                if value.kind == .object {
                    try value.forEachEntry { name, entry in
                        if let token = try Self.token(entry, special: nil) {
                            modelSpecificTokens.append((String(validUTF8: name), token))
                        }
                    }
                } else if !value.isNull {
                    extra = try value.arrayElements().compactMap { try Self.token($0, special: nil) }
                }
            case "clean_up_tokenization_spaces":
                cleanUpTokenizationSpaces = value.isNull ? false : try value.bool()
            case "clean_up_tokenization_spaces_for_bpe_even_though_it_will_corrupt_output":
                cleanUpForBPE = value.isNull ? false : try value.bool()
            case "model_max_length", "max_len":
                if key == "max_len" && root["model_max_length"] != nil { break }
                if !value.isNull {
                    let number = try value.double()
                    modelMaximumLength = number < 1e18 ? Int(number) : nil
                }
            case "add_bos_token": addBOSToken = value.isNull ? nil : try value.bool()
            case "add_eos_token": addEOSToken = value.isNull ? nil : try value.bool()
            case "chat_template":
                chatTemplates = try Self.chatTemplates(value)
            case "do_lower_case": doLowerCase = value.isNull ? nil : try value.bool()
            case "strip_accents": stripAccents = value.isNull ? nil : try value.bool()
            case "tokenize_chinese_chars": tokenizeChineseChars = value.isNull ? nil : try value.bool()
            case "add_prefix_space": addPrefixSpace = value.isNull ? nil : try value.bool()
            case "legacy": legacy = value.isNull ? nil : try value.bool()
            default:
                if Self.namedTokenKeys.contains(key) {
                    setNamedToken(key, try Self.token(value, special: nil))
                } else if key.hasSuffix("_token"), value.kind == .string || value.kind == .object {
                    // transformers 5: any other `*_token` key is a model-specific special token.
                    if let token = try Self.token(value, special: nil) { modelSpecificTokens.append((key, token)) }
                }
            }
        }
        // transformers 5 turns `additional_special_tokens` into `extra_special_tokens` unless both are given.
        if let extra, !extra.isEmpty {
            extraSpecialTokens = extra
        } else if let additional {
            extraSpecialTokens = additional
        }
    }

    /// special_tokens_map.json: dictionaries become special tokens; a key the configuration already
    /// sets is replaced, as transformers does (`init_kwargs[key] = value`).
    private mutating func readSpecialTokensMap(_ root: JSONValue) throws {
        try root.forEachEntry { keyBytes, value in
            let key = String(validUTF8: keyBytes)
            if key == "additional_special_tokens" {
                if !value.isNull { extraSpecialTokens = try value.arrayElements().compactMap { try Self.token($0, special: true) } }
            } else if key == "extra_special_tokens" {
                if value.kind == .array {
                    for element in try value.arrayElements() {
                        if let token = try Self.token(element, special: true), !extraSpecialTokens.contains(token) {
                            extraSpecialTokens.append(token)
                        }
                    }
                }
            } else if Self.namedTokenKeys.contains(key) {
                setNamedToken(key, try Self.token(value, special: value.kind == .object ? true : nil))
            } else if key.hasSuffix("_token"), let token = try Self.token(value, special: value.kind == .object ? true : nil) {
                modelSpecificTokens.removeAll { $0.name == key }
                modelSpecificTokens.append((key, token))
            }
        }
    }

    private mutating func setNamedToken(_ key: String, _ token: AddedToken?) {
        if namedTokens[key] == nil { namedTokenOrder.append(key) }
        namedTokens[key] = .some(token)
    }

    /// A token given as a string (transformers adds such a token as `AddedToken(s, special=True)`: special,
    /// not normalized) or as a dictionary `{"content": …, "lstrip": …}` (`AddedToken`'s defaults: not special, normalized unless
    /// special); `special` overrides the dictionary's flag when given.
    static func token(_ value: JSONValue, special: Bool?) throws -> AddedToken? {
        switch value.kind {
        case .null: return nil
        case .string: return AddedToken(content: try value.string(), special: true)
        case .object:
            let isSpecial = try special ?? (value.bool("special") ?? false)
            return AddedToken(content: try value.required("content").string(),
                              singleWord: try value.bool("single_word") ?? false,
                              leftStrip: try value.bool("lstrip") ?? false,
                              rightStrip: try value.bool("rstrip") ?? false,
                              normalized: try value.bool("normalized") ?? !isSpecial,
                              special: isSpecial)
        default:
            throw value.error("expected a token (a string or {\"content\": …}), found \(value.kind.description)")
        }
    }

    /// `chat_template`: a string, `[{"name": …, "template": …}]`, or `{name: template}`.
    static func chatTemplates(_ value: JSONValue) throws -> [(name: String, source: String)] {
        switch value.kind {
        case .null: return []
        case .string: return [("default", try value.string())]
        case .array:
            return try value.arrayElements().map { entry in
                (try entry.required("name").string(), try entry.required("template").string())
            }
        case .object:
            return try value.objectEntries().map { (String(validUTF8: $0.key), try $0.value.string()) }
        default:
            throw value.error("expected a template string or a list of {\"name\", \"template\"}, found \(value.kind.description)")
        }
    }

    /// The AutoTokenizer entry of `auto_map`: `["slow", "fast"]` (the fast one preferred) or a dictionary.
    private static func autoTokenizerClass(_ value: JSONValue) throws -> String? {
        var entry = value
        if value.kind == .object {
            guard let tokenizer = value["AutoTokenizer"] else { return nil }
            entry = tokenizer
        }
        guard entry.kind == .array else { return entry.kind == .string ? try entry.string() : nil }
        let names = try entry.arrayElements()
        for candidate in names.reversed() where candidate.kind == .string { return try candidate.string() }
        return nil
    }
}

/// Runs `body`, turning the JSON reader's errors into errors naming `file`.
enum ModelFolderJSON {
    static func reading<T>(_ file: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as TokenizerError {
            switch error {
            case let .invalidConfiguration(path, message):
                throw ModelFolderError.invalidFile(file: file, path: path, message: message)
            case let .malformedJSON(_, line, column, message):
                throw ModelFolderError.invalidFile(file: file, path: "", message: "line \(line), column \(column): invalid JSON: \(message)")
            default:
                throw ModelFolderError.invalidTokenizer(error)
            }
        }
    }
}

extension String {
    func removingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
