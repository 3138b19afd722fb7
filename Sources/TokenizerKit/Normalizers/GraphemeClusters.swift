import CICU

/// Extended grapheme cluster boundaries (UAX #29) over UTF-8, with ICU 72's Grapheme_Cluster_Break and
/// Extended_Pictographic data; what the reference's `unicode-segmentation` gives for `graphemes(true)`.
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
                raw = cicu_grapheme_break(scalar)
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
