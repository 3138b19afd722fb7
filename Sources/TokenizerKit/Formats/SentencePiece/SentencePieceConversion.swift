import Foundation

/// The tokenizer.json that transformers 5.25.0 builds from a SentencePiece model when it has no
/// tokenizer.json (`TokenizersBackend._convert_from_sentencepiece` → `SpmConverter.build_tokenizer_from_spm_proto`,
/// legacy), and what that pipeline cannot express of sentencepiece.
///
/// ```swift
/// let conversion = SentencePieceConversion(proto: proto)
/// let json = conversion.json()          // loads in `tokenizers` 0.23.3
/// conversion.differences                // where its encodings differ from sentencepiece's
/// ```
///
/// Unigram models become a `Unigram` model; BPE models a `BPE` model with `byte_fallback`, `fuse_unk`, and
/// merges ranked by the merged piece's score (every split of a normal piece into two normal pieces), with the
/// Replace / ByteFallback / Fuse / Strip decoder. The normalizer spec becomes Precompiled, Replace
/// normalizers and a Metaspace pre-tokenizer; user-defined pieces are isolated by a Split; control pieces
/// are special added tokens.
struct SentencePieceConversion {
    let proto: SentencePieceModelProto

    /// The serialized tokenizer.json.
    func json() -> [UInt8] {
        let pieces = proto.pieces
        let normalizerSpec = proto.normalizerSpec
        let trainer = proto.trainerSpec
        let userDefined = pieces.filter { $0.type == .userDefined }.map { String(decoding: $0.piece, as: UTF8.self) }
        var w = JSONWriter(pretty: false)
        w.tokenizerDocument(
            addedTokens: { w in
                w.array { w in
                    for (id, piece) in pieces.enumerated() where piece.type == .control {
                        w.elementObject { w in
                            w.member("id") { $0.number(id) }
                            w.member("content") { $0.string(bytes: piece.piece) }
                            w.member("single_word") { $0.bool(false) }
                            w.member("lstrip") { $0.bool(false) }
                            w.member("rstrip") { $0.bool(false) }
                            w.member("normalized") { $0.bool(false) }
                            w.member("special") { $0.bool(true) }
                        }
                    }
                }
            },
            normalizer: { w in
                w.object { w in
                    w.member("type") { $0.string("Sequence") }
                    w.member("normalizers") { w in
                        w.array { w in
                            if !normalizerSpec.precompiledCharsmap.isEmpty {
                                w.elementObject { w in
                                    w.member("type") { $0.string("Precompiled") }
                                    w.member("precompiled_charsmap") { $0.string(Data(normalizerSpec.precompiledCharsmap).base64EncodedString()) }
                                }
                            }
                            if normalizerSpec.removeExtraWhitespaces {
                                Self.replace(&w, regex: #"\A +| +\z"#, content: "")
                                Self.replace(&w, regex: " {2,}", content: " ")
                            }
                            if normalizerSpec.escapeWhitespaces { Self.replace(&w, string: " ", content: "\u{2581}") }
                            if normalizerSpec.addDummyPrefix { Self.replace(&w, regex: "\\A\u{2581}", content: "\u{2581}\u{2581}") }
                        }
                    }
                }
            },
            preTokenizer: { w in
                guard normalizerSpec.addDummyPrefix || !userDefined.isEmpty else { w.null(); return }
                w.object { w in
                    w.member("type") { $0.string("Sequence") }
                    w.member("pretokenizers") { w in
                        w.array { w in
                            if normalizerSpec.addDummyPrefix {
                                w.elementObject { w in
                                    w.member("type") { $0.string("Metaspace") }
                                    w.member("replacement") { $0.string("\u{2581}") }
                                    w.member("prepend_scheme") { $0.string("always") }
                                    w.member("split") { $0.bool(false) }
                                }
                            }
                            if !userDefined.isEmpty {
                                // Longest first (a stable sort by length in characters), each escaped as Python's re.escape.
                                let ordered = userDefined.enumerated().sorted {
                                    let (a, b) = ($0.element.unicodeScalars.count, $1.element.unicodeScalars.count)
                                    return a != b ? a > b : $0.offset < $1.offset
                                }.map(\.element)
                                let pattern = ordered.map(Self.pythonEscaped).joined(separator: "|")
                                w.elementObject { w in
                                    w.member("type") { $0.string("Split") }
                                    w.member("pattern") { w in w.object { w in w.member("Regex") { $0.string(pattern) } } }
                                    w.member("behavior") { $0.string("Isolated") }
                                    w.member("invert") { $0.bool(false) }
                                }
                            }
                        }
                    }
                }
            },
            decoder: { w in
                w.object { w in
                    w.member("type") { $0.string("Sequence") }
                    w.member("decoders") { w in
                        w.array { w in
                            w.elementObject { w in
                                w.member("type") { $0.string("Replace") }
                                w.member("pattern") { w in w.object { w in w.member("String") { $0.string("\u{2581}") } } }
                                w.member("content") { $0.string(" ") }
                            }
                            if trainer.byteFallback { w.elementObject { w in w.member("type") { $0.string("ByteFallback") } } }
                            if normalizerSpec.addDummyPrefix || trainer.byteFallback {
                                w.elementObject { w in w.member("type") { $0.string("Fuse") } }
                            }
                            if normalizerSpec.addDummyPrefix {
                                w.elementObject { w in
                                    w.member("type") { $0.string("Strip") }
                                    w.member("content") { $0.string(" ") }
                                    w.member("start") { $0.number(1) }
                                    w.member("stop") { $0.number(0) }
                                }
                            }
                        }
                    }
                }
            },
            model: { w in
                if trainer.modelType == .bpe { bpeModel(&w, hasUserDefined: !userDefined.isEmpty) } else { unigramModel(&w) }
            })
        return w.bytes
    }

    private func unigramModel(_ w: inout JSONWriter) {
        w.object { w in
            w.member("type") { $0.string("Unigram") }
            w.member("unk_id") { $0.number(Int(proto.trainerSpec.unknownID)) }
            w.member("vocab") { w in
                w.array { w in
                    for piece in proto.pieces {
                        w.element { w in
                            w.array { w in
                                w.element { $0.string(bytes: piece.piece) }
                                w.element { $0.number(Double(piece.score)) }
                            }
                        }
                    }
                }
            }
            w.member("byte_fallback") { $0.bool(proto.trainerSpec.byteFallback) }
        }
    }

    private func bpeModel(_ w: inout JSONWriter, hasUserDefined: Bool) {
        let pieces = proto.pieces
        // Merges: every split (at a character boundary) of a normal piece into two normal pieces, by the piece's
        // score (highest first), then its id, then the split's position.
        var normal: [[UInt8]: Int] = [:]
        for (id, piece) in pieces.enumerated() where piece.type == .normal { normal[piece.piece] = id }
        var ranked: [(score: Float, id: Int, split: Int)] = []
        for (token, id) in normal {
            var boundary = 0
            while true {
                boundary += 1
                while boundary < token.count && token[boundary] & 0xC0 == 0x80 { boundary += 1 }
                guard boundary < token.count else { break }
                if normal[Array(token[..<boundary])] != nil && normal[Array(token[boundary...])] != nil {
                    ranked.append((pieces[id].score, id, boundary))
                }
            }
        }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : ($0.id != $1.id ? $0.id < $1.id : $0.split < $1.split) }
        w.object { w in
            w.member("type") { $0.string("BPE") }
            w.member("dropout") { $0.null() }
            w.member("unk_token") { $0.string(bytes: proto.trainerSpec.unknownPiece) }
            w.member("continuing_subword_prefix") { $0.null() }
            w.member("end_of_word_suffix") { $0.null() }
            w.member("fuse_unk") { $0.bool(true) }
            w.member("byte_fallback") { $0.bool(proto.trainerSpec.byteFallback) }
            w.member("ignore_merges") { $0.bool(hasUserDefined) }
            w.member("vocab") { w in
                w.object { w in
                    for (id, piece) in pieces.enumerated() { w.member(String(decoding: piece.piece, as: UTF8.self)) { $0.number(id) } }
                }
            }
            w.member("merges") { w in
                w.array { w in
                    for merge in ranked {
                        let token = pieces[merge.id].piece
                        w.element { w in
                            w.array { w in
                                w.element { $0.string(bytes: Array(token[..<merge.split])) }
                                w.element { $0.string(bytes: Array(token[merge.split...])) }
                            }
                        }
                    }
                }
            }
        }
    }

    private static func replace(_ w: inout JSONWriter, regex: String? = nil, string: String? = nil, content: String) {
        w.elementObject { w in
            w.member("type") { $0.string("Replace") }
            w.member("pattern") { w in
                w.object { w in
                    if let regex { w.member("Regex") { $0.string(regex) } } else { w.member("String") { $0.string(string ?? "") } }
                }
            }
            w.member("content") { $0.string(content) }
        }
    }

    /// Python's `re.escape`: a backslash before `()[]{}?*+-|^$\.&~#`, space and `\t\n\r\v\f`.
    static func pythonEscaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if "()[]{}?*+-|^$\\.&~# \t\n\r\u{0B}\u{0C}".unicodeScalars.contains(scalar) { result.unicodeScalars.append("\\") }
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    /// What the converted pipeline cannot express exactly, for this model. Each kind was seen comparing
    /// `tokenizers` 0.23.3 on the converted files of the eight shared models with sentencepiece 0.2.3 on 100
    /// lines of every corpus file (scripts/sentencepiece_conformance.py --converted): control pieces in every
    /// model; the charsmap in chatglm (nmt_nfkc) and sp-test-ja; a trailing literal U+2581 in bpemb and sp-test;
    /// Unigram near ties in chatglm and sp-test-ja; marian's suffix whitespace (672 of 21,545 lines alike) and
    /// denormalizer; `<unk>` in decoded text of bpemb and sp-test. User-defined pieces (mistral v3, chatglm)
    /// and BPE merges (ranked by score, so Mistral v3's runs of spaces come out as sentencepiece's) showed none.
    var differences: [String] {
        let n = proto.normalizerSpec
        let t = proto.trainerSpec
        var result: [String] = []
        if proto.pieces.contains(where: { $0.type == .control }) {
            result.append("control pieces (<s>, </s>, …) become special added tokens: the converted tokenizer matches them in the text (and restarts the dummy prefix after them); sentencepiece never matches control pieces")
        }
        if !n.precompiledCharsmap.isEmpty {
            result.append("precompiled_charsmap: the Precompiled normalizer applies the shortest rule per grapheme cluster, sentencepiece the longest rule over the raw text: some sequences normalize differently (half-width katakana with voiced marks, decomposed Hangul and Vietnamese, Bengali vowel signs, stacked combining marks)")
        }
        if n.removeExtraWhitespaces {
            result.append("remove_extra_whitespaces: sentencepiece also strips a literal U+2581 at the end of the text (it strips escaped spaces); the converted Replace normalizers strip only spaces")
        }
        if t.modelType == .unigram {
            result.append("Unigram: sentencepiece adds path scores in 32-bit floats and keeps the first of equal paths, tokenizers adds in 64-bit: near ties (long runs of one character, digits, dots or dashes) can segment differently")
        }
        if t.treatWhitespaceAsSuffix {
            result.append("treat_whitespace_as_suffix: not expressible; the converted pipeline puts U+2581 before words where sentencepiece puts it after them, so most lines encode differently")
        }
        if let d = proto.denormalizerSpec, !d.precompiledCharsmap.isEmpty {
            result.append("denormalizer_spec: decoding does not apply the model's denormalization rules")
        }
        if !t.byteFallback {
            result.append("decoding writes the unknown piece as its text (\(String(decoding: t.unknownPiece, as: UTF8.self))) where sentencepiece writes unk_surface (\(String(decoding: t.unknownSurface, as: UTF8.self).debugDescription))")
        }
        return result
    }
}

extension JSONWriter {
    /// An object as the next element of an array.
    fileprivate mutating func elementObject(_ body: (inout JSONWriter) -> Void) {
        element { $0.object(body) }
    }
}
