/// What a transformers 5.25 tokenizer class does to the pipeline of the folder's tokenizer.json.
///
/// In transformers 5 most model classes (`BertTokenizer`, `LlamaTokenizer`, …) do not load tokenizer.json as
/// it is: they take its vocabulary and merges, build the model, normalizer, pre-tokenizer and decoder the class
/// defines from the configuration's parameters, keep the file's post-processor (some classes then set their
/// own), and add the added tokens again from the configuration. `TokenizersBackend` (no class, an unknown
/// one, `PreTrainedTokenizerFast`) loads the file as it is. Each case here is one class, read from
/// `transformers/models/*/tokenization_*.py` of 5.25.0.
enum TokenizerClassRecipe: Sendable, Equatable {
    case tokenizersBackend
    case bert
    /// GPT2Tokenizer, for vocab.json + merges.txt only: `forClass` keeps loading a tokenizer.json that
    /// declares GPT2Tokenizer as it is (not yet compared with transformers).
    case gpt2
    case clip
    case codeGen
    case gemma
    case llama
    case t5
    case whisper

    /// The recipe AutoTokenizer picks for `className` (already without `Fast`): transformers' classes that
    /// take tokenizer.json as a source of vocabulary; nil for classes that cannot load from tokenizer.json.
    static func forClass(_ className: String?, tokenizerJSON: [UInt8]) -> TokenizerClassRecipe? {
        guard let className else { return .tokenizersBackend }
        switch className {
        case "BertTokenizer": return .bert
        case "CLIPTokenizer": return .clip
        case "CodeGenTokenizer": return .codeGen
        case "GemmaTokenizer": return .gemma
        case "LlamaTokenizer":
            // AutoTokenizer loads a byte-level tokenizer.json that claims LlamaTokenizer as TokenizersBackend
            // (it looks for the text `"ByteLevel"` anywhere in the file).
            return tokenizerJSON.containsSubsequence(Array("\"ByteLevel\"".utf8)) ? .tokenizersBackend : .llama
        case "T5Tokenizer": return .t5
        case "WhisperTokenizer": return .whisper
        case "MarianTokenizer", "XLNetTokenizer", "CamembertTokenizer", "AlbertTokenizer", "BarthezTokenizer",
             "MBartTokenizer", "MBart50Tokenizer", "NllbTokenizer", "PegasusTokenizer", "ReformerTokenizer",
             "BigBirdTokenizer", "XGLMTokenizer", "FNetTokenizer", "RemBertTokenizer", "SeamlessM4TTokenizer",
             "DebertaV2Tokenizer", "M2M100Tokenizer", "SpeechT5Tokenizer", "BertGenerationTokenizer":
            return nil
        default: return .tokenizersBackend
        }
    }

    /// The class name transformers reports for this recipe.
    var className: String {
        switch self {
        case .tokenizersBackend: "TokenizersBackend"
        case .bert: "BertTokenizer"
        case .gpt2: "GPT2Tokenizer"
        case .clip: "CLIPTokenizer"
        case .codeGen: "CodeGenTokenizer"
        case .gemma: "GemmaTokenizer"
        case .llama: "LlamaTokenizer"
        case .t5: "T5Tokenizer"
        case .whisper: "WhisperTokenizer"
        }
    }

    /// True when the class builds its own pipeline from the file's vocabulary (its added tokens then come
    /// from the configuration only).
    var rebuildsPipeline: Bool { self != .tokenizersBackend }

    /// The special tokens the class's `__init__` defaults to when the configuration names none.
    var defaultNamedTokens: [(name: String, content: String)] {
        switch self {
        case .tokenizersBackend: []
        case .bert: [("unk_token", "[UNK]"), ("sep_token", "[SEP]"), ("pad_token", "[PAD]"), ("cls_token", "[CLS]"), ("mask_token", "[MASK]")]
        case .clip: [("unk_token", "<|endoftext|>"), ("bos_token", "<|startoftext|>"), ("eos_token", "<|endoftext|>"), ("pad_token", "<|endoftext|>")]
        case .codeGen, .whisper, .gpt2: [("unk_token", "<|endoftext|>"), ("bos_token", "<|endoftext|>"), ("eos_token", "<|endoftext|>")]
        case .gemma: [("unk_token", "<unk>"), ("bos_token", "<bos>"), ("eos_token", "<eos>"), ("pad_token", "<pad>"), ("mask_token", "<mask>")]
        case .llama: [("unk_token", "<unk>"), ("bos_token", "<s>"), ("eos_token", "</s>")]
        case .t5: [("eos_token", "</s>"), ("unk_token", "<unk>"), ("pad_token", "<pad>")]
        }
    }

    /// The rebuilt components and model fields, written as tokenizer.json values.
    func pipeline(configuration c: TokenizerConfiguration, file root: JSONValue, unknownToken: String?) -> PipelinePatch {
        var patch = PipelinePatch()
        let unknown: JSONFragment = { w in if let unknownToken { w.string(unknownToken) } else { w.null() } }
        switch self {
        case .tokenizersBackend:
            return patch
        case .bert:
            patch.model = [("type", { $0.string("WordPiece") }), ("unk_token", unknown),
                           ("continuing_subword_prefix", { $0.string("##") }), ("max_input_chars_per_word", { $0.number(100) })]
            patch.normalizer = { w in
                w.object { w in
                    w.member("type") { $0.string("BertNormalizer") }
                    w.member("clean_text") { $0.bool(true) }
                    w.member("handle_chinese_chars") { $0.bool(c.tokenizeChineseChars ?? true) }
                    w.member("strip_accents") { w in if let s = c.stripAccents { w.bool(s) } else { w.null() } }
                    w.member("lowercase") { $0.bool(c.doLowerCase ?? true) }
                }
            }
            patch.preTokenizer = { $0.object { $0.member("type") { $0.string("BertPreTokenizer") } } }
            patch.decoder = { w in
                w.object { w in
                    w.member("type") { $0.string("WordPiece") }
                    w.member("prefix") { $0.string("##") }
                    w.member("cleanup") { $0.bool(true) }
                }
            }
        case .clip:
            patch.model = Self.bpeFields(unknown: unknown, fuseUnknown: false, byteFallback: false,
                                         prefix: { $0.string("") }, suffix: { $0.string("</w>") })
            patch.normalizer = { w in
                Self.sequence(&w, "normalizers", [
                    { $0.object { $0.member("type") { $0.string("NFC") } } },
                    { w in
                        w.object { w in
                            w.member("type") { $0.string("Replace") }
                            w.member("pattern") { $0.object { $0.member("Regex") { $0.string("\\s+") } } }
                            w.member("content") { $0.string(" ") }
                        }
                    },
                    { $0.object { $0.member("type") { $0.string("Lowercase") } } },
                ])
            }
            patch.preTokenizer = { w in
                Self.sequence(&w, "pretokenizers", [
                    { w in
                        w.object { w in
                            w.member("type") { $0.string("Split") }
                            w.member("pattern") { $0.object { $0.member("Regex") { $0.string(Self.clipPattern) } } }
                            w.member("behavior") { $0.string("Removed") }
                            w.member("invert") { $0.bool(true) }
                        }
                    },
                    { Self.byteLevel(&$0, addPrefixSpace: false) },
                ])
            }
            patch.decoder = { Self.byteLevel(&$0, addPrefixSpace: true) }
        case .gpt2:
            // GPT2Tokenizer: BPE(vocab, merges, continuing_subword_prefix="", end_of_word_suffix=""), no normalizer.
            patch.model = Self.bpeFields(unknown: { $0.null() }, fuseUnknown: false, byteFallback: false,
                                         prefix: { $0.string("") }, suffix: { $0.string("") })
            patch.normalizer = { $0.null() }
            patch.preTokenizer = { Self.byteLevel(&$0, addPrefixSpace: c.addPrefixSpace ?? false) }
            patch.decoder = { Self.byteLevel(&$0, addPrefixSpace: true) }
        case .codeGen, .whisper:
            patch.model = Self.bpeFields(unknown: { $0.null() }, fuseUnknown: false, byteFallback: false,
                                         prefix: { $0.string("") }, suffix: { $0.string("") })
            patch.normalizer = { $0.null() }
            patch.preTokenizer = { Self.byteLevel(&$0, addPrefixSpace: c.addPrefixSpace ?? false) }
            patch.decoder = { Self.byteLevel(&$0, addPrefixSpace: true) }
            if self == .codeGen, root.optional("post_processor") == nil {
                // Set before the backend's initializer, which keeps the file's post-processor when there is one.
                patch.postProcessor = { $0.byteLevel(addPrefixSpace: true, trimOffsets: false, useRegex: true) }
            }
        case .gemma:
            patch.model = Self.bpeFields(unknown: unknown, fuseUnknown: true, byteFallback: true,
                                         prefix: { $0.null() }, suffix: { $0.null() })
            patch.normalizer = { w in
                w.object { w in
                    w.member("type") { $0.string("Replace") }
                    w.member("pattern") { $0.object { $0.member("String") { $0.string(" ") } } }
                    w.member("content") { $0.string("▁") }
                }
            }
            patch.preTokenizer = { w in
                w.object { w in
                    w.member("type") { $0.string("Split") }
                    w.member("pattern") { $0.object { $0.member("String") { $0.string(" ") } } }
                    w.member("behavior") { $0.string("MergedWithPrevious") }
                    w.member("invert") { $0.bool(false) }
                }
            }
            patch.decoder = { w in Self.sequence(&w, "decoders", Self.sentencePieceDecoders(strip: false)) }
        case .llama:
            let addPrefixSpace = c.addPrefixSpace ?? true
            let scheme = addPrefixSpace ? ((c.legacy ?? false) ? "always" : "first") : "never"
            // LlamaTokenizer builds BPE without an unknown token.
            patch.model = Self.bpeFields(unknown: { $0.null() }, fuseUnknown: true, byteFallback: true,
                                         prefix: { $0.null() }, suffix: { $0.null() })
            patch.normalizer = { $0.null() }
            patch.preTokenizer = { w in
                w.object { w in
                    w.member("type") { $0.string("Metaspace") }
                    w.member("replacement") { $0.string("▁") }
                    w.member("prepend_scheme") { $0.string(scheme) }
                    w.member("split") { $0.bool(false) }
                }
            }
            patch.decoder = { w in Self.sequence(&w, "decoders", Self.sentencePieceDecoders(strip: addPrefixSpace)) }
        case .t5:
            patch.model = [("type", { $0.string("Unigram") }), ("unk_id", { $0.number(2) }), ("byte_fallback", { $0.bool(false) })]
            // Only a `Precompiled` charsmap of the file's normalizer survives (T5Tokenizer reads it from there).
            let precompiled = Self.precompiledNormalizer(root.optional("normalizer"))
            patch.normalizer = { w in if let precompiled { w.value(precompiled) } else { w.null() } }
            let metaspace: JSONFragment = { w in
                w.object { w in
                    w.member("type") { $0.string("Metaspace") }
                    w.member("replacement") { $0.string("▁") }
                    w.member("prepend_scheme") { $0.string("always") }
                    w.member("split") { $0.bool(true) }
                }
            }
            patch.preTokenizer = { w in
                Self.sequence(&w, "pretokenizers", [{ $0.object { $0.member("type") { $0.string("WhitespaceSplit") } } }, metaspace])
            }
            patch.decoder = metaspace
        }
        return patch
    }

    /// True for the classes whose post-processor adds the bos and eos tokens that `add_bos_token` and
    /// `add_eos_token` ask for (transformers' `update_post_processor`, run when there is no post-processor
    /// of a file to keep).
    var honorsAddBOSAndEOS: Bool { self == .gpt2 }

    /// The post-processor a class sets after its tokens are added (it needs their ids), or nil to keep the
    /// file's.
    func postProcessor(tokens: TokenLookup, configuration c: TokenizerConfiguration) -> JSONFragment? {
        switch self {
        case .gpt2:
            // update_post_processor: `[bos:0] $A:0 [eos:0]`, pair `… [bos:1] $B:1 [eos:1]`.
            var single: [String] = []
            var pairTail: [String] = []
            var specials: [(String, UInt32)] = []
            let bos = c.addBOSToken == true ? tokens.content("bos_token") : nil
            let eos = c.addEOSToken == true ? tokens.content("eos_token") : nil
            if let bos {
                single.append("\(bos):0")
                pairTail.append("\(bos):1")
                specials.append((bos, tokens.id(ofNamed: "bos_token") ?? 0))
            }
            single.append("$A:0")
            pairTail.append("$B:1")
            if let eos {
                single.append("\(eos):0")
                pairTail.append("\(eos):1")
                if eos != bos { specials.append((eos, tokens.id(ofNamed: "eos_token") ?? 0)) }
            }
            return Self.template(single: single, pair: single + pairTail, specials: specials)
        case .bert:
            let cls = tokens.content("cls_token") ?? "[CLS]"
            let sep = tokens.content("sep_token") ?? "[SEP]"
            let clsID = tokens.id(ofNamed: "cls_token") ?? 2
            let sepID = tokens.id(ofNamed: "sep_token") ?? 3
            return Self.template(single: ["\(cls):0", "$A:0", "\(sep):0"],
                                 pair: ["\(cls):0", "$A:0", "\(sep):0", "$B:1", "\(sep):1"],
                                 specials: [(cls, clsID), (sep, sepID)])
        case .t5:
            guard let eosID = tokens.id(ofNamed: "eos_token") else { return nil }
            return Self.template(single: ["$A", "</s>"], pair: ["$A", "</s>", "$B", "</s>"], specials: [("</s>", eosID)])
        case .clip:
            let eos = tokens.content("eos_token") ?? "<|endoftext|>"
            let bos = tokens.content("bos_token") ?? "<|startoftext|>"
            guard let eosID = tokens.id(ofNamed: "eos_token"), let bosID = tokens.id(ofNamed: "bos_token") else { return nil }
            return { w in
                w.object { w in
                    w.member("type") { $0.string("RobertaProcessing") }
                    w.member("sep") { w in w.array { w in w.element { $0.string(eos) }; w.element { $0.number(Int(eosID)) } } }
                    w.member("cls") { w in w.array { w in w.element { $0.string(bos) }; w.element { $0.number(Int(bosID)) } } }
                    w.member("trim_offsets") { $0.bool(false) }
                    w.member("add_prefix_space") { $0.bool(false) }
                }
            }
        default:
            return nil
        }
    }

    /// What the class's `decode` does to the text besides the backend's decoder.
    var decodingRules: DecodingRules {
        switch self {
        case .clip: .clip
        case .whisper: .whisper
        default: .plain
        }
    }

    /// Which `DecodedTextRules.Class` the class's `decode` needs (Whisper's wants ids found after loading).
    enum DecodingRules { case plain, clip, whisper }

    // MARK: Pieces

    /// CLIPTokenizer's pre-tokenizer pattern.
    static let clipPattern = #"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+"#

    private static func bpeFields(unknown: @escaping JSONFragment, fuseUnknown: Bool, byteFallback: Bool,
                                  prefix: @escaping JSONFragment, suffix: @escaping JSONFragment) -> [(String, JSONFragment)] {
        [("type", { $0.string("BPE") }), ("dropout", { $0.null() }), ("unk_token", unknown),
         ("continuing_subword_prefix", prefix), ("end_of_word_suffix", suffix),
         ("fuse_unk", { $0.bool(fuseUnknown) }), ("byte_fallback", { $0.bool(byteFallback) }),
         ("ignore_merges", { $0.bool(false) })]
    }

    private static func byteLevel(_ w: inout JSONWriter, addPrefixSpace: Bool) {
        w.byteLevel(addPrefixSpace: addPrefixSpace, trimOffsets: true, useRegex: true)
    }

    private static func sequence(_ w: inout JSONWriter, _ key: String, _ steps: [JSONFragment]) {
        w.object { w in
            w.member("type") { $0.string("Sequence") }
            w.member(key) { w in w.array { w in for step in steps { w.element(step) } } }
        }
    }

    /// Replace("▁", " "), ByteFallback, Fuse, and Strip(" ", 1, 0) when the class adds a prefix space.
    private static func sentencePieceDecoders(strip: Bool) -> [JSONFragment] {
        var steps: [JSONFragment] = [
            { w in
                w.object { w in
                    w.member("type") { $0.string("Replace") }
                    w.member("pattern") { $0.object { $0.member("String") { $0.string("▁") } } }
                    w.member("content") { $0.string(" ") }
                }
            },
            { $0.object { $0.member("type") { $0.string("ByteFallback") } } },
            { $0.object { $0.member("type") { $0.string("Fuse") } } },
        ]
        if strip {
            steps.append { w in
                w.object { w in
                    w.member("type") { $0.string("Strip") }
                    w.member("content") { $0.string(" ") }
                    w.member("start") { $0.number(1) }
                    w.member("stop") { $0.number(0) }
                }
            }
        }
        return steps
    }

    /// Template pieces (`$A:0`, `[SEP]:1`, `</s>`) as tokenizer.json lists them: `{"Sequence": {"id": "A",
    /// "type_id": 0}}` or `{"SpecialToken": {"id": "[SEP]", "type_id": 1}}` (the reference reads no other form).
    private static func templatePieces(_ w: inout JSONWriter, _ pieces: [String]) {
        w.array { w in
            for piece in pieces {
                var name = Substring(piece)
                var typeID = 0
                if let colon = piece.lastIndex(of: ":"), let number = Int(piece[piece.index(after: colon)...]) {
                    name = piece[..<colon]
                    typeID = number
                }
                w.element { w in
                    w.object { w in
                        if name == "$A" || name == "$B" {
                            w.member("Sequence") { w in
                                w.object { w in
                                    w.member("id") { $0.string(String(name.dropFirst())) }
                                    w.member("type_id") { $0.number(typeID) }
                                }
                            }
                        } else {
                            w.member("SpecialToken") { w in
                                w.object { w in
                                    w.member("id") { $0.string(String(name)) }
                                    w.member("type_id") { $0.number(typeID) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static func template(single: [String], pair: [String], specials: [(String, UInt32)]) -> JSONFragment {
        { w in
            w.object { w in
                w.member("type") { $0.string("TemplateProcessing") }
                w.member("single") { Self.templatePieces(&$0, single) }
                w.member("pair") { Self.templatePieces(&$0, pair) }
                w.member("special_tokens") { w in
                    w.object { w in
                        for (token, id) in specials {
                            w.member(token) { w in
                                w.object { w in
                                    w.member("id") { $0.string(token) }
                                    w.member("ids") { w in w.array { w in w.element { $0.number(Int(id)) } } }
                                    w.member("tokens") { w in w.array { w in w.element { $0.string(token) } } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The file's `Precompiled` normalizer, alone or inside a `Sequence`.
    private static func precompiledNormalizer(_ normalizer: JSONValue?) -> JSONValue? {
        guard let normalizer else { return nil }
        if (try? normalizer.typeTag()) == "Precompiled" { return normalizer }
        if (try? normalizer.typeTag()) == "Sequence", let steps = try? normalizer.required("normalizers").arrayElements() {
            return steps.first { (try? $0.typeTag()) == "Precompiled" }
        }
        return nil
    }
}

/// A value written into a tokenizer.json.

/// Components of tokenizer.json to replace (nil: keep the file's) and model fields to set.
struct PipelinePatch {
    var normalizer: JSONFragment?
    var preTokenizer: JSONFragment?
    var postProcessor: JSONFragment?
    var decoder: JSONFragment?
    var model: [(String, JSONFragment)] = []
}

/// The named tokens of a folder and their ids, for the post-processors classes build.
struct TokenLookup {
    let named: [String: String]
    let idOf: (String) -> UInt32?

    func content(_ name: String) -> String? { named[name] }
    func id(ofNamed name: String) -> UInt32? { named[name].flatMap(idOf) }
}

extension Array where Element == UInt8 {
    /// True when `needle` occurs in the array.
    func containsSubsequence(_ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= count else { return needle.isEmpty }
        var i = 0
        let last = count - needle.count
        while i <= last {
            if self[i] == first {
                var j = 1
                while j < needle.count && self[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}
