import Foundation
import Testing
@testable import TokenizerKit

// Every expected value in this file comes from the reference, tokenizers 0.23.3 (Python package): the
// normalized text from `normalize_str`, and the original range of each normalized scalar from encoding with a
// WordLevel model and a pre-tokenizer that isolates every scalar (`Split(Regex("[\s\S]"), "isolated")`),
// converted from scalar offsets to UTF-8 byte offsets.

/// One reference case: a normalizer as tokenizer.json spells it, an input, the reference's normalized text,
/// and the original byte range of each normalized scalar, flattened (`start0, end0, start1, end1, …`).
struct NormalizerCase: Sendable, CustomTestStringConvertible {
    let normalizer: String
    let input: String
    let expected: String
    let alignments: [Int]

    init(_ normalizer: String, _ input: String, _ expected: String, _ alignments: [Int]) {
        self.normalizer = normalizer
        self.input = input
        self.expected = expected
        self.alignments = alignments
    }

    var testDescription: String { "\(normalizer) on \(input.debugDescription)" }
}

/// A reference case for a normalizer fixed by the test (a charsmap).
struct PrecompiledCase: Sendable, CustomTestStringConvertible {
    let input: String
    let expected: String
    let alignments: [Int]

    init(_ input: String, _ expected: String, _ alignments: [Int]) {
        self.input = input
        self.expected = expected
        self.alignments = alignments
    }

    var testDescription: String { input.debugDescription }
}

/// Decodes a normalizer from JSON text, as the value of `normalizer` in a tokenizer.json.
private func decodeNormalizer(_ json: String) throws -> AnyNormalizer {
    let document = try JSONDocument(parsing: Array(#"{"normalizer":"#.utf8) + Array(json.utf8) + [UInt8(ascii: "}")],
                                    source: "test.json")
    return try AnyNormalizer(json: document.root.required("normalizer"))
}

/// Normalizes `input` as the text of a string that starts at byte `offset` of some original, and returns the
/// normalized text and each normalized scalar's alignment relative to `offset`, flattened.
private func normalize(_ input: String, with normalizer: AnyNormalizer, offset: Int = 0) -> (String, [Int]) {
    var string = Array(input.utf8).withUnsafeBufferPointer { NormalizedString(original: $0, at: offset) }
    normalizer.normalize(&string)
    var alignments: [Int] = []
    var i = 0
    while i < string.bytes.count {
        let length = UTF8Scalar.length(lead: string.bytes[i])
        // Every byte of a scalar shares its alignment.
        for k in 1..<length { #expect(string.alignments[i + k] == string.alignments[i]) }
        alignments.append(Int(string.alignments[i].start) - offset)
        alignments.append(Int(string.alignments[i].end) - offset)
        i += length
    }
    #expect(string.alignments.count == string.bytes.count)
    return (String(decoding: string.bytes, as: UTF8.self), alignments)
}

/// Checks one normalizer on one input against the reference, at offset 0 and at an absolute offset (the
/// alignments, insertions at the very start included, must only shift).
private func check(_ normalizer: AnyNormalizer, _ input: String, _ expected: String, _ alignments: [Int]) {
    let (text, got) = normalize(input, with: normalizer)
    #expect(Array(text.unicodeScalars) == Array(expected.unicodeScalars))
    #expect(got == alignments)
    let (shiftedText, shifted) = normalize(input, with: normalizer, offset: 7)
    #expect(Array(shiftedText.unicodeScalars) == Array(expected.unicodeScalars))
    #expect(shifted == alignments)
}

/// A short description of a decoded normalizer, to check decoding.
private func summary(_ normalizer: AnyNormalizer) -> String {
    switch normalizer {
    case .nfc: "NFC"
    case .nfd: "NFD"
    case .nfkc: "NFKC"
    case .nfkd: "NFKD"
    case .lowercase: "Lowercase"
    case let .strip(strip): "Strip(\(strip.stripsLeft),\(strip.stripsRight))"
    case .stripAccents: "StripAccents"
    case let .replace(replace): "Replace(\(String(decoding: replace.content.map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)))"
    case let .prepend(prepend): "Prepend(\(prepend.prefix.count))"
    case let .bert(bert):
        "Bert(\(bert.cleansText),\(bert.handlesChineseCharacters),\(bert.stripsAccents.map(String.init) ?? "nil"),\(bert.lowercases))"
    case .byteLevel: "ByteLevel"
    case .precompiled: "Precompiled"
    case .nmt: "Nmt"
    case let .sequence(normalizers): "Sequence[\(normalizers.map(summary).joined(separator: ","))]"
    }
}

@Suite("Normalizers")
struct NormalizerTests {
    @Test("NFC, NFD, NFKC, NFKD", arguments: NormalizerReference.unicodeForms)
    func unicodeForms(_ c: NormalizerCase) throws {
        check(try decodeNormalizer(c.normalizer), c.input, c.expected, c.alignments)
    }

    @Test("Lowercase", arguments: NormalizerReference.lowercase)
    func lowercase(_ c: NormalizerCase) throws {
        check(try decodeNormalizer(c.normalizer), c.input, c.expected, c.alignments)
    }

    @Test("Strip", arguments: NormalizerReference.strip)
    func strip(_ c: NormalizerCase) throws {
        check(try decodeNormalizer(c.normalizer), c.input, c.expected, c.alignments)
    }

    @Test("StripAccents", arguments: NormalizerReference.stripAccents)
    func stripAccents(_ c: NormalizerCase) throws {
        check(try decodeNormalizer(c.normalizer), c.input, c.expected, c.alignments)
    }

    @Test("Replace", arguments: NormalizerReference.replace)
    func replace(_ c: NormalizerCase) throws {
        check(try decodeNormalizer(c.normalizer), c.input, c.expected, c.alignments)
    }

    @Test("Prepend", arguments: NormalizerReference.prepend)
    func prepend(_ c: NormalizerCase) throws {
        check(try decodeNormalizer(c.normalizer), c.input, c.expected, c.alignments)
    }

    @Test("BertNormalizer", arguments: NormalizerReference.bert)
    func bert(_ c: NormalizerCase) throws {
        check(try decodeNormalizer(c.normalizer), c.input, c.expected, c.alignments)
    }

    @Test("ByteLevel and Nmt", arguments: NormalizerReference.byteLevelAndNmt)
    func byteLevelAndNmt(_ c: NormalizerCase) throws {
        check(try decodeNormalizer(c.normalizer), c.input, c.expected, c.alignments)
    }

    @Test("Sequence", arguments: NormalizerReference.sequences)
    func sequence(_ c: NormalizerCase) throws {
        check(try decodeNormalizer(c.normalizer), c.input, c.expected, c.alignments)
    }

    @Test("Precompiled: shortest-prefix lookups per grapheme, removals, expansions", arguments: NormalizerReference.precompiledSmall)
    func precompiledSmall(_ c: PrecompiledCase) throws {
        let normalizer = try decodeNormalizer(#"{"type":"Precompiled","precompiled_charsmap":"\#(NormalizerReference.smallCharsmap)"}"#)
        check(normalizer, c.input, c.expected, c.alignments)
    }

    static let vocabulary = RepositoryPaths.root.deletingLastPathComponent().appendingPathComponent("shared/vocab").path

    /// The normalizer of a tokenizer.json from the shared vocabulary folder.
    static func sharedNormalizer(_ name: String) throws -> AnyNormalizer {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(vocabulary)/\(name)/tokenizer.json"))
        let document = try JSONDocument(parsing: [UInt8](data), source: name)
        return try AnyNormalizer(json: document.root.required("normalizer"))
    }

    @Test("Precompiled: t5-small (fails when ../shared is missing)",
          arguments: NormalizerReference.precompiledT5)
    func precompiledT5(_ c: PrecompiledCase) throws {
        check(try Self.sharedNormalizer("t5-small"), c.input, c.expected, c.alignments)
    }

    @Test("Sequence with Precompiled: marian-nmt (fails when ../shared is missing)",
          arguments: NormalizerReference.marianSequence)
    func marian(_ c: PrecompiledCase) throws {
        check(try Self.sharedNormalizer("marian-nmt"), c.input, c.expected, c.alignments)
    }

    /// Long texts go through the quick check in several pieces and many segments: a text made of one unit
    /// repeated must come out as the unit's own result repeated, alignments shifted.
    @Test("Long texts: the result of the parts", arguments: [
        #"{"type":"NFC"}"#, #"{"type":"NFD"}"#, #"{"type":"NFKC"}"#, #"{"type":"NFKD"}"#, #"{"type":"Lowercase"}"#,
        #"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":true}"#,
        #"{"type":"StripAccents"}"#, #"{"type":"ByteLevel"}"#,
    ])
    func longText(json: String) throws {
        let normalizer = try decodeNormalizer(json)
        for unit in ["e\u{301} \u{FB01}x \u{1100}\u{1161}\u{11A8}\u{212B}\u{323} \u{4E2D}\u{FF21}\u{301} ", "\u{430}\u{301}\u{431}ü\u{308} ", "ab "] {
            let (unitText, unitAlignments) = normalize(unit, with: normalizer)
            let repeats = 3000
            let (text, alignments) = normalize(String(repeating: unit, count: repeats), with: normalizer)
            #expect(text == String(repeating: unitText, count: repeats))
            var expected: [Int] = []
            let unitLength = unit.utf8.count
            for k in 0..<repeats { expected += unitAlignments.map { $0 + k * unitLength } }
            #expect(alignments == expected)
        }
    }

    /// What the reference decodes (legacy objects without a known `type` are recognised by their fields).
    @Test("Decoding", arguments: [
        (#"{"type":"NFC"}"#, "NFC"),
        (#"{"type":"NFKC","extra":1}"#, "NFKC"),
        (#"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":false,"strip_accents":null,"lowercase":true}"#, "Bert(true,false,nil,true)"),
        (#"{"type":"BertNormalizer","clean_text":false,"handle_chinese_chars":true,"lowercase":false,"strip_accents":true}"#, "Bert(false,true,true,false)"),
        (#"{"type":"Bert","clean_text":true,"handle_chinese_chars":true,"lowercase":true}"#, "Bert(true,true,nil,true)"),
        (#"{"clean_text":true,"handle_chinese_chars":true,"lowercase":true}"#, "Bert(true,true,nil,true)"),
        (#"{"type":"BertNormalizer","strip_left":true,"strip_right":true}"#, "Strip(true,true)"),
        (#"{"strip_left":true,"strip_right":false}"#, "Strip(true,false)"),
        (#"{"type":"Foo","strip_left":true,"strip_right":true,"prepend":"x"}"#, "Strip(true,true)"),
        (#"{"prepend":"x"}"#, "Prepend(1)"),
        (#"{"type":"Foo","prepend":"\u2581"}"#, "Prepend(1)"),
        (#"{"pattern":{"String":"a"},"content":"b"}"#, "Replace(b)"),
        (#"{"normalizers":[{"type":"NFC"}]}"#, "Sequence[NFC]"),
        (#"{"type":"Foo","normalizers":[]}"#, "Sequence[]"),
        (#"{"type":"Sequence","normalizers":[{"type":"Lowercase"},{"type":"Nmt"},{"type":"ByteLevel"},{"type":"StripAccents"},{"type":"NFD"},{"type":"NFKD"}]}"#,
         "Sequence[Lowercase,Nmt,ByteLevel,StripAccents,NFD,NFKD]"),
        (#"{"type":"Replace","pattern":{"Regex":""},"content":""}"#, "Replace()"),
    ])
    func decoding(json: String, expected: String) throws {
        #expect(summary(try decodeNormalizer(json)) == expected)
    }

    /// What the reference refuses; the error names the JSON path.
    @Test("Decoding errors", arguments: [
        (#"{}"#, "normalizer:"),
        (#"{"type":"nfc"}"#, "normalizer: unknown normalizer type `nfc`"),
        (#"{"type":1}"#, "normalizer:"),
        (#""NFC""#, "normalizer: expected a normalizer object"),
        (#"{"type":"BertNormalizer"}"#, "normalizer:"),
        (#"{"type":"Bert","clean_text":true,"handle_chinese_chars":true,"lowercase":null}"#, "normalizer.lowercase: expected a boolean"),
        (#"{"type":"Strip"}"#, "normalizer: missing field `strip_left`"),
        (#"{"type":"Strip","strip_left":true}"#, "normalizer: missing field `strip_right`"),
        (#"{"type":"Strip","strip_left":1,"strip_right":true}"#, "normalizer.strip_left: expected a boolean"),
        (#"{"type":"Prepend"}"#, "normalizer: missing field `prepend`"),
        (#"{"type":"Prepend","prepend":null}"#, "normalizer.prepend: expected a string"),
        (#"{"type":"Replace","pattern":"a","content":"b"}"#, "normalizer.pattern: expected"),
        (#"{"type":"Replace","pattern":{"String":"a","Regex":"b"},"content":"b"}"#, "normalizer.pattern: expected"),
        (#"{"type":"Replace","pattern":{},"content":"b"}"#, "normalizer.pattern: expected"),
        (#"{"type":"Replace","pattern":{"Regex":"("},"content":"b"}"#, "normalizer.pattern.Regex:"),
        (#"{"type":"Replace","pattern":{"String":"a"},"content":null}"#, "normalizer.content: expected a string"),
        (#"{"type":"Sequence"}"#, "normalizer: missing field `normalizers`"),
        (#"{"type":"Sequence","normalizers":null}"#, "normalizer.normalizers: expected an array"),
        (#"{"type":"Sequence","normalizers":[{"type":"NFC"},{"type":"Foo"}]}"#, "normalizer.normalizers[1]: unknown normalizer type `Foo`"),
        (#"{"type":"Precompiled"}"#, "normalizer: missing field `precompiled_charsmap`"),
        (#"{"type":"Precompiled","precompiled_charsmap":null}"#, "normalizer.precompiled_charsmap: expected a string"),
        (#"{"type":"Precompiled","precompiled_charsmap":""}"#, "normalizer.precompiled_charsmap: cannot parse"),
        (#"{"type":"Precompiled","precompiled_charsmap":"AAA="}"#, "normalizer.precompiled_charsmap: cannot parse"),
        (#"{"type":"Precompiled","precompiled_charsmap":"not base64!"}"#, "normalizer.precompiled_charsmap: invalid base64"),
        (#"{"type":"Precompiled","precompiled_charsmap":"CAAAAAAAAAAAAAAA/w=="}"#, "normalizer.precompiled_charsmap: the replacement strings are not valid UTF-8"),
    ])
    func decodingErrors(json: String, message: String) {
        do {
            let normalizer = try decodeNormalizer(json)
            Issue.record("decoded \(summary(normalizer)) from \(json)")
        } catch {
            #expect("\(error)".hasPrefix(message), "\(error)")
        }
    }

    /// Untouched text keeps its storage: no normalizer rewrites a string it does not change.
    @Test("Identity on text that needs no change", arguments: [
        #"{"type":"NFC"}"#, #"{"type":"NFKC"}"#, #"{"type":"NFD"}"#, #"{"type":"Lowercase"}"#, #"{"type":"StripAccents"}"#,
    ])
    func identity(json: String) throws {
        let normalizer = try decodeNormalizer(json)
        for text in ["plain ascii text", "déjà vu — 東京 🙂", ""] {
            let (out, alignments) = normalize(text, with: normalizer)
            if json.contains("NFD") && text.contains("é") { continue }
            #expect(out == text)
            var expected: [Int] = []
            var offset = 0
            for scalar in text.unicodeScalars {
                let length = String(scalar).utf8.count
                expected += [offset, offset + length]
                offset += length
            }
            #expect(alignments == expected)
        }
    }
}

/// Reference tables.
enum NormalizerReference {
// Generated from tokenizers 0.23.3 (tools: /tmp/norm/gen_tests.py); expected values are the reference's.
    /// NFC, NFD, NFKC, NFKD: combining sequences, Hangul, compatibility characters, emoji, characters newer than the crate's Unicode 9.0.
    static let unicodeForms: [NormalizerCase] = [
        .init(#"{"type":"NFC"}"#, "e\u{301}", "\u{E9}", [0, 1]),
        .init(#"{"type":"NFC"}"#, "\u{C5}", "\u{C5}", [0, 2]),
        .init(#"{"type":"NFC"}"#, "A\u{30A}", "\u{C5}", [0, 1]),
        .init(#"{"type":"NFC"}"#, "\u{212B}", "\u{C5}", [0, 3]),
        .init(#"{"type":"NFC"}"#, "e\u{302}\u{323}x", "\u{1EC7}x", [0, 1, 5, 6]),
        .init(#"{"type":"NFC"}"#, "e\u{323}\u{302}", "\u{1EC7}", [0, 1]),
        .init(#"{"type":"NFC"}"#, "\u{1EC7}", "\u{1EC7}", [0, 3]),
        .init(#"{"type":"NFC"}"#, "\u{1100}\u{1161}\u{11A8}", "\u{AC01}", [0, 3]),
        .init(#"{"type":"NFC"}"#, "\u{AC01}", "\u{AC01}", [0, 3]),
        .init(#"{"type":"NFC"}"#, "\u{1100}\u{1161} \u{11A8}", "\u{AC00} \u{11A8}", [0, 3, 6, 7, 7, 10]),
        .init(#"{"type":"NFC"}"#, "\u{AC00}\u{11A7}", "\u{AC00}\u{11A7}", [0, 3, 3, 6]),
        .init(#"{"type":"NFC"}"#, "\u{FB01}", "\u{FB01}", [0, 3]),
        .init(#"{"type":"NFC"}"#, "\u{338F}", "\u{338F}", [0, 3]),
        .init(#"{"type":"NFC"}"#, "\u{2460}", "\u{2460}", [0, 3]),
        .init(#"{"type":"NFC"}"#, "\u{FF21}\u{FF22}\u{FF23}", "\u{FF21}\u{FF22}\u{FF23}", [0, 3, 3, 6, 6, 9]),
        .init(#"{"type":"NFC"}"#, "\u{1C5}", "\u{1C5}", [0, 2]),
        .init(#"{"type":"NFC"}"#, "\u{301}\u{301}abc", "\u{301}\u{301}abc", [0, 2, 2, 4, 4, 5, 5, 6, 6, 7]),
        .init(#"{"type":"NFC"}"#, "\u{1F600}\u{FE0F}", "\u{1F600}\u{FE0F}", [0, 4, 4, 7]),
        .init(#"{"type":"NFC"}"#, "\u{2764}\u{FE0F}", "\u{2764}\u{FE0F}", [0, 3, 3, 6]),
        .init(#"{"type":"NFC"}"#, "\u{1F468}\u{200D}\u{1F469}", "\u{1F468}\u{200D}\u{1F469}", [0, 4, 4, 7, 7, 11]),
        .init(#"{"type":"NFC"}"#, "\u{FF76}\u{FF9E}", "\u{FF76}\u{FF9E}", [0, 3, 3, 6]),
        .init(#"{"type":"NFC"}"#, "\u{FDFA}", "\u{FDFA}", [0, 3]),
        .init(#"{"type":"NFC"}"#, "\u{344}", "\u{308}\u{301}", [0, 2, 0, 2]),
        .init(#"{"type":"NFC"}"#, "\u{1E9B}\u{323}", "\u{1E9B}\u{323}", [0, 3, 3, 5]),
        .init(#"{"type":"NFC"}"#, "\u{2126}", "\u{3A9}", [0, 3]),
        .init(#"{"type":"NFC"}"#, "\u{958}", "\u{915}\u{93C}", [0, 3, 0, 3]),
        .init(#"{"type":"NFC"}"#, "a\u{F73}\u{301}", "\u{E1}\u{F71}\u{F72}", [0, 1, 4, 6, 4, 6]),
        .init(#"{"type":"NFC"}"#, "q\u{307}\u{323}", "q\u{323}\u{307}", [0, 1, 1, 3, 3, 5]),
        .init(#"{"type":"NFC"}"#, "a\u{1DF9}\u{300}\u{316}", "a\u{1DF9}\u{316}\u{300}", [0, 1, 1, 4, 4, 6, 6, 8]),
        .init(#"{"type":"NFC"}"#, "\u{11935}\u{11930}", "\u{11935}\u{11930}", [0, 4, 4, 8]),
        .init(#"{"type":"NFC"}"#, "\u{B47}\u{B3E}", "\u{B4B}", [0, 3]),
        .init(#"{"type":"NFC"}"#, "\u{BD} \u{B2} \u{2122}", "\u{BD} \u{B2} \u{2122}", [0, 2, 2, 3, 3, 5, 5, 6, 6, 9]),
        .init(#"{"type":"NFC"}"#, "Hello world", "Hello world", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11]),
        .init(#"{"type":"NFC"}"#, "", "", []),
        .init(#"{"type":"NFD"}"#, "e\u{301}", "e\u{301}", [0, 1, 1, 3]),
        .init(#"{"type":"NFD"}"#, "\u{C5}", "A\u{30A}", [0, 2, 0, 2]),
        .init(#"{"type":"NFD"}"#, "A\u{30A}", "A\u{30A}", [0, 1, 1, 3]),
        .init(#"{"type":"NFD"}"#, "\u{212B}", "A\u{30A}", [0, 3, 0, 3]),
        .init(#"{"type":"NFD"}"#, "e\u{302}\u{323}x", "e\u{323}\u{302}x", [0, 1, 1, 3, 3, 5, 5, 6]),
        .init(#"{"type":"NFD"}"#, "e\u{323}\u{302}", "e\u{323}\u{302}", [0, 1, 1, 3, 3, 5]),
        .init(#"{"type":"NFD"}"#, "\u{1EC7}", "e\u{323}\u{302}", [0, 3, 0, 3, 0, 3]),
        .init(#"{"type":"NFD"}"#, "\u{1100}\u{1161}\u{11A8}", "\u{1100}\u{1161}\u{11A8}", [0, 3, 3, 6, 6, 9]),
        .init(#"{"type":"NFD"}"#, "\u{AC01}", "\u{1100}\u{1161}\u{11A8}", [0, 3, 0, 3, 0, 3]),
        .init(#"{"type":"NFD"}"#, "\u{1100}\u{1161} \u{11A8}", "\u{1100}\u{1161} \u{11A8}", [0, 3, 3, 6, 6, 7, 7, 10]),
        .init(#"{"type":"NFD"}"#, "\u{AC00}\u{11A7}", "\u{1100}\u{1161}\u{11A7}", [0, 3, 0, 3, 3, 6]),
        .init(#"{"type":"NFD"}"#, "\u{FB01}", "\u{FB01}", [0, 3]),
        .init(#"{"type":"NFD"}"#, "\u{338F}", "\u{338F}", [0, 3]),
        .init(#"{"type":"NFD"}"#, "\u{2460}", "\u{2460}", [0, 3]),
        .init(#"{"type":"NFD"}"#, "\u{FF21}\u{FF22}\u{FF23}", "\u{FF21}\u{FF22}\u{FF23}", [0, 3, 3, 6, 6, 9]),
        .init(#"{"type":"NFD"}"#, "\u{1C5}", "\u{1C5}", [0, 2]),
        .init(#"{"type":"NFD"}"#, "\u{301}\u{301}abc", "\u{301}\u{301}abc", [0, 2, 2, 4, 4, 5, 5, 6, 6, 7]),
        .init(#"{"type":"NFD"}"#, "\u{1F600}\u{FE0F}", "\u{1F600}\u{FE0F}", [0, 4, 4, 7]),
        .init(#"{"type":"NFD"}"#, "\u{2764}\u{FE0F}", "\u{2764}\u{FE0F}", [0, 3, 3, 6]),
        .init(#"{"type":"NFD"}"#, "\u{1F468}\u{200D}\u{1F469}", "\u{1F468}\u{200D}\u{1F469}", [0, 4, 4, 7, 7, 11]),
        .init(#"{"type":"NFD"}"#, "\u{FF76}\u{FF9E}", "\u{FF76}\u{FF9E}", [0, 3, 3, 6]),
        .init(#"{"type":"NFD"}"#, "\u{FDFA}", "\u{FDFA}", [0, 3]),
        .init(#"{"type":"NFD"}"#, "\u{344}", "\u{308}\u{301}", [0, 2, 0, 2]),
        .init(#"{"type":"NFD"}"#, "\u{1E9B}\u{323}", "\u{17F}\u{323}\u{307}", [0, 3, 3, 5, 3, 5]),
        .init(#"{"type":"NFD"}"#, "\u{2126}", "\u{3A9}", [0, 3]),
        .init(#"{"type":"NFD"}"#, "\u{958}", "\u{915}\u{93C}", [0, 3, 0, 3]),
        .init(#"{"type":"NFD"}"#, "a\u{F73}\u{301}", "a\u{F71}\u{F72}\u{301}", [0, 1, 1, 4, 1, 4, 4, 6]),
        .init(#"{"type":"NFD"}"#, "q\u{307}\u{323}", "q\u{323}\u{307}", [0, 1, 1, 3, 3, 5]),
        .init(#"{"type":"NFD"}"#, "a\u{1DF9}\u{300}\u{316}", "a\u{1DF9}\u{316}\u{300}", [0, 1, 1, 4, 4, 6, 6, 8]),
        .init(#"{"type":"NFD"}"#, "\u{11935}\u{11930}", "\u{11935}\u{11930}", [0, 4, 4, 8]),
        .init(#"{"type":"NFD"}"#, "\u{B47}\u{B3E}", "\u{B47}\u{B3E}", [0, 3, 3, 6]),
        .init(#"{"type":"NFD"}"#, "\u{BD} \u{B2} \u{2122}", "\u{BD} \u{B2} \u{2122}", [0, 2, 2, 3, 3, 5, 5, 6, 6, 9]),
        .init(#"{"type":"NFD"}"#, "Hello world", "Hello world", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11]),
        .init(#"{"type":"NFD"}"#, "", "", []),
        .init(#"{"type":"NFKC"}"#, "e\u{301}", "\u{E9}", [0, 1]),
        .init(#"{"type":"NFKC"}"#, "\u{C5}", "\u{C5}", [0, 2]),
        .init(#"{"type":"NFKC"}"#, "A\u{30A}", "\u{C5}", [0, 1]),
        .init(#"{"type":"NFKC"}"#, "\u{212B}", "\u{C5}", [0, 3]),
        .init(#"{"type":"NFKC"}"#, "e\u{302}\u{323}x", "\u{1EC7}x", [0, 1, 5, 6]),
        .init(#"{"type":"NFKC"}"#, "e\u{323}\u{302}", "\u{1EC7}", [0, 1]),
        .init(#"{"type":"NFKC"}"#, "\u{1EC7}", "\u{1EC7}", [0, 3]),
        .init(#"{"type":"NFKC"}"#, "\u{1100}\u{1161}\u{11A8}", "\u{AC01}", [0, 3]),
        .init(#"{"type":"NFKC"}"#, "\u{AC01}", "\u{AC01}", [0, 3]),
        .init(#"{"type":"NFKC"}"#, "\u{1100}\u{1161} \u{11A8}", "\u{AC00} \u{11A8}", [0, 3, 6, 7, 7, 10]),
        .init(#"{"type":"NFKC"}"#, "\u{AC00}\u{11A7}", "\u{AC00}\u{11A7}", [0, 3, 3, 6]),
        .init(#"{"type":"NFKC"}"#, "\u{FB01}", "fi", [0, 3, 0, 3]),
        .init(#"{"type":"NFKC"}"#, "\u{338F}", "kg", [0, 3, 0, 3]),
        .init(#"{"type":"NFKC"}"#, "\u{2460}", "1", [0, 3]),
        .init(#"{"type":"NFKC"}"#, "\u{FF21}\u{FF22}\u{FF23}", "ABC", [0, 3, 3, 6, 6, 9]),
        .init(#"{"type":"NFKC"}"#, "\u{1C5}", "D\u{17E}", [0, 2, 0, 2]),
        .init(#"{"type":"NFKC"}"#, "\u{301}\u{301}abc", "\u{301}\u{301}abc", [0, 2, 2, 4, 4, 5, 5, 6, 6, 7]),
        .init(#"{"type":"NFKC"}"#, "\u{1F600}\u{FE0F}", "\u{1F600}\u{FE0F}", [0, 4, 4, 7]),
        .init(#"{"type":"NFKC"}"#, "\u{2764}\u{FE0F}", "\u{2764}\u{FE0F}", [0, 3, 3, 6]),
        .init(#"{"type":"NFKC"}"#, "\u{1F468}\u{200D}\u{1F469}", "\u{1F468}\u{200D}\u{1F469}", [0, 4, 4, 7, 7, 11]),
        .init(#"{"type":"NFKC"}"#, "\u{FF76}\u{FF9E}", "\u{30AC}", [0, 3]),
        .init(#"{"type":"NFKC"}"#, "\u{FDFA}", "\u{635}\u{644}\u{649} \u{627}\u{644}\u{644}\u{647} \u{639}\u{644}\u{64A}\u{647} \u{648}\u{633}\u{644}\u{645}", [0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3]),
        .init(#"{"type":"NFKC"}"#, "\u{344}", "\u{308}\u{301}", [0, 2, 0, 2]),
        .init(#"{"type":"NFKC"}"#, "\u{1E9B}\u{323}", "\u{1E69}", [0, 3]),
        .init(#"{"type":"NFKC"}"#, "\u{2126}", "\u{3A9}", [0, 3]),
        .init(#"{"type":"NFKC"}"#, "\u{958}", "\u{915}\u{93C}", [0, 3, 0, 3]),
        .init(#"{"type":"NFKC"}"#, "a\u{F73}\u{301}", "\u{E1}\u{F71}\u{F72}", [0, 1, 4, 6, 4, 6]),
        .init(#"{"type":"NFKC"}"#, "q\u{307}\u{323}", "q\u{323}\u{307}", [0, 1, 1, 3, 3, 5]),
        .init(#"{"type":"NFKC"}"#, "a\u{1DF9}\u{300}\u{316}", "a\u{1DF9}\u{316}\u{300}", [0, 1, 1, 4, 4, 6, 6, 8]),
        .init(#"{"type":"NFKC"}"#, "\u{11935}\u{11930}", "\u{11935}\u{11930}", [0, 4, 4, 8]),
        .init(#"{"type":"NFKC"}"#, "\u{B47}\u{B3E}", "\u{B4B}", [0, 3]),
        .init(#"{"type":"NFKC"}"#, "\u{BD} \u{B2} \u{2122}", "1\u{2044}2 2 TM", [0, 2, 0, 2, 0, 2, 2, 3, 3, 5, 5, 6, 6, 9, 6, 9]),
        .init(#"{"type":"NFKC"}"#, "Hello world", "Hello world", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11]),
        .init(#"{"type":"NFKC"}"#, "", "", []),
        .init(#"{"type":"NFKD"}"#, "e\u{301}", "e\u{301}", [0, 1, 1, 3]),
        .init(#"{"type":"NFKD"}"#, "\u{C5}", "A\u{30A}", [0, 2, 0, 2]),
        .init(#"{"type":"NFKD"}"#, "A\u{30A}", "A\u{30A}", [0, 1, 1, 3]),
        .init(#"{"type":"NFKD"}"#, "\u{212B}", "A\u{30A}", [0, 3, 0, 3]),
        .init(#"{"type":"NFKD"}"#, "e\u{302}\u{323}x", "e\u{323}\u{302}x", [0, 1, 1, 3, 3, 5, 5, 6]),
        .init(#"{"type":"NFKD"}"#, "e\u{323}\u{302}", "e\u{323}\u{302}", [0, 1, 1, 3, 3, 5]),
        .init(#"{"type":"NFKD"}"#, "\u{1EC7}", "e\u{323}\u{302}", [0, 3, 0, 3, 0, 3]),
        .init(#"{"type":"NFKD"}"#, "\u{1100}\u{1161}\u{11A8}", "\u{1100}\u{1161}\u{11A8}", [0, 3, 3, 6, 6, 9]),
        .init(#"{"type":"NFKD"}"#, "\u{AC01}", "\u{1100}\u{1161}\u{11A8}", [0, 3, 0, 3, 0, 3]),
        .init(#"{"type":"NFKD"}"#, "\u{1100}\u{1161} \u{11A8}", "\u{1100}\u{1161} \u{11A8}", [0, 3, 3, 6, 6, 7, 7, 10]),
        .init(#"{"type":"NFKD"}"#, "\u{AC00}\u{11A7}", "\u{1100}\u{1161}\u{11A7}", [0, 3, 0, 3, 3, 6]),
        .init(#"{"type":"NFKD"}"#, "\u{FB01}", "fi", [0, 3, 0, 3]),
        .init(#"{"type":"NFKD"}"#, "\u{338F}", "kg", [0, 3, 0, 3]),
        .init(#"{"type":"NFKD"}"#, "\u{2460}", "1", [0, 3]),
        .init(#"{"type":"NFKD"}"#, "\u{FF21}\u{FF22}\u{FF23}", "ABC", [0, 3, 3, 6, 6, 9]),
        .init(#"{"type":"NFKD"}"#, "\u{1C5}", "Dz\u{30C}", [0, 2, 0, 2, 0, 2]),
        .init(#"{"type":"NFKD"}"#, "\u{301}\u{301}abc", "\u{301}\u{301}abc", [0, 2, 2, 4, 4, 5, 5, 6, 6, 7]),
        .init(#"{"type":"NFKD"}"#, "\u{1F600}\u{FE0F}", "\u{1F600}\u{FE0F}", [0, 4, 4, 7]),
        .init(#"{"type":"NFKD"}"#, "\u{2764}\u{FE0F}", "\u{2764}\u{FE0F}", [0, 3, 3, 6]),
        .init(#"{"type":"NFKD"}"#, "\u{1F468}\u{200D}\u{1F469}", "\u{1F468}\u{200D}\u{1F469}", [0, 4, 4, 7, 7, 11]),
        .init(#"{"type":"NFKD"}"#, "\u{FF76}\u{FF9E}", "\u{30AB}\u{3099}", [0, 3, 3, 6]),
        .init(#"{"type":"NFKD"}"#, "\u{FDFA}", "\u{635}\u{644}\u{649} \u{627}\u{644}\u{644}\u{647} \u{639}\u{644}\u{64A}\u{647} \u{648}\u{633}\u{644}\u{645}", [0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3, 0, 3]),
        .init(#"{"type":"NFKD"}"#, "\u{344}", "\u{308}\u{301}", [0, 2, 0, 2]),
        .init(#"{"type":"NFKD"}"#, "\u{1E9B}\u{323}", "s\u{323}\u{307}", [0, 3, 3, 5, 3, 5]),
        .init(#"{"type":"NFKD"}"#, "\u{2126}", "\u{3A9}", [0, 3]),
        .init(#"{"type":"NFKD"}"#, "\u{958}", "\u{915}\u{93C}", [0, 3, 0, 3]),
        .init(#"{"type":"NFKD"}"#, "a\u{F73}\u{301}", "a\u{F71}\u{F72}\u{301}", [0, 1, 1, 4, 1, 4, 4, 6]),
        .init(#"{"type":"NFKD"}"#, "q\u{307}\u{323}", "q\u{323}\u{307}", [0, 1, 1, 3, 3, 5]),
        .init(#"{"type":"NFKD"}"#, "a\u{1DF9}\u{300}\u{316}", "a\u{1DF9}\u{316}\u{300}", [0, 1, 1, 4, 4, 6, 6, 8]),
        .init(#"{"type":"NFKD"}"#, "\u{11935}\u{11930}", "\u{11935}\u{11930}", [0, 4, 4, 8]),
        .init(#"{"type":"NFKD"}"#, "\u{B47}\u{B3E}", "\u{B47}\u{B3E}", [0, 3, 3, 6]),
        .init(#"{"type":"NFKD"}"#, "\u{BD} \u{B2} \u{2122}", "1\u{2044}2 2 TM", [0, 2, 0, 2, 0, 2, 2, 3, 3, 5, 5, 6, 6, 9, 6, 9]),
        .init(#"{"type":"NFKD"}"#, "Hello world", "Hello world", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11]),
        .init(#"{"type":"NFKD"}"#, "", "", []),
    ]

    /// Lowercase: `İ` expands, Greek sigma is context-free, Unicode 16/17 mappings.
    static let lowercase: [NormalizerCase] = [
        .init(#"{"type":"Lowercase"}"#, "HELLO World", "hello world", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11]),
        .init(#"{"type":"Lowercase"}"#, "\u{130}x", "i\u{307}x", [0, 2, 0, 2, 2, 3]),
        .init(#"{"type":"Lowercase"}"#, "I\u{130}I", "ii\u{307}i", [0, 1, 1, 3, 1, 3, 3, 4]),
        .init(#"{"type":"Lowercase"}"#, "\u{3A3}\u{391}\u{3A3}", "\u{3C3}\u{3B1}\u{3C3}", [0, 2, 2, 4, 4, 6]),
        .init(#"{"type":"Lowercase"}"#, "\u{1E9E}", "\u{DF}", [0, 3]),
        .init(#"{"type":"Lowercase"}"#, "\u{1C4}\u{1C5}", "\u{1C6}\u{1C6}", [0, 2, 2, 4]),
        .init(#"{"type":"Lowercase"}"#, "\u{A7CB}\u{A7DC}", "\u{264}\u{19B}", [0, 3, 3, 6]),
        .init(#"{"type":"Lowercase"}"#, "\u{10D50}", "\u{10D70}", [0, 4]),
        .init(#"{"type":"Lowercase"}"#, "\u{130}\u{130}", "i\u{307}i\u{307}", [0, 2, 0, 2, 2, 4, 2, 4]),
        .init(#"{"type":"Lowercase"}"#, "\u{10400}", "\u{10428}", [0, 4]),
    ]

    /// Strip: left, right, both; text of only whitespace; Unicode whitespace.
    static let strip: [NormalizerCase] = [
        .init(#"{"type":"Strip","strip_left":true,"strip_right":true}"#, "  a b  ", "a b", [2, 3, 3, 4, 4, 5]),
        .init(#"{"type":"Strip","strip_left":true,"strip_right":true}"#, "   ", "", []),
        .init(#"{"type":"Strip","strip_left":true,"strip_right":true}"#, "", "", []),
        .init(#"{"type":"Strip","strip_left":true,"strip_right":true}"#, "\u{3000}\u{A0}x\u{2029}", "x", [5, 6]),
        .init(#"{"type":"Strip","strip_left":true,"strip_right":true}"#, " \u{E9}  ", "\u{E9}", [1, 3]),
        .init(#"{"type":"Strip","strip_left":true,"strip_right":true}"#, "x", "x", [0, 1]),
        .init(#"{"type":"Strip","strip_left":true,"strip_right":false}"#, "  a b  ", "a b  ", [2, 3, 3, 4, 4, 5, 5, 6, 6, 7]),
        .init(#"{"type":"Strip","strip_left":true,"strip_right":false}"#, "   ", "", []),
        .init(#"{"type":"Strip","strip_left":true,"strip_right":false}"#, "", "", []),
        .init(#"{"type":"Strip","strip_left":true,"strip_right":false}"#, "\u{3000}\u{A0}x\u{2029}", "x\u{2029}", [5, 6, 6, 9]),
        .init(#"{"type":"Strip","strip_left":true,"strip_right":false}"#, " \u{E9}  ", "\u{E9}  ", [1, 3, 3, 4, 4, 5]),
        .init(#"{"type":"Strip","strip_left":true,"strip_right":false}"#, "x", "x", [0, 1]),
        .init(#"{"type":"Strip","strip_left":false,"strip_right":true}"#, "  a b  ", "  a b", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5]),
        .init(#"{"type":"Strip","strip_left":false,"strip_right":true}"#, "   ", "", []),
        .init(#"{"type":"Strip","strip_left":false,"strip_right":true}"#, "", "", []),
        .init(#"{"type":"Strip","strip_left":false,"strip_right":true}"#, "\u{3000}\u{A0}x\u{2029}", "\u{3000}\u{A0}x", [0, 3, 3, 5, 5, 6]),
        .init(#"{"type":"Strip","strip_left":false,"strip_right":true}"#, " \u{E9}  ", " \u{E9}", [0, 1, 1, 3]),
        .init(#"{"type":"Strip","strip_left":false,"strip_right":true}"#, "x", "x", [0, 1]),
    ]

    /// StripAccents: combining marks of Unicode 9.0 only.
    static let stripAccents: [NormalizerCase] = [
        .init(#"{"type":"StripAccents"}"#, "e\u{304}\u{304}\u{304}o", "eo", [0, 1, 7, 8]),
        .init(#"{"type":"StripAccents"}"#, "\u{301}abc", "abc", [2, 3, 3, 4, 4, 5]),
        .init(#"{"type":"StripAccents"}"#, "Me llamo\u{301}", "Me llamo", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8]),
        .init(#"{"type":"StripAccents"}"#, "\u{1CF2}x", "x", [3, 4]),
        .init(#"{"type":"StripAccents"}"#, "\u{111C9}x", "\u{111C9}x", [0, 4, 4, 5]),
        .init(#"{"type":"StripAccents"}"#, "a\u{20DD}b", "ab", [0, 1, 4, 5]),
        .init(#"{"type":"StripAccents"}"#, "\u{E33}", "\u{E33}", [0, 3]),
        .init(#"{"type":"Sequence","normalizers":[{"type":"NFKD"},{"type":"StripAccents"},{"type":"Lowercase"}]}"#, "\u{1EAD}\u{2026}", "a...", [0, 3, 3, 6, 3, 6, 3, 6]),
        .init(#"{"type":"Sequence","normalizers":[{"type":"NFKD"},{"type":"StripAccents"},{"type":"Lowercase"}]}"#, "\u{E33}\u{E19}\u{E49}\u{E33}3\u{E25}\u{E33}", "\u{E32}\u{E19}\u{E32}3\u{E25}\u{E32}", [0, 3, 3, 6, 9, 12, 12, 13, 13, 16, 16, 19]),
        .init(#"{"type":"Sequence","normalizers":[{"type":"NFKD"},{"type":"StripAccents"},{"type":"Lowercase"}]}"#, "Cr\u{E8}me Br\u{FB}l\u{E9}e", "creme brulee", [0, 1, 1, 2, 2, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 11, 11, 12, 12, 14, 14, 15]),
    ]

    /// Replace: literals, regexes, empty matches (never right after a match), empty content, matches at the start.
    static let replace: [NormalizerCase] = [
        .init(#"{"type":"Replace","pattern":{"String":" "},"content":"\#u{2581}"}"#, "a b  c", "a\u{2581}b\u{2581}\u{2581}c", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6]),
        .init(#"{"type":"Replace","pattern":{"String":"''"},"content":"\""}"#, "This is a ''test''", "This is a \"test\"", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 17, 18]),
        .init(#"{"type":"Replace","pattern":{"Regex":"\\s+"},"content":" "}"#, "This     is \u{9} a\u{A} test", "This is a test", [0, 1, 1, 2, 2, 3, 3, 4, 8, 9, 9, 10, 10, 11, 13, 14, 14, 15, 16, 17, 17, 18, 18, 19, 19, 20, 20, 21]),
        .init(#"{"type":"Replace","pattern":{"Regex":"b*"},"content":"X"}"#, "abbc", "XaXcX", [0, 0, 0, 1, 2, 3, 3, 4, 3, 4]),
        .init(#"{"type":"Replace","pattern":{"String":""},"content":"X"}"#, "a\u{E9}", "XaX\u{E9}X", [0, 0, 0, 1, 0, 1, 1, 3, 1, 3]),
        .init(#"{"type":"Replace","pattern":{"Regex":"^"},"content":"X"}"#, "ab", "Xab", [0, 0, 0, 1, 1, 2]),
        .init(#"{"type":"Replace","pattern":{"String":"a"},"content":""}"#, "aab", "b", [2, 3]),
        .init(#"{"type":"Replace","pattern":{"Regex":"x*"},"content":"_"}"#, "\u{E9}", "_\u{E9}_", [0, 0, 0, 2, 0, 2]),
        .init(#"{"type":"Replace","pattern":{"String":"\#u{E9}"},"content":"e\#u{301}"}"#, "caf\u{E9} \u{E9}", "cafe\u{301} e\u{301}", [0, 1, 1, 2, 2, 3, 3, 5, 3, 5, 5, 6, 6, 8, 6, 8]),
        .init(#"{"type":"Replace","pattern":{"Regex":" {2,}"},"content":"\#u{2581}"}"#, "a   b c    ", "a\u{2581}b c\u{2581}", [0, 1, 3, 4, 4, 5, 5, 6, 6, 7, 10, 11]),
        .init(#"{"type":"Replace","pattern":{"String":"b"},"content":"XYZ"}"#, "b", "XYZ", [0, 1, 0, 1, 0, 1]),
        .init(#"{"type":"Replace","pattern":{"Regex":"(?=b)"},"content":"-"}"#, "abba", "a-b-ba", [0, 1, 0, 1, 1, 2, 1, 2, 2, 3, 3, 4]),
        .init(#"{"type":"Replace","pattern":{"String":"a"},"content":"b"}"#, "", "", []),
        .init(#"{"type":"Replace","pattern":{"Regex":""},"content":"X"}"#, "ab", "XaXbX", [0, 0, 0, 1, 0, 1, 1, 2, 1, 2]),
    ]

    /// Prepend: nothing on empty text; an empty prefix still moves the first scalar's alignment.
    static let prepend: [NormalizerCase] = [
        .init(#"{"type":"Prepend","prepend":"\#u{2581}"}"#, "Hello", "\u{2581}Hello", [0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5]),
        .init(#"{"type":"Prepend","prepend":"\#u{2581}"}"#, "", "", []),
        .init(#"{"type":"Prepend","prepend":""}"#, "abc", "abc", [0, 0, 1, 2, 2, 3]),
        .init(#"{"type":"Prepend","prepend":"ab"}"#, "\u{E9}", "ab\u{E9}", [0, 2, 0, 2, 0, 2]),
        .init(#"{"type":"Prepend","prepend":"\#u{2581}"}"#, " ", "\u{2581} ", [0, 1, 0, 1]),
    ]

    /// BertNormalizer: cleaning (controls, U+FFFD, format and private-use characters), CJK spacing, accents (`null` follows `lowercase`), lowercase.
    static let bert: [NormalizerCase] = [
        .init(#"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":true}"#, "H\u{E9}llo \u{4F60}\u{597D}\u{0}\u{9}World\u{85}\u{FFFD}", "hello  \u{4F60}  \u{597D}  world", [0, 1, 1, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 10, 7, 10, 7, 10, 10, 13, 10, 13, 10, 13, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20]),
        .init(#"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":true}"#, "a\u{200B}b\u{AD}c\u{1}d\u{7F}e\u{B}f\u{C}g\u{D}\u{A}h", "abcdefg  h", [0, 1, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 16, 17, 17, 18, 18, 19]),
        .init(#"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":true}"#, "\u{4E00}\u{4E01}x\u{20000}\u{F900}", " \u{4E00}  \u{4E01} x \u{20000}  \u{8C48} ", [0, 3, 0, 3, 0, 3, 3, 6, 3, 6, 3, 6, 6, 7, 7, 11, 7, 11, 7, 11, 11, 14, 11, 14, 11, 14]),
        .init(#"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":true}"#, "\u{C9}COLE \u{130}stanbul \u{1E9E}", "ecole istanbul \u{DF}", [0, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 20]),
        .init(#"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":true}"#, "\u{1F600}\u{FE0F} \u{10D50}", "\u{1F600} \u{10D70}", [0, 4, 7, 8, 8, 12]),
        .init(#"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":true}"#, "\u{E000}\u{F0000}\u{8E2}\u{600}", "\u{8E2}", [7, 10]),
        .init(#"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":true}"#, "\u{3000}x\u{2028}y", " x y", [0, 3, 3, 4, 4, 7, 7, 8]),
        .init(#"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":false,"strip_accents":false,"lowercase":false}"#, "H\u{E9}llo \u{4F60}\u{597D}\u{0}\u{9}World\u{85}\u{FFFD}", "H\u{E9}llo \u{4F60}\u{597D} World", [0, 1, 1, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 10, 10, 13, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20]),
        .init(#"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":false,"strip_accents":false,"lowercase":false}"#, "a\u{200B}b\u{AD}c\u{1}d\u{7F}e\u{B}f\u{C}g\u{D}\u{A}h", "abcdefg  h", [0, 1, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 16, 17, 17, 18, 18, 19]),
        .init(#"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":false,"strip_accents":false,"lowercase":false}"#, "\u{4E00}\u{4E01}x\u{20000}\u{F900}", "\u{4E00}\u{4E01}x\u{20000}\u{F900}", [0, 3, 3, 6, 6, 7, 7, 11, 11, 14]),
        .init(#"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":false,"strip_accents":false,"lowercase":false}"#, "\u{C9}COLE \u{130}stanbul \u{1E9E}", "\u{C9}COLE \u{130}stanbul \u{1E9E}", [0, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 20]),
        .init(#"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":false,"strip_accents":false,"lowercase":false}"#, "\u{1F600}\u{FE0F} \u{10D50}", "\u{1F600}\u{FE0F} \u{10D50}", [0, 4, 4, 7, 7, 8, 8, 12]),
        .init(#"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":false,"strip_accents":false,"lowercase":false}"#, "\u{E000}\u{F0000}\u{8E2}\u{600}", "\u{8E2}", [7, 10]),
        .init(#"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":false,"strip_accents":false,"lowercase":false}"#, "\u{3000}x\u{2028}y", " x y", [0, 3, 3, 4, 4, 7, 7, 8]),
        .init(#"{"type":"BertNormalizer","clean_text":false,"handle_chinese_chars":true,"strip_accents":null,"lowercase":false}"#, "H\u{E9}llo \u{4F60}\u{597D}\u{0}\u{9}World\u{85}\u{FFFD}", "H\u{E9}llo  \u{4F60}  \u{597D} \u{0}\u{9}World\u{85}\u{FFFD}", [0, 1, 1, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 10, 7, 10, 7, 10, 10, 13, 10, 13, 10, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 20, 22, 22, 25]),
        .init(#"{"type":"BertNormalizer","clean_text":false,"handle_chinese_chars":true,"strip_accents":null,"lowercase":false}"#, "a\u{200B}b\u{AD}c\u{1}d\u{7F}e\u{B}f\u{C}g\u{D}\u{A}h", "a\u{200B}b\u{AD}c\u{1}d\u{7F}e\u{B}f\u{C}g\u{D}\u{A}h", [0, 1, 1, 4, 4, 5, 5, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19]),
        .init(#"{"type":"BertNormalizer","clean_text":false,"handle_chinese_chars":true,"strip_accents":null,"lowercase":false}"#, "\u{4E00}\u{4E01}x\u{20000}\u{F900}", " \u{4E00}  \u{4E01} x \u{20000}  \u{F900} ", [0, 3, 0, 3, 0, 3, 3, 6, 3, 6, 3, 6, 6, 7, 7, 11, 7, 11, 7, 11, 11, 14, 11, 14, 11, 14]),
        .init(#"{"type":"BertNormalizer","clean_text":false,"handle_chinese_chars":true,"strip_accents":null,"lowercase":false}"#, "\u{C9}COLE \u{130}stanbul \u{1E9E}", "\u{C9}COLE \u{130}stanbul \u{1E9E}", [0, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 20]),
        .init(#"{"type":"BertNormalizer","clean_text":false,"handle_chinese_chars":true,"strip_accents":null,"lowercase":false}"#, "\u{1F600}\u{FE0F} \u{10D50}", "\u{1F600}\u{FE0F} \u{10D50}", [0, 4, 4, 7, 7, 8, 8, 12]),
        .init(#"{"type":"BertNormalizer","clean_text":false,"handle_chinese_chars":true,"strip_accents":null,"lowercase":false}"#, "\u{E000}\u{F0000}\u{8E2}\u{600}", "\u{E000}\u{F0000}\u{8E2}\u{600}", [0, 3, 3, 7, 7, 10, 10, 12]),
        .init(#"{"type":"BertNormalizer","clean_text":false,"handle_chinese_chars":true,"strip_accents":null,"lowercase":false}"#, "\u{3000}x\u{2028}y", "\u{3000}x\u{2028}y", [0, 3, 3, 4, 4, 7, 7, 8]),
        .init(#"{"type":"BertNormalizer","clean_text":false,"handle_chinese_chars":false,"strip_accents":true,"lowercase":false}"#, "H\u{E9}llo \u{4F60}\u{597D}\u{0}\u{9}World\u{85}\u{FFFD}", "Hello \u{4F60}\u{597D}\u{0}\u{9}World\u{85}\u{FFFD}", [0, 1, 1, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 10, 10, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 20, 22, 22, 25]),
        .init(#"{"type":"BertNormalizer","clean_text":false,"handle_chinese_chars":false,"strip_accents":true,"lowercase":false}"#, "a\u{200B}b\u{AD}c\u{1}d\u{7F}e\u{B}f\u{C}g\u{D}\u{A}h", "a\u{200B}b\u{AD}c\u{1}d\u{7F}e\u{B}f\u{C}g\u{D}\u{A}h", [0, 1, 1, 4, 4, 5, 5, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19]),
        .init(#"{"type":"BertNormalizer","clean_text":false,"handle_chinese_chars":false,"strip_accents":true,"lowercase":false}"#, "\u{4E00}\u{4E01}x\u{20000}\u{F900}", "\u{4E00}\u{4E01}x\u{20000}\u{8C48}", [0, 3, 3, 6, 6, 7, 7, 11, 11, 14]),
        .init(#"{"type":"BertNormalizer","clean_text":false,"handle_chinese_chars":false,"strip_accents":true,"lowercase":false}"#, "\u{C9}COLE \u{130}stanbul \u{1E9E}", "ECOLE Istanbul \u{1E9E}", [0, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 20]),
        .init(#"{"type":"BertNormalizer","clean_text":false,"handle_chinese_chars":false,"strip_accents":true,"lowercase":false}"#, "\u{1F600}\u{FE0F} \u{10D50}", "\u{1F600} \u{10D50}", [0, 4, 7, 8, 8, 12]),
        .init(#"{"type":"BertNormalizer","clean_text":false,"handle_chinese_chars":false,"strip_accents":true,"lowercase":false}"#, "\u{E000}\u{F0000}\u{8E2}\u{600}", "\u{E000}\u{F0000}\u{8E2}\u{600}", [0, 3, 3, 7, 7, 10, 10, 12]),
        .init(#"{"type":"BertNormalizer","clean_text":false,"handle_chinese_chars":false,"strip_accents":true,"lowercase":false}"#, "\u{3000}x\u{2028}y", "\u{3000}x\u{2028}y", [0, 3, 3, 4, 4, 7, 7, 8]),
        .init(#"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":false,"lowercase":true}"#, "H\u{E9}llo \u{4F60}\u{597D}\u{0}\u{9}World\u{85}\u{FFFD}", "h\u{E9}llo  \u{4F60}  \u{597D}  world", [0, 1, 1, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 10, 7, 10, 7, 10, 10, 13, 10, 13, 10, 13, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20]),
        .init(#"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":false,"lowercase":true}"#, "a\u{200B}b\u{AD}c\u{1}d\u{7F}e\u{B}f\u{C}g\u{D}\u{A}h", "abcdefg  h", [0, 1, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 16, 17, 17, 18, 18, 19]),
        .init(#"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":false,"lowercase":true}"#, "\u{4E00}\u{4E01}x\u{20000}\u{F900}", " \u{4E00}  \u{4E01} x \u{20000}  \u{F900} ", [0, 3, 0, 3, 0, 3, 3, 6, 3, 6, 3, 6, 6, 7, 7, 11, 7, 11, 7, 11, 11, 14, 11, 14, 11, 14]),
        .init(#"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":false,"lowercase":true}"#, "\u{C9}COLE \u{130}stanbul \u{1E9E}", "\u{E9}cole i\u{307}stanbul \u{DF}", [0, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 9, 7, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 20]),
        .init(#"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":false,"lowercase":true}"#, "\u{1F600}\u{FE0F} \u{10D50}", "\u{1F600}\u{FE0F} \u{10D70}", [0, 4, 4, 7, 7, 8, 8, 12]),
        .init(#"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":false,"lowercase":true}"#, "\u{E000}\u{F0000}\u{8E2}\u{600}", "\u{8E2}", [7, 10]),
        .init(#"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":false,"lowercase":true}"#, "\u{3000}x\u{2028}y", " x y", [0, 3, 3, 4, 4, 7, 7, 8]),
    ]

    /// ByteLevel (every byte becomes its GPT-2 character) and Nmt.
    static let byteLevelAndNmt: [NormalizerCase] = [
        .init(#"{"type":"ByteLevel"}"#, "Hello \u{6211}\u{4ECA}\u{5929}", "Hello\u{120}\u{E6}\u{12A}\u{133}\u{E4}\u{BB}\u{12C}\u{E5}\u{A4}\u{A9}", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 9, 6, 9, 6, 9, 9, 12, 9, 12, 9, 12, 12, 15, 12, 15, 12, 15]),
        .init(#"{"type":"ByteLevel"}"#, " \u{A}\u{9}", "\u{120}\u{10A}\u{109}", [0, 1, 1, 2, 2, 3]),
        .init(#"{"type":"ByteLevel"}"#, "\u{E9}\u{1F600}", "\u{C3}\u{A9}\u{F0}\u{141}\u{13A}\u{122}", [0, 2, 0, 2, 2, 6, 2, 6, 2, 6, 2, 6]),
        .init(#"{"type":"ByteLevel"}"#, "", "", []),
        .init(#"{"type":"Nmt"}"#, "a\u{1}b\u{9}c\u{200B}d\u{2581}e\u{B}\u{FEFF}f", "ab c d e f", [0, 1, 2, 3, 3, 4, 4, 5, 5, 8, 8, 9, 9, 12, 12, 13, 14, 17, 17, 18]),
        .init(#"{"type":"Nmt"}"#, "\u{85}\u{8F}\u{9F}\u{FFFD}", "\u{85} ", [0, 2, 6, 9]),
    ]

    /// Sequences from real files: CLIP (NFC, Replace \\s+, Lowercase), Llama (Prepend, Replace), a WordPiece (NFD, Lowercase, StripAccents).
    static let sequences: [NormalizerCase] = [
        .init(#"{"type":"Sequence","normalizers":[{"type":"NFC"},{"type":"Replace","pattern":{"Regex":"\\s+"},"content":" "},{"type":"Lowercase"}]}"#, "H\u{E9}llo   WORLD\u{9}\u{A}e\u{301}", "h\u{E9}llo world \u{E9}", [0, 1, 1, 3, 3, 4, 4, 5, 5, 6, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 15, 16, 16, 17]),
        .init(#"{"type":"Sequence","normalizers":[{"type":"Prepend","prepend":"\#u{2581}"},{"type":"Replace","pattern":{"String":" "},"content":"\#u{2581}"}]}"#, "Hello world  x", "\u{2581}Hello\u{2581}world\u{2581}\u{2581}x", [0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14]),
        .init(#"{"type":"Sequence","normalizers":[{"type":"Prepend","prepend":"\#u{2581}"},{"type":"Replace","pattern":{"String":" "},"content":"\#u{2581}"}]}"#, "", "", []),
        .init(#"{"type":"Sequence","normalizers":[{"type":"NFD"},{"type":"Lowercase"},{"type":"StripAccents"}]}"#, "Cr\u{E8}me Br\u{FB}l\u{E9}e \u{C5}ngstr\u{F6}m", "creme brulee angstrom", [0, 1, 1, 2, 2, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 11, 11, 12, 12, 14, 14, 15, 15, 16, 16, 18, 18, 19, 19, 20, 20, 21, 21, 22, 22, 23, 23, 25, 25, 26]),
        .init(#"{"type":"Sequence","normalizers":[]}"#, "abc", "abc", [0, 1, 1, 2, 2, 3]),
    ]

    /// Precompiled with a hand-built trie (one-byte keys a → "X", b → "", c → "YZ", e → "").
    static let smallCharsmap = "ABAAAAAABAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAYQEIAGIBCABjAQgAAAAAAGUBCAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACAAgAAgAMAAIAAAAAAAgAAgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABYAABZWgA="
    static let precompiledSmall: [PrecompiledCase] = [
        .init("abc", "XYZ", [0, 1, 2, 3, 2, 3]),
        .init("bxa", "xX", [0, 1, 1, 2]),
        .init("a\u{301}x", "Xx", [0, 1, 3, 4]),
        .init("e\u{301}\u{301}z", "z", [0, 1]),
        .init("ze\u{301}\u{301}", "z", [0, 1]),
        .init("a\u{301}\u{301}\u{301}", "X\u{301}\u{301}\u{301}", [0, 1, 1, 3, 3, 5, 5, 7]),
        .init("xyz \u{D}\u{A}", "xyz \u{D}\u{A}", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6]),
        .init("ccc", "YZYZYZ", [0, 1, 0, 1, 1, 2, 1, 2, 2, 3, 2, 3]),
        .init("bb", "", []),
        .init("\u{600}a", "\u{600}X", [0, 2, 2, 3]),
        .init("a\u{897}", "X", [0, 1]),
        .init("xbe", "x", [0, 1]),
    ]

    /// Precompiled with t5-small's charsmap, on lines of corpus/edge/edge_cases.txt.
    static let precompiledT5: [PrecompiledCase] = [
        .init("\u{A0}\u{A0}", "  ", [0, 2, 2, 4]),
        .init("\u{2000}\u{2001}\u{2002}\u{2003}\u{2004}\u{2005}\u{2006}\u{2007}\u{2008}\u{2009}\u{200A} hair/thin/en/em spaces", "            hair/thin/en/em spaces", [0, 3, 3, 6, 6, 9, 9, 12, 12, 15, 15, 18, 18, 21, 21, 24, 24, 27, 27, 30, 30, 33, 33, 34, 34, 35, 35, 36, 36, 37, 37, 38, 38, 39, 39, 40, 40, 41, 41, 42, 42, 43, 43, 44, 44, 45, 45, 46, 46, 47, 47, 48, 48, 49, 49, 50, 50, 51, 51, 52, 52, 53, 53, 54, 54, 55, 55, 56]),
        .init("Control chars: \u{1}\u{2}\u{3}\u{7}\u{8}\u{B}\u{C}\u{1B}[31mred\u{1B}[0m\u{1F}\u{7F} end", "Control chars:  [31mred[0m end", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 21, 22, 23, 24, 24, 25, 25, 26, 26, 27, 27, 28, 28, 29, 29, 30, 31, 32, 32, 33, 33, 34, 36, 37, 37, 38, 38, 39, 39, 40]),
        .init("NEL\u{85}here LS\u{2028}here PS\u{2029}here", "NEL\u{85}here LS here PS here", [0, 1, 1, 2, 2, 3, 3, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 22, 22, 25, 25, 26, 26, 27, 27, 28, 28, 29]),
        .init("BOM in middle:\u{FEFF}after bom", "BOM in middle: after bom", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 22, 22, 23, 23, 24, 24, 25, 25, 26]),
        .init("zero\u{200B}width\u{200C}non\u{200D}joiner\u{2060}wj", "zero width non joiner\u{2060}wj", [0, 1, 1, 2, 2, 3, 3, 4, 4, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 15, 15, 16, 16, 17, 17, 18, 18, 21, 21, 22, 22, 23, 23, 24, 24, 25, 25, 26, 26, 27, 27, 30, 30, 31, 31, 32]),
        .init("VS: \u{2764}\u{FE0F} vs \u{2764}\u{FE0E} and \u{FE0E}text", "VS: \u{2764}\u{FE0F} vs \u{2764}\u{FE0E} and \u{FE0E}text", [0, 1, 1, 2, 2, 3, 3, 4, 4, 7, 7, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 17, 17, 20, 20, 21, 21, 22, 22, 23, 23, 24, 24, 25, 25, 28, 28, 29, 29, 30, 30, 31, 31, 32]),
        .init("Combining: e\u{301} vs \u{E9}; a\u{308} vs \u{E4}; n\u{303} vs \u{F1}; Z\u{335}\u{327}\u{317}a\u{336}\u{325}l\u{334}\u{322}g\u{337}o\u{336} zalgo A\u{30A} vs \u{C5} vs \u{212B} (Angstrom)", "Combining: \u{E9} vs \u{E9}; \u{E4} vs \u{E4}; \u{F1} vs \u{F1}; Z\u{335}\u{327}\u{317}a\u{336}\u{325}l\u{334}\u{322}g\u{337}o\u{336} zalgo \u{C5} vs \u{C5} vs \u{C5} (Angstrom)", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 14, 15, 15, 16, 16, 17, 17, 18, 18, 20, 20, 21, 21, 22, 22, 23, 25, 26, 26, 27, 27, 28, 28, 29, 29, 31, 31, 32, 32, 33, 33, 34, 36, 37, 37, 38, 38, 39, 39, 40, 40, 42, 42, 43, 43, 44, 44, 45, 45, 47, 47, 49, 49, 51, 51, 52, 52, 54, 54, 56, 56, 57, 57, 59, 59, 61, 61, 62, 62, 64, 64, 65, 65, 67, 67, 68, 68, 69, 69, 70, 70, 71, 71, 72, 72, 73, 73, 74, 74, 75, 77, 78, 78, 79, 79, 80, 80, 81, 81, 83, 83, 84, 84, 85, 85, 86, 86, 87, 87, 90, 90, 91, 91, 92, 92, 93, 93, 94, 94, 95, 95, 96, 96, 97, 97, 98, 98, 99, 99, 100, 100, 101]),
        .init("Lone combining at start: \u{301}\u{301}abc", "Lone combining at start: \u{301}\u{301}abc", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 22, 22, 23, 23, 24, 24, 25, 25, 27, 27, 29, 29, 30, 30, 31, 31, 32]),
        .init("Kelvin \u{212A} vs K; Ohm \u{2126} vs \u{3A9}; micro \u{B5} vs \u{3BC}", "Kelvin K vs K; Ohm \u{3A9} vs \u{3A9}; micro \u{3BC} vs \u{3BC}", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 24, 24, 25, 25, 26, 26, 27, 27, 28, 28, 30, 30, 31, 31, 32, 32, 33, 33, 34, 34, 35, 35, 36, 36, 37, 37, 38, 38, 40, 40, 41, 41, 42, 42, 43, 43, 44, 44, 46]),
        .init("Hangul syllables: \u{D55C}\u{AD6D}\u{C5B4} \u{D14D}\u{C2A4}\u{D2B8}", "Hangul syllables: \u{D55C}\u{AD6D}\u{C5B4} \u{D14D}\u{C2A4}\u{D2B8}", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18, 21, 21, 24, 24, 27, 27, 28, 28, 31, 31, 34, 34, 37]),
        .init("Hangul jamo (NFD): \u{1112}\u{1161}\u{11AB}\u{1100}\u{116E}\u{11A8}\u{110B}\u{1165} \u{1100}\u{1161}", "Hangul jamo (NFD): \u{1112}\u{1161}\u{11AB}\u{1100}\u{116E}\u{11A8}\u{110B}\u{1165} \u{1100}\u{1161}", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 22, 22, 25, 25, 28, 28, 31, 31, 34, 34, 37, 37, 40, 40, 43, 43, 44, 44, 47, 47, 50]),
        .init("Compat jamo: \u{314E}\u{314F}\u{3134} \u{3131}\u{315C}\u{3131}", "Compat jamo: \u{1112}\u{1161}\u{1102} \u{1100}\u{116E}\u{1100}", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 16, 16, 19, 19, 22, 22, 23, 23, 26, 26, 29, 29, 32]),
        .init("Half-width katakana: \u{FF76}\u{FF80}\u{FF76}\u{FF85} \u{FF8A}\u{FF9E}\u{FF8B}\u{FF9F}", "Half-width katakana: \u{30AB}\u{30BF}\u{30AB}\u{30CA} \u{30CF}\u{3099}\u{30D2}\u{309A}", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 24, 24, 27, 27, 30, 30, 33, 33, 34, 34, 37, 37, 40, 40, 43, 43, 46]),
        .init("Fullwidth: \u{FF21}\u{FF22}\u{FF23} \u{FF41}\u{FF42}\u{FF43} \u{FF11}\u{FF12}\u{FF13} \u{FF01}\u{FF1F}\u{FF03}\u{FF04}\u{FF05} \u{FF28}\u{FF45}\u{FF4C}\u{FF4C}\u{FF4F}\u{FF0C}\u{FF57}\u{FF4F}\u{FF52}\u{FF4C}\u{FF44}\u{FF0E}", "Fullwidth: ABC abc 123 !?#$% Hello,world.", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 14, 14, 17, 17, 20, 20, 21, 21, 24, 24, 27, 27, 30, 30, 31, 31, 34, 34, 37, 37, 40, 40, 41, 41, 44, 44, 47, 47, 50, 50, 53, 53, 56, 56, 57, 57, 60, 60, 63, 63, 66, 66, 69, 69, 72, 72, 75, 75, 78, 78, 81, 81, 84, 84, 87, 87, 90, 90, 93]),
        .init("Emoji: \u{1F44D} \u{1F44D}\u{1F3FD} \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466} \u{1F3F3}\u{FE0F}\u{200D}\u{1F308} \u{1F3F4}\u{200D}\u{2620}\u{FE0F} \u{1F469}\u{1F3FE}\u{200D}\u{1F4BB} \u{1F9D1}\u{200D}\u{1F91D}\u{200D}\u{1F9D1} \u{2764}\u{FE0F}\u{200D}\u{1F525} \u{1F1FA}\u{1F1F3}\u{1F1EF}\u{1F1F5}\u{1F1E9}\u{1F1EA} \u{1F1FA} lone RI \u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} (tag flag) 1\u{FE0F}\u{20E3} #\u{FE0F}\u{20E3} *\u{FE0F}\u{20E3} \u{1FAF6}\u{1F3FB}", "Emoji: \u{1F44D} \u{1F44D}\u{1F3FD} \u{1F468} \u{1F469} \u{1F467} \u{1F466} \u{1F3F3}\u{FE0F} \u{1F308} \u{1F3F4} \u{2620}\u{FE0F} \u{1F469}\u{1F3FE} \u{1F4BB} \u{1F9D1} \u{1F91D} \u{1F9D1} \u{2764}\u{FE0F} \u{1F525} \u{1F1FA}\u{1F1F3}\u{1F1EF}\u{1F1F5}\u{1F1E9}\u{1F1EA} \u{1F1FA} lone RI \u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} (tag flag) 1\u{FE0F}\u{20E3} #\u{FE0F}\u{20E3} *\u{FE0F}\u{20E3} \u{1FAF6}\u{1F3FB}", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 11, 11, 12, 12, 16, 16, 20, 20, 21, 21, 25, 25, 28, 28, 32, 32, 35, 35, 39, 39, 42, 42, 46, 46, 47, 47, 51, 51, 54, 54, 57, 57, 61, 61, 62, 62, 66, 66, 69, 69, 72, 72, 75, 75, 76, 76, 80, 80, 84, 84, 87, 87, 91, 91, 92, 92, 96, 96, 99, 99, 103, 103, 106, 106, 110, 110, 111, 111, 114, 114, 117, 117, 120, 120, 124, 124, 125, 125, 129, 129, 133, 133, 137, 137, 141, 141, 145, 145, 149, 149, 150, 150, 154, 154, 155, 155, 156, 156, 157, 157, 158, 158, 159, 159, 160, 160, 161, 161, 162, 162, 163, 163, 167, 167, 171, 171, 175, 175, 179, 179, 183, 183, 187, 187, 191, 191, 192, 192, 193, 193, 194, 194, 195, 195, 196, 196, 197, 197, 198, 198, 199, 199, 200, 200, 201, 201, 202, 202, 203, 203, 204, 204, 207, 207, 210, 210, 211, 211, 212, 212, 215, 215, 218, 218, 219, 219, 220, 220, 223, 223, 226, 226, 227, 227, 231, 231, 235]),
        .init("Superscripts/subscripts: x\u{B2} y\u{B3} H\u{2082}O \u{207D}\u{B9}\u{2070}\u{207E} \u{BD} \u{BC} \u{BE} \u{215E} \u{2116} \u{2122} \u{2120} \u{2121}", "Superscripts/subscripts: x2 y3 H2O (10) 1\u{2044}2 1\u{2044}4 3\u{2044}4 7\u{2044}8 No TM SM TEL", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 22, 22, 23, 23, 24, 24, 25, 25, 26, 26, 28, 28, 29, 29, 30, 30, 32, 32, 33, 33, 34, 34, 37, 37, 38, 38, 39, 39, 42, 42, 44, 44, 47, 47, 50, 50, 51, 51, 53, 51, 53, 51, 53, 53, 54, 54, 56, 54, 56, 54, 56, 56, 57, 57, 59, 57, 59, 57, 59, 59, 60, 60, 63, 60, 63, 60, 63, 63, 64, 64, 67, 64, 67, 67, 68, 68, 71, 68, 71, 71, 72, 72, 75, 72, 75, 75, 76, 76, 79, 76, 79, 76, 79]),
        .init("Roman: \u{2160} \u{2161} \u{216B} \u{217F}; circled: \u{2460} \u{2473} \u{32BF} \u{24B6} \u{24E9}; math: \u{1D400}\u{1D401}\u{1D402} \u{1D465}\u{1D466}\u{1D467} \u{1D518}\u{1D52B}\u{1D526}\u{1D520}\u{1D52C}\u{1D521}\u{1D522} \u{1D7D8}\u{1D7D9}\u{1D7DA}", "Roman: I II XII m; circled: 1 20 50 A z; math: ABC xyz Unicode 012", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 10, 10, 11, 11, 14, 11, 14, 14, 15, 15, 18, 15, 18, 15, 18, 18, 19, 19, 22, 22, 23, 23, 24, 24, 25, 25, 26, 26, 27, 27, 28, 28, 29, 29, 30, 30, 31, 31, 32, 32, 33, 33, 36, 36, 37, 37, 40, 37, 40, 40, 41, 41, 44, 41, 44, 44, 45, 45, 48, 48, 49, 49, 52, 52, 53, 53, 54, 54, 55, 55, 56, 56, 57, 57, 58, 58, 59, 59, 60, 60, 64, 64, 68, 68, 72, 72, 73, 73, 77, 77, 81, 81, 85, 85, 86, 86, 90, 90, 94, 94, 98, 98, 102, 102, 106, 106, 110, 110, 114, 114, 115, 115, 119, 119, 123, 123, 127]),
        .init("Turkish: \u{130}stanbul ISTANBUL istanbul \u{131}i \u{130}i I\u{307} D\u{130}YARBAKIR k\u{131}y\u{131}", "Turkish: \u{130}stanbul ISTANBUL istanbul \u{131}i \u{130}i \u{130} D\u{130}YARBAKIR k\u{131}y\u{131}", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 22, 22, 23, 23, 24, 24, 25, 25, 26, 26, 27, 27, 28, 28, 29, 29, 30, 30, 31, 31, 32, 32, 33, 33, 34, 34, 35, 35, 36, 36, 37, 37, 39, 39, 40, 40, 41, 41, 43, 43, 44, 44, 45, 45, 46, 48, 49, 49, 50, 50, 52, 52, 53, 53, 54, 54, 55, 55, 56, 56, 57, 57, 58, 58, 59, 59, 60, 60, 61, 61, 62, 62, 64, 64, 65, 65, 67]),
        .init("German: Stra\u{DF}e STRASSE Ma\u{DF}e \u{1E9E} gro\u{DF} GROSS Fu\u{DF}ball", "German: Stra\u{DF}e STRASSE Ma\u{DF}e \u{1E9E} gro\u{DF} GROSS Fu\u{DF}ball", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 22, 22, 23, 23, 24, 24, 25, 25, 26, 26, 28, 28, 29, 29, 30, 30, 33, 33, 34, 34, 35, 35, 36, 36, 37, 37, 39, 39, 40, 40, 41, 41, 42, 42, 43, 43, 44, 44, 45, 45, 46, 46, 47, 47, 48, 48, 50, 50, 51, 51, 52, 52, 53, 53, 54]),
        .init("Tamil: \u{BB8}\u{BCD}\u{BB0}\u{BC0} \u{B95}\u{BCD}\u{BB7}", "Tamil: \u{BB8}\u{BCD}\u{BB0}\u{BC0} \u{B95}\u{BCD}\u{BB7}", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 10, 10, 13, 13, 16, 16, 19, 19, 20, 20, 23, 23, 26, 26, 29]),
        .init("Khmer: \u{179F}\u{17D2}\u{179A}\u{17D2}\u{178F}\u{17B8}", "Khmer: \u{179F}\u{17D2}\u{179A}\u{17D2}\u{178F}\u{17B8}", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 10, 10, 13, 13, 16, 16, 19, 19, 22, 22, 25]),
        .init("SQL: SELECT * FROM users WHERE name = 'O''Brien' AND id IN (1,2,3);", "SQL: SELECT * FROM users WHERE name = 'O''Brien' AND id IN (1,2,3);", [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 22, 22, 23, 23, 24, 24, 25, 25, 26, 26, 27, 27, 28, 28, 29, 29, 30, 30, 31, 31, 32, 32, 33, 33, 34, 34, 35, 35, 36, 36, 37, 37, 38, 38, 39, 39, 40, 40, 41, 41, 42, 42, 43, 43, 44, 44, 45, 45, 46, 46, 47, 47, 48, 48, 49, 49, 50, 50, 51, 51, 52, 52, 53, 53, 54, 54, 55, 55, 56, 56, 57, 57, 58, 58, 59, 59, 60, 60, 61, 61, 62, 62, 63, 63, 64, 64, 65, 65, 66, 66, 67]),
    ]

    /// marian-nmt's Sequence (Precompiled, Strip right, Replace " {2,}"), on the same lines.
    static let marianSequence: [PrecompiledCase] = [
        .init("\u{A0}\u{A0}", "", []),
        .init("\u{2000}\u{2001}\u{2002}\u{2003}\u{2004}\u{2005}\u{2006}\u{2007}\u{2008}\u{2009}\u{200A} hair/thin/en/em spaces", "\u{2000}\u{2001}\u{2002}\u{2003}\u{2004}\u{2005}\u{2006}\u{2007}\u{2008}\u{2009}\u{200A} hairP/thinP/enP/em spaces", [0, 3, 3, 6, 6, 9, 9, 12, 12, 15, 15, 18, 18, 21, 21, 24, 24, 27, 27, 30, 30, 33, 33, 34, 34, 35, 35, 36, 36, 37, 37, 38, 38, 39, 38, 39, 39, 40, 40, 41, 41, 42, 42, 43, 43, 44, 43, 44, 44, 45, 45, 46, 46, 47, 46, 47, 47, 48, 48, 49, 49, 50, 50, 51, 51, 52, 52, 53, 53, 54, 54, 55, 55, 56]),
        .init("Control chars: \u{1}\u{2}\u{3}\u{7}\u{8}\u{B}\u{C}\u{1B}[31mred\u{1B}[0m\u{1F}\u{7F} end", "Ucontrol charsP: \u{1}\u{2}\u{3}\u{7}\u{8}\u{B}\u{C}\u{1B}P[31mred\u{1B}P[0m\u{1F}\u{7F} end", [0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 22, 22, 23, 23, 24, 23, 24, 24, 25, 25, 26, 26, 27, 27, 28, 28, 29, 29, 30, 30, 31, 31, 32, 31, 32, 32, 33, 33, 34, 34, 35, 35, 36, 36, 37, 37, 38, 38, 39, 39, 40]),
        .init("NEL\u{85}here LS\u{2028}here PS\u{2029}here", "UnUeUl\u{85}here UlUs\u{2028}here UpUs\u{2029}here", [0, 1, 0, 1, 1, 2, 1, 2, 2, 3, 2, 3, 3, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 10, 11, 11, 12, 11, 12, 12, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 20, 21, 20, 21, 21, 22, 21, 22, 22, 25, 25, 26, 26, 27, 27, 28, 28, 29]),
        .init("BOM in middle:\u{FEFF}after bom", "UbUoUm in middleP:\u{FEFF}after bom", [0, 1, 0, 1, 1, 2, 1, 2, 2, 3, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 13, 14, 14, 17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 22, 22, 23, 23, 24, 24, 25, 25, 26]),
        .init("zero\u{200B}width\u{200C}non\u{200D}joiner\u{2060}wj", "zero\u{200B}width\u{200C}non\u{200D}joiner\u{2060}wj", [0, 1, 1, 2, 2, 3, 3, 4, 4, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 15, 15, 16, 16, 17, 17, 18, 18, 21, 21, 22, 22, 23, 23, 24, 24, 25, 25, 26, 26, 27, 27, 30, 30, 31, 31, 32]),
        .init("VS: \u{2764}\u{FE0F} vs \u{2764}\u{FE0E} and \u{FE0E}text", "UvUsP: \u{2764}\u{FE0F} vs \u{2764}\u{FE0E} and \u{FE0E}text", [0, 1, 0, 1, 1, 2, 1, 2, 2, 3, 2, 3, 3, 4, 4, 7, 7, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 17, 17, 20, 20, 21, 21, 22, 22, 23, 23, 24, 24, 25, 25, 28, 28, 29, 29, 30, 30, 31, 31, 32]),
        .init("Combining: e\u{301} vs \u{E9}; a\u{308} vs \u{E4}; n\u{303} vs \u{F1}; Z\u{335}\u{327}\u{317}a\u{336}\u{325}l\u{334}\u{322}g\u{337}o\u{336} zalgo A\u{30A} vs \u{C5} vs \u{212B} (Angstrom)", "UcombiningP: e\u{301} vs \u{E9}P; a\u{308} vs \u{E4}P; n\u{303} vs \u{F1}P; Uz\u{335}\u{327}\u{317}a\u{336}\u{325}l\u{334}\u{322}g\u{337}o\u{336} zalgo Ua vs U\u{E5} vs U\u{E5} P(UangstromP)", [0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 9, 10, 10, 11, 11, 12, 12, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18, 20, 20, 21, 20, 21, 21, 22, 22, 23, 23, 25, 25, 26, 26, 27, 27, 28, 28, 29, 29, 31, 31, 32, 31, 32, 32, 33, 33, 34, 34, 36, 36, 37, 37, 38, 38, 39, 39, 40, 40, 42, 42, 43, 42, 43, 43, 44, 44, 45, 44, 45, 45, 47, 47, 49, 49, 51, 51, 52, 52, 54, 54, 56, 56, 57, 57, 59, 59, 61, 61, 62, 62, 64, 64, 65, 65, 67, 67, 68, 68, 69, 69, 70, 70, 71, 71, 72, 72, 73, 73, 74, 74, 75, 75, 77, 77, 78, 78, 79, 79, 80, 80, 81, 81, 83, 81, 83, 83, 84, 84, 85, 85, 86, 86, 87, 87, 90, 87, 90, 90, 91, 91, 92, 91, 92, 92, 93, 92, 93, 93, 94, 94, 95, 95, 96, 96, 97, 97, 98, 98, 99, 99, 100, 100, 101, 100, 101]),
        .init("Lone combining at start: \u{301}\u{301}abc", "Ulone combining at startP: \u{301}\u{301}abc", [0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 22, 22, 23, 23, 24, 23, 24, 24, 25, 25, 27, 27, 29, 29, 30, 30, 31, 31, 32]),
        .init("Kelvin \u{212A} vs K; Ohm \u{2126} vs \u{3A9}; micro \u{B5} vs \u{3BC}", "Ukelvin Uk vs UkP; Uohm U\u{3C9} vs U\u{3C9}P; micro \u{B5} vs \u{3BC}", [0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 10, 7, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 14, 15, 15, 16, 15, 16, 16, 17, 17, 18, 17, 18, 18, 19, 19, 20, 20, 21, 21, 24, 21, 24, 24, 25, 25, 26, 26, 27, 27, 28, 28, 30, 28, 30, 30, 31, 30, 31, 31, 32, 32, 33, 33, 34, 34, 35, 35, 36, 36, 37, 37, 38, 38, 40, 40, 41, 41, 42, 42, 43, 43, 44, 44, 46]),
        .init("Hangul syllables: \u{D55C}\u{AD6D}\u{C5B4} \u{D14D}\u{C2A4}\u{D2B8}", "Uhangul syllablesP: \u{D55C}\u{AD6D}\u{C5B4} \u{D14D}\u{C2A4}\u{D2B8}", [0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 16, 17, 17, 18, 18, 21, 21, 24, 24, 27, 27, 28, 28, 31, 31, 34, 34, 37]),
        .init("Hangul jamo (NFD): \u{1112}\u{1161}\u{11AB}\u{1100}\u{116E}\u{11A8}\u{110B}\u{1165} \u{1100}\u{1161}", "Uhangul jamo P(UnUfUdP)P: \u{1112}\u{1161}\u{11AB}\u{1100}\u{116E}\u{11A8}\u{110B}\u{1165} \u{1100}\u{1161}", [0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 12, 13, 13, 14, 13, 14, 14, 15, 14, 15, 15, 16, 15, 16, 16, 17, 16, 17, 17, 18, 17, 18, 18, 19, 19, 22, 22, 25, 25, 28, 28, 31, 31, 34, 34, 37, 37, 40, 40, 43, 43, 44, 44, 47, 47, 50]),
        .init("Compat jamo: \u{314E}\u{314F}\u{3134} \u{3131}\u{315C}\u{3131}", "Ucompat jamoP: \u{314E}\u{314F}\u{3134} \u{3131}\u{315C}\u{3131}", [0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 11, 12, 12, 13, 13, 16, 16, 19, 19, 22, 22, 23, 23, 26, 26, 29, 29, 32]),
        .init("Half-width katakana: \u{FF76}\u{FF80}\u{FF76}\u{FF85} \u{FF8A}\u{FF9E}\u{FF8B}\u{FF9F}", "UhalfP-width katakanaP: \u{FF76}\u{FF80}\u{FF76}\u{FF85} \u{FF8A}\u{FF9E}\u{FF8B}\u{FF9F}", [0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 19, 20, 20, 21, 21, 24, 24, 27, 27, 30, 30, 33, 33, 34, 34, 37, 37, 40, 40, 43, 43, 46]),
        .init("Fullwidth: \u{FF21}\u{FF22}\u{FF23} \u{FF41}\u{FF42}\u{FF43} \u{FF11}\u{FF12}\u{FF13} \u{FF01}\u{FF1F}\u{FF03}\u{FF04}\u{FF05} \u{FF28}\u{FF45}\u{FF4C}\u{FF4C}\u{FF4F}\u{FF0C}\u{FF57}\u{FF4F}\u{FF52}\u{FF4C}\u{FF44}\u{FF0E}", "UfullwidthP: U\u{FF41}U\u{FF42}U\u{FF43} \u{FF41}\u{FF42}\u{FF43} \u{FF11}\u{FF12}\u{FF13} P\u{FF01}P\u{FF1F}P\u{FF03}\u{FF04}P\u{FF05} U\u{FF48}\u{FF45}\u{FF4C}\u{FF4C}\u{FF4F}P\u{FF0C}\u{FF57}\u{FF4F}\u{FF52}\u{FF4C}\u{FF44}P\u{FF0E}", [0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 9, 10, 10, 11, 11, 14, 11, 14, 14, 17, 14, 17, 17, 20, 17, 20, 20, 21, 21, 24, 24, 27, 27, 30, 30, 31, 31, 34, 34, 37, 37, 40, 40, 41, 41, 44, 41, 44, 44, 47, 44, 47, 47, 50, 47, 50, 50, 53, 53, 56, 53, 56, 56, 57, 57, 60, 57, 60, 60, 63, 63, 66, 66, 69, 69, 72, 72, 75, 72, 75, 75, 78, 78, 81, 81, 84, 84, 87, 87, 90, 90, 93, 90, 93]),
        .init("Emoji: \u{1F44D} \u{1F44D}\u{1F3FD} \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466} \u{1F3F3}\u{FE0F}\u{200D}\u{1F308} \u{1F3F4}\u{200D}\u{2620}\u{FE0F} \u{1F469}\u{1F3FE}\u{200D}\u{1F4BB} \u{1F9D1}\u{200D}\u{1F91D}\u{200D}\u{1F9D1} \u{2764}\u{FE0F}\u{200D}\u{1F525} \u{1F1FA}\u{1F1F3}\u{1F1EF}\u{1F1F5}\u{1F1E9}\u{1F1EA} \u{1F1FA} lone RI \u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} (tag flag) 1\u{FE0F}\u{20E3} #\u{FE0F}\u{20E3} *\u{FE0F}\u{20E3} \u{1FAF6}\u{1F3FB}", "UemojiP: \u{1F44D} \u{1F44D}\u{1F3FD} \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466} \u{1F3F3}\u{FE0F}\u{200D}\u{1F308} \u{1F3F4}\u{200D}\u{2620}\u{FE0F} \u{1F469}\u{1F3FE}\u{200D}\u{1F4BB} \u{1F9D1}\u{200D}\u{1F91D}\u{200D}\u{1F9D1} \u{2764}\u{FE0F}\u{200D}\u{1F525} \u{1F1FA}\u{1F1F3}\u{1F1EF}\u{1F1F5}\u{1F1E9}\u{1F1EA} \u{1F1FA} lone UrUi \u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} P(tag flagP) 1\u{FE0F}\u{20E3} P#\u{FE0F}\u{20E3} P*\u{FE0F}\u{20E3} \u{1FAF6}\u{1F3FB}", [0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 5, 6, 6, 7, 7, 11, 11, 12, 12, 16, 16, 20, 20, 21, 21, 25, 25, 28, 28, 32, 32, 35, 35, 39, 39, 42, 42, 46, 46, 47, 47, 51, 51, 54, 54, 57, 57, 61, 61, 62, 62, 66, 66, 69, 69, 72, 72, 75, 75, 76, 76, 80, 80, 84, 84, 87, 87, 91, 91, 92, 92, 96, 96, 99, 99, 103, 103, 106, 106, 110, 110, 111, 111, 114, 114, 117, 117, 120, 120, 124, 124, 125, 125, 129, 129, 133, 133, 137, 137, 141, 141, 145, 145, 149, 149, 150, 150, 154, 154, 155, 155, 156, 156, 157, 157, 158, 158, 159, 159, 160, 160, 161, 160, 161, 161, 162, 161, 162, 162, 163, 163, 167, 167, 171, 171, 175, 175, 179, 179, 183, 183, 187, 187, 191, 191, 192, 192, 193, 192, 193, 193, 194, 194, 195, 195, 196, 196, 197, 197, 198, 198, 199, 199, 200, 200, 201, 201, 202, 201, 202, 202, 203, 203, 204, 204, 207, 207, 210, 210, 211, 211, 212, 211, 212, 212, 215, 215, 218, 218, 219, 219, 220, 219, 220, 220, 223, 223, 226, 226, 227, 227, 231, 231, 235]),
        .init("Superscripts/subscripts: x\u{B2} y\u{B3} H\u{2082}O \u{207D}\u{B9}\u{2070}\u{207E} \u{BD} \u{BC} \u{BE} \u{215E} \u{2116} \u{2122} \u{2120} \u{2121}", "UsuperscriptsP/subscriptsP: x\u{B2} y\u{B3} Uh\u{2082}Uo P\u{207D}\u{B9}\u{2070}P\u{207E} \u{BD} \u{BC} \u{BE} \u{215E} \u{2116} \u{2122} \u{2120} \u{2121}", [0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 20, 21, 21, 22, 22, 23, 23, 24, 23, 24, 24, 25, 25, 26, 26, 28, 28, 29, 29, 30, 30, 32, 32, 33, 33, 34, 33, 34, 34, 37, 37, 38, 37, 38, 38, 39, 39, 42, 39, 42, 42, 44, 44, 47, 47, 50, 47, 50, 50, 51, 51, 53, 53, 54, 54, 56, 56, 57, 57, 59, 59, 60, 60, 63, 63, 64, 64, 67, 67, 68, 68, 71, 71, 72, 72, 75, 75, 76, 76, 79]),
        .init("Roman: \u{2160} \u{2161} \u{216B} \u{217F}; circled: \u{2460} \u{2473} \u{32BF} \u{24B6} \u{24E9}; math: \u{1D400}\u{1D401}\u{1D402} \u{1D465}\u{1D466}\u{1D467} \u{1D518}\u{1D52B}\u{1D526}\u{1D520}\u{1D52C}\u{1D521}\u{1D522} \u{1D7D8}\u{1D7D9}\u{1D7DA}", "UromanP: \u{2160} \u{2161} \u{216B} \u{217F}P; circledP: \u{2460} \u{2473} \u{32BF} \u{24B6} \u{24E9}P; mathP: \u{1D400}\u{1D401}\u{1D402} \u{1D465}\u{1D466}\u{1D467} \u{1D518}\u{1D52B}\u{1D526}\u{1D520}\u{1D52C}\u{1D521}\u{1D522} \u{1D7D8}\u{1D7D9}\u{1D7DA}", [0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 5, 6, 6, 7, 7, 10, 10, 11, 11, 14, 14, 15, 15, 18, 18, 19, 19, 22, 22, 23, 22, 23, 23, 24, 24, 25, 25, 26, 26, 27, 27, 28, 28, 29, 29, 30, 30, 31, 31, 32, 31, 32, 32, 33, 33, 36, 36, 37, 37, 40, 40, 41, 41, 44, 44, 45, 45, 48, 48, 49, 49, 52, 52, 53, 52, 53, 53, 54, 54, 55, 55, 56, 56, 57, 57, 58, 58, 59, 58, 59, 59, 60, 60, 64, 64, 68, 68, 72, 72, 73, 73, 77, 77, 81, 81, 85, 85, 86, 86, 90, 90, 94, 94, 98, 98, 102, 102, 106, 106, 110, 110, 114, 114, 115, 115, 119, 119, 123, 123, 127]),
        .init("Turkish: \u{130}stanbul ISTANBUL istanbul \u{131}i \u{130}i I\u{307} D\u{130}YARBAKIR k\u{131}y\u{131}", "UturkishP: \u{130}stanbul UiUsUtUaUnUbUuUl istanbul \u{131}i \u{130}i Ui Ud\u{130}UyUaUrUbUaUkUiUr k\u{131}y\u{131}", [0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 7, 8, 8, 9, 9, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18, 19, 19, 20, 19, 20, 20, 21, 20, 21, 21, 22, 21, 22, 22, 23, 22, 23, 23, 24, 23, 24, 24, 25, 24, 25, 25, 26, 25, 26, 26, 27, 26, 27, 27, 28, 28, 29, 29, 30, 30, 31, 31, 32, 32, 33, 33, 34, 34, 35, 35, 36, 36, 37, 37, 39, 39, 40, 40, 41, 41, 43, 43, 44, 44, 45, 45, 46, 46, 48, 48, 49, 49, 50, 49, 50, 50, 52, 52, 53, 52, 53, 53, 54, 53, 54, 54, 55, 54, 55, 55, 56, 55, 56, 56, 57, 56, 57, 57, 58, 57, 58, 58, 59, 58, 59, 59, 60, 59, 60, 60, 61, 61, 62, 62, 64, 64, 65, 65, 67]),
        .init("German: Stra\u{DF}e STRASSE Ma\u{DF}e \u{1E9E} gro\u{DF} GROSS Fu\u{DF}ball", "UgermanP: Ustra\u{DF}e UsUtUrUaUsUsUe Uma\u{DF}e U\u{DF} gro\u{DF} UgUrUoUsUs Ufu\u{DF}ball", [0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 6, 7, 7, 8, 8, 9, 8, 9, 9, 10, 10, 11, 11, 12, 12, 14, 14, 15, 15, 16, 16, 17, 16, 17, 17, 18, 17, 18, 18, 19, 18, 19, 19, 20, 19, 20, 20, 21, 20, 21, 21, 22, 21, 22, 22, 23, 22, 23, 23, 24, 24, 25, 24, 25, 25, 26, 26, 28, 28, 29, 29, 30, 30, 33, 30, 33, 33, 34, 34, 35, 35, 36, 36, 37, 37, 39, 39, 40, 40, 41, 40, 41, 41, 42, 41, 42, 42, 43, 42, 43, 43, 44, 43, 44, 44, 45, 44, 45, 45, 46, 46, 47, 46, 47, 47, 48, 48, 50, 50, 51, 51, 52, 52, 53, 53, 54]),
        .init("Tamil: \u{BB8}\u{BCD}\u{BB0}\u{BC0} \u{B95}\u{BCD}\u{BB7}", "UtamilP: \u{BB8}\u{BCD}\u{BB0}\u{BC0} \u{B95}\u{BCD}\u{BB7}", [0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 5, 6, 6, 7, 7, 10, 10, 13, 13, 16, 16, 19, 19, 20, 20, 23, 23, 26, 26, 29]),
        .init("Khmer: \u{179F}\u{17D2}\u{179A}\u{17D2}\u{178F}\u{17B8}", "UkhmerP: \u{179F}\u{17D2}\u{179A}\u{17D2}\u{178F}\u{17B8}", [0, 1, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 5, 6, 6, 7, 7, 10, 10, 13, 13, 16, 16, 19, 19, 22, 22, 25]),
        .init("SQL: SELECT * FROM users WHERE name = 'O''Brien' AND id IN (1,2,3);", "UsUqUlP: UsUeUlUeUcUt P* UfUrUoUm users UwUhUeUrUe name = P'UoP'P'UbrienP' UaUnUd id UiUn P(1P,2P,3P)P;", [0, 1, 0, 1, 1, 2, 1, 2, 2, 3, 2, 3, 3, 4, 3, 4, 4, 5, 5, 6, 5, 6, 6, 7, 6, 7, 7, 8, 7, 8, 8, 9, 8, 9, 9, 10, 9, 10, 10, 11, 10, 11, 11, 12, 12, 13, 12, 13, 13, 14, 14, 15, 14, 15, 15, 16, 15, 16, 16, 17, 16, 17, 17, 18, 17, 18, 18, 19, 19, 20, 20, 21, 21, 22, 22, 23, 23, 24, 24, 25, 25, 26, 25, 26, 26, 27, 26, 27, 27, 28, 27, 28, 28, 29, 28, 29, 29, 30, 29, 30, 30, 31, 31, 32, 32, 33, 33, 34, 34, 35, 35, 36, 36, 37, 37, 38, 38, 39, 38, 39, 39, 40, 39, 40, 40, 41, 40, 41, 41, 42, 41, 42, 42, 43, 42, 43, 43, 44, 44, 45, 45, 46, 46, 47, 47, 48, 47, 48, 48, 49, 49, 50, 49, 50, 50, 51, 50, 51, 51, 52, 51, 52, 52, 53, 53, 54, 54, 55, 55, 56, 56, 57, 56, 57, 57, 58, 57, 58, 58, 59, 59, 60, 59, 60, 60, 61, 61, 62, 61, 62, 62, 63, 63, 64, 63, 64, 64, 65, 65, 66, 65, 66, 66, 67, 66, 67]),
    ]
}
