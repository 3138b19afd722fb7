import Foundation

extension Tokenizer {
    /// The tokenizer as tokenizer.json text that the reference library loads and encodes identically.
    ///
    /// Components are written back exactly as they were read (strings and numbers byte for byte);
    /// `truncation`, `padding` and `added_tokens` reflect the current values, including changes made
    /// through the API.
    /// - Throws: `TokenizerError.unsupported` for a tokenizer loaded from a tiktoken or tekken file (one
    ///   loaded from vocab.txt or vocab.json + merges.txt is built from a tokenizer.json, and saves).
    public func jsonData(pretty: Bool = true) throws -> [UInt8] {
        if let sourceFormat, sourceJSON.isEmpty {
            throw TokenizerError.unsupported("a tokenizer loaded from a \(sourceFormat.format) file cannot be written as tokenizer.json yet")
        }
        let document = try JSONDocument(parsing: sourceJSON, source: "tokenizer")
        let root = document.root
        var writer = JSONWriter(pretty: pretty)
        writer.object { w in
            w.member("version") { $0.string("1.0") }
            w.member("truncation") { w in
                guard let t = truncation else { return w.null() }
                w.object { w in
                    w.member("direction") { $0.string(t.direction.rawValue) }
                    w.member("max_length") { $0.number(t.maximumLength) }
                    w.member("strategy") { $0.string(t.strategy.rawValue) }
                    w.member("stride") { $0.number(t.stride) }
                }
            }
            w.member("padding") { w in
                guard let p = padding else { return w.null() }
                w.object { w in
                    w.member("strategy") { w in
                        switch p.strategy {
                        case .batchLongest: w.string("BatchLongest")
                        case let .fixed(n): w.object { $0.member("Fixed") { $0.number(n) } }
                        }
                    }
                    w.member("direction") { $0.string(p.direction.rawValue) }
                    w.member("pad_to_multiple_of") { w in if let m = p.padToMultipleOf { w.number(m) } else { w.null() } }
                    w.member("pad_id") { $0.number(Int(p.padID)) }
                    w.member("pad_type_id") { $0.number(Int(p.padTypeID)) }
                    w.member("pad_token") { $0.string(p.padToken) }
                }
            }
            w.member("added_tokens") { w in
                w.array { w in
                    for (id, token) in addedVocabulary.tokens.sorted(by: { $0.key < $1.key }) {
                        w.element { w in
                            w.object { w in
                                w.member("id") { $0.number(Int(id)) }
                                w.member("content") { $0.string(token.content) }
                                w.member("single_word") { $0.bool(token.singleWord) }
                                w.member("lstrip") { $0.bool(token.leftStrip) }
                                w.member("rstrip") { $0.bool(token.rightStrip) }
                                w.member("normalized") { $0.bool(token.normalized) }
                                w.member("special") { $0.bool(token.special) }
                            }
                        }
                    }
                }
            }
            for key in ["normalizer", "pre_tokenizer", "post_processor", "decoder", "model"] {
                w.member(key) { w in
                    if let value = root[key] { w.value(value) } else { w.null() }
                }
            }
        }
        return writer.bytes
    }

    /// Writes the tokenizer.json to `path` (atomically).
    public func write(toFile path: String, pretty: Bool = true) throws {
        let bytes = try jsonData(pretty: pretty)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw TokenizerError.unreadableFile(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }
}
