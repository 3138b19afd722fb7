import Foundation

extension Tokenizer {
    /// Loads a Mistral `tekken.json` and encodes as `mistral_common`'s `Tekkenizer.encode(text, bos: false,
    /// eos: false)` does.
    ///
    /// ```swift
    /// let tekken = try Tokenizer(tekkenFile: "tekken.json")
    /// let ids = try tekken.encode("Hello", addingSpecialTokens: false).ids
    /// ```
    ///
    /// The layout: ids `0..<default_num_special_tokens` are the special tokens (the file's `special_tokens`,
    /// then `<SPECIAL_ID>` fillers), then the vocabulary by rank shifted by that count, cut to
    /// `default_vocab_size` ids in all; the text is split by `config.pattern`. As in the reference, special
    /// tokens are never found in text (`<s>` in the input is three ordinary tokens), and `decode` skips them
    /// unless `skippingSpecialTokens` is false.
    ///
    /// - Throws: `TokenizerError.invalidConfiguration` naming the JSON path that is wrong.
    public init(tekkenFile path: String) throws {
        try self.init(tekken: Self.readFile(path), source: path)
    }

    /// Loads a tekken.json from its bytes; `source` names it in errors.
    public init(tekken bytes: [UInt8], source: String = "tekken.json") throws {
        let tekken = try TekkenFile(parsing: bytes, source: source)
        try self.init(byteLevelRanks: tekken.ranks, idOffset: UInt32(tekken.specialCount), pattern: tekken.pattern,
                      icuPattern: nil, source: source, format: "tekken.json")
        addedVocabulary.add(tekken.specials)
        addedVocabulary.matchesInText = false
        let conversion = ByteLevelRanksConversion(ranks: tekken.ranks, idOffset: UInt32(tekken.specialCount), pattern: tekken.pattern,
                                                  vocabularySpecials: tekken.specials.map { ($0.token.content, $0.id) })
        formatConversion = FormatConversion(json: { conversion.json() }, differences: [
            "the special tokens (\(tekken.specials.prefix(3).map(\.token.content).joined(separator: ", ")), …) are added tokens, which the reference finds in text; Tekkenizer.encode never does (`<s>` in text is three ordinary tokens there)",
        ])
        sourceFormat = TokenizerSourceFormat(
            format: "tekken", encoding: tekken.version.map { "tekken \($0)" }, pattern: tekken.pattern,
            patternSource: "config.pattern",
            specialTokensSource: "\(tekken.listsSpecialTokens ? "special_tokens" : "Tekkenizer.DEPRECATED_SPECIAL_TOKENS (the file has no special_tokens)") and <SPECIAL_i> fillers as ids 0..<\(tekken.specialCount), never matched in text; vocabulary cut to default_vocab_size \(tekken.vocabularySize)")
    }
}

/// The parts of a Mistral tekken.json (`mistral_common`'s `Tekkenizer.from_file`).
struct TekkenFile {
    var pattern: String
    var vocabularySize: Int
    var specialCount: Int
    var version: String?
    var specials: [(token: AddedToken, id: UInt32)] = []
    /// Whether the file lists its special tokens (else the deprecated defaults are used).
    var listsSpecialTokens = true
    var ranks: TiktokenRankFile

    /// `Tekkenizer.DEPRECATED_SPECIAL_TOKENS`: the special tokens of files without a `special_tokens` list.
    static let deprecatedSpecialTokens = [
        "<unk>", "<s>", "</s>", "[INST]", "[/INST]", "[AVAILABLE_TOOLS]", "[/AVAILABLE_TOOLS]", "[TOOL_RESULTS]",
        "[/TOOL_RESULTS]", "[TOOL_CALLS]", "[IMG]", "<pad>", "[IMG_BREAK]", "[IMG_END]", "[PREFIX]", "[MIDDLE]",
        "[SUFFIX]", "[SYSTEM_PROMPT]", "[/SYSTEM_PROMPT]", "[TOOL_CONTENT]",
    ]

    /// - Throws: `TokenizerError.invalidConfiguration` naming the file and the JSON path that is wrong.
    init(parsing bytes: [UInt8], source: String) throws {
        let document = try JSONDocument(parsing: bytes, source: source)
        let root = document.root
        do {
            guard root.kind == .object else { throw root.error("a tekken.json must be a JSON object") }
            let config = try root.required("config")
            pattern = try config.required("pattern").string()
            vocabularySize = try config.required("default_vocab_size").int()
            specialCount = try config.required("default_num_special_tokens").int()
            version = try? config.optional("version")?.string()
            guard specialCount >= 0, vocabularySize >= specialCount else {
                throw config.at("default_vocab_size").error("default_vocab_size \(vocabularySize) is smaller than default_num_special_tokens \(specialCount)")
            }
            // The special tokens: the file's, in rank order, then fillers up to the count.
            var seen: Set<String> = []
            if let list = root.optional("special_tokens") {
                for (index, entry) in try list.arrayElements().enumerated() {
                    let rank = try entry.required("rank").int()
                    guard rank == index else { throw entry.at("rank").error("special token \(index) has rank \(rank)") }
                    let content = try entry.required("token_str").string()
                    guard seen.insert(content).inserted else { throw entry.at("token_str").error("special token `\(content)` is repeated") }
                    specials.append((AddedToken(content: content, normalized: false, special: true), UInt32(rank)))
                }
            } else {
                // Files up to v7 may leave the list out: the reference then uses its DEPRECATED_SPECIAL_TOKENS.
                guard let version, version.first == "v", let number = Int(version.dropFirst()), number <= 7 else {
                    throw root.error("no special_tokens list (only tekken files up to version v7 may leave it out)")
                }
                listsSpecialTokens = false
                for (index, content) in Self.deprecatedSpecialTokens.enumerated() {
                    seen.insert(content)
                    specials.append((AddedToken(content: content, normalized: false, special: true), UInt32(index)))
                }
            }
            guard specials.count <= specialCount else {
                throw root.at("special_tokens").error("\(specials.count) special tokens for default_num_special_tokens \(specialCount)")
            }
            for id in specials.count..<specialCount {
                let content = "<SPECIAL_\(id)>"
                guard seen.insert(content).inserted else { throw root.at("special_tokens").error("special token `\(content)` is repeated") }
                specials.append((AddedToken(content: content, normalized: false, special: true), UInt32(id)))
            }
            // The vocabulary, cut to the ranks below default_vocab_size - num_special.
            let innerSize = vocabularySize - specialCount
            let entries = try root.required("vocab").arrayElements()
            guard entries.count >= innerSize else {
                throw root.at("vocab").error("\(entries.count) tokens, fewer than default_vocab_size - default_num_special_tokens = \(innerSize)")
            }
            var tokens: [[UInt8]] = []
            var ranks: [UInt32] = []
            tokens.reserveCapacity(innerSize)
            ranks.reserveCapacity(innerSize)
            var decoded: [UInt8] = []
            for (index, entry) in entries.prefix(innerSize).enumerated() {
                let rank = try entry.required("rank").int()
                guard rank == index else { throw entry.at("rank").error("token \(index) has rank \(rank)") }
                let text = try entry.required("token_bytes").stringBytes()
                decoded.removeAll(keepingCapacity: true)
                guard text.withUnsafeBufferPointer({ TiktokenBase64.decode($0, into: &decoded) }) else {
                    throw entry.at("token_bytes").error("not valid base64")
                }
                guard index >= 256 || decoded == [UInt8(index)] else {
                    throw entry.at("token_bytes").error("rank \(index) must be the byte \(index)")
                }
                tokens.append(decoded)
                ranks.append(UInt32(rank))
            }
            self.ranks = TiktokenRankFile(tokens: tokens, ranks: ranks)
        } catch let error as TokenizerError {
            if case let .invalidConfiguration(path, message) = error {
                throw TokenizerError.invalidConfiguration(path: "\(source) (tekken): \(path)", message: message)
            }
            throw error
        }
    }
}
