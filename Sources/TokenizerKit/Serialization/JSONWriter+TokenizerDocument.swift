/// A piece of JSON written in place (a component object, a value).
typealias JSONFragment = (inout JSONWriter) -> Void

extension JSONWriter {
    /// Writes a whole tokenizer.json in the reference's member order: `version` "1.0", null `truncation` and
    /// `padding`, `added_tokens` (an empty list when nil), `normalizer`, `pre_tokenizer`, `post_processor`
    /// and `decoder` (null when nil), then `model`. The converters of the other formats write through it.
    mutating func tokenizerDocument(addedTokens: JSONFragment? = nil, normalizer: JSONFragment? = nil,
                                    preTokenizer: JSONFragment? = nil, postProcessor: JSONFragment? = nil,
                                    decoder: JSONFragment? = nil, model: JSONFragment) {
        object { w in
            w.member("version") { $0.string("1.0") }
            w.member("truncation") { $0.null() }
            w.member("padding") { $0.null() }
            w.member("added_tokens") { w in if let addedTokens { addedTokens(&w) } else { w.array { _ in } } }
            for (key, component) in [("normalizer", normalizer), ("pre_tokenizer", preTokenizer),
                                     ("post_processor", postProcessor), ("decoder", decoder)] {
                w.member(key) { w in if let component { component(&w) } else { w.null() } }
            }
            w.member("model", model)
        }
    }

    /// A `ByteLevel` component: the reference's one type serves as pre-tokenizer, post-processor and decoder.
    mutating func byteLevel(addPrefixSpace: Bool, trimOffsets: Bool, useRegex: Bool) {
        object { w in
            w.member("type") { $0.string("ByteLevel") }
            w.member("add_prefix_space") { $0.bool(addPrefixSpace) }
            w.member("trim_offsets") { $0.bool(trimOffsets) }
            w.member("use_regex") { $0.bool(useRegex) }
        }
    }
}
