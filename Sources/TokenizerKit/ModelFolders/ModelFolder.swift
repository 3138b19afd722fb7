import Foundation

/// A model folder loaded as transformers' `AutoTokenizer.from_pretrained(folder)` (5.25.0) loads it: the
/// folder's `tokenizer.json` configured by `tokenizer_config.json` and `special_tokens_map.json`, with the
/// chat templates and `generation_config.json` beside it.
///
/// ```swift
/// let folder = try ModelFolder(path: "models/Llama-3.2-1B-Instruct")
/// let ids = try folder.tokenizer.encode("Hello world").ids    // = tokenizer("Hello world")["input_ids"]
/// let text = try folder.decode(ids)                            // = tokenizer.decode(ids)
/// let stops = folder.generation?.eosTokenIDs ?? []
/// ```
///
/// What the configuration changes, as transformers does it:
/// - the tokenizer class (`tokenizer_class`) rebuilds the normalizer, pre-tokenizer, decoder and model options
///   for `BertTokenizer`, `CLIPTokenizer`, `CodeGenTokenizer`, `GemmaTokenizer`, `LlamaTokenizer`,
///   `T5Tokenizer` and `WhisperTokenizer` (transformers 5 takes only the vocabulary and merges from
///   tokenizer.json for these); other classes use tokenizer.json as it is;
/// - the added tokens come again from `added_tokens_decoder`, and named special tokens missing from the
///   vocabulary are added;
/// - the file's `truncation` and `padding` are off (`tokenizer(text)` turns them off);
/// - `add_bos_token` / `add_eos_token` are ignored when tokenizer.json is there (transformers drops them and
///   keeps the file's post-processor), so `addsBOSToken` and `addsEOSToken` are false (but see below);
/// - `decode` applies `clean_up_tokenization_spaces` (except for BPE models) and the class's own rules.
///
/// A folder without tokenizer.json loads from its vocabulary files as transformers'
/// `BertTokenizer.from_pretrained(folder)` (vocab.txt) or `GPT2Tokenizer.from_pretrained(folder)` (vocab.json +
/// merges.txt) does, whether the configuration names that class or none (transformers' AutoTokenizer needs the
/// name); another declared class is refused. GPT2Tokenizer then has no post-processor of a file to keep, so
/// `add_bos_token` / `add_eos_token` apply (`addsBOSToken`, `addsEOSToken`). The tokenizer's `sourceFormat`
/// says what was read and inferred.
public struct ModelFolder: Sendable {
    /// The folder.
    public let url: URL
    /// The configured tokenizer: `encode` gives transformers' `input_ids`, `decode` its text.
    public let tokenizer: Tokenizer
    /// The class transformers loads the folder with (`"LlamaTokenizer"`, `"TokenizersBackend"`, …).
    public let tokenizerClass: String
    /// `tokenizer_class` as the configuration declares it (without `Fast`), nil when it declares none.
    public let declaredTokenizerClass: String?
    /// The named and listed special tokens, with their ids.
    public let specialTokens: SpecialTokens
    /// Whether encoding adds the beginning-of-sequence token on transformers' request (see the type's notes).
    public let addsBOSToken: Bool
    /// Whether encoding adds the end-of-sequence token on transformers' request (see the type's notes).
    public let addsEOSToken: Bool
    /// `clean_up_tokenization_spaces` as transformers reports it; `decode` applies it except to BPE models
    /// (transformers 5 skips it there unless the configuration insists).
    public let cleansUpTokenizationSpaces: Bool
    /// `model_max_length`, nil when the configuration sets no limit.
    public let modelMaximumLength: Int?
    /// `generation_config.json`, when the folder has one.
    public let generation: GenerationConfiguration?
    /// The chat templates, as source text.
    public let chatTemplates: ChatTemplates

    /// Loads the model folder at `path`.
    /// - Throws: `ModelFolderError`, naming the file and JSON path at fault.
    public init(path: String) throws {
        try self.init(url: URL(fileURLWithPath: path, isDirectory: true))
    }

    /// Loads the model folder at `url` (a file URL).
    /// - Throws: `ModelFolderError`, naming the file and JSON path at fault.
    public init(url: URL) throws {
        try self.init(url: url, vocabularyFiles: nil)
    }

    /// Loads the folder at `url`, its tokenizer built from `vocabularyFiles` when given (a vocab.txt or
    /// vocab.json + merges.txt loaded on its own, configured by the folder's files), else from its
    /// tokenizer.json, else from its SentencePiece model, else from the vocabulary files it holds.
    init(url: URL, vocabularyFiles explicitFiles: VocabularyFiles?) throws {
        let folder = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ModelFolderError.notADirectory(path: folder)
        }
        let files = FolderFiles(folder: url)
        let tokenizerFile = explicitFiles == nil ? try files.read("tokenizer.json") : nil
        let configurationBytes = try files.read("tokenizer_config.json")
        var configuration = try TokenizerConfiguration(
            configBytes: configurationBytes, configSource: files.path("tokenizer_config.json"),
            mapBytes: try files.read("special_tokens_map.json"), mapSource: files.path("special_tokens_map.json"))
        if let remote = configuration.remoteClass {
            throw ModelFolderError.requiresRemoteCode(folder: folder, className: remote)
        }
        let classRecipe = tokenizerFile.flatMap { TokenizerClassRecipe.forClass(configuration.tokenizerClass, tokenizerJSON: $0) }
        if explicitFiles == nil, classRecipe == nil, let (name, bytes) = try files.sentencePieceModel() {
            // No tokenizer.json, or a class transformers builds from its SentencePiece file: that file, as
            // sentencepiece encodes it.
            self = try ModelFolder(sentencePiece: bytes, source: files.path(name), url: url, files: files,
                                   configuration: configuration)
            return
        }
        self.url = url
        // The backend: tokenizer.json, or (without one) the model of the vocabulary files as a tokenizer.json.
        let vocabularyFiles: VocabularyFiles?
        let tokenizerJSON: [UInt8]
        if let explicitFiles {
            vocabularyFiles = explicitFiles
            tokenizerJSON = explicitFiles.tokenizerJSON
        } else if let tokenizerFile {
            vocabularyFiles = nil
            tokenizerJSON = tokenizerFile
        } else {
            do {
                guard let found = try VocabularyFiles(lookingIn: files) else { throw ModelFolderError.missingTokenizerFile(folder: folder) }
                vocabularyFiles = found
            } catch let error as TokenizerError {
                throw ModelFolderError.invalidTokenizer(error)
            }
            tokenizerJSON = vocabularyFiles?.tokenizerJSON ?? []
        }
        let recipe: TokenizerClassRecipe
        if let vocabularyFiles {
            recipe = try vocabularyFiles.recipe(declaredClass: configuration.tokenizerClass, folder: folder)
        } else if let classRecipe {
            recipe = classRecipe
        } else {
            throw ModelFolderError.unsupportedTokenizerClass(
                folder: folder, className: configuration.tokenizerClass ?? "",
                reason: "transformers builds it from SentencePiece model files, not from tokenizer.json")
        }
        declaredTokenizerClass = configuration.tokenizerClass
        tokenizerClass = recipe.className
        chatTemplates = try files.chatTemplates(configured: configuration.chatTemplates)
        generation = try files.read("generation_config.json").map {
            try GenerationConfiguration(json: $0, source: files.path("generation_config.json"))
        }
        modelMaximumLength = configuration.modelMaximumLength

        let source = vocabularyFiles?.path ?? files.path("tokenizer.json")
        let document = try ModelFolderJSON.reading(source) { try JSONDocument(parsing: tokenizerJSON, source: source) }
        var fileAddedTokens = try ModelFolderJSON.reading(source) { try Self.addedTokens(of: document.root) }
        if vocabularyFiles != nil, configuration.addedTokensDecoder == nil, let legacy = try files.read("added_tokens.json") {
            // A folder saved by a slow tokenizer: its added tokens, as transformers reads them without added_tokens_decoder.
            let legacySource = files.path("added_tokens.json")
            fileAddedTokens = try ModelFolderJSON.reading(legacySource) {
                try VocabularyFiles.legacyAddedTokens(legacy, source: legacySource, configuration: configuration)
            }
        }
        if configuration.namedTokens["pad_token"] == nil,
           let padToken = try? document.root.optional("padding")?.string("pad_token") {
            // transformers: `kwargs.setdefault("pad_token", padding["pad_token"])` for a file that pads.
            configuration.namedTokens["pad_token"] = .some(AddedToken(content: padToken, special: true))
        }
        let tokens = ConfiguredTokens(configuration: &configuration, recipe: recipe, fileAddedTokens: fileAddedTokens)

        // The backend: the file as it is, or the class's pipeline over the file's vocabulary.
        var tokenizer: Tokenizer
        do {
            if recipe.rebuildsPipeline {
                let unknown = tokens.named["unk_token"] ?? nil
                let patch = recipe.pipeline(configuration: configuration, file: document.root, unknownToken: unknown?.content)
                tokenizer = try Tokenizer(json: TokenizerJSONRewrite.rewrite(document.root, patch: patch, keepingAddedTokens: false),
                                          source: source)
            } else {
                tokenizer = try Tokenizer(json: tokenizerJSON, source: source)
            }
            try tokenizer.setTruncation(nil)
            tokenizer.padding = nil
            tokenizer.addTokens(tokens.toAdd(existing: Set(tokenizer.addedTokens.values.map(\.content))))
            let lookup = TokenLookup(named: tokens.named.compactMapValues { $0?.content }, idOf: { [tokenizer] in tokenizer.id(forToken: $0) })
            if let postProcessor = recipe.postProcessor(tokens: lookup, configuration: configuration) {
                var patch = PipelinePatch()
                patch.postProcessor = postProcessor
                let saved = try tokenizer.jsonData(pretty: false)
                let root = try JSONDocument(parsing: saved, source: source).root
                tokenizer = try Tokenizer(json: TokenizerJSONRewrite.rewrite(root, patch: patch, keepingAddedTokens: true), source: source)
            }
        } catch let error as TokenizerError {
            throw ModelFolderError.invalidTokenizer(error)
        }

        // Decoding as the class and the configuration say.
        var isBPE = false
        if case .bpe = tokenizer.model { isBPE = true }
        cleansUpTokenizationSpaces = configuration.cleanUpTokenizationSpaces
        let cleansUp = cleansUpTokenizationSpaces && (!isBPE || configuration.cleanUpForBPE)
        var decodingClass = DecodedTextRules.Class.plain
        switch recipe.decodingRules {
        case .plain: break
        case .clip: decodingClass = .clip
        case .whisper:
            decodingClass = .whisper(promptID: tokenizer.id(forToken: "<|startofprev|>") ?? tokenizer.unknownTokenID,
                                     transcriptStartID: tokenizer.id(forToken: "<|startoftranscript|>") ?? tokenizer.unknownTokenID)
        }
        if decodingClass != .plain || cleansUp {
            tokenizer.decodedTextRules = DecodedTextRules(decodingClass: decodingClass, cleansUpTokenizationSpaces: cleansUp)
        }
        // GPT2Tokenizer (built from vocab.json + merges.txt, with no post-processor of a file to keep) adds
        // what add_bos_token / add_eos_token ask for.
        addsBOSToken = recipe.honorsAddBOSAndEOS && configuration.addBOSToken == true && (tokens.named["bos_token"] ?? nil) != nil
        addsEOSToken = recipe.honorsAddBOSAndEOS && configuration.addEOSToken == true && (tokens.named["eos_token"] ?? nil) != nil
        if let vocabularyFiles {
            tokenizer.sourceFormat = vocabularyFiles.sourceFormat(
                configuration: configuration, configurationFile: configurationBytes != nil ? files.path("tokenizer_config.json") : nil,
                declaredClass: configuration.tokenizerClass, recipe: recipe, namedTokens: tokens.named,
                addsBOS: addsBOSToken, addsEOS: addsEOSToken)
        }
        self.tokenizer = tokenizer

        // The special tokens, with transformers' `convert_tokens_to_ids` (the unknown token's id otherwise).
        let unknownID: UInt32? = (tokens.named["unk_token"] ?? nil).flatMap { tokenizer.id(forToken: $0.content) }
        func special(_ token: AddedToken) -> SpecialToken {
            SpecialToken(content: token.content, id: tokenizer.id(forToken: token.content) ?? unknownID)
        }
        var specialTokens = SpecialTokens()
        for (name, token) in tokens.named { specialTokens.set(token.map(special), named: name) }
        specialTokens.additional = tokens.extras.map(special)
        self.specialTokens = specialTokens
    }

    /// A folder whose tokenizer is its SentencePiece model file (`tokenizer.model`, `spiece.model`, …):
    /// encoding and decoding are sentencepiece's (no BOS or EOS added, so `addsBOSToken` is false), with the
    /// configuration's `added_tokens_decoder` matched in the text first; the special tokens, chat templates
    /// and generation configuration are read as for any folder.
    private init(sentencePiece bytes: [UInt8], source: String, url: URL, files: FolderFiles,
                 configuration: TokenizerConfiguration) throws {
        self.url = url
        var tokenizer: Tokenizer
        do {
            tokenizer = try Tokenizer(sentencePiece: bytes, source: source)
            if let decoder = configuration.addedTokensDecoder, !decoder.isEmpty {
                // transformers finds the configuration's added tokens in text (control pieces included).
                tokenizer.addedVocabulary.matchesInText = true
                tokenizer.addTokens(decoder.sorted { $0.id < $1.id }.map(\.token))
            }
        } catch let error as TokenizerError {
            throw ModelFolderError.invalidTokenizer(error)
        }
        declaredTokenizerClass = configuration.tokenizerClass
        tokenizerClass = configuration.tokenizerClass ?? "SentencePieceProcessor"
        chatTemplates = try files.chatTemplates(configured: configuration.chatTemplates)
        generation = try files.read("generation_config.json").map {
            try GenerationConfiguration(json: $0, source: files.path("generation_config.json"))
        }
        modelMaximumLength = configuration.modelMaximumLength
        cleansUpTokenizationSpaces = false
        addsBOSToken = false
        addsEOSToken = false
        let unknownID = tokenizer.unknownTokenID
        var specialTokens = SpecialTokens()
        for name in configuration.namedTokenOrder {
            guard let token = configuration.namedTokens[name] else { continue }
            specialTokens.set(token.map { SpecialToken(content: $0.content, id: tokenizer.id(forToken: $0.content) ?? unknownID) }, named: name)
        }
        specialTokens.additional = configuration.extraSpecialTokens.map {
            SpecialToken(content: $0.content, id: tokenizer.id(forToken: $0.content) ?? unknownID)
        }
        self.specialTokens = specialTokens
        self.tokenizer = tokenizer
    }

    /// Decodes ids as transformers' `tokenizer.decode(ids)` does; note that its default keeps special tokens.
    public func decode(_ ids: [UInt32], skippingSpecialTokens: Bool = false) throws -> String {
        try tokenizer.decode(ids, skippingSpecialTokens: skippingSpecialTokens)
    }

    /// The `added_tokens` of a tokenizer.json, by id.
    private static func addedTokens(of root: JSONValue) throws -> [(id: Int, token: AddedToken)] {
        guard let list = root.optional("added_tokens") else { return [] }
        return try list.arrayElements().map { entry in
            (try entry.required("id").int(),
             AddedToken(content: try entry.required("content").string(),
                        singleWord: try entry.bool("single_word") ?? false,
                        leftStrip: try entry.bool("lstrip") ?? false,
                        rightStrip: try entry.bool("rstrip") ?? false,
                        normalized: try entry.bool("normalized") ?? true,
                        special: try entry.bool("special") ?? false))
        }
    }
}

extension Tokenizer {
    /// Loads a model folder's tokenizer as transformers' `AutoTokenizer` configures it (see `ModelFolder`).
    ///
    /// ```swift
    /// let tokenizer = try Tokenizer.loading(contentsOfDirectory: "models/bert-base-uncased")
    /// ```
    /// (A factory rather than an initializer: a `Tokenizer` numbers its pipeline when it is made.)
    public static func loading(contentsOfDirectory path: String) throws -> Tokenizer {
        try ModelFolder(path: path).tokenizer
    }

    /// Loads a model folder when `path` is a directory, otherwise a file recognised by its content: a
    /// tokenizer.json, a tiktoken rank file (see `init(tiktokenFile:pattern:specialTokens:)`), a Mistral
    /// tekken.json, a SentencePiece model (see `init(sentencePieceFile:)`), a BERT vocab.txt (see
    /// `loading(wordPieceVocabularyFile:)`) or GPT-2's vocab.json with its merges.txt beside it (see
    /// `loading(byteLevelVocabularyFile:mergesFile:)`). The one place the `tok` commands decide.
    ///
    /// - Parameters:
    ///   - pattern: for a tiktoken file, the pattern (needed when its content is not a known encoding).
    ///   - specialTokens: for a tiktoken file, its special tokens.
    /// - Throws: the loader's error; for a file that is none of these formats, the tiktoken reader's error
    ///   naming the first line that is not `BASE64 RANK`.
    public static func loading(contentsOfFileOrDirectory path: String, pattern: TiktokenPattern? = nil,
                               specialTokens: TiktokenSpecialTokens = .inferred) throws -> Tokenizer {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            try refuseTiktokenOptions(pattern, specialTokens, for: "a model folder")
            return try loading(contentsOfDirectory: path)
        }
        let bytes = try readFile(path)
        switch kind(ofFile: bytes) {
        case .tokenizerJSON:
            try refuseTiktokenOptions(pattern, specialTokens, for: "a tokenizer.json")
            return try Tokenizer(json: bytes, source: path)
        case .tekken:
            try refuseTiktokenOptions(pattern, specialTokens, for: "a tekken.json")
            return try Tokenizer(tekken: bytes, source: path)
        case .sentencePiece:
            try refuseTiktokenOptions(pattern, specialTokens, for: "a SentencePiece model")
            return try Tokenizer(sentencePiece: bytes, source: path)
        case .byteLevelVocabulary:
            try refuseTiktokenOptions(pattern, specialTokens, for: "a vocab.json")
            return try VocabularyFiles(byteLevelVocabulary: bytes, path: path, mergesPath: nil).loadingTokenizer()
        case .merges:
            throw mergesFileAlone(path)
        case .wordPieceVocabulary:
            try refuseTiktokenOptions(pattern, specialTokens, for: "a vocab.txt")
            return try VocabularyFiles(wordPiece: try WordPieceVocabularyFile(parsing: bytes, path: path), path: path).loadingTokenizer()
        case .tiktoken, .unknown:
            let name = URL(fileURLWithPath: path).lastPathComponent
            if pattern == nil, specialTokens == .inferred, name.hasSuffix("merges.txt") { throw mergesFileAlone(path) }
            if pattern == nil, specialTokens == .inferred, name.hasSuffix("vocab.txt") {
                // A vocab.txt with whitespace inside a token: the name says what it is.
                return try VocabularyFiles(wordPiece: try WordPieceVocabularyFile(parsing: bytes, path: path), path: path).loadingTokenizer()
            }
            do {
                return try Tokenizer(tiktoken: bytes, source: path, pattern: pattern, specialTokens: specialTokens,
                                     configuration: configurationBeside(tiktokenFile: path))
            } catch let TokenizerError.invalidVocabularyFile(file, format, line, message) where kind(ofFile: bytes) == .unknown {
                // Nothing recognised the content: say what was tried, and why the last try failed.
                throw TokenizerError.invalidVocabularyFile(
                    path: file, format: format, line: line,
                    message: "\(message) (the content is none of the formats tok reads: not a JSON object (tokenizer.json, tekken.json, vocab.json), not a SentencePiece model protobuf, not a vocab.txt or merges.txt; read last as a tiktoken rank file)")
            }
        }
    }

    private static func mergesFileAlone(_ path: String) -> TokenizerError {
        .invalidVocabularyFile(path: path, format: ByteLevelVocabularyFiles.mergesFormat, line: 0,
                               message: "a merges.txt is loaded with its vocab.json: give the vocab.json (with this merges.txt beside it) or their folder")
    }

    private static func refuseTiktokenOptions(_ pattern: TiktokenPattern?, _ specialTokens: TiktokenSpecialTokens,
                                              for what: String) throws {
        if pattern != nil || specialTokens != .inferred {
            throw TokenizerError.unsupported("a pattern and special tokens can be given for tiktoken files only, not for \(what)")
        }
    }
}

/// The named, listed and added tokens of a folder as transformers settles them before adding them.
struct ConfiguredTokens {
    /// bos … mask, then model-specific names: the token, or nil when the configuration sets it to null.
    var named: [String: AddedToken?] = [:]
    var namedOrder: [String] = []
    var extras: [AddedToken] = []
    /// `added_tokens_decoder` (or, without one, the file's `added_tokens`), in id order.
    var decoder: [AddedToken] = []

    init(configuration c: inout TokenizerConfiguration, recipe: TokenizerClassRecipe,
         fileAddedTokens: [(id: Int, token: AddedToken)]) {
        let fromDecoder: [(id: Int, token: AddedToken)]
        if let configured = c.addedTokensDecoder {
            fromDecoder = configured
        } else {
            fromDecoder = fileAddedTokens // transformers' legacy path: the tokenizer.json's added tokens
        }
        decoder = fromDecoder.sorted { $0.id < $1.id }.map(\.token)
        var byContent: [String: AddedToken] = [:]
        for (_, token) in fromDecoder { byContent[token.content] = token }

        for name in TokenizerConfiguration.namedTokenKeys {
            var token: AddedToken?
            if let given = c.namedTokens[name] {
                token = given
            } else if let content = recipe.defaultNamedTokens.first(where: { $0.name == name })?.content {
                token = AddedToken(content: content, special: true)
            } else {
                continue
            }
            // Named tokens take the added token of the same text (flags included).
            if let t = token, let added = byContent[t.content] { token = added }
            named[name] = .some(token)
            namedOrder.append(name)
        }
        for (name, token) in c.modelSpecificTokens where named[name] == nil {
            named[name] = .some(token)
            namedOrder.append(name)
        }
        extras = c.extraSpecialTokens
    }

    /// The tokens transformers' `TokenizersBackend.__init__` adds: every token of `added_tokens_decoder`
    /// (it compares them with the vocabulary in a way that never matches, so all of them are added
    /// again), then the named and listed special tokens whose text is not among those yet. Named tokens
    /// are marked special.
    func toAdd(existing: Set<String>) -> [AddedToken] {
        var tokens = decoder
        var known = existing.union(decoder.map(\.content))
        for name in namedOrder {
            guard let token = named[name] ?? nil, !known.contains(token.content) else { continue }
            tokens.append(token)
            known.insert(token.content)
        }
        for token in extras where !known.contains(token.content) {
            tokens.append(token)
            known.insert(token.content)
        }
        let namedContents = Set(namedOrder.compactMap { named[$0]??.content })
        return tokens.map { token in
            var token = token
            if !token.special && namedContents.contains(token.content) { token.special = true }
            return token
        }
    }
}

/// Reads the files of a folder.
struct FolderFiles {
    let folder: URL

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// The folder's SentencePiece model (the names transformers' slow tokenizers use), recognised by content.
    func sentencePieceModel() throws -> (name: String, bytes: [UInt8])? {
        for name in ["tokenizer.model", "spiece.model", "sentencepiece.bpe.model", "source.spm", "sentencepiece.model"] {
            if let bytes = try read(name), Tokenizer.kind(ofFile: bytes) == .sentencePiece { return (name, bytes) }
        }
        return nil
    }

    /// The file's bytes, or nil when it does not exist.
    func read(_ name: String) throws -> [UInt8]? {
        let path = path(name)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw ModelFolderError.unreadableFile(path: path, reason: isDirectory.boolValue ? "a directory, not a file" : "permission denied")
        }
        return [UInt8](data)
    }

    func text(_ name: String) throws -> String? {
        guard let bytes = try read(name) else { return nil }
        guard let text = String(validatingUTF8Bytes: bytes) else {
            throw ModelFolderError.unreadableFile(path: path(name), reason: "not valid UTF-8")
        }
        return text
    }

    /// The templates transformers finds: `chat_template.jinja` and `additional_chat_templates/*.jinja`
    /// over the configuration's `chat_template`; the legacy `chat_template.json` when there is nothing else.
    func chatTemplates(configured: [(name: String, source: String)]) throws -> ChatTemplates {
        var files: [String: String] = [:]
        if let source = try text("chat_template.jinja") { files["default"] = source }
        let directory = folder.appendingPathComponent("additional_chat_templates")
        if let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) {
            for name in names.sorted() where name.hasSuffix(".jinja") {
                if let source = try text("additional_chat_templates/\(name)") { files[name.removingSuffix(".jinja")] = source }
            }
        }
        if !files.isEmpty { return ChatTemplates(files) }
        if !configured.isEmpty {
            var templates: [String: String] = [:]
            for (name, source) in configured { templates[name] = source }
            return ChatTemplates(templates)
        }
        if let bytes = try read("chat_template.json") {
            let source = path("chat_template.json")
            let templates = try ModelFolderJSON.reading(source) {
                let root = try JSONDocument(parsing: bytes, source: source).root
                guard root.kind == .object else { throw root.error("expected an object") }
                return try TokenizerConfiguration.chatTemplates(root.at("chat_template"))
            }
            var result: [String: String] = [:]
            for (name, template) in templates { result[name] = template }
            return ChatTemplates(result)
        }
        return ChatTemplates()
    }
}

/// Writes a tokenizer.json with some components replaced and model fields set, re-emitting the rest.
enum TokenizerJSONRewrite {
    static func rewrite(_ root: JSONValue, patch: PipelinePatch, keepingAddedTokens: Bool) -> [UInt8] {
        var writer = JSONWriter(pretty: false)
        func component(_ w: inout JSONWriter, _ key: String, _ replacement: JSONFragment?) {
            w.member(key) { w in
                if let replacement { replacement(&w) } else if let value = root[key] { w.value(value) } else { w.null() }
            }
        }
        writer.object { w in
            w.member("version") { $0.string("1.0") }
            w.member("truncation") { $0.null() }
            w.member("padding") { $0.null() }
            w.member("added_tokens") { w in
                if keepingAddedTokens, let value = root["added_tokens"] { w.value(value) } else { w.array { _ in } }
            }
            component(&w, "normalizer", patch.normalizer)
            component(&w, "pre_tokenizer", patch.preTokenizer)
            component(&w, "post_processor", patch.postProcessor)
            component(&w, "decoder", patch.decoder)
            w.member("model") { w in
                let overridden = Set(patch.model.map(\.0))
                w.object { w in
                    root["model"]?.forEachEntry { key, value in
                        let name = String(validUTF8: key)
                        if !overridden.contains(name) { w.member(name) { $0.value(value) } }
                    }
                    for (name, fragment) in patch.model { w.member(name, fragment) }
                }
            }
        }
        return writer.bytes
    }
}
