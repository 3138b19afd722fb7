import CICU
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A token added on top of the model's vocabulary (special tokens such as `<|endoftext|>`, or user tokens).
///
/// ```swift
/// tokenizer.addTokens([AddedToken(content: "<|user|>", special: true)])
/// ```
public struct AddedToken: Sendable, Equatable {
    /// The token's text, matched literally.
    public var content: String
    /// Only matched when it stands as a whole word (no word character right before or after it).
    public var singleWord: Bool
    /// Swallows the whitespace on its left.
    public var leftStrip: Bool
    /// Swallows the whitespace on its right.
    public var rightStrip: Bool
    /// Matched on the normalized text (true) or on the raw input (false).
    public var normalized: Bool
    /// Special tokens can be skipped when decoding.
    public var special: Bool

    /// A token with the reference's defaults: `normalized` is true for ordinary tokens and false for
    /// special ones unless given.
    public init(content: String, singleWord: Bool = false, leftStrip: Bool = false, rightStrip: Bool = false,
                normalized: Bool? = nil, special: Bool = false) {
        self.content = content
        self.singleWord = singleWord
        self.leftStrip = leftStrip
        self.rightStrip = rightStrip
        self.normalized = normalized ?? !special
        self.special = special
    }
}

/// The added tokens of a tokenizer and the machinery that finds them in text before anything else runs.
///
/// Matching is leftmost-longest over two sets, as in the reference: tokens with `normalized: false`
/// on the raw input first, then tokens with `normalized: true` on each normalized remaining piece.
struct AddedVocabulary: Sendable {
    private(set) var tokens: [UInt32: AddedToken] = [:]
    private var ids = ByteStringTable()
    /// The text used when decoding an added token: its normalized form when normalization changed it.
    private var decodingText: [UInt32: [UInt8]] = [:]
    private(set) var specialContents: Set<[UInt8]> = []
    private var rawMatcher = TokenMatcher()
    private var normalizedMatcher = TokenMatcher()
    /// What `normalizedMatcher` looks for: the normalized content of each token with `normalized: true`.
    private(set) var normalizedPatterns: [[UInt8]] = []

    /// False when the tokens are never found in text, only known by id (tekken's special tokens, which
    /// `Tekkenizer.encode` never parses): encoding then sees plain text only.
    var matchesInText = true {
        didSet { rebuildMatchers() }
    }

    var isEmpty: Bool { tokens.isEmpty }

    /// Adds tokens in order, as the reference does when it loads a file: a token already known (as an
    /// added token or in the model) keeps that id; new ones take ids after the largest one in use.
    mutating func add(_ newTokens: [AddedToken], modelID: (String) -> UInt32?, modelVocabularySize: Int,
                      normalize: ((String) -> [UInt8])?) {
        var nextID: UInt32
        if let maximum = tokens.keys.max() {
            nextID = (maximum >= UInt32(modelVocabularySize) || modelVocabularySize == 0) ? maximum + 1 : UInt32(modelVocabularySize)
        } else {
            nextID = UInt32(modelVocabularySize)
        }
        for token in newTokens {
            let content = Array(token.content.utf8)
            if content.isEmpty { continue }
            if let existing = ids.value(for: content), tokens[existing] == token { continue }
            let id: UInt32
            if let existing = ids.value(for: content) ?? modelID(token.content) {
                id = existing
            } else {
                id = nextID
                nextID += 1
            }
            if token.normalized, let normalize {
                let normalized = normalize(token.content)
                if normalized != content { decodingText[id] = normalized } else { decodingText[id] = nil }
            }
            ids.set(id, for: content)
            if token.special { specialContents.insert(content) }
            tokens[id] = token
        }
        rebuildMatchers()
    }

    /// Adds tokens with the ids they must have (tiktoken's special tokens), to a vocabulary that has none
    /// of those contents or ids yet.
    mutating func add(_ tokensWithIDs: [(token: AddedToken, id: UInt32)]) {
        for (token, id) in tokensWithIDs {
            let content = Array(token.content.utf8)
            if content.isEmpty { continue }
            assert(tokens[id] == nil && ids.value(for: content) == nil)
            ids.set(id, for: content)
            if token.special { specialContents.insert(content) }
            tokens[id] = token
        }
        rebuildMatchers()
    }

    private mutating func rebuildMatchers() {
        var raw = TokenMatcher()
        var normalized = TokenMatcher()
        var patterns: [[UInt8]] = []
        for (id, token) in tokens.sorted(by: { $0.key < $1.key }) where matchesInText {
            if token.normalized {
                let pattern = decodingText[id] ?? Array(token.content.utf8)
                normalized.insert(pattern, id: id)
                patterns.append(pattern)
            } else {
                raw.insert(Array(token.content.utf8), id: id)
            }
        }
        rawMatcher = raw
        normalizedMatcher = normalized
        normalizedPatterns = patterns
    }

    func id(for content: [UInt8]) -> UInt32? { ids.value(for: content) }

    /// The text an added id decodes to, or nil when the id is not an added token.
    func decodingBytes(for id: UInt32) -> [UInt8]? {
        guard let token = tokens[id] else { return nil }
        return decodingText[id] ?? Array(token.content.utf8)
    }

    func isSpecial(_ text: [UInt8]) -> Bool { specialContents.contains(text) }

    var hasRawTokens: Bool { !rawMatcher.isEmpty }
    var hasNormalizedTokens: Bool { !normalizedMatcher.isEmpty }

    /// Splits `text` into pieces: `(id, range)` for an added token, `(nil, range)` for text between them.
    /// Empty text gives nothing.
    func findMatches(in text: UnsafeBufferPointer<UInt8>, normalized: Bool) -> [(id: UInt32?, range: Range<Int>)] {
        var pieces: [(id: UInt32?, range: Range<Int>)] = []
        var cursor = PieceCursor()
        while let piece = nextPiece(in: text, normalized: normalized, cursor: &cursor) { pieces.append(piece) }
        return pieces
    }

    /// Which added tokens a `PieceWalk` finds.
    enum PieceMatching {
        /// Those matched on raw text (`normalized: false`).
        case raw
        /// Those matched on normalized text (`normalized: true`), for a text that is normalized already.
        case normalized
        /// Raw ones, then normalized ones in each run between them: `split`'s order, for a pipeline with no
        /// normalizer (the raw text is then the normalized text).
        case rawThenNormalized
    }

    /// Where `nextPiece(in:walk:)` is in a text.
    struct PieceWalk {
        fileprivate let matching: PieceMatching
        fileprivate var outer = PieceCursor()
        fileprivate var inner = PieceCursor()
        /// With `.rawThenNormalized`: the run between raw tokens being searched for normalized ones.
        fileprivate var run: Range<Int>? = nil

        init(_ matching: PieceMatching) { self.matching = matching }
    }

    /// The next piece of `text` in the order `split` finds them: `(id, range)` for an added token,
    /// `(nil, range)` for the text between them (ranges in `text`). Every fast plan walks a text with this.
    @inline(__always)
    func nextPiece(in text: UnsafeBufferPointer<UInt8>, walk: inout PieceWalk) -> (id: UInt32?, range: Range<Int>)? {
        while true {
            if let run = walk.run {
                if let part = nextPiece(in: UnsafeBufferPointer(rebasing: text[run]), normalized: true, cursor: &walk.inner) {
                    return (part.id, (run.lowerBound + part.range.lowerBound)..<(run.lowerBound + part.range.upperBound))
                }
                walk.run = nil
            }
            guard let piece = nextPiece(in: text, normalized: walk.matching == .normalized, cursor: &walk.outer) else { return nil }
            if piece.id != nil || walk.matching != .rawThenNormalized || normalizedMatcher.isEmpty { return piece }
            walk.run = piece.range
            walk.inner = PieceCursor()
        }
    }

    /// Where `nextPiece` is in a text.
    struct PieceCursor {
        fileprivate var startOffset = 0
        fileprivate var position = 0
        fileprivate var pending: (id: UInt32?, range: Range<Int>)? = nil
        fileprivate var finished = false
    }

    /// The next of the pieces `findMatches` returns, without building an array or calling a closure: the
    /// per-document path of corpus encoding calls this for every document, and both an array and a closure
    /// capturing the tokenizer cost a copy (its arrays retained on reference counts every worker shares).
    func nextPiece(in text: UnsafeBufferPointer<UInt8>, normalized: Bool,
                   cursor: inout PieceCursor) -> (id: UInt32?, range: Range<Int>)? {
        if let pending = cursor.pending {
            cursor.pending = nil
            return pending
        }
        if cursor.finished { return nil }
        // The matcher used as it is stored: binding one of the two to a local would copy it.
        if normalized ? normalizedMatcher.isEmpty : rawMatcher.isEmpty {
            cursor.finished = true
            return text.isEmpty ? nil : (nil, 0..<text.count)
        }
        while true {
            let found = normalized ? normalizedMatcher.nextMatch(in: text, from: cursor.position)
                                   : rawMatcher.nextMatch(in: text, from: cursor.position)
            guard let (matchStart, matchEnd, id) = found else {
                cursor.finished = true
                return cursor.startOffset != text.count ? (nil, cursor.startOffset..<text.count) : nil
            }
            cursor.position = matchEnd
            guard let token = tokens[id] else { continue }
            var start = matchStart
            var stop = matchEnd
            if token.singleWord {
                let startIsBoundary = start == 0 || !UnicodeClass.endsWithWordCharacter(text, before: start)
                let stopIsBoundary = stop == text.count || !UnicodeClass.startsWithWordCharacter(text, at: stop)
                if !startIsBoundary || !stopIsBoundary { continue }
            }
            if token.leftStrip {
                start = max(UnicodeClass.startOfTrailingWhitespace(text, before: start), cursor.startOffset)
            }
            if token.rightStrip {
                stop = UnicodeClass.endOfLeadingWhitespace(text, from: stop)
            }
            let gap = cursor.startOffset..<start
            cursor.startOffset = stop
            if gap.isEmpty { return (id, start..<stop) }
            cursor.pending = (id, start..<stop)
            return (nil, gap)
        }
    }
}

/// Leftmost-longest matching of a set of byte strings, with a byte trie.
struct TokenMatcher: Sendable {
    /// Per node: its children as (byte, node) sorted by byte, and the id that ends here (or -1).
    private var children: [[(UInt8, Int32)]] = [[]]
    private var terminal: [Int64] = [-1]
    private var firstBytes = [Bool](repeating: false, count: 256)
    /// The first byte of every key, when they all share one (`<` of `<|endoftext|>`, `[` of `[CLS]`): the
    /// scan for a match start is then `memchr` (callgrind, cl100k, 10 MB of English: the byte-by-byte scan
    /// was 9 instructions per byte of text).
    private var onlyFirstByte: UInt8?

    private(set) var isEmpty = true

    mutating func insert(_ key: [UInt8], id: UInt32) {
        guard let first = key.first else { return }
        onlyFirstByte = isEmpty || onlyFirstByte == first ? first : nil
        isEmpty = false
        firstBytes[Int(first)] = true
        var node = 0
        for byte in key {
            if let child = children[node].first(where: { $0.0 == byte }) {
                node = Int(child.1)
            } else {
                children.append([])
                terminal.append(-1)
                let child = Int32(children.count - 1)
                children[node].append((byte, child))
                node = Int(child)
            }
        }
        terminal[node] = Int64(id)
    }

    /// The leftmost match starting at or after `from` (the longest one there).
    func nextMatch(in text: UnsafeBufferPointer<UInt8>, from: Int) -> (Int, Int, UInt32)? {
        var start = from
        while start < text.count {
            if let only = onlyFirstByte {
                guard let found = memchr(text.baseAddress! + start, Int32(only), text.count - start) else { return nil }
                start = text.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            if firstBytes[Int(text[start])] {
                var node = 0
                var best: (Int, UInt32)? = nil
                var i = start
                while i < text.count, let child = children[node].first(where: { $0.0 == text[i] }) {
                    node = Int(child.1)
                    i += 1
                    if terminal[node] >= 0 { best = (i, UInt32(terminal[node])) }
                }
                if let best { return (start, best.0, best.1) }
            }
            start += 1
        }
        return nil
    }
}

/// Unicode classes as Rust's `regex` crate defines `\w` and `\s` (used around added tokens).
enum UnicodeClass {
    static func isWhitespace(_ scalar: UInt32) -> Bool {
        if scalar < 0x80 { return scalar == 0x20 || (scalar >= 0x09 && scalar <= 0x0D) }
        return cicu_has_property(scalar, Int32(CICU_WHITE_SPACE)) != 0
    }

    /// `\w`: Alphabetic, Mark, Decimal_Number, Connector_Punctuation, Join_Control.
    static func isWordCharacter(_ scalar: UInt32) -> Bool {
        if scalar < 0x80 {
            return (scalar >= 0x30 && scalar <= 0x39) || (scalar >= 0x41 && scalar <= 0x5A)
                || (scalar >= 0x61 && scalar <= 0x7A) || scalar == 0x5F
        }
        if scalar == 0x200C || scalar == 0x200D { return true }
        if cicu_has_property(scalar, Int32(CICU_ALPHABETIC)) != 0 { return true }
        let category = cicu_general_category(scalar)
        // ICU UCharCategory: 0 unassigned (in ICU's Unicode 15.0: the reference's 16.0 may assign it),
        // 6 Mn, 7 Me, 8 Mc, 9 Nd, 22 Pc
        if category == 0 { return RegexPropertyAdditions.isWordCharacter(scalar) }
        return category == 6 || category == 7 || category == 8 || category == 9 || category == 22
    }

    static func endsWithWordCharacter(_ text: UnsafeBufferPointer<UInt8>, before index: Int) -> Bool {
        guard index > 0 else { return false }
        let start = UTF8Scalar.previousStart(text, before: index)
        return isWordCharacter(UTF8Scalar.decode(text, at: start).value)
    }

    static func startsWithWordCharacter(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index < text.count else { return false }
        return isWordCharacter(UTF8Scalar.decode(text, at: index).value)
    }

    static func startOfTrailingWhitespace(_ text: UnsafeBufferPointer<UInt8>, before index: Int) -> Int {
        var i = index
        while i > 0 {
            let start = UTF8Scalar.previousStart(text, before: i)
            if !isWhitespace(UTF8Scalar.decode(text, at: start).value) { break }
            i = start
        }
        return i
    }

    static func endOfLeadingWhitespace(_ text: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var i = index
        while i < text.count {
            let (value, length) = UTF8Scalar.decode(text, at: i)
            if !isWhitespace(value) { break }
            i += length
        }
        return i
    }
}
