/// The `BertNormalizer`: in order, optional text cleaning (control characters removed, whitespace made a
/// space), spaces around CJK ideographs, accent stripping (NFD, then nonspacing marks removed) and
/// lowercasing. `strip_accents: null` follows `lowercase`.
struct BertNormalizer: Sendable, Equatable {
    var cleansText: Bool
    var handlesChineseCharacters: Bool
    /// nil: strip accents when lowercasing.
    var stripsAccents: Bool?
    var lowercases: Bool

    init(json: JSONValue) throws {
        cleansText = try json.required("clean_text").bool()
        handlesChineseCharacters = try json.required("handle_chinese_chars").bool()
        stripsAccents = try json.bool("strip_accents")
        lowercases = try json.required("lowercase").bool()
    }

    func normalize(_ string: inout NormalizedString) {
        if cleansText {
            string.rewriteScalars(with: Cleaner())
        }
        if handlesChineseCharacters {
            string.rewriteScalars(with: ChineseSpacer())
        }
        if stripsAccents ?? lowercases {
            UnicodeNormalizer(form: .nfd).normalize(&string)
            string.rewriteScalars(with: NonspacingMarkRemover())
        }
        if lowercases {
            Lowercase.normalize(&string)
        }
    }

    /// Removes NUL, U+FFFD and control characters (`is_other` but tab, newline, carriage return), then makes
    /// whitespace a space.
    private struct Cleaner: ScalarEditor {
        var asciiMask: (UInt64, UInt64) { (0xFFFF_FFFF, 1 << 63) }   // C0 controls, DEL
        private let categories = LegacyCategories.table

        @inline(__always)
        func edit(_ scalar: UInt32) -> ScalarEdit {
            if scalar < 0x80 {
                if scalar == 0x09 || scalar == 0x0A || scalar == 0x0D { return .replace(0x20) }
                // The other C0 controls (U+000B and U+000C too) and DEL are removed, not made spaces.
                return scalar < 0x20 || scalar == 0x7F ? .remove : .keep
            }
            if scalar == 0xFFFD || categories.isOther(scalar) { return .remove }
            return Whitespace.contains(scalar) ? .replace(0x20) : .keep
        }
    }

    /// Puts a space before and after each CJK ideograph; all three keep the ideograph's alignment.
    private struct ChineseSpacer: ScalarEditor {
        var asciiMask: (UInt64, UInt64) { (0, 0) }

        @inline(__always)
        func edit(_ scalar: UInt32) -> ScalarEdit {
            BertNormalizer.isChineseCharacter(scalar) ? .rewrite : .keep
        }

        func rewrite(_ scalar: UInt32, into rewriter: inout AlignedRewriter) {
            rewriter.emit(0x20, change: 0)
            rewriter.emit(scalar, change: 1)
            rewriter.emit(0x20, change: 1)
        }
    }

    /// Removes nonspacing marks (Mn), after NFD.
    private struct NonspacingMarkRemover: ScalarEditor {
        var asciiMask: (UInt64, UInt64) { (0, 0) }
        private let categories = LegacyCategories.table

        @inline(__always)
        func edit(_ scalar: UInt32) -> ScalarEdit {
            categories.isNonspacingMark(scalar) ? .remove : .keep
        }
    }

    /// The CJK ideograph blocks BERT puts spaces around.
    @inline(__always)
    static func isChineseCharacter(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
             0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
