import CICU

/// The classes of Unicode scalars that the pre-tokenizer scanners tell apart, as bit flags in one byte.
///
/// Each character class of the scanned regexes is one bit test: `\p{L}` is `flags & letter != 0`,
/// `[^\s\p{L}\p{N}]` is `flags & (whitespace | letter | number) == 0`, and o200k's
/// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]` is `flags & upperOrUncased != 0`. Every scalar has exactly one
/// general-category group, spelled out by the group constants below (all other scalars are 0).
///
/// Performance: plain `UInt8` constants rather than an `OptionSet`, because the scanners' tests run
/// in debug builds over tens of megabytes and `OptionSet` operations are not inlined there.
enum ScalarClass {
    /// `\p{L}`: general categories Lu, Ll, Lt, Lm, Lo.
    static let letter: UInt8 = 1 << 0
    /// `\p{N}`: Nd, Nl, No.
    static let number: UInt8 = 1 << 1
    /// The White_Space property (Oniguruma's `\s`, which includes U+000B and U+0085).
    static let whitespace: UInt8 = 1 << 2
    /// `\p{M}`: Mn, Mc, Me.
    static let mark: UInt8 = 1 << 3
    /// o200k's `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`.
    static let upperOrUncased: UInt8 = 1 << 4
    /// o200k's `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`.
    static let lowerOrUncased: UInt8 = 1 << 5
    /// Lt (with `letter` and `upperOrUncased`): tells titlecase letters from uppercase ones.
    static let titlecase: UInt8 = 1 << 6
    /// Lm (with `letter`, `upperOrUncased` and `lowerOrUncased`): tells modifier letters from other letters.
    static let modifier: UInt8 = 1 << 7

    /// Lu.
    static let uppercaseLetter: UInt8 = letter | upperOrUncased
    /// Ll.
    static let lowercaseLetter: UInt8 = letter | lowerOrUncased
    /// Lt.
    static let titlecaseLetter: UInt8 = letter | upperOrUncased | titlecase
    /// Lm.
    static let modifierLetter: UInt8 = letter | upperOrUncased | lowerOrUncased | modifier
    /// Lo.
    static let otherLetter: UInt8 = letter | upperOrUncased | lowerOrUncased
    /// Mn, Mc, Me.
    static let anyMark: UInt8 = mark | upperOrUncased | lowerOrUncased
    /// Nd, Nl, No.
    static let anyNumber: UInt8 = number

    /// The group of an ICU general category (UCharCategory numbering).
    static func group(ofICUCategory category: UInt8) -> UInt8 {
        switch category {
        case 1: uppercaseLetter  // U_UPPERCASE_LETTER
        case 2: lowercaseLetter  // U_LOWERCASE_LETTER
        case 3: titlecaseLetter  // U_TITLECASE_LETTER
        case 4: modifierLetter  // U_MODIFIER_LETTER
        case 5: otherLetter  // U_OTHER_LETTER
        case 6, 7, 8: anyMark  // U_NON_SPACING_MARK, U_ENCLOSING_MARK, U_COMBINING_SPACING_MARK
        case 9, 10, 11: anyNumber  // U_DECIMAL_DIGIT_NUMBER, U_LETTER_NUMBER, U_OTHER_NUMBER
        default: 0
        }
    }
}

/// A shared table from Unicode scalar (0 ..< 0x110000) to its `ScalarClass` flags, built once from ICU.
///
/// ```swift
/// UnicodeCategoryTable.shared.withLookup { lookup in lookup.flags(of: 0x4E2D) }  // ScalarClass.otherLetter
/// ```
///
/// Two levels: 0x1100 block numbers (one per 256 code points) index 256-byte blocks of flags. Blocks whose
/// code points all share one general category (most of the 17 planes) share one block, so the table takes
/// 53 KB (175 blocks) instead of 1.1 MB.
/// Block 0 (U+0000 ..< U+0100) is stored first, so ASCII and Latin-1 bytes index the flags directly.
///
/// The classes follow ICU (Unicode 15.0 in ICU 72) plus `referenceAdditions`: the code points that ICU 72
/// leaves unassigned and the reference library's Oniguruma (Unicode 16.0) assigns, because the reference
/// is what the scanners must agree with.
///
/// Performance (measured, release): building takes 0.3 ms (0.9 ms the first time in a process, when ICU
/// loads its property data), because ICU hands over its ~4,000 runs of equal general category
/// (`u_enumCharTypes`) instead of answering 1.1 million single look-ups (4.4 ms in C alone).
final class UnicodeCategoryTable: Sendable {
    /// The table every scanner uses, built on first use (thread-safe: a `static let`).
    static let shared = UnicodeCategoryTable()

    /// Scalars per block.
    private static let blockSize = 256
    /// Blocks in 0 ..< 0x110000.
    private static let blockCount = 0x110000 / blockSize

    /// For each block of 256 code points, which 256-byte block of `flags` describes it.
    private let blockNumbers: [UInt16]
    /// The distinct blocks, 256 flag bytes each; block 0 describes U+0000 ..< U+0100.
    private let flags: [UInt8]

    /// Builds the table from ICU's general categories and White_Space property.
    init() {
        let runs = Self.categoryRuns()
        let whitespace = Self.whitespaceRanges()
        let blockSize = Self.blockSize

        // Blocks that need more than their runs: White_Space scalars, reference additions.
        var special = [Bool](repeating: false, count: Self.blockCount)
        for range in whitespace {
            for block in (Int(range.lowerBound) / blockSize)...(Int(range.upperBound - 1) / blockSize) {
                special[block] = true
            }
        }
        for addition in Self.referenceAdditions {
            for block in (Int(addition.first) / blockSize)...(Int(addition.last) / blockSize) {
                special[block] = true
            }
        }

        var numbers = [UInt16](repeating: 0, count: Self.blockCount)
        var flags: [UInt8] = []
        flags.reserveCapacity(192 * blockSize)
        var uniformBlock = [Int](repeating: -1, count: 256)  // flag value → block number
        var run = 0
        var block256 = [UInt8](repeating: 0, count: blockSize)
        for block in 0..<Self.blockCount {
            let low = UInt32(block * blockSize)
            let high = low + UInt32(blockSize)
            while runs.end(run) <= low { run += 1 }
            if !special[block] && runs.end(run) >= high && block != 0 {
                let value = Int(ScalarClass.group(ofICUCategory: runs.categories[run]))
                if uniformBlock[value] < 0 {
                    uniformBlock[value] = flags.count / blockSize
                    flags.append(contentsOf: repeatElement(UInt8(value), count: blockSize))
                }
                numbers[block] = UInt16(uniformBlock[value])
                continue
            }
            // A mixed block: fill it run by run, then add White_Space and the reference's additions.
            var r = run
            for offset in 0..<blockSize {
                let scalar = low + UInt32(offset)
                while runs.end(r) <= scalar { r += 1 }
                block256[offset] = runs.categories[r] == 0 ? Self.unassigned
                    : ScalarClass.group(ofICUCategory: runs.categories[r])
            }
            for range in whitespace where range.lowerBound < high && range.upperBound > low {
                for scalar in max(range.lowerBound, low)..<min(range.upperBound, high) {
                    block256[Int(scalar - low)] |= ScalarClass.whitespace
                }
            }
            for addition in Self.referenceAdditions where addition.first < high && addition.last >= low {
                for scalar in max(addition.first, low)...min(addition.last, high - 1)
                where block256[Int(scalar - low)] == Self.unassigned {
                    block256[Int(scalar - low)] = addition.group
                }
            }
            for offset in 0..<blockSize where block256[offset] == Self.unassigned { block256[offset] = 0 }
            numbers[block] = UInt16(flags.count / blockSize)
            flags.append(contentsOf: block256)
        }
        assert(numbers[0] == 0, "block 0 must come first: Latin-1 bytes index it directly")
        blockNumbers = numbers
        self.flags = flags
    }

    /// The flags of one scalar (bounds-checked; the scanners use `withLookup` instead).
    func flags(of scalar: UInt32) -> UInt8 {
        guard scalar < 0x110000 else { return 0 }
        return flags[Int(blockNumbers[Int(scalar) / Self.blockSize]) * Self.blockSize + Int(scalar) % Self.blockSize]
    }

    /// Calls `body` with an unchecked view of the table, valid only during the call.
    func withLookup<Result>(_ body: (Lookup) throws -> Result) rethrows -> Result {
        try blockNumbers.withUnsafeBufferPointer { numbers in
            try flags.withUnsafeBufferPointer { flags in
                try body(Lookup(blockNumbers: numbers.baseAddress!, flags: flags.baseAddress!))
            }
        }
    }

    /// An unchecked view of the table (two pointers), for hot loops.
    struct Lookup {
        fileprivate let blockNumbers: UnsafePointer<UInt16>
        fileprivate let flags: UnsafePointer<UInt8>

        /// The flags of a scalar below U+0100: one load.
        @inline(__always)
        func flags(ofLatin1 byte: UInt8) -> UInt8 { flags[Int(byte)] }

        /// The flags of any scalar; values from 0x110000 up (never produced by valid UTF-8) give 0.
        @inline(__always)
        func flags(of scalar: UInt32) -> UInt8 {
            let index = Int(scalar &>> 8)
            guard index < UnicodeCategoryTable.blockCount else { return 0 }
            return flags[Int(blockNumbers[index]) &<< 8 | Int(scalar & 0xFF)]
        }
    }

    // MARK: - Building

    /// A marker for ICU's unassigned code points while a block is built (no real flag value has these bits).
    private static let unassigned: UInt8 = ScalarClass.number | ScalarClass.whitespace

    /// ICU's runs of equal general category: run i covers `starts[i] ..< starts[i + 1]`.
    private struct CategoryRuns {
        var starts: [UInt32]
        var categories: [UInt8]

        /// The end of run `index`: the start of the next, or 0x110000 for the last.
        func end(_ index: Int) -> UInt32 { index + 1 < starts.count ? starts[index + 1] : 0x110000 }
    }

    private static func categoryRuns() -> CategoryRuns {
        var capacity = 8192
        while true {
            var starts = [UInt32](repeating: 0, count: capacity)
            var categories = [UInt8](repeating: 0, count: capacity)
            let count = Int(cicu_general_category_ranges(&starts, &categories, Int32(capacity)))
            if count <= capacity {
                starts.removeSubrange(count...)
                categories.removeSubrange(count...)
                return CategoryRuns(starts: starts, categories: categories)
            }
            capacity = count
        }
    }

    private static func whitespaceRanges() -> [Range<UInt32>] {
        var starts = [UInt32](repeating: 0, count: 64)
        var ends = [UInt32](repeating: 0, count: 64)
        let count = Int(cicu_property_ranges(Int32(CICU_WHITE_SPACE), &starts, &ends, 64))
        // ICU 72 has 10 ranges; fewer than 64 unless ICU changes radically. A failure (-1) gives none,
        // which the scanner tests would catch at once.
        return (0..<max(0, min(count, 64))).map { starts[$0]..<ends[$0] }
    }

    /// Code points ICU 72 (Unicode 15.0) leaves unassigned but the reference library's Oniguruma
    /// (Unicode 16.0, in tokenizers 0.23.3) puts in a class the scanners distinguish: found by running
    /// `[^\p{L}]+`, `[^\p{Lu}]+`, … and `[^\s]+` with `Split(…, "removed")` in the reference over every code
    /// point and comparing with ICU. Every difference was of this kind (none for White_Space, none for
    /// code points ICU assigns). They apply only where ICU says unassigned, so a newer ICU makes them no-ops.
    static let referenceAdditions: [(first: UInt32, last: UInt32, group: UInt8)] = {
        let lu = ScalarClass.uppercaseLetter, ll = ScalarClass.lowercaseLetter
        let lm = ScalarClass.modifierLetter, lo = ScalarClass.otherLetter
        let m = ScalarClass.anyMark, n = ScalarClass.anyNumber
        return [
            (0x0897, 0x0897, m), (0x1C89, 0x1C89, lu), (0x1C8A, 0x1C8A, ll), (0xA7CB, 0xA7CC, lu),
            (0xA7CD, 0xA7CD, ll), (0xA7DA, 0xA7DA, lu), (0xA7DB, 0xA7DB, ll), (0xA7DC, 0xA7DC, lu),
            (0x105C0, 0x105F3, lo), (0x10D40, 0x10D49, n), (0x10D4A, 0x10D4D, lo), (0x10D4E, 0x10D4E, lm),
            (0x10D4F, 0x10D4F, lo), (0x10D50, 0x10D65, lu), (0x10D69, 0x10D6D, m), (0x10D6F, 0x10D6F, lm),
            (0x10D70, 0x10D85, ll), (0x10EC2, 0x10EC4, lo), (0x10EFC, 0x10EFC, m), (0x11380, 0x11389, lo),
            (0x1138B, 0x1138B, lo), (0x1138E, 0x1138E, lo), (0x11390, 0x113B5, lo), (0x113B7, 0x113B7, lo),
            (0x113B8, 0x113C0, m), (0x113C2, 0x113C2, m), (0x113C5, 0x113C5, m), (0x113C7, 0x113CA, m),
            (0x113CC, 0x113D0, m), (0x113D1, 0x113D1, lo), (0x113D2, 0x113D2, m), (0x113D3, 0x113D3, lo),
            (0x113E1, 0x113E2, m), (0x116D0, 0x116E3, n), (0x11BC0, 0x11BE0, lo), (0x11BF0, 0x11BF9, n),
            (0x11F5A, 0x11F5A, m), (0x13460, 0x143FA, lo), (0x16100, 0x1611D, lo), (0x1611E, 0x1612F, m),
            (0x16130, 0x16139, n), (0x16D40, 0x16D42, lm), (0x16D43, 0x16D6A, lo), (0x16D6B, 0x16D6C, lm),
            (0x16D70, 0x16D79, n), (0x18CFF, 0x18CFF, lo), (0x1CCF0, 0x1CCF9, n), (0x1E5D0, 0x1E5ED, lo),
            (0x1E5EE, 0x1E5EF, m), (0x1E5F0, 0x1E5F0, lo), (0x1E5F1, 0x1E5FA, n), (0x2EBF0, 0x2EE5D, lo),
        ]
    }()
}
