import CICU

/// Character predicates with the meaning Rust's standard library and the reference give them.
enum UnicodeProperties {
    /// ICU UCharCategory values used below.
    enum Category {
        static let decimalNumber: Int32 = 9, letterNumber: Int32 = 10, otherNumber: Int32 = 11
        static let dashPunctuation: Int32 = 19, startPunctuation: Int32 = 20, endPunctuation: Int32 = 21
        static let connectorPunctuation: Int32 = 22, otherPunctuation: Int32 = 23
        static let initialPunctuation: Int32 = 28, finalPunctuation: Int32 = 29
    }

    /// `char::is_whitespace`: the White_Space property.
    @inline(__always)
    static func isWhitespace(_ scalar: UInt32) -> Bool { UnicodeClass.isWhitespace(scalar) }

    /// `char::is_numeric`: general categories Nd, Nl, No.
    static func isNumeric(_ scalar: UInt32) -> Bool {
        if scalar < 0x80 { return scalar >= 0x30 && scalar <= 0x39 }
        let c = cicu_general_category(scalar)
        return c == Category.decimalNumber || c == Category.letterNumber || c == Category.otherNumber
    }

    /// ASCII punctuation (`char::is_ascii_punctuation`) or Unicode punctuation (P*) as the reference's
    /// `unicode_categories` tables have it (`ReferencePunctuation`, older than ICU's).
    static func isPunctuation(_ scalar: UInt32) -> Bool {
        if scalar < 0x80 {
            return (scalar >= 0x21 && scalar <= 0x2F) || (scalar >= 0x3A && scalar <= 0x40)
                || (scalar >= 0x5B && scalar <= 0x60) || (scalar >= 0x7B && scalar <= 0x7E)
        }
        return ReferencePunctuation.contains(scalar)
    }

    /// Appends one single-scalar match per scalar of `text` for which `predicate` holds (the reference's
    /// `Pattern` for a `Fn(char) -> bool`).
    static func appendScalarMatches(in text: UnsafeBufferPointer<UInt8>, to matches: inout [Range<Int>],
                                    where predicate: (UInt32) -> Bool) {
        var i = 0
        while i < text.count {
            let (value, length) = UTF8Scalar.decode(text, at: i)
            if predicate(value) { matches.append(i..<(i + length)) }
            i += length
        }
    }
}
