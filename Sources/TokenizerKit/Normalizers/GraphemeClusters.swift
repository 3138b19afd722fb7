import CICU

/// Extended grapheme cluster boundaries (UAX #29) over UTF-8, with ICU 72's Grapheme_Cluster_Break and
/// Extended_Pictographic data patched to the reference's Unicode version; what the reference's
/// `unicode-segmentation` gives for `graphemes(true)`.
///
/// Rule GB9c (Indic conjuncts, Unicode 15.1) is not applied: ICU 72 has no Indic_Conjunct_Break data, and
/// its only user here (`Precompiled`) cannot tell: a conjunct is at least 9 bytes, and clusters of 6 bytes
/// or more are handled scalar by scalar anyway.
enum GraphemeClusters {
    /// Grapheme_Cluster_Break values (ICU's numbering) plus an Extended_Pictographic flag.
    struct Property: Equatable {
        let raw: Int32

        static let other = Property(raw: 0), control = Property(raw: 1), cr = Property(raw: 2)
        static let extend = Property(raw: 3), l = Property(raw: 4), lf = Property(raw: 5)
        static let lv = Property(raw: 6), lvt = Property(raw: 7), t = Property(raw: 8), v = Property(raw: 9)
        static let spacingMark = Property(raw: 10), prepend = Property(raw: 11)
        static let regionalIndicator = Property(raw: 12), zwj = Property(raw: 17)

        var kind: Property { Property(raw: raw & 0xFF) }
        var isExtendedPictographic: Bool { raw & 0x100 != 0 }

        @inline(__always)
        init(raw: Int32) { self.raw = raw }

        @inline(__always)
        init(_ scalar: UInt32) {
            if scalar < 0x80 {
                raw = scalar == 0x0D ? 2 : scalar == 0x0A ? 5 : (scalar < 0x20 || scalar == 0x7F) ? 1 : 0
            } else {
                let value = cicu_grapheme_break(scalar)
                raw = value == Property.other.raw || value == Property.prepend.raw ? Self.newer(scalar, value) : value
            }
        }

        /// The classes Unicode 16.0 and 17.0 give to characters ICU 72 has as Other (unassigned) or Prepend,
        /// where the reference's `unicode-segmentation` (1.13) differs: found by probing every code point.
        private static func newer(_ scalar: UInt32, _ value: Int32) -> Int32 {
            switch scalar {
            case 0x897, 0x1ACF...0x1ADD, 0x1AE0...0x1AEB, 0x10D69...0x10D6D, 0x10EFA...0x10EFC,
                 0x113B8...0x113C0, 0x113C2, 0x113C5, 0x113C7...0x113CA, 0x113CC...0x113D0, 0x113D2,
                 0x113E1...0x113E2, 0x11B60...0x11B67, 0x11F5A, 0x1611E...0x1612F, 0x1E5EE...0x1E5EF,
                 0x1E6E3, 0x1E6E6, 0x1E6EE...0x1E6EF, 0x1E6F5:
                return Property.extend.raw   // Extend or SpacingMark: the rules treat both alike here
            case 0x113D1:
                return Property.prepend.raw
            case 0x11A3A:
                return Property.other.raw    // Prepend in Unicode 15.0 only
            default:
                return value
            }
        }
    }

    /// The end of the grapheme cluster that starts at `start`.
    static func clusterEnd(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var (value, length) = UTF8Scalar.decode(text, at: start)
        var i = start + length
        var property = Property(value)
        var previous = property.kind
        // GB11 context: 1 after "ExtPict Extend*", 2 after "ExtPict Extend* ZWJ".
        var emoji = property.isExtendedPictographic ? 1 : 0
        // GB12/13 context: regional indicators in a row so far.
        var regionalIndicators = previous == .regionalIndicator ? 1 : 0
        while i < text.count {
            (value, length) = UTF8Scalar.decode(text, at: i)
            // An ASCII scalar after an "Other" scalar always starts a new cluster.
            if value < 0x80 && previous == .other { break }
            property = Property(value)
            let next = property.kind
            if isBoundary(previous, next, property, emojiZWJ: emoji == 2, oddRegionalIndicators: regionalIndicators & 1 == 1) {
                break
            }
            if property.isExtendedPictographic {
                emoji = 1
            } else if emoji == 1 && next == .extend {
                emoji = 1
            } else if emoji == 1 && next == .zwj {
                emoji = 2
            } else {
                emoji = 0
            }
            regionalIndicators = next == .regionalIndicator ? regionalIndicators + 1 : 0
            previous = next
            i += length
        }
        return i
    }

    @inline(__always)
    private static func isBoundary(_ previous: Property, _ next: Property, _ nextProperty: Property,
                                   emojiZWJ: Bool, oddRegionalIndicators: Bool) -> Bool {
        if previous == .cr && next == .lf { return false }                                  // GB3
        if previous == .control || previous == .cr || previous == .lf { return true }        // GB4
        if next == .control || next == .cr || next == .lf { return true }                    // GB5
        if previous == .l && (next == .l || next == .v || next == .lv || next == .lvt) { return false } // GB6
        if (previous == .lv || previous == .v) && (next == .v || next == .t) { return false }          // GB7
        if (previous == .lvt || previous == .t) && next == .t { return false }                          // GB8
        if next == .extend || next == .zwj || next == .spacingMark { return false }          // GB9, GB9a
        if previous == .prepend { return false }                                             // GB9b
        if emojiZWJ && nextProperty.isExtendedPictographic { return false }                // GB11
        if previous == .regionalIndicator && next == .regionalIndicator && oddRegionalIndicators { return false } // GB12/13
        return true                                                                          // GB999
    }
}
