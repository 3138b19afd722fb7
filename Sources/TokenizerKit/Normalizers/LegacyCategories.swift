import CICU

/// General-category predicates with the Unicode versions the reference's dependencies were built with:
/// the normalization crate's `is_combining_mark` (Unicode 9.0) and the `unicode_categories` crate's
/// `is_other` / `is_mark_nonspacing` (Unicode 8.0). Categories come from ICU 72 (Unicode 15.0), limited to
/// the characters those versions had, plus the few characters whose category changed since (found by
/// comparing every code point with the reference).
enum LegacyCategories {
    // ICU UCharCategory values.
    private static let nonspacingMark: Int32 = 6, enclosingMark: Int32 = 7, spacingMark: Int32 = 8
    private static let control: Int32 = 15, format: Int32 = 16, privateUse: Int32 = 17, surrogate: Int32 = 18

    /// `unicode_categories`' Unicode version, as `cicu_age` encodes it.
    static let categoriesVersion: Int32 = 8 << 8

    /// General category M (Mn, Mc, Me) in Unicode 9.0.
    @inline(__always)
    static func isMark(_ scalar: UInt32) -> Bool {
        if scalar < 0x300 { return false }
        switch scalar {
        case 0x1CF2, 0x1CF3: return true    // Mc in 9.0, Lo since 10.0
        case 0x111C9: return false          // Po in 9.0, Mn since 10.0
        default: break
        }
        let category = cicu_general_category(scalar)
        guard category == nonspacingMark || category == enclosingMark || category == spacingMark else { return false }
        return cicu_age(scalar) <= NormalizationData.crateVersion
    }

    /// `is_other`: Cc, Cf, Co or Cs (not Cn).
    @inline(__always)
    static func isOther(_ scalar: UInt32) -> Bool {
        if scalar < 0xA0 { return scalar < 0x20 || (scalar >= 0x7F) }
        let category = cicu_general_category(scalar)
        guard category == control || category == format || category == privateUse || category == surrogate else {
            return false
        }
        return category == privateUse || cicu_age(scalar) <= categoriesVersion
    }

    /// `is_mark_nonspacing`: Mn.
    @inline(__always)
    static func isNonspacingMark(_ scalar: UInt32) -> Bool {
        if scalar < 0x300 { return false }
        switch scalar {
        case 0x1734: return true                                // Mn in 8.0, Mc since 14.0
        case 0x1885, 0x1886, 0xA9BD, 0x111C9: return false      // not Mn in 8.0
        default: break
        }
        guard cicu_general_category(scalar) == nonspacingMark else { return false }
        return cicu_age(scalar) <= categoriesVersion
    }
}
