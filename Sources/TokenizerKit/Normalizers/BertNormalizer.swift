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
            string.rewriteScalars { scalar in
                if scalar < 0x80 {
                    if scalar == 0x09 || scalar == 0x0A || scalar == 0x0D { return .replace(0x20) }
                    // The other C0 controls (U+000B and U+000C too) and DEL are removed, not made spaces.
                    return scalar < 0x20 || scalar == 0x7F ? .remove : .keep
                }
                if scalar == 0xFFFD || LegacyCategories.isOther(scalar) { return .remove }
                return Whitespace.contains(scalar) ? .replace(0x20) : .keep
            }
        }
        if handlesChineseCharacters {
            string.rewriteScalars { scalar in
                Self.isChineseCharacter(scalar) ? .rewrite : .keep
            } rewrite: { scalar, rewriter in
                rewriter.emit(0x20, change: 0)
                rewriter.emit(scalar, change: 1)
                rewriter.emit(0x20, change: 1)
            }
        }
        if stripsAccents ?? lowercases {
            UnicodeNormalizer(form: .nfd).normalize(&string)
            string.rewriteScalars { scalar in
                LegacyCategories.isNonspacingMark(scalar) ? .remove : .keep
            }
        }
        if lowercases {
            Lowercase.normalize(&string)
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
