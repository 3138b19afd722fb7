import CICU

/// General-category predicates with the Unicode versions the reference's dependencies were built with:
/// the normalization crate's `is_combining_mark` (Unicode 9.0) and the `unicode_categories` crate's
/// `is_other` / `is_mark_nonspacing`. Categories come from ICU, limited to the characters those tables knew.
enum LegacyCategories {
    // ICU UCharCategory values.
    private static let nonspacingMark: Int32 = 6, enclosingMark: Int32 = 7, spacingMark: Int32 = 8
    private static let control: Int32 = 15, format: Int32 = 16, privateUse: Int32 = 17, surrogate: Int32 = 18

    /// `unicode_categories`' Unicode version, as `cicu_age` encodes it.
    static let categoriesVersion: Int32 = 9 << 8

    /// General category M (Mn, Mc, Me) in Unicode 9.0.
    @inline(__always)
    static func isMark(_ scalar: UInt32) -> Bool {
        if scalar < 0x300 { return false }
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
        guard cicu_general_category(scalar) == nonspacingMark else { return false }
        return cicu_age(scalar) <= categoriesVersion
    }
}
