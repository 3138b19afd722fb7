import CICU

/// General-category predicates with the Unicode versions the reference's dependencies were built with:
/// the normalization crate's `is_combining_mark` (Unicode 9.0) and the `unicode_categories` crate's
/// `is_other` / `is_mark_nonspacing` (Unicode 8.0). Categories come from ICU 72 (Unicode 15.0), limited to
/// the characters those versions had, plus the few characters whose category changed since (found by
/// comparing every code point with the reference).
///
/// The Basic Multilingual Plane is answered from a table built once (64 KB, about 2 ms); measured, the ICU
/// calls it replaces were a third of BertNormalizer's time on multilingual text.
enum LegacyCategories {
    // ICU UCharCategory values.
    private static let nonspacingMark: Int32 = 6, enclosingMark: Int32 = 7, spacingMark: Int32 = 8
    private static let control: Int32 = 15, format: Int32 = 16, privateUse: Int32 = 17, surrogate: Int32 = 18

    /// `unicode_categories`' Unicode version, as `cicu_age` encodes it.
    static let categoriesVersion: Int32 = 8 << 8

    private static let markFlag: UInt8 = 1, otherFlag: UInt8 = 2, nonspacingMarkFlag: UInt8 = 4

    /// The three predicates for every BMP code point. Editors keep a reference to it (`Table`), so the lazy
    /// global is not checked once per scalar.
    static let table = Table(flags: (0..<0x10000).map { (scalar: UInt32) -> UInt8 in
        (computeIsMark(scalar) ? markFlag : 0) | (computeIsOther(scalar) ? otherFlag : 0)
            | (computeIsNonspacingMark(scalar) ? nonspacingMarkFlag : 0)
    })

    struct Table: Sendable {
        let flags: [UInt8]

        /// General category M (Mn, Mc, Me) in Unicode 9.0.
        @inline(__always)
        func isMark(_ scalar: UInt32) -> Bool {
            if scalar < 0x300 { return false }
            return scalar < 0x10000 ? flags[Int(scalar)] & markFlag != 0 : computeIsMark(scalar)
        }

        /// `is_other`: Cc, Cf, Co or Cs (not Cn).
        @inline(__always)
        func isOther(_ scalar: UInt32) -> Bool {
            if scalar < 0xA0 { return scalar < 0x20 || (scalar >= 0x7F) }
            return scalar < 0x10000 ? flags[Int(scalar)] & otherFlag != 0 : computeIsOther(scalar)
        }

        /// `is_mark_nonspacing`: Mn.
        @inline(__always)
        func isNonspacingMark(_ scalar: UInt32) -> Bool {
            if scalar < 0x300 { return false }
            return scalar < 0x10000 ? flags[Int(scalar)] & nonspacingMarkFlag != 0 : computeIsNonspacingMark(scalar)
        }
    }

    private static func computeIsMark(_ scalar: UInt32) -> Bool {
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

    private static func computeIsOther(_ scalar: UInt32) -> Bool {
        if scalar < 0xA0 { return scalar < 0x20 || (scalar >= 0x7F) }
        let category = cicu_general_category(scalar)
        guard category == control || category == format || category == privateUse || category == surrogate else {
            return false
        }
        return category == privateUse || cicu_age(scalar) <= categoriesVersion
    }

    private static func computeIsNonspacingMark(_ scalar: UInt32) -> Bool {
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
