/// The tokenizer.json of a byte-level rank file (tiktoken, tekken), as `transformers` writes it:
/// `TikTokenConverter` and, for tekken.json, `MistralConverter`.
///
/// The vocabulary maps each token's bytes, in the ByteLevel alphabet, to its rank (shifted past the
/// special-token block); the merges are every split of every token into two tokens, in the order of the
/// merged token's rank, and for one token by the ranks of its left then its right half; `ignore_merges`
/// takes a word that is a token whole. The pre-tokenizer is the file's pattern `Split` (isolated) then
/// ByteLevel without its own regex; post-processor and decoder are ByteLevel.
struct ByteLevelRanksConversion: Sendable {
    let ranks: TiktokenRankFile
    /// Ids of the ranks start here (tekken: after the special tokens).
    let idOffset: UInt32
    let pattern: String
    /// Tokens that the converter also puts in the model's vocabulary (tekken's special block), by id.
    let vocabularySpecials: [(content: String, id: UInt32)]

    /// The tokenizer.json text; `added_tokens` is left empty (`jsonData` writes the tokenizer's own).
    func json() -> [UInt8] {
        let count = ranks.count
        var order = Array(0..<count)
        order.sort { ranks.ranks[$0] < ranks.ranks[$1] }
        var rankOfToken: [[UInt8]: UInt32] = [:]
        rankOfToken.reserveCapacity(count)
        for index in 0..<count { rankOfToken[ranks.tokens[index]] = ranks.ranks[index] }
        func mapped(_ token: ArraySlice<UInt8>) -> [UInt8] {
            var result: [UInt8] = []
            result.reserveCapacity(token.count * 2)
            ByteLevelAlphabet.appendMapped(Array(token), to: &result)
            return result
        }

        // The vocabulary as a Python dict builds it: a later key replaces an earlier one's id in place.
        var vocabulary: [(key: [UInt8], id: UInt32)] = []
        var slot: [[UInt8]: Int] = [:]
        func insert(_ key: [UInt8], _ id: UInt32) {
            if let at = slot[key] { vocabulary[at].id = id } else { slot[key] = vocabulary.count; vocabulary.append((key, id)) }
        }
        for index in order { insert(mapped(ranks.tokens[index][...]), ranks.ranks[index] + idOffset) }
        for special in vocabularySpecials { insert(Array(special.content.utf8), special.id) }

        var writer = JSONWriter(pretty: false)
        writer.tokenizerDocument(
            preTokenizer: { w in
                w.object { w in
                    w.member("type") { $0.string("Sequence") }
                    w.member("pretokenizers") { w in
                        w.array { w in
                            w.element { w in
                                w.object { w in
                                    w.member("type") { $0.string("Split") }
                                    w.member("pattern") { w in w.object { $0.member("Regex") { $0.string(RegexDialects.possessiveForOniguruma(pattern)) } } }
                                    w.member("behavior") { $0.string("Isolated") }
                                    w.member("invert") { $0.bool(false) }
                                }
                            }
                            w.element { $0.byteLevel(addPrefixSpace: false, trimOffsets: true, useRegex: false) }
                        }
                    }
                }
            },
            postProcessor: { $0.byteLevel(addPrefixSpace: true, trimOffsets: false, useRegex: true) },
            decoder: { $0.byteLevel(addPrefixSpace: true, trimOffsets: true, useRegex: true) },
            model: { w in
                w.object { w in
                    w.member("type") { $0.string("BPE") }
                    for key in ["dropout", "unk_token", "continuing_subword_prefix", "end_of_word_suffix"] {
                        w.member(key) { $0.null() }
                    }
                    w.member("fuse_unk") { $0.bool(false) }
                    w.member("byte_fallback") { $0.bool(false) }
                    w.member("ignore_merges") { $0.bool(true) }
                    w.member("vocab") { w in
                        w.object { w in
                            for entry in vocabulary.sorted(by: { $0.id < $1.id }) {
                                w.member(bytes: entry.key) { $0.number(Int(entry.id)) }
                            }
                        }
                    }
                    w.member("merges") { w in
                        w.array { w in
                            var splits: [(left: UInt32, right: UInt32, at: Int)] = []
                            for index in order {
                                let token = ranks.tokens[index]
                                guard token.count >= 2 else { continue }
                                splits.removeAll(keepingCapacity: true)
                                for at in 1..<token.count {
                                    if let left = rankOfToken[Array(token[..<at])], let right = rankOfToken[Array(token[at...])] {
                                        splits.append((left, right, at))
                                    }
                                }
                                splits.sort { ($0.left, $0.right) < ($1.left, $1.right) }
                                for split in splits {
                                    w.element { w in
                                        w.array { w in
                                            w.element { $0.string(bytes: mapped(token[..<split.at])) }
                                            w.element { $0.string(bytes: mapped(token[split.at...])) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            })
        return writer.bytes
    }
}
