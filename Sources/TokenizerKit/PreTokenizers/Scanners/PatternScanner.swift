/// A hand-written matcher for one well-known pre-tokenizer regex; produces exactly the regex's matches.
///
/// ```swift
/// let scanner = PatternScanner(pattern: #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#)
/// // scanner == .gpt2; on "Hello world" it finds 0..<5 and 5..<11.
/// ```
///
/// The matches are those of the reference library's Oniguruma "find all non-overlapping matches, left to
/// right": `\s` is the White_Space property (U+000B and U+0085 included), `\p{…}` are general categories as
/// Oniguruma's Unicode 16.0 tables give them (see `UnicodeCategoryTable`), `(?i:'s…)` also matches `'ſ`
/// (U+017F folds to s), and ordered alternation with backtracking decides which alternative wins.
/// Each scanner's file derives its decision procedure from its regex.
///
/// Performance (release, one thread, per line of the 65 MB English corpus, CPU time): GPT-2 280 MB/s,
/// cl100k and Qwen 2 277 MB/s, o200k 231 MB/s; ICU's `uregex` runs the same patterns at 16–22 MB/s.
/// A scanner reads each byte about once, classifies ASCII with one load and other scalars with two
/// (`UnicodeCategoryTable`), and never backtracks further than the regex forces it to.
enum PatternScanner: Sendable, Equatable {
    /// GPT-2's `ByteLevel` regex: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
    case gpt2
    /// cl100k_base's (and Llama 3's) regex: letters with one optional leading non-letter, digits in groups of 3.
    case cl100k
    /// Qwen 2's regex: cl100k's with single digits.
    case qwen2
    /// o200k_base's regex: words split at case changes, contractions attached, digits in groups of 3.
    case o200k
    /// The `tiktoken` package's spelling of cl100k_base's regex (possessive quantifiers, and `\s++$` tried
    /// before `\s*[\r\n]`): the same matches as `cl100k` except that a run of White_Space that reaches the
    /// end of the text is one match even when it holds a line break (`"a\n "` → `a`, `\n `).
    case cl100kTiktoken
    /// The `tiktoken` package's spelling of GPT-2's regex (r50k_base, p50k_base): possessive quantifiers and
    /// `\s++$|\s+(?!\S)|\s` instead of `\s+(?!\S)|\s+`, which find the same matches as `gpt2`.
    case r50kTiktoken

    /// The scanner for a pattern string, when one exists.
    ///
    /// Only the exact spellings found in tokenizer.json files are recognised (the cl100k one is shared by
    /// cl100k_base and Llama 3 files); anything else, even an equivalent regex, returns nil.
    init?(pattern: String) {
        switch pattern {
        case Self.gpt2Pattern: self = .gpt2
        case Self.cl100kPattern: self = .cl100k
        case Self.qwen2Pattern: self = .qwen2
        case Self.o200kPattern: self = .o200k
        case Self.cl100kTiktokenPattern: self = .cl100kTiktoken
        case Self.r50kTiktokenPattern: self = .r50kTiktoken
        default: return nil
        }
    }

    /// The exact pattern string this scanner implements.
    var pattern: String {
        switch self {
        case .gpt2: Self.gpt2Pattern
        case .cl100k: Self.cl100kPattern
        case .qwen2: Self.qwen2Pattern
        case .o200k: Self.o200kPattern
        case .cl100kTiktoken: Self.cl100kTiktokenPattern
        case .r50kTiktoken: Self.r50kTiktokenPattern
        }
    }

    static let gpt2Pattern = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#
    static let cl100kPattern = #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|"#
        + #" ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
    static let qwen2Pattern = #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}|"#
        + #" ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
    static let o200kPattern =
        #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|"#
        + #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|"#
        + #"\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"#

    static let cl100kTiktokenPattern = #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+|"#
        + #" ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"#
    static let r50kTiktokenPattern = #"'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s"#

    /// Appends the byte ranges of every match in `text` (valid UTF-8), in order, as the regex's
    /// find-all would. Matches never overlap; gaps between them are text the regex did not match.
    ///
    /// (None of the four regexes leaves gaps: every scalar is a letter, number, White_Space or "other",
    /// and each of those starts some alternative.) Invalid UTF-8 gives unspecified ranges but never
    /// reads outside `text`.
    ///
    /// - Complexity: O(n) in the length of `text`.
    func appendMatches(in text: UnsafeBufferPointer<UInt8>, to matches: inout [Range<Int>]) {
        guard let base = text.baseAddress, !text.isEmpty else { return }
        UnicodeCategoryTable.shared.withLookup { lookup in
            let reader = UTF8ClassReader(bytes: base, count: text.count, lookup: lookup)
            withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: MatchSink.capacity) { slots in
                var sink = MatchSink(slots: slots.baseAddress!)
                swap(&sink.matches, &matches)
                switch self {
                case .gpt2, .r50kTiktoken: reader.appendGPT2Matches(to: &sink)
                case .cl100k: reader.appendCL100KMatches(maxDigits: 3, to: &sink)
                case .cl100kTiktoken: reader.appendCL100KMatches(maxDigits: 3, runToEndFirst: true, to: &sink)
                case .qwen2: reader.appendCL100KMatches(maxDigits: 1, to: &sink)
                case .o200k: reader.appendO200KMatches(to: &sink)
                }
                sink.flush()
                swap(&sink.matches, &matches)
            }
        }
    }
}

/// Collects a scanner's matches in a small stack buffer and appends them to the caller's array in batches.
///
/// Performance: appending each match to an `inout` array calls `swift_isUniquelyReferenced` every time
/// (15% of cl100k's time on English, in perf); batches of 128 pay for it once per batch, which made cl100k
/// 13% and o200k 7% faster (GPT-2 2%).
struct MatchSink {
    /// Matches per batch: 64 ranges are 1 KB, the most `withUnsafeTemporaryAllocation` keeps on the stack
    /// (with 128, every scan allocated its batch with `memalign`: callgrind, cl100k, 10 MB of English,
    /// 400 instructions per text, 4% of the whole).
    static let capacity = 64

    /// The caller's array, moved in (by `swap`) for the duration of the scan.
    var matches: [Range<Int>] = []
    private let slots: UnsafeMutablePointer<Range<Int>>
    private var pending = 0

    /// A sink writing through `slots` (room for `capacity` ranges).
    init(slots: UnsafeMutablePointer<Range<Int>>) {
        self.slots = slots
    }

    /// Adds the match `start..<end`.
    @inline(__always)
    mutating func append(_ start: Int, _ end: Int) {
        assert(pending < Self.capacity && start < end)
        slots[pending] = start..<end
        pending += 1
        if pending == Self.capacity { flush() }
    }

    /// Moves the pending matches into `matches`.
    mutating func flush() {
        matches.append(contentsOf: UnsafeBufferPointer(start: slots, count: pending))
        pending = 0
    }
}

/// Classifies the scalars of a UTF-8 buffer by position: the one handle through which the scanners read.
///
/// Positions are byte offsets in `0..<count`; every read is checked against `count` (an `assert` in debug
/// builds, and a bounds test where a multi-byte sequence could run past the end), so invalid UTF-8 cannot
/// make a scanner read outside the buffer.
struct UTF8ClassReader {
    let bytes: UnsafePointer<UInt8>
    let count: Int
    let lookup: UnicodeCategoryTable.Lookup

    /// The `ScalarClass` flags and UTF-8 length of the scalar starting at `i` (`i < count`).
    @inline(__always)
    func scalar(at i: Int) -> (flags: UInt8, length: Int) {
        assert(i >= 0 && i < count)
        let lead = bytes[i]
        if lead < 0x80 { return (lookup.flags(ofLatin1: lead), 1) }
        return multibyteScalar(at: i, lead: lead)
    }

    /// `scalar(at:)` for a lead byte from 0x80 up.
    @inline(__always)
    private func multibyteScalar(at i: Int, lead: UInt8) -> (flags: UInt8, length: Int) {
        let value: UInt32
        let length: Int
        if lead < 0xE0 {
            guard i + 1 < count else { return (0, 1) }
            value = UInt32(lead & 0x1F) &<< 6 | UInt32(bytes[i + 1] & 0x3F)
            length = 2
        } else if lead < 0xF0 {
            guard i + 2 < count else { return (0, 1) }
            value = UInt32(lead & 0x0F) &<< 12 | UInt32(bytes[i + 1] & 0x3F) &<< 6 | UInt32(bytes[i + 2] & 0x3F)
            length = 3
        } else {
            guard i + 3 < count else { return (0, 1) }
            value = UInt32(lead & 0x07) &<< 18 | UInt32(bytes[i + 1] & 0x3F) &<< 12
                | UInt32(bytes[i + 2] & 0x3F) &<< 6 | UInt32(bytes[i + 3] & 0x3F)
            length = 4
        }
        return (value < 0x100 ? lookup.flags(ofLatin1: UInt8(value)) : lookup.flags(of: value), length)
    }

    /// The end of the run of scalars from `i` whose flags share a bit with `mask`.
    @inline(__always)
    func skip(from i: Int, whileAny mask: UInt8) -> Int {
        var j = i
        while j < count {
            let lead = bytes[j]
            if lead < 0x80 {
                if lookup.flags(ofLatin1: lead) & mask == 0 { break }
                j += 1
            } else {
                let (flags, length) = multibyteScalar(at: j, lead: lead)
                if flags & mask == 0 { break }
                j += length
            }
        }
        return j
    }

    /// The end of the run of scalars from `i` whose flags share no bit with `mask`.
    @inline(__always)
    func skip(from i: Int, whileNone mask: UInt8) -> Int {
        var j = i
        while j < count {
            let lead = bytes[j]
            if lead < 0x80 {
                if lookup.flags(ofLatin1: lead) & mask != 0 { break }
                j += 1
            } else {
                let (flags, length) = multibyteScalar(at: j, lead: lead)
                if flags & mask != 0 { break }
                j += length
            }
        }
        return j
    }

    /// The end of the run of bytes from `i` equal to `\r` or `\n` (or, with `slash`, `/`): `[\r\n]*`, `[\r\n/]*`.
    @inline(__always)
    func skipLineBreaks(from i: Int, slash: Bool = false) -> Int {
        var j = i
        while j < count {
            let byte = bytes[j]
            guard byte == ASCII.carriageReturn || byte == ASCII.lineFeed || (slash && byte == ASCII.slash) else { break }
            j += 1
        }
        return j
    }

    /// The end of `\p{N}{1,max}` at a number scalar `i` of length `length`.
    @inline(__always)
    func numberEnd(from i: Int, length: Int, max maxCount: Int) -> Int {
        var j = i + length
        var taken = 1
        while taken < maxCount && j < count {
            let (flags, length) = scalar(at: j)
            if flags & ScalarClass.number == 0 { break }
            j += length
            taken += 1
        }
        return j
    }

    /// The length of the contraction `'s|'t|'re|'ve|'m|'ll|'d` at `i` (where `bytes[i]` is `'`), or 0.
    ///
    /// With `caseInsensitive` this is `(?i:…)` as Oniguruma matches it: ASCII letters in either case,
    /// and `ſ` (U+017F, whose case folding is s) for s, the only non-ASCII scalar that folds to one of
    /// these letters (checked against the reference for every scalar).
    @inline(__always)
    func contractionLength(at i: Int, caseInsensitive: Bool) -> Int {
        assert(bytes[i] == ASCII.apostrophe)
        guard i + 1 < count else { return 0 }
        var first = bytes[i + 1]
        if caseInsensitive {
            first = ASCII.lowercased(first)
            if first == 0xC5 && i + 2 < count && bytes[i + 2] == 0xBF { return 3 }  // ſ
        }
        switch first {
        case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "d"):
            return 2
        case UInt8(ascii: "r"), UInt8(ascii: "v"), UInt8(ascii: "l"):
            guard i + 2 < count else { return 0 }
            let second = caseInsensitive ? ASCII.lowercased(bytes[i + 2]) : bytes[i + 2]
            let expected = first == UInt8(ascii: "l") ? UInt8(ascii: "l") : UInt8(ascii: "e")
            return second == expected ? 3 : 0
        default:
            return 0
        }
    }

    /// The end of `\s*[\r\n]+|\s+(?!\S)|\s+` (the first alternative only `withLineBreaks`) at a White_Space
    /// scalar `i`.
    ///
    /// Derivation: let the White_Space run be `i..<j`. `\s*[\r\n]+` backtracks `\s*` until `[\r\n]+` can
    /// start, i.e. to the last `\r`/`\n` of the run, and `[\r\n]+` then takes just that one byte (no line
    /// break follows it inside the run): the match ends after the run's last line break. Otherwise
    /// `\s+(?!\S)` matches the whole run at the end of the text, else the run minus its last scalar (the
    /// one followed by non-space), and when that leaves nothing `\s+` takes the single scalar.
    /// With `runToEndFirst` (tiktoken's `\s++$|\s*[\r\n]|…`), a run that reaches the end of the text is
    /// taken whole before line breaks are looked at.
    @inline(__always)
    func whitespaceEnd(from i: Int, withLineBreaks: Bool, runToEndFirst: Bool = false) -> Int {
        var j = i
        var lastStart = i
        var afterLineBreak = -1
        while j < count {
            let lead = bytes[j]
            let flags: UInt8
            let length: Int
            if lead < 0x80 {
                flags = lookup.flags(ofLatin1: lead)
                length = 1
                if lead == ASCII.carriageReturn || lead == ASCII.lineFeed { afterLineBreak = j + 1 }
            } else {
                (flags, length) = multibyteScalar(at: j, lead: lead)
            }
            if flags & ScalarClass.whitespace == 0 { break }
            lastStart = j
            j += length
        }
        if runToEndFirst && j == count { return j }
        if withLineBreaks && afterLineBreak >= 0 { return afterLineBreak }
        if j == count || lastStart == i { return j }
        return lastStart
    }

    /// ASCII bytes the scanners compare with.
    enum ASCII {
        static let lineFeed = UInt8(ascii: "\n")
        static let carriageReturn = UInt8(ascii: "\r")
        static let space = UInt8(ascii: " ")
        static let apostrophe = UInt8(ascii: "'")
        static let slash = UInt8(ascii: "/")

        /// `byte` with A–Z mapped to a–z.
        @inline(__always)
        static func lowercased(_ byte: UInt8) -> UInt8 {
            byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
        }
    }
}
