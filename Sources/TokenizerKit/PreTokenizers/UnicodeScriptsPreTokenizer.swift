import CICU

/// `UnicodeScripts`: splits a word wherever the Unicode script changes. The space (and any code point
/// the reference's script table does not know) is "Any": it never starts a piece and does not change the
/// current script. Hiragana, Katakana and U+30FC (the prolonged sound mark) count as Han.
///
/// The reference ships an old Unicode script table; scripts here come from ICU, corrected by the
/// generated `scriptOverrides` (see scripts/gen_unicode_script_overrides.py).
enum UnicodeScriptsPreTokenizer {
    /// The script value of code points that never split.
    static let anyScript: Int32 = -1

    private static let common: Int32 = 0
    private static let han: Int32 = 17
    private static let hiragana: Int32 = 20
    private static let katakana: Int32 = 22
    private static let latin: Int32 = 25
    private static let unknown: Int32 = 103

    /// Appends the pieces (byte ranges of `text`) of one word. As in the reference, the leading "Any"
    /// code points are dropped (the first piece starts at the first code point with a script), and a
    /// word made only of "Any" code points has no pieces.
    static func appendPieces(in text: UnsafeBufferPointer<UInt8>, to pieces: inout [Range<Int>]) {
        var start = -1
        var last = anyScript
        var i = 0
        while i < text.count {
            let byte = text[i]
            let value: UInt32
            let length: Int
            if byte < 0x80 {
                value = UInt32(byte)
                length = 1
            } else {
                (value, length) = UTF8Scalar.decode(text, at: i)
            }
            let current = script(of: value)
            if current != anyScript {
                if last != current {
                    if start >= 0 { pieces.append(start..<i) }
                    start = i
                }
                last = current
            }
            i += max(length, 1)
        }
        if start >= 0 { pieces.append(start..<text.count) }
    }

    /// The script the reference assigns to a code point (an ICU UScriptCode, or `anyScript`).
    @inline(__always)
    static func script(of value: UInt32) -> Int32 {
        if value < 0x80 {
            if value == 0x20 { return anyScript }
            let lower = value | 0x20
            return lower >= 0x61 && lower <= 0x7A ? latin : common
        }
        if value < 0x10000 { return Int32(bmpScripts[Int(value)]) }
        return computedScript(of: value)
    }

    /// `computedScript` for every BMP code point, built on first use.
    private static let bmpScripts: [Int16] = (0..<0x10000).map { Int16(computedScript(of: UInt32($0))) }

    static func computedScript(of value: UInt32) -> Int32 {
        if value == 0x20 { return anyScript }
        if value == 0x30FC { return han }
        if let override = override(for: value) { return override }
        switch cicu_script(value) {
        case hiragana, katakana: return han
        case unknown: return anyScript
        case let other: return other
        }
    }

    private static func override(for value: UInt32) -> Int32? {
        let table = scriptOverrides
        var low = 0
        var high = table.count
        while low < high {
            let middle = (low + high) / 2
            if table[middle].last < value { low = middle + 1 } else { high = middle }
        }
        if low < table.count && table[low].first <= value { return table[low].script }
        return nil
    }
}
