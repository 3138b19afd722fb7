/// GPT-2's regex, `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
///
/// Derivation, at a match start `i`:
/// 1. `'` followed by `s t m d` (2 bytes) or `re ve ll` (3 bytes), case-sensitive: a contraction, even when
///    letters follow (`'sam` → `'s`, `am`).
/// 2. A space followed by a letter, number or "other" scalar (not White_Space, letter or number): the space
///    plus the maximal run of that class (` ?` can only help when such a run follows it; when none does,
///    dropping the space leaves a space, which none of the three runs accepts).
/// 3. A letter, number or other scalar: the maximal run of its class (`'` is other: `'x` → `'`, `x`).
/// 4. White_Space (including a space not covered by 2): `\s+(?!\S)|\s+` as in `whitespaceEnd`.
/// Every scalar starts some alternative, so the matches cover the text.
extension UTF8ClassReader {
    /// Appends GPT-2's matches over the whole buffer.
    func appendGPT2Matches(to matches: inout MatchSink) {
        let letter = ScalarClass.letter
        let number = ScalarClass.number
        let notOther = ScalarClass.letter | ScalarClass.number | ScalarClass.whitespace
        var i = 0
        while i < count {
            let lead = bytes[i]
            if lead == ASCII.apostrophe {
                let length = contractionLength(at: i, caseInsensitive: false)
                if length > 0 {
                    matches.append(i, i + length)
                    i += length
                    continue
                }
            }
            let end: Int
            if lead == ASCII.space && i + 1 < count {
                let (next, length) = scalar(at: i + 1)
                if next & letter != 0 {
                    end = skip(from: i + 1 + length, whileAny: letter)
                } else if next & number != 0 {
                    end = skip(from: i + 1 + length, whileAny: number)
                } else if next & notOther == 0 {
                    end = skip(from: i + 1 + length, whileNone: notOther)
                } else {
                    end = whitespaceEnd(from: i, withLineBreaks: false)
                }
            } else {
                let (flags, length) = scalar(at: i)
                if flags & letter != 0 {
                    end = skip(from: i + length, whileAny: letter)
                } else if flags & number != 0 {
                    end = skip(from: i + length, whileAny: number)
                } else if flags & notOther == 0 {
                    end = skip(from: i + length, whileNone: notOther)
                } else {
                    end = whitespaceEnd(from: i, withLineBreaks: false)
                }
            }
            matches.append(i, end)
            i = end
        }
    }
}
